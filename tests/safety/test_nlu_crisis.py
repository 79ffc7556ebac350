"""The trained model's NLU (classifiers + the crisis override): every crisis phrase
parses to intent `crisis`, no decoy does. Needs models/current.tar.gz (make test trains it)."""

import pytest
from safety_fixtures import load_decoys, load_phrases

from clinic.safety_lexicon import PARSE_KEY

PHRASES = load_phrases()
DECOYS = load_decoys()


@pytest.mark.parametrize("phrase", PHRASES, ids=lambda p: p["text"][:40])
def test_crisis_phrase_parses_to_crisis(nlu_parse, phrase):
    result = nlu_parse(phrase["text"])
    assert result["intent"]["name"] == "crisis"
    assert result["intent_ranking"][0]["name"] == "crisis"
    assert result[PARSE_KEY]["about_other"] == phrase.get("about_other", False)


@pytest.mark.parametrize("text", DECOYS, ids=lambda t: t[:40])
def test_decoy_does_not_parse_to_crisis(nlu_parse, text):
    result = nlu_parse(text)
    assert result["intent"]["name"] != "crisis"
    assert PARSE_KEY not in result


def test_nlu_recall_and_false_alarms(nlu_parse, results_dir):
    missed = [p["text"] for p in PHRASES if nlu_parse(p["text"])["intent"]["name"] != "crisis"]
    false_alarms = [t for t in DECOYS if nlu_parse(t)["intent"]["name"] == "crisis"]
    report = (
        f"NLU crisis recall {1 - len(missed) / len(PHRASES):.1%} ({len(PHRASES)} phrases), "
        f"decoy false alarms {len(false_alarms)}/{len(DECOYS)}"
    )
    print(report)
    (results_dir / "crisis_nlu.txt").write_text(report + "\n")
    assert not missed and not false_alarms
