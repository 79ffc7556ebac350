"""The request the action server sends is the one the real app stores (bot/api/appointments.py),
once, whatever the number of confirmations and retries."""

from dataclasses import replace

from action_trackers import DOMAIN, make_tracker, texts
from aiohttp.test_utils import TestServer
from rasa_sdk.executor import CollectingDispatcher

from actions.booking import ActionSubmitBooking
from actions.booking_fields import SKIPPED
from actions.submission import deliver_pending
from bot.app import create_app
from bot.migrations import migrate
from bot.storage.appointments import list_requests
from clinic.action_outbox import default_outbox
from clinic.database import Database
from clinic.settings import load_settings

CONFIRMED = {
    "full_name": "Xochitl Nguyen",
    "phone": SKIPPED,
    "email": "xochitl@example.com",
    "location": "McKinney",
    "preferred_time": "next week",
    "preferred_time_normalized": "week of 2026-11-30",
    "patient_status": "new",
    "visit_reason": SKIPPED,
    "coverage_type": "insurance",
    "insurance_carrier": "Blue Cross Blue Shield of Texas",
    "insurance_member_id": SKIPPED,
    "contact_consent": True,
    "booking_confirm": True,
    "booking_instance": "form-run-1",
}
CONTRACT_FIELDS = (
    "kind",
    "conversation_id",
    "full_name",
    "phone",
    "email",
    "location",
    "preferred_time_text",
    "preferred_time_normalized",
    "patient_status",
    "visit_reason",
    "coverage_type",
    "insurance_carrier",
    "insurance_member_id",
    "contact_consent",
)


async def test_the_app_stores_the_request_once(tmp_path, monkeypatch):
    settings = replace(
        load_settings(),
        var_dir=tmp_path / "var",
        database_url=f"sqlite:///{tmp_path / 'clinic.db'}",
    )
    migrate(settings.database_url)
    server = TestServer(create_app(settings), host="127.0.0.1")
    await server.start_server()
    monkeypatch.setenv("BOT_URL", f"http://127.0.0.1:{server.port}")
    try:
        tracker = make_tracker(
            CONFIRMED, text="/affirm", intent="affirm", sender_id="conv-contract"
        )
        dispatcher = CollectingDispatcher()
        await ActionSubmitBooking().run(dispatcher, tracker, DOMAIN)
        # A second confirmation, and a retry pass, change nothing.
        await ActionSubmitBooking().run(
            CollectingDispatcher(),
            make_tracker(CONFIRMED, intent="affirm", sender_id="conv-contract"),
            DOMAIN,
        )
        await deliver_pending()
    finally:
        await server.close()

    database = Database(settings.database_url)
    try:
        [stored] = list_requests(database.engine)
    finally:
        database.close()
    [row] = default_outbox().all_rows()
    assert row.status == "delivered" and stored["reference"] == row.reference
    assert row.reference in texts(dispatcher, tracker)
    assert {k: stored[k] for k in CONTRACT_FIELDS} == {
        "kind": "booking",
        "conversation_id": "conv-contract",
        "full_name": "Xochitl Nguyen",
        "phone": None,
        "email": "xochitl@example.com",
        "location": "McKinney",
        "preferred_time_text": "next week",
        "preferred_time_normalized": "week of 2026-11-30",
        "patient_status": "new",
        "visit_reason": None,
        "coverage_type": "insurance",
        "insurance_carrier": "Blue Cross Blue Shield of Texas",
        "insurance_member_id": None,
        "contact_consent": True,
    }
