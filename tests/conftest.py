"""Shared fixtures: a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
the coaching core on it, and a conversation helper that reads like a chat with the bot."""

from __future__ import annotations

import gc
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.coach import Coach
from bot.messages import Actor, Reply
from bot.model import Platform
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from storage.uow import uow_factory
from tests.fakes.slack_api import FakeSlack
from tests.process import PINNED_AT


def _keep_compiled_code() -> None:
    """The suite starts hundreds of Pythons (`app.py` runs, the xdist workers, pytests of
    their own): where PYTHONDONTWRITEBYTECODE keeps the tree free of `__pycache__`, each of
    them would compile ShowUp's modules again. They keep the compiled code in a folder of
    the machine's temporary directory instead (PYTHONPYCACHEPREFIX), and the tree stays
    clean."""
    if not (os.environ.get("PYTHONDONTWRITEBYTECODE") or sys.dont_write_bytecode):
        return
    prefix = os.environ.get("PYTHONPYCACHEPREFIX") or str(
        Path(tempfile.gettempdir()) / "showup-pycache")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.pycache_prefix = prefix
    sys.dont_write_bytecode = False


_keep_compiled_code()

PRACTICE_TZ = "America/New_York"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
POSTGRES_REQUIRED = os.environ.get("SHOWUP_REQUIRE_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "long: runs for many seconds (several processes, or a pytest of its own); "
        "the workers start its module first")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The order the xdist workers take modules in (`--dist loadscope
    --no-loadscope-reorder`, pyproject's addopts: a module's tests stay on one worker, where
    they share its served bot): modules with a `long` test first and the unit tests last, so
    that a run does not end with three workers idle while the fourth is in a long test."""
    long_modules = {item.nodeid.split("::")[0] for item in items
                    if item.get_closest_marker("long")}

    def when(item: pytest.Item) -> int:
        module = item.nodeid.split("::")[0]
        return 0 if module in long_modules else 2 if module.startswith("tests/unit/") else 1

    items.sort(key=when)


# The instants the served tests marked `clock_sensitive` (the ones that say what a bot answers
# about days and weeks) run from besides PINNED_AT, a Wednesday: where a week turns.
OTHER_INSTANTS = ("2026-11-29T23:30:00-05:00",   # Sunday 23:30 in New York
                  "2026-11-30T00:10:00-05:00")   # Monday 00:10 (Sunday 23:10 in Chicago)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A `clock_sensitive` test runs once from each instant: its bot (through `pinned_at`)
    starts its clock there. The parameter is the module's, so a module that shares one bot
    among its tests starts one more for each other instant."""
    if metafunc.definition.get_closest_marker("clock_sensitive"):
        instants = list(dict.fromkeys((PINNED_AT, *OTHER_INSTANTS)))
        metafunc.parametrize("pinned_at", instants, indirect=True, scope="module")


@pytest.fixture(scope="module")
def pinned_at(request: pytest.FixtureRequest) -> str:
    """The instant a served bot's clock runs from: PINNED_AT, or for a `clock_sensitive`
    test each of the instants in turn."""
    return str(getattr(request, "param", PINNED_AT))


def pytest_collection_finish(session: pytest.Session) -> None:
    """A test process holds every test module, SQLAlchemy and Bolt for the whole run, and
    Python's collector walked all of them again and again: with its default thresholds a
    worker spent 8-25 s in collections (51.7 s over the four workers of one run; 30.2 s
    with this). What is alive once the tests are collected is kept out of the walks, and a
    collection waits for more new objects. (The processes the tests start freeze what they
    inherit from the zygote, tests/zygote.py; their thresholds are Python's.)"""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def postgres_or_skip() -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    if POSTGRES_REQUIRED:
        pytest.fail("SHOWUP_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
    pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (e.g. "
                "postgresql://postgres@127.0.0.1:5432/test)")


@contextmanager
def postgres_schema(prefix: str) -> Iterator[Engine]:
    """An engine on a PostgreSQL schema of its own, dropped with everything in it at the end."""
    url = postgres_or_skip()
    schema = f"{prefix}_{secrets.token_hex(4)}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    # Commits don't wait for PostgreSQL's own disk flush (1.6 ms each on this machine's disk):
    # what a test kills is ShowUp, never PostgreSQL, so every commit is still seen by every
    # other connection at once. The URL carries it to the processes a test starts.
    engine = make_engine(f"{url}{separator}options=-csearch_path%3D{schema}"
                         "%20-csynchronous_commit%3Doff")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[Engine]:
    """One migrated PostgreSQL schema for the session, dropped at the end."""
    with postgres_schema("showup_test") as engine:
        upgrade(engine)
        yield engine


# Every sequence of the schema back to 1, as TRUNCATE ... RESTART IDENTITY would.
_RESTART_SEQUENCES = text(
    "SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n "
    "ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = current_schema()")


def empty_postgres(engine: Engine, tables: list[str] | None = None) -> None:
    """Every row gone and every id back to 1. DELETE with triggers and foreign keys off for
    the transaction (`session_replication_role`: the append-only log's trigger would refuse
    it), not TRUNCATE: a TRUNCATE of the 23 tables takes PostgreSQL over half a second, as
    it gives each table new files; deleting the few rows a test wrote takes milliseconds.
    Without the superuser that setting needs, TRUNCATE as before. `tables`: ShowUp's own
    by default."""
    names = tables if tables is not None else [t.name for t in Base.metadata.sorted_tables]
    with engine.begin() as conn:
        superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = "
                                      "current_user")).scalar()
        if not superuser:
            listed = ", ".join(f'"{name}"' for name in names)
            conn.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))
            return
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for name in names:
            conn.execute(text(f'DELETE FROM "{name}"'))
        conn.execute(_RESTART_SEQUENCES)


@pytest.fixture
def postgresql_engine(migrated_postgres: Engine) -> Engine:
    """The session's schema, emptied for this test (faster than migrating a new one)."""
    empty_postgres(migrated_postgres)
    return migrated_postgres


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test starts from a copy of."""
    template = tmp_path_factory.mktemp("template") / "showup.db"
    engine = make_engine(f"sqlite:///{template}")
    upgrade(engine)
    engine.dispose()  # closing the last connection folds the WAL into the file
    return template


@pytest.fixture
def sqlite_engine(tmp_path: Path, migrated_sqlite: Path) -> Iterator[Engine]:
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")
    engine = make_engine(f"sqlite:///{tmp_path}/showup.db")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each storage and use-case test runs on both databases."""
    return request.getfixturevalue(f"{request.param}_engine")  # type: ignore[no-any-return]


@pytest.fixture
def clock() -> MovableClock:
    # Monday 30 November 2026, 10:00 in the practice's zone.
    return MovableClock(datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo(PRACTICE_TZ)))


@pytest.fixture
def coach(engine: Engine) -> Coach:
    return Coach(uow_factory(engine), PRACTICE_TZ)


class Conversation:
    """A chat with the bot: `say("alex", "commit …")` returns the reply text."""

    def __init__(self, coach: Coach, clock: MovableClock, team: str = "T1") -> None:
        self.coach = coach
        self.clock = clock
        self.team = team
        self.last: Reply | None = None

    def actor(self, who: str, tz: str | None = None) -> Actor:
        return Actor(Platform.CONSOLE, self.team, who.lower(), who, team_name="Practice",
                     timezone=tz)

    def say(self, who: str, line: str, tz: str | None = None) -> str:
        self.last = self.coach.handle(self.actor(who, tz), line, self.clock.now())
        return self.last.text


@pytest.fixture
def chat(coach: Coach, clock: MovableClock) -> Conversation:
    chat = Conversation(coach, clock)
    chat.say("Owner", "list")
    return chat


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A fake Slack Web API on loopback, with three people in its directory."""
    fake = FakeSlack().start()
    for user, name, tz, admin in (("U0ALEX", "Alex", "America/New_York", False),
                                  ("U0SAM", "Sam", "Europe/London", False),
                                  ("U0OWNER", "Olivia", "America/New_York", True)):
        fake.add_user(user, name, tz, admin)
    yield fake
    fake.stop()
