"""The action server's log filter: every `conversation=%s` argument is written as the
conversation's tag, whatever else the message formats."""

from __future__ import annotations

import logging

from clinic.log_tags import ConversationTagFilter
from clinic.privacy_markers import conversation_tag


def formatted(msg: str, *args) -> str:
    record = logging.LogRecord("actions.x", logging.INFO, __file__, 1, msg, args, None)
    ConversationTagFilter().filter(record)
    return record.getMessage()


def test_raw_ids_become_tags_other_arguments_stay():
    tag = conversation_tag("c0ffee")
    assert formatted("conversation=%s event=x", "c0ffee") == f"conversation={tag} event=x"
    assert (
        formatted("kind=%s 100%% conversation=%s status=%d", "booking", "c0ffee", 201)
        == f"kind=booking 100% conversation={tag} status=201"
    )
    assert formatted("conv=%s retry_in=%.0fs", "c0ffee", 2.4) == f"conv={tag} retry_in=2s"
    assert formatted("event=outbox_pass_failed error=%s", "Timeout") == (
        "event=outbox_pass_failed error=Timeout"
    )
