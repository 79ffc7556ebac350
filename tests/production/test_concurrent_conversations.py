"""50 visitors at once through the gateway, spread over two Rasa processes sharing PostgreSQL and Redis.

A mix of FAQ visits and consultation requests. Afterwards every conversation's stored
events hold exactly what its visitor sent and was shown, in order, and every request is
stored exactly once with what the visitor typed.
"""

from __future__ import annotations

import asyncio

from chat_visitor import Visitor, person
from stack_state import assert_conversation_complete, requests_of, service_logs, stored_events

from clinic.profile import load_profile

CONVERSATIONS = 50
BOOKING_EVERY = 3  # every third visitor sends a consultation request: 17 of 50
FAQ_VISIT = [
    (
        "How long do the benefits of ketamine therapy last?",
        "week",
    ),  # the article: 4-8 weeks, boosters
    ("Where are your offices?", None),  # every location, checked below
    ("How quickly does ketamine therapy work?", None),
]


async def faq_visit(visitor: Visitor) -> None:
    await visitor.say("hi")
    for question, expected in FAQ_VISIT:
        answer = " ".join(m["text"] for m in await visitor.say(question)).lower()
        assert answer.strip(), f"no answer to {question!r}"
        if expected:
            assert expected in answer
        if "offices" in question:
            assert all(town.lower() in answer for town in load_profile().locations)


async def booking_visit(visitor: Visitor) -> str:
    await visitor.start_booking()
    return await visitor.finish_booking(load_profile())


async def test_fifty_concurrent_conversations_are_stored_whole_and_each_request_once(
    production_stack,
):
    visitors = [Visitor(production_stack.bot_url, person(n)) for n in range(CONVERSATIONS)]
    booking = {n for n in range(CONVERSATIONS) if n % BOOKING_EVERY == 0}
    try:
        outcomes = await asyncio.gather(
            *(booking_visit(v) if n in booking else faq_visit(v) for n, v in enumerate(visitors)),
            return_exceptions=True,
        )
    finally:
        for visitor in visitors:
            await visitor.close()
    failed = [(n, repr(o)) for n, o in enumerate(outcomes) if isinstance(o, BaseException)]
    assert not failed, (
        f"{len(failed)} conversations failed: {failed[:5]}\n{service_logs(production_stack.stack)}"
    )

    engine, profile = production_stack.engine, load_profile()
    for visitor in visitors:
        assert_conversation_complete(visitor, stored_events(engine, visitor.conversation_id))

    for n in sorted(booking):
        visitor, reference = visitors[n], outcomes[n]
        (stored,) = requests_of(engine, visitor.conversation_id)  # exactly one
        assert stored["reference"] == reference
        assert (stored["full_name"], stored["phone"], stored["email"]) == (
            visitor.who.name,
            visitor.who.phone_e164,
            visitor.who.email,
        )
        assert (stored["location"], stored["coverage_type"], stored["contact_consent"]) == (
            profile.booking_locations[1],
            "self_pay",
            True,
        )
    for n in set(range(CONVERSATIONS)) - booking:
        assert requests_of(engine, visitors[n].conversation_id) == []

    # Both Rasa processes served: each calls its own action server, and both delivered requests.
    delivered_by = {d.sender for d in production_stack.gate.deliveries if d.status in (200, 201)}
    assert delivered_by == {"actions-1", "actions-2"}
