""" "Delete my data" in the chat (issue 7): after the visitor confirms, the app erases the conversation.

The action server never writes the database: it asks the app, DELETE
/api/conversations/{id} with its Bearer secret (bot/api/conversations.py). Only when the
app confirms does the action set `conversation_erased`, which keeps Rasa's tracker store
from writing the erased conversation back (components/tracker_store.py). Requests the
visitor already sent are kept for staff to follow up; the reply says so and how to
withdraw them.

Logs carry the conversation id and the outcome only.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

import aiohttp
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from yarl import URL

from clinic.privacy_markers import ERASED_SLOT
from clinic.settings import load_secrets, load_settings

logger = logging.getLogger(__name__)

TIMEOUT_S = 10.0


async def request_erasure(conversation_id: str) -> Optional[dict]:
    """The app's answer when it erased the conversation; None when it did not (or could not say)."""
    url = URL(load_settings().bot_url) / "api" / "conversations" / conversation_id
    headers = {"Authorization": f"Bearer {load_secrets()['appointments_token']}"}
    try:
        async with aiohttp.ClientSession() as session:
            async with session.delete(
                url, headers=headers, timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)
            ) as response:
                status = response.status
                answer = await response.json(content_type=None) if status == 200 else None
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError) as exc:
        logger.warning(
            "conversation=%s event=erasure_failed error=%s", conversation_id, type(exc).__name__
        )
        return None
    if not isinstance(answer, dict) or answer.get("conversation_id") != conversation_id:
        logger.warning("conversation=%s event=erasure_failed status=%s", conversation_id, status)
        return None
    logger.info("conversation=%s event=conversation_erased", conversation_id)
    return answer


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        answer = await request_erasure(tracker.sender_id)
        if answer is None:
            dispatcher.utter_message(response="utter_delete_data_failed")
            return []
        messages = int((answer.get("deleted") or {}).get("visitor_messages") or 0)
        kept = [str(r) for r in answer.get("kept_requests") or []]
        if kept:
            dispatcher.utter_message(
                response="utter_data_deleted_requests_kept",
                messages=messages,
                references=", ".join(kept),
            )
        else:
            dispatcher.utter_message(response="utter_data_deleted", messages=messages)
        return [SlotSet(ERASED_SLOT, True)]
