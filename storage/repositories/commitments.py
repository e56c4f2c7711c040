"""Commitments: what a member said they would do, and what became of it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.model import Commitment, Contribution, NewCommitment, Status, StatusCounts
from bot.practice_calendar import week_start
from bot.streaks import KeptWeekState
from storage import convert, rollups
from storage.models import CommitmentRow, MemberRow
from storage.repositories.common import apply, found, owned, read, select_owned

# What a member may edit: words, type and points, day.
EPOCH = date(2000, 1, 3)   # a Monday: kept weeks are counted in days from it
REVISABLE = {"what", "activity_key", "points", "due_date", "week_start", "when_where"}
_COMMITMENTS = CommitmentRow.__table__.c
_MEMBERS_LATEST = (select(*_COMMITMENTS).where(
    _COMMITMENTS.workspace_id == bindparam("workspace_id"),
    _COMMITMENTS.member_id == bindparam("member_id"))
    .order_by(_COMMITMENTS.due_date.desc(), _COMMITMENTS.id.desc()).limit(bindparam("limit")))
_KEPT_WEEKS = select(_COMMITMENTS.week_start).distinct().where(
    _COMMITMENTS.workspace_id == bindparam("workspace_id"),
    _COMMITMENTS.member_id == bindparam("member_id"),
    _COMMITMENTS.status == Status.DONE.value)


def done_in(start: date, end: date) -> ColumnElement[bool]:
    """Commitments done on a day in [start, end): the outreach that counts there."""
    return and_(CommitmentRow.status == Status.DONE.value, CommitmentRow.done_on >= start,
                CommitmentRow.done_on < end)


# done_in() with bound parameters, for the statements built once below: outreach done on a
# day in [:start, :end).
_START, _END = bindparam("start", type_=Date), bindparam("end", type_=Date)
_DONE_IN_PERIOD = and_(_COMMITMENTS.status == Status.DONE.value,
                       _COMMITMENTS.done_on >= _START, _COMMITMENTS.done_on < _END)


def _status_counts() -> Any:
    """The report's counts per member over [:start, :end), built once (statement building
    cost more than running it)."""
    c = _COMMITMENTS
    due = (c.due_date >= _START) & (c.due_date < _END)
    done = _DONE_IN_PERIOD

    def count(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    def due_as(status: Status) -> Any:
        return count(due & (c.status == status.value))

    return (select(c.member_id, count(due & c.logged.is_(False)),
                   count(done & c.logged.is_(False)),
                   due_as(Status.MISSED), due_as(Status.MOVED), due_as(Status.OPEN),
                   due_as(Status.CANCELLED), count(done & c.logged.is_(True)),
                   func.sum(case((done, c.points), else_=0)))
            .where(c.workspace_id == bindparam("workspace_id"), due | done)
            .group_by(c.member_id))


_STATUS_COUNTS = _status_counts()
_DONE_IN_WORKSPACE = and_(_COMMITMENTS.workspace_id == bindparam("workspace_id"),
                          _DONE_IN_PERIOD)
_TEAM_POINTS = select(func.coalesce(func.sum(_COMMITMENTS.points), 0)).where(_DONE_IN_WORKSPACE)
_POINTS_BY_DAY = (select(_COMMITMENTS.done_on, func.sum(_COMMITMENTS.points))
                  .where(_DONE_IN_WORKSPACE).group_by(_COMMITMENTS.done_on))
_ACTIVITY_MIX = (select(_COMMITMENTS.activity_key, func.count(_COMMITMENTS.id))
                 .where(_DONE_IN_WORKSPACE).group_by(_COMMITMENTS.activity_key))


def _period(workspace_id: int, start: date, end: date) -> dict[str, Any]:
    return {"workspace_id": workspace_id, "start": start, "end": end}


class SqlCommitments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, workspace_id: int, new: NewCommitment, now: datetime) -> Commitment:
        """Save it as the member's next number; two saved at once by the same person (a
        double click reaching two processes) get the next two numbers, not an error."""
        for attempt in range(5):
            try:
                with self.session.begin_nested():
                    row = self._new_row(workspace_id, new, now)
                    self.session.add(row)
                    self.session.flush()
                rollups.weeks_changed(self.session, workspace_id, row.member_id,
                                      [row.week_start])
                return convert.commitment(row)
            except IntegrityError:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def _new_row(self, workspace_id: int, new: NewCommitment, now: datetime) -> CommitmentRow:
        last = self.session.scalar(select(func.max(CommitmentRow.number)).where(
            CommitmentRow.workspace_id == workspace_id,
            CommitmentRow.member_id == new.member_id))
        closed = now if new.status is not Status.OPEN else None
        return CommitmentRow(
            workspace_id=workspace_id, member_id=new.member_id, number=(last or 0) + 1,
            what=new.what,
            activity_key=new.activity_key, when_where=new.when_where, due_date=new.due_date,
            week_start=new.week_start, status=new.status.value, points=new.points,
            reflection=new.reflection, logged=new.logged, moved_from_id=new.moved_from_id,
            source_id=new.source_id, plan_item_id=new.plan_item_id, created_at=now,
            closed_at=closed, done_on=new.done_on,
        )

    def _listed(self, query: Any) -> list[Commitment]:
        return [convert.commitment(r) for r in self.session.scalars(query)]

    def get(self, workspace_id: int, commitment_id: int) -> Commitment | None:
        row = owned(self.session, CommitmentRow, workspace_id, commitment_id)
        return convert.commitment(row) if row else None

    def revise(self, workspace_id: int, commitment_id: int, **changes: Any) -> Commitment:
        """Change what a member may edit: words, type and points, day."""
        row = owned(self.session, CommitmentRow, workspace_id, commitment_id)
        row = found(row if set(changes) <= REVISABLE else None, f"commitment {commitment_id}")
        week = row.week_start
        apply(self.session, row, changes)
        rollups.weeks_changed(self.session, workspace_id, row.member_id, [week, row.week_start])
        return convert.commitment(row)

    def by_number(self, workspace_id: int, member_id: int, number: int) -> Commitment | None:
        row = self.session.scalar(select_owned(CommitmentRow, workspace_id).where(
            CommitmentRow.member_id == member_id, CommitmentRow.number == number))
        return convert.commitment(row) if row else None

    def for_member(
        self, workspace_id: int, member_id: int, statuses: Sequence[Status] | None = None,
        limit: int = 50,
    ) -> list[Commitment]:
        if not statuses:   # the kickoff's, for every member every Monday
            rows = read(self.session, _MEMBERS_LATEST, {
                "workspace_id": workspace_id, "member_id": member_id, "limit": limit})
            return sorted((convert.commitment(r) for r in rows),
                          key=lambda c: (c.due_date, c.id))
        query = select_owned(CommitmentRow, workspace_id).where(
            CommitmentRow.member_id == member_id,
            CommitmentRow.status.in_([s.value for s in statuses]))
        query = query.order_by(CommitmentRow.due_date.desc(), CommitmentRow.id.desc())
        return sorted(self._listed(query.limit(limit)), key=lambda c: (c.due_date, c.id))

    def close(
        self, workspace_id: int, commitment_id: int, status: Status, now: datetime,
        reflection: str | None = None, expected: Status = Status.OPEN,
        done_on: date | None = None,
    ) -> Commitment | None:
        """Move a commitment out of `expected`; None when someone already decided it. Done
        on `done_on`, it counts in that day's week from now on."""
        if status is Status.DONE and done_on is None:
            raise ValueError("a done commitment needs the day it was done")
        values: dict[str, Any] = {"status": status.value, "closed_at": now}
        if reflection is not None:
            values["reflection"] = reflection
        if done_on is not None:
            values.update(done_on=done_on, week_start=week_start(done_on))
        before = self.session.execute(select(CommitmentRow.member_id, CommitmentRow.week_start)
                                      .where(CommitmentRow.workspace_id == workspace_id,
                                             CommitmentRow.id == commitment_id)).first()
        result = self.session.execute(
            update(CommitmentRow)
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.id == commitment_id,
                   CommitmentRow.status == expected.value)
            .values(**values)
            .execution_options(synchronize_session="fetch"))
        if getattr(result, "rowcount", 0) != 1 or before is None:
            return None
        member_id, week = before
        rollups.weeks_changed(self.session, workspace_id, member_id,
                              [week, values.get("week_start")])
        return self.get(workspace_id, commitment_id)

    def everything(self, workspace_id: int, member_id: int | None = None
                   ) -> list[Commitment]:
        query = select_owned(CommitmentRow, workspace_id)
        if member_id is not None:
            query = query.where(CommitmentRow.member_id == member_id)
        return self._listed(query.order_by(CommitmentRow.due_date, CommitmentRow.id))

    def open_due_before(self, workspace_id: int, day: date, limit: int = 500
                        ) -> list[Commitment]:
        return self._listed(select_owned(CommitmentRow, workspace_id).where(
            CommitmentRow.status == Status.OPEN.value, CommitmentRow.due_date < day)
            .order_by(CommitmentRow.id).limit(limit))

    def done_between(self, workspace_id: int, start: date, end: date, limit: int = 50
                     ) -> list[Commitment]:
        return self._listed(select_owned(CommitmentRow, workspace_id)
                            .where(done_in(start, end))
                            .order_by(CommitmentRow.done_on, CommitmentRow.id).limit(limit))

    def kept_weeks(self, workspace_id: int, member_id: int) -> set[date]:
        return set(read(self.session, _KEPT_WEEKS, {"workspace_id": workspace_id,
                                                    "member_id": member_id}).scalars())

    def kept_weeks_between(self, workspace_id: int, since: date, before: date | None = None
                           ) -> dict[int, set[date]]:
        # Grouped in the order of the kept-weeks index, so the database hands over one row
        # per member and week (not one per commitment) without sorting anything.
        query = select(CommitmentRow.member_id, CommitmentRow.week_start).where(
            CommitmentRow.workspace_id == workspace_id, CommitmentRow.week_start >= since,
            CommitmentRow.status == Status.DONE.value)
        if before is not None:
            query = query.where(CommitmentRow.week_start < before)
        query = query.group_by(CommitmentRow.week_start, CommitmentRow.member_id)
        weeks: dict[int, set[date]] = {}
        for member_id, week in self.session.execute(query):
            weeks.setdefault(member_id, set()).add(week)
        return weeks

    def kept_runs(self, workspace_id: int) -> dict[int, list[tuple[date, int]]]:
        # Gaps and islands: along a member's kept weeks, a week's day number less seven times
        # its rank stays the same while the weeks are consecutive, so it names its run.
        weeks = select(CommitmentRow.member_id, CommitmentRow.week_start).distinct().where(
            CommitmentRow.workspace_id == workspace_id,
            CommitmentRow.status == Status.DONE.value).subquery()
        if self.session.get_bind().dialect.name == "postgresql":
            day = weeks.c.week_start - literal(EPOCH, Date)
        else:
            day = cast(func.julianday(weeks.c.week_start), Integer)
        rank = func.row_number().over(partition_by=weeks.c.member_id,
                                      order_by=weeks.c.week_start)
        numbered = select(weeks.c.member_id, weeks.c.week_start,
                          (day - 7 * rank).label("run")).subquery()
        rows = self.session.execute(
            select(numbered.c.member_id, func.min(numbered.c.week_start), func.count())
            .group_by(numbered.c.member_id, numbered.c.run))
        runs: dict[int, list[tuple[date, int]]] = {}
        for member_id, first, length in rows:
            runs.setdefault(member_id, []).append((first, int(length)))
        return {member_id: sorted(found) for member_id, found in runs.items()}

    def last_kept_states(self, workspace_id: int, on_or_before: date
                         ) -> dict[int, tuple[date, KeptWeekState]]:
        return rollups.last_kept(self.session, workspace_id, on_or_before + timedelta(days=1))

    def contributions(self, workspace_id: int, start: date, end: date) -> list[Contribution]:
        # Summed first, by the (workspace, done_on) index, then named: joined the other way,
        # PostgreSQL read every member's whole history (five years: 170 ms instead of 10).
        totals = (select(CommitmentRow.member_id,
                         func.sum(CommitmentRow.points).label("points"),
                         func.count(CommitmentRow.id).label("activities"))
                  .where(CommitmentRow.workspace_id == workspace_id, done_in(start, end))
                  .group_by(CommitmentRow.member_id).subquery())
        rows = self.session.execute(
            select(MemberRow.id, MemberRow.display_name, totals.c.points, totals.c.activities)
            .join(totals, totals.c.member_id == MemberRow.id)
            .where(MemberRow.workspace_id == workspace_id))
        board = [Contribution(mid, name, int(points or 0), int(count))
                 for mid, name, points, count in rows]
        return sorted(board, key=lambda c: (-c.points, -c.activities, c.display_name.lower()))

    def team_points(self, workspace_id: int, start: date, end: date) -> int:
        total = read(self.session, _TEAM_POINTS, _period(workspace_id, start, end)).scalar()
        return int(total or 0)

    def points_by_day(self, workspace_id: int, start: date, end: date) -> dict[date, int]:
        rows = read(self.session, _POINTS_BY_DAY, _period(workspace_id, start, end))
        return {day: int(points or 0) for day, points in rows if day is not None}

    def status_counts(self, workspace_id: int, start: date, end: date) -> list[StatusCounts]:
        """Per member: commitments due in [start, end) by what became of them, and what was
        done in it — commitments kept, outreach logged, points — on the day it was done. Kept
        counts commitments only, so "made 4, kept 4" reads as every promise kept whatever
        else was logged."""
        rows = read(self.session, _STATUS_COUNTS, _period(workspace_id, start, end))
        return [StatusCounts(int(r[0]), *(int(v or 0) for v in r[1:])) for r in rows]

    def activity_mix(self, workspace_id: int, start: date, end: date) -> dict[str, int]:
        rows = read(self.session, _ACTIVITY_MIX, _period(workspace_id, start, end))
        return {key: int(n) for key, n in rows}
