"""Account handling without editing the database: the admin-only "Staff accounts" page and
`python -m bot staff list|disable|enable|unlock|reset-password|set-role|totp`, each change
audited; the last administrator cannot be removed; an optional TOTP second factor."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.app_state import SETTINGS
from bot.staff import totp
from bot.storage.staff_tables import staff_audit
from clinic.settings import load_settings
from tests.staff.conftest import Browser, console_app_for
from tests.staff.test_cli_and_app import bot_cli

pytestmark = pytest.mark.usefixtures("accounts")
SECRET_URI = re.compile(r"otpauth://totp/[^<\s]+")


def audit_rows(database):
    with database.engine.connect() as conn:
        rows = conn.execute(select(staff_audit).order_by(staff_audit.c.id)).all()
    return [(r.actor, r.action, r.target) for r in rows]


async def change(
    browser: Browser, username: str, action: str, token_from="/staff/accounts", address=None, **form
):
    headers = {"X-Forwarded-For": address} if address else None
    return await browser.post(
        f"/staff/accounts/{username}/{action}", form, token_from=token_from, headers=headers
    )


async def test_only_admins_see_the_accounts_page(new_browser):
    admin, staff = await new_browser(), await new_browser()
    await admin.log_in("alice")
    await staff.log_in("bob")
    page = await admin.get("/staff/accounts")
    assert page.status == 200
    text = await page.text()
    assert 'data-account="bob"' in text and "Staff accounts" in text
    assert (await staff.get("/staff/accounts")).status == 403
    assert (await change(staff, "alice", "disable", token_from="/staff/requests")).status == 403


async def test_disable_ends_sessions_and_log_in_enable_restores_it(new_browser, database):
    admin, bob = await new_browser(), await new_browser()
    await admin.log_in("alice", address="198.51.100.1")
    await bob.log_in("bob")
    assert (await bob.get("/staff/requests")).status == 200

    response = await change(admin, "bob", "disable", address="198.51.100.1")
    assert response.status == 200
    assert "bob is disabled" in await response.text()
    assert (await bob.get("/staff/requests")).status == 303  # the open session is gone
    assert (await (await new_browser()).log_in("bob")).status == 401

    await change(admin, "bob", "enable")
    assert (await (await new_browser()).log_in("bob")).status == 303
    assert ("alice", "account_disabled", "bob") in audit_rows(database)
    assert ("alice", "account_enabled", "bob") in audit_rows(database)
    # The audit log has the address the trusted proxy reported.
    with database.engine.connect() as conn:
        ips = conn.execute(
            select(staff_audit.c.ip).where(staff_audit.c.action == "account_disabled")
        ).scalars()
        assert list(ips) == ["198.51.100.1"]


async def test_reset_password_shows_a_one_time_password_that_works(new_browser, database):
    admin = await new_browser()
    await admin.log_in("alice")
    response = await change(admin, "bob", "reset-password")
    secret = re.search(r'id="account-secret">[^<]*<code>([^<]+)</code>', await response.text())
    assert secret, "no new password shown"
    assert (await (await new_browser()).log_in("bob")).status == 401  # old password gone
    assert (await (await new_browser()).log_in("bob", password=secret.group(1))).status == 303
    assert ("alice", "account_password_reset", "bob") in audit_rows(database)
    assert secret.group(1) not in str(audit_rows(database))


async def test_unlock_clears_the_slow_down(new_browser, database):
    attacker = await new_browser()
    for _ in range(6):
        await attacker.log_in("bob", "wrong password!", address="203.0.113.5")
    assert (await attacker.log_in("bob", address="203.0.113.5")).status == 401
    admin = await new_browser()
    await admin.log_in("alice")
    page = await admin.get("/staff/accounts")
    assert re.search(r'data-account="bob".*?<td>5</td>', await page.text(), re.S)
    await change(admin, "bob", "unlock")
    assert (await attacker.log_in("bob", address="203.0.113.5")).status == 303


async def test_the_last_admin_cannot_be_demoted_or_disabled(new_browser, database):
    admin = await new_browser()
    await admin.log_in("alice")
    for action, form in (("set-role", {"role": "staff"}), ("disable", {})):
        response = await change(admin, "alice", action, **form)
        assert response.status == 409
        assert "last administrator" in await response.text()
    # With a second admin, the first may step down.
    assert (await change(admin, "bob", "set-role", role="admin")).status == 200
    assert (await change(admin, "alice", "set-role", role="staff")).status == 200
    assert ("alice", "account_role_set", "bob role=admin") in audit_rows(database)


def cli_env(database_url, tmp_path):
    return {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": database_url}


def test_cli_manages_accounts_and_audits_it(database_url, database, tmp_path):
    env = cli_env(database_url, tmp_path)
    listed = bot_cli(["staff", "list"], env)
    assert listed.returncode == 0
    assert re.search(r"alice\s+admin\s+active", listed.stdout)
    assert re.search(r"bob\s+staff\s+active", listed.stdout)

    assert bot_cli(["staff", "disable", "bob"], env).returncode == 0
    assert re.search(r"bob\s+staff\s+disabled", bot_cli(["staff", "list"], env).stdout)
    assert bot_cli(["staff", "enable", "bob"], env).returncode == 0
    assert bot_cli(["staff", "unlock", "bob"], env).returncode == 0
    reset = bot_cli(
        ["staff", "reset-password", "bob", "--password-stdin"], env, "another long passphrase\n"
    )
    assert reset.returncode == 0, reset.stderr
    last = bot_cli(["staff", "set-role", "alice", "staff"], env)
    assert last.returncode == 1 and "last administrator" in last.stderr
    assert bot_cli(["staff", "disable", "alice"], env).returncode == 1
    assert bot_cli(["staff", "disable", "nobody"], env).returncode == 1

    actions = [(action, target) for actor, action, target in audit_rows(database)]
    assert actions == [
        ("account_disabled", "bob"),
        ("account_enabled", "bob"),
        ("account_unlocked", "bob"),
        ("account_password_reset", "bob"),
    ]
    assert all(actor.startswith("cli") for actor, _, _ in audit_rows(database))


async def test_totp_second_factor_once_per_code(new_browser, database, clock):
    admin = await new_browser()
    await admin.log_in("alice")
    response = await change(admin, "bob", "totp-on")
    uri = SECRET_URI.search((await response.text()).replace("&amp;", "&")).group(0)
    secret = re.search(r"secret=([A-Z2-7]+)", uri).group(1)

    code = totp.code_at(secret, clock.utc())
    assert (await (await new_browser()).log_in("bob")).status == 401  # no code
    assert (await (await new_browser()).log_in("bob", code="000000")).status in (401,)
    assert (await (await new_browser()).log_in("bob", code=code)).status == 303
    # The same code again (overheard, replayed) is refused.
    assert (await (await new_browser()).log_in("bob", code=code)).status == 401
    clock.advance(30)
    later = totp.code_at(secret, clock.utc())
    assert (await (await new_browser()).log_in("bob", code=later)).status == 303
    assert ("bob", "login_second_factor", None) in audit_rows(database)


async def test_a_setting_requires_the_second_factor_for_admins(database, clock, tmp_path):
    app = console_app_for(database, clock)
    app[SETTINGS] = replace(load_settings(), var_dir=tmp_path, staff_totp_for_admins=True)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        browser = Browser(client)
        assert (await browser.log_in("alice")).status == 401  # admin without a code
        assert (await browser.log_in("bob")).status == 303  # staff: optional
    assert ("alice", "login_second_factor", None) in audit_rows(database)


def test_cli_turns_the_second_factor_on(database_url, database, tmp_path):
    on = bot_cli(["staff", "totp", "alice", "on"], cli_env(database_url, tmp_path))
    assert on.returncode == 0
    secret = re.search(r"secret=([A-Z2-7]+)", on.stdout).group(1)
    now = datetime.now(timezone.utc)
    assert totp.accepted_step(secret, totp.code_at(secret, now), None, now) is not None
    assert (
        totp.accepted_step(secret, totp.code_at(secret, now - timedelta(minutes=5)), None, now)
        is None
    )
