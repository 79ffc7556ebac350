"""The visitor's preferred time: kept in their words, plus a normalised form for staff.

"weekday mornings" -> "weekdays, mornings"; "Tuesday after 3" -> "Tuesday, after 15:00";
"next week" -> "week of 2026-11-30"; "Dec 3 at 10am" -> "2026-12-03T10:00" (dates parsed by
dateparser, relative to today in the clinic's time zone). Dates in the past and answers
with no day or time in them are refused with the reason: a response of domain.yml
(`utter_invalid_time_*`, English and Spanish, issue 19).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import List, Optional

import dateparser
from dateutil.relativedelta import relativedelta

from clinic.clock import clinic_now, clinic_zone
from clinic.contact_fields import Parsed, fail, squash_spaces

TEXT_MAX = 200  # the app stores up to 200 characters (bot/storage/tables.py)
NORMALIZED_MAX = 100

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_ALIASES = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
}
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS_FULL = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ORD = r"(?:st|nd|rd|th)"
_CLOCK = r"(\d{1,2}(?::\d{2})?)\s*(a\.?m\.?|p\.?m\.?)?"

_PAST = re.compile(rf"\b(yesterday|ago|last (week|month|year|{_DAY}s?)|earlier today)\b")
_ASAP = re.compile(
    r"\b(asap|as soon as possible|soonest|earliest( available)?|right away|first available)\b"
)
_ANY = re.compile(
    r"\b(any ?time|any day|whenever|flexible|no preference|(doesn'?t|does not) matter)\b"
)
_WEEK = re.compile(r"\b(this|next|the following) week\b|\bweek after next\b")
_MONTH_REL = re.compile(r"\b(this|next) month\b")
_REL_DAY = re.compile(
    r"\b(today|tonight|(the )?day after tomorrow|tomorrow|in (a|an|one|two|three|four|five|six|\d{1,2}) (days?|weeks?))\b"
)
_NAMED_WEEKDAY = re.compile(rf"\b(this|next|coming|this coming) ({_DAY})\b")
_EXPLICIT_DATE = re.compile(
    rf"\b(?:{_DAY},?\s+)?("
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
    rf"|{_MONTH}\.?\s+\d{{1,2}}{_ORD}?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}{_ORD}?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|(?:the\s+)\d{{1,2}}{_ORD}"
    rf"|\d{{1,2}}{_ORD}"
    rf")\b"
)
_MONTH_ONLY = re.compile(
    r"\b(?P<lead>(?:in|during|early|late|mid|end of|beginning of|start of)[- ]+)?"
    r"(?P<month>january|february|march|april|may|june|july|august|september|sept|october|november|december)\b"
)
_BETWEEN = re.compile(rf"\b(?:between|from) {_CLOCK}\s*(?:and|to|-|until|till)\s*{_CLOCK}(?=\W|$)")
_AFTER = re.compile(rf"\b(?:after|from|past|later than) {_CLOCK}(?=\W|$)")
_BEFORE = re.compile(rf"\b(?:before|by|until|till|no later than) {_CLOCK}(?=\W|$)")
_AT = re.compile(rf"(?:\b(?:at|around|about)|@) {_CLOCK}(?=\W|$)")
_BARE_CLOCK = re.compile(
    r"\b(\d{1,2}(?::\d{2})?)\s*(a\.?m\.?|p\.?m\.?)(?=\W|$)|\b(\d{1,2}:\d{2})\b"
)
_WINDOWS = (
    ("afternoons", re.compile(r"\bafter ?noons?\b|\bafter lunch\b")),
    ("mornings", re.compile(r"\bmornings?\b|\bbefore (noon|lunch|midday)\b")),
    ("evenings", re.compile(r"\bevenings?\b|\bnights?\b|\btonight\b|\bafter work\b")),
    ("midday", re.compile(r"\blunch ?(time)?\b|\bmidday\b|\bnoon\b")),
)
_WEEKDAYS = re.compile(
    r"\bweek ?days?\b|\bmonday (through|to|-) friday\b|\bmon ?- ?fri\b|\bworkdays?\b"
)
_WEEKENDS = re.compile(r"\bweek ?ends?\b")
_DAY_NAME = re.compile(rf"\b({_DAY})s?\b")


# Spanish answers (issue 19) are read through their English equivalents; the visitor's own
# words are what is stored. Longer phrases first: "pasado mañana" and "por la mañana"
# before "mañana" (tomorrow). Run on lower-case text without accents.
_SPANISH = [
    (r"\bpasado manana\b", "day after tomorrow"),
    (r"\b(?:por|en|de) la manana\b|\bmananas\b|\btemprano\b", "mornings"),
    (r"\b(?:por|en|de) la tarde\b|\btardes\b", "afternoons"),
    (r"\b(?:por|en|de) la noche\b|\bnoches\b|\bdespues del trabajo\b", "evenings"),
    (r"\bmediodia\b|\bhora de (?:la )?comida\b", "midday"),
    (r"\bmanana\b", "tomorrow"),
    (r"\bhoy\b", "today"),
    (r"\b(?:entre semana|dias de semana|dias habiles)\b", "weekdays"),
    (r"\bfin(?:es)? de semana\b", "weekends"),
    (
        r"\b(?:la )?(?:proxima semana|semana que (?:viene|entra)|otra semana|siguiente semana)\b",
        "next week",
    ),
    (r"\b(?:el )?(?:proximo mes|mes que viene)\b", "next month"),
    (r"\besta semana\b", "this week"),
    (
        r"\b(?:lo )?(?:antes|mas pronto) posible\b|\bcuanto antes\b|\blo antes que se pueda\b",
        "asap",
    ),
    (r"\b(?:cualquier (?:dia|hora|momento)|cuando sea|me da igual)\b", "any day"),
    (r"\bdespues de (?:las |la )?", "after "),
    (r"\bantes de (?:las |la )?", "before "),
    (r"\b(?:a las|a la|como a las|tipo)\b", "at"),
    (r"\blunes\b", "monday"),
    (r"\bmartes\b", "tuesday"),
    (r"\bmiercoles\b", "wednesday"),
    (r"\bjueves\b", "thursday"),
    (r"\bviernes\b", "friday"),
    (r"\bsabados?\b", "saturday"),
    (r"\bdomingos?\b", "sunday"),
    (r"\b(\d{1,2}) de (?=[a-z])", r"\1 "),
    (r"\benero\b", "january"),
    (r"\bfebrero\b", "february"),
    (r"\bmarzo\b", "march"),
    (r"\babril\b", "april"),
    (r"\bmayo\b", "may"),
    (r"\bjunio\b", "june"),
    (r"\bjulio\b", "july"),
    (r"\bagosto\b", "august"),
    (r"\bsep?tiembre\b", "september"),
    (r"\boctubre\b", "october"),
    (r"\bnoviembre\b", "november"),
    (r"\bdiciembre\b", "december"),
    (r"\bayer\b", "yesterday"),
]
_SPANISH_RULES = [(re.compile(pattern), english) for pattern, english in _SPANISH]


def _english(text: str) -> str:
    """Spanish day and time words as the English ones the normaliser reads."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    for pattern, english in _SPANISH_RULES:
        plain = pattern.sub(english, plain)
    return plain


# The other way, for a Spanish visitor's summary only: the normalised form (English, for
# staff) in Spanish words, so the visitor can check how their answer was read. Its
# vocabulary is the normaliser's own (see _normalize); dates and clock times stay digits.
_SHOWN_IN_SPANISH = [
    (r"\bas soon as possible\b", "lo antes posible"),
    (r"\bany time\b", "cualquier momento"),
    (r"\bweek of\b", "semana del"),
    (r"\bbetween (\d\d:\d\d) and (\d\d:\d\d)\b", r"entre las \1 y las \2"),
    (r"\bafter (\d\d:\d\d)\b", r"después de las \1"),
    (r"\bbefore (\d\d:\d\d)\b", r"antes de las \1"),
    (r"\bat (\d\d:\d\d)\b", r"a las \1"),
    (r"\bweekdays\b", "entre semana"),
    (r"\bweekends\b", "fines de semana"),
    (r"\bmornings\b", "mañanas"),
    (r"\bafternoons\b", "tardes"),
    (r"\bevenings\b", "noches"),
    (r"\bmidday\b", "mediodía"),
    (r"\bMonday\b", "lunes"),
    (r"\bTuesday\b", "martes"),
    (r"\bWednesday\b", "miércoles"),
    (r"\bThursday\b", "jueves"),
    (r"\bFriday\b", "viernes"),
    (r"\bSaturday\b", "sábado"),
    (r"\bSunday\b", "domingo"),
    (r"\bor\b", "o"),
]
_SHOWN_IN_SPANISH_RULES = [(re.compile(pattern), spanish) for pattern, spanish in _SHOWN_IN_SPANISH]


def normalized_in_spanish(normalized: str) -> str:
    """ "Tuesday or Friday, mornings, after 15:00" -> "martes o viernes, mañanas, después de las 15:00"."""
    for pattern, spanish in _SHOWN_IN_SPANISH_RULES:
        normalized = pattern.sub(spanish, normalized)
    return normalized


@dataclass(frozen=True)
class PreferredTime:
    text: str
    normalized: str


class _Refused(Exception):
    """A refused answer: the response that says why, and its variables."""

    def __init__(self, response: str, **details: str) -> None:
        super().__init__(response)
        self.parsed = fail(response, **details)


def _dateparser_settings(now: datetime) -> dict:
    return {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),  # dateparser compares naive clinic-local times
        "DATE_ORDER": "MDY",
        "PREFER_DAY_OF_MONTH": "first",
    }


def _parse_date(phrase: str, now: datetime) -> date:
    parsed = dateparser.parse(phrase, languages=["en"], settings=_dateparser_settings(now))
    if parsed is None:
        raise _Refused("utter_invalid_time_unreadable_date", phrase=phrase)
    return parsed.date()


def _clock(hour_minute: str, suffix: Optional[str]) -> str:
    """ "3" -> "15:00" (a bare 1-6 means the afternoon), "10am" -> "10:00", "7:30 pm" -> "19:30"."""
    hour_text, _, minute_text = hour_minute.partition(":")
    hour, minute = int(hour_text), int(minute_text or 0)
    if minute > 59:
        raise _Refused("utter_invalid_time_not_a_time", clock=hour_minute)
    if suffix:
        if not 1 <= hour <= 12:
            raise _Refused("utter_invalid_time_not_a_time", clock=f"{hour_minute} {suffix}")
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    elif hour > 23:
        raise _Refused("utter_invalid_time_not_a_time", clock=hour_minute)
    elif 1 <= hour <= 6:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _take(pattern: re.Pattern, rest: str):
    """Matches of `pattern` in `rest`, and `rest` with them blanked out (each word is used once)."""
    matches = list(pattern.finditer(rest))
    return matches, pattern.sub(lambda m: " " * len(m.group(0)), rest)


def _unique(items: List[str]) -> List[str]:
    return list(dict.fromkeys(items))


def parse_preferred_time(text: str, now: Optional[datetime] = None) -> Parsed:
    """Parsed(PreferredTime) or Parsed(error=the response giving the reason, in words the
    visitor can act on)."""
    words = squash_spaces(text)
    if not words:
        return fail("utter_invalid_time_missing")
    if len(words) > TEXT_MAX:
        return fail("utter_invalid_time_too_long", max_length=TEXT_MAX)
    # "today" and "3 pm" mean the clinic's clock (clinic.yml timezone).
    now = (now or clinic_now()).astimezone(clinic_zone())
    try:
        normalized = _normalize(_english(words.lower()), now)
    except _Refused as refusal:
        return refusal.parsed
    if not normalized:
        return fail("utter_invalid_time_no_day_or_time")
    return Parsed(PreferredTime(words, normalized[:NORMALIZED_MAX]))


def _normalize(rest: str, now: datetime) -> str:
    today = now.date()
    if _PAST.search(rest):
        raise _Refused("utter_invalid_time_past_date")

    general, periods, dates, days, windows, times = [], [], [], [], [], []

    found, rest = _take(_ASAP, rest)
    general += ["as soon as possible"] * bool(found)
    found, rest = _take(_ANY, rest)
    general += ["any time"] * bool(found)

    found, rest = _take(_WEEK, rest)
    for match in found:
        monday = today - timedelta(days=today.weekday())
        offset = {"this week": 0, "week after next": 14}.get(match.group(0), 7)
        periods.append(f"week of {(monday + timedelta(days=offset)).isoformat()}")
    found, rest = _take(_MONTH_REL, rest)
    for match in found:
        first = today.replace(day=1) + relativedelta(months=int(match.group(1) == "next"))
        periods.append(first.strftime("%Y-%m"))

    found, rest = _take(_REL_DAY, rest)
    for match in found:
        phrase = match.group(0)
        dates.append(today if phrase == "tonight" else _parse_date(phrase, now))
        if phrase == "tonight":
            windows.append("evenings")

    found, rest = _take(_NAMED_WEEKDAY, rest)
    for match in found:
        # "this Friday" / "next Tuesday": the coming one, after today (dateparser's reading).
        dates.append(_parse_date(_DAY_ALIASES.get(match.group(2), match.group(2)), now))

    found, rest = _take(_EXPLICIT_DATE, rest)
    for match in found:
        phrase = match.group(1)
        day = _parse_date(re.sub(r"^the\s+", "", phrase), now)
        has_month = bool(re.search(rf"{_MONTH}|/|-", phrase))
        if day < today and not has_month and not re.search(r"\d{4}", phrase):
            day = day + relativedelta(months=1)  # "the 15th" after the 15th means next month's
        dates.append(day)

    found, rest = _take(_MONTH_ONLY, rest)
    for match in found:
        if match.group("month") == "may" and not match.group("lead"):
            continue  # "I may come ..." is not the month
        month = _MONTHS_FULL.index(match.group("month").replace("sept", "september")) + 1
        year = today.year + (month < today.month)
        periods.append(f"{year:04d}-{month:02d}")

    found, rest = _take(_BETWEEN, rest)
    for match in found:
        times.append(
            f"between {_clock(match.group(1), match.group(2))} and {_clock(match.group(3), match.group(4))}"
        )
    for label, pattern in (("after", _AFTER), ("before", _BEFORE), ("at", _AT)):
        found, rest = _take(pattern, rest)
        times += [f"{label} {_clock(m.group(1), m.group(2))}" for m in found]
    found, rest = _take(_BARE_CLOCK, rest)
    times += [f"at {_clock(m.group(1) or m.group(3), m.group(2))}" for m in found]

    for label, pattern in _WINDOWS:
        found, rest = _take(pattern, rest)
        windows += [label] * bool(found)

    found, rest = _take(_WEEKDAYS, rest)
    days += ["weekdays"] * bool(found)
    found, rest = _take(_WEEKENDS, rest)
    days += ["weekends"] * bool(found)
    found, rest = _take(_DAY_NAME, rest)
    days += [_DAY_ALIASES.get(m.group(1), m.group(1)).capitalize() for m in found]

    dates = sorted(set(dates))
    if any(day < today for day in dates):
        raise _Refused("utter_invalid_time_past_date")
    if len(dates) == 1 and len(times) == 1 and times[0].startswith("at "):
        # One date and one clock time: a single ISO date-time staff can sort by.
        moment = datetime.combine(
            dates[0], datetime.strptime(times[0][3:], "%H:%M").time(), clinic_zone()
        )
        if moment < now:
            raise _Refused("utter_invalid_time_past_today")
        dates, times = [], [moment.strftime("%Y-%m-%dT%H:%M")]

    parts = [
        *general,
        *periods,
        " or ".join(d.isoformat() for d in dates),
        " or ".join(_unique(days)),
        " or ".join(_unique(windows)),
        " or ".join(_unique(times)),
    ]
    return ", ".join(part for part in _unique(parts) if part)


# --- a time phrase inside a longer message -----------------------------------------------
# DIET's `time` entity often keeps part of a phrase ("evenings after" of "evenings after
# work", "10am" of "10am or later") or none of it. The normaliser's own vocabulary marks
# the time words; words that join them ("tuesday OR thursday", "any weekday AT noon", "the
# week OF the 14th") and a few modifiers around them complete the phrase.
_TIME_WORDS = [
    _ASAP,
    _ANY,
    _WEEK,
    _MONTH_REL,
    _REL_DAY,
    _NAMED_WEEKDAY,
    _EXPLICIT_DATE,
    # a month by name ("may" only after a word like "in": "I may come" is not the month)
    re.compile(
        r"\b(?:(?:in|during|early|late|mid|end of) )?(?:january|february|march|april|june|"
        r"july|august|september|sept|october|november|december)\b|\b(?:in|during|early|late|mid) may\b"
    ),
    _BETWEEN,
    _AFTER,
    _BEFORE,
    _AT,
    _BARE_CLOCK,
    *(pattern for _, pattern in _WINDOWS),
    _WEEKDAYS,
    _WEEKENDS,
    _DAY_NAME,
]
_JOINED_BY = re.compile(
    r"(?:,? (?:or|and|on|in|the|at|of|any|every|a|an|early|late|mid|time|week|around|after|"
    r"before|from|to|until|but|not|except|preferably|ideally|maybe|&|/))*,? ?"
)
_LEADING = re.compile(r"(?:\b(?:any|every|early|late|mid|most|on|a|the week of|this|next) )+$")
# Times that describe symptoms or the past, not a preference: "i wake up at 3", "since monday".
_NOT_A_PREFERENCE = re.compile(
    r"\b(?:wake|wakes|woke|waking|up|sleep|asleep|worse|worst|started|since|happens?|happened|"
    r"attacks?|ago|last)(?: \w+)? $"
)
_TRAILING = re.compile(r"^ or (?:later|earlier|after|so)\b")
# A phrase that states a preference by itself (not "worse at night", "in the morning I ...").
_STRONG = re.compile(
    rf"\b(?:{_DAY}s?|week ?days?|week ?ends?|mornings|afternoons|evenings|lunch ?time|asap|"
    r"as soon as possible|soonest|any ?time|any day|whenever|next week|this week|next month|"
    r"tomorrow|(?:after|before|around|at|by|between) \d{1,2}(?::\d{2})?|\d{1,2}(?::\d{2})? ?[ap]\.?m\b|"
    r"(?:any|every|early|late) (?:morning|afternoon|evening|night|day)|\d{1,2}(?:st|nd|rd|th)|"
    rf"{_MONTH})\b"
)
_NOT_TIME = re.compile(r"\+?\d[\d\s().-]{8,}\d|\S+@\S+")  # phone numbers, emails


def find_time_phrase(text: str) -> Optional[str]:
    """The longest stated preference of days or times in an English message, in the
    visitor's words ("any weekday at noon"), or None."""
    low = _NOT_TIME.sub(lambda m: "#" * len(m.group(0)), (text or "").lower())
    spans = sorted({m.span() for pattern in _TIME_WORDS for m in pattern.finditer(low)})
    groups: List[List[int]] = []
    for start, end in spans:
        if groups and start <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
        elif groups and _JOINED_BY.fullmatch(low[groups[-1][1] : start]):
            groups[-1][1] = end
        else:
            groups.append([start, end])
    phrases = []
    for start, end in groups:
        if _NOT_A_PREFERENCE.search(low[:start]):
            continue
        lead = _LEADING.search(low[:start])
        start = lead.start() if lead else start
        trail = _TRAILING.match(low[end:])
        end = end + trail.end() if trail else end
        phrase = text[start:end].strip(" ,")
        if _STRONG.search(phrase.lower()):
            phrases.append(phrase)
    return max(phrases, key=len) if phrases else None
