"""Rasa's SQL tracker store on the app's database (DATABASE_URL), with each event's data encrypted.

Rows are Rasa's own (`SQLTrackerStore.SQLEvent`): sender_id, type_name, timestamp,
intent_name and action_name stay plain and queryable (the staff console's index reads
them); `data`, the event's JSON with the visitor's words and slot values, is encrypted
(clinic/event_data.py).

Each Rasa process keeps the latest session of recently active conversations decoded in
memory (ConversationCache): a turn then reads only a row count and the newest row id to
check its copy, instead of decrypting and deserialising the whole conversation (py-spy:
about a third of Rasa's CPU per turn). Rows written by another process (production
replicas) or deleted (erasure, retention) change that count or id, and the copy is
refreshed from the database, so the database stays the one source of truth.

Rasa falls back silently to an in-memory store if this class fails to import, so
tests/privacy/test_tracker_store.py checks that events really land in the database.
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted, SlotSet, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from clinic import event_data
from clinic.database import create_db_engine
from clinic.privacy_markers import ERASED_SLOT
from clinic.settings import load_settings
from components.database_outage import rides_out_outages

logger = logging.getLogger(__name__)


def stored_row(sender_id: str, event: Event) -> dict:
    """The `events` row for one event, as SQLTrackerStore.save builds it, with `data` encrypted."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": event_data.encode(data),
    }


@dataclass(frozen=True)
class CachedSession:
    """The stored events of a conversation's latest session, and how to tell they are current."""

    events: Tuple[Event, ...]
    rows: int  # rows of the latest session (what Rasa's save counts as stored)
    stamp: Tuple[int, Optional[int]]  # (rows, newest row id) over all the sender's sessions
    size: int = 0  # approximate bytes of the decoded events (approximate_size)


def approximate_size(value: Any, seen: Optional[set] = None) -> int:
    """Bytes held by decoded events: sys.getsizeof over their objects, each object once.

    An event's parse data (intent and response rankings, entities) makes a visitor's
    turn ~20 KB decoded; a long conversation ~0.5 MB. Counted once per new event.
    """
    seen = set() if seen is None else seen
    total, todo = 0, [value]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            todo.extend(item)
        elif hasattr(item, "__dict__"):
            todo.append(item.__dict__)
    return total


class ConversationCache:
    """Least recently used conversations of this process, within a budget of bytes.

    The budget bounds the memory (the count alone did not: 500 conversations at up to
    ~0.5 MB each grew a Rasa process by ~250 MB); MAX_CONVERSATIONS still bounds the count.
    """

    MAX_CONVERSATIONS = 500
    MAX_BYTES = 48 * 1024 * 1024  # a clinic has a few dozen conversations going at once

    def __init__(self, max_bytes: Optional[int] = None) -> None:
        self._entries: "OrderedDict[str, CachedSession]" = OrderedDict()
        self.max_bytes = self.MAX_BYTES if max_bytes is None else max_bytes
        self.bytes = 0

    def get(self, sender_id: str, stamp: Tuple[int, Optional[int]]) -> Optional[CachedSession]:
        """The cached session if the database still holds exactly what it was cached from."""
        entry = self._entries.get(sender_id)
        if entry is None or entry.stamp != stamp:
            return None
        self._entries.move_to_end(sender_id)
        return entry

    def put(self, sender_id: str, entry: CachedSession) -> None:
        self.drop(sender_id)
        if entry.size > self.max_bytes:
            return
        self._entries[sender_id] = entry
        self.bytes += entry.size
        while len(self._entries) > self.MAX_CONVERSATIONS or self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size

    def drop(self, sender_id: str) -> None:
        entry = self._entries.pop(sender_id, None)
        if entry is not None:
            self.bytes -= entry.size


class NotAContinuation(Exception):
    """A tracker to save does not start with the events stored for its conversation."""


def _is_erasure(event: Event) -> bool:
    return isinstance(event, SlotSet) and event.key == ERASED_SLOT and event.value is True


class ClinicTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        database_url: Optional[str] = None,
        **_: Any,
    ) -> None:
        url = make_url(database_url or load_settings().database_url)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
        )
        # The app's engine (clinic/database.py) instead of Rasa's plain one: pool_pre_ping,
        # so connections that died with a PostgreSQL restart are replaced, not used; SQLite's
        # busy timeout; no SQL parameters in error messages.
        rasa_engine, self.engine = self.engine, create_db_engine(self.engine.url)
        rasa_engine.dispose()
        self.sessionmaker = sessionmaker(bind=self.engine)
        self._cache = ConversationCache()

    def _stamp(self, session: Any, sender_id: str) -> Tuple[int, Optional[int]]:
        """(rows, newest row id) of a sender: one indexed query; changes with any write or delete."""
        events = self.SQLEvent.__table__
        query = select(func.count(events.c.id), func.max(events.c.id)).where(
            events.c.sender_id == sender_id
        )
        count, newest = session.execute(query).one()
        return count, newest

    @rides_out_outages
    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        # SQLTrackerStore._retrieve, with the data decrypted and the latest session cached.
        with self.session_scope() as session:
            if fetch_events_from_all_sessions:
                events = _decoded(
                    self._event_query(session, sender_id, fetch_events_from_all_sessions=True).all()
                )
            else:
                stamp = self._stamp(session, sender_id)
                cached = self._cache.get(sender_id, stamp)
                if cached is None:
                    rows = self._event_query(
                        session, sender_id, fetch_events_from_all_sessions=False
                    ).all()
                    decoded = tuple(_decoded(rows))
                    cached = CachedSession(decoded, len(rows), stamp, approximate_size(decoded))
                    self._cache.put(sender_id, cached)
                events = list(cached.events)
        if self.domain and events:
            return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        return None

    @rides_out_outages
    async def save(self, tracker: DialogueStateTracker) -> None:
        # SQLTrackerStore.save, with the data encrypted.
        await self.stream_events(tracker)
        sender_id, events = tracker.sender_id, list(tracker.events)
        with self.session_scope() as session:
            stamp = self._stamp(session, sender_id)
            cached = self._cache.get(sender_id, stamp)
            new = list(self._additional_events(session, sender_id, events, cached))
            rows = [self.SQLEvent(**stored_row(sender_id, event)) for event in new]
            session.add_all(rows)
            session.flush()  # assigns the row ids (read after commit, each would cost a query)
            new_stamp = (stamp[0] + len(rows), max((row.id for row in rows), default=stamp[1]))
            session.commit()
            if not new or any(isinstance(e, SessionStarted) for e in new):
                # Nothing written (an erasure) or a new session: the next turn reads it afresh.
                self._cache.drop(sender_id)
            else:  # the latest session's rows are now exactly the tracker's events
                size = (cached.size if cached else approximate_size(events[: -len(new)])) + (
                    approximate_size(new)
                )
                self._cache.put(
                    sender_id, CachedSession(tuple(events), len(events), new_stamp, size)
                )

    def _additional_events(
        self, session: Any, sender_id: str, events: List[Event], cached: Optional[CachedSession]
    ) -> Iterator[Event]:
        """The events not stored yet; none of a conversation the visitor just erased.

        The app deleted the stored events while action_delete_my_data ran; Rasa's own
        count would now find none stored and write the whole tracker again. The action's
        SlotSet(conversation_erased) marks that turn: nothing of it is written, and the
        visitor's next message starts a new, empty conversation.
        """
        if cached is not None:
            stored = cached.rows
            last = cached.events[-1].timestamp if cached.events else None
        else:
            stored = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=False
            ).count()
            last = self._last_timestamp(session, sender_id) if stored else None
        if stored and not (len(events) >= stored and events[stored - 1].timestamp == last):
            # E.g. Rasa's FailSafeTrackerStore started a fresh tracker while the database was
            # unreachable: appending its tail would splice two conversations together.
            raise NotAContinuation("the tracker does not continue the stored conversation")
        if any(_is_erasure(e) for e in events[stored:]):
            logger.info("conversation erased; its last turn is not stored")
            return iter(())
        return itertools.islice(events, stored, len(events))

    def _last_timestamp(self, session: Any, sender_id: str) -> Optional[float]:
        return (
            session.query(self.SQLEvent.timestamp)
            .filter(self.SQLEvent.sender_id == sender_id)
            .order_by(self.SQLEvent.id.desc())
            .limit(1)
            .scalar()
        )


def _decoded(rows: list) -> List[Event]:
    return deserialise_events([event_data.decode(row.data) for row in rows])
