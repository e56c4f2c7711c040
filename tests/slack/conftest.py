"""A running ShowUp (`python app.py serve`) wired to a fake Slack, both on loopback.

`bot` and `slack` start one for each test. A module whose tests can share one instead starts
a `SlackServer` once (a module-scoped fixture) and gives each test a `visit` of it: see
`SlackServer`."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.conftest import empty_postgres
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import PINNED_AT, RunningBot, free_port, start_app, stop_bot

__all__ = ["RunningBot", "SlackServer", "Visit", "free_port", "start_bot", "stop_bot",
           "wait_until"]

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
# The people in the fake Slack's directory (as tests/conftest.py's `fake_slack` has them).
PEOPLE = (("U0ALEX", "Alex", "America/New_York", False),
          ("U0SAM", "Sam", "Europe/London", False),
          ("U0OWNER", "Olivia", "America/New_York", True))


def start_bot(tmp_path: Path, fake: FakeSlack, *, command: tuple[str, ...] = ("serve",),
              ready: Callable[[RunningBot], bool] | None = None,
              at: str | None = PINNED_AT, **env_extra: str) -> RunningBot:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake.api_url, **env_extra}
    return start_app(tmp_path, command=command, ready=ready, at=at, **env)


def wait_until(ready: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait for a sign that what a test checks next has happened; asserts nothing (what
    follows does), and gives up after `timeout`."""
    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def bot(tmp_path: Path, fake_slack: FakeSlack, pinned_at: str) -> Iterator[RunningBot]:
    running = start_bot(tmp_path, fake_slack, at=pinned_at)
    yield running
    stop_bot(running)


@pytest.fixture
def slack(bot: RunningBot, fake_slack: FakeSlack) -> SlackSimulator:
    return SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")


@dataclass
class BotSince(RunningBot):
    """A module's bot as one test sees it: its log from where the test began."""

    log_offset: int = 0

    def logs(self) -> str:
        with self.log_path.open("rb") as log:
            log.seek(self.log_offset)
            return log.read().decode(errors="replace")


@dataclass
class Visit:
    """One test's share of a `SlackServer`: the fake Slack, the bot, and Slack's side of the
    conversation for a workspace no other test of the module uses."""

    fake: FakeSlack
    bot: RunningBot
    slack: SlackSimulator
    server: SlackServer

    def new_team(self) -> str:
        """Another workspace id no test of the module has used (for tests of several)."""
        return self.server.new_team()


class SlackServer:
    """`python app.py serve` and the fake Slack it talks to, started once for a test module
    (a process start is most of what a served test costs). Each test `visit`s it and finds
    what a bot of its own would have given it:

    - a database with nothing in it (the tests before it waited for, then emptied; its
      numbering starts again at 1);
    - a workspace of its own: a team id no test before it used, so what the bot remembers
      per workspace in memory (who a person is, from `users.info`) starts empty;
    - a fake Slack that has recorded no calls, holds no faults and knows the usual people;
    - the bot's log from where the test began (`bot.logs()`)."""

    def __init__(self, tmp_path: Path, *, template: Path | None = None,
                 database_url: str | None = None, at: str = PINNED_AT, **env: str) -> None:
        """`template`: a migrated SQLite database to start from a copy of (rather than have
        the bot migrate a new one); `database_url`: another database (PostgreSQL); `at`: the
        instant the bot's clock runs from (a module that counts days pins its own)."""
        if template is not None and database_url is None:
            shutil.copyfile(template, tmp_path / "showup.db")
        self.fake = FakeSlack().start()
        self.database_url = database_url or f"sqlite:///{tmp_path / 'showup.db'}"
        self._teams = itertools.count(1)
        self._reset_fake()
        try:
            self.bot = start_bot(tmp_path, self.fake, at=at, DATABASE_URL=self.database_url,
                                 **env)
        except BaseException:
            self.fake.stop()
            raise
        self.engine = make_engine(self.database_url)

    def stop(self) -> None:
        self.engine.dispose()
        stop_bot(self.bot)
        self.fake.stop()

    def new_team(self) -> str:
        return f"T{next(self._teams):03d}VISIT"

    def visit(self) -> Visit:
        self._settle()
        self._empty_database()
        self._reset_fake()
        bot = BotSince(self.bot.url, self.bot.process, self.bot.log_path, self.bot.database,
                       log_offset=self.bot.log_path.stat().st_size)
        slack = SlackSimulator(bot.url, SIGNING_SECRET, self.fake.url + "/",
                               team_id=self.new_team())
        return Visit(self.fake, bot, slack, self)

    def _settle(self) -> None:
        """Wait until what the last test left on the bot's workers has been answered."""
        def answered() -> bool:
            with self.engine.connect() as conn:
                return not conn.execute(text(
                    "SELECT count(*) FROM inbox WHERE answered_at IS NULL")).scalar()

        wait_until(answered)

    def _empty_database(self) -> None:
        """Every row gone, the schema (and its migration record) kept."""
        ours = [table.name for table in reversed(Base.metadata.sorted_tables)]
        found = set(inspect(self.engine).get_table_names())
        # Slack's OAuth tables (storage/slack_oauth.py) besides ShowUp's own.
        tables = sorted(found - set(ours) - {"alembic_version"}) + \
            [name for name in ours if name in found]
        if self.engine.dialect.name == "sqlite":
            with sqlite3.connect(self.bot.database) as db:
                db.execute("PRAGMA secure_delete = ON")   # no earlier test's words left over
                for name in tables:
                    db.execute(f'DELETE FROM "{name}"')
                # ...and the ids counted from 1 again, as in a new database (PostgreSQL's
                # RESTART IDENTITY below)
                db.execute("DELETE FROM sqlite_sequence")
            with sqlite3.connect(self.bot.database) as db:
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")   # ...in the file, either
        else:
            empty_postgres(self.engine, tables)

    def _reset_fake(self) -> None:
        fake = self.fake
        fake.calls.clear()
        fake.faults.clear()
        fake.users.clear()
        for user, name, tz, admin in PEOPLE:
            fake.add_user(user, name, tz, admin)
        for recorded in (fake.missing_channels, fake.uploads, fake.shared_files,
                         fake.teams_by_token, fake.messages, fake.installs):
            recorded.clear()
        fake.chaos, fake.limits, fake.latency = None, None, 0.0


@pytest.fixture(scope="module")
def slack_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path,
                 pinned_at: str) -> Iterator[SlackServer]:
    """One served bot (a single workspace token, SQLite) for the module that asks for it."""
    server = SlackServer(tmp_path_factory.mktemp("slack"), template=migrated_sqlite,
                         at=pinned_at)
    yield server
    server.stop()


@pytest.fixture
def visit(slack_server: SlackServer) -> Visit:
    return slack_server.visit()


def the_modules_bot() -> tuple[object, object, object]:
    """`fake_slack`, `bot` and `slack` fixtures that are the module's one served bot (its
    `visit`), for a module that shares it: `_fake, _bot, _slack = the_modules_bot()`."""

    @pytest.fixture(name="fake_slack")
    def shared_fake(visit: Visit) -> FakeSlack:
        return visit.fake

    @pytest.fixture(name="bot")
    def shared_bot(visit: Visit) -> RunningBot:
        return visit.bot

    @pytest.fixture(name="slack")
    def shared_slack(visit: Visit) -> SlackSimulator:
        return visit.slack

    return shared_fake, shared_bot, shared_slack


def shared_database(request: pytest.FixtureRequest, tmp_path: Path, schema: str
                    ) -> Iterator[tuple[str, Engine]]:
    """For a fixture parametrised over ["sqlite", "postgresql"]: an up-to-date database the
    bots share, its URL and an engine — a copy of the session's migrated SQLite file, or a
    PostgreSQL schema of its own (the bots find nothing to migrate either way)."""
    from tests.conftest import postgres_schema

    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), tmp_path / "showup.db")
        url = f"sqlite:///{tmp_path / 'showup.db'}"
        engine = make_engine(url)
        yield url, engine
        engine.dispose()
        return
    with postgres_schema(schema) as engine:
        upgrade(engine)
        yield engine.url.render_as_string(hide_password=False), engine


def command_burst(bot: RunningBot, fake: FakeSlack, people: int) -> list[dict[str, str]]:
    """A signed `/outreach commit …` from each of `people` people, sent eight at a time; the
    forms that were acknowledged (each names its own response_url)."""
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake.url + "/")
    forms = [slack.command_payload(f"U{i:04d}", f"commit visit Clinic {i} fri")
             for i in range(people)]

    def send(form: dict[str, str]) -> int:
        return slack.post(urllib.parse.urlencode(form),
                          "application/x-www-form-urlencoded").status

    with ThreadPoolExecutor(8) as senders:
        statuses = list(senders.map(send, forms))
    return [form for form, status in zip(forms, statuses, strict=True) if status == 200]
