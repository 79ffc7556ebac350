"""In-memory sliding-window rate limits for the chat gateway (per session and per IP).

In-process state: with several app replicas each enforces its own share, which is
acceptable for abuse protection (a shared store would be needed for exact global limits).
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Dict, Tuple


class SlidingWindow:
    """At most `limit` hits per `window` seconds for each key."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._hits: Dict[str, Deque[float]] = {}

    def wait_time(self, key: str) -> float:
        """Seconds until `key` may hit again; 0 when it may now."""
        hits = self._hits.get(key)
        now = self._clock()
        if hits:
            while hits and hits[0] <= now - self.window:
                hits.popleft()
        if not hits or len(hits) < self.limit:
            return 0.0
        return hits[0] + self.window - now

    def record(self, key: str) -> None:
        self._hits.setdefault(key, deque()).append(self._clock())

    def forget_idle(self) -> None:
        """Drop keys with no hit inside the window, so memory stays bounded."""
        cutoff = self._clock() - self.window
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= cutoff]:
            del self._hits[key]


@dataclass(frozen=True)
class ChatLimits:
    """(messages, seconds) windows; the defaults allow fast button clicking, stop floods."""

    session_burst: Tuple[int, float] = (20, 10.0)
    session_sustained: Tuple[int, float] = (60, 60.0)
    per_ip: Tuple[int, float] = (120, 60.0)
    # GET /api/chat/history: each read loads the tracker from Rasa. A page load reads once;
    # this leaves room for many tabs and reloads, not for a loop.
    history_per_session: Tuple[int, float] = (30, 60.0)
    history_per_ip: Tuple[int, float] = (120, 60.0)
    # GET /healthz: each call checks Rasa, the action servers and the database.
    health_per_ip: Tuple[int, float] = (60, 60.0)


_NONE = (10**9, 1.0)
UNLIMITED = ChatLimits(
    session_burst=_NONE,
    session_sustained=_NONE,
    per_ip=_NONE,
    history_per_session=_NONE,
    history_per_ip=_NONE,
    health_per_ip=_NONE,
)


class ChatRateLimits:
    SWEEP_EVERY = 1000  # hits between sweeps of idle keys

    def __init__(
        self, limits: ChatLimits = ChatLimits(), clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._session = [
            SlidingWindow(*limits.session_burst, clock),
            SlidingWindow(*limits.session_sustained, clock),
        ]
        self._ip = SlidingWindow(*limits.per_ip, clock)
        self._history_session = SlidingWindow(*limits.history_per_session, clock)
        self._history_ip = SlidingWindow(*limits.history_per_ip, clock)
        self._health_ip = SlidingWindow(*limits.health_per_ip, clock)
        self._hits_since_sweep = 0

    def check(self, session_id: str, ip: str) -> int:
        """0 and the message counted, or the whole seconds to wait (for Retry-After)."""
        return self._check([(w, session_id) for w in self._session] + [(self._ip, ip)])

    def check_reads(self, session_id: str, ip: str) -> int:
        """The same for a history read."""
        return self._check([(self._history_session, session_id), (self._history_ip, ip)])

    def check_health(self, ip: str) -> int:
        return self._check([(self._health_ip, ip)])

    def _check(self, checks) -> int:
        wait = max(window.wait_time(key) for window, key in checks)
        if wait > 0:
            return max(1, math.ceil(wait))
        for window, key in checks:
            window.record(key)
        self._hits_since_sweep += 1
        if self._hits_since_sweep >= self.SWEEP_EVERY:
            self._hits_since_sweep = 0
            for window, _ in checks:
                window.forget_idle()
        return 0
