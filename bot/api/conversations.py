"""DELETE /api/conversations/{conversation_id}: a visitor's "delete my data", asked by the action server.

Authorization: Bearer <appointments_token> (the action server's secret for the app; the
browser cannot reach this). Answers what was deleted and which requests were kept:
{"conversation_id", "deleted": {"events", "visitor_messages"}, "kept_requests": [reference, ...]}.
Deleting a conversation with nothing stored answers the same, with zeros (idempotent).
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.api.appointments import check_token
from bot.api_errors import ApiError
from bot.app_state import DATABASE
from bot.privacy.erasure import erase_conversation
from bot.request_log import CONVERSATION_KEY
from bot.storage.tables import appointment_requests
from clinic.clock import utc_now
from clinic.privacy_markers import conversation_tag

logger = logging.getLogger("bot.privacy")

MAX_ID_CHARS = appointment_requests.c.conversation_id.type.length


async def erase_conversation_request(request: web.Request) -> web.Response:
    check_token(request)
    conversation_id = request.match_info["conversation_id"]
    if not conversation_id.strip() or len(conversation_id) > MAX_ID_CHARS:
        raise ApiError(
            400, f"conversation id must be 1-{MAX_ID_CHARS} characters", "conversation_id"
        )
    request[CONVERSATION_KEY] = conversation_id
    result = await request.app[DATABASE].run(erase_conversation, conversation_id, utc_now())
    logger.info(
        "conversation erased: %d events, %d requests kept conv=%s",
        result.events,
        len(result.kept_requests),
        conversation_tag(conversation_id),
    )
    return web.json_response(
        {
            "conversation_id": conversation_id,
            "deleted": {"events": result.events, "visitor_messages": result.visitor_messages},
            "kept_requests": result.kept_requests,
        }
    )
