"""Chat-traffic evaluation (issue 16): every category at least 95 % on the reported set.

The figures and the confusion matrices land in var/test-results/traffic_{dev,test}.*; the
development set is reported too (it is what the data was tuned on), only the test set
decides. See tests/nlu/traffic_eval.py.
"""

from __future__ import annotations

import pytest
from traffic_eval import (
    MIN_CATEGORY_ACCURACY,
    evaluate,
    heldout_texts,
    normalise,
    training_texts,
    write_report,
)
from traffic_sets import PROJECT_DIR, load_set

CATEGORIES_MIN = {
    "booking_start": 100,
    "faq_context": 150,
    "cost_coverage": 40,
    "bot_challenge": 20,
    "provider_request": 20,
    "assessment_start": 20,
}


@pytest.mark.parametrize("name", ["dev", "test"])
def test_set_is_built_like_the_issue_asks(name):
    data = load_set(name)
    counts = {}
    for item in data["messages"]:
        counts[item["category"]] = counts.get(item["category"], 0) + 1
    assert len(data["messages"]) >= 400
    for category, minimum in CATEGORIES_MIN.items():
        assert counts.get(category, 0) >= minimum, category
    assert len(data["multi_fact"]) >= 60
    assert len(data["conversations"]) >= 40


def test_no_heldout_message_or_near_duplicate_is_in_the_training_data():
    # Equal after normalising case, punctuation and whitespace, or (from four words on)
    # embedded in a longer example.
    examples = [(path, normalise(text)) for path, text in training_texts()]
    leaks = []
    for name in ("dev", "test"):
        for text in heldout_texts(load_set(name)):
            held = normalise(text)
            for path, example in examples:
                embedded = len(held.split()) >= 4 and f" {held} " in f" {example} "
                if held == example or embedded:
                    # The set's name and the file only: the reported set's wording stays unread.
                    leaks.append(f"{name} set -> {path.relative_to(PROJECT_DIR)}")
    assert not leaks, "held-out messages found in training data:\n" + "\n".join(leaks)


def test_development_set_figures(nlu_parse):
    # Reported, not asserted: the development set is what the data was tuned on.
    print("\n" + write_report("dev", evaluate(nlu_parse, load_set("dev"))))


def test_every_category_reaches_95_percent_on_the_reported_set(nlu_parse):
    result = evaluate(nlu_parse, load_set("test"))
    report = write_report("test", result)
    print("\n" + report)
    low = {c: result.accuracy(c) for c in result.per_category}
    low = {c: a for c, a in low.items() if a < MIN_CATEGORY_ACCURACY}
    assert not low, f"categories below {MIN_CATEGORY_ACCURACY:.0%}: {low}\n{report}"
