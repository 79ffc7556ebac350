"""POST /api/appointments: the action server delivers booking and callback requests here.

Authorization: Bearer <appointments_token>; Idempotency-Key: the same key again returns
the stored reference (200, created false) and stores nothing new.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web

from bot.api.appointment_validation import validate_appointment_request
from bot.api_errors import ApiError
from bot.app_state import DATABASE, SECRETS, SETTINGS
from bot.json_body import parse_json
from bot.notifications.sender import nudge, wanted
from bot.request_log import CONVERSATION_KEY
from bot.storage.appointments import ReferenceTaken, store_request
from bot.storage.tables import appointment_requests
from clinic.privacy_markers import conversation_tag
from clinic.profile import load_profile

logger = logging.getLogger("bot.appointments")

IDEMPOTENCY_KEY_LIMIT = appointment_requests.c.idempotency_key.type.length


def check_token(request: web.Request) -> None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    expected = request.app[SECRETS]["appointments_token"]
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), expected.encode()
    ):
        raise ApiError(401, "missing or invalid token", headers={"WWW-Authenticate": "Bearer"})


def idempotency_key(request: web.Request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > IDEMPOTENCY_KEY_LIMIT:
        error = f"Idempotency-Key header required (1-{IDEMPOTENCY_KEY_LIMIT} characters)"
        raise ApiError(400, error, "Idempotency-Key")
    return key


async def create_appointment_request(request: web.Request) -> web.Response:
    check_token(request)
    key = idempotency_key(request)
    if request.content_type != "application/json":
        raise ApiError(415, "body must be application/json")
    try:
        body = parse_json(await request.read())  # strict: invalid bytes, deep nesting fail
    except ValueError:  # includes UnicodeDecodeError
        raise ApiError(400, "body is not valid UTF-8 JSON") from None
    profile = load_profile()
    row = validate_appointment_request(
        body, profile.booking_locations, [p.name for p in profile.providers]
    )
    request[CONVERSATION_KEY] = row["conversation_id"]

    try:
        notify = wanted(request.app[SETTINGS].notify, row["kind"])
        result = await request.app[DATABASE].run(store_request, row, key, notify)
    except ReferenceTaken:
        raise ApiError(409, "reference already used by another request", "reference") from None
    if result.created and notify:
        nudge(request.app)
    logger.info(
        "%s request %s conv=%s",
        row["kind"],
        "stored" if result.created else "repeated",
        conversation_tag(row["conversation_id"]),
    )
    return web.json_response(
        {"reference": result.reference, "created": result.created},
        status=201 if result.created else 200,
    )
