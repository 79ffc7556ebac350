"""The clinic's facts (clinic.yml): the one place responses, actions and the app read them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER = "PLACEHOLDER"


@dataclass(frozen=True)
class Provider:
    name: str
    role: str
    # The role in Spanish (issue 19); the English title when not given.
    role_es: str = ""


@dataclass(frozen=True)
class CrisisResources:
    lifeline: str
    emergency: str
    text_line: str
    not_monitored: str
    # The reviewed wording around the resources (see actions/crisis_reply.py).
    acknowledge: str
    acknowledge_other: str
    helping_other: str
    clinic_contact: str
    continue_later: str
    minor: str
    spanish: str
    # The screening question for warning signs (issue 17), with its published source.
    screen: "ScreenWording"
    # Danger from someone else: 911 and the National Domestic Violence Hotline.
    others_danger: "OthersDanger"


@dataclass(frozen=True)
class ScreenWording:
    intro: str
    question: str
    lines_intro: str
    answer_hint: str
    no_ack: str
    source_name: str
    source_url: str


@dataclass(frozen=True)
class OthersDanger:
    acknowledge: str
    emergency: str
    hotline: str
    spanish: str
    abuse_hotline: str  # a child, an elder or a disabled person hurt or neglected
    abuse_hotline_spanish: str


@dataclass(frozen=True)
class SpanishWording:
    """What the clinic tells Spanish-speaking visitors (issue 19): translations made for
    this project (docs/spanish.md), the crisis services only as their sources word them."""

    follow_up: str
    crisis: "SpanishCrisis"
    # Booking button titles by their English option (clinic.yml `spanish.labels`).
    labels: Dict[str, str]
    # Stored relationship words by their English value (clinic.yml `spanish.relationships`).
    relationships: Dict[str, str]


@dataclass(frozen=True)
class SpanishCrisis:
    # 988's Spanish line is CrisisResources.spanish (reviewed wording, one place).
    text_line: str
    emergency: str
    not_monitored: str
    acknowledge: str
    acknowledge_other: str
    helping_other: str
    clinic_contact: str
    continue_later: str
    minor: str
    screen_intro: str
    # The C-SSRS question stays in English (no published Spanish wording was verified):
    # this line explains it in Spanish.
    screen_explanation: str
    screen_lines_intro: str
    screen_answer_hint: str
    screen_no_ack: str
    # Danger from someone else: the acknowledgement; the services are
    # crisis.others_danger.spanish (Texas HHS wording, 911 included).
    others_danger_acknowledge: str


@dataclass(frozen=True)
class ClinicProfile:
    name: str
    website: str
    # IANA time-zone name: what staff see and how preferred times are read (clinic/clock.py).
    timezone: str
    phone: str
    hours: str
    privacy_url: str
    follow_up: str
    locations: List[str]
    telehealth: bool
    providers: List[Provider]
    visit_reasons: List[str]
    coverage_options: List[str]
    crisis: CrisisResources
    spanish: SpanishWording
    path: Path = field(default=PROJECT_DIR / "clinic.yml")

    @property
    def booking_locations(self) -> List[str]:
        return self.locations + (["Telehealth"] if self.telehealth else [])

    @property
    def locations_text(self) -> str:
        return join_words(self.locations)

    @property
    def providers_text(self) -> str:
        return join_words([f"{p.name}, {p.role}" for p in self.providers], sep="; ")

    @property
    def providers_text_es(self) -> str:
        roles = [f"{p.name}, {p.role_es or p.role}" for p in self.providers]
        return join_words(roles, sep="; ", last=" y ")

    def placeholders(self) -> List[str]:
        """Names of facts still marked PLACEHOLDER (not given by the article)."""
        return [k for k in ("phone", "hours", "privacy_url") if PLACEHOLDER in getattr(self, k)]


def join_words(items: List[str], sep: str = ", ", last: str = " and ") -> str:
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + last + items[-1]


def profile_path() -> Path:
    return Path(os.environ.get("CLINIC_PROFILE", PROJECT_DIR / "clinic.yml"))


def parse_profile(path: Path) -> ClinicProfile:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return ClinicProfile(
            name=raw["name"],
            website=raw.get("website", ""),
            timezone=_time_zone(path, raw["timezone"]),
            phone=str(raw["phone"]),
            hours=str(raw["hours"]),
            privacy_url=raw["privacy_url"],
            follow_up=raw["follow_up"],
            locations=list(raw["locations"]),
            telehealth=bool(raw.get("telehealth", False)),
            providers=[Provider(**p) for p in raw["providers"]],
            visit_reasons=list(raw["booking"]["visit_reasons"]),
            coverage_options=list(raw["booking"]["coverage_options"]),
            crisis=_crisis(raw["crisis"]),
            spanish=SpanishWording(
                follow_up=raw["spanish"]["follow_up"],
                crisis=SpanishCrisis(**raw["spanish"]["crisis"]),
                labels=dict(raw["spanish"].get("labels") or {}),
                relationships=dict(raw["spanish"].get("relationships") or {}),
            ),
            path=path,
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: missing or malformed clinic fact: {exc}") from exc


def _crisis(raw: dict) -> CrisisResources:
    return CrisisResources(
        **{
            **raw,
            "screen": ScreenWording(**raw["screen"]),
            "others_danger": OthersDanger(**raw["others_danger"]),
        }
    )


def _time_zone(path: Path, name: str) -> str:
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{path}: timezone: {name!r} is not an IANA time zone (e.g. America/Chicago)"
        ) from None
    return str(name)


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> ClinicProfile:
    return parse_profile(Path(path))


def load_profile() -> ClinicProfile:
    """The current profile; re-read when the file changes, so edits need no restart."""
    path = profile_path()
    return _cached(str(path), path.stat().st_mtime_ns)
