"""Free-text answers, stop requests and the questionnaire choice (actions/assessment_answers.py)."""

import pytest

from actions.assessment_answers import DECLINED, answer_score, chosen_instrument, wants_to_stop
from actions.assessment_scoring import load_instrument_text
from clinic.safety_lexicon import detect_crisis


@pytest.mark.parametrize(
    "text, score",
    [
        # the buttons send their titles
        ("Not at all", 0),
        ("Several days", 1),
        ("More than half the days", 2),
        ("Nearly every day", 3),
        # typed, any case and punctuation
        ("not at all!", 0),
        ("NEARLY EVERY DAY", 3),
        ("several days.", 1),
        ("nearly everyday", 3),
        ("never", 0),
        ("no", 0),
        ("none", 0),
        ("nope", 0),
        ("not once", 0),
        ("sometimes", 1),
        ("a few days", 1),
        ("some days", 1),
        ("occasionally", 1),
        ("once or twice", 1),
        ("often", 2),
        ("most days", 2),
        ("more than half", 2),
        ("most of the time", 2),
        ("usually", 2),
        ("every day", 3),
        ("always", 3),
        ("all the time", 3),
        ("daily", 3),
        ("almost every day", 3),
        # a frequency inside a longer sentence
        ("I'd say most days", 2),
        ("hmm, sometimes I guess", 1),
        ("honestly every single day", 3),
        ("Probably more than half the days", 2),
        ("no, not at all", 0),
        # the score itself
        ("0", 0),
        ("3", 3),
        # an answer phrase on its own may carry a question mark
        ("Several days?", 1),
        ("nearly every day??", 3),
    ],
)
def test_answer_mapping(text, score):
    assert answer_score(text) == score


@pytest.mark.parametrize(
    "text",
    [
        "not every day",
        "not always",
        "not often",
        "no, most days",
        "sometimes, maybe every day",
        "yes",
        "I don't know",
        "not sure",
        "what?",
        "",
        "rarely",
        "a lot",
        "half the time",
        "4",
        "how long do the benefits last?",
        "never mind",
        # questions that contain frequency words are not answers
        "How often are booster sessions needed?",
        "how often do people need boosters",
        "is every day normal",
        "what does several days mean?",
    ],
)
def test_unclear_answers_are_not_guessed(text):
    assert answer_score(text) is None


def test_every_scale_title_maps_to_its_own_score():
    for option in load_instrument_text().answer_scale:
        assert answer_score(option.title) == option.score
        for phrase in option.also:
            assert answer_score(phrase) == option.score, phrase


@pytest.mark.parametrize(
    "text",
    [
        "stop",
        "Stop.",
        "STOP",
        "cancel",
        "quit",
        "exit",
        "please stop",
        "stop please",
        "I want to stop",
        "can we stop now",
        "I'd like to stop",
        "let's stop here",
        "stop the test",
        "quit this questionnaire",
        "end the assessment",
        "I don't want to continue",
        "i dont want to do this anymore",
        "I'm done",
        "no more questions",
        "enough",
        "never mind",
        "ok stop",
    ],
)
def test_stop_requests(text):
    assert wants_to_stop(text)


@pytest.mark.parametrize(
    "text",
    [
        # GAD-7 item 2 is "Not being able to stop or control worrying": answers about it are answers
        "I can't stop worrying",
        "stop worrying is hard",
        "I can't stop",
        "nearly every day I can't stop",
        "several days",
        "no",
        "not at all",
        "end it all",
    ],
)
def test_answers_that_mention_stopping_do_not_stop(text):
    assert not wants_to_stop(text)


@pytest.mark.parametrize(
    "text, choice",
    [
        ("Depression (PHQ-9)", "phq9"),
        ("Anxiety (GAD-7)", "gad7"),
        ("No, thanks", DECLINED),
        ("the depression one", "phq9"),
        ("anxiety please", "gad7"),
        ("PHQ9", "phq9"),
        ("gad-7", "gad7"),
        ("the first one", "phq9"),
        ("second", "gad7"),
        ("I'm anxious", "gad7"),
        ("no", DECLINED),
        ("not now", DECLINED),
        ("maybe later", DECLINED),
        ("I'd rather not", DECLINED),
        ("stop", DECLINED),
        ("neither", DECLINED),
        ("both", None),
        ("depression and anxiety", None),
        ("yes", None),
        ("hmm", None),
        ("no, the depression one", None),
    ],
)
def test_questionnaire_choice(text, choice):
    assert chosen_instrument(text) == choice


def test_answers_and_buttons_are_not_mistaken_for_a_crisis():
    # A crisis match would take the message away from the questionnaire (safety rules).
    text = load_instrument_text()
    phrases = [p for o in text.answer_scale for p in (o.title, *o.also)]
    phrases += [i.button for i in text.instruments.values()] + [text.messages["decline_button"]]
    assert [p for p in phrases if detect_crisis(p)] == []
