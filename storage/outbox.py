"""The outbox in SQL: idempotent inserts, exclusive claims with a lease, guarded completion.

PostgreSQL claims with FOR UPDATE SKIP LOCKED, so any number of processes share the work;
SQLite has a single writer (BEGIN IMMEDIATE) and the same statements without SKIP LOCKED.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.delivery import Delivery, DeliveryStatus
from bot.planner import Due
from storage.convert import aware
from storage.models import DeliveryRow

PENDING, SENDING = DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value
UNKNOWN = "unknown:"


class SqlOutbox:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"

    def add(self, dues: list[Due], now: datetime, late_after: float) -> int:
        """Insert what is not planned yet; a slot already past the lateness limit is recorded
        as skipped, never sent."""
        if not dues:
            return 0
        rows = []
        for due in dues:
            late = (now - due.due_at).total_seconds() > late_after
            rows.append({
                "workspace_id": due.workspace_id, "member_id": due.member_id,
                "kind": due.kind.value, "dedupe_key": due.key, "local_date": due.local_date,
                "due_at": due.due_at, "status": DeliveryStatus.SKIPPED_LATE.value if late
                else PENDING, "attempts": 0, "next_attempt_at": due.due_at, "created_at": now,
                "last_error": "late" if late else None,
            })
        insert = pg_insert if self.postgres else sqlite_insert
        added = 0
        with self.engine.begin() as conn:
            existing = set(conn.scalars(select(DeliveryRow.dedupe_key).where(
                DeliveryRow.dedupe_key.in_([r["dedupe_key"] for r in rows]))))
            fresh = [r for r in rows if r["dedupe_key"] not in existing]
            for start in range(0, len(fresh), 500):
                chunk = fresh[start:start + 500]
                result = conn.execute(insert(DeliveryRow).values(chunk)
                                      .on_conflict_do_nothing(index_elements=["dedupe_key"]))
                added += max(int(getattr(result, "rowcount", 0) or 0), 0)
        return added

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
            rows = conn.execute(
                update(DeliveryRow).where(DeliveryRow.id.in_([row.id for row in picked]))
                .values(status=SENDING, lease_until=lease, claimed_by=worker,
                        attempts=DeliveryRow.attempts + 1)
                .returning(DeliveryRow.id, DeliveryRow.workspace_id, DeliveryRow.member_id,
                           DeliveryRow.kind, DeliveryRow.dedupe_key, DeliveryRow.local_date,
                           DeliveryRow.due_at, DeliveryRow.attempts)).all()
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

    def _finish(self, delivery_id: int, worker: str, **values: object) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(update(DeliveryRow).where(
                DeliveryRow.id == delivery_id, DeliveryRow.claimed_by == worker,
                DeliveryRow.status == SENDING).values(**values))
            return bool(getattr(result, "rowcount", 0))

    def mark_sent(self, delivery_id: int, worker: str, message_id: str, now: datetime) -> bool:
        return self._finish(delivery_id, worker, status=DeliveryStatus.SENT.value,
                            platform_message_id=message_id[:120], sent_at=now,
                            lease_until=None, last_error=None)

    def mark_retry(self, delivery_id: int, worker: str, at: datetime, error: str) -> None:
        self._finish(delivery_id, worker, status=PENDING, next_attempt_at=at,
                     lease_until=None, last_error=error[:80])

    def mark_done(self, delivery_id: int, worker: str, status: DeliveryStatus,
                  error: str | None = None) -> None:
        self._finish(delivery_id, worker, status=status.value, lease_until=None,
                     last_error=error[:80] if error else None)

    def counts(self, workspace_id: int | None = None) -> dict[str, int]:
        """Rows per status, for reports and tests."""
        query = select(DeliveryRow.status, func.count()).group_by(DeliveryRow.status)
        if workspace_id is not None:
            query = query.where(DeliveryRow.workspace_id == workspace_id)
        with self.engine.connect() as conn:
            return {status: int(n) for status, n in conn.execute(query)}

