"""Request bodies as JSON, with every malformed body a ValueError (the views answer 400).

Python's parser recurses once per nesting level: a 64 KiB body of "[[[[..." raises
RecursionError, which no view expected, so it became a 500. Our bodies are flat objects;
a few levels is all any caller needs.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 20


def _depth(value: Any) -> int:
    depth, level = 0, [value]
    while level:
        depth += 1
        level = [
            child
            for item in level
            if isinstance(item, (dict, list))
            for child in (item.values() if isinstance(item, dict) else item)
        ]
    return depth - 1


def parse_json(raw: bytes) -> Any:
    """Strict UTF-8 JSON; ValueError for bad bytes, bad JSON or nesting beyond MAX_DEPTH."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if _depth(value) > MAX_DEPTH:
        raise ValueError("JSON nested too deeply")
    return value
