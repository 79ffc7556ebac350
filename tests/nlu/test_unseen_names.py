"""Names the model never saw are found where visitors write them (issue 16).

Every name below is absent from the training data (asserted), so a hit is generalisation,
not memory. The phrasings are families of where a name stands ("i'm ...", "this is ...",
"..., phone, office", "name: ...", booking for someone else); they are this test's own,
not taken from any evaluation set. The trained model finds the `person`, and the booking
action's completion (actions/booking_fields.completed_name) gives the
whole name that is stored.
"""

from __future__ import annotations

import re

from traffic_eval import training_texts

from actions.booking_fields import capitalised_name, completed_name

NAMES = [
    "anselma bocanegra",
    "obinna eze",
    "harriet lindqvist",
    "dmitri sokolov",
    "keanu kahale",
    "xiomara barragan",
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
# The share found over all the families: measured 60/84 when the name CRF landed (DIET
# alone: 2 of 12 new names in a first probe). A regression floor; the goal is every name.
MIN_FOUND = 0.68


def found_name(parse: dict, text: str, entity: str) -> str:
    # The last one, as a slot takes it: the name CRF's, after DIET's partial find.
    for e in reversed(parse["entities"]):
        if e["entity"] == entity and "start" in e:
            return capitalised_name(completed_name(text, e["start"], e["end"]))
    return ""


def test_the_names_are_not_in_the_training_data():
    words = {w for name in NAMES for w in name.split()}
    seen = {w for _, text in training_texts() for w in re.findall(r"[a-z]+", text.lower())}
    assert not words & seen


def test_unseen_names_are_found_where_visitors_write_them(nlu_parse):
    missed = []
    for family in FAMILIES:
        for name in NAMES:
            text = family.format(name=name)
            if found_name(nlu_parse(text), text, "person") != capitalised_name(name):
                missed.append(text)
    total = len(FAMILIES) * len(NAMES)
    print(f"unseen names found: {total - len(missed)}/{total}")
    assert (total - len(missed)) / total >= MIN_FOUND, "\n".join(missed)
