"""Fixtures for tests/spanish (the safety fixtures: one tracker and rendering helper)."""

import sys
from pathlib import Path

# The Spanish evaluation runs the safety harness (tests/safety/safety_eval_harness.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "safety"))

from safety_fixtures import domain, profile  # noqa: E402,F401
