"""Rasa's action endpoint answered in-process by rasa_sdk's executor: Rasa's own action and
form code runs against this project's actions without an HTTP server (used where a test
plays Rasa's processor turn by turn)."""

from __future__ import annotations

import json

from rasa.core.actions.action import ActionExecutionRejection
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection


class InProcessActionServer(EndpointConfig):
    """The action endpoint answered by rasa_sdk's executor, without HTTP."""

    def __init__(self) -> None:
        super().__init__(url="http://in-process")
        self.executor = ActionExecutor()
        self.executor.register_package("actions")

    async def request(self, method="post", subpath=None, content_type="application/json", **kwargs):
        try:
            # Through JSON, as over HTTP: nothing Rasa-side is shared with the action.
            return await self.executor.run(json.loads(json.dumps(kwargs["json"])))
        except SdkRejection as exc:  # what the HTTP layer turns into a 400 for Rasa
            raise ActionExecutionRejection(exc.action_name, exc.message)
