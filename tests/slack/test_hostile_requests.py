"""What anyone on the internet can send to /slack/events, over real sockets: huge bodies
(declared or streamed), bodies that trickle in, unsigned garbage and signed garbage. Each
gets a short 4xx — never a 500, never a traceback in the log — the server's memory stays
bounded, and a normal command still works afterwards. One bot takes all of it, test after
test (tests/slack/conftest.py: SlackServer; each test reads the log from where it began)."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import SIGNING_SECRET, RunningBot, SlackServer, Visit, wait_until

MB = 1024 * 1024


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                   ) -> Iterator[SlackServer]:
    server = SlackServer(tmp_path_factory.mktemp("hostile"), template=migrated_sqlite,
                         REQUEST_BODY_SECONDS="1")
    yield server
    server.stop()


@pytest.fixture
def hostile_visit(hostile_server: SlackServer) -> Visit:
    return hostile_server.visit()


@pytest.fixture
def hostile_bot(hostile_visit: Visit) -> RunningBot:
    return hostile_visit.bot


@pytest.fixture
def fake_slack(hostile_visit: Visit) -> FakeSlack:
    return hostile_visit.fake


def _raw(bot: RunningBot, head: str, body_chunks: Iterator[bytes] | list[bytes] = (),
         pause: float = 0.0, timeout: float = 15.0) -> tuple[int, float]:
    """Send a raw request (headers, then body chunks); the status line's code, and how long
    the server took to answer or close. 0 when it closed without an answer."""
    where = urlparse(bot.url)
    started = time.monotonic()
    with socket.create_connection((where.hostname, where.port), timeout=timeout) as sock:
        sock.sendall(head.encode())
        try:
            for chunk in body_chunks:
                if select.select([sock], [], [], 0)[0]:
                    break   # the server has answered (or closed): stop sending
                sock.sendall(chunk)
                if pause:
                    time.sleep(pause)
        except OSError:
            pass   # the server stopped reading: what it answered is below
        try:
            answer = sock.recv(4096).decode(errors="replace")
        except OSError:
            answer = ""
    code = int(answer.split()[1]) if answer.startswith("HTTP/") else 0
    return code, time.monotonic() - started


def _head(length: int | None, content_type: str = "application/x-www-form-urlencoded",
          extra: str = "") -> str:
    size = f"Content-Length: {length}\r\n" if length is not None else \
        "Transfer-Encoding: chunked\r\n"
    return (f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: {content_type}\r\n{size}{extra}\r\n")


def _peak_rss_mb(bot: RunningBot) -> float:
    status = Path(f"/proc/{bot.process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def test_ten_unsigned_100_mb_bodies_are_refused_with_memory_bounded(
        hostile_bot: RunningBot, fake_slack: FakeSlack) -> None:
    declared = (_head(100 * MB), [b"x" * MB] * 100)

    def chunked() -> tuple[int, float]:
        def chunks() -> Iterator[bytes]:
            for _ in range(100):
                yield f"{MB:x}\r\n".encode() + b"x" * MB + b"\r\n"
        return _raw(hostile_bot, _head(None), chunks())

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(lambda i: _raw(hostile_bot, *declared) if i % 2 else chunked(),
                                range(10)))
    assert {code for code, _ in answers} <= {413, 0}, answers
    assert any(code == 413 for code, _ in answers)
    assert _peak_rss_mb(hostile_bot) < 200
    _still_works(hostile_bot, fake_slack)


def test_a_body_that_trickles_in_is_cut_off(hostile_bot: RunningBot, fake_slack: FakeSlack
                                            ) -> None:
    slow = [b"x" * 10] * 50   # 500 bytes of a declared 1,000, one chunk every 0.2 s
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda _: _raw(hostile_bot, _head(1000), slow, pause=0.2),
                                range(20)))
    for code, took in answers:
        assert code in (408, 0) and took < 4, answers   # REQUEST_BODY_SECONDS=1
    _still_works(hostile_bot, fake_slack)


@pytest.mark.parametrize(("body", "content_type"), [
    ("{not json", "application/json"),
    ("payload=notjson", "application/x-www-form-urlencoded"),
    ("{", "application/json"),
    ("payload=%7B%22type%22%3A", "application/x-www-form-urlencoded"),
    ("", "application/json"),
])
def test_garbage_gets_a_short_answer_and_no_traceback(
        hostile_bot: RunningBot, fake_slack: FakeSlack, body: str, content_type: str) -> None:
    slack = SlackSimulator(hostile_bot.url, SIGNING_SECRET, fake_slack.url + "/")
    unsigned = slack.post(body, content_type, signature="v0=" + "0" * 64)
    assert unsigned.status == 401
    signed = slack.post(body, content_type)
    assert 200 <= signed.status < 500, signed
    assert "Traceback" not in hostile_bot.logs()
    _still_works(hostile_bot, fake_slack)


def test_a_client_that_goes_away_mid_body_leaves_no_traceback(hostile_bot: RunningBot
                                                              ) -> None:
    for _ in range(20):
        where = urlparse(hostile_bot.url)
        with socket.create_connection((where.hostname, where.port)) as sock:
            sock.sendall(_head(5000).encode() + b"x" * 100)
    # Each is refused (the client went away, or its body was too slow) and the log says so.
    wait_until(lambda: hostile_bot.logs().count("refused a request") >= 20)
    assert "Traceback" not in hostile_bot.logs()


def _still_works(bot: RunningBot, fake_slack: FakeSlack) -> None:
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    assert slack.command("U0ALEX", "help").status == 200
    fake_slack.wait_for(slack.last_response)


