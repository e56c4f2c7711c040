"""Which nudges and posts have come due: pure maths over zones, rhythm and membership.

What comes due is what the nudges declare (bot/nudges/<kind>.py: to whom, at which beat, on
which days); this module knows how to find each audience's recipients and the instants.
Each slot is computed per local date in the recipient's own zone (DST-safe through
zoneinfo), and named by a dedupe key of kind, recipient and local date, so planning the
same window twice, in two processes or after a zone change, names the same deliveries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.model import Due as Due
from bot.model import Kind as Kind
from bot.model import Member, Plan, ReferralSource, SlotTime, Workspace
from bot.nudges import NUDGES
from bot.nudges.nudge import Audience, Nudge
from bot.practice_calendar import quarter_start, zone

LOOKBACK = timedelta(hours=48)
QUIET_REACH = timedelta(hours=24)


@dataclass(frozen=True)
class Window:
    """One workspace's planning window, (start, now], and what is planned over it."""

    workspace: Workspace
    members: list[Member]
    sources: Sequence[ReferralSource]
    start: datetime
    now: datetime
    closed: frozenset[date]
    awaiting: Sequence[Plan] = ()   # plans submitted and not yet reviewed

    def silent(self, nudge: Nudge, day: date) -> bool:
        """Nothing comes due on a day that isn't a working day, on one the nudge does not
        want, or (for most) on one the practice is closed."""
        return (day.weekday() not in self.workspace.working_days or not nudge.on_day(day)
                or (nudge.closure_silences and day in self.closed))


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


def plan_workspace(workspace: Workspace, members: list[Member], now: datetime,
                   lookback: timedelta = LOOKBACK,
                   sources: Sequence[ReferralSource] = (),
                   closed: frozenset[date] = frozenset(),
                   awaiting: Sequence[Plan] = ()) -> list[Due]:
    """Every delivery whose time came in the lookback window before `now`, in send order:
    each nudge with a beat, for its audience. `closed`: local dates the practice is closed
    (see bot/closures.py); `awaiting`: plans waiting for review."""
    window = Window(workspace, members, sources, now - lookback, now, closed, awaiting)
    due: list[Due] = []
    for nudge in NUDGES.values():
        if nudge.at is not None:
            due.extend(PLANNED_FOR[nudge.to](nudge, nudge.at, window))
    order = {kind: i for i, kind in enumerate(Kind)}
    return sorted(due, key=lambda d: (d.due_at, order[d.kind], d.member_id or 0))


def _beats(nudge: Nudge, beat: Kind, window: Window, member: Member
           ) -> Iterator[tuple[date, datetime]]:
    """The member's beats in the window, in their own zone, from when they joined: each
    working, unpaused day and its instant (held past their quiet hours)."""
    start = max(window.start, member.joined_at or window.start)
    tz = member.zone(window.workspace)
    for day, instant in occurrences(window.workspace.rhythm[beat], tz, start - QUIET_REACH,
                                    window.now):
        if window.silent(nudge, day) or member.is_paused(day):
            continue
        instant = after_quiet_hours(member, instant, tz)
        if start < instant <= window.now:
            yield day, instant


def _to_clinicians(nudge: Nudge, beat: Kind, window: Window) -> list[Due]:
    """Each clinician, in their own zone, from when they joined."""
    return [Due(nudge.kind, window.workspace.id, member.id, day, instant)
            for member in window.members if member.active and member.is_clinician
            for day, instant in _beats(nudge, beat, window, member)]


def _to_channel(nudge: Nudge, beat: Kind, window: Window) -> list[Due]:
    """The team's channel, in the practice's zone, when it has one."""
    workspace = window.workspace
    if not workspace.leaderboard_channel:
        return []
    return [Due(nudge.kind, workspace.id, None, day, instant)
            for day, instant in occurrences(workspace.rhythm[beat], workspace.timezone,
                                            _since_founded(window.members, window.start),
                                            window.now)
            if not window.silent(nudge, day)]


def _since_founded(members: list[Member], start: datetime) -> datetime:
    """No team post for a slot that came before anyone was here: a practice that starts on a
    Friday evening hears first from next Friday's post, as a member who joins after Monday
    morning gets no kickoff that week."""
    joined = [m.joined_at for m in members if m.joined_at is not None]
    return max(start, min(joined, default=start))


def _to_source_owners(nudge: Nudge, beat: Kind, window: Window) -> list[Due]:
    """The owner of each source that has fallen overdue, whether or not a clinician."""
    owners = {m.id: m for m in window.members if m.active}
    found: list[Due] = []
    for source in window.sources:
        owner = owners.get(source.owner_id or 0)
        if owner is not None and not source.retired:
            due = _overdue_due(nudge, window.workspace.rhythm[beat].at, owner, source, window)
            if due is not None:
                found.append(due)
    return found


def _overdue_due(nudge: Nudge, at: time, owner: Member, source: ReferralSource,
                 window: Window) -> Due | None:
    """One DM to the owner the first beat-time on a working day once a source is overdue;
    the key names the source and the day it fell due, so each lapse is raised once."""
    tz = owner.zone(window.workspace)
    overdue_on = source.overdue_on()
    day = max(overdue_on, window.start.astimezone(zone(tz)).date())
    last = window.now.astimezone(zone(tz)).date()
    while day <= last:
        instant = after_quiet_hours(owner, slot_instant(day, at, tz), tz)
        if (not window.silent(nudge, day) and not owner.is_paused(day)
                and window.start < instant <= window.now):
            return Due(nudge.kind, window.workspace.id, owner.id, day, instant,
                       tag=f"{source.id}-{overdue_on.isoformat()}")
        day += timedelta(days=1)
    return None


def _to_admins(nudge: Nudge, beat: Kind, window: Window) -> list[Due]:
    """Each admin, in their own zone, once a quarter: on the first of the nudge's days that
    isn't a day off for them (the key names the quarter, so a later day adds nothing)."""
    found: list[Due] = []
    for member in window.members:
        if member.active and member.is_admin:
            for day, instant in _beats(nudge, beat, window, member):
                found.append(Due(nudge.kind, window.workspace.id, member.id, day, instant,
                                 tag=quarter_start(day).isoformat()))
                break
    return found


REVIEW_AFTER = timedelta(days=7)
REVIEW_REACH = 31   # days after the week within which a working, unpaused day is looked for


def _to_reviewers(nudge: Nudge, beat: Kind, window: Window) -> list[Due]:
    """The owner and each admin (not the plan's author), once per submission still waiting
    for review: at the beat's time on their first working day a week or more after it was
    submitted. Each has one such instant, so a submission long past is never raised late;
    none once the plan's quarter is over (a Q1 plan sent on 28 March is not chased in April)."""
    found: list[Due] = []
    admins = [m for m in window.members if m.active and m.is_admin]
    for plan in window.awaiting:
        since = plan.review.submitted_at
        if since is None:
            continue
        for admin in admins:
            if admin.id == plan.member_id:
                continue
            instant = _first_beat_after(nudge, window.workspace.rhythm[beat].at, admin,
                                        since + REVIEW_AFTER, window)
            if instant is None or quarter_start(instant[0]) > plan.quarter:
                continue   # no working day in reach, or the plan's quarter is over by then
            if window.start < instant[1] <= window.now:
                found.append(Due(nudge.kind, window.workspace.id, admin.id, instant[0],
                                 instant[1], tag=f"{plan.id}-{plan.review.submission}"))
    return found


def _first_beat_after(nudge: Nudge, at: time, member: Member, after: datetime, window: Window
                      ) -> tuple[date, datetime] | None:
    tz = member.zone(window.workspace)
    day = after.astimezone(zone(tz)).date()
    for _ in range(REVIEW_REACH):
        instant = after_quiet_hours(member, slot_instant(day, at, tz), tz)
        if instant >= after and not window.silent(nudge, day) and not member.is_paused(day):
            return day, instant
        day += timedelta(days=1)
    return None


PLANNED_FOR: dict[Audience, Callable[[Nudge, Kind, Window], list[Due]]] = {
    Audience.CLINICIANS: _to_clinicians,
    Audience.CHANNEL: _to_channel,
    Audience.SOURCE_OWNERS: _to_source_owners,
    Audience.ADMINS: _to_admins,
    Audience.REVIEWERS: _to_reviewers,
}


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
