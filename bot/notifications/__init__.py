"""Staff notifications (issue 11): PHI-free emails telling staff a request or a crisis flag
is waiting in the console.

(the durable queue, rows written in the same transaction as the event, is storage:
 bot/storage/notification_outbox.py)
messages.py      what an email says: kind, reference, location, time, console link; nothing else
smtp_delivery.py one email over SMTP (stdlib smtplib), and which failures are worth a retry
sender.py        the background task: claim due rows with a lease, send, retry with backoff
digest.py        the daily digest (NOTIFY_MODE=digest)
new_requests.py  new requests per location: the digest's content, the console's banner when email is off
"""
