"""The visitor's language (issue 19): English or Spanish, one per conversation.

Detected offline by py3langid, whose model ships inside the package (no download at run
time), restricted to the two languages the assistant speaks. A conversation's language
changes only on a confident detection of a message long enough to judge: "ok", "si", a
name or a phone number keep the current one (they score near the prior, ~0.66 here).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

ENGLISH, SPANISH = "en", "es"
LANGUAGES = (ENGLISH, SPANISH)
# Measured on tests/spanish/dev.yml and tests/nlu/traffic/dev.yml (docs/spanish.md): from
# 3 words and this probability on, a detection is right on both sets; below, it is a guess.
MIN_WORDS = 3
MIN_PROBABILITY = 0.99
WORD = re.compile(r"[^\W\d_]{2,}")
# A name typed alone ("Maria de la Cruz") reads as Spanish to the detector: every word
# capitalised or a particle of a name is a name, whatever language its owner speaks.
NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "da", "di", "van", "von"})
MAX_NAME_WORDS = 6


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str) -> Optional[str]:
    """ "en" or "es" when the text says so clearly, else None (keep the current language)."""
    words = WORD.findall(text or "")
    if len(words) < MIN_WORDS or looks_like_a_name(text, words):
        return None
    language, probability = _identifier().classify(text)
    return language if probability >= MIN_PROBABILITY else None


def language_code(value: object) -> Optional[str]:
    """ "es" for "es", "es-MX", "ES_us"...; "en" likewise; None for anything else."""
    if not isinstance(value, str):
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None


def looks_like_a_name(text: str, words: list) -> bool:
    bare = re.fullmatch(r"[^\W\d_][\w'’.\- ]*", text.strip())
    return (
        bool(bare)
        and len(words) <= MAX_NAME_WORDS
        and all(w[0].isupper() or w in NAME_PARTICLES for w in words)
    )
