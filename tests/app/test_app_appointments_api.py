"""POST /api/appointments: every rejection, idempotency, concurrency, what is stored."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone

import pytest
from appointment_requests import booking_request
from sqlalchemy import func, select

from bot.storage.appointments import list_requests
from bot.storage.tables import appointment_requests
from clinic.database import create_db_engine
from clinic.reference_codes import new_reference

URL = "/api/appointments"


def headers(app_secrets, key="conv-1:booking:1", token=None) -> dict:
    h = {"Authorization": f"Bearer {token or app_secrets['appointments_token']}"}
    if key is not None:
        h["Idempotency-Key"] = key
    return h


def stored_rows(settings) -> list:
    engine = create_db_engine(settings.database_url)
    try:
        return list_requests(engine)
    finally:
        engine.dispose()


def row_count(settings) -> int:
    engine = create_db_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(appointment_requests)).scalar_one()
    finally:
        engine.dispose()


async def test_valid_request_is_stored_with_201(client, settings, app_secrets):
    body = booking_request()
    response = await client.post(URL, json=body, headers=headers(app_secrets))
    assert response.status == 201
    assert await response.json() == {"reference": body["reference"], "created": True}

    [row] = stored_rows(settings)
    assert row["reference"] == body["reference"]
    assert row["idempotency_key"] == "conv-1:booking:1"
    assert row["full_name"] == "Xochitl Nguyen"
    assert row["phone"] == "+12145550143"
    assert row["email"] == "xochitl.nguyen@example.org"  # domain normalised by email-validator
    assert row["location"] == body["location"]
    assert row["assessment"] == body["assessment"]
    assert row["insurance_member_id"] == "XQZ123456789"
    assert row["contact_consent"] is True
    assert row["status"] == "new"
    assert abs(row["created_at"] - datetime.now(timezone.utc)) < timedelta(minutes=1)


async def test_the_conversation_language_is_stored(client, settings, app_secrets):
    # Staff call back in the visitor's language (issue 19).
    body = booking_request(language="es")
    response = await client.post(URL, json=body, headers=headers(app_secrets))
    assert response.status == 201
    [row] = stored_rows(settings)
    assert row["language"] == "es"


async def test_same_idempotency_key_returns_stored_reference_and_stores_nothing(
    client, settings, app_secrets
):
    first = booking_request()
    assert (await client.post(URL, json=first, headers=headers(app_secrets))).status == 201

    again = await client.post(URL, json=first, headers=headers(app_secrets))
    assert again.status == 200
    assert await again.json() == {"reference": first["reference"], "created": False}

    # A retry that regenerated its body still maps to the first request.
    changed = await client.post(
        URL, json=booking_request(full_name="Someone Else"), headers=headers(app_secrets)
    )
    assert changed.status == 200
    assert await changed.json() == {"reference": first["reference"], "created": False}
    assert [r["full_name"] for r in stored_rows(settings)] == ["Xochitl Nguyen"]


async def test_concurrent_duplicates_store_one_row(client, settings, app_secrets):
    body = booking_request()
    responses = await asyncio.gather(
        *(
            client.post(URL, json=body, headers=headers(app_secrets, key="same-key"))
            for _ in range(12)
        )
    )
    statuses = sorted(r.status for r in responses)
    assert statuses == [200] * 11 + [201]
    assert {(await r.json())["reference"] for r in responses} == {body["reference"]}
    assert row_count(settings) == 1


async def test_concurrent_distinct_requests_are_all_stored(client, settings, app_secrets):
    bodies = [booking_request(conversation_id=f"conv-{i}") for i in range(10)]
    responses = await asyncio.gather(
        *(
            client.post(URL, json=b, headers=headers(app_secrets, key=f"key-{i}"))
            for i, b in enumerate(bodies)
        )
    )
    assert [r.status for r in responses] == [201] * 10
    assert sorted(r["reference"] for r in stored_rows(settings)) == sorted(
        b["reference"] for b in bodies
    )


async def test_reference_used_by_another_request_is_409(client, settings, app_secrets):
    body = booking_request()
    assert (await client.post(URL, json=body, headers=headers(app_secrets, key="a"))).status == 201
    response = await client.post(URL, json=body, headers=headers(app_secrets, key="b"))
    assert response.status == 409
    assert (await response.json())["field"] == "reference"
    assert row_count(settings) == 1


async def test_email_only_and_phone_only_are_accepted(client, settings, app_secrets):
    email_only = await client.post(
        URL, json=booking_request(phone=None), headers=headers(app_secrets, key="e")
    )
    phone_only = await client.post(
        URL, json=booking_request(email=None), headers=headers(app_secrets, key="p")
    )
    assert (email_only.status, phone_only.status) == (201, 201)
    assert row_count(settings) == 2


async def test_callback_with_only_required_fields(client, settings, app_secrets):
    body = {
        "kind": "callback",
        "reference": new_reference(),
        "conversation_id": "c-42",
        "full_name": "Ana",
        "phone": "+14695550188",
        "contact_consent": True,
    }
    response = await client.post(URL, json=body, headers=headers(app_secrets))
    assert response.status == 201
    [row] = stored_rows(settings)
    assert (row["kind"], row["email"], row["location"], row["assessment"]) == (
        "callback",
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "auth",
    [None, "Bearer wrong-token", "Basic dXNlcjpwYXNz", "Bearer", "token-without-scheme"],
)
async def test_missing_or_bad_token_is_401(client, settings, app_secrets, auth):
    h = {"Idempotency-Key": "k"}
    if auth is not None:
        h["Authorization"] = auth
    response = await client.post(URL, json=booking_request(), headers=h)
    assert response.status == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "error" in await response.json()
    assert row_count(settings) == 0


@pytest.mark.parametrize("key", [None, "", "   ", "k" * 201])
async def test_missing_or_oversized_idempotency_key_is_400(client, settings, app_secrets, key):
    h = headers(app_secrets, key=key)
    response = await client.post(URL, json=booking_request(), headers=h)
    assert response.status == 400
    assert (await response.json())["field"] == "Idempotency-Key"
    assert row_count(settings) == 0


async def test_idempotency_key_of_200_chars_is_accepted(client, app_secrets):
    response = await client.post(
        URL, json=booking_request(), headers=headers(app_secrets, key="k" * 200)
    )
    assert response.status == 201


@pytest.mark.parametrize(
    "data, content_type",
    [
        (b'{"kind": "booking",', "application/json"),
        (b'{"full_name": "\xff\xfe"}', "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"null", "application/json"),
    ],
    ids=["truncated-json", "invalid-utf8", "array", "null"],
)
async def test_malformed_body_is_400(client, settings, app_secrets, data, content_type):
    response = await client.post(
        URL, data=data, headers={**headers(app_secrets), "Content-Type": content_type}
    )
    assert response.status == 400
    assert set(await response.json()) == {"error", "field"}
    assert row_count(settings) == 0


async def test_non_json_content_type_is_415(client, settings, app_secrets):
    response = await client.post(
        URL, data="kind=booking", headers={**headers(app_secrets), "Content-Type": "text/plain"}
    )
    assert response.status == 415
    assert row_count(settings) == 0


INVALID_FIELDS = [
    ("kind", "appointment"),
    ("kind", None),
    ("reference", "NTX-ILOU1"),
    ("reference", "ntx-7k3q9"),
    ("reference", "ABC-7K3Q9"),
    ("reference", "NTX-7K3Q"),
    ("reference", None),
    ("conversation_id", ""),
    ("conversation_id", None),
    ("conversation_id", "c" * 201),
    ("full_name", ""),
    ("full_name", "   "),
    ("full_name", "N" * 121),
    ("full_name", 42),
    ("full_name", "Ana\x00Smith"),
    ("phone", "214-555-0143"),
    ("phone", "+1214555"),
    ("phone", "+1 214 555 0143"),
    ("phone", 12145550143),
    ("email", "not-an-email"),
    ("email", "ana@"),
    ("email", "x" * 250 + "@example.org"),
    ("location", "Houston"),
    ("location", 3),
    ("preferred_time_text", "t" * 201),
    ("preferred_time_normalized", "t" * 101),
    ("patient_status", "former"),
    ("visit_reason", "r" * 201),
    ("coverage_type", "cash"),
    ("insurance_carrier", "c" * 101),
    ("insurance_member_id", "9" * 51),
    ("contact_consent", False),
    ("contact_consent", "true"),
    ("contact_consent", None),
    ("notes", "n" * 2001),
    ("assessment", "moderate"),
    ("assessment", [1, 2]),
    ("assessment", {"answers": ["x" * 100] * 300}),
    ("ssn", "123-45-6789"),
    ("language", "fr"),
    ("language", "spanish"),
]


@pytest.mark.parametrize("field, value", INVALID_FIELDS)
async def test_each_invalid_field_is_422_naming_it(client, settings, app_secrets, field, value):
    response = await client.post(
        URL, json=booking_request(**{field: value}), headers=headers(app_secrets)
    )
    assert response.status == 422
    body = await response.json()
    assert body["field"] == field
    assert body["error"]
    assert row_count(settings) == 0


@pytest.mark.parametrize(
    "missing", ["kind", "reference", "conversation_id", "full_name", "contact_consent"]
)
async def test_each_missing_required_field_is_422(client, settings, app_secrets, missing):
    body = booking_request()
    del body[missing]
    response = await client.post(URL, json=body, headers=headers(app_secrets))
    assert response.status == 422
    assert (await response.json())["field"] == missing
    assert row_count(settings) == 0


async def test_neither_phone_nor_email_is_422(client, settings, app_secrets):
    response = await client.post(
        URL, json=booking_request(phone=None, email=None), headers=headers(app_secrets)
    )
    assert response.status == 422
    assert (await response.json())["field"] == "phone"
    assert row_count(settings) == 0


async def test_logs_carry_no_personal_data(client, app_secrets, caplog):
    caplog.set_level(logging.DEBUG)
    body = booking_request(notes="prefers evening calls")
    assert (await client.post(URL, json=body, headers=headers(app_secrets))).status == 201
    assert (
        await client.post(
            URL, json=booking_request(phone="bad"), headers=headers(app_secrets, key="x")
        )
    ).status == 422
    # The app's own loggers (the stand-ins' and the test server's access logs are not the app's).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "POST /api/appointments 201" in logged
    for secret in (
        "Xochitl",
        "Nguyen",
        "2145550143",
        "example",
        "XQZ123456789",
        "Blue Cross",
        "evening",
        body["conversation_id"],
        app_secrets["appointments_token"],
    ):
        assert secret.lower() not in logged.lower()


async def test_unexpected_failure_is_a_json_500_without_details(
    client, monkeypatch, app_secrets, caplog
):
    def broken_store(engine, row, key, notify=True):
        raise RuntimeError(f"disk trouble while saving {row['full_name']}")

    monkeypatch.setattr("bot.api.appointments.store_request", broken_store)
    response = await client.post(URL, json=booking_request(), headers=headers(app_secrets))
    assert response.status == 500
    assert await response.json() == {"error": "internal error", "field": None}
    # The app's own loggers (the stand-ins' and the test server's access logs are not the app's).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "RuntimeError" in logged and "Xochitl" not in logged
