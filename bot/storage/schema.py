"""Every table of the app on one MetaData: what migrations (autogenerate) compare against.

A module that defines tables on `bot.storage.tables.metadata` is imported here, so the
schema is complete whoever asks for it.
"""

from bot.storage import (
    live_tables,  # noqa: F401 - registers live chat's tables
    notification_tables,  # noqa: F401 - registers the notification outbox
    staff_tables,  # noqa: F401 - registers the staff console's tables
)
from bot.storage.tables import metadata

__all__ = ["metadata"]
