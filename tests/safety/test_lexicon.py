"""The deterministic crisis lexicon: 100 % recall on the crisis set, 0 false alarms on
the decoys, correct framing (someone else, Spanish), and test sets kept out of training."""

import re

import pytest
import yaml
from safety_fixtures import ROOT, load_decoys, load_phrases

from clinic.safety_lexicon import assess_crisis, detect_crisis, normalise

PHRASES = load_phrases()
DECOYS = load_decoys()


def test_the_sets_are_large_and_varied_enough():
    assert len(PHRASES) >= 80
    assert len(DECOYS) >= 40
    assert sum(1 for p in PHRASES if p.get("context")) >= 6, "mid-form phrasings"
    assert sum(1 for p in PHRASES if p.get("about_other")) >= 10, "third-person phrasings"
    assert sum(1 for p in PHRASES if p.get("spanish")) >= 6, "Spanish phrasings"
    assert len({p["text"] for p in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize("phrase", PHRASES, ids=lambda p: p["text"][:40])
def test_every_crisis_phrase_is_detected(phrase):
    signal = assess_crisis(phrase["text"])
    assert signal.is_crisis
    assert detect_crisis(phrase["text"])
    assert signal.about_other == phrase.get("about_other", False)
    if phrase.get("spanish"):
        assert signal.spanish


@pytest.mark.parametrize("text", DECOYS, ids=lambda t: t[:40])
def test_no_decoy_raises_a_false_alarm(text):
    assert not assess_crisis(text).is_crisis
    assert not detect_crisis(text)


def test_recall_and_false_alarm_rate(results_dir):
    missed = [p["text"] for p in PHRASES if not detect_crisis(p["text"])]
    false_alarms = [t for t in DECOYS if detect_crisis(t)]
    recall = 1 - len(missed) / len(PHRASES)
    report = f"crisis recall {recall:.1%} ({len(PHRASES)} phrases), decoy false alarms {len(false_alarms)}/{len(DECOYS)}"
    print(report)
    (results_dir / "crisis_lexicon.txt").write_text(report + "\n")
    assert recall == 1.0 and not false_alarms


@pytest.mark.parametrize(
    "text",
    ["ketamine killed my depression", "this traffic is killing me", "I'm dying to know your hours"],
)
def test_decoy_idioms_are_recognised_as_benign(text):
    # The NLU component uses this to overrule a classifier that guessed "crisis".
    assert assess_crisis(text).benign_idiom


def test_an_idiom_does_not_hide_a_crisis_in_the_same_message():
    signal = assess_crisis("you guys are killing it, but honestly I want to end my life")
    assert signal.is_crisis and signal.benign_idiom


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("I wanna kil mysefl", "i want to kill myself"),
        ("Im gonna END IT", "i am going to end it"),
        ("suiiiicide", "suicide"),
        ("k1ll my$elf", "kill myself"),
        ("d i e", "die"),
        ("k*ll myself", "kill myself"),
        ("¿Quién? quiero MORIR", "quien | quiero morir"),
    ],
)
def test_normalisation(raw, expected):
    assert normalise(raw) == expected


def test_empty_and_non_text_input():
    assert not detect_crisis("")
    assert not detect_crisis("🙂🙂🙂")
    assert not detect_crisis("x" * 5000)


def _training_texts():
    texts = []
    for path in [*(ROOT / "data").rglob("*.yml"), *(ROOT / "risk_data").rglob("*.yml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            texts += [
                line[2:]
                for line in (block.get("examples") or "").splitlines()
                if line.startswith("- ")
            ]
    return texts


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def test_test_sets_never_appear_in_training_data():
    training = {_key(t) for t in _training_texts()}
    assert len(training) > 500  # really read the NLU files
    leaked = [t for t in [p["text"] for p in PHRASES] + DECOYS if _key(t) in training]
    assert leaked == []
