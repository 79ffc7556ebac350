"""Does a visitor say they are under 18? (pure Python, deterministic)

The `under_18` intent catches the phrasings; this check reads the stated age so that
"I'm 16" counts and "I'm 19" does not, whatever the classifier guessed.
"""

import re
from typing import Optional

from clinic.safety_lexicon import normalise

ADULT_AGE = 18
NUMBER_WORDS = {
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_NUMBER = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
# "I'm 16", "I am fifteen years old", "16 yo", "age: 14", "tengo 15 años"
STATED_AGE = [
    re.compile(
        r"\bi am (?:only |just |a |an )?" + _NUMBER + r"(?: (?:years?|yrs?|year old|yo)(?: old)?)?"
        r"(?! (?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|miles?|percent|lbs?|pounds?|kg|"
        r"feet|ft|inches|min|am|pm|times|mg|x|of|in|on|and a half))\b"
    ),
    re.compile(r"\b" + _NUMBER + r" (?:years?|yrs?|year) old\b"),
    re.compile(r"\b" + _NUMBER + r" ?(?:yo|y o)\b"),
    re.compile(r"\b(?:my )?age (?:is )?" + _NUMBER + r"\b"),
    re.compile(r"\btengo " + _NUMBER + r" (?:anos|ano)\b"),
]
# Saying so without a number.
MINOR_PHRASES = re.compile(
    r"\b(?:under|below|younger than|not yet|not) (?:18|eighteen)(?: yet)?\b|\bi am (?:a )?(?:minor|"
    r"teen|teenager|kid|child|high schooler|middle schooler)\b|\bi am in (?:middle|high|junior high) "
    r"school\b|\bi am in (?:6|7|8|9|10|11|12)th grade\b|\bi am (?:a )?(?:freshman|sophomore|junior|"
    r"senior) in high school\b|\bmenor de edad\b"
)


def _as_int(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def stated_age(text: str) -> Optional[int]:
    """The age the visitor states about themself, if any."""
    normalised = normalise(text)
    for pattern in STATED_AGE:
        match = pattern.search(normalised)
        if match:
            return _as_int(match.group(1))
    return None


def says_under_18(text: str) -> bool:
    age = stated_age(text)
    if age is not None:
        return age < ADULT_AGE
    return bool(MINOR_PHRASES.search(normalise(text)))


def says_adult(text: str) -> bool:
    age = stated_age(text)
    return age is not None and age >= ADULT_AGE
