"""The submission client and its outbox: never lost, never doubled."""

import asyncio
import os
import stat
import time
from contextlib import closing

import pytest
from appointments_stand_in import AppointmentsStandIn, free_port

from actions import submission
from actions.submission import (
    deliver_pending,
    make_idempotency_key,
    retry_delay,
    run_delivery_loop,
    submit_request,
)
from clinic.action_outbox import default_outbox

FIELDS = {
    "full_name": "Xochitl Nguyen",
    "phone": "+12145550100",
    "email": None,
    "location": "Frisco",
    "preferred_time_text": "weekday mornings",
    "preferred_time_normalized": "weekdays, mornings",
    "patient_status": "new",
    "visit_reason": None,
    "coverage_type": "not_sure",
    "contact_consent": True,
}
KEY = make_idempotency_key("booking", "conv-1", "instance-1")


def make_due_now():
    """Skip the backoff wait (time is not what these tests are about)."""
    with closing(default_outbox()._connect()) as conn:
        conn.execute("UPDATE outbox SET next_attempt_at = 0")


async def submit(key=KEY, **overrides):
    return await submit_request(
        {**FIELDS, **overrides}, kind="booking", conversation_id="conv-1", idempotency_key=key
    )


async def test_delivered_at_once_when_the_app_is_up(appointments):
    result = await submit()
    assert result.delivered and not result.rejected
    [request] = appointments.requests
    assert request["body"]["reference"] == result.reference
    assert request["headers"]["Idempotency-Key"] == KEY
    [row] = default_outbox().all_rows()
    assert row.status == "delivered" and row.body is None  # no copy of the details kept


async def test_app_down_queued_then_delivered_exactly_once(monkeypatch):
    port = free_port()
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{port}")
    result = await submit()
    assert not result.delivered
    [row] = default_outbox().all_rows()
    assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at > time.time()
    assert row.last_error == "ClientConnectorError"

    app = await AppointmentsStandIn().start(monkeypatch, port=port)
    try:
        assert await deliver_pending() == 0  # not due yet: backoff
        make_due_now()
        assert await deliver_pending() == 1
        assert await deliver_pending() == 0
        make_due_now()
        assert await deliver_pending() == 0
        assert len(app.requests) == 1 and len(app.stored) == 1
        assert app.requests[0]["body"]["reference"] == result.reference
        assert default_outbox().all_rows()[0].status == "delivered"
    finally:
        await app.stop()


async def test_server_errors_are_retried(appointments):
    appointments.script += [(503, {"error": "unavailable"}), (500, {})]
    result = await submit()
    assert not result.delivered
    make_due_now()
    assert await deliver_pending() == 0
    make_due_now()
    assert await deliver_pending() == 1
    assert len(appointments.requests) == 3 and len(appointments.stored) == 1


async def test_slow_app_times_out_then_the_retry_is_not_a_duplicate(appointments, monkeypatch):
    monkeypatch.setattr(submission, "INLINE_TIMEOUT_S", 0.3)
    appointments.delay = 1.0  # the app stores the request but answers too late
    result = await submit()
    assert not result.delivered
    await asyncio.sleep(1.0)  # the first request completes on the app's side
    appointments.delay = 0
    make_due_now()
    assert await deliver_pending() == 1
    assert len(appointments.requests) == 2 and len(appointments.stored) == 1
    assert default_outbox().all_rows()[0].reference == result.reference


async def test_invalid_request_marked_failed_and_kept_not_retried(appointments):
    appointments.script.append((422, {"error": "must be a valid email address", "field": "email"}))
    result = await submit(email="not-an-email")
    assert result.rejected and not result.delivered
    [row] = default_outbox().all_rows()
    assert row.status == "failed" and row.last_error == "http 422 field=email"
    assert row.body["email"] == "not-an-email"  # kept for an operator, never dropped silently
    make_due_now()
    assert await deliver_pending() == 0 and len(appointments.requests) == 1


@pytest.mark.parametrize("status", [408, 429])
async def test_timeout_and_rate_limit_answers_are_retried(appointments, status):
    appointments.script.append((status, {"error": "later"}, {"Retry-After": "30"}))
    result = await submit()
    assert not result.delivered and not result.rejected
    [row] = default_outbox().all_rows()
    assert row.status == "pending"
    if status == 429:
        assert row.next_attempt_at >= time.time() + 29  # Retry-After honoured
    make_due_now()
    assert await deliver_pending() == 1


async def test_reference_taken_draws_a_new_one(appointments):
    appointments.script.append(
        (409, {"error": "reference already used by another request", "field": "reference"})
    )
    result = await submit()
    assert result.delivered
    first, second = (r["body"]["reference"] for r in appointments.requests)
    assert first != second and result.reference == second
    assert appointments.requests[1]["body"]["notes"] is None  # the visitor never saw the first one


async def test_same_key_twice_is_one_row_and_one_request(appointments):
    first = await submit()
    second = await submit()
    assert first == second
    assert len(default_outbox().all_rows()) == 1 and len(appointments.requests) == 1


async def test_same_key_while_queued_is_still_one_row(monkeypatch):
    first = await submit()
    second = await submit()
    assert first.reference == second.reference and not second.delivered
    assert len(default_outbox().all_rows()) == 1


async def test_concurrent_passes_send_each_row_once(appointments):
    appointments.script.append((503, {}))
    await submit()
    make_due_now()
    appointments.delay = 0.3
    results = await asyncio.gather(deliver_pending(), deliver_pending(), deliver_pending())
    assert sum(results) == 1
    assert len(appointments.requests) == 2  # the failed first try, then exactly one retry


async def test_wrong_token_is_a_failure_not_a_loop(appointments, monkeypatch):
    monkeypatch.setenv("APPOINTMENTS_API_TOKEN", "wrong")
    result = await submit()
    assert result.rejected
    assert default_outbox().all_rows()[0].last_error == "http 401 field=None"


async def test_unknown_fields_and_kinds_are_programming_errors():
    with pytest.raises(ValueError):
        await submit_request(
            {"favourite_colour": "blue"}, kind="booking", conversation_id="c", idempotency_key="k"
        )
    with pytest.raises(ValueError):
        await submit_request(FIELDS, kind="order", conversation_id="c", idempotency_key="k")


def test_backoff_grows_with_jitter_and_is_capped():
    for attempts in range(1, 12):
        delays = {retry_delay(attempts) for _ in range(20)}
        ceiling = min(submission.BACKOFF_CAP_S, submission.BACKOFF_BASE_S * 2 ** (attempts - 1))
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1


def test_idempotency_key_per_conversation_and_form_run():
    assert make_idempotency_key("booking", "c1", "i1") == make_idempotency_key(
        "booking", "c1", "i1"
    )
    assert (
        len(
            {
                make_idempotency_key("booking", "c1", "i1"),
                make_idempotency_key("booking", "c1", "i2"),
                make_idempotency_key("booking", "c2", "i1"),
                make_idempotency_key("callback", "c1", "i1"),
            }
        )
        == 4
    )
    assert len(make_idempotency_key("booking", "c" * 500, "i")) <= 200


async def test_outbox_file_is_private(appointments):
    await submit()
    mode = stat.S_IMODE(os.stat(os.environ["OUTBOX_PATH"]).st_mode)
    assert mode == 0o600


async def test_delivery_loop_delivers_queued_requests(monkeypatch):
    port = free_port()
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{port}")
    result = await submit()
    assert not result.delivered
    app = await AppointmentsStandIn().start(monkeypatch, port=port)
    make_due_now()
    loop = asyncio.create_task(run_delivery_loop(poll_seconds=0.1))
    try:
        for _ in range(50):
            if app.requests:
                break
            await asyncio.sleep(0.1)
        assert [r["body"]["reference"] for r in app.requests] == [result.reference]
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
        await app.stop()
    assert loop.cancelled()
