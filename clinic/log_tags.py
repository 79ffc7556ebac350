"""A logging filter that writes conversation tags where a log call passed a raw conversation
id: every `conversation=%s` argument becomes clinic.privacy_markers.conversation_tag(id).

The action server's modules log `conversation=%s` with tracker.sender_id all over (forms,
safety, submission); one filter on the process's log handlers covers them all, and any
module added later, instead of trusting each call site. A raw id is the key to a visitor's
transcript (the chat cookie carries it), so it must not sit in log files.
"""

from __future__ import annotations

import logging
import re

from clinic.privacy_markers import conversation_tag

_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_TAGGED_KEYS = ("conversation=", "conv=")


class ConversationTagFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.args, tuple) or not isinstance(record.msg, str):
            return True
        if not any(key in record.msg for key in _TAGGED_KEYS):
            return True
        args, index = list(record.args), 0
        for match in _PLACEHOLDER.finditer(record.msg):
            if match.group(0) == "%%":
                continue
            before = record.msg[: match.start()]
            if index < len(args) and before.endswith(_TAGGED_KEYS) and args[index] is not None:
                args[index] = conversation_tag(str(args[index]))
            index += 1
        record.args = tuple(args)
        return True


def tag_conversations_in_logs() -> None:
    """Install the filter on every handler of the root logger (call after basicConfig)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(ConversationTagFilter())
