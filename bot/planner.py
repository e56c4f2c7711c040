"""Which nudges and posts have come due: pure maths over zones, rhythm and membership.

Each slot is computed per local date in the recipient's own zone (DST-safe through
zoneinfo), and named by a dedupe key of kind, recipient and local date, so planning the
same window twice, in two processes or after a zone change, names the same deliveries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.model import Member, ReferralSource, Slot, SlotTime, Workspace
from bot.practice_calendar import zone

LOOKBACK = timedelta(hours=48)
QUIET_REACH = timedelta(hours=24)


class Kind(StrEnum):
    STREAK = "streak"
    PLAN_PROMPT = "planprompt"
    KICKOFF = "kickoff"
    CHECKIN = "checkin"
    WRAPUP = "wrapup"
    TEAM_POST = "teampost"
    CHANNEL_HELP = "channelhelp"
    SOURCE_OVERDUE = "overdue"
    PLAN_SHARED = "planshared"


MEMBER_SLOTS: tuple[tuple[Kind, Slot], ...] = (
    (Kind.STREAK, Slot.KICKOFF),
    (Kind.PLAN_PROMPT, Slot.KICKOFF),
    (Kind.KICKOFF, Slot.KICKOFF),
    (Kind.CHECKIN, Slot.CHECKIN),
    (Kind.WRAPUP, Slot.WRAPUP),
)


@dataclass(frozen=True)
class Due:
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


def slot_instant(day: date, at: time, tz: str) -> datetime:
    """A wall-clock time on a local date as a UTC instant (a skipped hour moves forward)."""
    return datetime.combine(day, at, tzinfo=zone(tz)).astimezone(UTC)


def occurrences(slot: SlotTime, tz: str, start: datetime, end: datetime
                ) -> list[tuple[date, datetime]]:
    """Local dates whose slot instant falls in (start, end]."""
    first = start.astimezone(zone(tz)).date() - timedelta(days=1)
    last = end.astimezone(zone(tz)).date() + timedelta(days=1)
    found: list[tuple[date, datetime]] = []
    day = first + timedelta(days=(slot.weekday - first.weekday()) % 7)
    while day <= last:
        instant = slot_instant(day, slot.at, tz)
        if start < instant <= end:
            found.append((day, instant))
        day += timedelta(days=7)
    return found


PLAN_PROMPT_DAYS = 14


def is_plan_prompt_day(day: date) -> bool:
    """The first two weeks of a quarter: the plan prompt comes on their kickoffs until the
    plan is submitted (the message itself checks that when it is sent)."""
    return day.month in (1, 4, 7, 10) and day.day <= PLAN_PROMPT_DAYS


def plan_workspace(workspace: Workspace, members: list[Member], now: datetime,
                   lookback: timedelta = LOOKBACK,
                   sources: Sequence[ReferralSource] = (),
                   closed: frozenset[date] = frozenset()) -> list[Due]:
    """Every delivery whose time came in the lookback window before `now`, in send order.
    Nothing comes due on a day that isn't a working day or on which the practice is closed
    (`closed`: local dates, see bot/closures.py)."""
    due: list[Due] = []
    start = now - lookback
    for member in members:
        if not member.active or not member.is_clinician:
            continue
        due.extend(_member_dues(workspace, member, max(start, member.joined_at or start), now,
                                closed))
    owners = {m.id: m for m in members if m.active}
    for source in sources:
        owner = owners.get(source.owner_id or 0)
        if owner is not None and not source.retired:
            found = _overdue_due(workspace, owner, source, start, now, closed)
            if found is not None:
                due.append(found)
    if workspace.leaderboard_channel:
        post = workspace.rhythm[Slot.TEAM_POST]
        for day, instant in occurrences(post, workspace.timezone, _since_founded(members, start),
                                        now):
            if day.weekday() in workspace.working_days and day not in closed:
                due.append(Due(Kind.TEAM_POST, workspace.id, None, day, instant))
    order = {kind: i for i, kind in enumerate(Kind)}
    return sorted(due, key=lambda d: (d.due_at, order[d.kind], d.member_id or 0))


def _since_founded(members: list[Member], start: datetime) -> datetime:
    """No team post for a slot that came before anyone was here: a practice that starts on a
    Friday evening hears first from next Friday's post, as a member who joins after Monday
    morning gets no kickoff that week."""
    joined = [m.joined_at for m in members if m.joined_at is not None]
    return max(start, min(joined, default=start))


def _member_dues(workspace: Workspace, member: Member, start: datetime, now: datetime,
                 closed: frozenset[date]) -> list[Due]:
    tz = member.zone(workspace)
    found: list[Due] = []
    for kind, slot in MEMBER_SLOTS:
        for day, instant in occurrences(workspace.rhythm[slot], tz, start - QUIET_REACH, now):
            if day.weekday() not in workspace.working_days or member.is_paused(day) \
                    or day in closed:
                continue
            if kind is Kind.PLAN_PROMPT and not is_plan_prompt_day(day):
                continue
            instant = after_quiet_hours(member, instant, tz)
            if start < instant <= now:
                found.append(Due(kind, workspace.id, member.id, day, instant))
    return found


def _overdue_due(workspace: Workspace, owner: Member, source: ReferralSource,
                 start: datetime, now: datetime, closed: frozenset[date]) -> Due | None:
    """One DM to the owner the first kickoff-time on a working day once a source is overdue;
    the key names the source and the day it fell due, so each lapse is raised once."""
    tz = owner.zone(workspace)
    overdue_on = source.overdue_on()
    at = workspace.rhythm[Slot.KICKOFF].at
    day = max(overdue_on, start.astimezone(zone(tz)).date())
    last = now.astimezone(zone(tz)).date()
    while day <= last:
        instant = after_quiet_hours(owner, slot_instant(day, at, tz), tz)
        if (day.weekday() in workspace.working_days and not owner.is_paused(day)
                and day not in closed and start < instant <= now):
            return Due(Kind.SOURCE_OVERDUE, workspace.id, owner.id, day, instant,
                       tag=f"{source.id}-{overdue_on.isoformat()}")
        day += timedelta(days=1)
    return None


def after_quiet_hours(member: Member, instant: datetime, tz: str) -> datetime:
    """A slot inside the member's quiet hours waits until they end (the key keeps its date)."""
    local = instant.astimezone(zone(tz))
    if member.quiet_end is None or not member.is_quiet(local.time()):
        return instant
    end_day = local.date() if local.time() < member.quiet_end else local.date() + timedelta(1)
    return slot_instant(end_day, member.quiet_end, tz)


def next_slot_after(workspace: Workspace, members: list[Member], after: datetime,
                    horizon: datetime, closed: frozenset[date] = frozenset()
                    ) -> datetime | None:
    """The first slot instant in (after, horizon], so a moved clock can stop at each one."""
    instants = [d.due_at for d in plan_workspace(workspace, members, horizon,
                                                 lookback=horizon - after, closed=closed)]
    return min(instants) if instants else None
