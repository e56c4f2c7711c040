"""Nothing acknowledged is lost: a burst of slash commands, the server stopped mid-burst by
kill -9 or by a deploy's SIGTERM, then started again. Every command Slack was told we had
(HTTP 200) is carried out exactly once and answered on its response_url, on SQLite and on
PostgreSQL. The answers are slowed (users.info takes a fifth of a second) so that most commands
are still waiting when the server stops: the test checks that it really stopped mid-work."""

from __future__ import annotations

import signal
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage.db import make_engine
from storage.migrate import upgrade
from tests.conftest import postgres_schema
from tests.fakes.slack_api import FakeSlack, Fault
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import SIGNING_SECRET, start_bot

BURST = 30
FAST_RECOVERY = {"INBOX_LEASE_SECONDS": "1", "INBOX_SWEEP_SECONDS": "0.5"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'showup.db'}"
        engine = make_engine(url)
        yield url, engine
        engine.dispose()
        return
    with postgres_schema("showup_inbox") as engine:
        upgrade(engine)
        yield engine.url.render_as_string(hide_password=False), engine


def _stored(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(str(what) for what in conn.execute(text("SELECT what FROM commitments"))
                       .scalars())


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_every_acknowledged_command_is_carried_out_once_and_answered_after_a_restart(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine],
        stop: signal.Signals) -> None:
    url, engine = database
    fake_slack.faults.extend(Fault("users.info", status=200, delay=0.2) for _ in range(BURST))
    bot = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **FAST_RECOVERY)
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    forms = [slack.command_payload(f"U{i:04d}", f"commit visit Clinic {i} fri")
             for i in range(BURST)]

    def send(form: dict[str, str]) -> int:
        return slack.post(urllib.parse.urlencode(form),
                          "application/x-www-form-urlencoded").status

    with ThreadPoolExecutor(8) as senders:
        statuses = list(senders.map(send, forms))
    bot.process.send_signal(stop)
    bot.process.wait(timeout=30)
    acked = [form for form, status in zip(forms, statuses, strict=True) if status == 200]
    answered_before = sum(1 for form in acked if fake_slack.calls_to(_method(form)))
    assert len(acked) == BURST
    assert answered_before < len(acked), "the server finished everything before it stopped"

    again = start_bot(tmp_path, fake_slack, DATABASE_URL=url, **FAST_RECOVERY)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
                fake_slack.calls_to(_method(form)) for form in acked):
            time.sleep(0.2)
        unanswered = [form["text"] for form in acked if not fake_slack.calls_to(_method(form))]
        assert not unanswered, (unanswered[:3], again.logs()[-3000:], _inbox(engine))
        stored = _stored(engine)
        assert stored == Counter(f"visit Clinic {i}" for i in range(BURST)), stored
        for form in acked:
            answer = fake_slack.calls_to(_method(form))[-1].args
            assert answer["text"].startswith("📌 Committed #1: "), answer["text"]
        assert "Traceback" not in again.logs()
    finally:
        again.process.terminate()
        again.process.wait(timeout=10)


def _method(form: dict[str, str]) -> str:
    """The fake Slack's name for a command's response_url."""
    return form["response_url"].rsplit("/", 2)[-2] + "/" + form["response_url"].rsplit("/", 1)[-1]


def _inbox(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT id, received_at, claimed_until, processed_at, answered_at, attempts "
            "FROM inbox")).all())[:5]
