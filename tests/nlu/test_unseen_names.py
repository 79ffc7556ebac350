"""Names the model never saw are found where visitors write them (issue 16).

Every name below is absent from the training data (asserted), so a hit is generalisation,
not memory. The phrasings are families of where a name stands ("i'm ...", "this is ...",
"..., phone, office", "name: ...", booking for someone else); they are this test's own,
not taken from any evaluation set. The trained model finds the `person` (or `patient`),
and the booking action's completion (actions/booking_fields.completed_name) gives the
whole name that is stored.
"""

from __future__ import annotations

import re

import pytest
from traffic_eval import training_texts

from actions.booking_fields import capitalised_name, completed_name

NAMES = [
    "marisela ocampo",
    "obinna eze",
    "harriet lindqvist",
    "dmitri sokolov",
    "keanu kahale",
    "yesenia barragan",
    "rashida coleman",
    "lorcan brenner",
    "ling zhou",
    "anil deshpande",
    "colette marchand",
    "jermaine okonkwo",
]
# {name} is where the visitor writes it; several facts around it, as people type.
FAMILIES = [
    "hi, im {name}, looking to book a consult at the allen office",
    "this is {name}, can i get an appointment in frisco on tuesday",
    "my name is {name} and id like to schedule something for mornings",
    "{name}, 972 555 0147, mckinney, afternoons. want to come in",
    "hello {name} here, need an appt for my depression",
    "name: {name} / phone 469 555 0112 / dallas",
    "can i book a visit? it's {name}",
]
# Booking for someone else: the patient's name.
FOR_SOMEONE_ELSE = "i want to book for my son, his name is {name}"
# The share found: DIET alone found 2 of 12 new names in a first probe of this kind.
MIN_FOUND = 0.85


def found_name(parse: dict, text: str, entity: str) -> str:
    for e in parse["entities"]:
        if e["entity"] == entity and "start" in e:
            return capitalised_name(completed_name(text, e["start"], e["end"]))
    return ""


def test_the_names_are_not_in_the_training_data():
    words = {w for name in NAMES for w in name.split()}
    seen = {w for _, text in training_texts() for w in re.findall(r"[a-z]+", text.lower())}
    assert not words & seen


@pytest.mark.parametrize("family", FAMILIES)
def test_unseen_names_are_found_in_each_way_of_writing_them(nlu_parse, family):
    found = []
    for name in NAMES:
        text = family.format(name=name)
        found.append(found_name(nlu_parse(text), text, "person") == capitalised_name(name))
    share = sum(found) / len(found)
    print(f"{family!r}: {sum(found)}/{len(found)}")
    assert share >= MIN_FOUND, [n for n, ok in zip(NAMES, found) if not ok]


def test_the_patient_named_by_a_parent_is_found(nlu_parse):
    found = []
    for name in NAMES:
        text = FOR_SOMEONE_ELSE.format(name=name)
        found.append(found_name(nlu_parse(text), text, "patient") == capitalised_name(name))
    assert sum(found) / len(found) >= MIN_FOUND, [n for n, ok in zip(NAMES, found) if not ok]
