"""The names the conversation index recognises exist in the assistant's domain.yml."""

from __future__ import annotations

import yaml

from bot.staff import tracker_events as te
from bot.staff.assistant_domain import DOMAIN_FILE, load_assistant_domain


def test_index_names_exist_in_the_domain():
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    intents = load_assistant_domain().intents
    assert te.BOOKING_FORM in (domain.get("forms") or {})
    assert te.CRISIS_SLOT in domain["slots"] and domain["slots"][te.CRISIS_SLOT]["type"] == "bool"
    assert te.HANDOFF_INTENT in intents and te.CRISIS_INTENT in intents
    assert any(slot.startswith(te.CLINIC_FACT_SLOT_PREFIX) for slot in domain["slots"])


def test_corrections_offer_retrieval_intents_and_responses():
    domain = load_assistant_domain()
    assert any(i.startswith("faq/") for i in domain.intents)
    assert "utter_faq" in domain.actions and "action_default_fallback" in domain.actions
    assert not any(a.startswith("utter_faq/") for a in domain.actions)  # answered by utter_faq
