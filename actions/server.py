"""The action server: `python -m actions.server` (HOST, ACTIONS_PORT; defaults 127.0.0.1:5055).

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
from clinic.settings import load_settings

logger = logging.getLogger(__name__)

ACTIONS_PACKAGE = "actions"


def build_app() -> Sanic:
    # No CORS origins: only Rasa (a server, not a browser) calls the webhook.
    app = create_app(ACTIONS_PACKAGE, cors_origins=[])

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
    settings = load_settings()
    app = build_app()
    # One worker: the delivery loop runs once per server; the outbox lease guards the rest.
    app.run(host=settings.host, port=settings.actions_port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
