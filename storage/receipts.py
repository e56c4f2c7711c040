"""At-most-once handling of platform events, remembered in the database (shared by processes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from storage.models import EventReceiptRow

KEEP_FOR = timedelta(days=1)


def first_receipt(engine: Engine, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen; False for every retry of it."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(EventReceiptRow).values(
                event_id=event_id[:128], received_at=now))
    except IntegrityError:
        return False
    return True


def forget_old_receipts(engine: Engine, now: datetime) -> int:
    with engine.begin() as conn:
        result = conn.execute(delete(EventReceiptRow).where(
            EventReceiptRow.received_at < now - KEEP_FOR))
        return int(getattr(result, "rowcount", 0) or 0)


class SqlReceipts:
    """bot.ports.Receipts over the event_receipts table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def first(self, key: str, now: datetime) -> bool:
        return first_receipt(self.engine, key, now)
