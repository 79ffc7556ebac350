"""Generated bad input (hypothesis) against the real app: 5,000 requests to /api/appointments (real
token, real SQLite, real encryption) and 5,000 to /api/chat (forwarded to a small real aiohttp
server playing Rasa's REST channel). Only 2xx/4xx answers, never 5xx; what is stored or forwarded
is exactly what passed validation."""

from __future__ import annotations

import asyncio
import json
import string
from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.api.appointment_validation import validate_appointment_request
from bot.app import create_app
from bot.gateway import ALWAYS_ALLOWED_PAYLOADS, MAX_MESSAGE_CHARS
from bot.rate_limit import UNLIMITED, ChatRateLimits
from bot.storage.appointments import list_requests
from clinic.appointment_contract import FIELDS
from clinic.database import create_db_engine
from clinic.profile import load_profile
from clinic.reference_codes import ALPHABET
from clinic.settings import load_secrets
from tests.app.conftest import RasaStandIn

APPOINTMENT_EXAMPLES = 5_000
CHAT_EXAMPLES = 5_000
FUZZ = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
header_text = st.text(
    alphabet=[c for c in string.printable if c not in "\r\n\t\x0b\x0c"], max_size=220
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "",
    ]
)


class AppRunner:
    """Servers on real ports, driven from a private event loop (hypothesis calls are synchronous)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = None

    def start(self, app) -> "AppRunner":
        async def start() -> TestClient:  # built inside the loop: aiohttp binds it at construction
            client = TestClient(TestServer(app, host="127.0.0.1"))
            await client.start_server()
            return client

        self.client = self.run(start())
        return self

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    async def send(self, method: str, path: str, body: bytes, headers: dict):
        async with self.client.request(method, path, data=body, headers=headers) as response:
            return response.status, await response.read()

    def close(self, *extra) -> None:
        for server in extra:
            self.run(server.close())
        self.run(self.client.close())
        self.loop.close()


# --- /api/appointments --------------------------------------------------------------------


def reference(uuid) -> str:
    """A well-spread reference: hypothesis's own draws would often repeat (shrunk) ones."""
    return "NTX-" + "".join(ALPHABET[(uuid.int >> (5 * i)) & 31] for i in range(5))


def valid_fields():
    profile = load_profile()
    printable = st.characters(blacklist_categories=("Cc", "Cs"))
    return {
        "kind": st.sampled_from(["booking", "callback"]),
        "reference": st.uuids().map(reference),
        "conversation_id": st.uuids().map(lambda u: u.hex),
        # Names in any script (the shared name rule refuses digits, symbols and questions);
        # anything else reaches full_name through the broken-field draws below.
        "full_name": st.lists(
            st.text(
                st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=30
            ),
            min_size=2,
            max_size=4,
        ).map(" ".join),
        "phone": st.sampled_from(["+12145550143", "+19725550100", "+14695550177", None]),
        "email": st.sampled_from(["a@example.org", "Name.Surname@Example.COM", None]),
        "location": st.sampled_from([*profile.booking_locations, None]),
        "preferred_time_text": st.none() | st.text(printable, max_size=205),
        "patient_status": st.sampled_from(["new", "returning", None]),
        "visit_reason": st.none() | st.text(printable, max_size=205),
        "coverage_type": st.sampled_from(["insurance", "self_pay", "not_sure", None]),
        "insurance_member_id": st.none() | st.text(printable, max_size=55),
        "contact_consent": st.just(True),
        "notes": st.none() | st.text(printable | st.sampled_from("\n\t"), max_size=300),
        "assessment": st.none() | st.dictionaries(st.text(max_size=8), json_scalars, max_size=4),
    }


@st.composite
def near_valid_bodies(draw):
    """A plausible request (its texts anything, of any length), then up to three fields broken:
    replaced by any JSON value, removed, or an unknown field added."""
    body = draw(st.fixed_dictionaries(valid_fields()))
    for _ in range(draw(st.integers(0, 3))):
        field = draw(st.sampled_from(sorted(body) + ["<unknown>"]))
        change = draw(st.sampled_from(["replace", "remove"]))
        if field == "<unknown>":
            body[draw(st.text(max_size=12).filter(lambda k: k not in FIELDS))] = draw(json_values)
        elif change == "replace":
            body[field] = draw(json_values)
        else:
            body.pop(field, None)
    return body


appointment_bodies = st.one_of(
    near_valid_bodies().map(json.dumps).map(str.encode),
    near_valid_bodies().map(json.dumps).map(str.encode),
    near_valid_bodies().map(json.dumps).map(str.encode),
    json_values.map(json.dumps).map(str.encode),
    st.binary(max_size=300),
)
idempotency_keys = st.one_of(st.uuids().map(str), st.uuids().map(str), st.none(), header_text)


def test_generated_appointment_requests(settings, var_dir):
    runner = AppRunner().start(create_app(settings))
    token = load_secrets(var_dir)["appointments_token"]
    locations = load_profile().booking_locations
    created, sent = {}, []

    @hypothesis_settings(max_examples=APPOINTMENT_EXAMPLES, **FUZZ)
    @given(
        body=appointment_bodies,
        content_type=st.just("application/json") | content_types,
        key=idempotency_keys,
        auth=st.sampled_from(["real", "real", "real", "wrong", "none"]),
    )
    def post(body, content_type, key, auth):
        headers = {"Content-Type": content_type} if content_type else {}
        if key is not None:
            headers["Idempotency-Key"] = key
        if auth != "none":
            headers["Authorization"] = f"Bearer {token if auth == 'real' else token[::-1]}"
        status, answer = runner.run(runner.send("POST", "/api/appointments", body, headers))
        sent.append(status)
        assert 200 <= status < 500, (status, answer)
        if status == 201:
            # Stored: what the validation made of exactly this body.
            created[json.loads(answer)["reference"]] = validate_appointment_request(
                json.loads(body), locations
            )

    try:
        post()
    finally:
        runner.close()
    assert len(sent) >= APPOINTMENT_EXAMPLES
    engine = create_db_engine(settings.database_url)
    rows = list_requests(engine)
    engine.dispose()
    assert len(rows) == len(created) > 100  # enough valid requests got through to mean something
    for row in rows:
        fields = {name: row[name] for name in FIELDS}
        assert fields == created[row["reference"]]
        assert (
            validate_appointment_request(fields, locations) == fields
        )  # nothing malformed at rest


# --- /api/chat ----------------------------------------------------------------------------

messages = st.one_of(
    st.text(max_size=80),
    st.text(min_size=MAX_MESSAGE_CHARS - 5, max_size=MAX_MESSAGE_CHARS + 5),
    st.sampled_from(
        [
            "/request_appointment",
            '/inform{"booking_choice": "new"}',
            '/inform{"phone": "x"}',
            "/restart",
            "  /affirm  ",
            "<script>alert(1)</script>",
            "\x00\x01",
            "   ",
        ]
    ),
)
chat_bodies = st.one_of(
    st.builds(lambda m: json.dumps({"message": m}).encode(), messages),
    st.builds(lambda m: json.dumps({"message": m}).encode(), messages),
    st.builds(
        lambda m: json.dumps({"message": m}, ensure_ascii=False).encode(),
        st.text(min_size=1, max_size=80),
    ),
    st.builds(
        lambda m: json.dumps({"message": m}, ensure_ascii=False).encode(),
        st.text(min_size=1, max_size=80),
    ),
    st.builds(
        lambda m: json.dumps({"message": m}, ensure_ascii=False).encode("utf-8", "surrogatepass"),
        st.text(max_size=20).map(lambda t: t + "\ud800"),
    ),  # a lone surrogate, raw or escaped
    st.builds(
        lambda m: ('{"message": "%s\\udc00"}' % m).encode(),
        st.text(alphabet=string.ascii_letters, max_size=9),
    ),
    json_values.map(lambda v: json.dumps({"message": v}).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(
        lambda m, extra: json.dumps({"message": m, **extra}).encode(),
        messages,
        st.dictionaries(
            st.text(min_size=1, max_size=5).filter(lambda k: k != "message"),
            json_scalars,
            min_size=1,
            max_size=2,
        ),
    ),
    st.binary(max_size=200),
)


def test_generated_chat_messages(settings, var_dir):
    stand_in = RasaStandIn(token=load_secrets(var_dir)["rasa_token"])
    runner = AppRunner()

    async def start_rasa() -> TestServer:
        server = TestServer(stand_in.app(), host="127.0.0.1")
        await server.start_server()
        return server

    stand_in.server = runner.run(start_rasa())
    runner.start(
        create_app(
            replace(settings, rasa_port=stand_in.server.port), chat_limits=ChatRateLimits(UNLIMITED)
        )
    )
    offered = {b["payload"] for b in stand_in.buttons}
    forwarded_total, sent = 0, []

    @hypothesis_settings(max_examples=CHAT_EXAMPLES, **FUZZ)
    @given(
        body=chat_bodies,
        content_type=st.just("application/json") | content_types,
        fresh=st.booleans(),
    )
    def chat(body, content_type, fresh):
        nonlocal forwarded_total
        if fresh:
            runner.client.session.cookie_jar.clear()
        before = len(stand_in.received)
        headers = {"Content-Type": content_type} if content_type else {}
        status, answer = runner.run(runner.send("POST", "/api/chat", body, headers))
        sent.append(status)
        assert 200 <= status < 500, (status, answer)
        forwarded = stand_in.received[before:]
        if status != 200:
            assert forwarded == []  # refused: Rasa never saw it
            return
        (to_rasa,) = forwarded
        message = to_rasa["message"]
        assert (
            message == json.loads(body)["message"].strip() and 0 < len(message) <= MAX_MESSAGE_CHARS
        )
        message.encode("utf-8")  # no lone surrogates reach Rasa
        assert not message.startswith("/") or message in ALWAYS_ALLOWED_PAYLOADS | offered
        assert json.loads(answer)["messages"]
        forwarded_total += 1

    try:
        chat()
    finally:
        runner.close(stand_in.server)
    assert len(sent) >= CHAT_EXAMPLES
    assert forwarded_total > 500  # valid messages were part of the mix, and all went through
