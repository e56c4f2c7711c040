"""The weekly rollups (`member_weeks`, storage/rollups.py) on both databases: after any
sequence of writes — commitments made, marked (late too), moved, revised, undone, logged;
pauses, closures, holidays, a member forgotten; weeks passing — they equal a full
recomputation from the commitments, and the owner's report and dashboard, which read them,
show the streaks the full-history code computes."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.coach import Coach
from bot.model import Commitment, NewCommitment, Platform, Status, Workspace
from bot.practice_calendar import local_today, week_start
from storage import rollups
from storage.uow import SqlUnitOfWork, uow_factory
from tests.conftest import PRACTICE_TZ, Conversation
from tests.streak_reference import (
    dashboard_streaks,
    recounted_rows,
    report_streaks,
    walked_streak,
)

NY = ZoneInfo(PRACTICE_TZ)
START = datetime(2026, 11, 2, 10, 0, tzinfo=NY)   # a Monday; 20 weeks on is next quarter
CLINICIANS = ("Ana", "Ben", "Cy")
TEAMS = count()
STREAK_IN_REPORT = re.compile(r"^• (\w+)(?: \(paused\))?: .* · streak (\d+) · ", re.MULTILINE)

MEMBER = st.sampled_from(CLINICIANS[:2])   # two of them: their histories interleave more
PICK = st.integers(0, 1_000)
BACK = st.integers(0, 20)          # days before today: a late mark reaches earlier weeks
LOG = st.tuples(st.just("log"), MEMBER, BACK, st.integers(1, 5))
PASS = st.tuples(st.just("pass"), st.integers(3, 12))
# A failing sequence is reported as found: shrinking one replays hundreds of transactions.
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]
OPERATION = st.one_of(
    LOG, LOG, PASS, PASS,   # kept weeks and quiet ones, often: that is what streaks are made of
    st.tuples(st.just("make"), MEMBER, st.integers(-21, 14), st.integers(1, 5)),
    st.tuples(st.just("mark"), PICK, st.sampled_from(["done", "done", "missed", "cancelled"]),
              BACK),
    st.tuples(st.just("move"), PICK, st.integers(0, 14)),
    st.tuples(st.just("revise"), PICK, st.integers(1, 5), st.integers(-14, 14)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("pause"), MEMBER, BACK, st.integers(1, 30)),   # begun days ago too
    st.tuples(st.just("resume"), MEMBER),
    st.tuples(st.just("close"), st.integers(-28, 7), st.integers(2, 6)),
    st.tuples(st.just("reopen"), PICK),
    st.tuples(st.just("holidays"), st.booleans()),
    st.tuples(st.just("forget"), MEMBER),
)


class Practice:
    """A fresh practice driven through the repositories, one transaction per write, as the
    use cases do."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self.clock = MovableClock(START)
        self.chat = Conversation(coach, self.clock, team=f"R{next(TEAMS)}")
        for name in ("Owner", *CLINICIANS):
            self.chat.say(name, "list")
        with coach.uow() as uow:
            workspace = uow.workspaces.find(Platform.CONSOLE, self.chat.team)
            assert workspace is not None
            self.ws = workspace.id
            self.members = {m.display_name: m.id for m in uow.members.list_active(self.ws)}
        self.undoable: list[Commitment] = []

    @property
    def today(self) -> date:
        return local_today(self.clock.now(), PRACTICE_TZ)

    def _open(self, uow: SqlUnitOfWork, pick: int) -> Commitment | None:
        found = [c for c in uow.commitments.everything(self.ws) if c.status is Status.OPEN]
        return found[pick % len(found)] if found else None

    def run(self, op: tuple[Any, ...]) -> None:
        kind, *args = op
        if kind == "pass":
            self.clock.move_by(timedelta(days=args[0]))
            return
        if kind in ("make", "log", "pause", "resume", "forget") and args[0] not in self.members:
            return
        with self.coach.uow() as uow:
            getattr(self, f"_{kind}")(uow, *args)
            uow.commit()

    def _make(self, uow: SqlUnitOfWork, who: str, days: int, points: int) -> None:
        due = self.today + timedelta(days=days)
        uow.commitments.add(self.ws, NewCommitment(
            self.members[who], "visit a school", "visit", "", due, week_start(due), points),
            self.clock.now())

    def _log(self, uow: SqlUnitOfWork, who: str, back: int, points: int) -> None:
        day = self.today - timedelta(days=back)
        uow.commitments.add(self.ws, NewCommitment(
            self.members[who], "a call", "call", "", day, week_start(day), points,
            status=Status.DONE, logged=True, done_on=day), self.clock.now())

    def _mark(self, uow: SqlUnitOfWork, pick: int, outcome: str, back: int) -> None:
        picked = self._open(uow, pick)
        if picked is None:
            return
        done = outcome == "done"
        if uow.commitments.close(self.ws, picked.id, Status(outcome), self.clock.now(),
                                 done_on=self.today - timedelta(days=back) if done else None):
            self.undoable.append(picked)

    def _move(self, uow: SqlUnitOfWork, pick: int, days: int) -> None:
        picked = self._open(uow, pick)
        if picked is None or uow.commitments.close(self.ws, picked.id, Status.MOVED,
                                                   self.clock.now()) is None:
            return
        due = self.today + timedelta(days=days)
        uow.commitments.add(self.ws, NewCommitment(
            picked.member_id, picked.what, picked.activity_key, "", due, week_start(due),
            picked.points, moved_from_id=picked.id), self.clock.now())

    def _revise(self, uow: SqlUnitOfWork, pick: int, points: int, days: int) -> None:
        picked = self._open(uow, pick)
        if picked is not None:
            due = self.today + timedelta(days=days)
            uow.commitments.revise(self.ws, picked.id, points=points, due_date=due,
                                   week_start=week_start(due))
            self.undoable.append(picked)

    def _undo(self, uow: SqlUnitOfWork) -> None:
        if self.undoable:
            uow.changes.put_back(self.ws, self.undoable.pop())

    def _pause(self, uow: SqlUnitOfWork, who: str, back: int, days: int) -> None:
        start = self.today - timedelta(days=back)
        uow.members.start_pause(self.ws, self.members[who], start, start + timedelta(days=days))

    def _resume(self, uow: SqlUnitOfWork, who: str) -> None:
        uow.members.end_pause(self.ws, self.members[who], self.today - timedelta(days=1))

    def _close(self, uow: SqlUnitOfWork, days: int, length: int) -> None:
        first = self.today + timedelta(days=days)
        uow.closures.add(self.ws, first, first + timedelta(days=length))

    def _reopen(self, uow: SqlUnitOfWork, pick: int) -> None:
        closures = uow.closures.listing(self.ws)
        if closures:
            uow.closures.remove(self.ws, closures[pick % len(closures)].id)

    def _holidays(self, uow: SqlUnitOfWork, on: bool) -> None:
        uow.workspaces.update(self.ws, holiday_country="US" if on else None)

    def _forget(self, uow: SqlUnitOfWork, who: str) -> None:
        uow.members.delete(self.ws, self.members.pop(who))
        self.undoable = [c for c in self.undoable if c.member_id in self.members.values()]

    def workspace(self, uow: SqlUnitOfWork) -> Workspace:
        found = uow.workspaces.get(self.ws)
        assert found is not None
        return found

    def check(self) -> None:
        """The rollups equal a recomputation; a rebuild changes nothing; the report and the
        dashboard show the streaks the full-history code computes."""
        today = self.today
        with self.coach.uow() as uow:
            workspace = self.workspace(uow)
            stored = rollups.stored_rows(uow.commitments.session, self.ws)
            assert stored == recounted_rows(uow, workspace)
            rollups.rebuild(uow.commitments.session, self.ws)
            assert rollups.stored_rows(uow.commitments.session, self.ws) == stored
            uow.rollback()
            ids = sorted(self.members.values())
            walked = {m: walked_streak(uow, workspace, today, m) for m in ids}
            assert report_streaks(uow, workspace, today, ids) == \
                {m: now for m, (now, _) in walked.items()}
            assert dashboard_streaks(uow, workspace, today, ids) == walked
        by_name = {name: walked[m] for name, m in self.members.items()}
        report = self.chat.say("Owner", "admin report")
        shown = {name: int(n) for name, n in STREAK_IN_REPORT.findall(report)}
        assert shown and shown == {name: by_name[name][0] for name in shown}
        view = self.coach.dashboard(self.ws, self.members["Owner"], self.clock.now())
        assert view is not None and view.practice is not None
        assert {r.name: (r.streak, r.best_streak) for r in view.practice.clinicians} == \
            {name: by_name[name] for name in CLINICIANS if name in self.members}


@settings(max_examples=100, deadline=None, derandomize=True, phases=NO_SHRINK,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(OPERATION, min_size=10, max_size=50))
def test_rollups_equal_a_full_recomputation_after_any_writes(coach: Coach,
                                                            operations: list[Any]) -> None:
    practice = Practice(coach)
    for n, op in enumerate(operations):
        practice.run(op)
        if n % 10 == 9:
            practice.check()
    practice.check()


def test_a_late_mark_updates_its_week_and_the_streaks_after_it(coach: Coach) -> None:
    practice = Practice(coach)
    for week in range(4):   # Ana keeps weeks 0, 2, 3: week 1's freeze bridges it
        if week != 1:
            practice.run(("log", "Ana", 0, 2))
        practice.run(("pass", 7))
    practice.run(("pass", 7))   # week 4 passes quiet: the quarter's freeze is spent
    practice.check()
    with coach.uow() as uow:
        before = rollups.stored_rows(uow.commitments.session, practice.ws)
    ana = practice.members["Ana"]
    assert [before[(ana, w)][4:] for w in sorted(w for m, w in before if m == ana)] == \
        [(1, 1, 0), (2, 2, 1), (3, 3, 1)]
    practice.run(("make", "Ana", -28, 3))
    practice.run(("mark", 0, "done", 28))   # week 1 done after all, four weeks late
    practice.check()
    with coach.uow() as uow:
        after = rollups.stored_rows(uow.commitments.session, practice.ws)
    assert [after[(ana, w)][4:] for w in sorted(w for m, w in after if m == ana)] == \
        [(1, 1, 0), (2, 2, 0), (3, 3, 0), (4, 4, 0)]


def test_an_empty_week_breaks_the_streak_without_a_row(coach: Coach) -> None:
    practice = Practice(coach)
    practice.run(("log", "Ben", 0, 1))
    practice.run(("pass", 21))   # a frozen week, then a missed one: nothing is written
    with coach.uow() as uow:
        rows = rollups.stored_rows(uow.commitments.session, practice.ws)
    assert len(rows) == 1
    assert "• Ben: nothing planned · streak 0 ·" in practice.chat.say("Owner", "admin report")
    practice.check()


def test_two_processes_marking_one_members_week_at_once_count_both(engine: Engine) -> None:
    """A second transaction marks one of Cy's commitments while a first, which marked
    another in the same week, has not committed: it waits for the first's hold on Cy's
    rollups and then counts both (without the hold it would count only its own, or fail on
    the row the first inserted)."""
    coach = Coach(uow_factory(engine), PRACTICE_TZ)
    practice = Practice(coach)
    for _ in range(2):
        practice.run(("make", "Cy", 0, 2))
    with coach.uow() as uow:
        first, second = [c.id for c in uow.commitments.everything(practice.ws)]
    errors: list[BaseException] = []

    def mark(commitment_id: int) -> None:
        try:
            with coach.uow() as uow:
                uow.commitments.close(practice.ws, commitment_id, Status.DONE,
                                      practice.clock.now(), done_on=practice.today)
                uow.commit()
        except BaseException as error:   # reported below
            errors.append(error)

    if engine.dialect.name == "sqlite":   # one writer: the second begins after the first
        mark(first)
        mark(second)
    else:
        with coach.uow() as uow:
            uow.commitments.close(practice.ws, first, Status.DONE, practice.clock.now(),
                                  done_on=practice.today)
            other = threading.Thread(target=mark, args=(second,))
            other.start()
            _wait_for_a_transaction_waiting_on_members(engine)
            uow.commit()
        other.join(60)
    assert errors == []
    with coach.uow() as uow:
        rows = rollups.stored_rows(uow.commitments.session, practice.ws)
    assert list(rows.values()) == [(2, 2, 0, 4, 1, 1, 0)]
    practice.check()


def _wait_for_a_transaction_waiting_on_members(engine: Engine) -> None:
    """Until another session of this database waits for a lock in a statement on members."""
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND wait_event_type = 'Lock' AND query LIKE '%FROM members%FOR UPDATE%'")
    deadline = datetime.now() + timedelta(seconds=30)
    with engine.connect() as connection:
        while not connection.execute(waiting).scalar():
            assert datetime.now() < deadline, "the second mark never waited"
            connection.rollback()


@pytest.mark.parametrize("weeks", [1, 3])
def test_rebuild_is_idempotent(coach: Coach, weeks: int) -> None:
    practice = Practice(coach)
    for _ in range(weeks):
        practice.run(("log", "Ana", 0, 2))
        practice.run(("make", "Ben", 1, 1))
        practice.run(("pass", 7))
    with coach.uow() as uow:
        session = uow.commitments.session
        stored = rollups.stored_rows(session, practice.ws)
        assert rollups.rebuild(session, practice.ws) == len(stored) == 2 * weeks
        assert rollups.rebuild(session, practice.ws) == len(stored)
        assert rollups.stored_rows(session, practice.ws) == stored


def test_a_closure_pause_or_undo_re_walks_the_weeks_after_it(coach: Coach) -> None:
    """Ana keeps weeks 0 and 2; week 1's freeze bridges them. Closing week 1 gives the
    freeze back, reopening it spends it again; so does a pause, and undoing the mark that
    kept week 2 takes that week's state away."""
    practice = Practice(coach)
    practice.run(("log", "Ana", 0, 1))
    practice.run(("pass", 14))
    practice.run(("make", "Ana", 0, 1))
    practice.run(("mark", 0, "done", 0))
    ana = practice.members["Ana"]

    def states() -> list[tuple[Any, ...]]:
        practice.check()
        with coach.uow() as uow:
            rows = rollups.stored_rows(uow.commitments.session, practice.ws)
        return [rows[key][4:] for key in sorted(rows) if key[0] == ana]

    assert states() == [(1, 1, 0), (2, 2, 1)]
    practice.run(("close", -14 + 7, 4))   # Monday to Friday of week 1
    assert states() == [(1, 1, 0), (2, 2, 0)]
    practice.run(("reopen", 0))
    assert states() == [(1, 1, 0), (2, 2, 1)]
    with coach.uow() as uow:   # a pause over week 1, as if started then
        uow.members.start_pause(practice.ws, ana, practice.today - timedelta(days=7),
                                practice.today - timedelta(days=3))
        uow.commit()
    assert states() == [(1, 1, 0), (2, 2, 0)]
    practice.run(("undo",))
    assert states() == [(1, 1, 0), (None, None, None)]
