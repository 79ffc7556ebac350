"""Preferred time: the visitor's words kept, a normalised form added, past dates refused."""

from datetime import datetime, timedelta, timezone

import pytest
from action_trackers import explained

from actions.preferred_time import find_time_phrase, parse_preferred_time
from clinic.clock import clinic_now, clinic_zone

# A Thursday afternoon in Texas.
NOW = datetime(2026, 11, 26, 16, 30, tzinfo=clinic_zone())


@pytest.mark.parametrize(
    "text, normalized",
    [
        ("weekday mornings", "weekdays, mornings"),
        ("Tuesday after 3", "Tuesday, after 15:00"),
        ("next week", "week of 2026-11-30"),
        ("tomorrow", "2026-11-27"),
        ("tomorrow at 10am", "2026-11-27T10:00"),
        ("Dec 3 at 10am", "2026-12-03T10:00"),
        ("12/24 at 3pm", "2026-12-24T15:00"),
        ("March 3rd", "2027-03-03"),
        ("the 15th", "2026-12-15"),
        ("next tuesday", "2026-12-01"),
        ("this friday morning", "2026-11-27, mornings"),
        ("Mondays or Wednesdays, afternoons", "Monday or Wednesday, afternoons"),
        ("mon-fri after 5pm", "weekdays, after 17:00"),
        ("between 2 and 4", "between 14:00 and 16:00"),
        ("in December", "2026-12"),
        ("asap", "as soon as possible"),
        ("any time", "any time"),
        ("any weekday before noon", "weekdays, mornings"),
        # Spanish (issue 19): kept as typed, read through the English words
        ("los martes por la mañana", "Tuesday, mornings"),
        ("mañana a las 10am", "2026-11-27T10:00"),
        ("pasado mañana", "2026-11-28"),
        ("entre semana después de las 5", "weekdays, after 17:00"),
        ("la semana que viene por la tarde", "week of 2026-11-30, afternoons"),
        ("el 3 de diciembre", "2026-12-03"),
        ("lo antes posible", "as soon as possible"),
        ("sábados temprano", "Saturday, mornings"),
    ],
)
def test_normalised(text, normalized):
    parsed = parse_preferred_time(text, NOW)
    assert parsed.ok, parsed.error
    assert parsed.value.text == text
    assert parsed.value.normalized == normalized


@pytest.mark.parametrize(
    "text", ["yesterday", "last monday", "dec 1 2020", "2020-01-01", "today at 9am", "ayer"]
)
def test_past_refused(text):
    parsed = parse_preferred_time(text, NOW)
    assert parsed.value is None and "already passed" in explained(parsed)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("purple", "couldn't tell a day or time"),
        ("3", "couldn't tell a day or time"),
        ("feb 30", "couldn't read the date"),
        ("after 25", "isn't a time of day"),
        ("at 7:75", "isn't a time of day"),
        ("mornings " * 30, "shorter"),
    ],
)
def test_unparseable_refused_with_reason(text, reason):
    parsed = parse_preferred_time(text, NOW)
    assert parsed.value is None and reason in explained(parsed)


def test_today_comes_from_the_clock():
    today = clinic_now().date()
    assert (
        parse_preferred_time("tomorrow").value.normalized == (today + timedelta(days=1)).isoformat()
    )
    assert parse_preferred_time("yesterday").value is None


@pytest.mark.parametrize(
    "now_utc, text, normalized",
    [
        # 9:29 pm on Nov 19 in the clinic, already Nov 20 on a UTC server.
        (datetime(2026, 11, 20, 3, 29, tzinfo=timezone.utc), "today at 11pm", "2026-11-19T23:00"),
        (datetime(2026, 11, 20, 3, 29, tzinfo=timezone.utc), "tomorrow", "2026-11-20"),
        # The evening before the spring-forward night (2026-03-08, CST -> CDT).
        (datetime(2026, 3, 8, 5, 30, tzinfo=timezone.utc), "tomorrow at 3pm", "2026-03-08T15:00"),
        # The evening before the fall-back night (2026-11-01, CDT -> CST).
        (datetime(2026, 11, 1, 4, 30, tzinfo=timezone.utc), "tomorrow at 9am", "2026-11-01T09:00"),
    ],
)
def test_times_are_read_on_the_clinic_clock_across_daylight_saving(now_utc, text, normalized):
    parsed = parse_preferred_time(text, now_utc)
    assert parsed.ok, parsed.error
    assert parsed.value.normalized == normalized


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("book consult, allen, lunchtime, 972-555-0133", "lunchtime"),
        ("mckinney, 10am or later, 469-555-0158", "10am or later"),
        ("any time thursday, phone 469 555 0104", "any time thursday"),
        ("schedule me the week of the 14th please", "the week of the 14th"),
        ("can i come in for a saturday", "a saturday"),
        ("tues or wed evening. my name's alex", "tues or wed evening"),
        ("anytime next week except tuesday", "anytime next week except tuesday"),
        ("sometime in march, mornings", "in march, mornings"),
        # no preference stated: a phone number, "may" the verb, symptoms and the past
        ("call me at 214 555 0147", None),
        ("i may come by if i can", None),
        ("my anxiety is worse at night", None),
        ("i have felt awful since monday", None),
    ],
)
def test_a_time_phrase_is_found_whole_inside_a_longer_message(text, phrase):
    assert find_time_phrase(text) == phrase
