"""Weekly per-member rollups (`member_weeks`): each member's week in numbers, and for a kept
week the streak at its end.

The owner's report and dashboard need everyone's current streak. Counted from the
commitments, that is every kept week of every member's years (SQLite reads 182,000 index
entries at five years); from the rollups it is one row per member, the last kept week's,
and the quiet weeks since it (`bot.streaks.streak_now`).

They are kept in the transaction of every write that can change a week — a commitment
made, marked, moved, revised or put back by `undo` (`weeks_changed`), a pause started or
cut short, a closure or the practice's holidays or working days changed (`restreak`) — so
a week's rollup commits with the change that caused it. A week that closes with nothing in
it writes nothing: its effect (a freeze spent, a streak broken) is derived when the streak
is read, and it becomes part of the next kept week's state when there is one.

A week's counts are recounted from its commitments, never incremented, and the member's
row is locked first (PostgreSQL; SQLite has one writer): two processes marking the same
member's week at once take turns, and the second counts what the first committed.
`rebuild` recomputes a workspace's rollups from scratch (`showup rollups --rebuild`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.closures import Closure, known_calendar, mostly_closed_weeks
from bot.model import Status
from bot.practice_calendar import week_start
from bot.streaks import KeptWeekState, kept_week_states, paused_weeks
from storage import convert
from storage.models import (
    ClosureRow,
    CommitmentRow,
    MemberRow,
    MemberWeekRow,
    PauseRow,
    WorkspaceRow,
)

W = MemberWeekRow
# Written through Core, by key, whatever the session holds.
TABLE = cast(Table, MemberWeekRow.__table__)
Db = Session | Connection
LastKept = tuple[date, KeptWeekState]


@dataclass(frozen=True)
class Counts:
    made: int
    kept: int
    logged: int
    points: int

    @property
    def kept_week(self) -> bool:
        """Something was done in it: the week keeps the streak."""
        return self.kept + self.logged > 0


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


_DONE = CommitmentRow.status == Status.DONE.value
_LOGGED = CommitmentRow.logged.is_(True)
_COUNTS = (select(CommitmentRow.member_id, CommitmentRow.week_start, _count(~_LOGGED),
                  _count(_DONE & ~_LOGGED), _count(_DONE & _LOGGED),
                  func.sum(case((_DONE, CommitmentRow.points), else_=0)))
           .group_by(CommitmentRow.member_id, CommitmentRow.week_start))
# Every write of a commitment recounts its member's weeks: these statements are built once
# (SQLAlchemy then reuses their compiled form without rebuilding or re-keying them).
_ONE_MEMBERS_WEEKS = _COUNTS.where(
    CommitmentRow.workspace_id == bindparam("workspace_id"),
    CommitmentRow.member_id == bindparam("member_id"),
    CommitmentRow.week_start.in_(bindparam("weeks", expanding=True)))
_STORED_WEEKS = select(W.week_start, W.made, W.kept, W.logged, W.points).where(
    W.workspace_id == bindparam("workspace_id"), W.member_id == bindparam("member_id"),
    W.week_start.in_(bindparam("weeks", expanding=True)))
_LOCK_ONE_MEMBER = select(MemberRow.id).where(
    MemberRow.workspace_id == bindparam("workspace_id"),
    MemberRow.id == bindparam("member_id")).with_for_update()


def _counts_of(rows: Iterable[Any]) -> dict[tuple[int, date], Counts]:
    return {(member, week): Counts(int(made or 0), int(kept or 0), int(n_logged or 0),
                                   int(points or 0))
            for member, week, made, kept, n_logged, points in rows}


def _counted(db: Db, workspace_id: int, member_ids: list[int] | None = None,
             weeks: list[date] | None = None) -> dict[tuple[int, date], Counts]:
    """(member, week) → its counts, from the commitments; weeks with none are absent."""
    query = _COUNTS.where(CommitmentRow.workspace_id == workspace_id)
    if member_ids is not None:
        query = query.where(CommitmentRow.member_id.in_(member_ids))
    if weeks is not None:
        query = query.where(CommitmentRow.week_start.in_(weeks))
    return _counts_of(db.execute(query))


def _lock_members(db: Db, workspace_id: int, member_ids: list[int] | None) -> None:
    """Hold the members' rows until the commit, so rollups of one member are written by one
    transaction at a time (on SQLite the one writer already does that)."""
    dialect = db.get_bind().dialect if isinstance(db, Session) else db.dialect
    if dialect.name != "postgresql":
        return
    if member_ids is not None and len(member_ids) == 1:   # a write's: built once
        db.execute(_LOCK_ONE_MEMBER, {"workspace_id": workspace_id, "member_id": member_ids[0]})
        return
    query = select(MemberRow.id).where(MemberRow.workspace_id == workspace_id)
    if member_ids is not None:
        query = query.where(MemberRow.id.in_(member_ids))
    db.execute(query.order_by(MemberRow.id).with_for_update())


def last_kept(db: Db, workspace_id: int, before: date, member_ids: list[int] | None = None
              ) -> dict[int, LastKept]:
    """Each member's last kept week before `before` and the streak at its end: an index
    seek per member, however long their history. (Two statements: asked in one, SQLite
    walks every rollup row of the workspace and looks for the latest from each.)"""
    latest = (select(func.max(W.week_start))
              .where(W.workspace_id == workspace_id, W.member_id == MemberRow.id,
                     W.streak.is_not(None), W.week_start < before)
              .scalar_subquery())
    members = select(MemberRow.id, latest).where(MemberRow.workspace_id == workspace_id)
    if member_ids is not None:
        members = members.where(MemberRow.id.in_(member_ids))
    last = {member: week for member, week in db.execute(members) if week is not None}
    found: dict[int, LastKept] = {}
    ids = sorted(last)
    for start in range(0, len(ids), 500):
        # By the key's columns, each an IN: an index seek per member and week, and most
        # members' last kept week is this one or the one before.
        some = ids[start:start + 500]
        query = (select(W.member_id, W.week_start, W.streak, W.best_streak, W.freezes_spent)
                 .where(W.workspace_id == workspace_id, W.member_id.in_(some),
                        W.week_start.in_({last[m] for m in some})))
        for member, week, streak, best, spent in db.execute(query):
            if last[member] == week:
                found[member] = (week, KeptWeekState(int(streak or 0), int(best or 0),
                                                     int(spent or 0)))
    return found


def _quiet_weeks_of(db: Db, workspace_id: int, member_ids: Iterable[int], first: date,
                    last: date) -> dict[int, set[date]]:
    """Each member's weeks in [first, last] that neither break nor extend a streak: paused,
    or mostly closed. (A pause still open counts to `last`: every week walked here is
    before the week the streak is read in, or is a kept one.)"""
    country, days = db.execute(select(WorkspaceRow.holiday_country, WorkspaceRow.working_days)
                               .where(WorkspaceRow.id == workspace_id)).one()
    closures = [Closure(i, start, end) for i, start, end in db.execute(
        select(ClosureRow.id, ClosureRow.starts_on, ClosureRow.ends_on)
        .where(ClosureRow.workspace_id == workspace_id))]
    closed: set[date] = set()
    # Only a calendar ShowUp knows (`admin holidays` stores no other; a restored or
    # hand-edited row may hold anything).
    country = known_calendar(country) if country else None
    if closures or country:
        closed = mostly_closed_weeks(closures, country, convert.days_from_text(days), first,
                                     last)
    members = list(member_ids)
    query = select(PauseRow.member_id, PauseRow.starts_on, PauseRow.ends_on).where(
        PauseRow.workspace_id == workspace_id)
    if len(members) == 1:   # a write's re-walk: one member's pauses
        query = query.where(PauseRow.member_id == members[0])
    pauses: dict[int, list[tuple[date, date | None]]] = {}
    for member, start, end in db.execute(query):
        pauses.setdefault(member, []).append((start, end))
    return {m: paused_weeks(pauses.get(m, []), last) | closed for m in members}


def _walk(db: Db, workspace_id: int, kept: Mapping[int, list[date]],
          before: Mapping[int, LastKept]) -> dict[int, dict[date, KeptWeekState]]:
    """The streak state at the end of each member's kept weeks (by Monday: a week is any
    day of it, as for `compute_streak`), walked on from `before`."""
    spans = [w for weeks in kept.values() for w in weeks] + [w for w, _ in before.values()]
    if not any(kept.values()):
        return {}
    quiet = _quiet_weeks_of(db, workspace_id, kept, min(spans), max(spans))
    return {m: dict(kept_week_states(weeks, quiet[m], before.get(m)))
            for m, weeks in kept.items()}


def restreak(db: Db, workspace_id: int, member_ids: list[int] | None = None,
             since: date | None = None) -> int:
    """Re-walk the streak states of the members' kept weeks from `since` on (all of them:
    None), after something changed which weeks are kept, paused or closed. Writes only the
    rows whose state changed; returns how many."""
    _lock_members(db, workspace_id, member_ids)
    before = last_kept(db, workspace_id, since, member_ids) if since is not None else {}
    query = (select(W.member_id, W.week_start, W.streak, W.best_streak, W.freezes_spent)
             .where(W.workspace_id == workspace_id, W.kept + W.logged > 0)
             .order_by(W.member_id, W.week_start))
    if member_ids is not None:
        query = query.where(W.member_id.in_(member_ids))
    if since is not None:
        query = query.where(W.week_start >= since)
    stored: dict[tuple[int, date], tuple[Any, Any, Any]] = {}
    kept: dict[int, list[date]] = {}
    for member, week, streak, best, spent in db.execute(query):
        stored[(member, week)] = (streak, best, spent)
        kept.setdefault(member, []).append(week)
    walked = _walk(db, workspace_id, kept, before)
    changed = []
    for (member, week), was in stored.items():
        s = walked[member][week_start(week)]
        if was != (s.current, s.best, s.spent):
            changed.append({"m": member, "w": week, "streak": s.current, "best": s.best,
                            "spent": s.spent})
    if changed:
        c = TABLE.c
        db.execute(update(TABLE).where(c.workspace_id == workspace_id,
                                       c.member_id == bindparam("m"),
                                       c.week_start == bindparam("w"))
                   .values(streak=bindparam("streak"), best_streak=bindparam("best"),
                           freezes_spent=bindparam("spent")), changed)
    return len(changed)


def weeks_changed(db: Db, workspace_id: int, member_id: int, weeks: Iterable[date | None]
                  ) -> None:
    """Recount the member's `weeks` from their commitments (after a commitment was made,
    marked, moved, revised or put back in them), and when one of them became kept or
    stopped being kept, re-walk the streak from there."""
    wanted = sorted({w for w in weeks if w is not None})
    if not wanted:
        return
    if isinstance(db, Session):
        db.flush()
    _lock_members(db, workspace_id, [member_id])
    ids = {"workspace_id": workspace_id, "member_id": member_id}
    counted = _counts_of(db.execute(_ONE_MEMBERS_WEEKS, {**ids, "weeks": wanted}))
    stored = {week: Counts(made, kept, logged, points) for week, made, kept, logged, points
              in db.execute(_STORED_WEEKS, {**ids, "weeks": wanted})}
    turned: list[date] = []   # weeks that became kept, or stopped being kept
    key = {"workspace_id": workspace_id, "member_id": member_id}
    c = TABLE.c
    for week in wanted:
        old, new = stored.get(week), counted.get((member_id, week))
        if (old is not None and old.kept_week) != (new is not None and new.kept_week):
            turned.append(week)
        if new is None:
            if old is not None:
                db.execute(delete(TABLE).where(c.workspace_id == workspace_id,
                                               c.member_id == member_id, c.week_start == week))
        elif old is None:
            db.execute(insert(TABLE).values(**key, week_start=week, **vars(new)))
        elif old != new:
            cleared = {} if new.kept_week else {"streak": None, "best_streak": None,
                                                "freezes_spent": None}
            db.execute(update(TABLE).where(c.workspace_id == workspace_id,
                                           c.member_id == member_id, c.week_start == week)
                       .values(**vars(new), **cleared))
    if turned:
        restreak(db, workspace_id, [member_id], since=min(turned))


def rebuild(db: Db, workspace_id: int) -> int:
    """Recompute a workspace's rollups from its commitments (after a restore, or a bug):
    the same rows whatever was there before, so it can run again and while the bot runs
    (its members' rows are held until the commit). Returns how many rows it wrote."""
    _lock_members(db, workspace_id, None)
    counted = _counted(db, workspace_id)
    kept: dict[int, list[date]] = {}
    for (member, week), counts in sorted(counted.items()):
        if counts.kept_week:
            kept.setdefault(member, []).append(week)
    walked = _walk(db, workspace_id, kept, {})
    db.execute(delete(TABLE).where(TABLE.c.workspace_id == workspace_id))
    rows = []
    for (member, week), counts in counted.items():
        state = walked[member][week_start(week)] if counts.kept_week else None
        rows.append({"workspace_id": workspace_id, "member_id": member, "week_start": week,
                     **vars(counts),
                     "streak": state.current if state else None,
                     "best_streak": state.best if state else None,
                     "freezes_spent": state.spent if state else None})
    for start in range(0, len(rows), 5000):
        db.execute(insert(TABLE), rows[start:start + 5000])
    return len(rows)


def rebuild_all(db: Db) -> dict[int, int]:
    """Every workspace's rollups: workspace id → rows written."""
    return {workspace_id: rebuild(db, workspace_id)
            for workspace_id in db.execute(select(WorkspaceRow.id).order_by(WorkspaceRow.id))
            .scalars()}


def rebuild_every_workspace(engine: Engine) -> dict[int, int]:
    """`showup rollups --rebuild`: each workspace in a transaction of its own, so marks in
    other workspaces go on meanwhile. Workspace id → rows written."""
    written: dict[int, int] = {}
    for workspace_id in _workspaces(engine):
        with engine.begin() as connection:
            written[workspace_id] = rebuild(connection, workspace_id)
    return written


def check_every_workspace(engine: Engine) -> dict[int, int]:
    """`showup rollups --check`: workspace id → how many member-weeks differ from a
    recomputation (none listed: all equal). The recomputation is rolled back."""
    differing: dict[int, int] = {}
    for workspace_id in _workspaces(engine):
        with engine.connect() as connection, connection.begin() as transaction:
            stored = stored_rows(connection, workspace_id)
            rebuild(connection, workspace_id)
            fresh = stored_rows(connection, workspace_id)
            transaction.rollback()
        wrong = {key for key in stored.keys() | fresh.keys()
                 if stored.get(key) != fresh.get(key)}
        if wrong:
            differing[workspace_id] = len(wrong)
    return differing


def _workspaces(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(select(WorkspaceRow.id).order_by(WorkspaceRow.id))
                    .scalars())


def stored_rows(db: Db, workspace_id: int) -> dict[tuple[int, date], tuple[Any, ...]]:
    """A workspace's rollups as stored: (member, week) → (made, kept, logged, points,
    streak, best, freezes spent). For comparing with a rebuild."""
    return {(r[0], r[1]): tuple(r[2:]) for r in db.execute(
        select(W.member_id, W.week_start, W.made, W.kept, W.logged, W.points, W.streak,
               W.best_streak, W.freezes_spent).where(W.workspace_id == workspace_id))}

