"""Weekly streak maths.

A week is kept when the member did at least one piece of outreach in it. One missed week a
quarter is bridged by an automatic freeze; weeks the member was paused neither break nor
extend the streak; the first kept week after a broken streak is a comeback, which the bot
celebrates (returning after a miss is the behaviour most worth rewarding).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.practice_calendar import quarter_start, week_start

MILESTONES = (3, 5, 10, 15, 20, 26, 52)


class WeekOutcome(StrEnum):
    KEPT = "kept"
    FROZEN = "frozen"
    MISSED = "missed"
    PAUSED = "paused"


@dataclass(frozen=True)
class WeekRecord:
    week: date
    outcome: WeekOutcome
    streak_after: int
    comeback: bool = False


@dataclass(frozen=True)
class Streak:
    current: int
    best: int
    freezes_left: int
    this_week_kept: bool
    history: tuple[WeekRecord, ...]

    @property
    def last_closed(self) -> WeekRecord | None:
        """The most recent finished week, the one a Monday streak update talks about."""
        closed = [r for r in self.history if not (self.this_week_kept and r is self.history[-1])]
        return closed[-1] if closed else None

    @property
    def comeback(self) -> bool:
        """Whether the most recent kept week restarted a streak that had been broken."""
        kept = [r for r in self.history if r.outcome is WeekOutcome.KEPT]
        return bool(kept) and kept[-1].comeback

    @property
    def milestone(self) -> int | None:
        return self.current if self.current in MILESTONES else None


def compute_streak(
    kept_weeks: Iterable[date],
    paused_weeks: Iterable[date],
    today: date,
    freezes_per_quarter: int = 1,
) -> Streak:
    """Walk the weeks from the first kept one to the week holding `today`.

    The current week only counts once it is kept: an unfinished week never breaks a streak.
    """
    kept = {week_start(w) for w in kept_weeks}
    paused = {week_start(w) for w in paused_weeks}
    this_week = week_start(today)
    kept = {w for w in kept if w <= this_week}
    if not kept:
        return Streak(0, 0, _freezes_left({}, this_week, freezes_per_quarter), False, ())
    history: list[WeekRecord] = []
    freezes_used: dict[date, int] = {}
    current = best = 0
    broken = False
    week = min(kept)
    while week <= this_week:
        record = _step(week, kept, paused, this_week, current, broken, freezes_used,
                       freezes_per_quarter)
        if record is not None:
            history.append(record)
            if record.outcome is WeekOutcome.KEPT:
                broken = False
            elif record.outcome is WeekOutcome.MISSED:
                broken = True
            current = record.streak_after
            best = max(best, current)
        week += timedelta(days=7)
    return Streak(
        current=current,
        best=best,
        freezes_left=_freezes_left(freezes_used, this_week, freezes_per_quarter),
        this_week_kept=this_week in kept,
        history=tuple(history),
    )


def _step(
    week: date,
    kept: set[date],
    paused: set[date],
    this_week: date,
    current: int,
    broken: bool,
    freezes_used: dict[date, int],
    freezes_per_quarter: int,
) -> WeekRecord | None:
    if week in kept:
        return WeekRecord(week, WeekOutcome.KEPT, current + 1, comeback=broken)
    if week == this_week:
        return None
    if week in paused:
        return WeekRecord(week, WeekOutcome.PAUSED, current)
    quarter = quarter_start(week)
    if current > 0 and freezes_used.get(quarter, 0) < freezes_per_quarter:
        freezes_used[quarter] = freezes_used.get(quarter, 0) + 1
        return WeekRecord(week, WeekOutcome.FROZEN, current)
    return WeekRecord(week, WeekOutcome.MISSED, 0)


_WEEK = timedelta(days=7)
_UNKNOWN_RUN = 1_000_000  # stands for "some streak was running" in `settled_streak`


Run = tuple[date, int]   # consecutive kept weeks: the first one's Monday, how many


def current_streak(kept_weeks: Iterable[date], paused_weeks: Iterable[date], today: date,
                   freezes_per_quarter: int = 1) -> int:
    """`compute_streak(...).current` without the week-by-week history: a run of kept weeks is
    counted in one step, which is what the owner's report needs for everyone at once."""
    return streak_numbers(runs_of(kept_weeks), paused_weeks, today, freezes_per_quarter)[0]


def best_streak(kept_weeks: Iterable[date], paused_weeks: Iterable[date], today: date,
                freezes_per_quarter: int = 1) -> int:
    """`compute_streak(...).best` without the week-by-week history."""
    return streak_numbers(runs_of(kept_weeks), paused_weeks, today, freezes_per_quarter)[1]


def runs_of(kept_weeks: Iterable[date]) -> list[Run]:
    """Kept weeks (any day of each) as runs of consecutive weeks, oldest first."""
    runs: list[Run] = []
    for week in sorted(set(map(week_start, kept_weeks))):
        if runs and runs[-1][0] + _WEEK * runs[-1][1] == week:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((week, 1))
    return runs


def streak_numbers(runs: Iterable[Run], paused_weeks: Iterable[date], today: date,
                   freezes_per_quarter: int = 1) -> tuple[int, int]:
    """(current, best) as `compute_streak` has them, from runs of kept weeks (`runs_of`,
    or storage's `kept_runs`), in one walk that keeps no history: the owner's dashboard
    reads both for everyone, over all their years, a five-year streak being one run."""
    this_week = week_start(today)
    # Weeks after this one are not counted yet.
    kept = [(first, min(length, (this_week - first).days // 7 + 1))
            for first, length in sorted(runs) if first <= this_week]
    if not kept:
        return 0, 0
    paused = {week_start(w) for w in paused_weeks}
    return _walk(kept, paused, this_week, kept[0][0], 0, 0, freezes_per_quarter)


def settled_streak(kept_since: Iterable[date], paused_weeks: Iterable[date], today: date,
                   since: date, freezes_per_quarter: int = 1) -> int | None:
    """The current streak from the kept weeks on or after `since` alone, or None when the
    weeks before `since` could still change it.

    The walk is repeated from every state that matters to its decisions at `since` — no
    streak or a running one, and each number of freezes already spent that quarter. When all
    of them end on the same count, history before `since` cannot change it."""
    this_week, start = week_start(today), week_start(since)
    kept = runs_of(w for w in map(week_start, kept_since) if start <= w <= this_week)
    paused = {week_start(w) for w in paused_weeks}
    ends = {_walk(kept, paused, this_week, start, running, spent, freezes_per_quarter)[0]
            for running in (0, _UNKNOWN_RUN) for spent in range(freezes_per_quarter + 1)}
    return ends.pop() if len(ends) == 1 else None


def _walk(kept: list[Run], paused: set[date], this_week: date, start: date, current: int,
          spent: int, per_quarter: int) -> tuple[int, int]:
    """compute_streak's walk from `start`, counting only: `current` and `spent` (freezes used
    in `start`'s quarter) are the state it starts in; `kept` is runs of kept weeks, sorted,
    none before `start` or after this week. The streak at the end, and the longest it
    reached on the way."""
    used = {quarter_start(start): spent}
    week = start
    best = 0
    for first, length in kept:
        if week < first:
            current = _quiet_weeks(week, first, current, paused, used, per_quarter)
        current += length
        best = max(best, current)
        week = first + _WEEK * length
    if week < this_week:  # this week, not yet kept, neither counts nor breaks
        current = _quiet_weeks(week, this_week, current, paused, used, per_quarter)
    return current, best


def _quiet_weeks(week: date, end: date, current: int, paused: set[date],
                 used: dict[date, int], per_quarter: int) -> int:
    """Weeks [week, end) without outreach: paused ones pass, one a quarter is frozen while
    a streak runs, any other breaks it."""
    while week < end and current > 0:   # a broken streak stays broken: no freeze is spent
        if week not in paused:
            quarter = quarter_start(week)
            if current > 0 and used.get(quarter, 0) < per_quarter:
                used[quarter] = used.get(quarter, 0) + 1
            else:
                current = 0
        week += _WEEK
    return current


def _freezes_left(used: dict[date, int], this_week: date, per_quarter: int) -> int:
    return max(0, per_quarter - used.get(quarter_start(this_week), 0))


def paused_weeks(pauses: Iterable[tuple[date, date | None]], today: date) -> set[date]:
    """Mondays of every week that a pause [start, end] touches; an open pause runs to today."""
    weeks: set[date] = set()
    for start, end in pauses:
        last = min(end or today, today)
        monday = week_start(start)
        while monday <= last:
            weeks.add(monday)
            monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class KeptWeekState:
    """Where a member's streak stood at the end of a week they kept: what storage keeps in
    each kept week's rollup, so the streak now is that row and the quiet weeks since it.

    A kept week's state depends only on the weeks up to it, so a week closing changes no
    row: the weeks since the last kept one are walked when the streak is read."""

    current: int
    best: int
    spent: int    # freezes spent in this week's quarter by its end


def kept_week_states(kept_weeks: Iterable[date], paused: set[date],
                     before: tuple[date, KeptWeekState] | None = None,
                     freezes_per_quarter: int = 1) -> list[tuple[date, KeptWeekState]]:
    """`compute_streak`'s walk, keeping its state at the end of each kept week (oldest
    first). `before`: the last kept week before these and its state, when the walk goes on
    from there (a late mark re-walks only the weeks from its own on); `paused` must hold
    the paused and closed weeks between the first week walked and the last kept one."""
    weeks = sorted(set(map(week_start, kept_weeks)))
    if before is None:
        current = best = 0
        used: dict[date, int] = {}
        cursor = weeks[0] if weeks else date.min
    else:
        last, state = before
        weeks = [w for w in weeks if w > last]
        current, best = state.current, state.best
        used = {quarter_start(last): state.spent}
        cursor = last + _WEEK
    states: list[tuple[date, KeptWeekState]] = []
    for week in weeks:
        current = _quiet_weeks(cursor, week, current, paused, used, freezes_per_quarter) + 1
        best = max(best, current)
        states.append((week, KeptWeekState(current, best, used.get(quarter_start(week), 0))))
        cursor = week + _WEEK
    return states


def streak_now(last_kept: tuple[date, KeptWeekState] | None, paused: set[date], today: date,
               freezes_per_quarter: int = 1) -> tuple[int, int]:
    """(current, best) as `compute_streak` has them, from the state at the end of the last
    kept week on or before this one and the quiet weeks since, which a freeze may bridge
    or a pause or closure pass over (this week, not yet kept, neither counts nor breaks)."""
    if last_kept is None:
        return 0, 0
    week, state = last_kept
    this_week = week_start(today)
    if week >= this_week:
        return state.current, state.best
    current = _quiet_weeks(week + _WEEK, this_week, state.current, paused,
                           {quarter_start(week): state.spent}, freezes_per_quarter)
    return current, state.best
