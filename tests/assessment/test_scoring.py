"""PHQ-9 / GAD-7 scoring, bands at every edge, the item-9 rule, and the instruments' text."""

import pytest

from actions.assessment_scoring import load_instrument_text, score_answers

TEXT = load_instrument_text()
PHQ9 = TEXT.instruments["phq9"]
GAD7 = TEXT.instruments["gad7"]


def answers_totalling(total: int, count: int, last_item_zero: bool = True) -> list:
    """Item scores (0-3) adding up to `total`; the last item stays 0 when asked (PHQ-9 item 9)."""
    free = count - 1 if last_item_zero else count
    scores = []
    for _ in range(free):
        step = min(3, total - sum(scores))
        scores.append(step)
    scores += [0] * (count - len(scores))
    assert sum(scores) == total, "test helper cannot reach that total"
    return scores


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_phq9_band_edges(total, band):
    result = score_answers(PHQ9, answers_totalling(total, 9))
    assert result.score == total
    assert result.band.label == band
    assert result.visitor_band_label == band
    assert result.item9_positive is False


def test_phq9_maximum_is_27_and_severe():
    result = score_answers(PHQ9, [3] * 9)
    assert (result.score, PHQ9.max_score, result.band.label) == (27, 27, "severe")
    assert result.item9_positive is True


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges(total, band):
    result = score_answers(GAD7, answers_totalling(total, 7, last_item_zero=False))
    assert result.score == total
    assert result.band.label == band
    assert GAD7.max_score == 21


@pytest.mark.parametrize("item9", [1, 2, 3])
@pytest.mark.parametrize("total_without_item9", [0, 3, 6])
def test_item9_positive_hides_reassuring_labels(item9, total_without_item9):
    scores = answers_totalling(total_without_item9, 9)
    scores[8] = item9
    result = score_answers(PHQ9, scores)
    assert result.item9_positive is True
    assert result.band.label in {"minimal", "mild"}  # the true band is kept for staff
    assert result.visitor_band_label is None


def test_item9_positive_keeps_serious_labels():
    scores = answers_totalling(14, 9)
    scores[8] = 1
    result = score_answers(PHQ9, scores)
    assert (result.score, result.visitor_band_label, result.item9_positive) == (
        15,
        "moderately severe",
        True,
    )


def test_item9_zero_is_not_positive_and_gad7_has_no_safety_item():
    assert score_answers(PHQ9, [3] * 8 + [0]).item9_positive is False
    assert score_answers(GAD7, [3] * 7).item9_positive is False


@pytest.mark.parametrize(
    "instrument, scores",
    [
        (PHQ9, [0] * 8),
        (PHQ9, [0] * 10),
        (GAD7, [0] * 9),
        (PHQ9, [0] * 8 + [4]),
        (GAD7, [0] * 6 + [-1]),
        (GAD7, [0] * 6 + [True]),
    ],
)
def test_rejects_incomplete_or_out_of_range_answers(instrument, scores):
    with pytest.raises(ValueError):
        score_answers(instrument, scores)


def test_record_for_staff_and_booking_request():
    scores = [1, 2, 1, 0, 3, 1, 2, 0, 0]
    record = score_answers(PHQ9, scores).as_record(completed_at="2026-01-02T03:04:05+00:00")
    assert record == {
        "instrument": "PHQ-9",
        "score": 10,
        "max_score": 27,
        "band": "moderate",
        "item9_positive": False,
        "item_scores": scores,
        "completed_at": "2026-01-02T03:04:05+00:00",
    }


# The published wording (Pfizer PHQ-9 and GAD-7 forms): the data file must match it.
PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
GAD7_ITEMS = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
]


def test_standard_item_wording_and_scale():
    assert list(PHQ9.items) == PHQ9_ITEMS
    assert list(GAD7.items) == GAD7_ITEMS
    for instrument in (PHQ9, GAD7):
        assert instrument.stem.startswith(
            "Over the last 2 weeks, how often have you been bothered by"
        )
    assert [(o.score, o.title) for o in TEXT.answer_scale] == [
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    ]
    assert PHQ9.safety_item == 9 and GAD7.safety_item is None


def test_attribution_and_page_disclaimer():
    assert (
        "Spitzer" in TEXT.attribution
        and "Williams" in TEXT.attribution
        and "Kroenke" in TEXT.attribution
    )
    assert "no permission is required" in TEXT.attribution
    assert TEXT.disclaimer.startswith(
        "This assessment is not designed to serve as a diagnostic instrument"
    )
    assert (
        "only a certified mental health professional or a physician should diagnose"
        in TEXT.disclaimer
    )
    assert TEXT.disclaimer.endswith(
        "we strongly recommend consulting with a doctor regarding your mental health."
    )
