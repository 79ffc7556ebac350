"""POST /api/live/requests: the action server asks for a person on a visitor's behalf.

Authorization: Bearer <appointments_token> (the action server's one secret for the app).
Body {"conversation_id": str, "callback_offered": bool}. Answer {"status": "waiting",
"wait_s": n} when someone is available (the visitor's request is now on the live page),
else {"status": "unavailable"}: the assistant then gives today's phone and call-back offer.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from aiohttp import web

from bot.api.appointments import check_token
from bot.api_errors import ApiError
from bot.app_state import DATABASE
from bot.live import handoffs, service
from bot.live.state import LIVE_WAIT_S
from bot.request_log import CONVERSATION_KEY
from clinic.privacy_markers import conversation_tag

logger = logging.getLogger("bot.live")


async def request_person(request: web.Request) -> web.Response:
    check_token(request)
    try:
        body = json.loads((await request.read()).decode("utf-8"))
    except ValueError:
        raise ApiError(400, "body is not valid UTF-8 JSON") from None
    conversation_id = body.get("conversation_id") if isinstance(body, dict) else None
    if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= 255:
        raise ApiError(400, "conversation_id required", "conversation_id")
    request[CONVERSATION_KEY] = conversation_id
    wait_s = request.app[LIVE_WAIT_S]
    handoff = await request.app[DATABASE].run(
        handoffs.request_handoff,
        conversation_id,
        body.get("callback_offered") is not False,
        wait_s,
        datetime.now(timezone.utc),
    )
    if handoff is None:
        logger.info("live event=nobody_available conv=%s", conversation_tag(conversation_id))
        return web.json_response({"status": "unavailable"})
    await service.publish_queue(request.app)
    logger.info("live event=requested conv=%s", conversation_tag(conversation_id))
    return web.json_response({"status": handoff.status, "wait_s": wait_s})
