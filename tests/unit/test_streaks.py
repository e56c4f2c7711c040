"""Weekly streaks: a week is kept by one piece of outreach; one freeze a quarter bridges a
missed week; paused weeks neither break nor extend; the first kept week after a break is a
comeback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.practice_calendar import week_start
from bot.streaks import (
    MILESTONES,
    KeptWeekState,
    Streak,
    WeekOutcome,
    best_streak,
    compute_streak,
    current_streak,
    kept_week_states,
    paused_weeks,
    runs_of,
    settled_streak,
    streak_now,
    streak_numbers,
)

MON = date(2026, 11, 2)  # a Monday in Q4 2026; week(0) … week(8) all stay in Q4


def week(n: int, day: int = 0) -> date:
    """Day `day` (0 = Monday) of the n-th week after MON."""
    return MON + timedelta(weeks=n, days=day)


def outcomes(streak: Streak) -> list[tuple[date, WeekOutcome, int]]:
    return [(r.week, r.outcome, r.streak_after) for r in streak.history]


# --- the basics ---------------------------------------------------------------------------


def test_no_outreach_ever_means_no_streak_and_a_freeze_in_hand() -> None:
    streak = compute_streak([], [], week(3, 2))
    assert streak == Streak(current=0, best=0, freezes_left=1, this_week_kept=False, history=())
    assert streak.last_closed is None
    assert streak.milestone is None
    assert not streak.comeback


def test_consecutive_kept_weeks_count_up() -> None:
    streak = compute_streak([week(0), week(1), week(2), week(3)], [], week(3, 4))
    assert streak.current == 4
    assert streak.best == 4
    assert streak.this_week_kept
    assert [r.streak_after for r in streak.history] == [1, 2, 3, 4]
    assert all(r.outcome is WeekOutcome.KEPT for r in streak.history)


@pytest.mark.parametrize("weekday", range(7))
def test_a_kept_week_may_be_given_as_any_day_of_it(weekday: int) -> None:
    streak = compute_streak([week(0, weekday), week(1, 6 - weekday)], [], week(1, 6))
    assert streak.current == 2
    assert [r.week for r in streak.history] == [week(0), week(1)]


def test_several_pieces_of_outreach_in_one_week_keep_it_once() -> None:
    streak = compute_streak([week(0), week(0, 2), week(0, 4), week(0, 6)], [], week(0, 6))
    assert streak.current == 1
    assert len(streak.history) == 1


def test_the_unfinished_current_week_never_breaks_a_streak() -> None:
    for today in (week(3), week(3, 3), week(3, 6)):
        streak = compute_streak([week(0), week(1), week(2)], [], today)
        assert streak.current == 3
        assert not streak.this_week_kept
        assert streak.history[-1].week == week(2)  # no record for the week still running
        assert streak.freezes_left == 1


def test_keeping_the_current_week_extends_the_streak_at_once() -> None:
    before = compute_streak([week(0), week(1)], [], week(2, 1))
    after = compute_streak([week(0), week(1), week(2, 1)], [], week(2, 1))
    assert (before.current, after.current) == (2, 3)
    assert after.this_week_kept


def test_outreach_dated_after_today_is_ignored() -> None:
    streak = compute_streak([week(0), week(1), week(5)], [], week(1, 3))
    assert streak.current == 2
    assert streak.history[-1].week == week(1)


def test_the_walk_starts_at_the_first_kept_week() -> None:
    streak = compute_streak([week(4)], [], week(4))
    assert outcomes(streak) == [(week(4), WeekOutcome.KEPT, 1)]
    assert not streak.comeback


# --- freezes ------------------------------------------------------------------------------


def test_one_missed_week_is_bridged_by_the_quarters_freeze() -> None:
    streak = compute_streak([week(0), week(1), week(3)], [], week(3, 2))
    assert outcomes(streak) == [
        (week(0), WeekOutcome.KEPT, 1),
        (week(1), WeekOutcome.KEPT, 2),
        (week(2), WeekOutcome.FROZEN, 2),
        (week(3), WeekOutcome.KEPT, 3),
    ]
    assert streak.current == 3
    assert streak.freezes_left == 0
    assert not streak.comeback  # a frozen week is not a break


def test_a_closed_missed_week_uses_the_freeze_before_the_next_kept_week() -> None:
    streak = compute_streak([week(0), week(1)], [], week(3, 1))
    assert streak.current == 2
    assert streak.freezes_left == 0
    assert streak.last_closed is not None
    assert streak.last_closed.outcome is WeekOutcome.FROZEN


def test_a_second_miss_in_the_same_quarter_breaks_the_streak() -> None:
    streak = compute_streak([week(0), week(2), week(4)], [], week(4))
    assert [r.outcome for r in streak.history] == [
        WeekOutcome.KEPT, WeekOutcome.FROZEN, WeekOutcome.KEPT, WeekOutcome.MISSED,
        WeekOutcome.KEPT,
    ]
    assert streak.current == 1
    assert streak.best == 2


def test_two_missed_weeks_in_a_row_break_the_streak() -> None:
    streak = compute_streak([week(0), week(1), week(4)], [], week(4))
    assert [r.outcome for r in streak.history[2:4]] == [WeekOutcome.FROZEN, WeekOutcome.MISSED]
    assert streak.current == 1


def test_the_freeze_is_not_spent_on_a_streak_that_is_already_broken() -> None:
    # Q1 2027: kept, frozen, missed, missed, missed — the freeze is used once, not again.
    start = date(2027, 1, 4)
    streak = compute_streak([start], [], start + timedelta(weeks=5))
    assert [r.outcome for r in streak.history] == [
        WeekOutcome.KEPT, WeekOutcome.FROZEN, WeekOutcome.MISSED, WeekOutcome.MISSED,
        WeekOutcome.MISSED,
    ]
    assert streak.current == 0
    assert streak.freezes_left == 0


def test_misses_before_any_streak_do_not_spend_the_freeze() -> None:
    # Broken in Q4 2026; in Q1 2027 the member starts again and the Q1 freeze is untouched.
    start = date(2026, 12, 7)
    q1 = date(2027, 1, 4)
    streak = compute_streak([start, q1 + timedelta(weeks=2)], [], q1 + timedelta(weeks=2))
    q1_records = [r for r in streak.history if r.week >= q1]
    assert [r.outcome for r in q1_records] == [
        WeekOutcome.MISSED, WeekOutcome.MISSED, WeekOutcome.KEPT,
    ]
    assert streak.freezes_left == 1


def test_a_new_quarter_restores_the_freeze() -> None:
    # Q3: miss on Sep 21 is frozen. Q4: miss on Oct 5 is frozen again with Q4's freeze.
    kept = [date(2026, 9, 14), date(2026, 9, 28), date(2026, 10, 12)]
    streak = compute_streak(kept, [], date(2026, 10, 14))
    assert outcomes(streak) == [
        (date(2026, 9, 14), WeekOutcome.KEPT, 1),
        (date(2026, 9, 21), WeekOutcome.FROZEN, 1),
        (date(2026, 9, 28), WeekOutcome.KEPT, 2),
        (date(2026, 10, 5), WeekOutcome.FROZEN, 2),
        (date(2026, 10, 12), WeekOutcome.KEPT, 3),
    ]
    assert streak.freezes_left == 0


def test_the_same_two_misses_inside_one_quarter_break_the_streak() -> None:
    kept = [date(2026, 10, 5), date(2026, 10, 19), date(2026, 11, 2)]
    streak = compute_streak(kept, [], date(2026, 11, 4))
    assert streak.history[3].outcome is WeekOutcome.MISSED
    assert streak.current == 1


def test_a_week_belongs_to_the_quarter_its_monday_is_in() -> None:
    # The week of Mon Sep 28 runs into October but is a Q3 week: Q3's freeze is already
    # spent on Sep 14, so missing it breaks the streak.
    kept = [date(2026, 9, 7), date(2026, 9, 21), date(2026, 10, 5)]
    streak = compute_streak(kept, [], date(2026, 10, 5))
    assert [(r.week, r.outcome) for r in streak.history[1:4]] == [
        (date(2026, 9, 14), WeekOutcome.FROZEN),
        (date(2026, 9, 21), WeekOutcome.KEPT),
        (date(2026, 9, 28), WeekOutcome.MISSED),
    ]


def test_freezes_left_counts_the_quarter_of_this_week() -> None:
    kept = [date(2026, 12, 7), date(2026, 12, 21)]  # Dec 14 frozen with Q4's freeze
    assert compute_streak(kept, [], date(2026, 12, 23)).freezes_left == 0
    assert compute_streak(kept, [], date(2027, 1, 5)).freezes_left == 1


@pytest.mark.parametrize(
    ("per_quarter", "current"), [(0, 1), (1, 1), (2, 3)]
)
def test_freezes_per_quarter_is_a_setting(per_quarter: int, current: int) -> None:
    streak = compute_streak([week(0), week(2), week(4)], [], week(4), per_quarter)
    assert streak.current == current
    assert 0 <= streak.freezes_left <= per_quarter


# --- pauses ------------------------------------------------------------------------------


def test_paused_weeks_neither_break_nor_extend() -> None:
    streak = compute_streak([week(0), week(1), week(4)], [week(2), week(3)], week(4))
    assert outcomes(streak) == [
        (week(0), WeekOutcome.KEPT, 1),
        (week(1), WeekOutcome.KEPT, 2),
        (week(2), WeekOutcome.PAUSED, 2),
        (week(3), WeekOutcome.PAUSED, 2),
        (week(4), WeekOutcome.KEPT, 3),
    ]
    assert streak.freezes_left == 1  # no freeze spent on a pause


def test_a_pause_may_be_given_as_any_day_of_the_week() -> None:
    streak = compute_streak([week(0), week(2)], [week(1, 5)], week(2))
    assert streak.history[1].outcome is WeekOutcome.PAUSED
    assert streak.current == 2


def test_outreach_during_a_pause_still_keeps_the_week() -> None:
    streak = compute_streak([week(0), week(1)], [week(1)], week(1, 4))
    assert streak.history[-1].outcome is WeekOutcome.KEPT
    assert streak.current == 2


def test_a_pause_does_not_mend_a_broken_streak() -> None:
    streak = compute_streak([week(0), week(5)], [week(3), week(4)], week(5))
    assert [r.outcome for r in streak.history] == [
        WeekOutcome.KEPT, WeekOutcome.FROZEN, WeekOutcome.MISSED, WeekOutcome.PAUSED,
        WeekOutcome.PAUSED, WeekOutcome.KEPT,
    ]
    assert streak.current == 1
    assert streak.comeback


def test_a_paused_current_week_is_still_unfinished() -> None:
    streak = compute_streak([week(0)], [week(1)], week(1, 2))
    assert streak.current == 1
    assert [r.week for r in streak.history] == [week(0)]


# --- comebacks, best, milestones, last closed week ---------------------------------------


def test_a_kept_week_after_a_broken_streak_is_a_comeback() -> None:
    streak = compute_streak([week(0), week(3)], [], week(3))
    assert streak.history[-1].comeback
    assert streak.comeback
    assert streak.current == 1
    assert streak.best == 1


def test_only_the_first_kept_week_after_the_break_is_the_comeback() -> None:
    streak = compute_streak([week(0), week(3), week(4)], [], week(4))
    assert [r.comeback for r in streak.history if r.outcome is WeekOutcome.KEPT] == [
        False, True, False,
    ]
    assert not streak.comeback


def test_best_remembers_the_longest_streak() -> None:
    kept = [week(0), week(1), week(2), week(3), week(6), week(7)]
    streak = compute_streak(kept, [], week(7))
    assert streak.current == 2
    assert streak.best == 4


@pytest.mark.parametrize("length", range(1, 54))
def test_milestones(length: int) -> None:
    streak = compute_streak([MON + timedelta(weeks=i) for i in range(length)], [],
                            MON + timedelta(weeks=length - 1))
    assert streak.current == length
    assert streak.milestone == (length if length in MILESTONES else None)


def test_last_closed_skips_the_kept_current_week() -> None:
    streak = compute_streak([week(0), week(1), week(2)], [], week(2, 3))
    assert streak.last_closed is not None
    assert streak.last_closed.week == week(1)


def test_last_closed_is_last_week_when_this_week_is_not_kept_yet() -> None:
    streak = compute_streak([week(0), week(1)], [], week(2, 0))
    assert streak.last_closed is not None
    assert (streak.last_closed.week, streak.last_closed.outcome) == (week(1), WeekOutcome.KEPT)


def test_last_closed_is_none_when_the_only_kept_week_is_this_one() -> None:
    assert compute_streak([week(0)], [], week(0, 4)).last_closed is None


def test_monday_after_a_missed_week_reports_the_miss() -> None:
    streak = compute_streak([week(0), week(2)], [], week(4))  # freeze spent on week 1
    assert streak.last_closed is not None
    assert streak.last_closed.outcome is WeekOutcome.MISSED
    assert streak.current == 0


def test_week_outcome_values_are_stable_strings() -> None:
    assert [o.value for o in WeekOutcome] == ["kept", "frozen", "missed", "paused"]


# --- paused_weeks -------------------------------------------------------------------------


class TestPausedWeeks:
    def test_every_week_a_pause_touches(self) -> None:
        # Thu of week 0 to Tue of week 2.
        assert paused_weeks([(week(0, 3), week(2, 1))], week(5)) == {week(0), week(1), week(2)}

    def test_a_one_day_pause(self) -> None:
        assert paused_weeks([(week(1, 6), week(1, 6))], week(5)) == {week(1)}

    def test_an_open_pause_runs_to_today(self) -> None:
        assert paused_weeks([(week(1, 4), None)], week(3, 2)) == {week(1), week(2), week(3)}

    def test_a_pause_ending_in_the_future_is_counted_only_up_to_today(self) -> None:
        assert paused_weeks([(week(1), week(8))], week(2, 3)) == {week(1), week(2)}

    def test_a_pause_starting_in_a_later_week_is_not_counted_yet(self) -> None:
        assert paused_weeks([(week(3), week(4))], week(2, 6)) == set()

    def test_several_pauses_merge(self) -> None:
        pauses = [(week(0), week(0, 2)), (week(4, 5), None), (week(0, 4), week(1))]
        assert paused_weeks(pauses, week(5)) == {week(0), week(1), week(4), week(5)}

    def test_no_pauses(self) -> None:
        assert paused_weeks([], week(5)) == set()

    def test_feeds_compute_streak(self) -> None:
        paused = paused_weeks([(week(1, 2), week(2, 4))], week(3))
        streak = compute_streak([week(0), week(3)], paused, week(3))
        assert streak.current == 2
        assert streak.freezes_left == 1


# --- properties ----------------------------------------------------------------------------

DAYS = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(DAYS, max_size=40), st.lists(DAYS, max_size=20), DAYS)
def test_streak_invariants(kept: list[date], paused: list[date], today: date) -> None:
    streak = compute_streak(kept, paused, today)
    kept_weeks = {week_start(d) for d in kept if week_start(d) <= week_start(today)}
    assert 0 <= streak.current <= streak.best
    assert streak.current <= len(kept_weeks)
    assert streak.best <= len(kept_weeks)
    assert 0 <= streak.freezes_left <= 1
    assert streak.this_week_kept == (week_start(today) in kept_weeks)
    assert [r.week for r in streak.history] == sorted({r.week for r in streak.history})
    assert all(r.week.weekday() == 0 for r in streak.history)
    assert {r.week for r in streak.history if r.outcome is WeekOutcome.KEPT} == kept_weeks
    if streak.history:
        assert streak.current == streak.history[-1].streak_after


@settings(max_examples=200, deadline=None)
@given(st.lists(DAYS, max_size=40), st.lists(DAYS, max_size=20), DAYS)
def test_keeping_the_current_week_never_lowers_current(
    kept: list[date], paused: list[date], today: date
) -> None:
    before = compute_streak(kept, paused, today)
    after = compute_streak([*kept, today], paused, today)
    assert after.current >= before.current
    assert after.best >= before.best
    assert after.this_week_kept
    if not before.this_week_kept:
        assert after.current == before.current + 1


@settings(max_examples=100, deadline=None)
@given(st.lists(DAYS, max_size=30), DAYS, st.integers(0, 3))
def test_freezes_left_never_exceeds_the_setting(
    kept: list[date], today: date, per_quarter: int
) -> None:
    streak = compute_streak(kept, [], today, per_quarter)
    assert 0 <= streak.freezes_left <= per_quarter
    frozen = [r for r in streak.history if r.outcome is WeekOutcome.FROZEN]
    if per_quarter == 0:
        assert frozen == []


@settings(max_examples=300, deadline=None)
@given(st.lists(DAYS, max_size=80), st.lists(DAYS, max_size=20), DAYS, st.integers(0, 2))
def test_current_streak_is_compute_streaks_current(
    kept: list[date], paused: list[date], today: date, per_quarter: int
) -> None:
    expected = compute_streak(kept, paused, today, per_quarter).current
    assert current_streak(kept, paused, today, per_quarter) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(DAYS, max_size=80), st.lists(DAYS, max_size=20), DAYS, st.integers(0, 2))
def test_best_streak_is_compute_streaks_best(
    kept: list[date], paused: list[date], today: date, per_quarter: int
) -> None:
    expected = compute_streak(kept, paused, today, per_quarter).best
    assert best_streak(kept, paused, today, per_quarter) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(DAYS, max_size=80), st.lists(DAYS, max_size=20), DAYS, st.integers(0, 2))
def test_streak_numbers_from_runs_are_compute_streaks(
    kept: list[date], paused: list[date], today: date, per_quarter: int
) -> None:
    streak = compute_streak(kept, paused, today, per_quarter)
    runs = runs_of(kept)
    assert streak_numbers(runs, paused, today, per_quarter) == (streak.current, streak.best)
    assert sum(length for _, length in runs) == len({week_start(d) for d in kept})


def test_runs_of_kept_weeks() -> None:
    assert runs_of([]) == []
    assert runs_of([week(3, 4), week(0), week(1, 2), week(1), week(5)]) == [
        (week(0), 2), (week(3), 1), (week(5), 1)]


def test_the_best_streak_outlives_the_break_and_ignores_what_is_after_today() -> None:
    kept = [week(0), week(1), week(2), week(5), week(6), week(9), week(10), week(11), week(12)]
    assert best_streak(kept, [], week(7)) == 3
    assert best_streak(kept, [], week(12)) == 4
    assert best_streak([], [], week(12)) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(DAYS, max_size=80), st.lists(DAYS, max_size=20), DAYS, DAYS, st.integers(0, 2))
def test_a_settled_streak_from_recent_weeks_is_the_whole_historys(
    kept: list[date], paused: list[date], today: date, since: date, per_quarter: int
) -> None:
    recent = [d for d in kept if d >= week_start(since)]
    settled = settled_streak(recent, paused, today, since, per_quarter)
    assert settled is None or settled == compute_streak(kept, paused, today, per_quarter).current


def test_recent_weeks_alone_do_not_settle_a_streak_that_an_earlier_freeze_decides() -> None:
    """The quarter's freeze went on a quiet week before `since`, so the miss after it broke
    the streak; from the recent weeks alone that miss would look frozen (a streak of 4)."""
    kept = [week(n) for n in range(-8, 2) if n != -4] + [week(3), week(4), week(5)]
    paused = paused_weeks([(week(6), week(30))], week(31, 2))
    full = compute_streak(kept, paused, week(31, 2))
    assert [r.outcome for r in full.history if r.week == week(2)] == [WeekOutcome.MISSED]
    assert current_streak(kept, paused, week(31, 2)) == full.current == 3
    assert settled_streak([w for w in kept if w >= week(1)], paused, week(31, 2), week(1)) \
        is None
    assert settled_streak(kept, paused, week(31, 2), week(-8)) == 3


# --- the weekly rollups' states (storage/rollups.py) ---------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(DAYS, max_size=80), st.lists(DAYS, max_size=20), DAYS, st.integers(0, 2),
       st.integers(0, 80))
def test_the_last_kept_weeks_state_and_the_weeks_since_are_compute_streaks(
    kept: list[date], paused: list[date], today: date, per_quarter: int, split: int
) -> None:
    """What the report reads — the state at the end of the last kept week on or before this
    one, and the quiet weeks since — is `compute_streak`'s (current, best); and a walk
    resumed from any kept week's state (a late mark's re-walk) ends where the whole one does."""
    streak = compute_streak(kept, paused, today, per_quarter)
    pauses = {week_start(d) for d in paused}
    states = kept_week_states(kept, pauses, freezes_per_quarter=per_quarter)
    until_now = [(w, s) for w, s in states if w <= week_start(today)]
    last = until_now[-1] if until_now else None
    assert streak_now(last, pauses, today, per_quarter) == (streak.current, streak.best)
    if states:
        cut = split % len(states)
        assert kept_week_states(kept, pauses, states[cut], per_quarter) == states[cut + 1:]


def test_a_kept_weeks_state_counts_the_freezes_of_its_quarter() -> None:
    states = dict(kept_week_states([week(0), week(2), week(5)], set()))
    # week 1 frozen, weeks 3 and 4 missed (one freeze a quarter)
    assert states == {week(0): KeptWeekState(1, 1, 0), week(2): KeptWeekState(2, 2, 1),
                      week(5): KeptWeekState(1, 2, 1)}
    assert streak_now((week(5), states[week(5)]), set(), week(7)) == (0, 2)
    assert streak_now((week(5), states[week(5)]), {week(6)}, week(7, 3)) == (1, 2)
    assert streak_now(None, set(), week(7)) == (0, 0)
