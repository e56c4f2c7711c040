"""Scale-out: the same Monday kickoff for 500 workspaces x 20 members on PostgreSQL, sent by
1, 2, 4 and 8 `python app.py tick` processes started at once, against a fake Slack (in a
process of its own, bench/fake_process.py) that answers after 50 ms and limits each
workspace to 5 messages a second — which the senders' own pacing keeps to, so with this many
workspaces the limits do not bind and throughput is the senders' to show.

Reported per run: delivered, duplicates (a delivery key posted twice), lost (expected minus
delivered), 429s, nudges a second from launch to the last message, and each process's peak
memory; and the ratio of 2 processes to 1 (target >= 1.8x).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench import machine, report
from bench.fake_process import fake_slack_process
from bench.fanout import CLIENT_ID, MONDAY_NINE, PER_WORKSPACE, seed_workspaces
from bench.servers import POSTGRES_URL, database, postgres_available
from bench.usage import busy_share, machine_seconds, postgres_seconds, wait_all
from tests.process import ROOT, app_env

LATENCY = 0.05
TARGET_RATIO = 1.8
TARGET_RSS_MB = 150.0
# PostgreSQL here allows 100 connections; the senders share 80 of them (tests and the
# benchmark itself keep the rest), so more processes means a smaller pool each.
CONNECTIONS = 80
SEND_THREADS = 64


def pool_size(processes: int) -> int:
    return max(4, min(SEND_THREADS, CONNECTIONS // processes))


def start_ticks(processes: int, url: str, api_url: str, folder: Path
                ) -> list[tuple[subprocess.Popen[bytes], Path]]:
    at = MONDAY_NINE + timedelta(minutes=1)
    env = app_env(folder, DATABASE_URL=url, SLACK_CLIENT_ID=CLIENT_ID,
                  SLACK_CLIENT_SECRET="secret", SLACK_SIGNING_SECRET="s",
                  SLACK_API_URL=api_url, SHOWUP_TIMEZONE="America/New_York",
                  LOG_LEVEL="WARNING", SEND_THREADS=str(SEND_THREADS),
                  DATABASE_POOL_SIZE=str(pool_size(processes)))
    started = []
    for n in range(processes):
        log_path = folder / f"tick-{n}.log"
        with log_path.open("w") as log:
            started.append((subprocess.Popen(
                [sys.executable, "app.py", "tick", "--at", at.isoformat()], cwd=ROOT,
                env=env, stdout=log, stderr=subprocess.STDOUT), log_path))
    return started


def measure(processes: int, workspaces: int, members: int, quick: bool,
            kind: str = "postgresql") -> dict[str, Any]:
    expected = workspaces * members
    with TemporaryDirectory() as folder, database(kind, Path(folder)) as (url, engine):
        seed_workspaces(engine, workspaces, members)
        with fake_slack_process(workspaces, LATENCY, PER_WORKSPACE) as (api_url, seen):
            launched, machine0 = time.monotonic(), machine_seconds()
            postgres0 = postgres_seconds(engine)
            started = start_ticks(processes, url, api_url, Path(folder))
            exits = wait_all(started, timeout=120 if quick else 900)
            seconds = time.monotonic() - launched
            machine1 = machine_seconds()
            postgres_cpu = postgres_seconds(engine) - postgres0
    posted = seen[0]
    counts = Counter(k for k in posted.keys if k.startswith("kickoff:"))
    arrivals = sorted(posted.arrivals)
    last = arrivals[-1] - launched if arrivals else 0.0
    return {"database": kind, "processes": processes, "workspaces": workspaces, "members": expected,
            "pool_per_process": pool_size(processes), "delivered": len(counts),
            "duplicates": sum(n - 1 for n in counts.values()),
            "lost": expected - len(counts), "refused_429": posted.refused_429,
            "first_message_after_s": round(arrivals[0] - launched, 1) if arrivals else None,
            "last_message_after_s": round(last, 1), "wall_seconds": round(seconds, 1),
            "per_second": round(len(counts) / last, 1) if last else 0.0,
            "peak_rss_mb": [round(rss, 1) for _, rss, _ in exits],
            "exit_codes": [code for code, _, _ in exits],
            # Where the machine's time went: the senders, the fake Slack, and the rest
            # (PostgreSQL, and whatever else ran on the machine meanwhile).
            "senders_cpu_s": round(sum(cpu for _, _, cpu in exits), 1),
            "fake_cpu_s": round(posted.cpu_seconds, 1),
            "postgres_cpu_s": round(postgres_cpu, 1),
            "machine_busy": round(busy_share(machine0, machine1), 2),
            "sender_cpu_ms_per_nudge": round(
                1000 * sum(cpu for _, _, cpu in exits) / max(1, len(counts)), 2)}


def run(quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    workspaces, members = (6, 3) if quick else (500, 20)
    counts: tuple[int, ...] = (1, 2) if quick else (1, 2, 4, 8)
    kind = "postgresql"
    if not postgres_available():
        if not quick:
            raise SystemExit("scaleout needs PostgreSQL (TEST_DATABASE_URL)")
        kind = "sqlite"   # the smoke run still runs the processes, on SQLite
    results = [measure(n, workspaces, members, quick, kind) for n in counts]
    by = {r["processes"]: r for r in results}
    ratio = (by[2]["per_second"] / by[1]["per_second"]
             if 1 in by and 2 in by and by[1]["per_second"] else 0.0)
    rows = [[r["processes"], r["pool_per_process"], r["delivered"], r["duplicates"], r["lost"],
             r["refused_429"], r["first_message_after_s"], r["last_message_after_s"],
             r["per_second"], f"{r['per_second'] / by[1]['per_second']:.2f}x"
             if by.get(1, {}).get("per_second") else "-",
             max(r["peak_rss_mb"], default=0.0), r["senders_cpu_s"],
             r["postgres_cpu_s"], r["fake_cpu_s"], f"{r['machine_busy']:.0%}"]
            for r in results]
    headers = ["processes", "pool each", "delivered", "duplicates", "lost", "429s",
               "first msg s", "last msg s", "nudges/s", "vs 1", "max peak RSS MB",
               "senders CPU s", "PostgreSQL CPU s", "fake CPU s", "machine busy"]
    exact = all(r["duplicates"] == 0 and r["lost"] == 0 for r in results)
    rss = max((m for r in results for m in r["peak_rss_mb"]), default=0.0)
    verdict = [f"- 2 processes / 1: {ratio:.2f}x (target >= {TARGET_RATIO}x: "
               f"{'met' if ratio >= TARGET_RATIO else 'MISSED'})",
               f"- every nudge exactly once in every run: {'met' if exact else 'MISSED'}",
               f"- peak RSS per process: {rss:.1f} MB (target <= {TARGET_RSS_MB:.0f} MB: "
               f"{'met' if rss <= TARGET_RSS_MB else 'MISSED'})"]
    sections = [f"{workspaces} workspaces x {members} members on PostgreSQL, all due Monday "
                f"09:00; N `app.py tick` processes started at once (SEND_THREADS="
                f"{SEND_THREADS}, the pool split from {CONNECTIONS} connections: a process "
                "sends with as many senders as its pool has connections); fake Slack in "
                f"its own process: {LATENCY * 1000:.0f} ms per call, {PER_WORKSPACE} "
                f"messages/s per workspace (ceiling {PER_WORKSPACE * workspaces}/s). "
                "nudges/s: delivered / (last message - launch).",
                report.table(headers, rows), "Targets:\n" + "\n".join(verdict)]
    data = {"results": results, "ratio_2_to_1": round(ratio, 2), "quick": quick}
    report.write("scaleout", "Nudge scale-out across processes",
                 machine.describe(POSTGRES_URL if kind == "postgresql" else None), sections,
                 data, out)
    return data


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
