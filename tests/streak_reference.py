"""The streak code the owner's report and dashboard ran before the weekly rollups (migration
0028), kept to check the rollups against: both read every kept week of the practice's
history (`kept_weeks_between` with `settled_streak` for the report, `kept_runs` for the
dashboard), and `compute_streak` walks one member's history week by week."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from bot.closures import known_calendar, mostly_closed_weeks
from bot.model import Status, Workspace
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_start, week_start
from bot.streaks import (
    WeekOutcome,
    compute_streak,
    current_streak,
    paused_weeks,
    settled_streak,
    streak_numbers,
)
from bot.usecases.closures import closed_weeks

STREAK_WINDOW_WEEKS = 60


def _paused(uow: UnitOfWork, workspace: Workspace, today: date, member_ids: list[int]
            ) -> dict[int, set[date]]:
    pauses = uow.members.pauses_by_member(workspace.id)
    closed = closed_weeks(uow, workspace, today)
    return {m: paused_weeks(pauses.get(m, []), today) | closed for m in member_ids}


def report_streaks(uow: UnitOfWork, workspace: Workspace, today: date, member_ids: list[int]
                   ) -> dict[int, int]:
    """The report's `current_streaks` before the rollups."""
    since = week_start(today) - timedelta(weeks=STREAK_WINDOW_WEEKS)
    kept = uow.commitments.kept_weeks_between(workspace.id, since)
    paused = _paused(uow, workspace, today, member_ids)
    streaks: dict[int, int] = {}
    for member_id in member_ids:
        settled = settled_streak(kept.get(member_id, set()), paused[member_id], today, since)
        if settled is not None:
            streaks[member_id] = settled
    unsettled = [m for m in member_ids if m not in streaks]
    if unsettled:
        earlier = uow.commitments.kept_weeks_between(workspace.id, date.min, since)
        for member_id in unsettled:
            weeks = kept.get(member_id, set()) | earlier.get(member_id, set())
            streaks[member_id] = current_streak(weeks, paused[member_id], today)
    return streaks


def dashboard_streaks(uow: UnitOfWork, workspace: Workspace, today: date,
                      member_ids: list[int]) -> dict[int, tuple[int, int]]:
    """The dashboard's `current_and_best_streaks` before the rollups."""
    runs = uow.commitments.kept_runs(workspace.id)
    paused = _paused(uow, workspace, today, member_ids)
    return {m: streak_numbers(runs.get(m, []), paused[m], today) for m in member_ids}


def walked_streak(uow: UnitOfWork, workspace: Workspace, today: date, member_id: int
                  ) -> tuple[int, int]:
    """(current, best) by the week-by-week walk over one member's whole history."""
    paused = paused_weeks(uow.members.pauses(workspace.id, member_id), today)
    paused |= closed_weeks(uow, workspace, today)
    streak = compute_streak(uow.commitments.kept_weeks(workspace.id, member_id), paused, today)
    return streak.current, streak.best


def recounted_rows(uow: UnitOfWork, workspace: Workspace
                   ) -> dict[tuple[int, date], tuple[Any, ...]]:
    """What `member_weeks` must hold, recomputed from every commitment with the week-by-week
    walk: (member, week) → (made, kept, logged, points, streak, best, freezes spent)."""
    counts: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for c in uow.commitments.everything(workspace.id):
        row = counts[(c.member_id, c.week_start)]
        row[0] += not c.logged
        if c.status is Status.DONE:
            row[2 if c.logged else 1] += 1
            row[3] += c.points
    kept: dict[int, set[date]] = defaultdict(set)
    for (member, week), row in counts.items():
        if row[1] + row[2]:
            kept[member].add(week)
    closures = uow.closures.listing(workspace.id)
    # A calendar ShowUp doesn't know (only a hand-made row has one) counts as none.
    calendar = known_calendar(workspace.holiday_country) if workspace.holiday_country else None
    states: dict[tuple[int, date], tuple[int, int, int]] = {}
    for member, weeks in kept.items():
        first, last = min(weeks), max(weeks)
        paused = paused_weeks(uow.members.pauses(workspace.id, member), last)
        paused |= mostly_closed_weeks(closures, calendar, workspace.working_days, first,
                                      last)
        best = 0
        frozen: dict[date, int] = defaultdict(int)
        for record in compute_streak(weeks, paused, last).history:
            if record.outcome is WeekOutcome.FROZEN:
                frozen[quarter_start(record.week)] += 1
            if record.outcome is WeekOutcome.KEPT:
                best = max(best, record.streak_after)
                states[(member, record.week)] = (record.streak_after, best,
                                                 frozen[quarter_start(record.week)])
    return {key: (*row, *states.get(key, (None, None, None))) for key, row in counts.items()}
