"""A complete booking request as the action server posts it to the app's /api/appointments
(the contract: bot/api/, actions/submission.py); tests change only what they are about."""

from __future__ import annotations

from clinic.profile import load_profile
from clinic.reference_codes import new_reference


def booking_request(**changes) -> dict:
    body = {
        "kind": "booking",
        "reference": new_reference(),
        "conversation_id": "3f2a9c0d5b7e4e21a0c1d2e3f4a5b6c7",
        "full_name": "Xochitl Nguyen",
        "phone": "+12145550143",
        "email": "xochitl.nguyen@Example.ORG",
        "location": load_profile().booking_locations[-1],
        "preferred_time_text": "Tuesday after 3",
        "preferred_time_normalized": "tuesday, afternoon",
        "patient_status": "new",
        "visit_reason": load_profile().visit_reasons[0],
        "coverage_type": "insurance",
        "insurance_carrier": "Blue Cross",
        "insurance_member_id": "XQZ123456789",
        "contact_consent": True,
        "notes": None,
        "assessment": {"instrument": "PHQ-9", "score": 12, "band": "moderate"},
    }
    body.update(changes)
    return body
