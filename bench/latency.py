"""Ack latency: concurrent clients send signed `/outreach commit …` and `/outreach board` to
`python app.py serve`, and to a bare Bolt app on the same stack that only acks (the floor).

Each client is a closed loop on one keep-alive connection: send, wait for the ack, send the
next. Latency is from the first byte sent to the full response read, as Slack measures it.
ShowUp answers after the ack, through the request's `response_url`; the time until that
answer reaches the fake Slack is reported beside it ("reply").
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
import urllib.parse
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from slack_sdk.signature import SignatureVerifier

from bench import machine, report
from bench.servers import (
    POSTGRES_URL,
    SIGNING_SECRET,
    database,
    postgres_available,
    start_bare_bolt,
    start_showup,
)
from tests.fakes.slack_api import FakeSlack
from tests.process import RunningBot, stop_bot

CLIENTS = (1, 8, 32)
WORKERS = (1, 2, 4)   # `serve --workers N`
TARGET_P99_MS = 100.0
TARGET_RATIO = 1.5
_runs = itertools.count()
_triggers = itertools.count(1)   # Slack's trigger_id is new for every invocation


def _form(user: str, text: str, response_url: str) -> str:
    return urllib.parse.urlencode({
        "token": "legacy", "team_id": "T0001", "team_domain": "clinic", "channel_id": "D0001",
        "user_id": user, "user_name": user.lower(), "command": "/outreach", "text": text,
        "response_url": response_url, "trigger_id": f"{next(_triggers)}.2.3",
        "api_app_id": "A0001"})


def _client(url: str, user: str, requests: int, response_url: str, out: list[float],
            errors: list[str], sent: dict[str, float]) -> None:
    verifier = SignatureVerifier(SIGNING_SECRET)
    parsed = urllib.parse.urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port
    connection = http.client.HTTPConnection(host, port, timeout=30)
    for number in range(requests):
        text = "board" if number % 2 else f"commit visit Sunrise Pediatrics {number} thu"
        reply_to = f"{response_url}-{number}"
        body = _form(user, text, reply_to)
        stamp = str(int(time.time()))
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Slack-Request-Timestamp": stamp,
                   "X-Slack-Signature": verifier.generate_signature(timestamp=stamp,
                                                                    body=body) or ""}
        sent[reply_to.rsplit("/respond/", 1)[1]] = time.monotonic()  # the fake's clock
        started = time.perf_counter()
        try:
            connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            errors.append(type(error).__name__)
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            continue
        out.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            errors.append(str(response.status))
    connection.close()


def measure(bot: RunningBot, fake: FakeSlack, clients: int, per_client: int,
            replies: bool = False) -> tuple[list[float], list[str], list[float]]:
    """(ack latencies, errors, reply latencies — when `replies`, wait for every answer)."""
    latencies: list[float] = []
    errors: list[str] = []
    sent: dict[str, float] = {}
    run = next(_runs)
    threads = [threading.Thread(target=_client, args=(
        bot.url, f"U{n:04d}", per_client, fake.url + f"/respond/r{run}-{n}", latencies, errors,
        sent)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, _reply_times(fake, sent) if replies else []


def _reply_times(fake: FakeSlack, sent: dict[str, float], wait: float = 120.0) -> list[float]:
    """Milliseconds from each request to its answer at the fake Slack's response_url."""
    deadline = time.monotonic() + wait
    while True:
        arrived = {key: c.at for c in list(fake.calls)
                   if (key := c.method.removeprefix("respond/")) in sent}
        if len(arrived) >= len(sent) or time.monotonic() > deadline:
            return [(arrived[key] - at) * 1000 for key, at in sent.items() if key in arrived]
        time.sleep(0.05)


def run(quick: bool = False, out: Path | None = None,
        workers: tuple[int, ...] | None = None) -> dict[str, Any]:
    """`workers`: the numbers of server processes (`serve --workers N`, here through
    WEB_CONCURRENCY) each database is measured with."""
    total = 16 if quick else 600
    levels = (1, 8) if quick else CLIENTS
    kinds = ["sqlite"] + (["postgresql"] if postgres_available() and not quick else [])
    processes = workers or ((1, 2) if quick else WORKERS)
    fake = FakeSlack().start()
    for n in range(max(levels)):
        fake.add_user(f"U{n:04d}", f"Clinician {n}")
    rows: list[list[Any]] = []
    results: list[dict[str, Any]] = []
    try:
        with TemporaryDirectory() as folder:
            floor = start_bare_bolt(Path(folder), fake)
            try:
                for kind in kinds:
                    for count in processes:
                        _measure_showup(Path(folder), fake, floor, kind, count, levels, total,
                                        rows, results)
            finally:
                stop_bot(floor)
    finally:
        fake.stop()
    at_most = [r for r in results if r["clients"] == max(levels) and r["app"] == "showup"]
    verdict = [f"- {r['database']}, {r['workers']} process(es): p99 at {r['clients']} "
               f"clients {r['p99_ms']:.1f} ms (target <= {TARGET_P99_MS:.0f} ms: "
               f"{'met' if r['p99_ms'] <= TARGET_P99_MS else 'MISSED'}); median "
               f"{r['median_ratio']:.2f}x bare Bolt (target <= {TARGET_RATIO}x: "
               f"{'met' if r['median_ratio'] <= TARGET_RATIO else 'MISSED'})" for r in at_most]
    headers = ["database", "workers", "app", "clients", "requests", "errors", "p50 ms",
               "p95 ms", "p99 ms", "reply p50 ms", "reply p99 ms", "median vs bare"]
    sections = [report.table(headers, rows), "Targets:\n" + "\n".join(verdict)]
    data = {"results": results, "quick": quick}
    report.write("latency", "Ack latency of /outreach", machine.describe(
        POSTGRES_URL if "postgresql" in kinds else None), sections, data, out)
    return data


def _measure_showup(folder: Path, fake: FakeSlack, floor: RunningBot, kind: str, count: int,
                    levels: tuple[int, ...], total: int, rows: list[list[Any]],
                    results: list[dict[str, Any]]) -> None:
    """ShowUp in `count` processes on a new `kind` database, and the bare Bolt app right
    after it at each level (the two side by side, so both see the same machine)."""
    with database(kind, folder) as (url, _):
        bot = start_showup(folder, url, fake, SCHEDULER_ENABLED="false",
                           WEB_CONCURRENCY=str(count))
        try:
            for target in (bot, floor):
                measure(target, fake, 2 * count, 10)  # warm up (every process)
            for clients in levels:
                per_client = max(4, total // clients)
                measured: dict[str, list[float]] = {}
                for app, target in (("showup", bot), ("bare bolt", floor)):
                    values, errors, replies = measure(target, fake, clients, per_client,
                                                      app == "showup")
                    measured[app] = values
                    result = _summary(kind, app, clients, values, errors, replies)
                    result["workers"] = count if app == "showup" else ""
                    results.append(result)
                    rows.append([result[k] for k in (
                        "database", "workers", "app", "clients", "requests", "errors",
                        "p50_ms", "p95_ms", "p99_ms", "reply_p50_ms", "reply_p99_ms")])
                ratio = report.percentile(measured["showup"], 0.5) / \
                    report.percentile(measured["bare bolt"], 0.5)
                results[-2]["median_ratio"] = round(ratio, 2)
                rows[-2].append(f"{ratio:.2f}x")
                rows[-1].append("")
        finally:
            stop_bot(bot)


def _summary(kind: str, app: str, clients: int, values: list[float], errors: list[str],
             replies: list[float]) -> dict[str, Any]:
    return {"database": kind, "app": app, "clients": clients, "requests": len(values),
            "errors": len(errors), "p50_ms": report.percentile(values, 0.50),
            "p95_ms": report.percentile(values, 0.95),
            "p99_ms": report.percentile(values, 0.99),
            "reply_p50_ms": report.percentile(replies, 0.50) if replies else "",
            "reply_p99_ms": report.percentile(replies, 0.99) if replies else "",
            "replies": len(replies)}
