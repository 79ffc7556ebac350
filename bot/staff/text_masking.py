"""Contact details masked out of visitor text the console shows in aggregate (analytics'
unanswered messages): staff need to see what the assistant failed to understand, not who
typed it. Emails, phone numbers and names become [email], [phone], [name].

Names are found the way the booking form recognises them (clinic/contact_fields.py): a
message that is nothing but a name, or words introduced as one ("my name is ...", "call me
..."). Over-masking a short phrase that merely looks like a name is the safe error here.
"""

from __future__ import annotations

import re

import phonenumbers

from clinic.contact_fields import parse_full_name

EMAIL = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+")
# Digit runs a phone library may not take for a number (no area code, odd grouping).
DIGIT_RUN = re.compile(r"\+?\d[\d\s().\-]{5,}\d")
_JOINER = (
    r"(?!(?:and|or|but|at|on|to|for|from|with|please|i|my|me|is|call|text|email|phone"
    r"|need|want|can|would|could)\b)"
)
_NAME_WORD = _JOINER + r"[^\W\d_][\w'’.\-]*"
INTRODUCED_NAME = re.compile(
    r"\b(my (?:full )?name is|my name'?s|name is|name:|call me|this is|i am|i'm|im)\s+"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})",
    re.IGNORECASE,
)
# After these a name is certain; after "i am" / "this is" only if the words pass as a name
# ("i am feeling low" is not one).
CERTAIN = ("my name", "my full name", "name is", "name:", "call me")
MAX_NAME_WORDS = 4


def _mask_phones(text: str) -> str:
    spans = [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(
            text, "US", leniency=phonenumbers.Leniency.POSSIBLE
        )
    ]
    for start, end in reversed(spans):
        text = text[:start] + "[phone]" + text[end:]
    return DIGIT_RUN.sub("[phone]", text)


def _mask_introduced_name(match: re.Match) -> str:
    lead, name = match.group(1), match.group(2)
    certain = lead.lower().startswith(CERTAIN)
    if certain or parse_full_name(name).ok:
        return f"{lead} [name]"
    return match.group(0)


def mask_contact_details(text: str) -> str:
    masked = EMAIL.sub("[email]", text)
    masked = _mask_phones(masked)
    masked = INTRODUCED_NAME.sub(_mask_introduced_name, masked)
    words = masked.split()
    if 2 <= len(words) <= MAX_NAME_WORDS and parse_full_name(masked).ok:
        return "[name]"
    return masked
