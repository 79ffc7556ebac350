"""The conversation's language (issue 19): the "English | Español" switch or a typed request.

The switch's payload (/set_language{"language": "es"}) fills the `language` slot through
its entity before this runs; a typed "en español por favor" or "can we speak Spanish"
names the language in words, which win over the text's own language (the second one
reads as English). The confirmation is a rule step after this action, so Rasa renders it
with the slot already set.
"""

import logging
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic.language import ENGLISH, SPANISH, language_code
from clinic.privacy_markers import conversation_tag

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"
NAMED = (
    (SPANISH, re.compile(r"\b(?:spanish|espanol|castellano)\b")),
    (ENGLISH, re.compile(r"\b(?:english|ingles)\b")),
)


def named_language(text: Text) -> Optional[Text]:
    """The one language a message names ("in Spanish please", "hablas ingles?"), if any."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    named = {code for code, words in NAMED if words.search(plain)}
    return named.pop() if len(named) == 1 else None


def conversation_language(tracker: Tracker) -> Text:
    """ "es" or "en" (the default) for the replies an action writes itself."""
    return language_code(tracker.get_slot(LANGUAGE_SLOT)) or ENGLISH


def reply_in_spanish(tracker: Tracker, message_is_spanish: bool = False) -> bool:
    """A Spanish conversation; or, before any language is known, a message in Spanish
    (e.g. a two-word crisis message, too short for the detector)."""
    language = language_code(tracker.get_slot(LANGUAGE_SLOT))
    return language == SPANISH or (language is None and message_is_spanish)


class ActionSetLanguage(Action):
    def name(self) -> Text:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        chosen = None if text.startswith("/") else named_language(text)
        language = chosen or conversation_language(tracker)
        logger.info(
            "conversation=%s event=language_set language=%s",
            conversation_tag(tracker.sender_id),
            language,
        )
        return [SlotSet(LANGUAGE_SLOT, language)]
