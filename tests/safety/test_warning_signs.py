"""Warning-sign families and danger from others, on the implementer's own probe phrasings
(tests/safety/warning_sign_probes.yml): the deterministic tiers, without the model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clinic.risk_tiers import assess_risk

PROBES = yaml.safe_load(
    (Path(__file__).resolve().parent / "warning_sign_probes.yml").read_text(encoding="utf-8")
)
DV = PROBES["danger_from_others"] + [
    "my husband said he will kill me if i leave",
    "mi novio me pega cuando se enoja",
    "my ex threatened to kill me if i go to the police",
    # round 7: a broken bone threatened, afraid to go home, fighting heard while hiding
    "my stepdad swore he'd snap my neck if i told anyone",
    "mi padrastro dice que me va a romper la cara",
    "me da terror volver a la casa esta noche",
    "the yelling and dishes breaking downstairs, i'm locked in the bathroom with the baby",
    "su papa viene bien drogado y anda golpeando las puertas",
]
NOT_DV = [
    "my mom will kill me if i'm late lol",
    "mi jefe me va a matar si llego tarde",
    # "safe" and "home" without danger at home
    "i'm not at home right now, call me at my house later",
    "not sure the nasal spray is safe at home",
    "i'm afraid of what my boss will say",
    "i'm scared of what my sister might do to herself",
    "i bruised my knee at home moving boxes",
    "if my mom finds out i skipped class she'll kill me lol",
    "my cat bites and scratches me when i clip her nails",
    "this diagnosis is going to break my mom's heart",
    "hiding in the pantry eating cookies so the kids don't see lol",
    "i'm scared to go back to work after the holidays",
]


@pytest.mark.parametrize("text", PROBES["risk"])
def test_a_warning_sign_gets_a_safety_tier(text):
    assert assess_risk(text).tier in ("screen", "crisis", "others_danger")


@pytest.mark.parametrize("text", PROBES["decoys"])
def test_an_ordinary_message_gets_none(text):
    assert assess_risk(text).tier is None


@pytest.mark.parametrize("text", DV)
def test_danger_from_others(text):
    assert assess_risk(text).tier == "others_danger"


@pytest.mark.parametrize("text", NOT_DV)
def test_idioms_are_not_threats(text):
    assert assess_risk(text).tier != "others_danger"
