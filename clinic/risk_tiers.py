"""Which safety tier a message belongs to (issue 17), from the deterministic checks.

- "others_danger": someone threatens or hurts the visitor -> 911 + DV hotline. Checked
  first and on the unmasked text, so no idiom rule can hide a threat.
- "crisis": explicit suicidal ideation, self-harm, overdose (clinic/safety_lexicon.py)
  -> the full crisis reply.
- "screen": a warning sign without explicit words (clinic/warning_signs.py) -> the
  C-SSRS screening question with the crisis lines; a means or a preparation with the time
  named for it is a plan, and gets the crisis reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from clinic.danger_from_others import danger_from_others
from clinic.safety_lexicon import BENIGN, MASK, assess_crisis, normalise, speaks_about_other
from clinic.warning_signs import PLAN_FAMILIES, SPANISH_WORDS, names_a_time, warning_sign

OTHERS_DANGER, CRISIS, SCREEN = "others_danger", "crisis", "screen"


@dataclass(frozen=True)
class RiskAssessment:
    tier: Optional[str]
    about_other: bool = False
    spanish: bool = False
    # The warning-sign family (screen tier only): a label for tests and counts.
    family: Optional[str] = None
    # A benign idiom was masked (lets the NLU component overrule a classifier's crisis).
    benign_idiom: bool = False


def assess_risk(text: str) -> RiskAssessment:
    if not text:
        return RiskAssessment(None)
    normalised = normalise(text)
    if danger_from_others(normalised):
        return RiskAssessment(OTHERS_DANGER, spanish=_spanish(normalised))
    crisis = assess_crisis(text)
    if crisis.is_crisis:
        return RiskAssessment(CRISIS, crisis.about_other, crisis.spanish, None, crisis.benign_idiom)
    masked, idioms = BENIGN.subn(MASK, normalised)
    sign = warning_sign(text, masked)
    if sign:
        # A means or a preparation with its time named is a plan (C-SSRS item 5).
        tier = CRISIS if sign.family in PLAN_FAMILIES and names_a_time(masked) else SCREEN
        return RiskAssessment(tier, speaks_about_other(text), sign.spanish, sign.family, idioms > 0)
    return RiskAssessment(None, benign_idiom=idioms > 0)


def _spanish(normalised: str) -> bool:
    return len(SPANISH_WORDS.findall(normalised)) >= 2


def is_spanish(text: str) -> bool:
    """Whether a message reads as Spanish (for a tier chosen by the classifier)."""
    return _spanish(normalise(text))


def names_its_time(text: str) -> bool:
    """Whether a message names a time for the act (with a warning sign: a plan)."""
    return names_a_time(normalise(text))
