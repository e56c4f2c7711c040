"""The processes a benchmark measures: ShowUp as users run it, a bare Bolt app, PostgreSQL
schemas of their own, and the fake Slack they all talk to."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from storage.db import make_engine
from storage.migrate import upgrade
from tests.fakes.slack_api import FakeSlack
from tests.process import PINNED_AT, RunningBot, free_port, start_app, stop_bot

SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_available() -> bool:
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@contextmanager
def database(kind: str, folder: Path) -> Iterator[tuple[str, Engine]]:
    """A migrated, empty database: a SQLite file, or a PostgreSQL schema dropped after."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        yield url, engine
        engine.dispose()
        return
    schema = f"showup_bench_{secrets.token_hex(4)}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + \
        f"options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        yield url, engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def start_showup(folder: Path, database_url: str, fake: FakeSlack,
                 serve_args: Sequence[str] = (), **env: str) -> RunningBot:
    """`app.py serve` (with `serve_args`, e.g. ["--workers", "2"]) on `database_url`."""
    return start_app(folder, command=("serve", *serve_args, "--at", PINNED_AT), env={
        "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url, **env})


def start_bare_bolt(folder: Path, fake: FakeSlack) -> RunningBot:
    """The floor: Bolt on the same Starlette + uvicorn stack, acking and doing nothing."""
    import subprocess
    import time
    import urllib.request

    port = free_port()
    log_path = folder / "bare-bolt.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.bare_bolt", str(port), fake.api_url],
        cwd=Path(__file__).resolve().parents[1], stdout=log_path.open("w"),
        stderr=subprocess.STDOUT, text=True)
    bot = RunningBot(f"http://127.0.0.1:{port}", process, log_path, folder / "none.db")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(bot.logs())
        try:
            with urllib.request.urlopen(bot.url + "/healthz", timeout=1):
                return bot
        except OSError:
            time.sleep(0.1)
    stop_bot(bot)
    raise RuntimeError("bare Bolt app did not start")
