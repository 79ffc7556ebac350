"""Server-side check of an appointment/callback request body (the action server's contract).

The action server validated these already; this is the second line, so nothing malformed
reaches the staff's list. Length limits come from the table's columns (one place).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any, Iterable, Optional

from bot.api_errors import ApiError
from bot.storage.tables import appointment_requests
from clinic.appointment_contract import (
    COVERAGE_TYPES,
    FIELDS,
    KINDS,
    LANGUAGES,
    PATIENT_STATUSES,
)
from clinic.contact_fields import parse_email, parse_full_name, parse_phone
from clinic.reference_codes import REFERENCE_PATTERN

MAX_ASSESSMENT_JSON_CHARS = 20_000
ALLOWED_CONTROL_CHARS = {"\n", "\t"}


def invalid(field: Optional[str], error: str) -> ApiError:
    return ApiError(422, error, field)


def validate_appointment_request(
    body: Any, booking_locations: Iterable[str], provider_names: Optional[Iterable[str]] = None
) -> dict:
    """The row to store, or ApiError naming the first bad field."""
    if not isinstance(body, dict):
        raise ApiError(400, "body must be a JSON object")
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise invalid(unknown[0], "unknown field")

    row = {
        "kind": _choice(body, "kind", KINDS, required=True),
        "reference": _reference(body),
        "conversation_id": _text(body, "conversation_id", required=True),
        "full_name": _name(body),
        "phone": _phone(body),
        "email": _email(body),
        "location": _location(body, list(booking_locations)),
        "preferred_time_text": _text(body, "preferred_time_text"),
        "preferred_time_normalized": _text(body, "preferred_time_normalized"),
        "patient_status": _choice(body, "patient_status", PATIENT_STATUSES),
        "visit_reason": _text(body, "visit_reason"),
        "coverage_type": _choice(body, "coverage_type", COVERAGE_TYPES),
        "insurance_carrier": _text(body, "insurance_carrier"),
        "insurance_member_id": _text(body, "insurance_member_id"),
        "contact_consent": _consent(body),
        "notes": _text(body, "notes"),
        "assessment": _assessment(body),
        "provider": _provider(body, provider_names),
        "patient_name": _patient_name(body),
        "relationship": _text(body, "relationship"),
        "language": _choice(body, "language", LANGUAGES),
    }
    if row["phone"] is None and row["email"] is None:
        raise invalid("phone", "a phone number or an email address is required")
    return row


def _text(body: dict, name: str, required: bool = False) -> Optional[str]:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid(name, "is required")
        return None
    if not isinstance(value, str):
        raise invalid(name, "must be a string")
    value = value.strip()
    if not value:
        if required:
            raise invalid(name, "must not be empty")
        return None
    limit = appointment_requests.c[name].type.length
    if len(value) > limit:
        raise invalid(name, f"must be at most {limit} characters")
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROL_CHARS for c in value):
        raise invalid(name, "must not contain control characters")
    return value


def _choice(body: dict, name: str, choices: tuple, required: bool = False) -> Optional[str]:
    value = body.get(name)
    if value is None and not required:
        return None
    if value not in choices:
        raise invalid(name, "must be one of: " + ", ".join(choices))
    return value


def _reference(body: dict) -> str:
    value = _text(body, "reference", required=True)
    if not REFERENCE_PATTERN.match(value):
        raise invalid("reference", "must look like NTX- followed by 5 Crockford base32 characters")
    return value


def _name(body: dict) -> str:
    """The shared name rule; a booking needs first and last name, a call-back the name to ask for."""
    value = _text(body, "full_name", required=True)
    if not parse_full_name(value, surname=body.get("kind") == "booking").ok:
        raise invalid("full_name", "must be a person's name (a booking: first and last name)")
    return value


def _patient_name(body: dict) -> Optional[str]:
    value = _text(body, "patient_name")
    if value is not None and not parse_full_name(value).ok:
        raise invalid("patient_name", "must be a person's first and last name")
    return value


def _provider(body: dict, provider_names: Optional[Iterable[str]]) -> Optional[str]:
    value = _text(body, "provider")
    names = list(provider_names) if provider_names is not None else None
    if value is not None and names is not None and value not in names:
        raise invalid("provider", "must be one of: " + ", ".join(names))
    return value


def _phone(body: dict) -> Optional[str]:
    """The shared phone rule; the contract asks for the number already in E.164."""
    value = _text(body, "phone")
    if value is not None and parse_phone(value).value != value:
        raise invalid("phone", "must be a valid phone number in E.164 format")
    return value


def _email(body: dict) -> Optional[str]:
    value = _text(body, "email")
    if value is None:
        return None
    parsed = parse_email(value)
    if not parsed.ok:
        raise invalid("email", "must be a valid email address")
    return parsed.value


def _location(body: dict, booking_locations: list) -> Optional[str]:
    value = _text(body, "location")
    if value is not None and value not in booking_locations:
        raise invalid("location", "must be one of: " + ", ".join(booking_locations))
    return value


def _consent(body: dict) -> bool:
    if body.get("contact_consent") is not True:
        raise invalid("contact_consent", "must be true: the visitor has to agree to be contacted")
    return True


def _assessment(body: dict) -> Optional[dict]:
    value = body.get("assessment")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid("assessment", "must be an object or null")
    if len(json.dumps(value)) > MAX_ASSESSMENT_JSON_CHARS:
        raise invalid("assessment", "is too large")
    return value
