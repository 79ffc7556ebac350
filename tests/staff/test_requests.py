"""Requests page: list and filters, status changes with who and when, notes, audit."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, update

from bot.storage.appointments import store_request
from bot.storage.staff_tables import staff_audit
from bot.storage.tables import appointment_requests

pytestmark = pytest.mark.usefixtures("accounts")


def add_request(database, reference, name, created, **fields):
    row = {
        "kind": "booking",
        "reference": reference,
        "conversation_id": f"conv-{reference}",
        "full_name": name,
        "phone": "+12145550100",
        "email": None,
        "location": "Frisco",
        "preferred_time_text": "weekday mornings",
        "contact_consent": True,
        **fields,
    }
    store_request(database.engine, row, idempotency_key=f"key-{reference}")
    with database.engine.begin() as conn:
        conn.execute(
            update(appointment_requests)
            .where(appointment_requests.c.reference == reference)
            .values(created_at=created)
        )
    with database.engine.connect() as conn:
        return conn.execute(
            select(appointment_requests.c.id).where(appointment_requests.c.reference == reference)
        ).scalar_one()


@pytest.fixture
def three_requests(database):
    return {
        "old": add_request(
            database,
            "NTX-AAAA1",
            "Ann Old",
            datetime(2026, 10, 1, 15, tzinfo=timezone.utc),
            location="Allen",
            language="es",
        ),
        "mid": add_request(
            database,
            "NTX-BBBB2",
            "Ben Middle",
            datetime(2026, 10, 20, 15, tzinfo=timezone.utc),
            kind="callback",
            location=None,
            email="ben@example.org",
        ),
        "new": add_request(
            database, "NTX-CCCC3", "Cat Newest", datetime(2026, 11, 1, 15, tzinfo=timezone.utc)
        ),
    }


def references(html: str):
    return re.findall(r'data-reference="([^"]+)"', html)


async def test_list_is_newest_first_and_filters(alice, three_requests):
    page = await (await alice.get("/staff/requests")).text()
    assert references(page) == ["NTX-CCCC3", "NTX-BBBB2", "NTX-AAAA1"]
    assert "Cat Newest" in page and "(214) 555-0100" in page and "ben@example.org" in page
    assert "+12145550100" not in page  # stored E.164, shown as people read it
    assert 'href="/staff/conversations/conv-NTX-CCCC3"' in page

    async def refs(query):
        return references(await (await alice.get("/staff/requests?" + query)).text())

    assert await refs("location=Allen") == ["NTX-AAAA1"]
    assert await refs("kind=callback") == ["NTX-BBBB2"]
    assert await refs("from=2026-10-15") == ["NTX-CCCC3", "NTX-BBBB2"]
    assert await refs("from=2026-10-15&to=2026-10-31") == ["NTX-BBBB2"]
    assert await refs("status=contacted") == []
    assert await refs("status=new&location=Frisco") == ["NTX-CCCC3"]
    assert await refs("status=bogus&from=not-a-date") == ["NTX-CCCC3", "NTX-BBBB2", "NTX-AAAA1"]
    # The conversation's language (issue 19): shown, and a filter.
    assert await refs("language=es") == ["NTX-AAAA1"]
    assert await refs("language=xx") == ["NTX-CCCC3", "NTX-BBBB2", "NTX-AAAA1"]
    assert "<td>Spanish</td>" in page
    detail = await (await alice.get(f"/staff/requests/{three_requests['old']}")).text()
    assert "Spanish (call back in Spanish)" in detail


async def status_of(database, request_id):
    with database.engine.connect() as conn:
        return conn.execute(
            select(appointment_requests.c.status).where(appointment_requests.c.id == request_id)
        ).scalar_one()


async def test_status_moves_on_with_who_and_when(
    alice, new_browser, three_requests, database, clock
):
    rid = three_requests["new"]
    detail = f"/staff/requests/{rid}"
    response = await alice.post(
        f"{detail}/status", {"expected": "new", "status": "contacted"}, token_from=detail
    )
    assert response.status == 303
    assert await status_of(database, rid) == "contacted"
    clock.advance(600)  # within alice's idle limit
    bob = await new_browser()
    await bob.log_in("bob")
    await bob.post(
        f"{detail}/status", {"expected": "contacted", "status": "scheduled"}, token_from=detail
    )
    assert await status_of(database, rid) == "scheduled"

    page = await (await alice.get(detail)).text()
    assert re.search(r"alice ·\s*status new &rarr; <strong>contacted</strong>", page)
    assert re.search(r"bob ·\s*status contacted &rarr; <strong>scheduled</strong>", page)
    listing = await (await alice.get("/staff/requests?status=scheduled")).text()
    assert references(listing) == ["NTX-CCCC3"]
    assert "bob, 2026-11-02" in listing  # who and when of the latest change

    with database.engine.connect() as conn:
        rows = conn.execute(
            select(staff_audit.c.actor, staff_audit.c.action, staff_audit.c.target)
            .where(staff_audit.c.action.in_(["request_status", "request_view"]))
            .order_by(staff_audit.c.id)
        ).all()
    assert ("alice", "request_status", "NTX-CCCC3: new -> contacted") in rows
    assert ("bob", "request_status", "NTX-CCCC3: contacted -> scheduled") in rows
    assert ("alice", "request_view", "NTX-CCCC3") in rows


async def test_disallowed_and_stale_status_changes_change_nothing(alice, three_requests, database):
    rid = three_requests["old"]
    detail = f"/staff/requests/{rid}"
    skip = await alice.post(
        f"{detail}/status", {"expected": "new", "status": "scheduled"}, token_from=detail
    )
    assert skip.status == 400
    assert await status_of(database, rid) == "new"
    # A page loaded before someone else's change: the form still says "new".
    await alice.post(f"{detail}/status", {"expected": "new", "status": "closed"}, token_from=detail)
    stale = await alice.post(
        f"{detail}/status", {"expected": "new", "status": "contacted"}, token_from=detail
    )
    assert stale.status == 303 and stale.headers["Location"].endswith("done=conflict")
    assert await status_of(database, rid) == "closed"
    page = await (await alice.get(stale.headers["Location"])).text()
    assert "Someone else changed" in page and "This request is closed." in page


async def test_forged_status_change_is_refused(alice, three_requests, database):
    rid = three_requests["mid"]
    response = await alice.client.post(
        f"/staff/requests/{rid}/status",
        data={"expected": "new", "status": "closed"},
        allow_redirects=False,
    )
    assert response.status == 403
    assert await status_of(database, rid) == "new"


async def test_notes_are_kept_with_author(alice, three_requests, database):
    rid = three_requests["mid"]
    detail = f"/staff/requests/{rid}"
    response = await alice.post(
        f"{detail}/notes", {"note": "Left a voicemail <b>twice</b>"}, token_from=detail
    )
    assert response.status == 303
    page = await (await alice.get(detail)).text()
    assert "alice · note: Left a voicemail &lt;b&gt;twice&lt;/b&gt;" in re.sub(r"\s+", " ", page)
    empty = await alice.post(f"{detail}/notes", {"note": "   "}, token_from=detail)
    assert empty.status == 400
    with database.engine.connect() as conn:
        assert conn.execute(
            select(staff_audit.c.target).where(staff_audit.c.action == "request_note")
        ).scalars().all() == ["NTX-BBBB2"]


async def test_unknown_request_is_404(alice, three_requests):
    assert (await alice.get("/staff/requests/99999")).status == 404
    assert (await alice.get("/staff/requests/abc")).status == 404
    response = await alice.post(
        "/staff/requests/99999/status",
        {"expected": "new", "status": "closed"},
        token_from="/staff/requests",
    )
    assert response.status == 404


async def test_staff_see_requests_but_not_the_audit_link(new_browser, three_requests):
    bob = await new_browser()
    await bob.log_in("bob")
    page = await (await bob.get("/staff/requests")).text()
    assert "Cat Newest" in page
    assert 'href="/staff/audit"' not in page
    alice = await new_browser()
    await alice.log_in("alice")
    assert 'href="/staff/audit"' in await (await alice.get("/staff/requests")).text()


@pytest.mark.parametrize(
    "received_utc, shown",
    [
        # 9:29 pm in Frisco on a November evening (CST, UTC-6) is 03:29 UTC the next day.
        (datetime(2026, 11, 20, 3, 29, tzinfo=timezone.utc), "2026-11-19 21:29"),
        # The same wall-clock evening in July is CDT (UTC-5).
        (datetime(2026, 7, 4, 2, 29, tzinfo=timezone.utc), "2026-07-03 21:29"),
        # Either side of the spring-forward gap on 2026-03-08 (02:00 CST -> 03:00 CDT).
        (datetime(2026, 3, 8, 7, 59, tzinfo=timezone.utc), "2026-03-08 01:59"),
        (datetime(2026, 3, 8, 8, 0, tzinfo=timezone.utc), "2026-03-08 03:00"),
        # And the fall-back hour on 2026-11-01: 01:30 happens twice.
        (datetime(2026, 11, 1, 6, 30, tzinfo=timezone.utc), "2026-11-01 01:30"),
        (datetime(2026, 11, 1, 7, 30, tzinfo=timezone.utc), "2026-11-01 01:30"),
    ],
)
async def test_a_request_shows_the_clinic_local_time_and_a_national_phone(
    alice, database, received_utc, shown
):
    request_id = add_request(
        database, "NTX-TZ001", "Jordan Ellis", received_utc, phone="+14695550188"
    )
    for path in ("/staff/requests", f"/staff/requests/{request_id}"):
        page = await (await alice.get(path)).text()
        assert shown in page and "(469) 555-0188" in page, path
        assert "+14695550188" not in page, path


async def test_the_date_filter_means_the_clinic_day(alice, database):
    # 03:29 UTC on Nov 20 is still Nov 19 in the clinic.
    add_request(
        database, "NTX-TZ002", "Late Evening", datetime(2026, 11, 20, 3, 29, tzinfo=timezone.utc)
    )
    assert references(
        await (await alice.get("/staff/requests?from=2026-11-19&to=2026-11-19")).text()
    ) == ["NTX-TZ002"]
    assert references(await (await alice.get("/staff/requests?from=2026-11-20")).text()) == []
