"""The owner's dashboard on a practice with five years of history: `dashboard.view` and
`pages.render` together, the way a request builds the page, timed over many renders.

Each workspace has 200 members with five commitments a week for five years (history.py's
generator, most of them done), 60 referral sources that a fifth of the outreach names, five
years of monthly referral totals per source, a plan of five activities per member for the
current quarter with its commitments linked to them, a personal goal each, and a few failed
deliveries. The page is read as of the last week of the history by the owner (the whole
practice) and, for comparison, by a clinician (their own page). Statements per page are
counted too: they must not grow with the number of members.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from sqlalchemy import Engine, event, func, insert, select, text, update

from bench import machine, report
from bench.history import START, _add_weeks, _rebuild_rollups, _seed_people
from bench.servers import POSTGRES_URL, database, postgres_available
from bot.catalog import DEFAULT_ACTIVITIES
from bot.coach import Coach
from bot.delivery import DeliveryStatus
from bot.model import GoalUnit, Kind, PlanStatus, Role, SourceKind
from bot.practice_calendar import add_months, quarter_start
from handlers.dashboard.pages import render
from storage.models import (
    ActivityRow,
    CommitmentRow,
    DeliveryRow,
    MemberRow,
    OutcomeRow,
    PersonalGoalRow,
    PlanItemRow,
    PlanRow,
    ReferralSourceRow,
    WorkspaceRow,
)
from storage.uow import uow_factory

TARGET_P95_MS = 300.0
SOURCES = 60
PLAN_ITEMS = 5
KINDS = tuple(SourceKind)


def _as_of(weeks: int) -> datetime:
    """Thursday 17:00 UTC of the history's last week (as history.py measures)."""
    return datetime.combine(START + timedelta(weeks=weeks - 1, days=3), datetime.min.time(),
                            UTC) + timedelta(hours=17)


def _seed_practice(engine: Engine, today: date, years: int) -> None:
    """What a practice keeps besides commitments: its catalog, sources and the outreach
    that names them, referral totals, this quarter's plans (their commitments linked) and
    goals, and a few deliveries that failed."""
    quarter = quarter_start(today)
    now = datetime.combine(today, datetime.min.time(), UTC)
    with engine.begin() as conn:
        workspaces = list(conn.scalars(select(WorkspaceRow.id).order_by(WorkspaceRow.id)))
        for workspace_id in workspaces:
            conn.execute(insert(ActivityRow), [
                {"workspace_id": workspace_id, "key": a.key, "label": a.label,
                 "points": a.points, "keywords": " ".join(a.keywords), "position": n,
                 "active": True} for n, a in enumerate(DEFAULT_ACTIVITIES)])
            members = list(conn.scalars(select(MemberRow.id).where(
                MemberRow.workspace_id == workspace_id).order_by(MemberRow.id)))
            sources = [conn.execute(insert(ReferralSourceRow).values(
                workspace_id=workspace_id, name=f"Source {s}", kind=KINDS[s % len(KINDS)].value,
                tier="ABC"[s % 3], owner_id=members[s % len(members)],
                cadence_days=(30, 60, 90)[s % 3], retired=s % 20 == 19,
                # every seventh has gone a while without a touch: overdue
                last_touch=today - timedelta(days=150 if s % 7 == 0 else s % 20),
                created_on=START, aliases="").returning(ReferralSourceRow.id)).scalar_one()
                for s in range(SOURCES)]
            conn.execute(insert(OutcomeRow), [
                {"workspace_id": workspace_id, "source_id": source, "month":
                 add_months(today, -m), "referrals": (source + m) % 4, "recorded_at": now}
                for source in sources for m in range(12 * years)])
            # A fifth of the outreach names a source (the table's `number` runs 1, 2, …).
            conn.execute(update(CommitmentRow).where(
                CommitmentRow.workspace_id == workspace_id, CommitmentRow.number % 5 == 0)
                .values(source_id=sources[0] + (CommitmentRow.member_id + CommitmentRow.number)
                        % SOURCES))
            for member_id in members:
                plan = conn.execute(insert(PlanRow).values(
                    workspace_id=workspace_id, member_id=member_id, quarter=quarter,
                    niche="anxious teens", referrers="pediatricians", update_note="",
                    submitted_at=now, status=PlanStatus.SUBMITTED.value, submission=1,
                    last_submitted_at=now).returning(PlanRow.id)).scalar_one()
                items = [conn.execute(insert(PlanItemRow).values(
                    workspace_id=workspace_id, plan_id=plan, position=p + 1,
                    text=f"plan activity {p + 1}").returning(PlanItemRow.id)).scalar_one()
                    for p in range(PLAN_ITEMS)]
                for position, item in enumerate(items[:3]):   # three with something done
                    conn.execute(update(CommitmentRow).where(
                        CommitmentRow.workspace_id == workspace_id,
                        CommitmentRow.member_id == member_id, CommitmentRow.due_date >= quarter,
                        CommitmentRow.number % PLAN_ITEMS == position)
                        .values(plan_item_id=item))
            conn.execute(insert(PersonalGoalRow), [
                {"workspace_id": workspace_id, "member_id": m, "quarter": quarter,
                 "unit": GoalUnit.POINTS.value, "target": 40, "set_at": now} for m in members])
            conn.execute(insert(DeliveryRow), [
                {"workspace_id": workspace_id, "member_id": members[n], "kind":
                 Kind.KICKOFF.value, "dedupe_key": f"bench:{workspace_id}:{n}",
                 "local_date": quarter, "due_at": now - timedelta(days=n), "status":
                 DeliveryStatus.FAILED.value, "attempts": 3, "next_attempt_at": now,
                 "created_at": now, "last_error": "user_not_found"} for n in range(3)])
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":   # what autovacuum does to a practice's tables
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def _counting(engine: Engine) -> Callable[[], int]:
    """A counter of the statements sent to the database since the last read of it."""
    sent = [0]

    def count(*_: Any) -> None:
        sent[0] += 1

    event.listen(engine, "before_cursor_execute", count)

    def read() -> int:
        n, sent[0] = sent[0], 0
        return n

    return read


def _timed(samples: int, action: Callable[[int], Any]) -> tuple[list[float], list[float]]:
    """Milliseconds each run took on the clock, and of this thread's CPU (which, on SQLite,
    holds the database's work too, and none of the waiting for a core on a busy machine)."""
    wall, cpu = [], []
    for n in range(samples):
        started, used = time.perf_counter(), time.thread_time()
        action(n)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - used) * 1000)
    return wall, cpu


def measure(engine: Engine, weeks: int, samples: int) -> dict[str, Any]:
    coach = Coach(uow_factory(engine), "America/New_York")
    now = _as_of(weeks)
    with engine.connect() as conn:
        workspaces = list(conn.scalars(select(WorkspaceRow.id).order_by(WorkspaceRow.id)))
        owners = {ws: m for ws, m in conn.execute(select(
            MemberRow.workspace_id, MemberRow.id).where(MemberRow.role == Role.OWNER.value))}
        clinicians = {ws: m for ws, m in conn.execute(select(
            MemberRow.workspace_id, func.max(MemberRow.id))
            .where(MemberRow.role == Role.MEMBER.value).group_by(MemberRow.workspace_id))}

    def page(who: dict[int, int]) -> Callable[[int], str]:
        def build(n: int) -> str:
            workspace = workspaces[n % len(workspaces)]
            view = coach.dashboard(workspace, who[workspace], now)
            assert view is not None
            return render(view, base=f"/dashboard/bench-{workspace}", csrf_token="bench")
        return build

    owner_page, clinician_page = page(owners), page(clinicians)
    statements = _counting(engine)
    html = owner_page(0)   # warm caches, templates and the connection pool
    owner_statements = statements()
    clinician_page(0)
    clinician_statements = statements()
    assert "Clinicians this quarter" in html and "Overdue" in html, html[:2000]
    _timed(3, owner_page)
    view = coach.dashboard(workspaces[0], owners[workspaces[0]], now)
    assert view is not None
    return {
        "owner page": _timed(samples, owner_page),
        "owner view only": _timed(samples, lambda n: coach.dashboard(
            workspaces[n % len(workspaces)], owners[workspaces[n % len(workspaces)]], now)),
        "render only": _timed(samples, lambda n: render(view, base="/d", csrf_token="t")),
        "clinician page": _timed(samples, clinician_page),
        "statements": {"owner page": owner_statements, "clinician page": clinician_statements},
        "page_bytes": len(html),
    }


OPERATIONS = ("owner page", "owner view only", "render only", "clinician page")


def run(quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    workspaces, members = (2, 12) if quick else (3, 200)
    years = 1 if quick else 5
    samples = 5 if quick else 50
    kinds = ["sqlite"] + (["postgresql"] if postgres_available() and not quick else [])
    weeks = years * 52
    rows: list[list[Any]] = []
    results: list[dict[str, Any]] = []
    with TemporaryDirectory() as folder:
        for kind in kinds:
            with database(kind, Path(folder)) as (_, engine):
                started = time.perf_counter()
                _seed_people(engine, workspaces, members)
                _add_weeks(engine, kind, 0, weeks - 1)
                _seed_practice(engine, _as_of(weeks).date(), years)
                _rebuild_rollups(engine)   # the rollups, as migration 0028 fills them
                built = time.perf_counter() - started
                print(f"{kind}: {years} years built in {built:.0f} s", file=sys.stderr,
                      flush=True)
                timings = measure(engine, weeks, samples)
                per_workspace = members * weeks * 5
                for name in OPERATIONS:
                    values, cpu = timings[name]
                    result = {"database": kind, "years": years, "members": members,
                              "commitments_per_workspace": per_workspace,
                              "operation": name, "samples": len(values),
                              "p50_ms": report.percentile(values, 0.5),
                              "p95_ms": report.percentile(values, 0.95),
                              "cpu_p50_ms": report.percentile(cpu, 0.5),
                              "cpu_p95_ms": report.percentile(cpu, 0.95),
                              "statements": timings["statements"].get(name),
                              "page_bytes": timings["page_bytes"],
                              "seconds_to_build": round(built, 1)}
                    results.append(result)
                    print(f"{kind} {name}: p95 {result['p95_ms']:.1f} ms", file=sys.stderr,
                          flush=True)
                    rows.append([kind, years, members, f"{per_workspace:,}", name,
                                 result["p50_ms"], result["p95_ms"], result["cpu_p50_ms"],
                                 result["cpu_p95_ms"],
                                 "" if result["statements"] is None else result["statements"]])
    verdict = []
    for kind in kinds:
        found = next(r for r in results if r["database"] == kind and r["operation"] ==
                     "owner page")
        met = found["p95_ms"] <= TARGET_P95_MS
        verdict.append(f"- {kind} owner's page (view + render), {members} members, {years} "
                       f"years: p95 {found['p95_ms']:.1f} ms (target <= {TARGET_P95_MS:.0f} "
                       f"ms: {'met' if met else 'MISSED'}; this process's CPU p95 "
                       f"{found['cpu_p95_ms']:.1f} ms); {found['statements']} statements a "
                       "page")
    headers = ["database", "years", "members", "commitments per workspace", "measured",
               "p50 ms", "p95 ms", "CPU p50 ms", "CPU p95 ms", "statements"]
    sections = [f"{workspaces} workspaces x {members} members, 5 commitments per member per "
                f"week, {SOURCES} sources, a plan and a goal each; {samples} samples each, "
                "rotating over the workspaces. CPU is this process's own (Python, and on "
                "SQLite the database too): the clock's p95 less it is time spent waiting for "
                "a core or for PostgreSQL.", report.table(headers, rows),
                "Targets:\n" + "\n".join(verdict)]
    data = {"results": results, "quick": quick}
    report.write("dashboard", "The owner's dashboard", machine.describe(
        POSTGRES_URL if "postgresql" in kinds else None), sections, data, out)
    return data
