"""Appointment requests as JSON or CSV for staff (`python -m bot appointments export`)."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, List

from bot.storage.tables import appointment_requests
from clinic.clock import clinic_time

# Everything staff need; the idempotency key is plumbing between action server and app.
COLUMNS: List[str] = [c.name for c in appointment_requests.columns if c.name != "idempotency_key"]
FORMATS = ("json", "csv")
# Spreadsheet apps run cells starting with these as formulas; visitors typed these values.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
VALIDATED_COLUMNS = {"phone"}  # E.164, checked on the way in: "+1..." is a number, not a formula


def _record(row: dict) -> dict:
    record = {name: row.get(name) for name in COLUMNS}
    # In the clinic's zone, with its UTC offset: what staff expect, and still unambiguous.
    created = clinic_time(row.get("created_at"))
    record["created_at"] = created.isoformat() if created else None
    return record


def to_json(rows: Iterable[dict]) -> str:
    return json.dumps([_record(r) for r in rows], indent=2, ensure_ascii=False) + "\n"


def _csv_cell(name: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if name not in VALIDATED_COLUMNS and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def to_csv(rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        record = _record(row)
        writer.writerow([_csv_cell(name, record[name]) for name in COLUMNS])
    return out.getvalue()


def export(rows: Iterable[dict], fmt: str) -> str:
    return to_json(rows) if fmt == "json" else to_csv(rows)
