"""Asks the app whether a member of staff can take the chat (issue 20).

POST {BOT_URL}/api/live/requests with the action server's bearer token. Anything but a
clear "waiting" (nobody available, the app down or slow) means today's behaviour: the
phone number and the call-back offer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional

import aiohttp

from clinic.settings import load_secrets, load_settings

logger = logging.getLogger(__name__)

REQUESTS_PATH = "/api/live/requests"
TIMEOUT = aiohttp.ClientTimeout(total=3.0)  # the visitor is waiting for any answer


@dataclass(frozen=True)
class LiveAnswer:
    waiting: bool
    wait_s: int = 0
    nobody_available: bool = False  # the app answered: nobody is on the live page


async def ask_for_person(conversation_id: str, callback_offered: bool) -> LiveAnswer:
    url = load_settings().bot_url.rstrip("/") + REQUESTS_PATH
    headers = {"Authorization": f"Bearer {load_secrets()['appointments_token']}"}
    body = {"conversation_id": conversation_id, "callback_offered": callback_offered}
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(url, json=body, headers=headers) as response:
                answer: Optional[dict] = await response.json() if response.status == 200 else None
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        logger.warning(
            "conversation=%s event=live_request_failed error=%s",
            conversation_id,
            type(exc).__name__,
        )
        return LiveAnswer(waiting=False)
    if not isinstance(answer, dict):
        return LiveAnswer(waiting=False)
    if answer.get("status") in ("waiting", "joined"):
        return LiveAnswer(waiting=True, wait_s=int(answer.get("wait_s") or 0))
    return LiveAnswer(waiting=False, nobody_available=answer.get("status") == "unavailable")
