"""Names and tags that keep visitors' data out of places it must not reach.

ERASED_SLOT: the slot action_delete_my_data sets once the app erased the conversation;
the tracker store then writes nothing of that turn (components/tracker_store.py).

conversation_tag: a short hash of a conversation id, logged instead of the id by all
three processes, enough to follow one conversation through the logs, useless alone.
"""

from __future__ import annotations

import hashlib
from typing import Optional

ERASED_SLOT = "conversation_erased"


def conversation_tag(conversation_id: Optional[str]) -> str:
    if not conversation_id:
        return "-"
    return hashlib.sha256(conversation_id.encode()).hexdigest()[:12]
