"""Answers under load: what a person experiences when many people use `/outreach` at once.

Signed `/outreach` commands (a mix of commit, done, log, board, streak, list and help, from
many people in several workspaces) are sent to `python app.py serve` open-loop: each on a
fixed schedule, whether or not earlier ones were answered, at 20, 100, 200 and 400 commands
a second. Each has a `response_url` of its own on the fake Slack, and the answer is timed
from the moment its command was sent to the moment it reached that URL. The ack (the HTTP
response Slack waits 3 s for) is timed too, and its body tells whether ShowUp said it was
busy.

The senders are processes of their own (asyncio, bodies signed before the run), so their
work and the fake Slack's do not share an interpreter; all of them share the machine's cores
with the server. `BENCH_SERVE_ARGS` adds options to `serve` (e.g. "--workers 2").
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import shlex
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine

from bench import machine, report
from bench.servers import (
    POSTGRES_URL,
    SIGNING_SECRET,
    database,
    postgres_available,
    start_showup,
)
from bench.usage import busy_share, machine_seconds, postgres_seconds, tree_seconds
from tests.fakes.slack_api import FakeSlack
from tests.process import RunningBot, stop_bot

RATES = (20, 100, 200, 400)
SECONDS = 10.0
WORKSPACES, PEOPLE = 6, 40            # 240 people
SENDERS = 2                           # processes sending, each a share of the schedule
TARGET_ANSWER_P99_MS = 1000.0
ANSWER_WAIT_SECONDS = 60.0            # with no answer arriving: the rest are lost
SERVE_ARGS = shlex.split(os.environ.get("BENCH_SERVE_ARGS", ""))
# What people type, in the proportions they type it (words that pass the privacy guard).
MIX = (("commit visit Sunrise Pediatrics {n} thu", 3), ("done", 2),
       ("log dropped flyers at Lakeside Clinic {n}", 2), ("board", 2), ("streak", 1),
       ("list", 1), ("help", 1))
BUSY_WORD = b"busy"


@dataclass(frozen=True)
class Person:
    team: str
    user: str


def people() -> list[Person]:
    return [Person(f"TW{w:03d}", f"UW{w:03d}P{p:03d}")
            for w in range(WORKSPACES) for p in range(PEOPLE)]


def _words(number: int) -> str:
    cycle = [text for text, weight in MIX for _ in range(weight)]
    return cycle[number % len(cycle)].format(n=number)


def _request(host: str, port: int, person: Person, text: str, response_url: str,
             trigger: str, verifier: SignatureVerifier, stamp: str) -> bytes:
    """The whole HTTP request, signed, as Slack would send it."""
    body = urllib.parse.urlencode({
        "token": "legacy", "team_id": person.team, "team_domain": person.team.lower(),
        "channel_id": "D" + person.user[1:], "user_id": person.user,
        "user_name": person.user.lower(), "command": "/outreach", "text": text,
        "response_url": response_url, "trigger_id": trigger, "api_app_id": "A0001"})
    signature = verifier.generate_signature(timestamp=stamp, body=body) or ""
    head = (f"POST /slack/events HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Slack-Request-Timestamp: {stamp}\r\nX-Slack-Signature: {signature}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body.encode()


def plan(run: str, host: str, port: int, reply_base: str, rate: float, seconds: float,
         crowd: list[Person], offset: int = 0) -> list[tuple[float, bytes, str]]:
    """(when to send, after the start; the request; its response_url's key), in order."""
    verifier = SignatureVerifier(SIGNING_SECRET)
    stamp = str(int(time.time()))
    count = max(1, round(rate * seconds))
    out = []
    for number in range(count):
        person = crowd[(number * 7919) % len(crowd)]   # spread over people and workspaces
        key = f"{run}-{number}"
        out.append((number / rate, _request(host, port, person, _words(offset + number),
                                            f"{reply_base}/respond/{key}",
                                            f"{run}.{number}.1", verifier, stamp),
                    f"respond/{key}"))
    return out


# -- the senders (processes of their own) -------------------------------------------------

def _sender(host: str, port: int, schedule: list[tuple[float, bytes, str]], start_at: float,
            out: Any) -> None:
    """Sends its share; puts (what came back, its CPU seconds from the start of sending)."""
    ready = time.process_time()
    done = asyncio.run(_send_all(host, port, schedule, start_at))
    out.put((done, time.process_time() - ready))


async def _send_all(host: str, port: int, schedule: list[tuple[float, bytes, str]],
                    start_at: float) -> list[tuple[str, float, float, int, bool]]:
    """Each request at its time on a free keep-alive connection (a new one if none is
    free): (key, sent at, ack ms, status, whether the ack said busy)."""
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    done: list[tuple[str, float, float, int, bool]] = []

    async def exchange(raw: bytes) -> tuple[bytes, asyncio.StreamReader,
                                            asyncio.StreamWriter]:
        """Send on an idle connection; one the server closed while it sat idle (its
        keep-alive ran out) is replaced by a new one, as an HTTP client does, before any
        byte of an answer is lost."""
        while idle:
            reader, writer = idle.pop()
            try:
                writer.write(raw)
                return await reader.readuntil(b"\r\n\r\n"), reader, writer
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                if isinstance(error, asyncio.IncompleteReadError) and error.partial:
                    raise
                writer.close()
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(raw)
        return await reader.readuntil(b"\r\n\r\n"), reader, writer

    async def one(raw: bytes, key: str) -> None:
        sent = time.monotonic()
        try:
            head, reader, writer = await exchange(raw)
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.lower().split(b"\r\n"):
                if line.startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = await reader.readexactly(length) if length else b""
            acked = time.monotonic()
            if b"connection: close" in head.lower():
                writer.close()
            else:
                idle.append((reader, writer))
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            done.append((key, sent, (time.monotonic() - sent) * 1000, 0, False))
            return
        done.append((key, sent, (acked - sent) * 1000, status, BUSY_WORD in body.lower()))

    tasks = []
    for at, raw, key in schedule:
        wait = start_at + at - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(raw, key)))
    await asyncio.gather(*tasks)
    return done


def send(host: str, port: int, schedule: list[tuple[float, bytes, str]]
         ) -> tuple[list[tuple[str, float, float, int, bool]], float]:
    """Send the schedule from SENDERS processes, request i from sender i % SENDERS; and the
    CPU seconds they spent sending (their start-up not counted)."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    start_at = time.monotonic() + 3.0   # after the senders have started (CLOCK_MONOTONIC
    workers = [context.Process(target=_sender, args=(   # is the machine's, not a process's)
        host, port, schedule[n::SENDERS], start_at, out)) for n in range(SENDERS)]
    for worker in workers:
        worker.start()
    returned = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    return [row for rows, _ in returned for row in rows], sum(cpu for _, cpu in returned)


# -- answers at the fake Slack -------------------------------------------------------------

def answers(fake: FakeSlack, keys: set[str], wait: float) -> tuple[dict[str, float], int]:
    """When each expected answer first reached its response_url, and how many arrived twice;
    waits until all are in, or nothing new arrived for `wait` seconds."""
    first: dict[str, float] = {}
    twice, seen, last_news = 0, 0, time.monotonic()
    while True:
        calls = fake.calls[seen:]
        seen += len(calls)
        for call in calls:
            if call.method in keys:
                if call.method in first:
                    twice += 1
                else:
                    first[call.method] = call.at
                    last_news = time.monotonic()
        if len(first) >= len(keys) or time.monotonic() - last_news > wait:
            return first, twice
        time.sleep(0.1)


def measure(bot: RunningBot, fake: FakeSlack, run: str, rate: float, seconds: float,
            crowd: list[Person], offset: int = 0, engine: Engine | None = None
            ) -> dict[str, Any]:
    """One run at `rate`; `engine`: PostgreSQL's, to count its CPU too."""
    parsed = urllib.parse.urlparse(bot.url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    schedule = plan(run, host, port, fake.url, rate, seconds, crowd, offset)
    began, cpu = time.monotonic(), _cpu(bot, engine)
    sent, senders_cpu = send(host, port, schedule)
    # Only what was acknowledged is owed an answer (a request refused or cut off is not).
    owed = {key for key, _, _, status, _ in sent if status == 200}
    arrived, twice = answers(fake, owed, ANSWER_WAIT_SECONDS)
    drained = time.monotonic() - began
    used = _cpu_since(cpu, bot, engine, senders_cpu, len(arrived))
    acks = [ms for _, _, ms, status, _ in sent if status == 200]
    replies = [(arrived[key] - at) * 1000 for key, at, _, _, _ in sent if key in arrived]
    last_sent = max(at for _, at, _, _, _ in sent)
    first_sent = min(at for _, at, _, _, _ in sent)
    return {
        "rate": rate, "seconds": seconds, "commands": len(schedule),
        "offered_per_s": round(len(sent) / max(last_sent - first_sent, 1e-9), 1),
        "ack_errors": len(sent) - len(acks),
        "errors": dict(Counter(str(status) for _, _, _, status, _ in sent if status != 200)),
        "busy": sum(1 for *_, busy in sent if busy),
        **_stats("ack", acks), **_stats("answer", replies),
        "answered": len(arrived), "lost": len(owed) - len(arrived),
        "answered_twice": twice,
        "answered_per_s": round(len(arrived) / max(max(arrived.values(), default=0)
                                                   - first_sent, 1e-9), 1),
        "all_answered_after_s": round(drained - 3.0, 1),
        **used,
    }


def _cpu(bot: RunningBot, engine: Engine | None) -> dict[str, Any]:
    """CPU seconds so far of: the server (all its processes), PostgreSQL, this process (the
    fake Slack's threads), and the machine."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    return {"serve": tree_seconds(bot.process.pid),
            "postgres": postgres_seconds(engine) if engine is not None else 0.0,
            "fake": mine.ru_utime + mine.ru_stime, "machine": machine_seconds()}


def _cpu_since(before: dict[str, Any], bot: RunningBot, engine: Engine | None,
               senders: float, answered: int) -> dict[str, float]:
    """Where the machine's time went during a run, in CPU ms per answered command, and how
    busy the machine was (from the senders' start-up to the last answer)."""
    after = _cpu(bot, engine)
    per = 1000 / max(1, answered)
    return {**{f"{name}_cpu_ms": round((after[name] - before[name]) * per, 2)
               for name in ("serve", "postgres", "fake")},
            "senders_cpu_ms": round(senders * per, 2),
            "machine_busy": round(busy_share(before["machine"], after["machine"]), 2)}


def _stats(name: str, values: list[float]) -> dict[str, float]:
    return {f"{name}_p50_ms": report.percentile(values, 0.50),
            f"{name}_p95_ms": report.percentile(values, 0.95),
            f"{name}_p99_ms": report.percentile(values, 0.99),
            f"{name}_max_ms": max(values) if values else float("nan")}


def sustainable(results: list[dict[str, Any]], kind: str) -> float | None:
    """The highest rate whose answers all came, p99 within the target, none lost."""
    good = [r["rate"] for r in results if r["database"] == kind and r["phase"] == "steady"
            and r["lost"] == 0 and r["ack_errors"] == 0
            and r["answer_p99_ms"] <= TARGET_ANSWER_P99_MS]
    return max(good) if good else None


def run(quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    rates = (20, 50) if quick else RATES
    seconds = 1.0 if quick else SECONDS
    kinds = ["sqlite"] + (["postgresql"] if postgres_available() and not quick else [])
    crowd = people()[:: 12 if quick else 1]
    # Described now: the load average at the start, before this run's own load.
    about = machine.describe(POSTGRES_URL if "postgresql" in kinds else None)
    fake = FakeSlack().start()
    for person in crowd:
        fake.add_user(person.user, f"Clinician {person.user[-6:]}")
    results: list[dict[str, Any]] = []
    try:
        with TemporaryDirectory() as folder:
            for kind in kinds:
                with database(kind, Path(folder)) as (url, engine):
                    bot = start_showup(Path(folder), url, fake, serve_args=SERVE_ARGS,
                                       SCHEDULER_ENABLED="false")
                    try:
                        # Everyone's first command (a first contact: who they are, their
                        # workspace and membership made): then the steady rates.
                        postgres = engine if kind == "postgresql" else None
                        first = measure(bot, fake, f"{kind[0]}first", 40 if not quick else 20,
                                        len(crowd) / (40 if not quick else 20), crowd,
                                        engine=postgres)
                        results.append({"database": kind, "phase": "first contact", **first})
                        for number, rate in enumerate(rates):
                            row = measure(bot, fake, f"{kind[0]}{rate}", rate, seconds, crowd,
                                          offset=number * 100_000, engine=postgres)
                            results.append({"database": kind, "phase": "steady", **row})
                    finally:
                        stop_bot(bot)
    finally:
        fake.stop()
    return _write(results, kinds, quick, out, about)


def _write(results: list[dict[str, Any]], kinds: list[str], quick: bool, out: Path | None,
           about: dict[str, str]) -> dict[str, Any]:
    headers = ["database", "phase", "rate/s", "sent", "ack p50", "ack p99", "ack max",
               "answer p50", "answer p95", "answer p99", "answer max", "answered", "lost",
               "twice", "busy", "answered/s", "serve CPU", "PostgreSQL CPU", "senders CPU",
               "fake CPU", "machine busy"]
    rows = [[r["database"], r["phase"], r["rate"], r["commands"], r["ack_p50_ms"],
             r["ack_p99_ms"], r["ack_max_ms"], r["answer_p50_ms"], r["answer_p95_ms"],
             r["answer_p99_ms"], r["answer_max_ms"], r["answered"], r["lost"],
             r["answered_twice"], r["busy"], r["answered_per_s"], r["serve_cpu_ms"],
             r["postgres_cpu_ms"], r["senders_cpu_ms"], r["fake_cpu_ms"],
             f"{r['machine_busy']:.0%}"] for r in results]
    verdict = []
    for kind in kinds:
        best = sustainable(results, kind)
        at_200 = [r for r in results if r["database"] == kind and r["rate"] == 200
                  and r["phase"] == "steady"]
        lost = sum(r["lost"] + r["ack_errors"] for r in results if r["database"] == kind)
        line = f"- {kind}: highest sustainable rate (answer p99 <= " \
               f"{TARGET_ANSWER_P99_MS:.0f} ms, none lost) " + \
               (f"{best:.0f}/s" if best is not None else "none of those measured") + \
               f"; every answer delivered: {'met' if lost == 0 else f'MISSED ({lost} lost)'}"
        if at_200:
            p99 = at_200[0]["answer_p99_ms"]
            line += f"; answer p99 at 200/s {p99:.0f} ms (target <= " \
                    f"{TARGET_ANSWER_P99_MS:.0f} ms: " \
                    f"{'met' if p99 <= TARGET_ANSWER_P99_MS else 'MISSED'})"
        verdict.append(line)
    notes = ("Times in ms. An answer is timed from its command's send to its arrival at the "
             "fake Slack's response_url; \"busy\" counts acks that told the person ShowUp was "
             "busy and the answer would follow. CPU columns: ms of CPU per answered command, "
             "from the senders' start to the last answer, of the server's processes, "
             "PostgreSQL, the load generator and the fake Slack (this benchmark's process); "
             f"machine busy: the share of all {os.cpu_count()} cores in use. Serve args: "
             f"{' '.join(SERVE_ARGS) or '(none)'}; senders: {SENDERS} processes; "
             f"{WORKSPACES} workspaces x {PEOPLE} people.")
    sections = [notes, report.table(headers, rows), "Targets:\n" + "\n".join(verdict)]
    data = {"results": results, "quick": quick, "serve_args": SERVE_ARGS,
            "sustainable": {kind: sustainable(results, kind) for kind in kinds}}
    report.write("answers", "Answers to /outreach under open-loop load", about, sections,
                 data, out)
    return data
