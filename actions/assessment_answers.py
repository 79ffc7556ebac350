"""Free-text answers during the self-assessment, mapped deterministically.

Buttons send their titles as text, so buttons and typed answers take the same path.
An answer is accepted only when it names exactly one point of the scale; anything
vague or contradictory ("not every day", "no, most days") is asked again rather than
guessed, because a guessed answer would change someone's score.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Pattern, Sequence, Tuple

from actions.assessment_scoring import AnswerOption, Instrument, load_instrument_text

DECLINED = "declined"

# Phrases that sound like an answer but do not pick one point of the scale.
# Longer phrases win over the scale phrases they contain ("not every day" vs "every day").
VAGUE_ANSWERS = (
    "not every day",
    "not everyday",
    "not always",
    "not often",
    "not much",
    "not really",
    "not all the time",
    "not most days",
    "not nearly every day",
    "not sure",
    "dont know",
    "do not know",
    "no idea",
    "hardly",
    "hardly ever",
    "rarely",
    "a little",
    "a bit",
    "a lot",
    "lots",
    "half the days",
    "half the time",
    "never mind",
    "nevermind",
    "not never",
    # Spanish (issue 19); "no" alone means "Not at all", so a sentence with "no" is vague
    "no se",
    "no lo se",
    "no estoy seguro",
    "no estoy segura",
    "no puedo",
    "no siempre",
    "no mucho",
    "no tanto",
    "no todos los dias",
    "casi nunca",
    "casi siempre",
    "mas o menos",
    "un poco",
    "poco",
    "mucho",
    "la mitad",
    "la mitad de los dias",
    "ni idea",
)

# A question ("how often are boosters needed?") is not an answer, even when it contains
# a frequency word; only an answer phrase on its own ("Several days?") still counts.
_QUESTION_WORDS = frozenset(
    "how what why when where who which is are can could do does did will would should may".split()
)

# The visitor wants out of the questionnaire. Anchored to the whole message so that
# answers such as "I can't stop worrying" (GAD-7 item 2) never end it.
_STOP_OBJECT = r"(?: (?:it|this|that|now|here|please|thanks|thank you|for now|(?:the|this) (?:test|questionnaire|quiz|assessment|survey|questions)))*"
_STOP_VERB = r"(?:stop|cancel|quit|exit|end|abort|leave)"
_STOP_PATTERNS = [
    rf"^(?:(?:ok|okay|please|actually|sorry|no|just|lets|can we|can i|i want to|i would like to|id like to|i wanna|i need to|let me) )*{_STOP_VERB}{_STOP_OBJECT}$",
    r"^i (?:do not|dont) want to (?:continue|go on|keep going|do this|finish|answer)(?: (?:this|these|it|any more|anymore|questions|now))*$",
    r"^(?:im|i am) done(?: (?:now|here|with this))*$",
    r"^(?:no more(?: questions)?|enough|thats enough|never ?mind)$",
]
# The same in Spanish (issue 19): "parar", "ya no quiero seguir", "terminar el cuestionario".
_STOP_PATTERNS_ES = [
    r"^(?:(?:ya|por favor|quiero|quisiera|mejor|podemos|puedo) )*(?:parar|detener|terminar|salir|"
    r"cancelar|dejar(?:lo)?|basta|para|alto)(?: (?:ya|aqui|por favor|gracias|el (?:test|cuestionario)|"
    r"la (?:prueba|autoevaluacion|evaluacion)))*$",
    r"^(?:ya )?no (?:quiero|deseo) (?:seguir|continuar|contestar|terminar|hacer(?:lo)? esto)"
    r"(?: (?:ya|mas|por favor|con esto|el (?:test|cuestionario)))*$",
    r"^(?:ya )?(?:termine|acabe)$",
]
_STOP = re.compile("|".join(_STOP_PATTERNS + _STOP_PATTERNS_ES))

# Choosing not to take a questionnaire at all (the consent question).
_DECLINE_PHRASES = (
    "no",
    "nope",
    "nah",
    "no thanks",
    "no thank you",
    "not now",
    "not today",
    "maybe later",
    "later",
    "not interested",
    "rather not",
    "neither",
    "none",
    "not right now",
    "skip",
    "no gracias",
    "ahora no",
    "hoy no",
    "mas tarde",
    "luego",
    "despues",
    "ninguno",
    "ninguna",
    "no quiero",
    "prefiero no",
)


def normalise(text: str) -> str:
    """Lower case, plain letters and digits, single spaces; apostrophes dropped (don't -> dont);
    accents dropped (días -> dias)."""
    text = unicodedata.normalize("NFKD", text or "").lower()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _phrase_pattern(phrases: Iterable[str]) -> Pattern[str]:
    ordered = sorted({normalise(p) for p in phrases if normalise(p)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b")


@lru_cache(maxsize=1)
def _answer_lexicon() -> Tuple[Pattern[str], Dict[str, Optional[int]]]:
    meaning: Dict[str, Optional[int]] = {}
    scale: Sequence[AnswerOption] = load_instrument_text().answer_scale
    for option in scale:
        for phrase in (option.title, *option.also):
            meaning[normalise(phrase)] = option.score
    for phrase in VAGUE_ANSWERS:
        meaning[normalise(phrase)] = None
    return _phrase_pattern(meaning), meaning


def answer_score(text: str) -> Optional[int]:
    """0-3 when the text names exactly one answer of the scale, else None."""
    words = normalise(text)
    if words in {"0", "1", "2", "3"}:
        return int(words)
    pattern, meaning = _answer_lexicon()
    if looks_like_question(text) and words not in meaning:
        return None
    found = {meaning[m] for m in pattern.findall(words)}
    if len(found) == 1 and None not in found:
        return found.pop()
    return None


def looks_like_question(text: str) -> bool:
    words = normalise(text).split()
    return "?" in (text or "") or bool(words and words[0] in _QUESTION_WORDS)


def wants_to_stop(text: str) -> bool:
    return bool(_STOP.match(normalise(text)))


@lru_cache(maxsize=1)
def _choice_lexicon() -> Tuple[Pattern[str], Dict[str, str]]:
    meaning: Dict[str, str] = {}
    instruments: List[Instrument] = list(load_instrument_text().instruments.values())
    for instrument in instruments:
        for phrase in (instrument.button, instrument.name, *instrument.choice_words):
            meaning[normalise(phrase)] = instrument.key
    for phrase in _DECLINE_PHRASES:
        meaning[normalise(phrase)] = DECLINED
    decline_button = load_instrument_text().messages["decline_button"]
    meaning[normalise(decline_button)] = DECLINED
    return _phrase_pattern(meaning), meaning


def chosen_instrument(text: str) -> Optional[str]:
    """The instrument key picked, DECLINED, or None when unclear (e.g. "both")."""
    if wants_to_stop(text):
        return DECLINED
    pattern, meaning = _choice_lexicon()
    found = {meaning[m] for m in pattern.findall(normalise(text))}
    return found.pop() if len(found) == 1 else None
