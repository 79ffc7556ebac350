"""The one retry schedule: the action server's request outbox and the app's email notices."""

from __future__ import annotations

import random
from typing import Callable


def backoff_s(
    attempts: int, base_s: float, cap_s: float, rng: Callable[[], float] = random.random
) -> float:
    """base, 2*base, 4*base ... up to cap, each drawn from its upper half (equal jitter) so
    processes that failed together do not retry together."""
    ceiling = min(cap_s, base_s * 2 ** max(attempts - 1, 0))
    return ceiling / 2 + rng() * ceiling / 2
