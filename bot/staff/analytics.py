"""Figures for the analytics page, from the conversation index and the requests table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import List, Optional, Tuple

from sqlalchemy import and_, exists, func, select, true
from sqlalchemy.engine import Engine

from bot.storage.staff_tables import (
    staff_conversation_intents as intents,
)
from bot.storage.staff_tables import (
    staff_conversations as conversations,
)
from bot.storage.staff_tables import (
    staff_unanswered as unanswered,
)
from bot.storage.tables import appointment_requests as requests
from clinic.clock import utc_from_epoch

# Conversations are counted per 15-minute bucket in SQL, then per local day in Python:
# exact in every real time zone (offsets are whole quarter hours), and the database
# returns at most 96 rows a day, whatever the traffic.
BUCKET_S = 900
TOP_TOPICS = 10
TOP_UNANSWERED = 15
FAQ_PREFIX = "faq/"


@dataclass(frozen=True)
class Day:
    day: date
    conversations: int
    user_messages: int
    fallbacks: int

    @property
    def fallback_rate(self) -> Optional[float]:
        return self.fallbacks / self.user_messages if self.user_messages else None


@dataclass(frozen=True)
class Dashboard:
    days: List[Day]
    funnel: List[Tuple[str, int]]
    topics: List[Tuple[str, int]]
    unanswered: List[Tuple[str, int]]

    @property
    def conversations(self) -> int:
        return sum(d.conversations for d in self.days)

    @property
    def fallback_rate(self) -> Optional[float]:
        messages = sum(d.user_messages for d in self.days)
        return sum(d.fallbacks for d in self.days) / messages if messages else None


def dashboard(engine: Engine, first: date, last: date, zone: tzinfo) -> Dashboard:
    since = datetime.combine(first, datetime.min.time(), tzinfo=zone).timestamp()
    until = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone).timestamp()
    c = conversations.c
    in_range = and_(c.started_at >= since, c.started_at < until)
    bucket = func.floor(c.started_at / BUCKET_S)
    with engine.connect() as conn:
        buckets = conn.execute(
            select(bucket, func.count(), func.sum(c.user_messages), func.sum(c.fallbacks))
            .where(in_range)
            .group_by(bucket)
        ).all()
        started = conn.execute(
            select(func.count()).where(in_range, c.booking_started == true())
        ).scalar_one()
        booked = exists().where(
            requests.c.conversation_id == c.sender_id, requests.c.kind == "booking"
        )
        submitted = conn.execute(select(func.count()).where(in_range, booked)).scalar_one()
        scheduled = conn.execute(
            select(func.count()).where(
                in_range,
                exists().where(
                    requests.c.conversation_id == c.sender_id,
                    requests.c.kind == "booking",
                    requests.c.status == "scheduled",
                ),
            )
        ).scalar_one()
        topics = conn.execute(
            select(intents.c.intent, func.sum(intents.c.count).label("n"))
            .join(conversations, conversations.c.sender_id == intents.c.sender_id)
            # The topics' range, "faq/" <= intent < "faq0" ("0" follows "/"), off the intent
            # index; not the `faq` rows, which count every topic together.
            .where(
                in_range,
                intents.c.intent >= FAQ_PREFIX,
                intents.c.intent < FAQ_PREFIX[:-1] + "0",
            )
            .group_by(intents.c.intent)
            .order_by(func.sum(intents.c.count).desc(), intents.c.intent)
            .limit(TOP_TOPICS)
        ).all()
        # Counted by the text's keyed hash (the text itself is encrypted, a different token
        # each time); any one row of a group shows its text, since all hold the same words.
        missed = conn.execute(
            select(func.min(unanswered.c.text).label("text"), func.count().label("n"))
            .where(unanswered.c.at >= since, unanswered.c.at < until)
            .group_by(unanswered.c.text_key)
            .order_by(func.count().desc(), unanswered.c.text_key)
            .limit(TOP_UNANSWERED)
        ).all()
    per_day = {}
    for index, count, messages, fallbacks in buckets:
        day = utc_from_epoch(int(index) * BUCKET_S).astimezone(zone).date()
        per_day[day] = per_day.get(day, Counter()) + Counter(
            c=count, m=messages or 0, f=fallbacks or 0
        )
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        totals = per_day.get(day, Counter())
        days.append(Day(day, totals["c"], totals["m"], totals["f"]))
    return Dashboard(
        days=days,
        funnel=[
            ("Booking started", started),
            ("Request submitted", submitted),
            ("Scheduled by staff", scheduled),
        ],
        topics=[(intent[len(FAQ_PREFIX) :].replace("_", " "), int(n)) for intent, n in topics],
        unanswered=sorted(
            ((text, int(n)) for text, n in missed), key=lambda item: (-item[1], item[0])
        ),
    )
