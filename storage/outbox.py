"""The outbox in SQL: idempotent inserts, exclusive claims with a lease, guarded completion.

PostgreSQL claims with FOR UPDATE SKIP LOCKED, so any number of processes share the work;
SQLite has a single writer (BEGIN IMMEDIATE) and the same statements without SKIP LOCKED.
The rows are written by storage/repositories/deliveries.py's `DeliveryWriter`, here in a
transaction of the outbox's own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from bot.delivery import Delivery, DeliveryStatus, Finished
from bot.model import Due
from storage.convert import aware
from storage.models import DeliveryRow
from storage.repositories.deliveries import PENDING, SENDING, DeliveryWriter

UNKNOWN = "unknown:"


class SqlOutbox:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    @contextmanager
    def _writing(self) -> Iterator[DeliveryWriter]:
        with self.engine.begin() as conn:
            yield DeliveryWriter(conn)

    def add(self, dues: list[Due], now: datetime, late_after: float) -> int:
        """Insert what is not planned yet; a slot already past the lateness limit is recorded
        as skipped, never sent."""
        if not dues:
            return 0
        with self._writing() as rows:
            return rows.add(dues, now, late_after)

    def claim(self, worker: str, now: datetime, lease_seconds: float, limit: int,
              workspace_id: int | None = None) -> list[Delivery]:
        """Take up to `limit` due rows (of one workspace, if given): pending ones whose time
        has come, and rows whose sender's lease ran out (a crashed process) — those are
        flagged for reconciling."""
        ready = self._ready(now)
        if workspace_id is not None:
            ready = and_(ready, DeliveryRow.workspace_id == workspace_id)
        pick = (select(DeliveryRow.id, DeliveryRow.status, DeliveryRow.last_error).where(ready)
                # Person by person: a nudge that turns out to have nothing to say sits
                # between paced sends instead of all of them holding up the first send.
                .order_by(DeliveryRow.next_attempt_at, DeliveryRow.member_id, DeliveryRow.id)
                .limit(limit))
        if self.postgres:
            pick = pick.with_for_update(skip_locked=True)
        lease = now + timedelta(seconds=lease_seconds)
        with self.engine.begin() as conn:
            picked = conn.execute(pick).all()
            if not picked:
                return []
            reclaimed = {row.id for row in picked if row.status == SENDING
                         or (row.last_error or "").startswith(UNKNOWN)}
            rows = DeliveryWriter(conn).take([row.id for row in picked], worker, lease)
        claimed = [Delivery(r.id, r.workspace_id, r.member_id, r.kind, r.dedupe_key,
                            r.local_date, aware(r.due_at), r.attempts, r.id in reclaimed)
                   for r in rows]
        return sorted(claimed, key=lambda d: (d.due_at, d.member_id or 0, d.id))

    @staticmethod
    def _ready(now: datetime) -> Any:
        return or_(
            and_(DeliveryRow.status == PENDING, DeliveryRow.next_attempt_at <= now),
            and_(DeliveryRow.status == SENDING, DeliveryRow.lease_until < now),
        )

    def due_workspaces(self, now: datetime) -> list[int]:
        """Workspaces with something to send now, so each can get a sender of its own."""
        with self.engine.connect() as conn:
            return sorted(conn.scalars(select(DeliveryRow.workspace_id).distinct()
                                       .where(self._ready(now))))

    def next_due(self, now: datetime, until: datetime) -> datetime | None:
        with self.engine.connect() as conn:
            found = conn.scalar(select(func.min(DeliveryRow.next_attempt_at)).where(
                DeliveryRow.status == PENDING, DeliveryRow.next_attempt_at > now,
                DeliveryRow.next_attempt_at <= until))
        return aware(found) if found is not None else None

    def mark_sent(self, delivery_id: int, worker: str, message_id: str, now: datetime) -> bool:
        with self._writing() as rows:
            return rows.sent(delivery_id, worker, message_id, now)

    def mark_retry(self, delivery_id: int, worker: str, at: datetime, error: str) -> None:
        with self._writing() as rows:
            rows.retry(delivery_id, worker, at, error)

    def mark_done(self, delivery_id: int, worker: str, status: DeliveryStatus,
                  error: str | None = None) -> None:
        with self._writing() as rows:
            rows.done(delivery_id, worker, status, error)

    def finish(self, worker: str, finished: Sequence[Finished]) -> int:
        if not finished:
            return 0
        with self._writing() as rows:
            return rows.finish(worker, finished)

    def counts(self, workspace_id: int | None = None) -> dict[str, int]:
        """Rows per status, for reports and tests."""
        query = select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
        if workspace_id is not None:
            query = query.where(DeliveryRow.workspace_id == workspace_id)
        with self.engine.connect() as conn:
            return {status: int(n) for status, n in conn.execute(query)}
