"""One log line per request: method, path, status, duration and a conversation tag.

Never bodies, query strings, names, phone numbers, emails, member ids or message text.
The tag is a short hash of the conversation id: enough to follow one conversation through
the logs of all three processes, useless to anyone reading the logs alone.
"""

from __future__ import annotations

import logging
import time

from aiohttp import web

from clinic.privacy_markers import conversation_tag

logger = logging.getLogger("bot.access")

CONVERSATION_KEY = "conversation_id"  # request[...] set by views that know it


@web.middleware
async def request_log_middleware(request: web.Request, handler) -> web.StreamResponse:
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        logger.info(
            "%s %s %d %.1fms conv=%s",
            request.method,
            request.path,
            status,
            (time.perf_counter() - started) * 1000,
            conversation_tag(request.get(CONVERSATION_KEY)),
        )
