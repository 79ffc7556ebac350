"""A Spanish visitor's conversation through the production path (the trained model, Rasa's
rules and forms, the real actions in-process): shared by the Spanish conversation tests."""

from __future__ import annotations

import uuid
from typing import Dict, List


class Visitor:
    """One conversation: each turn returns the bot's messages (text and buttons)."""

    def __init__(self, path) -> None:
        self.path = path
        self.sender = f"es-{uuid.uuid4().hex}"

    def says(self, text: str) -> List[Dict]:
        answers = self.path.loop.run_until_complete(
            self.path.agent.handle_text(text, sender_id=self.sender)
        )
        return [{"text": a.get("text") or "", "buttons": a.get("buttons") or []} for a in answers]

    def slot(self, name: str):
        return self.path.slot(self.sender, name)


def texts(messages: List[Dict]) -> str:
    return "\n".join(m["text"] for m in messages)
