"""Rasa's SQL tracker store `events` table, read-only, and what the console reads from its rows.

Rasa (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent) creates and writes this
table; it is deliberately not in our metadata, so migrations never touch it. Each row
is one Rasa event: `data` is the event's JSON (`Event.as_dict()`), encrypted by our
tracker store (clinic/event_data.py); `intent_name` and `action_name` are plain
copies Rasa makes for queries.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, inspect
from sqlalchemy.engine import Connection

from clinic import event_data
from clinic.field_crypto import InvalidToken

logger = logging.getLogger(__name__)

# A private MetaData: describing the table must never make anyone create or alter it.
events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# Names in the dialogue this console recognises (domain.yml; checked by tests/staff/test_domain_contract.py).
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTION = "action_default_fallback"
HANDOFF_INTENT = "human_handoff"
CRISIS_INTENT = "crisis"
LANGUAGE_SLOT = "language"  # the conversation's language (issue 19)
CRISIS_SLOT = "crisis_flag"  # set True by the safety actions
RISK_SCREEN_INTENT = "risk_screen"  # a warning sign: the screening question (issue 17)
RISK_SCREEN_SLOT = "risk_screen_flag"  # set True by action_risk_screen
CRISIS_ACTION = "action_crisis_response"  # the crisis (or danger-from-others) reply
RISK_SCREEN_ACTION = "action_risk_screen"  # the screening question for a warning sign
BOOKING_FORM = "booking_form"
# Bookkeeping that is not part of the conversation as staff read it.
LISTEN_ACTION = "action_listen"
SESSION_START_ACTION = "action_session_start"
CLINIC_FACT_SLOT_PREFIX = "clinic_"


def events_table_exists(conn: Connection) -> bool:
    """Rasa creates the table when it first starts on this database."""
    return inspect(conn).has_table(events.name)


def decode(data: Optional[str]) -> Dict[str, Any]:
    """The event's JSON; {} for a row no listed key decrypts (shown as an empty event, not an error page)."""
    if not data:
        return {}
    try:
        value = event_data.decode(data)
    except InvalidToken:
        logger.warning("an event's data cannot be decrypted with the listed data keys")
        return {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def full_intent(parse_data: Dict[str, Any]) -> Optional[str]:
    """The intent as trained: a retrieval intent with its response key (faq/relief_speed)."""
    intent = (parse_data.get("intent") or {}).get("name")
    if not intent:
        return None
    selected = (parse_data.get("response_selector") or {}).get(intent) or {}
    key = (selected.get("response") or {}).get("intent_response_key")
    return key if key and key.startswith(intent + "/") else intent


def intent_confidence(parse_data: Dict[str, Any]) -> Optional[float]:
    value = (parse_data.get("intent") or {}).get("confidence")
    return float(value) if isinstance(value, (int, float)) else None


def is_typed_text(text: Optional[str]) -> bool:
    """Button payloads ("/request_appointment") are not something the visitor wrote."""
    return bool(text) and not text.startswith("/")
