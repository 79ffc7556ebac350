"""Deliver booking and callback requests to the app's POST /api/appointments, exactly once.

`submit_request` writes the request to the outbox FIRST (clinic/action_outbox.py), then tries
to deliver it while the visitor waits. If the app is down or slow, the row stays
pending and `run_delivery_loop` (started by actions/server.py) retries it with
exponential backoff and jitter, also after a restart. The Idempotency-Key header lets
the app store a retried request once; the outbox's unique key means a second
confirmation of the same form never queues a second request.

Logs carry conversation ids, kinds, references and HTTP statuses: never request content.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional

import aiohttp

from clinic.action_outbox import REFERENCE_TAKEN, OutboxRow, default_outbox
from clinic.appointment_contract import KINDS, REQUEST_FIELDS
from clinic.reference_codes import new_reference
from clinic.retry import backoff_s
from clinic.settings import load_secrets, load_settings

logger = logging.getLogger(__name__)

APPOINTMENTS_PATH = "/api/appointments"

INLINE_TIMEOUT_S = 5.0  # the visitor is waiting for the answer
BACKGROUND_TIMEOUT_S = 15.0
# Longer than any single attempt; also how long the rows of a sender that crashed mid-attempt
# wait before another process (or the restarted one) sends them again.
LEASE_S = BACKGROUND_TIMEOUT_S + 5.0
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0
POLL_S = 5.0
RETRYABLE_4XX = (408, 429)


@dataclass(frozen=True)
class SubmissionResult:
    reference: str
    delivered: bool  # False: queued in the outbox, delivered later without the visitor
    rejected: bool = False  # the app refused the request as invalid: it will not be delivered


def make_idempotency_key(kind: str, conversation_id: str, instance_id: str) -> str:
    """One key per request instance (e.g. one booking form run) of one conversation."""
    digest = hashlib.sha256(f"{conversation_id}\n{instance_id}".encode()).hexdigest()[:40]
    return f"{kind}-{digest}"


def retry_delay(attempts: int) -> float:
    """1-2 s, 2-4 s, 4-8 s ... up to 150-300 s."""
    return backoff_s(attempts, BACKOFF_BASE_S, BACKOFF_CAP_S)


def _body(fields: Dict[str, Any], kind: str, conversation_id: str) -> dict:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"fields not in the appointments contract: {sorted(unknown)}")
    return {
        "kind": kind,
        "conversation_id": conversation_id,
        **{name: fields.get(name) for name in REQUEST_FIELDS},
    }


async def submit_request(
    fields: Dict[str, Any], *, kind: str, conversation_id: str, idempotency_key: str
) -> SubmissionResult:
    """Queue the request durably, then try once to deliver it now.

    Raises only when the request could not even be written to the outbox (the caller
    must then tell the visitor nothing was saved).
    """
    body = _body(fields, kind, conversation_id)
    outbox = default_outbox()
    row = await asyncio.to_thread(
        outbox.enqueue, idempotency_key, kind, new_reference(), conversation_id, body
    )
    if row.status == "pending":
        async with aiohttp.ClientSession() as session:
            for _ in range(2):  # a second try only right after drawing a fresh reference
                claimed = await asyncio.to_thread(outbox.claim, row.id, LEASE_S)
                if claimed is None or await _guarded_attempt(claimed, session, INLINE_TIMEOUT_S):
                    break
                row = await asyncio.to_thread(outbox.get, idempotency_key)
                if row.last_error != REFERENCE_TAKEN:
                    break
        row = await asyncio.to_thread(outbox.get, idempotency_key)
    logger.info(
        "conversation=%s kind=%s reference=%s event=request_%s",
        conversation_id,
        kind,
        row.reference,
        row.status,
    )
    return SubmissionResult(
        row.reference, delivered=row.status == "delivered", rejected=row.status == "failed"
    )


async def deliver_pending() -> int:
    """One pass over the outbox: try every pending row that is due. Returns how many were delivered."""
    outbox = default_outbox()
    rows = await asyncio.to_thread(outbox.due)
    delivered = 0
    if not rows:
        return 0
    async with aiohttp.ClientSession() as session:
        for row in rows:
            claimed = await asyncio.to_thread(outbox.claim, row.id, LEASE_S)
            if claimed is not None and await _guarded_attempt(
                claimed, session, BACKGROUND_TIMEOUT_S
            ):
                delivered += 1
    return delivered


async def run_delivery_loop(poll_seconds: float = POLL_S) -> None:
    """Deliver queued requests until cancelled; sleeps until the next row is due."""
    outbox = default_outbox()
    while True:
        try:
            await deliver_pending()
            wait = await asyncio.to_thread(outbox.seconds_until_next_due)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # keep retrying: a bad pass must not stop delivery for good
            logger.error("event=outbox_pass_failed error=%s", type(exc).__name__)
            wait = poll_seconds
        await asyncio.sleep(poll_seconds if wait is None else min(max(wait, 0.2), poll_seconds))


async def _guarded_attempt(
    row: OutboxRow, session: aiohttp.ClientSession, timeout_s: float
) -> bool:
    """An attempt whose unexpected failure (e.g. unreadable secrets) leaves the row queued."""
    try:
        return await _attempt(row, session, timeout_s)
    except Exception as exc:
        logger.error(
            "conversation=%s reference=%s event=delivery_error error=%s",
            row.conversation_id,
            row.reference,
            type(exc).__name__,
        )
        await asyncio.to_thread(
            default_outbox().mark_retry, row.id, retry_delay(row.attempts + 1), type(exc).__name__
        )
        return False


async def _attempt(row: OutboxRow, session: aiohttp.ClientSession, timeout_s: float) -> bool:
    """POST one claimed row and record the outcome. True when the app has it."""
    outbox = default_outbox()
    log = "conversation=%s kind=%s reference=%s event=%s status=%s"
    payload = {**row.body, "reference": row.reference}
    headers = {
        "Authorization": f"Bearer {load_secrets()['appointments_token']}",
        "Idempotency-Key": row.idempotency_key,
    }
    url = load_settings().bot_url.rstrip("/") + APPOINTMENTS_PATH
    try:
        async with session.post(
            url, json=payload, headers=headers, timeout=aiohttp.ClientTimeout(total=timeout_s)
        ) as response:
            status = response.status
            answer = await _json(response)
            retry_after = _seconds(response.headers.get("Retry-After"))
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        delay = retry_delay(row.attempts + 1)
        await asyncio.to_thread(outbox.mark_retry, row.id, delay, type(exc).__name__)
        logger.warning(
            log + " retry_in=%.0fs",
            row.conversation_id,
            row.kind,
            row.reference,
            "delivery_retry",
            type(exc).__name__,
            delay,
        )
        return False

    if 200 <= status < 300:
        reference = answer.get("reference") or row.reference
        await asyncio.to_thread(outbox.mark_delivered, row.id, reference)
        logger.info(log, row.conversation_id, row.kind, reference, "delivered", status)
        return True
    if status == 409 and answer.get("field") == "reference":
        # Another request already holds this random reference: draw a new one. After an
        # earlier attempt the visitor was already shown the old one, so staff get it too.
        body = dict(row.body)
        if row.attempts > 0 and not body.get("notes"):
            body["notes"] = f"Reference shown to the visitor: {row.reference}"
        fresh = new_reference()
        await asyncio.to_thread(outbox.replace_reference, row.id, fresh, body)
        logger.warning(log, row.conversation_id, row.kind, fresh, "reference_replaced", status)
        return False
    if 400 <= status < 500 and status not in RETRYABLE_4XX:
        error = f"http {status} field={answer.get('field')}"
        await asyncio.to_thread(outbox.mark_failed, row.id, error)
        logger.error(
            log + " field=%s",
            row.conversation_id,
            row.kind,
            row.reference,
            "delivery_rejected",
            status,
            answer.get("field"),
        )
        return False
    delay = max(retry_delay(row.attempts + 1), retry_after or 0)
    await asyncio.to_thread(outbox.mark_retry, row.id, delay, f"http {status}")
    logger.warning(
        log + " retry_in=%.0fs",
        row.conversation_id,
        row.kind,
        row.reference,
        "delivery_retry",
        status,
        delay,
    )
    return False


async def _json(response: aiohttp.ClientResponse) -> dict:
    try:
        answer = await response.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return {}
    return answer if isinstance(answer, dict) else {}


def _seconds(value: Optional[str]) -> Optional[float]:
    try:
        return min(float(value), BACKOFF_CAP_S) if value else None
    except ValueError:
        return None
