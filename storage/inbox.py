"""The inbox: a command or click is stored here, in one short transaction, before Slack is
told we have it; then it is carried out and answered. If the process stops in between —
kill -9, a deploy's SIGTERM, a crash — whatever was acknowledged is still here, and the next
process to look (storage is shared) carries it out and answers it.

Exactly once: carrying it out and marking it done commit in the same transaction
(`SqlInbox.record_reply`, called inside the command's unit of work), so a command found
again after a crash is answered from its stored reply, never run twice. The answer itself
may be sent twice if a process stops between sending it and noting it sent; a person
then sees the same reply again, which does no harm. The words typed are cleared as soon as
the command is carried out.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.ports import Entry
from storage.convert import aware
from storage.db import postgresql_insert
from storage.models import EventReceiptRow, InboxRow

KEEP_ANSWERED = timedelta(days=1)
MAX_ATTEMPTS = 12   # then it is not tried again; forget_answered removes it after a day


def accept(engine: Engine, key: str, platform: str, payload: dict[str, Any],
           words: str | None, now: datetime, lease: timedelta) -> int | None:
    """Store what arrived, claimed by the caller for `lease`; None when the same invocation
    (`key`) is already here — a replay, which must have no second effect."""
    with engine.begin() as conn:
        return _store(conn, _arrival(key, platform, payload, words, now, lease))


def _arrival(key: str, platform: str, payload: dict[str, Any], words: str | None,
             now: datetime, lease: timedelta) -> dict[str, Any]:
    """A lease of zero: stored unclaimed, for whichever process claims it first (a busy
    process leaves a command so; storage is shared)."""
    claimed = bool(lease)
    return dict(key=key[:160], platform=platform, payload=payload, words=words,
                received_at=now, claimed_until=now + lease if claimed else None,
                attempts=1 if claimed else 0)


def _store(conn: Connection, values: dict[str, Any]) -> int | None:
    """Insert one entry; None when its key is there already."""
    insert_into = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
    return conn.execute(insert_into(InboxRow).values(**values)
                        .on_conflict_do_nothing(index_elements=["key"])
                        .returning(InboxRow.id)).scalar()


class Receiver:
    """Group commit for `accept`: what arrives together is stored in one transaction by one
    thread, and each caller waits only for the commit that holds its entry. Under a burst
    of acks this is one short write for many, not one each queued for the database."""

    BATCH = 64

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._waiting: queue.Queue[_Arrival] = queue.Queue()
        threading.Thread(target=self._loop, name="inbox-receiver", daemon=True).start()

    def accept(self, key: str, platform: str, payload: dict[str, Any], words: str | None,
               now: datetime, lease: timedelta) -> int | None:
        """As `accept`: the new entry's id, claimed for `lease`; None for a replay."""
        arrival = _Arrival(_arrival(key, platform, payload, words, now, lease))
        self._waiting.put(arrival)
        arrival.stored.wait()
        if arrival.error is not None:
            raise arrival.error
        return arrival.entry_id

    def _loop(self) -> None:
        while True:
            batch = [self._waiting.get()]
            while len(batch) < self.BATCH:
                try:
                    batch.append(self._waiting.get_nowait())
                except queue.Empty:
                    break
            # In the order of their keys: a delivery sent to two processes at once (a retry,
            # a load balancer) is then locked in the same order by both batches, never in
            # opposite orders (a deadlock on PostgreSQL, which fails one whole batch).
            batch.sort(key=lambda arrival: arrival.values["key"])
            try:
                with self.engine.begin() as conn:
                    for arrival in batch:
                        arrival.entry_id = _store(conn, arrival.values)
            except Exception:   # each on its own, so one failure fails only its caller
                for arrival in batch:
                    self._store_alone(arrival)
            for arrival in batch:
                arrival.stored.set()

    def _store_alone(self, arrival: _Arrival) -> None:
        try:
            with self.engine.begin() as conn:
                arrival.entry_id = _store(conn, arrival.values)
        except Exception as error:   # the caller fails (its request is not acked)
            arrival.entry_id, arrival.error = None, error


@dataclass
class _Arrival:
    values: dict[str, Any]
    entry_id: int | None = None
    error: Exception | None = None
    stored: threading.Event = field(default_factory=threading.Event)


def claim_waiting(engine: Engine, now: datetime, lease: timedelta, limit: int = 20
                  ) -> list[Entry]:
    """Entries not yet answered whose claim has lapsed (their process stopped), each now
    claimed by the caller, in one statement: of several processes looking at once, one wins
    each entry. On PostgreSQL, rows another process is claiming are skipped rather than
    waited for (SKIP LOCKED); SQLite has one writer at a time anyway."""
    lapsed = or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until < now)
    waiting = select(InboxRow.id).where(
        InboxRow.answered_at.is_(None), InboxRow.attempts < MAX_ATTEMPTS, lapsed,
    ).order_by(InboxRow.id).limit(limit)
    if engine.dialect.name == "postgresql":
        waiting = waiting.with_for_update(skip_locked=True)
    with engine.begin() as conn:
        rows = conn.execute(update(InboxRow).where(InboxRow.id.in_(waiting.scalar_subquery()))
                            .values(claimed_until=now + lease, attempts=InboxRow.attempts + 1)
                            .returning(InboxRow.id, InboxRow.platform, InboxRow.payload,
                                       InboxRow.words, InboxRow.received_at, InboxRow.reply)
                            ).all()
    return [Entry(row.id, row.platform, dict(row.payload), row.words, aware(row.received_at),
                  row.reply) for row in sorted(rows, key=lambda row: row.id)]


class SqlInbox:
    """The inbox inside a unit of work: the command's effect and its being done commit
    together."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record_reply(self, entry_id: int, reply: dict[str, Any], now: datetime) -> bool:
        """Note it carried out, with its answer; False when it already was."""
        result = self.session.execute(update(InboxRow).where(
            InboxRow.id == entry_id, InboxRow.processed_at.is_(None)).values(
            processed_at=now, reply=reply, words=None))
        return bool(getattr(result, "rowcount", 0))

    def first_delivery(self, key: str, now: datetime) -> bool:
        try:
            with self.session.begin_nested():
                self.session.execute(insert(EventReceiptRow).values(
                    event_id=key[:128], received_at=now))
        except IntegrityError:
            return False
        return True


def record_reply(engine: Engine, entry_id: int, reply: dict[str, Any], now: datetime) -> None:
    """The reply of an entry carried out with no unit of work of its own (a usage message,
    an apology after a failure); nothing when it was recorded already."""
    with Session(engine) as session, session.begin():
        SqlInbox(session).record_reply(entry_id, reply, now)


def stored_reply(engine: Engine, entry_id: int) -> dict[str, Any] | None:
    with engine.begin() as conn:
        reply = conn.execute(select(InboxRow.reply).where(InboxRow.id == entry_id)).scalar()
        return dict(reply) if reply is not None else None


def mark_answered(engine: Engine, entry_id: int, now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(InboxRow).where(InboxRow.id == entry_id).values(
            answered_at=now, claimed_until=None, words=None))


def renew(engine: Engine, entry_ids: list[int], now: datetime, lease: timedelta) -> None:
    """Keep the claims on entries this process still holds (queued behind others, or in
    work): a claim that lapsed while its process was alive would let another process carry
    the entry out as well — its effect is still once, but it would be answered twice."""
    if not entry_ids:
        return
    with engine.begin() as conn:
        conn.execute(update(InboxRow).where(InboxRow.id.in_(entry_ids),
                                            InboxRow.answered_at.is_(None))
                     .values(claimed_until=now + lease))


def release(engine: Engine, entry_ids: list[int]) -> None:
    """Give up claims this process will not carry out (it is stopping): the next process to
    look takes them at once rather than after the lease."""
    if not entry_ids:
        return
    with engine.begin() as conn:
        conn.execute(update(InboxRow).where(InboxRow.id.in_(entry_ids),
                                            InboxRow.answered_at.is_(None))
                     .values(claimed_until=None))


def forget_answered(engine: Engine, now: datetime) -> int:
    """Entries answered, or received, over a day ago (one that failed MAX_ATTEMPTS times is
    not tried again, and its words go with it)."""
    with engine.begin() as conn:
        result = conn.execute(delete(InboxRow).where(or_(
            InboxRow.answered_at < now - KEEP_ANSWERED,
            InboxRow.received_at < now - KEEP_ANSWERED)))
        return int(getattr(result, "rowcount", 0) or 0)


class InboxStore:
    """The inbox as a surface uses it (bot.ports.InboxStore): one engine, group commit for
    what arrives, and the functions above."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.receiver = Receiver(engine)

    def accept(self, key: str, platform: str, payload: dict[str, Any], words: str | None,
               now: datetime, lease: timedelta) -> int | None:
        return self.receiver.accept(key, platform, payload, words, now, lease)

    def claim_waiting(self, now: datetime, lease: timedelta, limit: int = 20) -> list[Entry]:
        return claim_waiting(self.engine, now, lease, limit)

    def record_reply(self, entry_id: int, reply: dict[str, Any], now: datetime) -> None:
        record_reply(self.engine, entry_id, reply, now)

    def stored_reply(self, entry_id: int) -> dict[str, Any] | None:
        return stored_reply(self.engine, entry_id)

    def mark_answered(self, entry_id: int, now: datetime) -> None:
        mark_answered(self.engine, entry_id, now)

    def renew(self, entry_ids: list[int], now: datetime, lease: timedelta) -> None:
        renew(self.engine, entry_ids, now, lease)

    def release(self, entry_ids: list[int]) -> None:
        release(self.engine, entry_ids)

    def forget_answered(self, now: datetime) -> int:
        return forget_answered(self.engine, now)
