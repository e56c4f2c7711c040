"""Deliveries (the outbox's rows): the one writer of delivery rows, and what the core asks
of them.

`DeliveryWriter` holds every INSERT and UPDATE of the deliveries table. It writes in its
caller's transaction: a use case's session (`SqlDeliveryProblems.schedule`, a delivery
queued with the effect that calls for it) or the outbox's connection (storage/outbox.py:
planning, claiming with a lease, finishing)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, bindparam, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.delivery import DeliveryStatus, Finished
from bot.model import Due
from storage.db import postgresql_insert
from storage.models import DeliveryRow, MemberRow

PENDING, SENDING = DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value
CHUNK = 500   # rows a statement
# A claimed row: id, workspace, member, kind, dedupe key, local date, due at, attempts.
Claimed = Row[int, int, int | None, str, str, date, datetime, int]


class DeliveryWriter:
    def __init__(self, db: Session | Connection) -> None:
        self.db = db
        bind = db.get_bind() if isinstance(db, Session) else db
        self.postgres = bind.dialect.name == "postgresql"

    def add(self, dues: Sequence[Due], now: datetime, late_after: float | None = None,
            skip_conflicts: bool = True) -> int:
        """Insert the dues not planned yet (by dedupe key); how many were. One already more
        than `late_after` seconds past its time is recorded as skipped, never sent. A key
        another transaction inserts meanwhile is passed over, or with `skip_conflicts`
        False raises IntegrityError."""
        rows = [_planned(due, now, late_after) for due in dues]
        if not rows:
            return 0
        existing = set(self.db.scalars(select(DeliveryRow.dedupe_key).where(
            DeliveryRow.dedupe_key.in_([r["dedupe_key"] for r in rows]))))
        fresh = [r for r in rows if r["dedupe_key"] not in existing]
        insert = postgresql_insert if self.postgres else sqlite_insert
        planning = insert(_DELIVERIES)
        if skip_conflicts:
            planning = planning.on_conflict_do_nothing(index_elements=["dedupe_key"])
        # One statement run for many rows (SQLAlchemy batches them into many-valued INSERTs
        # from a compiled form it caches; a statement of 500 VALUES built and compiled
        # afresh cost planning a Monday's fan-out most of its CPU). Counted by what RETURNING
        # gives back: a conflict passed over returns no row.
        statement = planning.returning(_DELIVERIES.c.id)
        added = 0
        for start in range(0, len(fresh), CHUNK):
            added += len(self.db.execute(statement, fresh[start:start + CHUNK]).all())
        return added

    def take(self, ids: Sequence[int], worker: str, lease_until: datetime) -> Sequence[Claimed]:
        """Claim rows for `worker` until `lease_until`; each claim counts as an attempt."""
        return self.db.execute(
            update(DeliveryRow).where(DeliveryRow.id.in_(ids))
            .values(status=SENDING, lease_until=lease_until, claimed_by=worker,
                    attempts=DeliveryRow.attempts + 1)
            .returning(DeliveryRow.id, DeliveryRow.workspace_id, DeliveryRow.member_id,
                       DeliveryRow.kind, DeliveryRow.dedupe_key, DeliveryRow.local_date,
                       DeliveryRow.due_at, DeliveryRow.attempts)).all()

    def sent(self, delivery_id: int, worker: str, message_id: str, now: datetime) -> bool:
        return self._finish(delivery_id, worker, status=DeliveryStatus.SENT.value,
                            platform_message_id=message_id[:120], sent_at=now,
                            lease_until=None, last_error=None)

    def retry(self, delivery_id: int, worker: str, at: datetime, error: str) -> bool:
        return self._finish(delivery_id, worker, status=PENDING, next_attempt_at=at,
                            lease_until=None, last_error=error[:80])

    def done(self, delivery_id: int, worker: str, status: DeliveryStatus,
             error: str | None = None) -> bool:
        return self._finish(delivery_id, worker, status=status.value, lease_until=None,
                            last_error=error[:80] if error else None)

    def finish(self, worker: str, finished: Sequence[Finished]) -> int:
        """Several ends in two statements at most (each run for many rows at once); how many
        sent ones were recorded."""
        sent = [{"b_id": f.delivery_id, "b_worker": worker, "b_message": (f.message_id or "")[:120],
                 "b_at": f.at} for f in finished if f.status is DeliveryStatus.SENT]
        done = [{"b_id": f.delivery_id, "b_worker": worker, "b_status": f.status.value,
                 "b_error": f.error[:80] if f.error else None}
                for f in finished if f.status is not DeliveryStatus.SENT]
        if done:
            self.db.execute(_DONE, done)
        if not sent:
            return 0
        return int(getattr(self.db.execute(_SENT, sent), "rowcount", 0))

    def _finish(self, delivery_id: int, worker: str, **values: object) -> bool:
        """Only the sender holding the claim may finish a row."""
        result = self.db.execute(update(DeliveryRow).where(
            DeliveryRow.id == delivery_id, DeliveryRow.claimed_by == worker,
            DeliveryRow.status == SENDING).values(**values))
        return bool(getattr(result, "rowcount", 0))


_DELIVERIES = cast(Table, DeliveryRow.__table__)
# Built once, run for many rows at a time (DeliveryWriter.finish): only the sender holding the
# claim may finish a row.
_HELD = (DeliveryRow.id == bindparam("b_id"), DeliveryRow.claimed_by == bindparam("b_worker"),
         DeliveryRow.status == SENDING)
_SENT = update(DeliveryRow).where(*_HELD).values(
    status=DeliveryStatus.SENT.value, platform_message_id=bindparam("b_message"),
    sent_at=bindparam("b_at"), lease_until=None, last_error=None)
_DONE = update(DeliveryRow).where(*_HELD).values(
    status=bindparam("b_status"), lease_until=None, last_error=bindparam("b_error"))


def _planned(due: Due, now: datetime, late_after: float | None) -> dict[str, Any]:
    late = late_after is not None and (now - due.due_at).total_seconds() > late_after
    return {
        "workspace_id": due.workspace_id, "member_id": due.member_id,
        "kind": due.kind.value, "dedupe_key": due.key, "local_date": due.local_date,
        "due_at": due.due_at, "status": DeliveryStatus.SKIPPED_LATE.value if late
        else PENDING, "attempts": 0, "next_attempt_at": due.due_at, "created_at": now,
        "last_error": "late" if late else None,
    }


class SqlDeliveryProblems:
    def __init__(self, session: Session) -> None:
        self.session = session

    def schedule(self, due: Due, now: datetime) -> None:
        DeliveryWriter(self.session).add([due], now, skip_conflicts=False)

    def sent_between(self, workspace_id: int, kind: str, start: date, end: date) -> bool:
        return self.session.scalar(select(DeliveryRow.id).where(
            DeliveryRow.workspace_id == workspace_id, DeliveryRow.kind == kind,
            DeliveryRow.status == DeliveryStatus.SENT.value, DeliveryRow.local_date >= start,
            DeliveryRow.local_date < end).limit(1)) is not None

    def failed_since(self, workspace_id: int, since: datetime) -> list[tuple[str, str, str]]:
        rows = self.session.execute(
            select(DeliveryRow.kind, MemberRow.display_name, DeliveryRow.last_error)
            .outerjoin(MemberRow, MemberRow.id == DeliveryRow.member_id)
            .where(DeliveryRow.workspace_id == workspace_id,
                   DeliveryRow.status == DeliveryStatus.FAILED.value,
                   DeliveryRow.due_at >= since)
            .order_by(DeliveryRow.due_at.desc()).limit(20))
        return [(kind, name or "team channel", error or "unknown")
                for kind, name, error in rows]
