"""What the assistant can understand and do, read from the Rasa project (domain.yml, data/responses).

The transcript's correction forms offer these names, and only these are accepted, so
exported NLU examples and test stories always name things the assistant knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

import yaml

from clinic.settings import PROJECT_DIR

DOMAIN_FILE = PROJECT_DIR / "domain.yml"
RESPONSES_DIR = PROJECT_DIR / "data" / "responses"  # retrieval answers (utter_faq/...) live here
# Rasa's own actions a correction may name.
DEFAULT_ACTIONS = (
    "action_listen",
    "action_default_fallback",
    "action_restart",
    "action_deactivate_loop",
)


@dataclass(frozen=True)
class AssistantDomain:
    intents: Tuple[str, ...]  # retrieval intents in full (faq/relief_speed) after the plain ones
    actions: Tuple[str, ...]  # custom actions, responses, forms, Rasa defaults


def _names(entries) -> List[str]:
    """Domain lists hold names or one-key mappings ({intent: {use_entities: ...}})."""
    names = []
    for entry in entries or []:
        names.extend(entry.keys() if isinstance(entry, dict) else [entry])
    return [str(n) for n in names]


def _files() -> List[Path]:
    return [DOMAIN_FILE, *sorted(RESPONSES_DIR.rglob("*.yml"))]


@lru_cache(maxsize=2)
def _load(stamp: Tuple[Tuple[str, int], ...]) -> AssistantDomain:
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8")) or {}
    responses = set((domain.get("responses") or {}).keys())
    for path in _files()[1:]:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict):
            responses.update((data.get("responses") or {}).keys())
    plain = _names(domain.get("intents"))
    # utter_faq/relief_speed answers the retrieval intent faq/relief_speed.
    retrieval = sorted(r[len("utter_") :] for r in responses if "/" in r and r.startswith("utter_"))
    retrieval_parents = {r.split("/")[0] for r in retrieval}
    actions = set(_names(domain.get("actions"))) | {r for r in responses if "/" not in r}
    actions |= {f"utter_{p}" for p in retrieval_parents}
    actions |= set((domain.get("forms") or {}).keys()) | set(DEFAULT_ACTIONS)
    return AssistantDomain(intents=tuple(plain + retrieval), actions=tuple(sorted(actions)))


def load_assistant_domain() -> AssistantDomain:
    """Re-read when any of the files changes."""
    return _load(tuple((str(p), p.stat().st_mtime_ns) for p in _files()))
