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

from bot.calendar import quarter_start, week_start

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
