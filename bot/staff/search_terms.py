"""The words of the console's text search, and their blind-index tokens.

What a visitor typed is never stored for searching: the index keeps, per conversation,
the keyed HMAC of each distinct normalised word (clinic/field_crypto.py `blind`). A search
normalises its words the same way and looks for their tokens under every data key.
Whole words match, in any case and Unicode form ("Cat" finds "cat", not "cats").
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Set

from clinic.field_crypto import DataCipher

WORD = re.compile(r"\w+")
MAX_TERM_CHARS = 64  # longer "words" (pasted ids, URLs) are cut: they still match themselves


def terms(text: str) -> List[str]:
    """The distinct normalised words of `text`, in order."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return list(dict.fromkeys(w[:MAX_TERM_CHARS] for w in WORD.findall(normal)))


def stored_tokens(text: str, cipher: DataCipher) -> Set[str]:
    """What the index stores for a visitor's message."""
    return {cipher.blind(term) for term in terms(text)}


def query_tokens(text: str, cipher: DataCipher) -> List[List[str]]:
    """Per search word, its tokens under every key: a conversation must hold one of each."""
    return [cipher.blind_any(term) for term in terms(text)]
