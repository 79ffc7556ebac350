"""Live chat's event bus: what one app process tells the others' open streams.

One process (the default profile): an in-memory fan-out. Several (the production profile,
REDIS_URL set): Redis pub/sub, so a visitor's stream on one process hears the staff reply
posted to another. Events are small JSON objects; they are not stored: what was said is in
Rasa's tracker, and the state is in the database, which every stream reads on (re)connect.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from typing import AsyncIterator, Dict, Set

logger = logging.getLogger("bot.live.bus")

STAFF_CHANNEL = "live:staff"
QUEUE_LIMIT = 200  # a stream that falls this far behind is dropped (its page reconnects)


def visitor_channel(conversation_id: str) -> str:
    # A digest, not the id: channel names show up in Redis' monitoring tools.
    return "live:visitor:" + hashlib.sha256(conversation_id.encode()).hexdigest()[:32]


class Subscription:
    """Events of one channel, in order; `events()` ends when the bus drops it."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)

    async def events(self) -> AsyncIterator[dict]:
        while True:
            event = await self.queue.get()
            if event is None:
                return
            yield event

    def put(self, event: dict) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            logger.warning("live stream too slow, dropped")
            with contextlib.suppress(asyncio.QueueEmpty):
                while True:
                    self.queue.get_nowait()
            self.queue.put_nowait(None)


class MemoryBus:
    """One process: publish hands the event to every subscription of the channel."""

    def __init__(self) -> None:
        self._subscribers: Dict[str, Set[Subscription]] = {}

    async def start(self) -> None:
        pass

    def end_streams(self) -> None:
        """Every open subscription ends (the app is shutting down)."""
        for subscriptions in self._subscribers.values():
            for subscription in subscriptions:
                subscription.put(None)

    async def close(self) -> None:
        self.end_streams()

    async def publish(self, channel: str, event: dict) -> None:
        for subscription in list(self._subscribers.get(channel, ())):
            subscription.put(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        subscription = Subscription()
        self._subscribers.setdefault(channel, set()).add(subscription)
        try:
            yield subscription
        finally:
            subscribers = self._subscribers.get(channel, set())
            subscribers.discard(subscription)
            if not subscribers:
                self._subscribers.pop(channel, None)


class RedisBus(MemoryBus):
    """Several processes: every publish goes through Redis; one pub/sub connection per
    process listens to the channels its streams need and fans out locally."""

    def __init__(self, redis_url: str) -> None:
        super().__init__()
        import redis.asyncio as redis  # only the production profile needs it

        self._redis = redis.from_url(redis_url)
        self._pubsub = self._redis.pubsub()
        self._listener: asyncio.Task | None = None

    async def start(self) -> None:
        # A pattern subscription from the start: the listener never waits for a first channel.
        await self._pubsub.psubscribe("live:*")
        self._listener = asyncio.create_task(self._listen())

    async def close(self) -> None:
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await super().close()
        with contextlib.suppress(Exception):
            await self._pubsub.close()
            await self._redis.close()

    async def publish(self, channel: str, event: dict) -> None:
        await self._redis.publish(channel, json.dumps(event))

    async def _listen(self) -> None:
        while True:
            try:
                async for message in self._pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    channel = message["channel"].decode()
                    await MemoryBus.publish(self, channel, json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - Redis restarts: resubscribe, streams resync
                logger.warning("live bus: redis listener failed (%s), retrying", type(exc).__name__)
                await asyncio.sleep(1.0)
                with contextlib.suppress(Exception):
                    await self._pubsub.psubscribe("live:*")
