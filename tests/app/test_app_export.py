"""`python -m bot appointments export`: every request, newest first, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys

import pytest

from bot.cli import main
from bot.migrations import migrate
from bot.storage.appointments import store_request
from clinic.database import create_db_engine
from clinic.reference_codes import new_reference
from clinic.settings import PROJECT_DIR


def request(name: str, **changes) -> dict:
    row = {
        "kind": "booking",
        "reference": new_reference(),
        "conversation_id": f"conv-{name}",
        "full_name": name,
        "phone": "+12145550143",
        "email": None,
        "location": "Frisco",
        "preferred_time_text": "weekday mornings",
        "preferred_time_normalized": "weekdays, mornings",
        "patient_status": "new",
        "visit_reason": "Depression",
        "coverage_type": "self_pay",
        "insurance_carrier": None,
        "insurance_member_id": None,
        "contact_consent": True,
        "notes": None,
        "assessment": None,
    }
    row.update(changes)
    return row


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    migrate(url)
    engine = create_db_engine(url)
    stored = [
        request("Ana Oldest", assessment={"instrument": "GAD-7", "score": 9}),
        request("Ben Middle", kind="callback", email="ben@example.org", phone=None),
        request('=HYPERLINK("http://evil")', notes="-2+3"),
    ]
    for i, row in enumerate(stored):
        store_request(engine, row, f"key-{i}")
    engine.dispose()
    return list(reversed(stored))  # newest first


def test_json_export_lists_every_request_newest_first(database, capsys):
    assert main(["appointments", "export", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [r["reference"] for r in exported] == [r["reference"] for r in database]
    for got, want in zip(exported, database):
        for field, value in want.items():
            assert got[field] == value
        assert got["status"] == "new"
        assert got["created_at"][-6:] in ("-06:00", "-05:00")  # Central time, offset shown
        assert "idempotency_key" not in got


def test_csv_export_has_a_header_and_defuses_formulas(database, capsys):
    assert main(["appointments", "export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["reference"] for r in rows] == [r["reference"] for r in database]
    newest, middle, oldest = rows
    assert newest["full_name"] == '\'=HYPERLINK("http://evil")'
    assert newest["notes"] == "'-2+3"
    assert newest["phone"] == "+12145550143"  # validated E.164 stays as it is
    assert (middle["kind"], middle["email"], middle["phone"]) == ("callback", "ben@example.org", "")
    assert json.loads(oldest["assessment"]) == {"instrument": "GAD-7", "score": 9}
    assert "idempotency_key" not in rows[0]


def test_export_to_a_file_readable_by_the_owner_only(database, tmp_path, capsys):
    out = tmp_path / "requests.json"
    assert main(["appointments", "export", "--format", "json", "--output", str(out)]) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert len(json.loads(out.read_text())) == 3
    assert capsys.readouterr().out == ""


def test_export_of_an_unmigrated_database_explains_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["appointments", "export", "--format", "csv"]) == 1
    assert "python -m bot migrate" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "required: COMMAND"),
        (["appointments"], "required: ACTION"),
        (["appointments", "export"], "required: --format"),
        (["appointments", "export", "--format", "xml"], "invalid choice: 'xml'"),
        (["launch"], "invalid choice: 'launch'"),
    ],
)
def test_bad_arguments_are_explained(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_module_entry_point_migrates(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    export = subprocess.run(
        [sys.executable, "-m", "bot", "appointments", "export", "--format", "json"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (export.returncode, json.loads(export.stdout)) == (0, [])
