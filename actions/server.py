"""The action server: `python -m actions.server` (INTERNAL_HOST, ACTIONS_PORT; defaults
127.0.0.1:5055; HOST, the public web app's interface, is not used here).

Only Rasa may call it: every path but /health needs `Authorization: Bearer
<ACTION_SERVER_TOKEN>` (endpoints.yml makes Rasa send it), so a forged tracker posted by
anyone who reaches the port is refused.

rasa_sdk's own Sanic app (its package walk imports every module under actions/ and
registers their actions), plus the outbox delivery loop: started once the server is up,
so requests queued before a restart are delivered too, and cancelled on shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import Sanic

from actions.submission import run_delivery_loop
from clinic.internal_auth import bearer_middleware
from clinic.log_tags import tag_conversations_in_logs
from clinic.settings import load_secrets, load_settings

logger = logging.getLogger(__name__)

ACTIONS_PACKAGE = "actions"


HEALTH_PATHS = ("/health",)


def build_app(token: str) -> Sanic:
    # No CORS origins: only Rasa (a server, not a browser) calls the webhook.
    app = create_app(ACTIONS_PACKAGE, cors_origins=[])
    app.register_middleware(bearer_middleware(token, HEALTH_PATHS), "request")

    @app.listener("after_server_start")
    async def start_outbox_delivery(app: Sanic, _loop) -> None:
        app.ctx.outbox_delivery = asyncio.create_task(run_delivery_loop())
        logger.info("event=outbox_delivery_started")

    @app.listener("before_server_stop")
    async def stop_outbox_delivery(app: Sanic, _loop) -> None:
        task = getattr(app.ctx, "outbox_delivery", None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    return app


def main() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    tag_conversations_in_logs()  # conversation=<raw id> is logged as its tag
    settings = load_settings()
    app = build_app(load_secrets(settings.var_dir)["actions_token"])
    # One worker: the delivery loop runs once per server; the outbox lease guards the rest.
    app.run(
        host=settings.internal_host,
        port=settings.actions_port,
        workers=1,
        access_log=False,
        motd=False,
    )


if __name__ == "__main__":
    main()
