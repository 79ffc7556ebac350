"""Rasa's SQL tracker store on the app's database, configured by DATABASE_URL."""
from typing import Any, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from bot.settings import load_settings


class ClinicTrackerStore(SQLTrackerStore):
    """The stock SQLTrackerStore; only the connection comes from DATABASE_URL."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        **_: Any,
    ) -> None:
        url = make_url(load_settings().database_url)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
        )
