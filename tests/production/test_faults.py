"""Faults in the production profile, one at a time, on the running stack (in this order):

- the action server is killed while the app stores a request, before it hears back;
- PostgreSQL restarts while a turn is in flight;
- Redis (Rasa's lock store) is down;
- a Rasa process is killed (-9) in the middle of consultation requests, one of them in the
  middle of its turn (last: it stays dead).
"""

from __future__ import annotations

import asyncio
import signal
import time
from typing import Callable, Optional

import aiohttp
from chat_visitor import Visitor, person
from stack_state import (
    assert_conversation_complete,
    outbox_rows,
    requests_of,
    service_logs,
    stored_events,
)

from bot.gateway import UNAVAILABLE
from bot.rasa_client import preferred_order
from clinic.action_outbox import DELIVERED
from clinic.profile import load_profile

SUMMARY = "shall i send"


async def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(0.5)


async def health(production_stack) -> tuple:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{production_stack.bot_url}/healthz") as response,
    ):
        return response.status, await response.json()


async def answer_until(visitor: Visitor, text: str) -> None:
    """Answer booking questions until the bot's latest message contains `text`."""
    for _ in range(20):
        if text in visitor.last_question().lower():
            return
        await visitor.answer(load_profile())
    raise AssertionError(f"never asked {text!r}; sent {visitor.sent}")


def pids(stack) -> dict:
    return {name: s.process.pid for name, s in stack.services.items() if s.running()}


async def test_action_server_killed_during_submission_still_stores_the_request_once(
    production_stack,
):
    ps, engine = production_stack, production_stack.engine
    visitor = Visitor(ps.bot_url, person(60))
    try:
        await visitor.start_booking()
        await answer_until(visitor, SUMMARY)
        send = next(
            b["payload"] for b in visitor.last_buttons() if b["title"].lower().startswith("send")
        )

        ps.gate.hold_next()  # the app stores the request; its answer waits at the gate
        confirming = asyncio.create_task(visitor.try_say(send))
        assert await asyncio.to_thread(ps.gate.held.wait, 60), (
            f"no delivery reached the app\n{service_logs(ps.stack)}"
        )
        first = ps.gate.deliveries[-1]
        assert first.held and first.status == 201
        ps.stack.stop(first.sender, signal.SIGKILL)  # before it hears that the app has the request
        ps.gate.release()
        status, _ = await confirming
        assert status in (200, 503)  # Rasa lost the action's answer; the gateway still answers

        ps.stack.start(first.sender)
        ps.stack.wait_ready([first.sender], report=lambda line: None)
        # The restarted server's outbox loop retries once the dead attempt's lease ran out.
        await wait_for(
            lambda: (
                [r.status for r in outbox_rows(ps.stack, visitor.conversation_id)] == [DELIVERED]
            ),
            90,
            "the outbox to deliver the request",
        )
    finally:
        await visitor.close()

    attempts = ps.gate.for_key(first.idempotency_key)
    assert [a.status for a in attempts] == [
        201,
        200,
    ]  # stored, then the retry answered from the stored row
    assert attempts[1].reference == first.reference
    (stored,) = requests_of(engine, visitor.conversation_id)
    assert stored["reference"] == first.reference and stored["full_name"] == visitor.who.name


async def test_postgresql_restart_mid_conversation_loses_nothing(production_stack):
    ps, engine, profile = production_stack, production_stack.engine, load_profile()
    before = pids(ps.stack)
    booking, asking = Visitor(ps.bot_url, person(61)), Visitor(ps.bot_url, person(62))
    try:
        await booking.start_booking()
        await booking.answer(profile)
        await asking.say("hi")

        ps.postgres.stop()
        try:
            in_flight = asyncio.create_task(
                booking.answer(profile)
            )  # waits in Rasa's tracker store
            await asyncio.sleep(3)
            assert not in_flight.done(), "a turn finished while the database was down"
        finally:
            ps.postgres.start()

        await in_flight
        reference = await booking.finish_booking(profile)
        offices = " ".join(m["text"] for m in await asking.say("Where are your offices?"))
        assert all(town in offices for town in profile.locations)
    finally:
        await booking.close()
        await asking.close()

    assert pids(ps.stack) == before, "a process was restarted"
    status, body = await health(ps)
    assert status == 200 and body["database"] == "ok"
    for visitor in (booking, asking):
        assert_conversation_complete(visitor, stored_events(engine, visitor.conversation_id))
    (stored,) = requests_of(engine, booking.conversation_id)
    assert stored["reference"] == reference


async def test_redis_down_is_a_clear_error_and_corrupts_no_conversation(production_stack):
    ps, engine, profile = production_stack, production_stack.engine, load_profile()
    visitor = Visitor(ps.bot_url, person(63))
    try:
        await visitor.start_booking()
        await visitor.answer(profile)
        question = visitor.last_question()
        stored_before = stored_events(engine, visitor.conversation_id)

        ps.redis.stop()
        try:
            status, body = await visitor.try_say("Jordan Example")
            assert (status, body["error"]) == (503, UNAVAILABLE)
            status, body = await health(ps)
            assert status == 503 and body["redis"] == "down"
            assert stored_events(engine, visitor.conversation_id) == stored_before
        finally:
            ps.redis.start()

        assert visitor.last_question() == question  # the visitor answers the same question again
        reference = await visitor.finish_booking(profile)
    finally:
        await visitor.close()

    assert_conversation_complete(visitor, stored_events(engine, visitor.conversation_id))
    (stored,) = requests_of(engine, visitor.conversation_id)
    assert stored["reference"] == reference


def served_by(visitor: Visitor, rasa_urls) -> Optional[str]:
    """The Rasa server the gateway prefers for this visitor's conversation."""
    return (
        preferred_order(visitor.conversation_id, rasa_urls)[0] if visitor.conversation_id else None
    )


async def test_rasa_process_killed_mid_form_its_conversations_continue_on_the_other(
    production_stack,
):
    ps, engine, profile = production_stack, production_stack.engine, load_profile()
    victim, victim_url = "rasa-1", ps.stack.services["rasa-1"].health_url.rstrip("/")
    visitors = []
    try:
        for n in range(64, 84):  # until three conversations live on the victim
            visitor = Visitor(ps.bot_url, person(n))
            visitors.append(visitor)
            await visitor.start_booking()
            await visitor.answer(profile)
            await visitor.answer(profile)
            if sum(served_by(v, ps.stack.rasa_urls) == victim_url for v in visitors) == 3:
                break
        on_victim = [v for v in visitors if served_by(v, ps.stack.rasa_urls) == victim_url]
        assert len(on_victim) == 3
        names_given = {id(v): v.who.name for v in visitors}

        # One of them is mid-turn when the process dies: its request is with the app, and
        # the dead turn's lock on the conversation stays in Redis until it expires.
        mid_turn = on_victim[0]
        await answer_until(mid_turn, SUMMARY)
        send = next(
            b["payload"] for b in mid_turn.last_buttons() if b["title"].lower().startswith("send")
        )
        ps.gate.hold_next()
        in_flight = asyncio.create_task(mid_turn.try_say(send))
        assert await asyncio.to_thread(ps.gate.held.wait, 60), (
            f"no delivery reached the app\n{service_logs(ps.stack)}"
        )
        stored_mid_turn = ps.gate.deliveries[-1]

        ps.stack.stop(victim, signal.SIGKILL)
        ps.gate.release()
        # The gateway moves the turn to the other Rasa process, which waits out the dead
        # turn's lock (TICKET_LOCK_LIFETIME, bot/launcher.py) within the gateway's budget.
        status, body = await in_flight
        assert status == 200, f"{body}\n{service_logs(ps.stack)}"
        references = {id(mid_turn): mid_turn.reference()}
        assert (
            references[id(mid_turn)] == stored_mid_turn.reference
        )  # the same request, not a second

        for visitor in (v for v in visitors if v is not mid_turn):
            asked_before = visitor.last_question()
            await visitor.answer(profile)
            asked_now = visitor.last_question().lower()
            assert asked_now != asked_before.lower() and "full name" not in asked_now, (
                "the form started over"
            )
        references.update(
            {id(v): await v.finish_booking(profile) for v in visitors if v is not mid_turn}
        )
        status, body = await health(ps)
        assert status == 200 and body["rasa"] == "degraded"
    finally:
        for visitor in visitors:
            await visitor.close()

    for visitor in visitors:
        assert_conversation_complete(visitor, stored_events(engine, visitor.conversation_id))
        (stored,) = requests_of(engine, visitor.conversation_id)
        assert stored["reference"] == references[id(visitor)]
        assert (
            stored["full_name"] == names_given[id(visitor)]
        )  # typed before the kill: form state kept
