"""Rasa's REST channel for the gateway, with a failed turn answered as an error.

Rasa's own RestInput answers 200 with no messages when handling a message fails (e.g.
Redis, the lock store, is down), so the gateway could not tell the visitor anything went
wrong; and it logs the visitor's text with the failure. This one answers 503, which the
gateway turns into its "assistant unavailable" error (the widget offers a retry), and
logs the conversation tag and the error type only. Same name, so the same URL:
/webhooks/rest/webhook. credentials.yml names it.

At most TURNS_AT_ONCE turns run at a time; the others wait their turn in arrival order.
A Rasa turn runs on one core and yields only while it waits for the action server, so
admitting every request at once gains nothing and lets a form step, which yields, queue
behind every other turn each time it does: at 50 concurrent conversations p95 was 3.6 s
at a mean of 1.2 s (bench/chat_load.py).

A turn is taken only with `Authorization: Bearer <RASA_TOKEN>`: the gateway has checked
the visitor's signed session, message size and rate before it forwards a turn, so nobody
who merely reaches this port may post into a conversation. Once the server starts, the
same check guards every route of Rasa's HTTP API too (trackers included), replacing
Rasa's own `--auth-token`, which would put the token in the process arguments and accept
it only as a `?token=` query string; only `/`, the health check, stays open.

It is also this project's one hook into the Rasa server's start: once the model is
loaded, the objects that live as long as the process are frozen out of garbage collection.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic.internal_auth import bearer_middleware, bearer_ok, refusal
from clinic.privacy_markers import (
    conversation_tag,  # the tag the web app logs for the same conversation
)
from clinic.settings import load_secrets

logger = logging.getLogger(__name__)

TURN_FAILED = "the assistant could not handle this message"
# Enough to keep the CPU busy while a turn or two wait for the action server.
TURNS_AT_ONCE = 4
HEALTH_PATHS = ("/",)


class GatewayRestInput(RestInput):
    def __init__(self, token: Optional[str] = None) -> None:
        # Rasa builds the channel from credentials.yml (no arguments): RASA_TOKEN from the
        # environment or var/secrets.json then.
        self._token = token

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("gateway_rest_webhook", __name__)
        turns = asyncio.Semaphore(TURNS_AT_ONCE)
        token = self._token or load_secrets()["rasa_token"]

        @webhook.listener("before_server_start")
        async def require_token_everywhere(app: Any, _loop: Any) -> None:
            # Sanic runs the app's request middlewares on every request: one added before
            # the server starts guards every route Rasa and its channels registered.
            app.register_middleware(bearer_middleware(token, HEALTH_PATHS), "request")

        @webhook.listener("after_server_start")
        async def freeze_startup_objects(*_: Any) -> None:
            # The model is loaded (before_server_start): ~600,000 objects that live as long
            # as the process. Frozen, Python's full collections skip them (0.2-0.4 s each).
            # Collected first, so no start-up garbage is frozen with them.
            gc.collect()
            gc.freeze()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not bearer_ok(request, token):
                return refusal()
            sender_id = await self._extract_sender(request)
            collector = CollectingOutputChannel()
            message = UserMessage(
                self._extract_message(request),
                collector,
                sender_id,
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                async with turns:
                    await on_new_message(message)
            except Exception as exc:  # noqa: BLE001 - whatever failed, the caller must hear of it
                logger.error(
                    "conversation=%s event=turn_failed error=%s",
                    conversation_tag(sender_id),
                    type(exc).__name__,
                )
                return response.json({"error": TURN_FAILED}, status=503)
            return response.json(collector.messages)

        return webhook
