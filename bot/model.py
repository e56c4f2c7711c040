"""The coaching domain: plain values that know nothing of Slack, Teams or SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class Platform(StrEnum):
    CONSOLE = "console"
    SLACK = "slack"
    TEAMS = "teams"


class Role(StrEnum):
    MEMBER = "member"
    ADMIN = "admin"
    OWNER = "owner"


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"
    MISSED = "missed"
    MOVED = "moved"
    CANCELLED = "cancelled"


class Origin(StrEnum):
    """Where an action recorded in the accountability log came from."""

    COMMAND = "command"
    BUTTON = "button"
    SCHEDULE = "schedule"


class Kind(StrEnum):
    """Each kind of message ShowUp sends on its own, by the name it is stored under (a
    delivery's kind, a rhythm's keys). Its words and its rules are bot/nudges/<name>.py
    (Kind.TEAM_POST: bot/nudges/team_post.py). Equal times go out in this order."""

    STREAK = "streak"
    PLAN_PROMPT = "planprompt"
    KICKOFF = "kickoff"
    CHECKIN = "checkin"
    WRAPUP = "wrapup"
    TEAM_POST = "teampost"
    CHANNEL_HELP = "channelhelp"
    SOURCE_OVERDUE = "overdue"
    PLAN_SHARED = "planshared"
    QUARTER_BRIEF = "quarterbrief"
    PLAN_REVIEW = "planreview"
    PLAN_REVIEWED = "planreviewed"
    REVIEW_REMINDER = "reviewreminder"


# The beats of the weekly rhythm that a workspace can move are the kinds DEFAULT_RHYTHM
# gives a time; `Slot` is the name the rhythm's commands know them by.
Slot = Kind


@dataclass(frozen=True)
class SlotTime:
    weekday: int  # 0 = Monday
    at: time

    def label(self) -> str:
        return f"{_DAY_NAMES[self.weekday]} {self.at:%H:%M}"


_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

DEFAULT_RHYTHM: dict[Kind, SlotTime] = {
    Kind.KICKOFF: SlotTime(0, time(9, 0)),
    Kind.CHECKIN: SlotTime(2, time(12, 0)),
    Kind.WRAPUP: SlotTime(4, time(15, 0)),
    Kind.TEAM_POST: SlotTime(4, time(16, 0)),
}
DEFAULT_WORKING_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4)
DEFAULT_TEAM_GOAL = 150


def day_name(weekday: int) -> str:
    return _DAY_NAMES[weekday]


@dataclass(frozen=True)
class Due:
    """A message whose time has come: its kind, for whom, and the local date it is for."""

    kind: Kind
    workspace_id: int
    member_id: int | None
    local_date: date
    due_at: datetime
    tag: str | None = None

    @property
    def key(self) -> str:
        """kind:recipient:local date — or kind:recipient:tag for a once-per-cause message."""
        owner = self.member_id if self.member_id is not None else f"w{self.workspace_id}"
        return f"{self.kind.value}:{owner}:{self.tag or self.local_date.isoformat()}"


@dataclass(frozen=True)
class Workspace:
    id: int
    platform: Platform
    external_id: str
    name: str
    timezone: str
    rhythm: dict[Kind, SlotTime] = field(default_factory=lambda: dict(DEFAULT_RHYTHM))
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    team_goal: int = DEFAULT_TEAM_GOAL
    leaderboard_channel: str | None = None
    share_plans: bool = True
    holiday_country: str | None = None


@dataclass(frozen=True)
class Member:
    id: int
    workspace_id: int
    platform_user_id: str
    display_name: str
    timezone: str | None
    role: Role
    active: bool = True
    paused_until: date | None = None
    joined_at: datetime | None = None
    quiet_start: time | None = None
    quiet_end: time | None = None
    clinician: bool | None = None
    ask_showing: bool = True  # done and log ask what the outreach showed (bot/showing.py)

    @property
    def is_admin(self) -> bool:
        return self.role in (Role.ADMIN, Role.OWNER)

    @property
    def is_clinician(self) -> bool:
        """Gets the weekly rhythm and a row in the owner's report: every member, and an owner
        or admin once they record outreach of their own (or opt in); anyone may opt out."""
        return self.clinician if self.clinician is not None else self.role is Role.MEMBER

    def zone(self, workspace: Workspace) -> str:
        """The member's own zone, or the practice's when the platform did not tell us."""
        return self.timezone or workspace.timezone

    def is_quiet(self, at: time) -> bool:
        """Whether a wall-clock time falls in the member's quiet hours (which may span midnight)."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return False
        return start <= at < end if start < end else (at >= start or at < end)

    def is_paused(self, today: date) -> bool:
        return self.paused_until is not None and today <= self.paused_until


@dataclass(frozen=True)
class ActivityType:
    key: str
    label: str
    points: int
    keywords: tuple[str, ...] = ()
    active: bool = True


class SourceKind(StrEnum):
    PHYSICIAN = "physician"
    PEDIATRICIAN = "pediatrician"
    SCHOOL = "school"
    CLERGY = "clergy"
    COMMUNITY = "community"
    OTHER = "other"


CADENCE_BY_TIER = {"A": 30, "B": 60, "C": 90}


@dataclass(frozen=True)
class ReferralSource:
    """An organisation or person who sends clients — never a client."""

    id: int
    workspace_id: int
    name: str
    kind: SourceKind
    tier: str
    owner_id: int | None
    cadence_days: int
    last_touch: date | None
    retired: bool
    created_on: date
    aliases: tuple[str, ...] = ()  # other names people call it by

    def overdue_on(self) -> date:
        """The first day it counts as overdue: a full cadence without a touch."""
        return (self.last_touch or self.created_on) + timedelta(days=self.cadence_days + 1)


class PlanStatus(StrEnum):
    """Where a plan is in the owner's review: a draft (being written or revised), submitted
    (waiting for review), or reviewed — approved, or commented on."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    COMMENTED = "commented"


@dataclass(frozen=True)
class PlanReview:
    """A plan's review state: its latest submission (numbered 1, 2 … as it is resubmitted)
    and what the reviewer said about it."""

    status: PlanStatus = PlanStatus.DRAFT
    submission: int = 0
    submitted_at: datetime | None = None
    reviewer_id: int | None = None
    comment: str = ""

    @property
    def reviewed(self) -> bool:
        return self.status in (PlanStatus.APPROVED, PlanStatus.COMMENTED)


@dataclass(frozen=True)
class PlanItem:
    id: int
    position: int
    text: str


@dataclass(frozen=True)
class Plan:
    """A Community Connection Plan: a niche, the referrers who serve it, 4–6 activities."""

    id: int
    member_id: int
    quarter: date
    niche: str
    referrers: str
    update_note: str
    submitted: bool
    items: tuple[PlanItem, ...] = ()
    review: PlanReview = field(default_factory=lambda: PlanReview())


@dataclass(frozen=True)
class NewCommitment:
    member_id: int
    what: str
    activity_key: str
    when_where: str
    due_date: date
    week_start: date
    points: int
    status: Status = Status.OPEN
    reflection: str | None = None
    logged: bool = False
    moved_from_id: int | None = None
    source_id: int | None = None
    plan_item_id: int | None = None
    done_on: date | None = None


@dataclass(frozen=True)
class Commitment:
    id: int
    member_id: int
    what: str
    activity_key: str
    when_where: str
    due_date: date
    week_start: date
    status: Status
    points: int
    reflection: str | None
    logged: bool
    created_at: datetime
    closed_at: datetime | None = None
    moved_from_id: int | None = None
    source_id: int | None = None
    plan_item_id: int | None = None
    done_on: date | None = None
    number: int = 0  # what the member calls it: #1, #2 … for each person


@dataclass(frozen=True)
class LastChange:
    """A member's most recent change to one of their commitments, so it can be undone."""

    action: str
    commitment_id: int
    before: Commitment | None  # None: it didn't exist before (a commit or a log)
    at: datetime
    made_id: int | None = None  # a commitment the change made besides (a move's new one)
    undone: bool = False


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    actor_id: int | None
    action: str
    source: str
    commitment_id: int | None
    detail: str | None


@dataclass(frozen=True)
class Contribution:
    """One member's share of the team's points over a period."""

    member_id: int
    display_name: str
    points: int
    activities: int


@dataclass(frozen=True)
class StatusCounts:
    member_id: int
    made: int = 0
    kept: int = 0
    missed: int = 0
    moved: int = 0
    open: int = 0
    cancelled: int = 0
    logged: int = 0
    points: int = 0


class GoalUnit(StrEnum):
    POINTS = "points"
    ACTIVITIES = "activities"


@dataclass(frozen=True)
class PersonalGoal:
    """A clinician's own target for one quarter: private, never posted or ranked."""

    member_id: int
    quarter: date
    unit: GoalUnit
    target: int
