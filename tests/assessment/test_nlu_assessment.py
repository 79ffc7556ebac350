"""The trained model: requests to take the self-assessment, and answers never read as a crisis.

Needs models/current.tar.gz (`make test` trains it first).
"""

from pathlib import Path

import yaml

from actions.assessment_answers import normalise
from actions.assessment_scoring import load_instrument_text

PROJECT_DIR = Path(__file__).resolve().parents[2]
MIN_ACCURACY = 0.8

# Held out: never copy these into data/nlu/assessment.yml.
HELDOUT_REQUESTS = [
    "could you run me through that depression questionnaire",
    "I'd like to see if my anxiety is bad, can you quiz me",
    "where is the self-assessment",
    "let's try the mood test",
    "I want to answer the screening questions",
    "can we do the PHQ 9 now",
    "test my anxiety please",
    "is there a self-check for depression I can do here",
    "start the depression test",
    "I'd like to answer the anxiety questions",
    "do the gad 7 with me",
    "self assesment pls",
]


def test_heldout_requests_are_not_training_data():
    corpus = normalise(
        (PROJECT_DIR / "data" / "nlu" / "assessment.yml").read_text(encoding="utf-8")
    )
    assert [t for t in HELDOUT_REQUESTS if normalise(t) in corpus] == []


def test_requests_to_take_the_test_start_it(nlu_parse):
    predicted = {text: nlu_parse(text)["intent"]["name"] for text in HELDOUT_REQUESTS}
    misses = {t: i for t, i in predicted.items() if i != "start_assessment"}
    accuracy = 1 - len(misses) / len(HELDOUT_REQUESTS)
    assert accuracy >= MIN_ACCURACY, f"start_assessment accuracy {accuracy:.0%}, misses: {misses}"


def test_answers_and_buttons_never_parse_as_crisis(nlu_parse):
    # A `crisis` intent makes the form reject the message: the answer would be lost.
    text = load_instrument_text()
    phrases = [p for o in text.answer_scale for p in (o.title, *o.also)]
    phrases += [i.button for i in text.instruments.values()] + [text.messages["decline_button"]]
    crisis = [p for p in phrases if nlu_parse(p)["intent"]["name"] == "crisis"]
    assert crisis == []


def test_training_examples_cover_every_button():
    data = yaml.safe_load(
        (PROJECT_DIR / "data" / "nlu" / "assessment.yml").read_text(encoding="utf-8")
    )
    answers = next(b for b in data["nlu"] if b["intent"] == "assessment_answer")["examples"]
    examples = {normalise(line[2:]) for line in answers.splitlines() if line.startswith("- ")}
    text = load_instrument_text()
    buttons = [o.title for o in text.answer_scale] + [i.button for i in text.instruments.values()]
    assert [b for b in buttons if normalise(b) not in examples] == []
