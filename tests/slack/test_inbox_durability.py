"""Nothing acknowledged is lost: a burst of slash commands, the server stopped mid-burst by
kill -9 or by a deploy's SIGTERM, then started again. Every command Slack was told we had
(HTTP 200) is carried out exactly once and answered on its response_url, on SQLite and on
PostgreSQL. The first answers are slowed (users.info takes a fifth of a second) so that most
commands are still waiting when the server stops: the test checks that it really stopped
mid-work. Once it has stopped, Slack is quick again (`_quick_again`): the slowness was only
there to catch the server mid-work. SIGTERM drains for its grace period
(SHUTDOWN_GRACE_SECONDS) and hands the rest back; with time enough, it answers everything
before it exits."""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.fakes.slack_api import FakeSlack, Fault
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import RunningBot, stop_bot
from tests.slack.conftest import SIGNING_SECRET, command_burst, shared_database, start_bot

pytestmark = pytest.mark.long

BURST = 60
SLOW = 40   # the first users.info calls take a fifth of a second: the burst is still in work
# After kill -9 a claim must lapse before another process takes it over; after SIGTERM the
# stopping process releases what it did not start, so the default lease (60 s) is kept to
# prove that the next process does not wait for it. A sweep takes up to 20 waiting commands,
# so every half second would be 40 a second, about as fast as a process answers them: the
# sweep, not the work, would set the pace of the restart.
AFTER = {signal.SIGKILL: {"INBOX_LEASE_SECONDS": "1", "INBOX_SWEEP_SECONDS": "0.1"},
         signal.SIGTERM: {"SHUTDOWN_GRACE_SECONDS": "1", "INBOX_SWEEP_SECONDS": "0.1"}}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    yield from shared_database(request, tmp_path, "showup_inbox")


def _stored(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(str(what) for what in conn.execute(text("SELECT what FROM commitments"))
                       .scalars())


def _burst(bot: RunningBot, fake_slack: FakeSlack) -> list[dict[str, str]]:
    return command_burst(bot, fake_slack, BURST)


def _answered(fake_slack: FakeSlack, forms: list[dict[str, str]]) -> int:
    called = fake_slack.methods_called()
    return sum(1 for form in forms if _method(form) in called)


def _wait_answered(fake_slack: FakeSlack, forms: list[dict[str, str]],
                   timeout: float = 60) -> None:
    """Until every form is answered, or `timeout` seconds (the assertions then say what is
    missing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _answered(fake_slack, forms) < len(forms):
        time.sleep(0.02)


def _quick_again(fake_slack: FakeSlack) -> None:
    """The slow answers not yet given are dropped: the server they were to catch mid-work has
    stopped (or is told to), and the next one need not wait them out."""
    fake_slack.faults.clear()


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_every_acknowledged_command_is_carried_out_once_and_answered_after_a_restart(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine],
        stop: signal.Signals) -> None:
    url, engine = database
    fake_slack.faults.extend(Fault("users.info", status=200, delay=0.2) for _ in range(SLOW))
    bot = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **AFTER[stop])
    acked = _burst(bot, fake_slack)
    answered_at_signal = _answered(fake_slack, acked)
    signalled = time.monotonic()
    bot.process.send_signal(stop)
    bot.process.wait(timeout=30)
    answered_before = _answered(fake_slack, acked)
    _quick_again(fake_slack)
    assert len(acked) == BURST
    assert answered_before < len(acked), "the server finished everything before it stopped"
    if stop == signal.SIGTERM:   # it drained for its grace period, then went
        assert answered_before > answered_at_signal, bot.logs()[-2000:]
        assert time.monotonic() - signalled < 10
        assert "inbox drained" in bot.logs()

    again = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **AFTER[stop])
    try:
        _wait_answered(fake_slack, acked)
        unanswered = [form["text"] for form in acked if not fake_slack.calls_to(_method(form))]
        assert not unanswered, (unanswered[:3], again.logs()[-3000:], _inbox(engine))
        stored = _stored(engine)
        assert stored == Counter(f"visit Clinic {i}" for i in range(BURST)), stored
        for form in acked:
            answer = fake_slack.calls_to(_method(form))[-1].args
            assert answer["text"].startswith("📌 Committed #1: "), answer["text"]
        assert "Traceback" not in again.logs()
    finally:
        stop_bot(again)


def test_a_deploy_with_time_to_spare_answers_everything_before_it_exits(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """SIGTERM with a grace period long enough: nothing is left for the next process."""
    url, engine = database
    fake_slack.faults.extend(Fault("users.info", status=200, delay=0.2) for _ in range(SLOW))
    bot = start_bot(tmp_path, fake_slack, DATABASE_URL=url, SHUTDOWN_GRACE_SECONDS="60")
    acked = _burst(bot, fake_slack)
    assert _answered(fake_slack, acked) < len(acked), "nothing was left to drain"
    bot.process.send_signal(signal.SIGTERM)
    _quick_again(fake_slack)
    # uvicorn ends by raising again the signal it caught, once it has shut down gracefully
    assert bot.process.wait(timeout=60) in (0, -signal.SIGTERM)
    assert _answered(fake_slack, acked) == len(acked) == BURST
    assert _stored(engine) == Counter(f"visit Clinic {i}" for i in range(BURST))
    assert "inbox drained: 0 left" in bot.logs() and "Traceback" not in bot.logs()


def _method(form: dict[str, str]) -> str:
    """The fake Slack's name for a command's response_url."""
    return form["response_url"].rsplit("/", 2)[-2] + "/" + form["response_url"].rsplit("/", 1)[-1]


def _unanswered(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM inbox WHERE answered_at IS NULL"))
                   .scalar_one())


def _inbox(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT id, received_at, claimed_until, processed_at, answered_at, attempts "
            "FROM inbox")).all())[:5]


def test_an_acknowledged_click_survives_kill_9(tmp_path: Path, fake_slack: FakeSlack,
                                                database: tuple[str, Engine]) -> None:
    """Clicks go through the inbox too: each carried out once after a restart, its answer
    replacing the message that carried the button."""
    url, engine = database
    clicks = 40
    fake_slack.faults.extend(Fault("users.info", status=200, delay=0.2) for _ in range(clicks))
    bot = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **AFTER[signal.SIGKILL])
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    answers = []
    for i in range(clicks):
        assert slack.click(f"U{i:04d}", f"commit visit Clinic {i} fri").status == 200
        answers.append(slack.last_response)
    bot.process.send_signal(signal.SIGKILL)
    bot.process.wait(timeout=30)
    assert sum(1 for answer in answers if fake_slack.calls_to(answer)) < clicks
    _quick_again(fake_slack)

    again = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **AFTER[signal.SIGKILL])
    try:
        for answer in answers:
            reply = fake_slack.wait_for(answer, timeout=60)[-1].args
            assert reply["replace_original"] is True
            assert reply["text"].startswith("📌 Committed #1: "), reply["text"]
        assert _stored(engine) == Counter(f"visit Clinic {i}" for i in range(clicks))
        assert "Traceback" not in again.logs()
    finally:
        stop_bot(again)


def test_another_running_process_answers_what_a_killed_one_acknowledged(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """Two processes on one database: the one that took the burst is killed; the other,
    already running, finds what it acknowledged once the claims lapse, and answers each
    command once — no restart needed."""
    url, engine = database
    fake_slack.faults.extend(Fault("users.info", status=200, delay=0.2) for _ in range(SLOW))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    other = start_bot(tmp_path / "b", fake_slack, DATABASE_URL=url, **AFTER[signal.SIGKILL])
    try:
        first = start_bot(tmp_path / "a", fake_slack, DATABASE_URL=url,
                          **AFTER[signal.SIGKILL])
        acked = _burst(first, fake_slack)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=30)
        assert _answered(fake_slack, acked) < len(acked) == BURST
        _quick_again(fake_slack)
        _wait_answered(fake_slack, acked)
        assert _answered(fake_slack, acked) == len(acked), other.logs()[-2000:]
        assert _stored(engine) == Counter(f"visit Clinic {i}" for i in range(BURST))
        assert "Traceback" not in other.logs()
    finally:
        stop_bot(other)


def test_an_acknowledged_direct_message_survives_kill_9(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    """What a clinician types in the Messages tab goes through the inbox too: each message
    Slack heard a 200 for is carried out once after a restart and answered in its DM."""
    url, engine = database
    people = 30
    # Slow enough that the kill lands before any answer is sent: an answer sent and not yet
    # noted when a process dies is sent again (storage/inbox.py), which would blur the count.
    # Thirty seconds (and a client that waits that long) leave a loaded machine ample time.
    fake_slack.faults.extend(Fault("users.info", status=200, delay=30) for _ in range(people))
    bot = start_bot(tmp_path, fake_slack, DATABASE_URL=url, SLACK_TIMEOUT_SECONDS="60",
                    **AFTER[signal.SIGKILL])
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    for i in range(people):
        assert slack.event({"type": "message", "channel_type": "im", "channel": f"D{i:04d}",
                            "user": f"U{i:04d}", "text": f"log visited Clinic {i}",
                            "ts": f"1764680000.{i:06d}"}).status == 200
    bot.process.send_signal(signal.SIGKILL)
    bot.process.wait(timeout=30)
    assert len(fake_slack.calls_to("chat.postMessage")) < people
    _quick_again(fake_slack)

    again = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **AFTER[signal.SIGKILL])
    try:
        fake_slack.wait_for("chat.postMessage", people, timeout=60)
        deadline = time.monotonic() + 30
        while _unanswered(engine):   # every stored message answered: none can come twice
            assert time.monotonic() < deadline
            time.sleep(0.05)
        posted = Counter(call.args["channel"] for call in fake_slack.calls_to("chat.postMessage"))
        assert posted == Counter(f"D{i:04d}" for i in range(people))
        assert _stored(engine) == Counter(f"visited Clinic {i}" for i in range(people))
        assert "Traceback" not in again.logs()
    finally:
        stop_bot(again)
