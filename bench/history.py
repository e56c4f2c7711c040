"""History queries: board, streak, App Home and the owner's report on a practice with years
of history, among many such practices, through the real use cases on a real database.

History is generated in the database itself (a recursive CTE on SQLite, generate_series on
PostgreSQL): 50 workspaces of 200 members, five commitments per member per week, most of
them done. The queries run as of the last week of the history; each is timed over many
members. Measured after 1, 2 and 5 years of history.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from sqlalchemy import Engine, insert, text

from bench import machine, report
from bench.servers import POSTGRES_URL, database, postgres_available
from bot.coach import Coach
from bot.messages import Actor
from bot.model import NewCommitment, Platform, Role, Status
from storage import rollups
from storage.models import MemberRow, WorkspaceRow
from storage.repositories import DEFAULT_RHYTHM_JSON
from storage.uow import uow_factory

TARGET_P95_MS = 50.0
START = date(2021, 11, 29)  # a Monday, five years before the measured week
OPERATIONS = ("board", "streak", "home", "report", "log", "log before rollups",
              "first of a week", "first of a week before rollups")
# What the targets are about; "log" and "log before rollups" are the cost of keeping the
# weekly rollups on a write (a piece of outreach logged), measured last.
READS = OPERATIONS[:4]


def _seed_people(engine: Engine, workspaces: int, members: int) -> None:
    joined = datetime.combine(START, datetime.min.time(), UTC)
    with engine.begin() as conn:
        for w in range(workspaces):
            workspace_id = conn.execute(insert(WorkspaceRow).values(
                platform=Platform.SLACK.value, external_id=f"TBENCH{w:03d}",
                name=f"Practice {w}", timezone="America/New_York", rhythm=DEFAULT_RHYTHM_JSON,
                working_days="0,1,2,3,4", team_goal=150, leaderboard_channel=None,
                share_plans=True, created_at=joined).returning(WorkspaceRow.id)).scalar_one()
            conn.execute(insert(MemberRow), [
                {"workspace_id": workspace_id, "platform_user_id": f"U{w:03d}{m:04d}",
                 "display_name": f"Clinician {m}", "timezone": "America/New_York",
                 "role": Role.OWNER.value if m == 0 else Role.MEMBER.value, "active": True,
                 "clinician": True,
                 "created_at": joined} for m in range(members)])


HISTORY_SQL = {
    "sqlite": """
WITH RECURSIVE weeks(w) AS (SELECT :first UNION ALL SELECT w + 1 FROM weeks WHERE w < :last),
     slots(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM slots WHERE k < 4)
INSERT INTO commitments (workspace_id, member_id, what, activity_key, when_where, due_date,
                         week_start, status, points, reflection, logged, created_at, done_on,
                         number)
SELECT m.workspace_id, m.id, 'visit a referral source', 'visit', 'Thursday',
       date(:start, '+' || (w * 7 + k) || ' days'), date(:start, '+' || (w * 7) || ' days'),
       CASE WHEN (m.id + w + k) % 10 < 7 THEN 'done' ELSE 'missed' END, 3, NULL, 0,
       datetime(:start, '+' || (w * 7) || ' days'),
       CASE WHEN (m.id + w + k) % 10 < 7 THEN date(:start, '+' || (w * 7 + k) || ' days') END,
       w * 5 + k + 1
FROM members m, weeks, slots""",
    "postgresql": """
INSERT INTO commitments (workspace_id, member_id, what, activity_key, when_where, due_date,
                         week_start, status, points, reflection, logged, created_at, done_on,
                         number)
SELECT m.workspace_id, m.id, 'visit a referral source', 'visit', 'Thursday',
       CAST(:start AS date) + w * 7 + k, CAST(:start AS date) + w * 7,
       CASE WHEN (m.id + w + k) % 10 < 7 THEN 'done' ELSE 'missed' END, 3, NULL, false,
       CAST(:start AS timestamptz) + w * interval '7 days',
       CASE WHEN (m.id + w + k) % 10 < 7 THEN CAST(:start AS date) + w * 7 + k END,
       w * 5 + k + 1
FROM members m, generate_series(CAST(:first AS integer), CAST(:last AS integer)) AS w,
     generate_series(0, 4) AS k""",
}


def _add_weeks(engine: Engine, kind: str, first: int, last: int) -> None:
    with engine.begin() as conn:
        conn.execute(text(HISTORY_SQL[kind]),
                     {"first": first, "last": last, "start": START.isoformat()})
        if kind == "postgresql":
            conn.execute(text("ANALYZE commitments"))
        else:
            conn.execute(text("ANALYZE"))


def _timed(samples: int, action: Callable[[int], Any]) -> list[float]:
    times = []
    for n in range(samples):
        started = time.perf_counter()
        action(n)
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(engine: Engine, weeks: int, workspaces: int, members: int, samples: int
            ) -> dict[str, list[float]]:
    coach = Coach(uow_factory(engine), "America/New_York")
    now = datetime.combine(START + timedelta(weeks=weeks - 1, days=3),
                           datetime.min.time(), UTC) + timedelta(hours=17)

    def actor(n: int) -> Actor:
        w = (n * 7) % workspaces
        m = 0 if n % 5 == 0 else (n * 13) % members  # every fifth asker is the owner
        return Actor(Platform.SLACK, f"TBENCH{w:03d}", f"U{w:03d}{m:04d}",
                     f"Clinician {m}", team_name=f"Practice {w}")

    def owner(n: int) -> Actor:
        w = (n * 7) % workspaces
        return Actor(Platform.SLACK, f"TBENCH{w:03d}", f"U{w:03d}0000", "Clinician 0")

    actions: dict[str, Callable[[int], Any]] = {
        "board": lambda n: coach.handle(actor(n), "board", now),
        "streak": lambda n: coach.handle(actor(n), "streak", now),
        "home": lambda n: coach.home(actor(n), now),
        "report": lambda n: coach.handle(owner(n), "admin report", now),
    }
    for name, action in actions.items():  # warm caches and the connection pool
        _timed(3, action)
        reply = coach.handle(owner(0), "admin report", now) if name == "report" else None
        assert reply is None or reply.ok, reply
    timings = {name: _timed(samples, action) for name, action in actions.items()}

    def log(n: int) -> None:
        reply = coach.handle(actor(n), "log called a school counselor today", now)
        assert reply.ok, reply

    uows = uow_factory(engine)
    next_monday = START + timedelta(weeks=weeks)

    def first_of_a_week(n: int) -> None:
        """A week's first piece of outreach (every measured week is kept already, so the
        next one's): its rollup row is written and the streak re-walked from the last kept
        week. Rolled back, so every sample finds the same history."""
        w, m = (n * 7) % workspaces, (n * 13) % members
        with uows() as uow:
            workspace = uow.workspaces.find(Platform.SLACK, f"TBENCH{w:03d}")
            member = uow.members.by_platform_id(workspace.id, f"U{w:03d}{m:04d}") \
                if workspace else None
            assert workspace is not None and member is not None
            uow.commitments.add(workspace.id, NewCommitment(
                member.id, "a call", "call", "", next_monday, next_monday, 2,
                status=Status.DONE, logged=True, done_on=next_monday), now)

    timings["log"] = _timed(samples, log)
    timings["first of a week"] = _timed(samples, first_of_a_week)
    # The same writes without keeping the rollups, as they were before migration 0028: the
    # maintenance is switched off for these samples only (a rebuild follows each year).
    kept, rollups.weeks_changed = rollups.weeks_changed, lambda *args: None
    try:
        timings["log before rollups"] = _timed(samples, log)
        timings["first of a week before rollups"] = _timed(samples, first_of_a_week)
    finally:
        rollups.weeks_changed = kept
    with engine.begin() as conn:
        # The next year's history numbers its commitments after these: they step aside
        # (deleting them would have each check, through commitments.moved_from_id, which has
        # no index, that no commitment was moved from it: a scan of the history per row).
        conn.execute(text("UPDATE commitments SET number = -id WHERE workspace_id IN (SELECT "
                          "id FROM workspaces) AND week_start >= :week AND logged = :yes"),
                     {"week": START + timedelta(weeks=weeks - 1), "yes": True})
    return timings


def _rebuild_rollups(engine: Engine) -> float:
    """The weekly rollups for the history just added, as `showup rollups --rebuild` (and
    migration 0028) fill them: seconds taken."""
    started = time.perf_counter()
    rollups.rebuild_every_workspace(engine)
    with engine.begin() as conn:   # as the history's own statistics are gathered
        conn.execute(text("ANALYZE member_weeks"))
    return time.perf_counter() - started


def run(quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    workspaces, members = (3, 10) if quick else (50, 200)
    years = (1, 2) if quick else (1, 2, 5)
    samples = 10 if quick else 100
    kinds = ["sqlite"] + (["postgresql"] if postgres_available() and not quick else [])
    rows: list[list[Any]] = []
    results: list[dict[str, Any]] = []
    with TemporaryDirectory() as folder:
        for kind in kinds:
            with database(kind, Path(folder)) as (_, engine):
                _seed_people(engine, workspaces, members)
                done = 0
                for year in years:
                    started = time.perf_counter()
                    _add_weeks(engine, kind, done, year * 52 - 1)
                    done = year * 52
                    built = time.perf_counter() - started
                    rebuilt = _rebuild_rollups(engine)
                    print(f"{kind}: {year} years built in {built:.0f} s, rollups rebuilt "
                          f"in {rebuilt:.0f} s", file=sys.stderr, flush=True)
                    per_workspace = members * done * 5
                    timings = measure(engine, done, workspaces, members, samples)
                    for name in OPERATIONS:
                        values = timings[name]
                        result = {"database": kind, "years": year,
                                  "commitments_per_workspace": per_workspace,
                                  "commitments_total": per_workspace * workspaces,
                                  "operation": name, "samples": len(values),
                                  "p50_ms": report.percentile(values, 0.5),
                                  "p95_ms": report.percentile(values, 0.95),
                                  "seconds_to_build": round(built, 1),
                                  "seconds_to_rebuild_rollups": round(rebuilt, 1)}
                        results.append(result)
                        print(f"{kind} {year}y {name}: p95 {result['p95_ms']:.1f} ms",
                              file=sys.stderr, flush=True)
                        rows.append([kind, year, f"{per_workspace:,}",
                                     f"{per_workspace * workspaces:,}", name,
                                     result["p50_ms"], result["p95_ms"]])
    last = max(years)
    verdict = []
    for kind in kinds:
        for name in READS:
            by_year = {r["years"]: r["p95_ms"] for r in results
                       if r["database"] == kind and r["operation"] == name}
            growth = by_year[last] / by_year[1] if by_year[1] else float("nan")
            verdict.append(
                f"- {kind} {name}: p95 {by_year[last]:.1f} ms at {last} years (target <= "
                f"{TARGET_P95_MS:.0f} ms: {'met' if by_year[last] <= TARGET_P95_MS else 'MISSED'}"
                f"); {growth:.2f}x the 1-year p95 for {last}x the history "
                f"({'sub-linear' if growth < last else 'NOT sub-linear'})")
    headers = ["database", "years", "per workspace", "all workspaces", "query", "p50 ms",
               "p95 ms"]
    writes = []
    for kind in kinds:
        for year in years:
            timed = {r["operation"]: r for r in results
                     if r["database"] == kind and r["years"] == year}
            writes.append(f"- {kind} {year} years: a piece of outreach logged, p50/p95 "
                          f"{timed['log']['p50_ms']:.1f}/{timed['log']['p95_ms']:.1f} ms "
                          f"with the rollups kept, {timed['log before rollups']['p50_ms']:.1f}"
                          f"/{timed['log before rollups']['p95_ms']:.1f} ms without; "
                          f"a week's first (its streak re-walked; the write alone, no "
                          f"reply) {timed['first of a week']['p50_ms']:.1f}/"
                          f"{timed['first of a week']['p95_ms']:.1f} ms, "
                          f"{timed['first of a week before rollups']['p50_ms']:.1f}/"
                          f"{timed['first of a week before rollups']['p95_ms']:.1f} ms without; "
                          f"all rollups rebuilt in "
                          f"{timed['log']['seconds_to_rebuild_rollups']:.0f} s")
    sections = [f"{workspaces} workspaces x {members} members, 5 commitments per member "
                f"per week; {samples} samples per query.",
                report.table(headers, rows), "Targets:\n" + "\n".join(verdict),
                "The cost on writes (the weekly rollups, migration 0028):\n"
                + "\n".join(writes)]
    data = {"results": results, "quick": quick}
    report.write("history", "History queries", machine.describe(
        POSTGRES_URL if "postgresql" in kinds else None), sections, data, out)
    return data
