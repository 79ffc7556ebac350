"""Live chat with staff (issue 20): what the action server and the app both need to agree on.

The wording visitors see around a live chat (in English and Spanish), the metadata that
marks a tracker event as written by staff or by the live-chat service, and the default time
a visitor waits.
"""

from __future__ import annotations

from clinic.language import ENGLISH, SPANISH

# How long a visitor waits for a member of staff to join before being offered a call back.
DEFAULT_WAIT_S = 120

# Key in a BotUttered event's metadata: {"kind": ..., "account": id, "name": display name}.
METADATA_KEY = "live_chat"
STAFF = "staff"  # a message a member of staff typed
NOTICE = "notice"  # joined, left, nobody could join
CRISIS = "crisis"  # crisis lines shown by the live-chat service (the assistant is silent)

# What visitors read around a live chat, in English and, beside it, Spanish for a Spanish
# conversation (issue 19; translations pending review, docs/spanish.md). The app writes
# most of these itself, without Rasa's responses, so both languages live here.
CONNECTING = (
    "I'm connecting you with a member of our staff. Please stay in this chat: it can take "
    "up to {minutes} while someone joins."
)
CONNECTING_ES = (
    "Le estoy comunicando con una persona de nuestro equipo. Por favor quédese en este chat: "
    "puede tardar hasta {minutes} en unirse alguien."
)
NOBODY_AVAILABLE = "Nobody from our staff is available to chat live right now."
NOBODY_AVAILABLE_ES = (
    "En este momento no hay nadie de nuestro equipo disponible para chatear en vivo."
)
JOINED = "{name} from {clinic} has joined the chat. You're now talking with a person."
JOINED_ES = "{name}, de {clinic}, se unió al chat. Ahora está hablando con una persona."
MISSED = (
    "I'm sorry, nobody from our staff could join the chat just now. You can call us at "
    "{phone} ({hours})."
)
MISSED_ES = (
    "Lo siento, nadie de nuestro equipo pudo unirse al chat en este momento. Puede llamarnos "
    "al {phone} ({hours})."
)
MISSED_CALLBACK = " Or ask for a call back and we'll phone you."
MISSED_CALLBACK_ES = " O pida que le devolvamos la llamada y le llamaremos."
HANDED_BACK = (
    "{name} has left the chat. You're talking with the automated assistant again: ask me "
    "anything, or ask for a person at any time."
)
HANDED_BACK_ES = (
    "{name} salió del chat. Está hablando de nuevo con el asistente automatizado: pregúnteme "
    "lo que quiera, o pida hablar con una persona en cualquier momento."
)
# The staff member's name when none was given.
OUR_STAFF_MEMBER = "Our staff member"
OUR_STAFF_MEMBER_ES = "La persona de nuestro equipo"
STAFF_IS_HERE = "A member of our staff is in this chat with you and has seen your message."
STAFF_IS_HERE_ES = "Una persona de nuestro equipo está en este chat con usted y ya vio su mensaje."

_SPANISH = {
    CONNECTING: CONNECTING_ES,
    NOBODY_AVAILABLE: NOBODY_AVAILABLE_ES,
    JOINED: JOINED_ES,
    MISSED: MISSED_ES,
    MISSED_CALLBACK: MISSED_CALLBACK_ES,
    HANDED_BACK: HANDED_BACK_ES,
    OUR_STAFF_MEMBER: OUR_STAFF_MEMBER_ES,
    STAFF_IS_HERE: STAFF_IS_HERE_ES,
}


def worded(text: str, language: str) -> str:
    """One of the texts above in the conversation's language ("es": its Spanish beside it)."""
    return _SPANISH[text] if language == SPANISH else text


def wait_words(seconds: int, language: str = ENGLISH) -> str:
    """'2 minutes', '1 minute', '45 seconds' ('2 minutos', '1 minuto', '45 segundos')."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        if language == SPANISH:
            return f"{minutes} minuto{'s' if minutes != 1 else ''}"
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} segundos" if language == SPANISH else f"{seconds} seconds"


# Buttons the assistant and the live-chat service both offer (payloads are domain intents;
# the Spanish titles are those of domain.yml's Spanish responses).
CALLBACK_BUTTON = {"title": "Request a call back", "payload": "/request_callback"}
CALLBACK_BUTTON_ES = {"title": "Pedir que me llamen", "payload": "/request_callback"}
RESUME_BUTTON = {"title": "Continue where we left off", "payload": "/resume_form"}
RESUME_BUTTON_ES = {"title": "Continuar donde nos quedamos", "payload": "/resume_form"}


def callback_button(language: str) -> dict:
    return dict(CALLBACK_BUTTON_ES if language == SPANISH else CALLBACK_BUTTON)


def resume_button(language: str) -> dict:
    return dict(RESUME_BUTTON_ES if language == SPANISH else RESUME_BUTTON)


# The slot in which the assistant remembers a form it paused (actions/safety.py).
PAUSED_FORM_SLOT = "paused_form"
