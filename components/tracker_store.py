"""Rasa's SQL tracker store on the app's database (DATABASE_URL), with each event's data encrypted.

Rows are Rasa's own (`SQLTrackerStore.SQLEvent`): sender_id, type_name, timestamp,
intent_name and action_name stay plain and queryable (the staff console's index reads
them); `data`, the event's JSON with the visitor's words and slot values, is encrypted
(bot/storage/event_data.py).

Rasa falls back silently to an in-memory store if this class fails to import, so
tests/privacy/test_tracker_store.py checks that events really land in the database.
"""
from __future__ import annotations

import itertools
import logging
from typing import Any, Iterator, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot.privacy import ERASED_SLOT
from bot.settings import load_settings
from bot.storage import event_data
from bot.storage.database import create_db_engine
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
        # The app's engine (bot/storage/database.py) instead of Rasa's plain one: pool_pre_ping,
        # so connections that died with a PostgreSQL restart are replaced, not used; SQLite's
        # busy timeout; no SQL parameters in error messages.
        rasa_engine, self.engine = self.engine, create_db_engine(self.engine.url)
        rasa_engine.dispose()
        self.sessionmaker = sessionmaker(bind=self.engine)

    @rides_out_outages
    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        # SQLTrackerStore._retrieve, with the data decrypted.
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            events = [event_data.decode(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    @rides_out_outages
    async def save(self, tracker: DialogueStateTracker) -> None:
        # SQLTrackerStore.save, with the data encrypted.
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                session.add(self.SQLEvent(**stored_row(tracker.sender_id, event)))
            session.commit()

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet; none of a conversation the visitor just erased.

        The app deleted the stored events while action_delete_my_data ran; Rasa's own
        count would now find none stored and write the whole tracker again. The action's
        SlotSet(conversation_erased) marks that turn: nothing of it is written, and the
        visitor's next message starts a new, empty conversation.
        """
        stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        events = list(tracker.events)
        if stored and not self._continues_stored(session, tracker.sender_id, events, stored):
            # E.g. Rasa's FailSafeTrackerStore started a fresh tracker while the database was
            # unreachable: appending its tail would splice two conversations together.
            raise NotAContinuation("the tracker does not continue the stored conversation")
        if any(_is_erasure(e) for e in events[stored:]):
            logger.info("conversation erased; its last turn is not stored")
            return iter(())
        return itertools.islice(events, stored, len(events))

    def _continues_stored(self, session: Any, sender_id: str, events: list, stored: int) -> bool:
        """Whether the tracker's first `stored` events are the stored ones (checked by the last one's time)."""
        last = (
            session.query(self.SQLEvent.timestamp)
            .filter(self.SQLEvent.sender_id == sender_id)
            .order_by(self.SQLEvent.id.desc())
            .limit(1)
            .scalar()
        )
        return len(events) >= stored and events[stored - 1].timestamp == last
