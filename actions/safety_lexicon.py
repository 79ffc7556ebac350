"""Deterministic crisis lexicon (pure Python: used by Rasa's NLU and the action server).

Initial version; the safety work (issue 4) extends it with typos, slang, passive
ideation, Spanish and decoys.
"""
import re

_PATTERNS = [
    r"\b(kill|hurt|harm)\s+my\s*self\b",
    r"\bsuicid",
    r"\b(want|wanna|going)\s+to\s+die\b",
    r"\bkms\b",
    r"\bend\s+(my|it)\s+(life|all)\b",
]
_CRISIS = re.compile("|".join(_PATTERNS), re.IGNORECASE)


def detect_crisis(text: str) -> bool:
    """True when the text may express suicidal ideation, self-harm or danger to others."""
    return bool(_CRISIS.search(text))
