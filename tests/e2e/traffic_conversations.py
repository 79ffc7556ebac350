"""Scripted visitors from the chat-traffic sets (issue 16), through the live stack.

A visitor sends its turns in order (one turn per bot reply); then every question still
open is answered with a neutral default ("skip" where optional, "yes" to consent and the
summary, the first button where there are buttons) until the request is sent or the
conversation stops. What was stored is compared with what the set expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from chat_visitor import Visitor, person

MAX_DEFAULT_ANSWERS = 16
DEFAULT_NAME = "Robin Default"
DEFAULT_EMAIL = "robin.default@example.com"
# The set's keys that the request stores under another name: the person writing is the
# contact, stored as full_name (patient_name holds the patient when that is someone else).
STORED_AS = {"contact_name": "full_name", "preferred_time": "preferred_time_text"}
# Which booking question a bot message asks, from its first sentence.
QUESTION_TOPICS = [
    ("booking_confirm", r"here's your request|shall i send"),
    ("contact_consent", r"contact you"),
    ("email", r"email"),
    ("phone", r"phone number"),
    ("full_name", r"full name|your name"),
    ("location", r"which location"),
    ("preferred_time", r"when would suit"),
    ("patient_status", r"new patient"),
    ("visit_reason", r"reason for your visit"),
    ("coverage_type", r"cover the consultation"),
    ("insurance_carrier", r"insurance company"),
    ("insurance_member_id", r"member id"),
]


def question_topic(text: str) -> Optional[str]:
    first = re.split(r"(?<=[?])\s", text.lower(), maxsplit=1)[0]
    for topic, pattern in QUESTION_TOPICS:
        if re.search(pattern, first):
            return topic
    return None


@dataclass
class Outcome:
    conversation_id: str
    asked: List[str] = field(default_factory=list)  # booking questions, in order
    reference: Optional[str] = None


def default_answer(topic: str, text: str, buttons: List[dict]) -> Optional[str]:
    """A neutral answer to the question still open; None when nothing more is asked."""
    if topic in ("booking_confirm", "contact_consent"):
        return "yes"
    if topic == "email":
        return "skip" if "optional" in text.lower() else DEFAULT_EMAIL
    if topic in ("phone", "visit_reason", "insurance_member_id"):
        return "skip"
    if topic == "full_name":
        return DEFAULT_NAME
    if topic == "insurance_carrier":
        return "not sure"
    if topic is not None and buttons:
        return buttons[0]["payload"]
    return None


async def talk(bot_url: str, turns: List[str], number: int) -> Outcome:
    visitor = Visitor(bot_url, person(number))
    try:
        outcome = Outcome(conversation_id="")
        for turn in turns:
            await visitor.say(turn)
            _note_question(visitor, outcome)
        for _ in range(MAX_DEFAULT_ANSWERS):
            if visitor.reference():
                break
            question = visitor.last_question()
            reply = default_answer(question_topic(question), question, visitor.last_buttons())
            if reply is None:
                break
            await visitor.say(reply)
            _note_question(visitor, outcome)
        outcome.reference = visitor.reference()
        outcome.conversation_id = visitor.conversation_id or ""
        return outcome
    finally:
        await visitor.close()


def _note_question(visitor: Visitor, outcome: Outcome) -> None:
    topic = question_topic(visitor.last_question())
    if topic:
        outcome.asked.append(topic)


def slot_matches(key: str, expected: str, stored: dict) -> bool:
    value = stored.get(STORED_AS.get(key, key))
    if value is None:
        return False
    if key == "preferred_time":  # the visitor's words: contained, any case
        return expected.lower() in str(value).lower()
    return str(value) == expected
