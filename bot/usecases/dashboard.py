"""The owner's dashboard, as data: what one signed-in person may see of their practice.

The web surface (handlers/dashboard) asks `view` for a page's numbers and `download` for a
CSV; an admin sees the practice, a clinician only their own streak, commitments, plan and
sources. Everything here is scoped by the session's workspace and member.

Every number is read by the function the chat's replies read it with (the report's rows,
the team's goal line, the sources' overdue day, the outcomes' year, the exports' files), so
the page and the chat never disagree. A clinician's page holds nothing of anyone else's and
no word of a miss; the owner's may, as the owner's report does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.messages import Attachment
from bot.model import Kind, Member, Origin, ReferralSource, SourceKind, Status, StatusCounts
from bot.nudges.team_post import TeamGoal, team_goal, team_weeks, weekly_pace
from bot.ports import UnitOfWork
from bot.practice_calendar import add_months, quarter_label, quarter_start, week_start
from bot.usecases import brief
from bot.usecases.context import Context
from bot.usecases.data import my_files, practice_files
from bot.usecases.outcomes import OutreachYear, outreach_year
from bot.usecases.progress import (
    activity_mix,
    clinician_numbers,
    failed_deliveries,
    streak_for,
)
from bot.usecases.sources import by_urgency, owner_names

CHART_WEEKS = 12
RECENT_DONE = 10       # a clinician's recent outreach, before this week
OWN_COMMITMENTS = 60   # how many of their latest commitments their page reads

# The CSV files by the short name in their link: the practice's (admins), and anyone's own.
PRACTICE_DOWNLOADS = {"commitments": ("commitments", "Commitments"),
                      "referral-outcomes": ("outcomes", "Referral outcomes"),
                      "accountability-log": ("log", "Accountability log")}
OWN_DOWNLOADS = {"my-commitments": (0, "My commitments"),
                 "my-activity-log": (1, "My activity log")}
KIND_WORDS = {Kind.STREAK: "streak update", Kind.PLAN_PROMPT: "plan prompt",
              Kind.KICKOFF: "Monday kickoff", Kind.CHECKIN: "midweek check-in",
              Kind.WRAPUP: "Friday wrap-up", Kind.TEAM_POST: "team post",
              Kind.CHANNEL_HELP: "channel help", Kind.SOURCE_OVERDUE: "overdue-source note",
              Kind.PLAN_SHARED: "shared plan", Kind.QUARTER_BRIEF: "quarter's briefs",
              Kind.PLAN_REVIEW: "plan to review", Kind.PLAN_REVIEWED: "plan review",
              Kind.REVIEW_REMINDER: "review reminder"}


@dataclass(frozen=True)
class Viewer:
    """Who is looking: read fresh from storage on every request (roles change)."""

    workspace_id: int
    member_id: int
    display_name: str
    workspace_name: str
    is_admin: bool


@dataclass(frozen=True)
class Download:
    name: str    # the short name its link ends with
    label: str


@dataclass(frozen=True)
class ClinicianRow:
    """A clinician's quarter, as the owner's report has it, with their best streak."""

    name: str
    paused: bool
    streak: int
    best_streak: int
    counts: StatusCounts
    plan: str           # "plan 2/5 activities done (approved)", "no plan yet this quarter"
    plan_done: int
    plan_total: int
    goal: str | None    # "goal 12/30 pts"


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    kind: str
    tier: str
    owner: str | None
    cadence_days: int
    last_touch: date | None
    overdue_since: date | None   # None: not overdue


@dataclass(frozen=True)
class KindMonths:
    """One kind of source over the outcomes' year: (month, touches, referrals) each month."""

    kind: str
    sources: int
    months: tuple[tuple[date, int, int], ...]

    @property
    def touches(self) -> int:
        return sum(t for _, t, _ in self.months)

    @property
    def referrals(self) -> int:
        return sum(r for _, _, r in self.months)


@dataclass(frozen=True)
class SourceOutcome:
    name: str
    kind: str
    retired: bool
    touches: int
    referrals: int
    followed: int   # referrals within six months after a touch


@dataclass(frozen=True)
class Failure:
    what: str
    to: str
    error: str


@dataclass(frozen=True)
class PracticeView:
    """The owner's and admins' page: the practice's quarter."""

    goal: TeamGoal
    today: date                          # the practice's day
    pace: int                            # points the goal needs by the end of today
    weekly_pace: float
    weeks: tuple[tuple[date, int], ...]  # (Monday, team points), oldest first
    clinicians: tuple[ClinicianRow, ...]
    mix: tuple[tuple[str, int], ...]     # (activity, how many) this quarter
    sources: tuple[SourceRow, ...]       # overdue first
    year_start: date
    year_end: date                       # exclusive
    outreach: tuple[KindMonths, ...]
    outcomes: tuple[SourceOutcome, ...]
    failures: tuple[Failure, ...]

    @property
    def quarter_last(self) -> date:
        return self.goal.end - timedelta(days=1)

    @property
    def year_last(self) -> date:
        """The first of the outcomes' last month."""
        return add_months(self.year_end, -1)

    @property
    def weeks_total(self) -> int:
        return sum(points for _, points in self.weeks)

    @property
    def weeks_on_pace(self) -> int:
        return sum(1 for _, points in self.weeks if points >= self.weekly_pace)

    @property
    def mix_total(self) -> int:
        return sum(n for _, n in self.mix)


@dataclass(frozen=True)
class OwnCommitment:
    number: int
    what: str
    day: date       # done on, or due
    done: bool


@dataclass(frozen=True)
class OwnPlan:
    quarter: str
    status: str
    niche: str
    referrers: str
    items: tuple[tuple[str, str], ...]   # (the activity, "done", "planned", "not started")
    done: int


@dataclass(frozen=True)
class OwnView:
    """A clinician's page: their own streak, commitments, plan and sources — nothing else."""

    today: date
    streak: int
    best_streak: int
    this_week_kept: bool
    paused: bool
    freezes_left: int
    this_week: tuple[OwnCommitment, ...]
    still_open: tuple[OwnCommitment, ...]   # open, due in an earlier week
    coming_up: tuple[OwnCommitment, ...]    # open, due in a later week
    recent: tuple[OwnCommitment, ...]       # done before this week, latest first
    plan: OwnPlan | None
    sources: tuple[SourceRow, ...]          # theirs, the ones due for a touch first


@dataclass(frozen=True)
class DashboardView:
    viewer: Viewer
    downloads: tuple[Download, ...] = ()
    practice: PracticeView | None = None   # admins
    own: OwnView | None = None             # clinicians


def _context(uow: UnitOfWork, workspace_id: int, member_id: int, now: datetime
             ) -> Context | None:
    workspace = uow.workspaces.get(workspace_id)
    member = uow.members.get(workspace_id, member_id)
    if workspace is None or member is None or not member.active:
        return None
    return Context(workspace, member, now)


def view(uow: UnitOfWork, workspace_id: int, member_id: int, now: datetime
         ) -> DashboardView | None:
    """The page's data; None when the member is gone or no longer active."""
    ctx = _context(uow, workspace_id, member_id, now)
    if ctx is None:
        return None
    member = ctx.member
    viewer = Viewer(ctx.workspace.id, member.id, member.display_name, ctx.workspace.name,
                    member.is_admin)
    if member.is_admin:
        return DashboardView(viewer, _downloads(PRACTICE_DOWNLOADS), practice=practice(uow, ctx))
    return DashboardView(viewer, _downloads(OWN_DOWNLOADS), own=own(uow, ctx))


def _downloads(files: Mapping[str, tuple[object, str]]) -> tuple[Download, ...]:
    return tuple(Download(name, label) for name, (_, label) in files.items())


def practice(uow: UnitOfWork, ctx: Context) -> PracticeView:
    ws, today = ctx.workspace, ctx.workspace_today
    goal = team_goal(uow, ws, today)
    rows = clinician_numbers(uow, ctx, goal.start, goal.end, goal.start, with_best=True)
    this_quarter = quarter_start(today)
    clinicians = tuple(
        ClinicianRow(r.member.display_name, r.member.is_paused(ctx.today), r.streak,
                     r.best_streak or 0, r.counts or StatusCounts(r.member.id),
                     r.plan.words(this_quarter), r.plan.done, r.plan.total, r.goal)
        for r in rows)
    listed = uow.sources.listing(ws.id)
    names = owner_names(uow, ws.id, listed)
    sources = tuple(_source_row(s, names.get(s.owner_id or 0), ctx.today)
                    for s in by_urgency(listed, ctx.today))
    year = outreach_year(uow, ws.id, today)
    failures = tuple(Failure(_kind_words(kind), to, error)
                     for kind, to, error in failed_deliveries(uow, ws.id, goal.start))
    return PracticeView(
        goal, today, goal.pace_by(today), weekly_pace(goal.goal),
        tuple(team_weeks(uow, ws, today, CHART_WEEKS)), clinicians,
        tuple(activity_mix(uow, ws.id, goal.start, goal.end)), sources, year.start, year.end,
        outreach_by_kind(year), _outcomes(year), failures)


def _kind_words(kind: str) -> str:
    try:
        return KIND_WORDS[Kind(kind)]
    except (ValueError, KeyError):
        return kind


def _source_row(source: ReferralSource, owner: str | None, today: date) -> SourceRow:
    overdue = source.overdue_on()
    return SourceRow(source.id, source.name, source.kind.value, source.tier, owner,
                     source.cadence_days, source.last_touch,
                     overdue if today >= overdue else None)


def outreach_by_kind(year: OutreachYear) -> tuple[KindMonths, ...]:
    """Touches and referrals each month of the year, per kind of source (the kinds the
    practice has sources of, retired ones included, as the outcomes report counts them)."""
    kind_of = {s.id: s.kind for s in year.sources}
    touches: Counter[tuple[SourceKind, date]] = Counter()
    referrals: Counter[tuple[SourceKind, date]] = Counter()
    for source_id, days in year.touch_days.items():
        for day in days:
            if source_id in kind_of:
                touches[kind_of[source_id], day.replace(day=1)] += 1
    for source_id, month, count in year.outcomes:
        if source_id in kind_of:
            referrals[kind_of[source_id], month] += count
    counted = Counter(kind_of.values())
    return tuple(
        KindMonths(kind.value, counted[kind],
                   tuple((m, touches[kind, m], referrals[kind, m]) for m in year.months()))
        for kind in SourceKind if counted[kind])


def _outcomes(year: OutreachYear) -> tuple[SourceOutcome, ...]:
    return tuple(SourceOutcome(s.name, s.kind.value, s.retired, year.touches.get(s.id, 0),
                               year.referrals.get(s.id, 0), year.followed.get(s.id, 0))
                 for s in year.ranked())


def own(uow: UnitOfWork, ctx: Context) -> OwnView:
    ws, member, today = ctx.workspace, ctx.member, ctx.today
    streak = streak_for(uow, ctx)
    this_week = week_start(today)
    mine = uow.commitments.for_member(ws.id, member.id, [Status.OPEN, Status.DONE],
                                      limit=OWN_COMMITMENTS)
    shown = [OwnCommitment(c.number, c.what, brief.counted_on(c), c.status is Status.DONE)
             for c in mine]
    next_week = this_week + timedelta(weeks=1)

    def dated(keep: Callable[[OwnCommitment], bool]) -> tuple[OwnCommitment, ...]:
        return tuple(sorted((c for c in shown if keep(c)), key=lambda c: (c.day, c.number)))

    recent = sorted((c for c in shown if c.done and c.day < this_week),
                    key=lambda c: (c.day, c.number), reverse=True)[:RECENT_DONE]
    sources = [s for s in uow.sources.listing(ws.id) if s.owner_id == member.id]
    return OwnView(
        today, streak.current, streak.best, streak.this_week_kept, member.is_paused(today),
        streak.freezes_left, dated(lambda c: this_week <= c.day < next_week),
        dated(lambda c: not c.done and c.day < this_week),
        dated(lambda c: not c.done and c.day >= next_week), tuple(recent),
        _own_plan(uow, ctx, member),
        tuple(_source_row(s, None, today) for s in by_urgency(sources, today)))


def _own_plan(uow: UnitOfWork, ctx: Context, member: Member) -> OwnPlan | None:
    quarter = quarter_start(ctx.today)
    plan = uow.plans.get(ctx.workspace.id, member.id, quarter)
    status = brief.plan_status(plan)
    if plan is None or status == "no plan":
        return None
    statuses = uow.plans.item_statuses(ctx.workspace.id, plan.id)
    items = tuple((item.text, _item_state(statuses.get(item.id, []))) for item in plan.items)
    return OwnPlan(quarter_label(quarter), status, plan.niche, plan.referrers, items,
                   sum(1 for _, state in items if state == "done"))


def _item_state(statuses: list[Status]) -> str:
    """A plan activity as its author sees it: done, planned, or not started (what didn't
    happen is not theirs to be reminded of here)."""
    if Status.DONE in statuses:
        return "done"
    return "planned" if Status.OPEN in statuses else "not started"


def download(uow: UnitOfWork, workspace_id: int, member_id: int, name: str, now: datetime
             ) -> Attachment | None:
    """One of the page's CSV files by its short name; None if unknown or not theirs to see.
    The same files as `export` and `admin export`, and noted in the accountability log as
    those are."""
    ctx = _context(uow, workspace_id, member_id, now)
    if ctx is None:
        return None
    if name in OWN_DOWNLOADS:
        found, detail = my_files(uow, ctx)[OWN_DOWNLOADS[name][0]], "own"
    elif name in PRACTICE_DOWNLOADS and ctx.member.is_admin:
        detail = PRACTICE_DOWNLOADS[name][0]
        found = practice_files(uow, ctx, detail)[0]
    else:
        return None
    uow.log.append(workspace_id, member_id, "export", Origin.BUTTON, now,
                   detail=f"{detail} (dashboard)")
    uow.commit()
    return found
