"""NLU component: `inform` is a message that states a booking fact, or it is not `inform`.

Outside a form, `inform` starts a consultation request with the facts it carries (issue
16). DIET learned it from short answers such as names, so a keyboard mash ("qwer asdf")
can look like a name to it; with no fact in the message, starting a request would be a
confident wrong answer. A fact is an extracted entity (DIET's names and times, the lookup
tables' offices, carriers and providers) or a phone number or email address. Without one,
`inform` leaves the ranking and the next intent stands on its own confidence, so
FallbackClassifier (after this component) asks when nothing else is likely. Inside a form
the answer is still read by the form's validation, which takes an `nlu_fallback` message as
an answer to the question asked.

The other way round, a message with a fact that DIET splits between `inform` and
`request_appointment` ("hi, this is derek chu, 972.555.0119": 0.32 and 0.30) is a booking
message either way: both start the request with its facts. The two count as one for
FallbackClassifier's threshold and ambiguity check: the likelier keeps its name and takes
both confidences, rather than asking "did you mean ...?" of a visitor who gave their details.

And a message that is not a question and states three kinds of booking fact ("self-pay,
mckinney, any evening, name's gabe lowry"; "im tomas reyes, allen, humana") is a booking
message even when DIET reads its carrier or office as the coverage or locations FAQ, or
is unsure between the two booking intents: it becomes `request_appointment` (or stays
`inform`), which starts the request with them (or continues one). An intent that asks for
something else (a call-back, a person, cancel, deleting data) stays.

A message made only of facts ("i'm tia webb", "dallas, fridays") is an answer: `inform`,
whatever DIET made of a name it never saw.

A correction is not a stop: "wait no, mckinney is closer for me, not dallas" reads to DIET
like "no, stop", and a cancel in the middle of a request drops everything the visitor gave.
A message read as `cancel` that names a booking fact and no word of stopping ("cancel",
"stop", "never mind", "forget it", "cancela", "olvídalo") is an answer: `inform`, which the
form reads as a correction. A real stop said with a fact ("cancel, i'll call the dallas
office") stays a cancel.

Runs before FaqResponseSelector, so the selector sees the intent the message ends with.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from clinic.booking_entities import BOOKING_ENTITIES, blank_entities
from clinic.contact_fields import (
    NAME_PREFIX,
    contact_details,
    looks_like_question,
    without_contact_details,
)
from components.name_list_featurizer import LISTS, plain_word, read_list
from components.risk_classifier import BUTTON_PAYLOAD

NAME_LISTS_DIR = Path(__file__).resolve().parents[1] / "name_lists"

INFORM_INTENT = "inform"
BOOKING_INTENT = "request_appointment"
BOOKING_FACT_INTENTS = {INFORM_INTENT, BOOKING_INTENT}
# How many kinds of booking fact make a statement a booking message.
MIN_FACT_KINDS = 3
NAME_ONLY = {"person", "patient", "relationship"}
QUESTION_WORD = re.compile(
    r"\b(?:how|what|whats|when|where|why|which|who|cu[aá]nto|c[oó]mo|qu[eé]|d[oó]nde)\b", re.I
)
# Intents a message of booking facts is read as by mistake (the others ask for something).
MISREAD_AS = {
    "faq",
    "faq_menu",
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "bot_challenge",
    "out_of_scope",
    "start_assessment",
    "medical_advice",
}
CANCEL_INTENT = "cancel"
# Words that stop a request, in both languages: a message with one of them stays a cancel.
STOP_WORDS = re.compile(
    r"\b(?:cancel\w*|stop|quit|never ?mind|forget (?:it|about it|the whole thing)|olv[ií]d[ae]\w*|"
    r"ya no (?:quiero|deseo)|d[eé]jalo|mejor no(?! \w))\b",
    re.I,
)
# What may surround the facts of an answer: a name's lead-in, joining words, punctuation.
FILLER = re.compile(
    r"\b(?:i am|i'm|im|my name is|my name's|name is|name|this is|it's|its|it is|and|or|"
    r"please|pls|thanks|thank you|ok|okay|yes|sure)\b|[^\w]+",
    re.I,
)


@lru_cache(maxsize=1)
def census_names() -> Set[Text]:
    return set().union(*(read_list(NAME_LISTS_DIR / f"{name}.txt") for name in LISTS))


def states_a_fact(message: Message, details: Dict[Text, Text]) -> bool:
    """An entity, a phone number or an email (`details`). A name alone counts after "i'm",
    "this is", ... or when one of its words is a census first or last name: the name
    extractor also reads unknown words as a name, and "asdf qwer" is no answer (at the name
    question the form takes a bare name as the answer all the same)."""
    entities = message.get(ENTITIES) or []
    if details:
        return True
    if {e.get("entity") for e in entities} <= NAME_ONLY and not NAME_PREFIX.match(
        message.get(TEXT) or ""
    ):
        words = {plain_word(w) for e in entities for w in str(e.get("value") or "").split()}
        return bool(words & census_names())
    return bool(entities)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InformNeedsAFact(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InformNeedsAFact":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            if BUTTON_PAYLOAD.fullmatch(text):
                continue
            details = contact_details(text)  # once: phonenumbers' matcher is the costly part
            if states_a_fact(message, details):
                entities = {e.get("entity") for e in message.get(ENTITIES) or []}
                kinds = (entities & BOOKING_ENTITIES) | set(details)
                _merge_booking_intents(message)
                _read_several_facts_as_booking(message, kinds)
                _read_only_facts_as_inform(message, kinds)
                _read_correction_as_inform(message, kinds)
                continue
            if intent.get(INTENT_NAME_KEY) != INFORM_INTENT:
                continue
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != INFORM_INTENT
            ]
            if ranking:
                _set_ranking(message, ranking)
        return messages


def _set_ranking(message: Message, ranking: List[Dict[Text, Any]]) -> None:
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _decide(message: Message, intent: Text, replaced: Set[Text]) -> None:
    """A decision by rule, like the crisis override's: sure, and nothing close behind it
    (the intents it replaces leave the ranking)."""
    decided = {INTENT_NAME_KEY: intent, "confidence": 1.0}
    rest = [
        r
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get(INTENT_NAME_KEY) not in replaced | {intent}
    ]
    _set_ranking(message, [decided, *rest])


def _merge_booking_intents(message: Message) -> None:
    ranking = list(message.get(INTENT_RANKING_KEY) or [])
    if len(ranking) < 2 or {r.get(INTENT_NAME_KEY) for r in ranking[:2]} != BOOKING_FACT_INTENTS:
        return
    merged = {**ranking[0], "confidence": ranking[0]["confidence"] + ranking[1]["confidence"]}
    _set_ranking(message, [merged, *ranking[2:]])


def _read_several_facts_as_booking(message: Message, kinds: Set[Text]) -> None:
    name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    text = message.get(TEXT) or ""
    if name not in MISREAD_AS | BOOKING_FACT_INTENTS or looks_like_question(text):
        return
    if QUESTION_WORD.search(text):  # "..., frisco, how long do results last": an FAQ
        return
    if len(kinds) < MIN_FACT_KINDS:
        return
    _decide(message, BOOKING_INTENT if name in MISREAD_AS else name, BOOKING_FACT_INTENTS | {name})


def _read_only_facts_as_inform(message: Message, kinds: Set[Text]) -> None:
    name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if name not in MISREAD_AS or not kinds:
        return
    rest = blank_entities(message.get(TEXT) or "", message.get(ENTITIES) or [], BOOKING_ENTITIES)
    if FILLER.sub("", without_contact_details(rest)).strip():
        return
    _decide(message, INFORM_INTENT, {name})


def _read_correction_as_inform(message: Message, kinds: Set[Text]) -> None:
    name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if name != CANCEL_INTENT or not kinds or STOP_WORDS.search(message.get(TEXT) or ""):
        return
    _decide(message, INFORM_INTENT, {name})
