"""What a notification email says: the kind of event, the reference, the location, the time
and a link to the console page behind log-in. Never a name, phone, email, insurance id,
message text or score: the row it is built from holds none (bot/storage/notification_tables.py),
and this module reads nothing else.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from typing import Iterable
from urllib.parse import urlsplit

from aiohttp import web

from bot.notifications.new_requests import NEW_STATUS
from bot.storage.notification_outbox import BOOKING, CALLBACK, CRISIS, CRISIS_SUMMARY
from clinic.clock import clinic_time

TIME_FORMAT = "%Y-%m-%d %H:%M %Z"
NO_LOCATION = "not given"
REQUEST_LABELS = {BOOKING: "booking request", CALLBACK: "callback request"}


def console_path(router: web.UrlDispatcher, row: dict) -> str:
    """The console page that shows what the notice is about (log-in required)."""
    if row["kind"] in REQUEST_LABELS:
        return str(router["staff_request"].url_for(request_id=str(row["request_id"])))
    if row["kind"] == CRISIS:
        return str(router["staff_conversation"].url_for(sender_id=row["conversation_id"]))
    if row["kind"] == CRISIS_SUMMARY:
        return str(router["staff_conversations"].url_for().with_query(flag="crisis"))
    return str(router["staff_requests"].url_for().with_query(status=NEW_STATUS))


def message_id(row: dict, base_url: str) -> str:
    """Stable per notification: a resend after a crash carries the same Message-ID."""
    domain = urlsplit(base_url).hostname or "localhost"
    return f"<notification-{row['id']}.{int(row['created_at'].timestamp())}@{domain}>"


def _subject_and_body(row: dict, clinic_name: str, link: str) -> tuple[str, list[str]]:
    location = row["location"] or NO_LOCATION
    when = clinic_time(row["event_at"]).strftime(TIME_FORMAT)
    if row["kind"] in REQUEST_LABELS:
        label = REQUEST_LABELS[row["kind"]]
        return f"{clinic_name}: new {label} {row['reference']} ({location})", [
            f"A new {label} is waiting in the staff console.",
            "",
            f"Reference: {row['reference']}",
            f"Location:  {location}",
            f"Received:  {when}",
            "",
            f"Open it (log-in required): {link}",
        ]
    if row["kind"] == CRISIS:
        return f"{clinic_name}: a chat conversation was flagged for crisis", [
            "The website assistant flagged a conversation for crisis language and showed the visitor",
            "the crisis resources. Please review the conversation.",
            "",
            f"Flagged: {when}",
            "",
            f"Open it (log-in required): {link}",
        ]
    if row["kind"] == CRISIS_SUMMARY:
        count = (row["payload"] or {}).get("count", 0)
        noun = "conversation" if count == 1 else "conversations"
        return f"{clinic_name}: {count} more flagged {noun}", [
            f"{count} more flagged {noun} in the hour from {when}: more than the"
            " assistant emails one by one in an hour. Every visitor was shown the crisis"
            " resources. Please review them in the console (crisis-flagged first).",
            "",
            f"Open them (log-in required): {link}",
        ]
    payload = row["payload"] or {}
    total = payload.get("total", 0)
    lines = [f"Requests waiting for a first contact on {payload.get('day', '')}: {total}", ""]
    lines += [
        f"  {location or NO_LOCATION}: {count}" for location, count in payload.get("counts", [])
    ]
    lines += ["", f"Open the new requests (log-in required): {link}"]
    noun = "request" if total == 1 else "requests"
    return f"{clinic_name}: daily digest, {total} new {noun} waiting", lines


def compose(
    row: dict,
    *,
    clinic_name: str,
    sender: str,
    recipients: Iterable[str],
    base_url: str,
    router: web.UrlDispatcher,
) -> EmailMessage:
    link = base_url.rstrip("/") + console_path(router, row)
    subject, lines = _subject_and_body(row, clinic_name, link)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id(row, base_url)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    lines += ["", "No patient details here, by design: they are in the console only."]
    message.set_content("\n".join(lines) + "\n")
    return message
