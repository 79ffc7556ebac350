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


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str) -> Optional[str]:
    """ "en" or "es" when the text says so clearly, else None (keep the current language)."""
    if len(WORD.findall(text or "")) < MIN_WORDS:
        return None
    language, probability = _identifier().classify(text)
    return language if probability >= MIN_PROBABILITY else None


def language_code(value: object) -> Optional[str]:
    """ "es" for "es", "es-MX", "ES_us"...; "en" likewise; None for anything else."""
    if not isinstance(value, str):
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None
