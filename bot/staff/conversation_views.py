"""Conversations: the filtered list, one transcript with its review tools, and the exports."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web
from aiohttp_session import get_session

from bot.staff import audit, conversation_list, training_export, transcripts
from bot.staff.assistant_domain import load_assistant_domain
from bot.staff.conversation_index import indexed_up_to
from bot.staff.index_updater import INDEXER
from bot.staff.keys import ACCOUNT, DB, client_ip, now
from bot.staff.listing import day_end, day_start, page_number, parse_day, today
from bot.staff.rendering import render
from clinic.language import LANGUAGES

PER_PAGE = 50
DEFAULT_DAYS = 7
NOTICES = {
    "reviewed": "Marked as reviewed.",
    "unreviewed": "Marked as not reviewed.",
    "tags": "Tags saved.",
    "corrected": "Correction saved.",
    "cleared": "Correction removed.",
}


SEARCH = "search"  # the staff session's key for the words being searched


def _filters(request: web.Request, words: str):
    q = request.query
    # No dates in the query: the last DEFAULT_DAYS days. Emptied date fields: no limit.
    if "from" in q or "to" in q:
        first, last = parse_day(q.get("from", "")), parse_day(q.get("to", ""))
    else:
        last = today(request)
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    flag = q.get("flag", "") if q.get("flag", "") in conversation_list.FLAGS else ""
    reviewed = {"yes": True, "no": False}.get(q.get("reviewed", ""))
    filters = conversation_list.ConversationFilters(
        active_from=day_start(first) if first else None,
        active_to=day_end(last) if last else None,
        flag=flag,
        reviewed=reviewed,
        intent=q.get("intent", "").strip()[:255],
        tag=q.get("tag", "").strip().lower()[:40],
        text=words,
        language=q.get("language", "") if q.get("language", "") in LANGUAGES else "",
    )
    form = {
        "from": first.isoformat() if first else "",
        "to": last.isoformat() if last else "",
        "flag": flag,
        "reviewed": q.get("reviewed", "") if reviewed is not None else "",
        "intent": filters.intent,
        "tag": filters.tag,
        "language": filters.language,
        "q": filters.text,
    }
    return filters, form


def _list_url(request: web.Request, params: dict, searching: bool) -> str:
    kept = {k: v for k, v in params.items() if k in LIST_PARAMS and k != "page"}
    if searching:
        kept[SEARCH] = "1"
    return str(request.app.router["staff_conversations"].url_for().with_query(kept))


LIST_PARAMS = ("from", "to", "flag", "reviewed", "intent", "tag", "language", "page")


async def search_submit(request: web.Request) -> web.Response:
    """The filter form, posted: the filters go into the list's URL, the search words into
    the (encrypted) session, never into a URL, where browser history, proxy logs and
    bookmarks would keep what a visitor wrote."""
    form = await request.post()
    words = str(form.get("q", "")).strip()[: conversation_list.MAX_SEARCH]
    session = await get_session(request)
    session[SEARCH] = words
    raise web.HTTPSeeOther(_list_url(request, dict(form), bool(words)))


async def conversations_page(request: web.Request) -> web.Response:
    if "q" in request.query:  # an old link or bookmark: move the words out of the URL
        words = request.query["q"].strip()[: conversation_list.MAX_SEARCH]
        (await get_session(request))[SEARCH] = words
        raise web.HTTPSeeOther(_list_url(request, dict(request.query), bool(words)))
    db, account = request.config_dict[DB], request[ACCOUNT]
    await request.config_dict[INDEXER].refresh()
    words = ""
    if request.query.get(SEARCH) == "1":
        words = (await get_session(request)).get(SEARCH, "")
    filters, form = _filters(request, words)
    page = page_number(request)
    rows, total = await db.run(conversation_list.list_conversations, filters, page, PER_PAGE)
    indexed, newest = await db.run(indexed_up_to)
    # The list shows each conversation's first message, and a search reads what visitors
    # wrote: both are reads of patient text, so both are audited (the count, not the words).
    action, target = "conversation_list", f"page {page}, {len(rows)} shown"
    if words:
        action, target = "conversation_search", f"{len(words.split())} word(s), {total} found"
    await db.run(audit.record, account.username, action, target, client_ip(request), now(request))
    return await render(
        request,
        "conversations.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PER_PAGE)),
            "form": form,
            "flags": conversation_list.FLAGS,
            "intents": load_assistant_domain().intents,
            "tags": await db.run(conversation_list.all_tags),
            "behind": max(0, newest - indexed),
        },
    )


def _sender(request: web.Request) -> str:
    return request.match_info["sender_id"]


def _transcript_url(request: web.Request, done: str = "") -> str:
    url = request.app.router["staff_conversation"].url_for(sender_id=_sender(request))
    return str(url.with_query(done=done) if done else url)


async def transcript_page(request: web.Request) -> web.Response:
    db, account = request.config_dict[DB], request[ACCOUNT]
    await request.config_dict[INDEXER].refresh()
    transcript = await db.run(transcripts.load_transcript, _sender(request))
    if transcript is None:
        raise web.HTTPNotFound(text="No such conversation.")
    await db.run(
        audit.record,
        account.username,
        "transcript_view",
        transcript.sender_id,
        client_ip(request),
        now(request),
    )
    domain = load_assistant_domain()
    return await render(
        request,
        "transcript.html",
        {
            "t": transcript,
            "intents": domain.intents,
            "actions": domain.actions,
            "notice": NOTICES.get(request.query.get("done", ""), ""),
        },
    )


async def review(request: web.Request) -> web.Response:
    form = await request.post()
    reviewed = form.get("reviewed") == "yes"
    db, account = request.config_dict[DB], request[ACCOUNT]
    if not await db.run(
        transcripts.set_reviewed, _sender(request), reviewed, account.username, now(request)
    ):
        raise web.HTTPNotFound(
            text="This conversation is not in the index yet; try again in a moment."
        )
    await db.run(
        audit.record,
        account.username,
        "conversation_review",
        f"{_sender(request)}: {'reviewed' if reviewed else 'not reviewed'}",
        client_ip(request),
        now(request),
    )
    raise web.HTTPSeeOther(_transcript_url(request, "reviewed" if reviewed else "unreviewed"))


async def set_tags(request: web.Request) -> web.Response:
    form = await request.post()
    db, account = request.config_dict[DB], request[ACCOUNT]
    try:
        tags = transcripts.normalize_tags(str(form.get("tags", "")))
    except ValueError as exc:
        raise web.HTTPBadRequest(text=str(exc))
    if not await db.run(transcripts.read_events, _sender(request)):
        raise web.HTTPNotFound(text="No such conversation.")
    await db.run(transcripts.set_tags, _sender(request), tags)
    await db.run(
        audit.record,
        account.username,
        "conversation_tag",
        _sender(request),
        client_ip(request),
        now(request),
    )
    raise web.HTTPSeeOther(_transcript_url(request, "tags"))


async def correct_turn(request: web.Request) -> web.Response:
    form = await request.post()
    db, account = request.config_dict[DB], request[ACCOUNT]
    sender_id = _sender(request)
    try:
        event_id = int(request.match_info["event_id"])
    except ValueError:
        raise web.HTTPNotFound()
    kind = await db.run(transcripts.event_kind, sender_id, event_id)
    if kind not in ("user", "bot"):
        raise web.HTTPNotFound(text="No such message in this conversation.")
    if form.get("clear"):
        await db.run(transcripts.clear_correction, sender_id, event_id)
        done = "cleared"
    else:
        domain = load_assistant_domain()
        corrected = str(form.get("corrected", "")).strip()
        comment = str(form.get("comment", ""))
        if kind == "user" and corrected not in domain.intents:
            raise web.HTTPBadRequest(text="Choose one of the assistant's intents.")
        if kind == "bot" and corrected and corrected not in domain.actions:
            raise web.HTTPBadRequest(text="Choose one of the assistant's actions, or none.")
        if kind == "bot" and not corrected and not comment.strip():
            raise web.HTTPBadRequest(text="Say what was wrong, or choose the right action.")
        await db.run(
            transcripts.save_correction,
            sender_id,
            event_id,
            "intent" if kind == "user" else "action",
            corrected,
            comment,
            account.username,
            now(request),
        )
        done = "corrected"
    await db.run(
        audit.record,
        account.username,
        "turn_correction",
        f"{sender_id}#{event_id}",
        client_ip(request),
        now(request),
    )
    raise web.HTTPSeeOther(_transcript_url(request, done) + f"#e{event_id}")


def _download(body: str, filename: str, content_type: str) -> web.Response:
    return web.Response(
        text=body,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def export_transcript(request: web.Request) -> web.Response:
    db, account = request.config_dict[DB], request[ACCOUNT]
    body = await db.run(
        training_export.transcript_json, _sender(request), account.username, now(request)
    )
    if body is None:
        raise web.HTTPNotFound(text="No such conversation.")
    await db.run(
        audit.record,
        account.username,
        "export",
        f"transcript {_sender(request)}",
        client_ip(request),
        now(request),
    )
    return _download(body, f"conversation-{_safe(_sender(request))}.json", "application/json")


async def export_story(request: web.Request) -> web.Response:
    db, account = request.config_dict[DB], request[ACCOUNT]
    if not await db.run(transcripts.read_events, _sender(request)):
        raise web.HTTPNotFound(text="No such conversation.")
    body = await db.run(training_export.review_stories_yaml, [_sender(request)])
    await db.run(
        audit.record,
        account.username,
        "export",
        f"test story {_sender(request)}",
        client_ip(request),
        now(request),
    )
    return _download(body, f"test-story-{_safe(_sender(request))}.yml", "application/x-yaml")


def _range(request: web.Request):
    first, last = parse_day(request.query.get("from", "")), parse_day(request.query.get("to", ""))
    return (day_start(first) if first else None), (day_end(last) if last else None)


async def export_nlu(request: web.Request) -> web.Response:
    db, account = request.config_dict[DB], request[ACCOUNT]
    since, until = _range(request)
    body = await db.run(training_export.nlu_examples_yaml, since, until)
    await db.run(
        audit.record,
        account.username,
        "export",
        "corrected NLU examples",
        client_ip(request),
        now(request),
    )
    return _download(body, "corrected-nlu.yml", "application/x-yaml")


async def export_stories(request: web.Request) -> web.Response:
    db, account = request.config_dict[DB], request[ACCOUNT]
    since, until = _range(request)
    senders = await db.run(training_export.corrected_conversations, since, until)
    body = await db.run(training_export.review_stories_yaml, senders)
    await db.run(
        audit.record,
        account.username,
        "export",
        "corrected test stories",
        client_ip(request),
        now(request),
    )
    return _download(body, "corrected-test-stories.yml", "application/x-yaml")


def _safe(sender_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in sender_id)[:80]
