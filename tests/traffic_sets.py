"""The chat-traffic evaluation sets (issue 16), shared by the NLU figures (tests/nlu/) and
the scripted conversations through the live stack (tests/e2e/).

tests/nlu/traffic/dev.yml is the development set (tuned on); test.yml gives the reported
figures and is never read while tuning. Neither is ever copied into data/.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
TRAFFIC_DIR = PROJECT_DIR / "tests" / "nlu" / "traffic"
RESULTS_DIR = PROJECT_DIR / "var" / "test-results"


def set_names() -> list:
    """Every set in the folder, so a new frozen set is covered the moment it is committed."""
    return sorted(path.stem for path in TRAFFIC_DIR.glob("*.yml"))


def load_set(name: str) -> dict:
    return yaml.safe_load((TRAFFIC_DIR / f"{name}.yml").read_text(encoding="utf-8"))
