"""Start time and memory: from `python app.py serve` starting to answering /healthz, for
Slack and for Teams; and the peak RSS of the process that sends a 10,000-nudge fan-out."""

from __future__ import annotations

import statistics
import time
import urllib.request
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench import fanout, machine, report
from bench.servers import database
from tests.fakes.slack_api import FakeSlack
from tests.process import RunningBot, start_app, stop_bot

TARGET_START_SECONDS = 2.0


def _healthy(bot: RunningBot) -> bool:
    try:
        with urllib.request.urlopen(bot.url + "/healthz", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def time_to_ready(folder: Path, env: dict[str, str], runs: int) -> list[float]:
    """Seconds from starting `python app.py serve` until /healthz answers (polled every
    50 ms, so to within 50 ms)."""
    times = []
    for run in range(runs):
        started = time.perf_counter()
        bot = start_app(folder / f"run{run}", env=env, ready=_healthy)
        times.append(time.perf_counter() - started)
        stop_bot(bot)
    return times


def run(quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    runs = 1 if quick else 7
    fake = FakeSlack().start()
    rows: list[list[Any]] = []
    results: list[dict[str, Any]] = []
    try:
        with TemporaryDirectory() as folder:
            surfaces = {
                "slack (HTTP)": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                 "SLACK_API_URL": fake.api_url},
                "teams": {"DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS": "true"},
                "slack and teams": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                    "SLACK_API_URL": fake.api_url,
                                    "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS": "true"},
            }
            for count in (2, 4):   # `serve --workers N`: until the first process answers
                surfaces[f"slack (HTTP), {count} processes"] = {
                    **surfaces["slack (HTTP)"], "WEB_CONCURRENCY": str(count)}
            if quick:  # the smoke run: each surface once, not both together
                del surfaces["slack and teams"], surfaces["slack (HTTP), 4 processes"]
            for name, env in surfaces.items():
                with database("sqlite", Path(folder)) as (url, _):
                    for n in range(runs):
                        (Path(folder) / f"run{n}").mkdir(exist_ok=True)
                    times = time_to_ready(Path(folder), {"DATABASE_URL": url,
                                                         "SCHEDULER_ENABLED": "false", **env},
                                          runs)
                result = {"what": f"serve, {name}: start to ready", "runs": runs,
                          "median_s": statistics.median(times), "max_s": max(times)}
                results.append(result)
                rows.append([result["what"], runs, result["median_s"], result["max_s"]])
    finally:
        fake.stop()
    fan = fanout.measure("sqlite", *((2, 5) if quick else (50, 200)), quick=quick)
    results.append({"what": "tick sending the fan-out: peak RSS", "peak_rss_mb":
                    fan["peak_rss_mb"], "members": fan["members"]})
    worst = max(r["max_s"] for r in results if "max_s" in r)
    verdict = [f"- start to ready: worst {worst:.2f} s of {runs} runs each (target <= "
               f"{TARGET_START_SECONDS:.0f} s: "
               f"{'met' if worst <= TARGET_START_SECONDS else 'MISSED'})",
               f"- peak RSS sending {fan['members']} nudges: {fan['peak_rss_mb']} MB (target "
               f"<= {fanout.TARGET_RSS_MB:.0f} MB: "
               f"{'met' if fan['peak_rss_mb'] <= fanout.TARGET_RSS_MB else 'MISSED'})"]
    sections = [report.table(["measured", "runs", "median s", "max s"], rows),
                report.table(["measured", "members", "peak RSS MB"],
                             [["tick sending the fan-out (SQLite)", fan["members"],
                               fan["peak_rss_mb"]]]),
                "Targets:\n" + "\n".join(verdict)]
    data = {"results": results, "quick": quick}
    report.write("memory", "Start time and memory", machine.describe(), sections, data, out)
    return data
