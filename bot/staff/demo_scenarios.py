"""Synthetic but realistic visitor conversations, as the Rasa events the assistant would log.

Visitor texts are the assistant's own training examples and the bot's replies its own
responses (domain.yml, data/), so every intent, action, slot and form name is real.
Used by `python -m bot demo-data` and the staff-console benchmark; never by the bot.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import yaml

from clinic.profile import ClinicProfile, load_profile
from clinic.reference_codes import ALPHABET as REFERENCE_ALPHABET
from clinic.settings import PROJECT_DIR

# Questions the assistant does not know, repeated across visitors as real ones are.
UNANSWERED = [
    "do you take medicare",
    "how much does one session cost",
    "can I drive home after a session",
    "is there parking at the frisco office",
    "do you treat teenagers",
    "can I bring my dog",
    "what should I eat before treatment",
    "do you offer spravato",
    "is it covered by tricare",
    "can I come on saturday",
    "whats the wifi password",
    "how long is the waiting list",
]
FIRST_NAMES = [
    "Maria",
    "James",
    "Linh",
    "Aisha",
    "Carlos",
    "Emily",
    "David",
    "Priya",
    "Tyrone",
    "Sofia",
    "Michael",
    "Hannah",
    "Luis",
    "Grace",
    "Omar",
    "Rachel",
    "Ethan",
    "Mei",
    "Jordan",
    "Nora",
]
LAST_NAMES = [
    "Garcia",
    "Nguyen",
    "Smith",
    "Johnson",
    "Patel",
    "Williams",
    "Brown",
    "Lopez",
    "Kim",
    "Davis",
    "Martinez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Hernandez",
    "Moore",
    "Jackson",
    "Lee",
    "Clark",
    "Hall",
]
TIMES = [
    "weekday mornings",
    "Tuesday after 3",
    "next week",
    "any afternoon",
    "Friday morning",
    "as soon as possible",
]
REASONS = ["Depression", "Anxiety", "PTSD", "Other"]
CRISIS_TEXTS = [
    "I don't want to be here anymore",
    "I keep thinking about ending my life",
    "i want to kill myself",
    "my brother says he wants to die",
]
# Scenario weights: many visitors only open the chat, most others ask questions; few
# are in crisis. About 20 Rasa events per conversation on average.
SCENARIOS = [
    ("greeting_only", 40),
    ("faq", 33),
    ("fallback", 8),
    ("booking", 8),
    ("handoff", 5),
    ("assessment", 3),
    ("callback", 2),
    ("crisis", 1),
]


def _strip_annotations(text: str) -> str:
    """[Frisco](location) -> Frisco"""
    return re.sub(
        r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), text
    )


@dataclass(frozen=True)
class Corpus:
    examples: Dict[str, List[str]]  # intent (faq/topic in full) -> visitor texts
    responses: Dict[str, str]  # response name -> first text


@lru_cache(maxsize=1)
def load_corpus() -> Corpus:
    examples: Dict[str, List[str]] = {}
    responses: Dict[str, str] = {}
    data = PROJECT_DIR / "data"
    files = [
        PROJECT_DIR / "domain.yml",
        *sorted((data / "nlu").rglob("*.yml")),
        *sorted((data / "responses").rglob("*.yml")),
    ]
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" in block and isinstance(block.get("examples"), str):
                texts = [
                    _strip_annotations(line[2:].strip())
                    for line in block["examples"].splitlines()
                    if line.strip().startswith("- ")
                ]
                examples.setdefault(block["intent"], []).extend(t for t in texts if t)
        for name, variants in (data.get("responses") or {}).items():
            if variants and isinstance(variants[0], dict) and variants[0].get("text"):
                responses.setdefault(name, variants[0]["text"])
    return Corpus(examples, responses)


@dataclass
class DemoConversation:
    sender_id: str
    events: list  # Rasa events
    request: Optional[dict] = None  # an appointment/callback request body, when one was sent
    request_time: Optional[float] = None


@dataclass
class _Builder:
    rng: random.Random
    t: float
    profile: ClinicProfile
    corpus: Corpus
    events: list = field(default_factory=list)

    def _ev(self):
        from rasa.shared.core import events as ev

        return ev

    def tick(self, low: float, high: float) -> float:
        self.t += self.rng.uniform(low, high)
        return self.t

    def fill(self, text: str, **values) -> str:
        facts = {
            "clinic_name": self.profile.name,
            "clinic_phone": self.profile.phone,
            "clinic_hours": self.profile.hours,
            "clinic_follow_up": self.profile.follow_up,
            "clinic_locations": self.profile.locations_text,
            "clinic_privacy_url": self.profile.privacy_url,
            **values,
        }
        return re.sub(r"\{(\w+)\}", lambda m: str(facts.get(m.group(1), "")), text)

    def session_start(self) -> None:
        ev = self._ev()
        started = self.tick(0, 1)
        facts = [
            ("clinic_name", self.profile.name),
            ("clinic_phone", self.profile.phone),
            ("clinic_hours", self.profile.hours),
            ("clinic_locations", self.profile.locations_text),
            ("clinic_providers", self.profile.providers_text),
            ("clinic_privacy_url", self.profile.privacy_url),
            ("clinic_follow_up", self.profile.follow_up),
        ]
        # Rasa stamps the action's own ActionExecuted after the events it returned.
        self.events.append(ev.ActionExecuted("action_session_start", timestamp=started + 0.04))
        self.events.append(ev.SessionStarted(timestamp=started))
        self.events += [ev.SlotSet(name, value, timestamp=started) for name, value in facts]
        self.events.append(ev.ActionExecuted("action_listen", timestamp=started))
        self.t = started + 0.05

    def user(
        self,
        text: str,
        intent: str,
        confidence: Optional[float] = None,
        gap: Tuple[float, float] = (4, 45),
        entities: Optional[list] = None,
    ) -> None:
        ev = self._ev()
        confidence = (
            confidence if confidence is not None else round(self.rng.uniform(0.62, 0.99), 4)
        )
        base, _, topic = intent.partition("/")
        parse_data = {"intent_ranking": [{"name": base, "confidence": confidence}], "text": text}
        if topic:
            parse_data["response_selector"] = {
                "all_retrieval_intents": [base],
                base: {
                    "response": {
                        "responses": [{"text": self.corpus.responses.get(f"utter_{intent}", "")}],
                        "confidence": round(self.rng.uniform(0.55, 0.99), 4),
                        "intent_response_key": intent,
                        "utter_action": f"utter_{intent}",
                    },
                    "ranking": [],
                },
            }
        self.events.append(
            ev.UserUttered(
                text,
                {"name": base, "confidence": confidence},
                entities or [],
                parse_data=parse_data,
                timestamp=self.tick(*gap),
                input_channel="rest",
                message_id=f"{self.rng.getrandbits(64):016x}",
            )
        )

    def act(
        self, action: str, text: Optional[str] = None, policy: str = "RulePolicy", buttons=None
    ) -> None:
        ev = self._ev()
        self.events.append(
            ev.ActionExecuted(action, policy=policy, confidence=1.0, timestamp=self.tick(0.2, 0.9))
        )
        if text:
            data = {"buttons": buttons} if buttons else {}
            self.events.append(
                ev.BotUttered(text, data, {"utter_action": action}, timestamp=self.tick(0.01, 0.05))
            )

    def say(self, response: str, **values) -> None:
        self.act(response, self.fill(self.corpus.responses.get(response, ""), **values))

    def slot(self, name: str, value) -> None:
        self.events.append(self._ev().SlotSet(name, value, timestamp=self.tick(0.01, 0.05)))

    def form(self, name: Optional[str]) -> None:
        self.events.append(self._ev().ActiveLoop(name, timestamp=self.tick(0.01, 0.05)))

    def listen(self) -> None:
        self.events.append(
            self._ev().ActionExecuted(
                "action_listen",
                policy="RulePolicy",
                confidence=1.0,
                timestamp=self.tick(0.01, 0.05),
            )
        )

    def example(self, intent: str) -> str:
        return self.rng.choice(self.corpus.examples.get(intent) or [intent.replace("_", " ")])


def _greet(b: _Builder) -> None:
    b.user("/greet", "greet", 1.0, gap=(0.5, 2))
    b.say("utter_greet")
    b.listen()


def _faq(b: _Builder) -> None:
    topics = sorted(k for k in b.corpus.examples if k.startswith("faq/"))
    weights = [1 / (i + 1) for i in range(len(topics))]  # a few topics are asked far more often
    for _ in range(b.rng.choice([1, 1, 2, 2, 3])):
        topic = b.rng.choices(topics, weights)[0]
        b.user(b.example(topic), topic)
        b.act("utter_faq", b.fill(b.corpus.responses.get(f"utter_{topic}", "")))
        b.listen()
    if b.rng.random() < 0.35:
        b.user(b.example("thank"), "thank")
        b.say("utter_thank")
        b.listen()


def _fallback(b: _Builder) -> None:
    """The two-stage fallback (data/rules/safety.yml): ask, then give up with utter_default."""
    ev = b._ev()
    b.user(b.rng.choice(UNANSWERED), "nlu_fallback", round(b.rng.uniform(0.2, 0.44), 4))
    b.act("action_two_stage_fallback")
    b.form("action_two_stage_fallback")
    b.act(
        "action_default_ask_affirmation",
        b.fill(b.corpus.responses.get("utter_ask_affirmation_none", "")),
    )
    b.listen()
    if b.rng.random() < 0.5:
        b.user(b.rng.choice(UNANSWERED), "nlu_fallback", round(b.rng.uniform(0.2, 0.44), 4))
        b.act("action_two_stage_fallback")
        b.form(None)
        b.act("action_default_fallback", b.fill(b.corpus.responses.get("utter_default", "")))
        b.events.append(ev.UserUtteranceReverted(timestamp=b.tick(0.01, 0.05)))
        b.listen()
    else:  # the rephrased question is understood
        topic = b.rng.choice(sorted(k for k in b.corpus.examples if k.startswith("faq/")))
        b.user(b.example(topic), topic)
        b.act("action_two_stage_fallback")
        b.form(None)
        b.act("utter_faq", b.fill(b.corpus.responses.get(f"utter_{topic}", "")))
        b.listen()


def _booking(b: _Builder, sender_id: str, new_reference) -> Optional[dict]:
    b.user(
        b.rng.choice(["/request_appointment", b.example("request_appointment")]),
        "request_appointment",
    )
    b.say("utter_booking_privacy_notice")
    b.act("booking_form")
    b.form("booking_form")
    first, last = b.rng.choice(FIRST_NAMES), b.rng.choice(LAST_NAMES)
    phone = f"+1{b.rng.choice(['214', '469', '972'])}55501{b.rng.randint(0, 99):02d}"
    answers = [
        ("full_name", f"{first} {last}", "utter_ask_full_name"),
        ("phone", phone, "utter_ask_phone"),
        ("email", f"{first.lower()}.{last.lower()}@example.com", "utter_ask_email_optional"),
        ("location", b.rng.choice(b.profile.booking_locations), "utter_ask_location"),
        ("preferred_time", b.rng.choice(TIMES), "utter_ask_preferred_time"),
        ("patient_status", b.rng.choice(["new", "new", "returning"]), "utter_ask_patient_status"),
        ("visit_reason", b.rng.choice(REASONS), "utter_ask_visit_reason"),
        ("coverage_type", b.rng.choice(["self_pay", "not_sure"]), "utter_ask_coverage_type"),
        ("contact_consent", True, "utter_ask_contact_consent"),
    ]
    quit_at = b.rng.randrange(len(answers)) if b.rng.random() < 0.25 else None
    for index, (slot, value, question) in enumerate(answers):
        b.slot("requested_slot", slot)
        b.say(question)
        b.listen()
        if index == quit_at:
            b.user(b.example("cancel"), "cancel")
            b.act("action_cancel_booking")
            b.form(None)
            b.slot("requested_slot", None)
            b.say("utter_booking_cancelled")
            b.listen()
            return None
        typed = {True: "yes", "self_pay": "I'll pay myself", "not_sure": "not sure"}.get(
            value, str(value)
        )
        b.user(typed, "inform", gap=(6, 40))
        b.act("booking_form")
        b.slot(slot, value)
    b.slot("requested_slot", None)
    b.form(None)
    reference = new_reference()
    b.act(
        "action_submit_booking",
        b.fill(b.corpus.responses.get("utter_booking_sent", ""), reference=reference),
    )
    b.slot("booking_reference", reference)
    b.listen()
    values = dict((slot, value) for slot, value, _ in answers)
    return {
        "kind": "booking",
        "reference": reference,
        "conversation_id": sender_id,
        "full_name": values["full_name"],
        "phone": values["phone"],
        "email": values["email"],
        "location": values["location"],
        "preferred_time_text": values["preferred_time"],
        "patient_status": values["patient_status"],
        "visit_reason": values["visit_reason"],
        "coverage_type": values["coverage_type"],
        "contact_consent": True,
    }


def _handoff(b: _Builder) -> None:
    b.user(b.rng.choice(["/human_handoff", b.example("human_handoff")]), "human_handoff")
    b.act("action_human_handoff", b.fill(b.corpus.responses.get("utter_human_handoff", "")))
    b.listen()


def _crisis(b: _Builder) -> None:
    b.user(b.rng.choice(CRISIS_TEXTS), "crisis", 1.0)
    b.act("action_crisis_response", b.profile.crisis.lifeline)
    b.slot("crisis_flag", True)
    b.listen()


def _assessment(b: _Builder) -> None:
    b.user(b.rng.choice(["/start_assessment", b.example("start_assessment")]), "start_assessment")
    b.act(
        "action_start_assessment",
        b.fill(b.corpus.responses.get("utter_faq/assessment_disclaimer", "")),
    )
    b.act("assessment_form")
    b.form("assessment_form")
    for _ in range(b.rng.randint(2, 9)):
        b.slot("requested_slot", "assessment_answer")
        b.act(
            "action_ask_assessment_answer",
            "Over the last 2 weeks, how often have you been bothered by this?",
        )
        b.listen()
        b.user(
            b.rng.choice(
                ["not at all", "several days", "more than half the days", "nearly every day"]
            ),
            "assessment_answer",
        )
        b.act("assessment_form")
    b.form(None)
    b.act("action_assessment_result", "Thank you. Here is what your answers suggest.")
    b.listen()


def _callback(b: _Builder, sender_id: str, new_reference) -> dict:
    b.user(
        b.example("request_callback")
        if "request_callback" in b.corpus.examples
        else "please call me back",
        "request_callback",
    )
    b.act("action_start_callback")
    b.act("callback_form")
    b.form("callback_form")
    first, last = b.rng.choice(FIRST_NAMES), b.rng.choice(LAST_NAMES)
    phone = f"+1{b.rng.choice(['214', '469', '972'])}55501{b.rng.randint(0, 99):02d}"
    for slot, value in (("full_name", f"{first} {last}"), ("phone", phone)):
        b.slot("requested_slot", slot)
        b.listen()
        b.user(value, "inform")
        b.act("callback_form")
        b.slot(slot, value)
    b.form(None)
    b.act("action_submit_callback", b.fill(b.profile.follow_up))
    b.listen()
    reference = new_reference()
    return {
        "kind": "callback",
        "reference": reference,
        "conversation_id": sender_id,
        "full_name": f"{first} {last}",
        "phone": phone,
        "email": None,
        "contact_consent": True,
    }


def make_conversation(
    rng: random.Random, sender_id: str, start: float, new_reference=None
) -> DemoConversation:
    """One visit starting at `start`; `new_reference()` names a request it sends (unique, please)."""
    new_reference = new_reference or (
        lambda: "NTX-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(5))
    )
    b = _Builder(rng, start, load_profile(), load_corpus())
    b.session_start()
    kind = rng.choices([k for k, _ in SCENARIOS], [w for _, w in SCENARIOS])[0]
    request = None
    if kind != "crisis" or rng.random() < 0.5:
        _greet(b)
    if kind == "faq":
        _faq(b)
    elif kind == "fallback":
        _fallback(b)
    elif kind == "booking":
        if rng.random() < 0.4:
            _faq(b)
        request = _booking(b, sender_id, new_reference)
    elif kind == "handoff":
        _handoff(b)
    elif kind == "crisis":
        _crisis(b)
    elif kind == "assessment":
        _assessment(b)
    elif kind == "callback":
        request = _callback(b, sender_id, new_reference)
    if kind != "greeting_only" and rng.random() < 0.2:
        b.user(b.example("goodbye"), "goodbye")
        b.say("utter_goodbye")
        b.listen()
    return DemoConversation(sender_id, b.events, request, b.t if request else None)
