"""The one rule for each contact fact: a person's name, a phone number, an email address.

The booking form, the callback form and the appointments API all use these (same limits
everywhere). Pure functions of the visitor's words: each `parse_*` returns a `Parsed`
whose `error` names the domain response that tells the visitor why (`utter_invalid_*` in
domain.yml, in English and Spanish, issue 19) and whose `details` fill its {variables}.
Phone numbers are stored in E.164 and shown to people with `format_phone`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

DEFAULT_REGION = "US"
PHONE_EXAMPLE = "214 555 0100"
# The stored columns' sizes (bot/storage/tables.py reads these).
NAME_MAX = 120
PHONE_MAX = 20
EMAIL_MAX = 254


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    # The response (domain.yml) that says why the answer is not valid, and its variables.
    error: Optional[str] = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


def fail(error: str, **details: Any) -> Parsed:
    """A refused answer: `error` is a response name (utter_invalid_...), `details` its values."""
    return Parsed(None, error, details)


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9']+", (text or "").lower())


_QUESTION_START = re.compile(
    r"^\s*(what|how|why|when|where|who|which|is|are|do|does|did|can|could|will|would|should)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """A question rather than an answer (an FAQ asked in the middle of a form)."""
    return "?" in (text or "") or bool(_QUESTION_START.match(text or ""))


# --- full name -------------------------------------------------------------------------

# How a visitor leads into their name ("my name is ...", "this is ...").
NAME_PREFIX = re.compile(
    r"^\s*(my (full )?name is|my name'?s|name is|name:|i am|i'm|im|it'?s|it is|this is|call me)\s+",
    re.IGNORECASE,
)
# Words a name essentially never contains; a message made of them is something else.
_NOT_NAME_WORDS = {
    "what",
    "how",
    "why",
    "where",
    "which",
    "does",
    "is",
    "are",
    "the",
    "you",
    "your",
    "about",
    "with",
    "want",
    "need",
    "book",
    "booking",
    "appointment",
    "consultation",
    "ketamine",
    "therapy",
    "treatment",
    "insurance",
    "cost",
    "price",
    "help",
    "cancel",
    "stop",
    "please",
    "thanks",
    "thank",
    "hello",
    "yes",
    "not",
    "sure",
    "skip",
    "phone",
    "email",
    "number",
    "request",
    "person",
    "human",
    "bot",
}
# Han, kana and Hangul: full names are written without a space between the parts.
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]*)*\.?$")


# The reasons a name is refused, as responses: a booking asks for first and last name,
# a call-back for the name to ask for.
_NAME_ERRORS = {
    True: {
        "missing": "utter_invalid_name_missing",
        "digits": "utter_invalid_name_digits",
        "too_long": "utter_invalid_name_too_long",
        "not_a_name": "utter_invalid_name_not_a_name",
    },
    False: {
        "missing": "utter_invalid_callback_name_missing",
        "digits": "utter_invalid_callback_name_digits",
        "too_long": "utter_invalid_callback_name_too_long",
        "not_a_name": "utter_invalid_callback_name_not_a_name",
    },
}


def parse_full_name(text: str, *, surname: bool = True) -> Parsed:
    """A person's name: letters of any script, spaces, hyphens, apostrophes, dots.

    `surname=True` (booking requests, the appointments API for bookings) also asks for a
    first and last name; a call-back needs only the name to ask for. Names in scripts
    written without spaces (Chinese, Japanese, Korean) count as whole."""
    errors = _NAME_ERRORS[surname]
    name = squash_spaces(NAME_PREFIX.sub("", text or "")).strip(" ,!")
    if not name:
        return fail(errors["missing"])
    if re.search(r"\d|@", name):
        return fail(errors["digits"])
    if len(name) > NAME_MAX:
        return fail(errors["too_long"], max_length=NAME_MAX)
    if (
        looks_like_question(name)
        or set(words(name)) & _NOT_NAME_WORDS
        or not _NAME_CHARS.match(name)
    ):
        return fail(errors["not_a_name"])
    parts = [part for part in name.split(" ") if re.search(r"[^\W\d_]", part)]
    if surname and len(parts) < 2 and not (_UNSPACED_SCRIPT.search(name) and len(name) >= 2):
        return fail("utter_invalid_name_no_surname")
    return Parsed(name)


# --- phone -------------------------------------------------------------------------------


def parse_phone(text: str) -> Parsed:
    """A valid phone number in E.164 (US by default), found anywhere in the text."""
    for match in phonenumbers.PhoneNumberMatcher(text or "", DEFAULT_REGION):
        if phonenumbers.is_valid_number(match.number):
            return Parsed(phonenumbers.format_number(match.number, PhoneNumberFormat.E164))
    digits = re.sub(r"\D", "", text or "")
    if not digits:
        return fail("utter_invalid_phone_not_a_number", example=PHONE_EXAMPLE)
    try:
        reason = phonenumbers.is_possible_number_with_reason(
            phonenumbers.parse(text, DEFAULT_REGION)
        )
    except NumberParseException as exc:
        reason = {
            NumberParseException.INVALID_COUNTRY_CODE: ValidationResult.INVALID_COUNTRY_CODE,
            NumberParseException.TOO_SHORT_NSN: ValidationResult.TOO_SHORT,
            NumberParseException.TOO_SHORT_AFTER_IDD: ValidationResult.TOO_SHORT,
            NumberParseException.TOO_LONG: ValidationResult.TOO_LONG,
        }.get(exc.error_type, ValidationResult.INVALID_LENGTH)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        return fail("utter_invalid_phone_too_short", example=PHONE_EXAMPLE)
    if reason == ValidationResult.TOO_LONG:
        return fail("utter_invalid_phone_too_long", example=PHONE_EXAMPLE)
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return fail("utter_invalid_phone_country_code")
    return fail("utter_invalid_phone_not_valid", example=PHONE_EXAMPLE)


def format_phone(e164: str) -> str:
    """A stored E.164 number as people read it (national format for US numbers)."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    style = (
        PhoneNumberFormat.NATIONAL if number.country_code == 1 else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


# --- email -------------------------------------------------------------------------------

EMAIL_TOKEN = re.compile(r"[^\s<>(),;:\"']*@[^\s<>(),;:\"']*")


def parse_email(text: str) -> Parsed:
    """A syntactically valid address (no DNS look-up), normalised; skips are the caller's call."""
    token = EMAIL_TOKEN.search(text or "")
    if not token:
        return fail("utter_invalid_email_no_at")
    candidate = token.group(0).strip(".!")
    try:
        return Parsed(validate_email(candidate, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        # The library's reason is English: the Spanish response says it without it.
        return fail("utter_invalid_email_not_valid", reason=str(exc))


# --- both --------------------------------------------------------------------------------


def contact_details(text: str) -> Dict[str, str]:
    """The phone number (E.164) and email address found anywhere in the text."""
    found = {}
    phone = parse_phone(text)
    if phone.ok:
        found["phone"] = phone.value
    if "@" in (text or ""):
        email = parse_email(text)
        if email.ok:
            found["email"] = email.value
    return found


def without_contact_details(text: str) -> str:
    """The text with any phone number and email address taken out ("kyle reed 469 555 0161")."""
    for match in phonenumbers.PhoneNumberMatcher(text or "", DEFAULT_REGION):
        text = text.replace(match.raw_string, " ")
    text = EMAIL_TOKEN.sub(" ", text or "")
    return re.sub(r"(\s*[,;/]\s*)+$|^(\s*[,;/]\s*)+", "", squash_spaces(text)).strip()
