"""`python -m bot staff add` and the console inside the real app factory."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import create_engine, select

from bot.storage.staff_tables import staff_users
from clinic.settings import PROJECT_DIR, load_settings
from tests.staff.conftest import CSRF

PASSWORD = "a long enough passphrase"


def bot_cli(args, env, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env=env,
        timeout=120,
    )


def test_staff_add_creates_accounts_and_refuses_bad_ones(tmp_path):
    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.db'}",
    }
    made = bot_cli(
        ["staff", "add", "Front.Desk", "--role", "admin", "--password-stdin"], env, PASSWORD + "\n"
    )
    assert made.returncode == 0, made.stderr
    assert "created admin account 'front.desk'" in made.stdout
    assert PASSWORD not in made.stdout + made.stderr

    again = bot_cli(["staff", "add", "front.desk", "--password-stdin"], env, PASSWORD + "\n")
    assert again.returncode == 1 and "already exists" in again.stderr
    weak = bot_cli(["staff", "add", "nurse", "--password-stdin"], env, "short\n")
    assert weak.returncode == 1 and "at least 12 characters" in weak.stderr

    engine = create_engine(env["DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(select(staff_users.c.username, staff_users.c.role)).all()
    engine.dispose()
    assert rows == [("front.desk", "admin")]


async def test_the_app_factory_serves_the_console(tmp_path):
    from bot.app import create_app

    env = {
        **os.environ,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.db'}",
    }
    assert (
        bot_cli(["staff", "add", "nurse", "--password-stdin"], env, PASSWORD + "\n").returncode == 0
    )
    settings = replace(load_settings(), var_dir=tmp_path, database_url=env["DATABASE_URL"])
    client = TestClient(TestServer(create_app(settings), host="127.0.0.1"))
    await client.start_server()
    try:
        bare = await client.get("/staff", allow_redirects=False)
        assert bare.status == 308 and bare.headers["Location"] == "/staff/"
        page = await client.get("/staff/login")
        token = CSRF.search(await page.text()).group(1)
        response = await client.post(
            "/staff/login",
            data={
                "csrf_token": token,
                "username": "nurse",
                "password": PASSWORD,
                "next": "/staff/audit",
            },
            allow_redirects=False,
        )
        assert response.status == 303 and response.headers["Location"] == "/staff/audit"
        # A staff (non-admin) account: logged in, but the audit log is for administrators.
        assert (await client.get("/staff/audit", allow_redirects=False)).status == 403
        # The widget side of the app is untouched by the console's middlewares.
        assert "Set-Cookie" not in (await client.get("/healthz")).headers
    finally:
        await client.close()
