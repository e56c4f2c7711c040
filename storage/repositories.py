"""SQL behind the core's ports. Every statement filters on the workspace id it is given."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.model import (
    ActivityType,
    Commitment,
    Contribution,
    LogEntry,
    Member,
    NewCommitment,
    Origin,
    Plan,
    PlanItem,
    Platform,
    ReferralSource,
    Role,
    SourceKind,
    Status,
    StatusCounts,
    Workspace,
)
from bot.planner import Due
from bot.practice_calendar import week_start
from storage import convert
from storage.models import (
    ActivityRow,
    CommitmentRow,
    DeliveryRow,
    LogRow,
    MemberRow,
    OutcomeRow,
    PauseRow,
    PlanItemRow,
    PlanRow,
    ReferralSourceRow,
    WorkspaceRow,
)

DEFAULT_RHYTHM_JSON = convert.rhythm_to_json(Workspace(0, Platform.CONSOLE, "", "", "UTC").rhythm)


RowT = TypeVar("RowT", WorkspaceRow, MemberRow)


class NotFound(LookupError):
    """A row the caller expected in this workspace is not there."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _insert_or_find(session: Session, row: RowT, find: Callable[[], RowT | None]) -> RowT:
    """Insert a first-contact row; if another request inserted it a moment earlier, use
    theirs (a double click or two processes must not turn into an error)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found


class SqlWorkspaces:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_or_create(
        self, platform: Platform, external_id: str, name: str, timezone: str
    ) -> Workspace:
        row = self.session.scalar(select(WorkspaceRow).where(
            WorkspaceRow.platform == platform.value, WorkspaceRow.external_id == external_id))
        if row is None:
            defaults = Workspace(0, platform, external_id, name, timezone)
            row = WorkspaceRow(
                platform=platform.value, external_id=external_id, name=name[:120],
                timezone=timezone, rhythm=DEFAULT_RHYTHM_JSON,
                working_days=convert.days_to_text(defaults.working_days),
                team_goal=defaults.team_goal, created_at=_utcnow(),
            )
            row = _insert_or_find(self.session, row, lambda: self.session.scalar(
                select(WorkspaceRow).where(WorkspaceRow.platform == platform.value,
                                           WorkspaceRow.external_id == external_id)))
        return convert.workspace(row)

    def get(self, workspace_id: int) -> Workspace | None:
        row = self.session.get(WorkspaceRow, workspace_id)
        return convert.workspace(row) if row else None

    def list_all(self) -> list[Workspace]:
        return [convert.workspace(r) for r in self.session.scalars(
            select(WorkspaceRow).order_by(WorkspaceRow.id))]

    def find(self, platform: Platform, external_id: str) -> Workspace | None:
        row = self.session.scalar(select(WorkspaceRow).where(
            WorkspaceRow.platform == platform.value, WorkspaceRow.external_id == external_id))
        return convert.workspace(row) if row else None

    def update(self, workspace_id: int, **changes: Any) -> Workspace:
        row = self.session.get(WorkspaceRow, workspace_id)
        if row is None:
            raise NotFound(f"workspace {workspace_id}")
        if "rhythm" in changes:
            changes["rhythm"] = convert.rhythm_to_json(changes["rhythm"])
        if "working_days" in changes:
            changes["working_days"] = convert.days_to_text(changes["working_days"])
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()
        return convert.workspace(row)

    def delete(self, platform: Platform, external_id: str) -> bool:
        """Purge a workspace and, through the foreign keys, everything it owns."""
        result = self.session.execute(delete(WorkspaceRow).where(
            WorkspaceRow.platform == platform.value, WorkspaceRow.external_id == external_id))
        return bool(getattr(result, "rowcount", 0))


class SqlMembers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, workspace_id: int, member_id: int) -> MemberRow | None:
        return self.session.scalar(select(MemberRow).where(
            MemberRow.workspace_id == workspace_id, MemberRow.id == member_id))

    def get_or_create(
        self, workspace_id: int, platform_user_id: str, display_name: str,
        timezone: str | None, role: Role = Role.MEMBER, now: datetime | None = None,
    ) -> Member:
        row = self.session.scalar(select(MemberRow).where(
            MemberRow.workspace_id == workspace_id,
            MemberRow.platform_user_id == platform_user_id))
        if row is None:
            row = MemberRow(
                workspace_id=workspace_id, platform_user_id=platform_user_id,
                display_name=display_name[:120], timezone=timezone, role=role.value,
                active=True, created_at=now or _utcnow(),
            )
            row = _insert_or_find(self.session, row, lambda: self.session.scalar(
                select(MemberRow).where(MemberRow.workspace_id == workspace_id,
                                        MemberRow.platform_user_id == platform_user_id)))
        return convert.member(row)

    def get(self, workspace_id: int, member_id: int) -> Member | None:
        row = self._row(workspace_id, member_id)
        return convert.member(row) if row else None

    def by_platform_id(self, workspace_id: int, platform_user_id: str) -> Member | None:
        row = self.session.scalar(select(MemberRow).where(
            MemberRow.workspace_id == workspace_id,
            MemberRow.platform_user_id == platform_user_id))
        return convert.member(row) if row else None

    def find_by_name(self, workspace_id: int, name: str) -> list[Member]:
        wanted = name.strip().lower()
        rows = self.session.scalars(select(MemberRow).where(
            MemberRow.workspace_id == workspace_id,
            (func.lower(MemberRow.display_name) == wanted)
            | (func.lower(MemberRow.platform_user_id) == wanted)))
        return [convert.member(r) for r in rows]

    def list_active(self, workspace_id: int) -> list[Member]:
        rows = self.session.scalars(select(MemberRow).where(
            MemberRow.workspace_id == workspace_id, MemberRow.active.is_(True))
            .order_by(MemberRow.id))
        return [convert.member(r) for r in rows]

    def update(self, workspace_id: int, member_id: int, **changes: Any) -> Member:
        row = self._row(workspace_id, member_id)
        if row is None:
            raise NotFound(f"member {member_id}")
        if "role" in changes:
            changes["role"] = Role(changes["role"]).value
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()
        return convert.member(row)

    def start_pause(self, workspace_id: int, member_id: int, start: date, end: date) -> None:
        self.end_pause(workspace_id, member_id, start)
        self.session.add(PauseRow(workspace_id=workspace_id, member_id=member_id,
                                  starts_on=start, ends_on=end))
        self.session.flush()

    def end_pause(self, workspace_id: int, member_id: int, last_day: date) -> None:
        """Cut short any pause still running after `last_day`."""
        rows = self.session.scalars(select(PauseRow).where(
            PauseRow.workspace_id == workspace_id, PauseRow.member_id == member_id,
            (PauseRow.ends_on.is_(None)) | (PauseRow.ends_on >= last_day)))
        for row in rows:
            if row.starts_on > last_day:
                self.session.delete(row)
            else:
                row.ends_on = last_day
        self.session.flush()

    def delete(self, workspace_id: int, member_id: int) -> None:
        """Forget a member: their commitments, pauses, log lines and nudges go with them."""
        self.session.execute(delete(MemberRow).where(
            MemberRow.workspace_id == workspace_id, MemberRow.id == member_id))
        self.session.flush()

    def pauses(self, workspace_id: int, member_id: int) -> list[tuple[date, date | None]]:
        rows = self.session.execute(select(PauseRow.starts_on, PauseRow.ends_on).where(
            PauseRow.workspace_id == workspace_id, PauseRow.member_id == member_id))
        return [(start, end) for start, end in rows]

    def pauses_by_member(self, workspace_id: int
                         ) -> dict[int, list[tuple[date, date | None]]]:
        found: dict[int, list[tuple[date, date | None]]] = {}
        for member_id, start, end in self.session.execute(
                select(PauseRow.member_id, PauseRow.starts_on, PauseRow.ends_on).where(
                    PauseRow.workspace_id == workspace_id)):
            found.setdefault(member_id, []).append((start, end))
        return found


class SqlActivities:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, workspace_id: int) -> list[ActivityType]:
        rows = self.session.scalars(select(ActivityRow).where(
            ActivityRow.workspace_id == workspace_id)
            .order_by(ActivityRow.position, ActivityRow.id))
        return [convert.activity(r) for r in rows]

    def add(self, workspace_id: int, activity: ActivityType) -> None:
        position = self.session.scalar(select(func.count()).select_from(ActivityRow).where(
            ActivityRow.workspace_id == workspace_id)) or 0
        self.session.add(ActivityRow(
            workspace_id=workspace_id, key=activity.key, label=activity.label,
            points=activity.points, keywords="|".join(activity.keywords),
            position=position, active=activity.active))
        self.session.flush()

    def update(self, workspace_id: int, key: str, **changes: Any) -> None:
        row = self.session.scalar(select(ActivityRow).where(
            ActivityRow.workspace_id == workspace_id, ActivityRow.key == key))
        if row is None:
            raise NotFound(f"activity {key}")
        if "keywords" in changes:
            changes["keywords"] = "|".join(changes["keywords"])
        for name, value in changes.items():
            setattr(row, name, value)
        self.session.flush()


class SqlCommitments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _scoped(self, workspace_id: int) -> Any:
        return select(CommitmentRow).where(CommitmentRow.workspace_id == workspace_id)

    def add(self, workspace_id: int, new: NewCommitment, now: datetime) -> Commitment:
        """Save it as the member's next number; two saved at once by the same person (a
        double click reaching two processes) get the next two numbers, not an error."""
        for attempt in range(5):
            try:
                with self.session.begin_nested():
                    row = self._new_row(workspace_id, new, now)
                    self.session.add(row)
                    self.session.flush()
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

    def get(self, workspace_id: int, commitment_id: int) -> Commitment | None:
        row = self.session.scalar(self._scoped(workspace_id).where(
            CommitmentRow.id == commitment_id))
        return convert.commitment(row) if row else None

    def revise(self, workspace_id: int, commitment_id: int, **changes: Any) -> Commitment:
        """Change what a member may edit: words, type and points, day."""
        allowed = {"what", "activity_key", "points", "due_date", "week_start", "when_where"}
        row = self.session.scalar(self._scoped(workspace_id).where(
            CommitmentRow.id == commitment_id))
        if row is None or not set(changes) <= allowed:
            raise NotFound(f"commitment {commitment_id}")
        for name, value in changes.items():
            setattr(row, name, value)
        self.session.flush()
        return convert.commitment(row)

    def by_number(self, workspace_id: int, member_id: int, number: int) -> Commitment | None:
        row = self.session.scalar(self._scoped(workspace_id).where(
            CommitmentRow.member_id == member_id, CommitmentRow.number == number))
        return convert.commitment(row) if row else None

    def for_member(
        self, workspace_id: int, member_id: int, statuses: Sequence[Status] | None = None,
        limit: int = 50,
    ) -> list[Commitment]:
        query = self._scoped(workspace_id).where(CommitmentRow.member_id == member_id)
        if statuses:
            query = query.where(CommitmentRow.status.in_([s.value for s in statuses]))
        query = query.order_by(CommitmentRow.due_date.desc(), CommitmentRow.id.desc())
        rows = self.session.scalars(query.limit(limit))
        return sorted((convert.commitment(r) for r in rows), key=lambda c: (c.due_date, c.id))

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
        result = self.session.execute(
            update(CommitmentRow)
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.id == commitment_id,
                   CommitmentRow.status == expected.value)
            .values(**values)
            .execution_options(synchronize_session="fetch"))
        if getattr(result, "rowcount", 0) != 1:
            return None
        return self.get(workspace_id, commitment_id)

    def everything(self, workspace_id: int, member_id: int | None = None
                   ) -> list[Commitment]:
        query = self._scoped(workspace_id)
        if member_id is not None:
            query = query.where(CommitmentRow.member_id == member_id)
        rows = self.session.scalars(query.order_by(CommitmentRow.due_date, CommitmentRow.id))
        return [convert.commitment(r) for r in rows]

    def open_due_before(self, workspace_id: int, day: date, limit: int = 500
                        ) -> list[Commitment]:
        rows = self.session.scalars(self._scoped(workspace_id).where(
            CommitmentRow.status == Status.OPEN.value, CommitmentRow.due_date < day)
            .order_by(CommitmentRow.id).limit(limit))
        return [convert.commitment(r) for r in rows]

    def done_between(self, workspace_id: int, start: date, end: date, limit: int = 50
                     ) -> list[Commitment]:
        rows = self.session.scalars(self._scoped(workspace_id).where(
            CommitmentRow.status == Status.DONE.value, CommitmentRow.done_on >= start,
            CommitmentRow.done_on < end).order_by(CommitmentRow.done_on, CommitmentRow.id)
            .limit(limit))
        return [convert.commitment(r) for r in rows]

    def kept_weeks(self, workspace_id: int, member_id: int) -> set[date]:
        rows = self.session.scalars(select(CommitmentRow.week_start).distinct().where(
            CommitmentRow.workspace_id == workspace_id, CommitmentRow.member_id == member_id,
            CommitmentRow.status == Status.DONE.value))
        return set(rows)

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
        found: dict[int, set[date]] = {}
        for member_id, week in self.session.execute(query):
            found.setdefault(member_id, set()).add(week)
        return found

    def contributions(self, workspace_id: int, start: date, end: date) -> list[Contribution]:
        rows = self.session.execute(
            select(MemberRow.id, MemberRow.display_name, func.sum(CommitmentRow.points),
                   func.count(CommitmentRow.id))
            .join(MemberRow, (MemberRow.id == CommitmentRow.member_id)
                  & (MemberRow.workspace_id == CommitmentRow.workspace_id))
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.status == Status.DONE.value,
                   CommitmentRow.done_on >= start, CommitmentRow.done_on < end)
            .group_by(MemberRow.id, MemberRow.display_name))
        board = [Contribution(mid, name, int(points or 0), int(count))
                 for mid, name, points, count in rows]
        return sorted(board, key=lambda c: (-c.points, -c.activities, c.display_name.lower()))

    def team_points(self, workspace_id: int, start: date, end: date) -> int:
        total = self.session.scalar(select(func.coalesce(func.sum(CommitmentRow.points), 0))
                                    .where(CommitmentRow.workspace_id == workspace_id,
                                           CommitmentRow.status == Status.DONE.value,
                                           CommitmentRow.done_on >= start,
                                           CommitmentRow.done_on < end))
        return int(total or 0)

    def status_counts(self, workspace_id: int, start: date, end: date) -> list[StatusCounts]:
        """Per member: commitments due in [start, end) by what became of them, and what was
        done in it — commitments kept, outreach logged, points — on the day it was done. Kept
        counts commitments only, so "made 4, kept 4" reads as every promise kept whatever
        else was logged."""
        due = (CommitmentRow.due_date >= start) & (CommitmentRow.due_date < end)
        done = (CommitmentRow.status == Status.DONE.value) & (CommitmentRow.done_on >= start) \
            & (CommitmentRow.done_on < end)

        def count(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        def due_as(status: Status) -> Any:
            return count(due & (CommitmentRow.status == status.value))

        rows = self.session.execute(
            select(CommitmentRow.member_id, count(due & CommitmentRow.logged.is_(False)),
                   count(done & CommitmentRow.logged.is_(False)),
                   due_as(Status.MISSED), due_as(Status.MOVED), due_as(Status.OPEN),
                   due_as(Status.CANCELLED), count(done & CommitmentRow.logged.is_(True)),
                   func.sum(case((done, CommitmentRow.points), else_=0)))
            .where(CommitmentRow.workspace_id == workspace_id, due | done)
            .group_by(CommitmentRow.member_id))
        return [StatusCounts(int(r[0]), *(int(v or 0) for v in r[1:])) for r in rows]

    def activity_mix(self, workspace_id: int, start: date, end: date) -> dict[str, int]:
        rows = self.session.execute(
            select(CommitmentRow.activity_key, func.count(CommitmentRow.id))
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.status == Status.DONE.value,
                   CommitmentRow.done_on >= start, CommitmentRow.done_on < end)
            .group_by(CommitmentRow.activity_key))
        return {key: int(n) for key, n in rows}


class SqlSources:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, workspace_id: int, source_id: int) -> ReferralSourceRow | None:
        return self.session.scalar(select(ReferralSourceRow).where(
            ReferralSourceRow.workspace_id == workspace_id, ReferralSourceRow.id == source_id))

    def add(self, workspace_id: int, name: str, kind: SourceKind, tier: str,
            owner_id: int | None, cadence_days: int, created_on: date) -> ReferralSource:
        row = ReferralSourceRow(workspace_id=workspace_id, name=name[:120], kind=kind.value,
                                tier=tier, owner_id=owner_id, cadence_days=cadence_days,
                                retired=False, created_on=created_on)
        self.session.add(row)
        self.session.flush()
        return convert.source(row)

    def get(self, workspace_id: int, source_id: int) -> ReferralSource | None:
        row = self._row(workspace_id, source_id)
        return convert.source(row) if row else None

    def listing(self, workspace_id: int, include_retired: bool = False) -> list[ReferralSource]:
        query = select(ReferralSourceRow).where(ReferralSourceRow.workspace_id == workspace_id)
        if not include_retired:
            query = query.where(ReferralSourceRow.retired.is_(False))
        rows = self.session.scalars(query.order_by(ReferralSourceRow.tier,
                                                   ReferralSourceRow.name))
        return [convert.source(r) for r in rows]

    def update(self, workspace_id: int, source_id: int, **changes: Any) -> ReferralSource:
        row = self._row(workspace_id, source_id)
        if row is None:
            raise NotFound(f"source {source_id}")
        if "kind" in changes:
            changes["kind"] = SourceKind(changes["kind"]).value
        if "aliases" in changes:
            changes["aliases"] = "|".join(a.replace("|", " ") for a in changes["aliases"])
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()
        return convert.source(row)

    def record_referrals(self, workspace_id: int, source_id: int, month: date, count: int,
                         now: datetime) -> None:
        """Set (not add to) a source's referral total for a month."""
        row = self.session.scalar(select(OutcomeRow).where(
            OutcomeRow.workspace_id == workspace_id, OutcomeRow.source_id == source_id,
            OutcomeRow.month == month))
        if row is None:
            self.session.add(OutcomeRow(workspace_id=workspace_id, source_id=source_id,
                                        month=month, referrals=count, recorded_at=now))
        else:
            row.referrals, row.recorded_at = count, now
        self.session.flush()

    def referrals(self, workspace_id: int, start: date, end: date) -> dict[int, int]:
        rows = self.session.execute(
            select(OutcomeRow.source_id, func.sum(OutcomeRow.referrals))
            .where(OutcomeRow.workspace_id == workspace_id, OutcomeRow.month >= start,
                   OutcomeRow.month < end).group_by(OutcomeRow.source_id))
        return {source_id: int(total or 0) for source_id, total in rows}

    def outcome_rows(self, workspace_id: int) -> list[tuple[int, date, int]]:
        rows = self.session.execute(
            select(OutcomeRow.source_id, OutcomeRow.month, OutcomeRow.referrals)
            .where(OutcomeRow.workspace_id == workspace_id)
            .order_by(OutcomeRow.month, OutcomeRow.source_id))
        return [(int(s), m, int(n)) for s, m, n in rows]

    def touches(self, workspace_id: int, start: date, end: date) -> dict[int, int]:
        rows = self.session.execute(
            select(CommitmentRow.source_id, func.count(CommitmentRow.id))
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.source_id.is_not(None),
                   CommitmentRow.status == Status.DONE.value,
                   CommitmentRow.done_on >= start, CommitmentRow.done_on < end)
            .group_by(CommitmentRow.source_id))
        return {int(source_id or 0): int(n) for source_id, n in rows}

    def touch_days(self, workspace_id: int, start: date, end: date
                   ) -> dict[int, list[date]]:
        rows = self.session.execute(
            select(CommitmentRow.source_id, CommitmentRow.done_on)
            .where(CommitmentRow.workspace_id == workspace_id,
                   CommitmentRow.source_id.is_not(None),
                   CommitmentRow.status == Status.DONE.value,
                   CommitmentRow.done_on >= start, CommitmentRow.done_on < end))
        found: dict[int, list[date]] = {}
        for source_id, day in rows:
            if day is not None:
                found.setdefault(int(source_id or 0), []).append(day)
        return found

    def touch(self, workspace_id: int, source_id: int, day: date) -> None:
        """Record outreach on `day`; an older touch never moves the date back."""
        row = self._row(workspace_id, source_id)
        if row is not None and (row.last_touch is None or row.last_touch < day):
            row.last_touch = day
            self.session.flush()


class SqlPlans:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _plan(self, row: PlanRow) -> Plan:
        items = self.session.scalars(select(PlanItemRow).where(PlanItemRow.plan_id == row.id)
                                     .order_by(PlanItemRow.position, PlanItemRow.id))
        return Plan(row.id, row.member_id, row.quarter, row.niche, row.referrers,
                    row.update_note, row.submitted_at is not None,
                    tuple(PlanItem(i.id, n, i.text) for n, i in enumerate(items, start=1)))

    def _row(self, workspace_id: int, plan_id: int) -> PlanRow | None:
        return self.session.scalar(select(PlanRow).where(
            PlanRow.workspace_id == workspace_id, PlanRow.id == plan_id))

    def get(self, workspace_id: int, member_id: int, quarter: date) -> Plan | None:
        row = self.session.scalar(select(PlanRow).where(
            PlanRow.workspace_id == workspace_id, PlanRow.member_id == member_id,
            PlanRow.quarter == quarter))
        return self._plan(row) if row else None

    def get_or_create(self, workspace_id: int, member_id: int, quarter: date) -> Plan:
        found = self.get(workspace_id, member_id, quarter)
        if found is not None:
            return found
        row = PlanRow(workspace_id=workspace_id, member_id=member_id, quarter=quarter,
                      niche="", referrers="", update_note="")
        self.session.add(row)
        self.session.flush()
        return self._plan(row)

    def by_id(self, workspace_id: int, plan_id: int) -> Plan | None:
        row = self._row(workspace_id, plan_id)
        return self._plan(row) if row else None

    def update(self, workspace_id: int, plan_id: int, **changes: Any) -> Plan:
        row = self._row(workspace_id, plan_id)
        if row is None:
            raise NotFound(f"plan {plan_id}")
        for key, value in changes.items():
            setattr(row, key, value)
        self.session.flush()
        return self._plan(row)

    def add_item(self, workspace_id: int, plan_id: int, text: str) -> Plan:
        row = self._row(workspace_id, plan_id)
        if row is None:
            raise NotFound(f"plan {plan_id}")
        position = self.session.scalar(select(func.coalesce(func.max(PlanItemRow.position), 0))
                                       .where(PlanItemRow.plan_id == plan_id)) or 0
        self.session.add(PlanItemRow(workspace_id=workspace_id, plan_id=plan_id,
                                     position=position + 1, text=text[:280]))
        self.session.flush()
        return self._plan(row)

    def remove_item(self, workspace_id: int, plan_id: int, position: int) -> Plan | None:
        row = self._row(workspace_id, plan_id)
        if row is None:
            return None
        plan = self._plan(row)
        if not 1 <= position <= len(plan.items):
            return None
        item = self.session.get(PlanItemRow, plan.items[position - 1].id)
        self.session.delete(item)
        self.session.flush()
        return self._plan(row)

    def item_statuses(self, workspace_id: int, plan_id: int) -> dict[int, list[Status]]:
        rows = self.session.execute(
            select(CommitmentRow.plan_item_id, CommitmentRow.status)
            .join(PlanItemRow, PlanItemRow.id == CommitmentRow.plan_item_id)
            .where(CommitmentRow.workspace_id == workspace_id, PlanItemRow.plan_id == plan_id))
        found: dict[int, list[Status]] = {}
        for item_id, status in rows:
            found.setdefault(int(item_id or 0), []).append(Status(status))
        return found

    def for_quarter(self, workspace_id: int, quarter: date) -> list[Plan]:
        rows = self.session.scalars(select(PlanRow).where(
            PlanRow.workspace_id == workspace_id, PlanRow.quarter == quarter))
        return [self._plan(r) for r in rows]


class SqlDeliveryProblems:
    def __init__(self, session: Session) -> None:
        self.session = session

    def schedule(self, due: Due, now: datetime) -> None:
        exists = self.session.scalar(select(DeliveryRow.id).where(
            DeliveryRow.dedupe_key == due.key))
        if exists is None:
            self.session.add(DeliveryRow(
                workspace_id=due.workspace_id, member_id=due.member_id, kind=due.kind.value,
                dedupe_key=due.key, local_date=due.local_date, due_at=due.due_at,
                status="pending", attempts=0, next_attempt_at=due.due_at, created_at=now))
            self.session.flush()

    def sent_between(self, workspace_id: int, kind: str, start: date, end: date) -> bool:
        return self.session.scalar(select(DeliveryRow.id).where(
            DeliveryRow.workspace_id == workspace_id, DeliveryRow.kind == kind,
            DeliveryRow.status == "sent", DeliveryRow.local_date >= start,
            DeliveryRow.local_date < end).limit(1)) is not None

    def failed_since(self, workspace_id: int, since: datetime) -> list[tuple[str, str, str]]:
        rows = self.session.execute(
            select(DeliveryRow.kind, MemberRow.display_name, DeliveryRow.last_error)
            .outerjoin(MemberRow, MemberRow.id == DeliveryRow.member_id)
            .where(DeliveryRow.workspace_id == workspace_id, DeliveryRow.status == "failed",
                   DeliveryRow.due_at >= since)
            .order_by(DeliveryRow.due_at.desc()).limit(20))
        return [(kind, name or "team channel", error or "unknown")
                for kind, name, error in rows]


class SqlLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(
        self, workspace_id: int, actor_id: int | None, action: str, source: Origin,
        at: datetime, commitment_id: int | None = None, detail: str | None = None,
    ) -> None:
        self.session.add(LogRow(
            workspace_id=workspace_id, actor_id=actor_id, action=action, source=source.value,
            at=at, commitment_id=commitment_id, detail=detail))
        self.session.flush()

    def last_action(self, workspace_id: int, commitment_id: int) -> str | None:
        return self.session.scalar(select(LogRow.action).where(
            LogRow.workspace_id == workspace_id, LogRow.commitment_id == commitment_id)
            .order_by(LogRow.id.desc()).limit(1))

    def entries(self, workspace_id: int, actor_id: int | None = None) -> list[LogEntry]:
        query = select(LogRow).where(LogRow.workspace_id == workspace_id)
        if actor_id is not None:
            query = query.where(LogRow.actor_id == actor_id)
        return [LogEntry(convert.aware(r.at), r.actor_id, r.action, r.source, r.commitment_id,
                         r.detail) for r in self.session.scalars(query.order_by(LogRow.id))]
