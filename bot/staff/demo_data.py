"""`python -m bot demo-data`: fill a database with synthetic conversations, as Rasa stores them.

Events go into Rasa's own `events` table (created from SQLTrackerStore's model), one
row per Rasa event exactly as our tracker store writes it, data encrypted
(tests/staff/test_demo_data.py checks that against the tracker store itself); written in bulk, as saving 100,000 trackers one by one
would take far longer. Requests the visitors sent go into appointment_requests through
the app's own validation. Then the conversation index is brought up to date.
"""

from __future__ import annotations

import math
import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Dict, List, Set

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bot.staff.conversation_index import update_index
from bot.staff.demo_scenarios import make_conversation
from bot.staff.tracker_events import events as events_table
from bot.storage.staff_tables import staff_request_events
from bot.storage.tables import appointment_requests
from clinic import event_data
from clinic.clock import utc_from_epoch
from clinic.profile import load_profile
from clinic.reference_codes import ALPHABET

CONVERSATIONS_PER_WRITE = 2000
DEMO_ACTOR = "demo.frontdesk"
DAY = 86400.0


class DatabaseNotEmpty(Exception):
    pass


@dataclass
class DemoSummary:
    conversations: int
    events: int
    requests: int
    write_seconds: float
    index_seconds: float


def tracker_store_row(sender_id: str, event) -> dict:
    """The `events` row our tracker store (components/tracker_store.py) writes for `event`: Rasa's
    SQLTrackerStore row with the data encrypted."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": event_data.encode(data),
    }


def create_events_table(engine: Engine) -> None:
    """Rasa's own table definition, so the schema is the one Rasa would create."""
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore.SQLEvent.__table__.create(engine, checkfirst=True)


def _start_times(rng: random.Random, count: int, days: int, now: float) -> List[float]:
    """Spread over `days`, busier in the clinic's daytime and on recent days (the site grows)."""
    starts = []
    for _ in range(count):
        age_days = days * (1 - math.sqrt(rng.random()))  # more recent days are busier
        day_start = now - age_days * DAY
        hour = rng.choices(
            range(24), [1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 8, 8, 8, 8, 8, 8, 9, 9, 8, 6, 4, 2]
        )[0]
        start = day_start - (day_start % DAY) + hour * 3600 + rng.uniform(0, 3600)
        starts.append(
            start if start < now - 3600 else start - DAY
        )  # today's later hours: yesterday
    return sorted(starts)


def _status_history(rng: random.Random, age_days: float) -> List[str]:
    """Older requests have been followed up further."""
    if age_days < 1:
        return []
    if age_days < 7:
        return rng.choice([[], ["contacted"], ["contacted"], ["contacted", "scheduled"]])
    return rng.choice(
        [
            ["contacted", "scheduled"],
            ["contacted", "scheduled"],
            ["contacted", "closed"],
            ["closed"],
            ["contacted", "scheduled", "closed"],
        ]
    )


def write_demo_data(
    engine: Engine,
    conversations: int,
    days: int = 365,
    seed: int = 7,
    append: bool = False,
    report: Callable[[str], None] = print,
    now: float | None = None,
) -> DemoSummary:
    """Write `conversations` synthetic conversations ending by `now`, then index them."""
    from bot.api.appointment_validation import validate_appointment_request

    now = time.time() if now is None else now
    create_events_table(engine)
    with engine.connect() as conn:
        if not append and conn.execute(select(events_table.c.id).limit(1)).first():
            raise DatabaseNotEmpty(
                "the database already holds conversations; use a new DATABASE_URL or --append"
            )
        used: Set[str] = set(conn.execute(select(appointment_requests.c.reference)).scalars())
    rng = random.Random(seed)
    locations = load_profile().booking_locations

    def new_reference() -> str:
        while True:
            reference = "NTX-" + "".join(rng.choice(ALPHABET) for _ in range(5))
            if reference not in used:
                used.add(reference)
                return reference

    started, written_events, written_requests = time.monotonic(), 0, 0
    starts = _start_times(rng, conversations, days, now)
    for first in range(0, len(starts), CONVERSATIONS_PER_WRITE):
        rows: List[dict] = []
        requests: List[dict] = []
        for start in starts[first : first + CONVERSATIONS_PER_WRITE]:
            conversation = make_conversation(
                rng, uuid.UUID(int=rng.getrandbits(128)).hex, start, new_reference
            )
            rows.extend(tracker_store_row(conversation.sender_id, e) for e in conversation.events)
            if conversation.request:
                row = validate_appointment_request(conversation.request, locations)
                row.update(
                    idempotency_key=f"demo-{uuid.UUID(int=rng.getrandbits(128))}",
                    created_at=utc_from_epoch(conversation.request_time),
                )
                requests.append(row)
        with engine.begin() as conn:
            conn.execute(insert(events_table), rows)
            if requests:
                conn.execute(insert(appointment_requests), requests)
                _follow_up(conn, rng, requests, now)
        written_events += len(rows)
        written_requests += len(requests)
        report(
            f"    {min(first + CONVERSATIONS_PER_WRITE, len(starts)):>9,} conversations, {written_events:>11,} events"
        )
    write_seconds = time.monotonic() - started

    started = time.monotonic()
    while update_index(engine):
        pass
    index_seconds = time.monotonic() - started
    report(f"    indexed in {index_seconds:.1f} s")
    return DemoSummary(len(starts), written_events, written_requests, write_seconds, index_seconds)


def _follow_up(conn, rng: random.Random, requests: List[dict], now: float) -> None:
    """Give older requests the status changes staff would have made, with who and when."""
    references = [r["reference"] for r in requests]
    ids: Dict[str, int] = dict(
        conn.execute(
            select(appointment_requests.c.reference, appointment_requests.c.id).where(
                appointment_requests.c.reference.in_(references)
            )
        ).all()
    )
    history, final = [], {}
    for request in requests:
        created = request["created_at"]
        at, previous = created, "new"
        for status in _status_history(rng, (now - created.timestamp()) / DAY):
            at = min(
                at + timedelta(hours=rng.uniform(2, 48)),
                utc_from_epoch(now - 60),
            )
            history.append(
                {
                    "request_id": ids[request["reference"]],
                    "at": at,
                    "actor": DEMO_ACTOR,
                    "old_status": previous,
                    "new_status": status,
                }
            )
            previous = status
        if previous != "new":
            final[ids[request["reference"]]] = previous
    if history:
        conn.execute(insert(staff_request_events), history)
    for status in set(final.values()):
        conn.execute(
            appointment_requests.update()
            .where(appointment_requests.c.id.in_([i for i, s in final.items() if s == status]))
            .values(status=status)
        )
