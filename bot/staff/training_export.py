"""Staff review feeding training: corrected turns as Rasa NLU examples and test stories.

Written with Rasa's own YAML writers from Rasa's own event classes (rebuilt from the
tracker store's JSON the way SQLTrackerStore does), so the files load with
`rasa train` / `rasa test` as they are. Imported lazily: only exports need Rasa.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.staff import tracker_events as te
from bot.staff.transcripts import load_corrections, read_events
from bot.storage.staff_tables import staff_turn_corrections as corrections

# Left out of stories: session bookkeeping that `rasa test` adds by itself.
SESSION_EVENTS = {"session_started"}


def corrected_conversations(
    engine: Engine, since: Optional[datetime] = None, until: Optional[datetime] = None
) -> List[str]:
    """Conversations with at least one correction made in [since, until)."""
    query = select(corrections.c.sender_id).distinct().order_by(corrections.c.sender_id)
    if since:
        query = query.where(corrections.c.at >= since)
    if until:
        query = query.where(corrections.c.at < until)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def nlu_examples_yaml(
    engine: Engine, since: Optional[datetime] = None, until: Optional[datetime] = None
) -> str:
    """Every visitor message whose intent staff corrected, as an NLU example of the right intent."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    query = (
        select(corrections.c.event_id, corrections.c.corrected)
        .where(corrections.c.kind == "intent", corrections.c.corrected.is_not(None))
        .order_by(corrections.c.event_id)
    )
    if since:
        query = query.where(corrections.c.at >= since)
    if until:
        query = query.where(corrections.c.at < until)
    with engine.connect() as conn:
        wanted = dict(conn.execute(query).all())
        rows = (
            conn.execute(
                select(te.events.c.id, te.events.c.data).where(te.events.c.id.in_(list(wanted)))
            ).all()
            if wanted
            else []
        )
    messages = []
    for row in sorted(rows):
        data = te.decode(row.data)
        text = data.get("text") or ""
        if not te.is_typed_text(text):
            continue  # a button payload is no example of what people type
        entities = [
            {k: e[k] for k in ("entity", "value", "start", "end", "role", "group") if k in e}
            for e in (data.get("parse_data") or {}).get("entities") or []
            if isinstance(e, dict) and "start" in e and "end" in e
        ]
        messages.append(Message.build(text=text, intent=wanted[row.id], entities=entities))
    return RasaYAMLWriter().dumps(TrainingData(training_examples=messages))


def _story_events(rows, found: Dict[int, dict]):
    """Rasa events of one conversation with staff corrections applied."""
    from rasa.shared.core.events import ActionExecuted, Event, UserUttered

    events, last_action = [], None
    for row in rows:
        data = te.decode(row.data)
        if row.type_name in SESSION_EVENTS or row.action_name == te.SESSION_START_ACTION:
            continue
        if row.type_name == "slot" and str(data.get("name", "")).startswith(
            te.CLINIC_FACT_SLOT_PREFIX
        ):
            continue
        correction = found.get(row.id)
        if (
            row.type_name == "bot"
            and correction
            and correction["kind"] == "action"
            and last_action is not None
        ):
            if not correction["corrected"]:
                # Marked wrong without the right action: the story stops before the mistake.
                return events[:last_action]
            events[last_action] = ActionExecuted(
                correction["corrected"], timestamp=events[last_action].timestamp
            )
        event = Event.from_parameters(data)
        if event is None:
            continue
        if isinstance(event, UserUttered):
            parse = data.get("parse_data") or {}
            intent = (
                correction["corrected"]
                if correction and correction["kind"] == "intent" and correction["corrected"]
                else te.full_intent(parse)
            )
            event = UserUttered(
                event.text,
                {"name": intent, "confidence": 1.0},
                event.entities,
                timestamp=event.timestamp,
                message_id=event.message_id,
            )
        if isinstance(event, ActionExecuted):
            last_action = len(events)
        events.append(event)
    return events


def review_stories_yaml(engine: Engine, sender_ids: List[str]) -> str:
    """One test story per conversation, with the corrected intents and actions."""
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter

    steps = []
    for sender_id in sender_ids:
        events = _story_events(read_events(engine, sender_id), load_corrections(engine, sender_id))
        if not any(e.type_name == "user" for e in events):
            continue
        story = DialogueStateTracker.from_events(sender_id, events).as_story()
        for step in story.story_steps:
            step.block_name = f"reviewed conversation {sender_id}"
        steps.extend(story.story_steps)
    return YAMLStoryWriter().dumps(steps, is_test_story=True)


def transcript_json(
    engine: Engine, sender_id: str, exported_by: str, exported_at: datetime
) -> Optional[str]:
    """The whole conversation: Rasa's events as stored (with their ids) plus the staff's review."""
    from bot.staff.transcripts import load_transcript

    transcript = load_transcript(engine, sender_id)
    if transcript is None:
        return None
    summary = transcript.summary or {}
    document = {
        "conversation_id": sender_id,
        "exported_at": exported_at.isoformat(),
        "exported_by": exported_by,
        "review": {
            "reviewed": bool(summary.get("reviewed")),
            "reviewed_by": summary.get("reviewed_by"),
            "reviewed_at": summary["reviewed_at"].isoformat()
            if summary.get("reviewed_at")
            else None,
            "tags": transcript.tags,
        },
        "requests": [reference for _, reference in transcript.booked],
        "corrections": [
            {
                "event_id": c["event_id"],
                "kind": c["kind"],
                "corrected": c["corrected"],
                "comment": c["comment"],
                "author": c["author"],
                "at": c["at"].isoformat(),
            }
            for c in sorted(transcript.corrections.values(), key=lambda c: c["event_id"])
        ],
        "events": [{"id": row.id, **te.decode(row.data)} for row in read_events(engine, sender_id)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
