"""Several servers behind one database (issue 19): `serve --workers 2` — two processes that
share one port — and two separate `serve` processes on two ports. A command or a message is
carried out once and answered once whichever process takes it, however often it arrives (a
replay, Slack's retries, one delivery to each server); a deploy's SIGTERM to the parent drains
both children and loses nothing acknowledged; a child killed with -9 leaves what it
acknowledged to the others, and is replaced. On SQLite and on PostgreSQL.

Every wait is for a positive sign (an answer at the fake Slack, an empty queue of unanswered
commands, a process gone); the slow `users.info` answers are there only to catch a server
mid-work."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.fakes.slack_api import FakeSlack, Fault
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import PINNED_AT, RunningBot, stop_bot
from tests.slack.conftest import (
    SIGNING_SECRET,
    command_burst,
    shared_database,
    start_bot,
    wait_until,
)

pytestmark = pytest.mark.long

BURST = 60
SLOW = 40   # the first users.info calls are slow (or held): a burst is still in work
# A claim left by a killed process lapses soon and the others look often; a SIGTERM'd one
# hands its claims back itself. (With a 1-second lease, a living process that a loaded
# machine kept off the CPU for a second lost claims it was still working on, and their
# answers went twice.)
QUICK_TAKEOVER = {"INBOX_LEASE_SECONDS": "3", "INBOX_SWEEP_SECONDS": "0.1"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    yield from shared_database(request, tmp_path, "showup_workers")


def _workers(tmp_path: Path, fake: FakeSlack, url: str, count: int = 2, **env: str
             ) -> RunningBot:
    """`serve --workers count`, up once each child has said it serves."""
    bot = start_bot(tmp_path, fake, command=("serve", "--at", PINNED_AT, "--workers",
                                             str(count)), DATABASE_URL=url, **env)
    wait_until(lambda: _serving(bot) >= count, timeout=30)
    assert _serving(bot) == count, bot.logs()
    return bot


def _serving(bot: RunningBot) -> int:
    return bot.logs().count(" serving\n")


def _children(bot: RunningBot) -> list[int]:
    task = Path(f"/proc/{bot.process.pid}/task/{bot.process.pid}/children")
    return [int(pid) for pid in task.read_text().split()] if task.exists() else []


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return not status.exists() or status.read_text().split(") ", 1)[-1].startswith("Z")


def _stored(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(str(what) for what in conn.execute(text("SELECT what FROM commitments"))
                       .scalars())


def _unanswered(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM inbox WHERE answered_at IS NULL"))
                   .scalar_one())


def _answer_of(form: dict[str, str]) -> str:
    """The fake Slack's name for a command's response_url."""
    return "respond/" + form["response_url"].rsplit("/respond/", 1)[-1]


def _burst(bot: RunningBot, fake: FakeSlack, people: int = BURST) -> list[dict[str, str]]:
    return command_burst(bot, fake, people)


def _answered(fake: FakeSlack, forms: list[dict[str, str]]) -> int:
    called = fake.methods_called()
    return sum(1 for form in forms if _answer_of(form) in called)


def _all_answered_once(fake: FakeSlack, engine: Engine, forms: list[dict[str, str]],
                       logs: str, resent: int = 0) -> None:
    """Every command carried out once and answered. `resent`: how many answers may have
    gone twice — a process killed between sending an answer and noting it sent leaves it
    to be sent again (storage/inbox.py), at most one for each of its two workers."""
    wait_until(lambda: _answered(fake, forms) == len(forms) and not _unanswered(engine),
               timeout=90)
    answers = Counter(call.method for call in fake.calls if call.method.startswith("respond/"))
    missing = [form["text"] for form in forms if not answers[_answer_of(form)]]
    assert not missing, (missing[:3], logs[-3000:])
    twice = [form["text"] for form in forms if answers[_answer_of(form)] == 2]
    assert len(twice) <= resent, twice
    assert max(answers[_answer_of(form)] for form in forms) <= 2
    assert _stored(engine) == Counter(f"visit Clinic {i}" for i in range(len(forms)))
    for form in forms:
        reply = fake.calls_to(_answer_of(form))[0].args
        assert reply["text"].startswith("📌 Committed #1: "), reply["text"]


def test_two_server_processes_answer_every_command_once(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """Both children serve; a burst is answered in full, each command once, its effect
    stored once; only the first child runs the scheduler; SIGTERM drains both."""
    url, engine = database
    bot = _workers(tmp_path, fake_slack, url, SCHEDULER_ENABLED="true")
    try:
        acked = _burst(bot, fake_slack)
        assert len(acked) == BURST
        _all_answered_once(fake_slack, engine, acked, bot.logs())
        assert bot.logs().count("Scheduler started") == 1
    finally:
        bot.process.send_signal(signal.SIGTERM)
        status = bot.process.wait(timeout=60)
    assert status == 0, bot.logs()[-2000:]
    assert bot.logs().count("inbox drained: 0 left") == 2
    assert "Traceback" not in bot.logs()


def test_slacks_retries_and_replays_to_either_process_have_one_effect(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """The same message event sent again with X-Slack-Retry-Num (Slack's retries, same
    body), and the same slash command sent again (a replay), each several times at once on
    connections of their own, which the two children share between them: one effect, one
    answer each."""
    url, engine = database
    bot = _workers(tmp_path, fake_slack, url)
    try:
        slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
        envelope = slack.event_payload({"type": "message", "channel_type": "im",
                                        "channel": "D0ALEX", "user": "U0ALEX",
                                        "text": "log visited Clinic 0",
                                        "ts": "1764680000.000100"}, event_id="Ev0RETRIED")
        body = json.dumps(envelope)
        form = urllib.parse.urlencode(slack.command_payload("U0SAM", "commit visit Clinic 1 fri"))
        command = slack.last_response

        def deliver(attempt: int) -> int:
            if attempt % 2:
                return slack.post(form, "application/x-www-form-urlencoded").status
            retry = {"X-Slack-Retry-Num": str(attempt // 2), "X-Slack-Retry-Reason":
                     "http_timeout"} if attempt >= 2 else None
            return slack.post(body, "application/json", headers=retry).status

        with ThreadPoolExecutor(8) as senders:
            assert list(senders.map(deliver, range(16))) == [200] * 16
        fake_slack.wait_for(command, timeout=30)
        fake_slack.wait_for("chat.postMessage", timeout=30)
        wait_until(lambda: not _unanswered(engine), timeout=30)
        assert len(fake_slack.calls_to(command)) == 1
        assert [call.args["channel"] for call in fake_slack.calls_to("chat.postMessage")] == \
            ["D0ALEX"]
        assert _stored(engine) == Counter(["visited Clinic 0", "visit Clinic 1"])
        assert "Traceback" not in bot.logs()
    finally:
        stop_bot(bot)


def test_two_serve_processes_on_one_database_carry_out_a_command_sent_to_both_once(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """Two `serve` processes on two ports behind the same database; each command delivered
    to both at once (as a retried delivery through a load balancer would be): one effect,
    one answer."""
    url, engine = database
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = start_bot(tmp_path / "a", fake_slack, DATABASE_URL=url)
    second = start_bot(tmp_path / "b", fake_slack, DATABASE_URL=url)
    try:
        to_first = SlackSimulator(first.url, SIGNING_SECRET, fake_slack.url + "/")
        to_second = SlackSimulator(second.url, SIGNING_SECRET, fake_slack.url + "/")
        forms = [to_first.command_payload(f"U{i:04d}", f"commit visit Clinic {i} fri")
                 for i in range(40)]

        def both(form: dict[str, str]) -> list[int]:
            body = urllib.parse.urlencode(form)
            with ThreadPoolExecutor(2) as pair:
                return list(pair.map(lambda slack: slack.post(
                    body, "application/x-www-form-urlencoded").status, (to_first, to_second)))

        with ThreadPoolExecutor(4) as senders:
            statuses = list(senders.map(both, forms))
        assert statuses == [[200, 200]] * len(forms), (statuses, first.logs()[-3000:],
                                                       second.logs()[-3000:])
        _all_answered_once(fake_slack, engine, forms, first.logs() + second.logs())
        assert "Traceback" not in first.logs() + second.logs()
    finally:
        stop_bot(first)
        stop_bot(second)


def test_sigterm_to_the_parent_mid_burst_loses_no_acknowledged_command(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """A deploy stops `serve --workers 2` while a burst is still in work: both children
    drain for their grace period and hand the rest back; the next start answers it all,
    each command once."""
    url, engine = database
    # The first people's lookups are held until the servers have stopped: whatever the
    # machine's speed, the deploy catches the burst mid-work.
    held = threading.Event()
    fake_slack.faults.extend(Fault("users.info", status=200, until=held) for _ in range(SLOW))
    bot = _workers(tmp_path, fake_slack, url, SHUTDOWN_GRACE_SECONDS="1",
                   INBOX_SWEEP_SECONDS="0.1")
    children = _children(bot)
    try:
        acked = _burst(bot, fake_slack)
        assert len(acked) == BURST and len(children) == 2
        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(timeout=60) == 0, bot.logs()[-2000:]
    finally:
        held.set()
    assert all(_gone(pid) for pid in children)
    answered_before = _answered(fake_slack, acked)
    fake_slack.faults.clear()
    assert answered_before < len(acked), "the servers finished everything before they stopped"
    assert bot.logs().count("inbox drained") == 2

    again = _workers(tmp_path, fake_slack, url, INBOX_SWEEP_SECONDS="0.1")
    try:
        _all_answered_once(fake_slack, engine, acked, again.logs())
        assert "Traceback" not in bot.logs() + again.logs()
    finally:
        stop_bot(again)


def test_ctrl_c_stops_both_children_after_their_drain(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """Ctrl-C to the parent: each child drains as on SIGTERM; the parent exits with the
    status of an interrupted command (130)."""
    url, engine = database
    bot = _workers(tmp_path, fake_slack, url)
    acked = _burst(bot, fake_slack, 16)
    bot.process.send_signal(signal.SIGINT)
    assert bot.process.wait(timeout=60) == 130, bot.logs()[-2000:]
    assert bot.logs().count("inbox drained") == 2
    _all_answered_once(fake_slack, engine, acked, bot.logs())


def test_a_child_killed_with_minus_9_leaves_its_commands_to_the_others_and_is_replaced(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """kill -9 of one child mid-burst: what it acknowledged and had not answered is carried
    out by the others once its claims lapse (the inbox's sweep), each command once; the
    parent starts another child in its place and keeps serving."""
    url, engine = database
    fake_slack.faults.extend(Fault("users.info", status=200, delay=0.2) for _ in range(SLOW))
    bot = _workers(tmp_path, fake_slack, url, **QUICK_TAKEOVER)
    try:
        victim, survivor = _children(bot)
        acked = _burst(bot, fake_slack)
        os.kill(victim, signal.SIGKILL)
        assert len(acked) == BURST
        assert _answered(fake_slack, acked) < len(acked), "everything was answered already"
        fake_slack.faults.clear()
        wait_until(lambda: "starting another in its place" in bot.logs(), timeout=30)
        wait_until(lambda: _serving(bot) == 3, timeout=30)
        _all_answered_once(fake_slack, engine, acked, bot.logs(), resent=2)
        replacement = set(_children(bot)) - {survivor}
        assert survivor in _children(bot) and len(replacement) == 1, bot.logs()[-2000:]
        assert "SIGKILL" in bot.logs()
        more = _burst(bot, fake_slack, 8)   # still serving, on both
        assert len(more) == 8
        wait_until(lambda: _answered(fake_slack, more) == 8, timeout=30)
        assert _answered(fake_slack, more) == 8
    finally:
        stop_bot(bot)
    assert "Traceback" not in bot.logs()


def test_children_whose_parent_was_killed_drain_and_stop(
        tmp_path: Path, fake_slack: FakeSlack, migrated_sqlite: Path) -> None:
    """kill -9 of the parent: no child serves on with nobody to stop it."""
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")
    bot = _workers(tmp_path, fake_slack, f"sqlite:///{tmp_path / 'showup.db'}")
    children = _children(bot)
    assert len(children) == 2
    bot.process.send_signal(signal.SIGKILL)
    bot.process.wait(timeout=30)
    wait_until(lambda: all(_gone(pid) for pid in children), timeout=30)
    assert all(_gone(pid) for pid in children)
    wait_until(lambda: bot.logs().count("inbox drained") == 2, timeout=10)
    assert bot.logs().count("inbox drained") == 2
