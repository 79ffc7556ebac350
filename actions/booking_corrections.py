"""Changes asked for in plain words at the summary step, without starting over.

"change my phone to 214 555 0100" names the field and the new value; "actually Frisco"
gives only a value whose kind is recognisable; "change my email" names only the field
(the form then asks for it again). The field rules themselves are the form's (`parse`).
Spanish (issue 19): "cambia mi teléfono a 214 555 0100", "mejor los martes por la mañana";
the words are matched without accents, the values are taken as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import phonenumbers

from actions.booking_fields import matching_locations, matching_providers, plain
from clinic.contact_fields import DEFAULT_REGION, Parsed

ParseAnswer = Callable[[str, str], Parsed]  # (slot, text) -> Parsed


@dataclass(frozen=True)
class Correction:
    slot: str
    # None: the visitor named the field without a usable new value; ask for it again.
    parsed: Optional[Parsed]


# Most specific first: "member id number" is the member ID, not the phone number.
_FIELD_WORDS: List[Tuple[str, str]] = [
    (
        "insurance_member_id",
        r"member ?id( number)?|member number|id number|policy number|subscriber id|insurance id|"
        r"numero de (miembro|poliza|afiliado)|id de miembro",
    ),
    (
        "insurance_carrier",
        r"insurance (carrier|company|provider)|carrier|insurer|"
        r"(compania|empresa) de(l)? seguros?|aseguradora",
    ),
    ("email", r"e-?mail( address)?|correo( electronico)?"),
    ("phone", r"(phone|cell|mobile)( number)?|number|(numero de )?(telefono|celular)|numero"),
    ("full_name", r"(full |first |last )?name|nombre( completo)?|apellido"),
    ("location", r"location|office|clinic|branch|oficina|sucursal|clinica|ubicacion"),
    (
        "preferred_time",
        r"(preferred )?(time|day|date|availability|schedule)|horario|hora|dia|fecha|disponibilidad",
    ),
    (
        "patient_status",
        r"(new|returning|existing|current) patient|patient status|paciente (nuev[oa]|que regresa)",
    ),
    ("visit_reason", r"reason( for (the |my )?visit)?|motivo( de (la|mi) (visita|cita))?"),
    ("coverage_type", r"coverage|payment|self[- ]?pay|insurance|insured|cobertura|pago"),
    ("provider", r"provider|prescriber|clinician|proveedor(a)?"),
]
_FIELD_PATTERNS = [
    (slot, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for slot, words in _FIELD_WORDS
]
_CONNECTOR = re.compile(
    r"^\s*(?:(?:to|is|should be|=|:|as|with|->|it'?s|now|a|al|es|por|sea|ahora es|debe ser)\s+)*",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^\s*(?:(?:actually|no|nope|oh|sorry|wait|oops|ok|okay|hmm|i meant|i mean|make it|change (it )?to|"
    r"rather|please|instead|mejor|perdon|perdona|en realidad|quise decir|mas bien|cambia(lo)? a|"
    r"cambie(lo)? a|que sea|por favor|mejor dicho)[\s,.!]*)+|"
    r"[\s,.!]*(?:instead|please|thanks|thank you|por favor|gracias)?[\s,.!]*$",
    re.IGNORECASE,
)
_TIME_WORDS = re.compile(
    r"\b(mornings?|afternoons?|evenings?|weekdays?|weekends?|today|tomorrow|tonight|next week|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|"
    r"fridays|am|pm|asap|anytime|any time|"
    r"mananas?|tardes?|noches?|entre semana|fin(es)? de semana|hoy|proxima semana|"
    r"lunes|martes|miercoles|jueves|viernes|sabados?|domingos?|lo antes posible)\b|"
    r"\d{1,2}/\d{1,2}|\b\d{1,2}\s*(am|pm)\b",
    re.IGNORECASE,
)
_SELF_PAY_WORDS = re.compile(
    r"\bself[- ]?pay|\bout[- ]of[- ]pocket\b|\bpay (it )?myself\b|\bpor mi cuenta\b|\bsin seguro\b",
    re.IGNORECASE,
)
_STATUS_WORDS = re.compile(
    r"\b(new|returning|existing) patient\b|\bfirst[- ]time\b|\bpaciente nuev[oa]\b|"
    r"\bprimera vez\b|\bya soy paciente\b",
    re.IGNORECASE,
)


def strip_filler(text: str) -> str:
    """The text without "actually", "please", "mejor", ... around the value (as typed)."""
    text = unicodedata.normalize("NFC", text or "")
    kept, at = [], 0
    for match in _FILLER.finditer(plain(text)):  # same positions: plain() keeps the length
        kept.append(text[at : match.start()])
        at = match.end()
    kept.append(text[at:])
    return "".join(kept).strip()


def find_corrections(
    text: str, parse: ParseAnswer, locations: List[str], providers: Sequence = ()
) -> List[Correction]:
    """The changes the visitor asked for; empty when the message asks for none."""
    named = _named_field(text)
    if named:
        slot, value = named
        parsed = parse(slot, value) if value else None
        if parsed is None or not parsed.ok:
            # "I'm a returning patient", "I have insurance": the field word is the value.
            whole = parse(slot, strip_filler(text))
            if whole.ok:
                parsed = whole
        return [Correction(slot, parsed)]
    return _recognised_values(strip_filler(text), parse, locations, providers)


def _named_field(text: str) -> Optional[Tuple[str, str]]:
    """(slot, the words after the field's name) for the first field named in the text."""
    text = unicodedata.normalize("NFC", text or "")
    hits = [
        (match.start(), slot, match)
        for slot, pattern in _FIELD_PATTERNS
        for match in [pattern.search(plain(text))]
        if match
    ]
    if not hits:
        return None
    _, slot, match = min(hits, key=lambda hit: hit[0])
    rest = text[match.end() :]
    connector = _CONNECTOR.match(plain(rest))
    value = rest[connector.end() if connector else 0 :].strip(" ,.!")
    return slot, value


def _recognised_values(
    value: str, parse: ParseAnswer, locations: List[str], providers: Sequence = ()
) -> List[Correction]:
    """Values whose kind is clear without the field's name ("actually Frisco")."""
    if not value:
        return []
    candidates = []
    if "@" in value:
        candidates.append("email")
    if any(phonenumbers.PhoneNumberMatcher(value, DEFAULT_REGION)):
        candidates.append("phone")
    if matching_locations(value, locations):
        candidates.append("location")
    if _STATUS_WORDS.search(plain(value)):
        candidates.append("patient_status")
    if _SELF_PAY_WORDS.search(plain(value)):
        candidates.append("coverage_type")
    if _TIME_WORDS.search(plain(value)):
        candidates.append("preferred_time")
    if matching_providers(value, providers):
        candidates.append("provider")
    corrections = []
    for slot in candidates:
        parsed = parse(slot, value)
        if slot == "location" or parsed.ok:
            corrections.append(Correction(slot, parsed))
    return corrections
