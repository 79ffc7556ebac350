"""What counts as a valid answer to each booking question, and why an answer is not.

Pure functions of the visitor's words (no Rasa types): the form's validation action,
the correction parser at the summary step and the tests all use the same rules. Each
`parse_*` returns a `Parsed` whose `error` is the sentence the visitor sees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

# Stored instead of None for an optional question the visitor chose to skip, so the form
# does not ask it again; the request sent to the app carries null.
SKIPPED = "skipped"

DEFAULT_REGION = "US"
PHONE_EXAMPLE = "214 555 0100"

# Length limits stay below the app's columns (bot/storage/tables.py).
NAME_MAX = 100
VISIT_REASON_MAX = 120
CARRIER_MAX = 60
MEMBER_ID_MIN, MEMBER_ID_MAX = 5, 30

COVERAGE_TYPES = ("insurance", "self_pay", "not_sure")
PATIENT_STATUSES = ("new", "returning")


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _fail(error: str) -> Parsed:
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
    """A question rather than an answer (an FAQ asked in the middle of the form)."""
    return "?" in (text or "") or bool(_QUESTION_START.match(text or ""))


_SKIP = re.compile(
    r"^\s*(skip( (it|this|that|this one|this question))?|none|n/?a|no( thanks?| thank you)?|nope|nah|pass|"
    r"(i'?d )?(rather|prefer) not( to)?( say| share| give it)?|"
    r"(i )?(don'?t|do not) (have|want to (say|share|give))( (one|it|an? \w+))?|"
    r"no (e-?mail|phone|number|cell|reason|id|member id|card)( \w+)?)\s*[.!]*\s*$",
    re.IGNORECASE,
)


def is_skip(text: str) -> bool:
    """The visitor declines to answer an optional question ("skip", "no", "I don't have one")."""
    return bool(_SKIP.match(text or ""))


_YES = re.compile(
    r"^\s*(y|ya|yes|yeah|yep|yup|sure|ok|okay|i agree|agreed?|i do|correct|of course|absolutely|"
    r"definitely|please do|go ahead|that'?s (fine|right|correct)|fine|looks (good|right|correct)|"
    r"all (good|correct)|send( it)?|submit( it)?|confirm(ed)?|perfect)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(n|no|nope|nah|i (don'?t|do not)( agree)?|don'?t|do not|i disagree|disagree|not (really|now)|"
    r"that'?s (wrong|not right|incorrect)|incorrect|wrong)\b",
    re.IGNORECASE,
)


def parse_yes_no(text: str, intent: Optional[str] = None) -> Optional[bool]:
    """True/False for a yes/no answer (typed or the affirm/deny buttons), None otherwise."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    if _NO.match(text or ""):
        return False
    if _YES.match(text or ""):
        return True
    return None


# --- full name -------------------------------------------------------------------------

_NAME_PREFIX = re.compile(
    r"^\s*(my (full )?name is|my name'?s|name is|name:|i am|i'm|im|it'?s|it is|this is|call me)\s+",
    re.IGNORECASE,
)
# Words a name essentially never contains; a message made of them is something else.
_NOT_NAME_WORDS = {
    "what", "how", "why", "where", "which", "does", "is", "are", "the", "you", "your",
    "about", "with", "want", "need", "book", "booking", "appointment", "consultation",
    "ketamine", "therapy", "treatment", "insurance", "cost", "price", "help", "cancel",
    "stop", "please", "thanks", "thank", "hello", "yes", "not", "sure", "skip", "phone",
    "email", "number", "request", "person", "human", "bot",
}
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]*)*\.?$")


def parse_full_name(text: str) -> Parsed:
    name = squash_spaces(_NAME_PREFIX.sub("", text or "")).strip(" ,!")
    if not name:
        return _fail("Please type your first and last name.")
    if re.search(r"\d|@", name):
        return _fail("A name shouldn't contain numbers or an email address. Please type your first and last name.")
    if len(name) > NAME_MAX:
        return _fail(f"That's longer than a name usually is (over {NAME_MAX} characters). Please type just your first and last name.")
    if looks_like_question(name) or set(words(name)) & _NOT_NAME_WORDS or not _NAME_CHARS.match(name):
        return _fail("That doesn't look like a name. Please type your first and last name (letters, hyphens and apostrophes are fine).")
    if len([part for part in name.split(" ") if re.search(r"[^\W\d_]", part)]) < 2:
        return _fail("Please give your first and last name, so our team knows who to ask for.")
    return Parsed(name)


# --- phone -------------------------------------------------------------------------------

def parse_phone(text: str) -> Parsed:
    """A valid phone number in E.164 (US by default), or SKIPPED."""
    if is_skip(text):
        return Parsed(SKIPPED)
    for match in phonenumbers.PhoneNumberMatcher(text or "", DEFAULT_REGION):
        if phonenumbers.is_valid_number(match.number):
            return Parsed(phonenumbers.format_number(match.number, PhoneNumberFormat.E164))
    digits = re.sub(r"\D", "", text or "")
    if not digits:
        return _fail(f"That doesn't look like a phone number. Please type it with the area code, for example {PHONE_EXAMPLE}.")
    try:
        reason = phonenumbers.is_possible_number_with_reason(phonenumbers.parse(text, DEFAULT_REGION))
    except NumberParseException as exc:
        reason = {
            NumberParseException.INVALID_COUNTRY_CODE: ValidationResult.INVALID_COUNTRY_CODE,
            NumberParseException.TOO_SHORT_NSN: ValidationResult.TOO_SHORT,
            NumberParseException.TOO_SHORT_AFTER_IDD: ValidationResult.TOO_SHORT,
            NumberParseException.TOO_LONG: ValidationResult.TOO_LONG,
        }.get(exc.error_type, ValidationResult.INVALID_LENGTH)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        return _fail(f"That number is too short. Please include the 3-digit area code, for example {PHONE_EXAMPLE}.")
    if reason == ValidationResult.TOO_LONG:
        return _fail(f"That number has too many digits. A US number has 10 digits, for example {PHONE_EXAMPLE}.")
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        return _fail("I don't recognise that country code. For a number outside the US, start with + and the country code.")
    return _fail(f"That isn't a valid phone number (the area code or exchange doesn't exist). Please check it, for example {PHONE_EXAMPLE}.")


def format_phone(e164: str) -> str:
    """A stored E.164 number as people read it (national format for US numbers)."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    style = PhoneNumberFormat.NATIONAL if number.country_code == 1 else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


# --- email -------------------------------------------------------------------------------

_EMAIL_TOKEN = re.compile(r"[^\s<>(),;:\"']*@[^\s<>(),;:\"']*")


def parse_email(text: str) -> Parsed:
    """A syntactically valid address (no DNS look-up), normalised; skips are the caller's call."""
    token = _EMAIL_TOKEN.search(text or "")
    if not token:
        return _fail("An email address needs an @ sign, like name@example.com. Please type it again.")
    candidate = token.group(0).strip(".!")
    try:
        return Parsed(validate_email(candidate, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        return _fail(f"That email address isn't valid: {exc} Please type it again.")


# --- choices -----------------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_TELEHEALTH_WORDS = {"telehealth", "online", "virtual", "video", "telemedicine", "remote", "remotely", "zoom"}


def matching_locations(text: str, locations: Iterable[str]) -> List[str]:
    """Locations named in the text ("the dallas one", "mc kinney"), as the profile spells them."""
    tokens = re.findall(r"[a-z]+", (text or "").lower())
    grams = {"".join(tokens[i:i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}
    found = []
    for location in locations:
        named = _squash(location) in grams
        if location == "Telehealth" and _TELEHEALTH_WORDS & set(tokens):
            named = True
        if named:
            found.append(location)
    return found


def choice_list(options: List[str], conjunction: str = "or") -> str:
    if len(options) <= 1:
        return "".join(options)
    return ", ".join(options[:-1]) + f" {conjunction} " + options[-1]


def parse_location(text: str, locations: List[str]) -> Parsed:
    found = matching_locations(text, locations)
    if len(found) == 1:
        return Parsed(found[0])
    if found:
        return _fail(f"Please pick just one location: {choice_list(found)}.")
    return _fail(f"Please choose one of our locations: {choice_list(locations)}.")


_RETURNING_NEGATED = re.compile(r"\bnot (a |an )?(new|first[- ]time)\b")
_NEW_NEGATED = re.compile(r"\b(not (a |an )?(returning|existing|current)|never|haven'?t (been|seen|visited)|not been)\b")
_NEW = re.compile(r"\b(new|first[- ]?time|first visit|first appointment)\b")
_RETURNING = re.compile(r"\b(returning|return|existing|current|established|former|previous|been (there|here|before|seen)|seen (you|by|there|before)|come back|coming back|again)\b")


def parse_patient_status(text: str) -> Parsed:
    low = (text or "").lower()
    if _RETURNING_NEGATED.search(low):
        return Parsed("returning")
    if _NEW_NEGATED.search(low):
        return Parsed("new")
    new, returning = bool(_NEW.search(low)), bool(_RETURNING.search(low))
    if new != returning:
        return Parsed("new" if new else "returning")
    return _fail("Please tell me whether you'd be a new patient or a returning patient.")


def parse_visit_reason(text: str, reasons: List[str]) -> Parsed:
    """One of the profile's reasons (any case), or a short description in the visitor's words."""
    reason = squash_spaces(text).strip(" .!")
    if is_skip(reason):
        return Parsed(SKIPPED)
    for option in reasons:
        if reason.lower() == option.lower():
            return Parsed(option)
    if not re.search(r"[^\W\d_]", reason):
        return _fail(f"Please describe the reason in a few words, or choose {choice_list(reasons)}.")
    if len(reason) > VISIT_REASON_MAX:
        return _fail(f"Please keep it to a few words (under {VISIT_REASON_MAX} characters); our team will ask about the details.")
    return Parsed(reason)


_SELF_PAY = re.compile(
    r"\b(self[- ]?pay(ing)?|cash|out[- ]of[- ]pocket|pay (it )?(myself|privately|directly)|private(ly)? pay|"
    r"no insurance|not insured|uninsured|(don'?t|do not) have (any )?insurance|without insurance)\b"
)
_NOT_SURE = re.compile(r"\b(not sure|unsure|(don'?t|do not) know|dunno|idk|no idea|not certain|maybe|check for me)\b")
_INSURED = re.compile(r"\b(insurance|insured|insurer|i have|through (my|our)|my plan|coverage|covered)\b")


def parse_coverage(text: str) -> Parsed:
    """insurance, self_pay or not_sure (staff verify later)."""
    low = (text or "").lower()
    if _SELF_PAY.search(low):
        return Parsed("self_pay")
    if _NOT_SURE.search(low):
        return Parsed("not_sure")
    if _INSURED.search(low):
        return Parsed("insurance")
    return _fail("Please choose insurance, self-pay, or \"not sure\" (our team will check your coverage).")


def is_unsure(text: str) -> bool:
    return bool(_NOT_SURE.search((text or "").lower()))


_CARRIER_PREFIX = re.compile(
    r"^\s*(my (insurance |health )?(carrier|insurance|insurer|plan|provider|company) is|it'?s|it is|i have|i've got|we have|through)\s+",
    re.IGNORECASE,
)


def parse_insurance_carrier(text: str) -> Parsed:
    carrier = squash_spaces(_CARRIER_PREFIX.sub("", text or "")).strip(" .!")
    if not re.search(r"[^\W\d_]", carrier):
        return _fail("Please type the name of your insurance company, as printed on your card (for example the name at the top).")
    if len(carrier) > CARRIER_MAX:
        return _fail(f"Please type just the insurance company's name (under {CARRIER_MAX} characters).")
    return Parsed(carrier)


_MEMBER_ID_PREFIX = re.compile(
    r"^\s*((my )?(member|policy|subscriber|insurance)?\s*(id|number|no\.?|#)( number)?( is|:)?|it'?s|it is)\s+",
    re.IGNORECASE,
)


def parse_member_id(text: str) -> Parsed:
    """The member ID from the insurance card (letters and digits), upper-cased, or SKIPPED."""
    if is_skip(text):
        return Parsed(SKIPPED)
    raw = squash_spaces(_MEMBER_ID_PREFIX.sub("", text or "")).strip(" .!")
    compact = re.sub(r"[\s-]", "", raw)
    if not re.fullmatch(r"[A-Za-z0-9]+", compact) or not re.search(r"\d", compact):
        return _fail("A member ID is made of letters and numbers, as printed on your insurance card. Please type it again, or say \"skip\".")
    if not MEMBER_ID_MIN <= len(compact) <= MEMBER_ID_MAX:
        return _fail(f"Member IDs are usually {MEMBER_ID_MIN} to {MEMBER_ID_MAX} letters and numbers. Please check your card, or say \"skip\".")
    return Parsed(re.sub(r"\s+", "", raw).upper())
