"""The self-assessment as the visitor sees it, turn by turn (actions/assessment.py)."""

import logging
import re

from actions.assessment import assessment_for_request
from actions.assessment_scoring import load_instrument_text
from clinic.profile import load_profile
from tests.assessment.assessment_chat import DOMAIN, AssessmentChat

TEXT = load_instrument_text()
PHQ9 = TEXT.instruments["phq9"]
GAD7 = TEXT.instruments["gad7"]
TITLES = [o.title for o in TEXT.answer_scale]  # index = score


def texts(messages):
    return [m.get("text") or "" for m in messages]


def joined(messages):
    return "\n".join(texts(messages))


def payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


async def take(chat, instrument_button, answers):
    """Start, choose, and answer every item with the given texts; returns the last turn."""
    await chat.start()
    await chat.say(instrument_button)
    last = []
    for answer in answers:
        last = await chat.say(answer)
    return last


async def test_disclaimer_and_attribution_come_before_any_question(chat):
    messages = await chat.start()
    assert f'"{TEXT.disclaimer}"' in messages[0]["text"]
    assert TEXT.attribution in joined(messages)
    assert "stop" in joined(messages)
    ask = messages[-1]
    assert [b["title"] for b in ask["buttons"]] == [
        PHQ9.button,
        GAD7.button,
        TEXT.messages["decline_button"],
    ]
    assert not any(item in joined(messages) for item in PHQ9.items + GAD7.items)
    assert chat.active_loop == "assessment_form"


async def test_phq9_with_buttons_asks_every_item_in_order_then_explains(chat):
    await chat.start()
    turn = await chat.say(PHQ9.button)
    scores = [1, 2, 1, 0, 3, 1, 2, 0, 0]  # total 10: moderate
    for number, score in enumerate(scores, start=1):
        question = turn[-1]
        assert f"question {number} of 9" in question["text"]
        assert PHQ9.stem in question["text"] and PHQ9.items[number - 1] in question["text"]
        assert [b["payload"] for b in question["buttons"]] == TITLES
        turn = await chat.say(question["buttons"][score]["payload"])

    result = joined(turn)
    assert "10 out of 27" in result and "moderate" in result
    assert TEXT.disclaimer in result
    assert '/request_appointment{"share_assessment": true}' in payloads(turn)
    assert '/request_appointment{"share_assessment": false}' in payloads(turn)
    assert load_profile().crisis.lifeline not in result
    assert chat.active_loop is None
    [record] = chat.slots["assessment_results"]
    assert (
        record["instrument"] == "PHQ-9" and record["score"] == 10 and record["band"] == "moderate"
    )
    assert record["item_scores"] == scores and record["item9_positive"] is False
    assert record["completed_at"].endswith("+00:00")
    assert chat.slots["assessment_answers"] is None and chat.slots["assessment_instrument"] is None


async def test_gad7_with_typed_answers(chat):
    turn = await take(
        chat,
        "the anxiety one",
        [
            "most days",
            "nearly everyday",
            "always",
            "most of the time",
            "never",
            "often",
            "every day",
        ],
    )
    result = joined(turn)
    assert "15 out of 21" in result and "severe" in result
    assert chat.slots["assessment_results"][0]["item_scores"] == [2, 3, 3, 2, 0, 2, 3]


async def test_unclear_answer_is_asked_again(chat):
    await chat.start()
    await chat.say(GAD7.button)
    await chat.say("Several days")
    turn = await chat.say("hmm, hard to say")
    assert len(turn) == 2
    assert '"Not at all"' in turn[0]["text"] and "stop" in turn[0]["text"]
    assert "question 2 of 7" in turn[1]["text"] and GAD7.items[1] in turn[1]["text"]
    assert chat.slots["assessment_answers"] == [1]
    turn = await chat.say("not every day")  # vague: asked again, not guessed
    assert "question 2 of 7" in turn[-1]["text"] and chat.slots["assessment_answers"] == [1]
    turn = await chat.say("more than half the days")
    assert "question 3 of 7" in turn[-1]["text"] and chat.slots["assessment_answers"] == [1, 2]


async def test_unclear_choice_is_asked_again(chat):
    await chat.start()
    turn = await chat.say("both")
    assert "PHQ-9" in turn[0]["text"] and turn[-1]["buttons"][0]["title"] == PHQ9.button
    turn = await chat.say("depression first")
    assert "question 1 of 9" in turn[-1]["text"]


async def test_stop_midway_ends_without_a_score(chat):
    earlier = {
        "instrument": "GAD-7",
        "score": 3,
        "max_score": 21,
        "band": "minimal",
        "item9_positive": False,
        "item_scores": [1, 1, 1, 0, 0, 0, 0],
        "completed_at": "2026-01-01T00:00:00+00:00",
    }
    chat = AssessmentChat(slots={"assessment_results": [earlier]})
    await chat.start()
    await chat.say(PHQ9.button)
    for answer in ["Nearly every day", "Several days", "Not at all", "Several days"]:
        await chat.say(answer)
    turn = await chat.say("I want to stop")
    assert texts(turn) == [TEXT.messages["stopped"]]
    assert chat.active_loop is None
    assert chat.slots["assessment_results"] == [earlier]
    assert chat.slots["assessment_answers"] is None and chat.slots["assessment_instrument"] is None


async def test_stop_at_the_first_question_and_decline_at_consent(chat):
    await chat.start()
    turn = await chat.say(TEXT.messages["decline_button"])
    assert texts(turn) == [TEXT.messages["declined"]]
    assert chat.active_loop is None and not chat.slots.get("assessment_results")

    await chat.start()
    await chat.say(GAD7.button)
    turn = await chat.say("stop")
    assert texts(turn) == [TEXT.messages["stopped"]] and not chat.slots.get("assessment_results")


async def test_item9_above_not_at_all_shows_crisis_resources_at_once_and_no_reassuring_label(chat):
    crisis = load_profile().crisis
    turn = await take(chat, PHQ9.button, ["Not at all"] * 8 + ["Several days"])
    shown = texts(turn)
    lifeline_at = next(i for i, t in enumerate(shown) if crisis.lifeline in t)
    score_at = next(i for i, t in enumerate(shown) if "1 out of 27" in t)
    assert lifeline_at < score_at  # the resources first, whatever the total
    assert crisis.emergency in joined(turn) and crisis.text_line in joined(turn)
    assert not re.search(r"\b(minimal|mild)\b", joined(turn), re.IGNORECASE)
    assert not any("request_appointment" in p for p in payloads(turn))  # no booking question now
    assert chat.slots["crisis_flag"] is True
    [record] = chat.slots["assessment_results"]
    assert (
        record["item9_positive"] is True and record["band"] == "minimal"
    )  # staff see the true band


async def test_item9_positive_with_a_high_total_still_names_the_band(chat):
    turn = await take(
        chat, PHQ9.button, ["Nearly every day"] * 5 + ["Not at all"] * 3 + ["nearly every day"]
    )
    assert "18 out of 27" in joined(turn) and "moderately severe" in joined(turn)
    assert load_profile().crisis.lifeline in joined(turn)


async def test_item9_not_at_all_shows_no_crisis_resources(chat):
    turn = await take(chat, PHQ9.button, ["Not at all"] * 9)
    assert load_profile().crisis.lifeline not in joined(turn)
    assert "0 out of 27" in joined(turn) and "minimal" in joined(turn)
    assert chat.slots.get("crisis_flag") is None


def test_crisis_messages_are_never_taken_as_answers():
    # The form rejects a `crisis` message, so the safety rules answer it as anywhere else.
    for slot in ("assessment_instrument", "assessment_answer"):
        for mapping in DOMAIN["slots"][slot]["mappings"]:
            assert "crisis" in mapping["not_intent"]


async def test_crisis_message_mid_questionnaire_is_not_scored(chat):
    await chat.start()
    await chat.say(PHQ9.button)
    await chat.say("Several days")
    turn = await chat.say("I want to end my life", intent="crisis", confidence=1.0)
    assert chat.rejected and turn == [] and chat.slots["assessment_answers"] == [1]


async def test_resuming_after_a_pause_does_not_score_the_resuming_message(chat):
    await chat.start()
    await chat.say(PHQ9.button)
    await chat.say("Several days")
    turn = await chat.pause_then_resume("no, let's continue")  # "no" alone would score 0
    assert texts(turn) and "question 2 of 9" in turn[-1]["text"]
    assert chat.slots["assessment_answers"] == [1]
    turn = await chat.say("most days")
    assert "question 3 of 9" in turn[-1]["text"] and chat.slots["assessment_answers"] == [1, 2]


async def test_faq_question_mid_questionnaire_is_answered_then_the_question_repeated(chat):
    await chat.start()
    await chat.say(GAD7.button)
    selector = {
        "faq": {"response": {"utter_action": "utter_faq/booster_frequency", "confidence": 0.9}}
    }
    # "often" would be an answer (2) if it were not a question
    turn = await chat.say(
        "How often are booster sessions needed?", intent="faq", response_selector=selector
    )
    assert turn[0].get("response") == "utter_faq/booster_frequency"
    assert "question 1 of 7" in turn[-1]["text"] and not chat.slots["assessment_answers"]


async def test_scores_go_to_a_booking_request_only_with_consent(chat):
    await take(chat, GAD7.button, ["Several days"] * 7)
    assert assessment_for_request(chat.tracker()) is None  # not asked yet
    chat.slots["share_assessment"] = False
    assert assessment_for_request(chat.tracker()) is None
    chat.slots["share_assessment"] = True
    shared = assessment_for_request(chat.tracker())
    assert shared["shared_with_consent"] is True
    assert [(r["instrument"], r["score"], r["band"]) for r in shared["results"]] == [
        ("GAD-7", 7, "mild")
    ]


async def test_a_new_questionnaire_asks_consent_again_and_keeps_one_result_per_instrument(chat):
    await take(chat, PHQ9.button, ["Several days"] * 8 + ["Not at all"])
    chat.slots["share_assessment"] = True
    await take(chat, PHQ9.button, ["Not at all"] * 9)
    assert chat.slots["share_assessment"] is None
    assert assessment_for_request(chat.tracker()) is None
    assert [r["score"] for r in chat.slots["assessment_results"]] == [0]
    await take(chat, GAD7.button, ["Nearly every day"] * 7)
    assert [r["instrument"] for r in chat.slots["assessment_results"]] == ["PHQ-9", "GAD-7"]


async def test_logs_carry_no_answers(chat, caplog):
    caplog.set_level(logging.DEBUG, logger="actions")
    await take(chat, "the depression one", ["most days"] * 8 + ["a few days"])
    logged = caplog.text
    assert "conv-test-1" in logged
    assert (
        "most days" not in logged and "a few days" not in logged and "depression one" not in logged
    )
    assert not re.search(r"\b(score|[0-9]+ out of)\b", logged)


async def test_naming_the_questionnaire_asks_consent_to_that_one_then_starts_it(chat):
    # Issue 16: "I want to take the depression self-assessment" is not asked which one.
    messages = await chat.say(
        "i want to take the depression self-assessment", intent="start_assessment"
    )
    assert f'"{TEXT.disclaimer}"' in messages[0]["text"]  # the disclaimer still comes first
    ask = messages[-1]
    assert PHQ9.button in ask["text"] and GAD7.button not in ask["text"]
    assert [b["title"] for b in ask["buttons"]][-1] == TEXT.messages["decline_button"]
    turn = await chat.say("yes", intent="affirm")
    assert "question 1 of 9" in turn[-1]["text"]


async def test_naming_the_questionnaire_can_still_be_declined(chat):
    await chat.say("can i do the anxiety test", intent="start_assessment")
    turn = await chat.say("no thanks", intent="deny")
    assert not any("question 1 of" in m["text"] for m in turn)
