"""The entities of a consultation request (domain.yml, issue 16), shared by the NLU
components and the booking form: which ones hold a name, and the text without them."""

from __future__ import annotations

from typing import Iterable, Mapping, Set

# Who writes, and who the visit is for when that is someone else.
NAME_ENTITIES = {"person", "patient"}
BOOKING_ENTITIES = NAME_ENTITIES | {
    "time",
    "location",
    "provider",
    "insurance_carrier",
    "coverage_type",
    "visit_reason",
    "patient_status",
    "relationship",
}


def blank_entities(text: str, entities: Iterable[Mapping], kinds: Set[str]) -> str:
    """The text with the spans of the entities of `kinds` blanked out; spaces of the same
    length, so the other entities' offsets still fit."""
    for found in entities:
        start, end = found.get("start"), found.get("end")
        if found.get("entity") in kinds and start is not None and end is not None:
            text = text[:start] + " " * (end - start) + text[end:]
    return text
