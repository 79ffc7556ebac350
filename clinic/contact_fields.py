"""The one rule for each contact fact: a person's name, a phone number, an email address.

The booking form, the callback form and the appointments API all use these (same limits
everywhere). Pure functions of the visitor's words: each `parse_*` returns a `Parsed`
whose `error` is the sentence the visitor sees. Phone numbers are stored in E.164 and
shown to people with `format_phone`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

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
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def fail(error: str) -> Parsed:
    return Parsed(None, error)


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

_NAME_PREFIX = re.compile(
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


def parse_full_name(text: str, *, surname: bool = True) -> Parsed:
    """A person's name: letters of any script, spaces, hyphens, apostrophes, dots.

    `surname=True` (booking requests, the appointments API for bookings) also asks for a
    first and last name; a call-back needs only the name to ask for. Names in scripts
    written without spaces (Chinese, Japanese, Korean) count as whole."""
    ask = "your first and last name" if surname else "the name we should ask for"
    name = squash_spaces(_NAME_PREFIX.sub("", text or "")).strip(" ,!")
    if not name:
        return fail(f"Please type {ask}.")
    if re.search(r"\d|@", name):
        return fail(f"A name shouldn't contain numbers or an email address. Please type {ask}.")
    if len(name) > NAME_MAX:
        return fail(
            f"That's longer than a name usually is (over {NAME_MAX} characters). "
            f"Please type just {ask}."
        )
    if (
        looks_like_question(name)
        or set(words(name)) & _NOT_NAME_WORDS
        or not _NAME_CHARS.match(name)
    ):
        return fail(
            f"That doesn't look like a name. Please type {ask} "
            "(letters, hyphens and apostrophes are fine)."
        )
    parts = [part for part in name.split(" ") if re.search(r"[^\W\d_]", part)]
    if surname and len(parts) < 2 and not (_UNSPACED_SCRIPT.search(name) and len(name) >= 2):
        return fail("Please give your first and last name, so our team knows who to ask for.")
    return Parsed(name)


# --- phone -------------------------------------------------------------------------------


def parse_phone(text: str) -> Parsed:
    """A valid phone number in E.164 (US by default), found anywhere in the text."""
    for match in phonenumbers.PhoneNumberMatcher(text or "", DEFAULT_REGION):
        if phonenumbers.is_valid_number(match.number):
            return Parsed(phonenumbers.format_number(match.number, PhoneNumberFormat.E164))
    digits = re.sub(r"\D", "", text or "")
    if not digits:
        return fail(
            f"That doesn't look like a phone number. Please type it with the area code, for example {PHONE_EXAMPLE}."
        )
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
        return fail(
            f"That number is too short. Please include the 3-digit area code, for example {PHONE_EXAMPLE}."
        )
    if reason == ValidationResult.TOO_LONG:
        return fail(
            f"That number has too many digits. A US number has 10 digits, for example {PHONE_EXAMPLE}."
        )
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return fail(
            "I don't recognise that country code. For a number outside the US, start with + and the country code."
        )
    return fail(
        f"That isn't a valid phone number (the area code or exchange doesn't exist). Please check it, for example {PHONE_EXAMPLE}."
    )


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
        return fail(
            "An email address needs an @ sign, like name@example.com. Please type it again."
        )
    candidate = token.group(0).strip(".!")
    try:
        return Parsed(validate_email(candidate, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        return fail(f"That email address isn't valid: {exc} Please type it again.")


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
