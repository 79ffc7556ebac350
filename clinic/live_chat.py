"""Live chat with staff (issue 20): what the action server and the app both need to agree on.

The wording visitors see around a live chat, the metadata that marks a tracker event as
written by staff or by the live-chat service, and the default time a visitor waits.
"""

from __future__ import annotations

# How long a visitor waits for a member of staff to join before being offered a call back.
DEFAULT_WAIT_S = 120

# Key in a BotUttered event's metadata: {"kind": ..., "account": id, "name": display name}.
METADATA_KEY = "live_chat"
STAFF = "staff"  # a message a member of staff typed
NOTICE = "notice"  # joined, left, nobody could join
CRISIS = "crisis"  # crisis lines shown by the live-chat service (the assistant is silent)

CONNECTING = (
    "I'm connecting you with a member of our staff. Please stay in this chat: it can take "
    "up to {minutes} while someone joins."
)
NOBODY_AVAILABLE = "Nobody from our staff is available to chat live right now."
JOINED = "{name} from {clinic} has joined the chat. You're now talking with a person."
MISSED = (
    "I'm sorry, nobody from our staff could join the chat just now. You can call us at "
    "{phone} ({hours})."
)
MISSED_CALLBACK = " Or ask for a call back and we'll phone you."
HANDED_BACK = (
    "{name} has left the chat. You're talking with the automated assistant again: ask me "
    "anything, or ask for a person at any time."
)
STAFF_IS_HERE = "A member of our staff is in this chat with you and has seen your message."


def wait_words(seconds: int) -> str:
    """'2 minutes', '1 minute', '45 seconds'."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"


# Buttons the assistant and the live-chat service both offer (payloads are domain intents).
CALLBACK_BUTTON = {"title": "Request a call back", "payload": "/request_callback"}
RESUME_BUTTON = {"title": "Continue where we left off", "payload": "/resume_form"}
# The slot in which the assistant remembers a form it paused (actions/safety.py).
PAUSED_FORM_SLOT = "paused_form"
