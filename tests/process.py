"""ShowUp as its users run it: `python app.py …` in a process of its own, on loopback."""

from __future__ import annotations

import atexit
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tests import zygote

ROOT = Path(__file__).resolve().parents[1]
CHAT_SETTINGS = ("SLACK_", "CLIENT_", "TENANT_ID", "DANGEROUSLY_", "SERVICE_URL")
# Served processes run their clock from this instant (a Wednesday morning in the practice's
# zone), so what they say does not depend on the day the suite runs. SHOWUP_TEST_AT moves it.
# The tests marked `clock_sensitive` also run from the instants where a week turns
# (tests/conftest.py's OTHER_INSTANTS, through the `pinned_at` fixture).
PINNED_AT = os.environ.get("SHOWUP_TEST_AT") or "2026-12-02T10:00:00-05:00"


def pinned_day(at: str = PINNED_AT) -> date:
    """The practice's date at `at` (PINNED_AT unless a test runs from another instant)."""
    return datetime.fromisoformat(at).date()


def ctrl_c_as_at_a_terminal() -> None:
    """A suite started in the background (`cmd &`) hands its children an ignored SIGINT, and
    Python then installs no Ctrl-C handler: give a started bot the terminal's default back."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningBot:
    url: str
    process: subprocess.Popen[str]
    log_path: Path
    database: Path

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


def app_env(tmp_path: Path, **env_extra: str) -> dict[str, str]:
    """This machine's environment without any chat credentials, plus the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CHAT_SETTINGS)}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'showup.db'}",
               SHOWUP_TIMEZONE="America/New_York", LOG_LEVEL="INFO", HOST="127.0.0.1",
               SCHEDULER_ENABLED="false", EXPORTS_DIR=str(tmp_path / "exports"))
    env.update(env_extra)
    return env


# The commands that open the database (and migrate it first); `migrate` itself is not one.
OPENS_DATABASE = {"", "console", "serve", "worker", "tick", "rollups", "--at"}
_TEMPLATE: list[Path] = []
_TEMPLATE_MADE = threading.Lock()


def _migrated_template() -> Path:
    """A SQLite file at the newest migration, made once per test process (tests start
    processes from several threads)."""
    with _TEMPLATE_MADE:
        if _TEMPLATE:
            return _TEMPLATE[0]
        from storage.db import make_engine
        from storage.migrate import upgrade

        template = Path(tempfile.mkdtemp(prefix="showup-template-")) / "showup.db"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        engine.dispose()   # closing the last connection folds the WAL into the file
        atexit.register(shutil.rmtree, template.parent, ignore_errors=True)
        _TEMPLATE.append(template)
        return template


def from_template(env: dict[str, str], command: tuple[str, ...] | list[str]) -> None:
    """Give a process about to start on a SQLite file that does not exist yet a copy of a
    migrated one, so that it does not spend a second migrating from nothing (what a first
    start does; the migration tests run that path, with `migrate` and on old files). A
    `migrate` run, another database or a file already there are left as they are."""
    url = env.get("DATABASE_URL", "")
    if not url.startswith("sqlite:///") or (command[0] if command else "") not in OPENS_DATABASE \
            or "--help" in command or "-h" in command:
        return
    database = Path(url.removeprefix("sqlite:///"))
    if database.exists() or not database.parent.is_dir():
        return
    shutil.copyfile(_migrated_template(), database)


def start_app(tmp_path: Path, *, command: tuple[str, ...] = ("serve",),
              ready: Callable[[RunningBot], bool] | None = None,
              env: dict[str, str] | None = None, at: str | None = PINNED_AT,
              **env_extra: str) -> RunningBot:
    """Start `python app.py <command>`; a serving process runs its clock from `at` (None: the
    real clock)."""
    if at is not None and command in {(), ("serve",)}:
        command = (*command, "--at", at)
    port = free_port()
    env = app_env(tmp_path, PORT=str(port), **{**(env or {}), **env_extra})
    from_template(env, command)
    log_path = tmp_path / "bot.log"
    log_file = log_path.open("w")
    process = zygote.ZygotePopen([sys.executable, "app.py", *command],
                               cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               text=True, preexec_fn=ctrl_c_as_at_a_terminal)
    bot = RunningBot(f"http://127.0.0.1:{port}", process, log_path, tmp_path / "showup.db")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bot exited early:\n{bot.logs()}")
        if ready is not None:
            if ready(bot):
                return bot
            time.sleep(0.05)
            continue
        try:
            with urllib.request.urlopen(bot.url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return bot
        except OSError:
            time.sleep(0.02)   # not up yet: look again soon (a start takes about a second)
    process.kill()
    raise AssertionError(f"bot did not become healthy:\n{bot.logs()}")


def stop_bot(running: RunningBot) -> None:
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


def run_tick(tmp_path: Path, at: str, **env_extra: str) -> str:
    """`python app.py tick --at …`: one plan-and-send pass in a process of its own."""
    env = app_env(tmp_path, **env_extra)
    from_template(env, ("tick",))
    done = zygote.run([sys.executable, "app.py", "tick", "--at", at], cwd=ROOT, env=env,
                      capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def run_app(tmp_path: Path, *args: str, stdin: str = "", **env_extra: str
            ) -> subprocess.CompletedProcess[str]:
    """`python app.py <args>` to completion, as a user would run it (at the default log level);
    no exit status asserted."""
    env = app_env(tmp_path, **{"LOG_LEVEL": "WARNING", **env_extra})
    from_template(env, args)
    return zygote.run([sys.executable, "app.py", *args], cwd=ROOT, input=stdin, env=env,
                      capture_output=True, text=True, timeout=120)


def console(tmp_path: Path, at: str, lines: list[str], member: str = "alex") -> str:
    """A console conversation from a pinned instant (`--at`, the practice's zone unless it
    says otherwise): what the person reads, everything the bot printed."""
    done = run_app(tmp_path, "console", "--as", member, "--at", at,
                   stdin="\n".join([*lines, ":quit"]) + "\n")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


# A dashboard sign-in link as the console prints it, on a line of its own.
LINK = re.compile(r"^http://127\.0\.0\.1:\d+/dashboard/sign-in\?token=\S+$")


class Console:
    """`python app.py console` kept open: say a line, read everything it answered."""

    def __init__(self, tmp_path: Path, port: int, member: str = "owner",
                 at: str = "2026-12-02T10:00", **env: str) -> None:
        environment = app_env(tmp_path, PORT=str(port), LOG_LEVEL="WARNING", **env)
        from_template(environment, ("console",))
        self.process = zygote.ZygotePopen(
            [sys.executable, "app.py", "console", "--as", member, "--at", at], cwd=ROOT,
            env=environment, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self._next().startswith("ShowUp console")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def _next(self) -> str:
        return self.lines.get(timeout=30)

    def say(self, line: str) -> list[str]:
        """What the console printed for `line` (read up to the `:who` sent after it)."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n:who\n")
        self.process.stdin.flush()
        said: list[str] = []
        while not re.fullmatch(r"You are [\w.-]+\.", said[-1] if said else ""):
            said.append(self._next())
        return said[1:-2]   # without the echoed line, the echoed :who and its answer

    def close(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(":quit\n")
        self.process.stdin.flush()
        _, err = self.process.communicate(timeout=30)
        return err


def link_from(said: list[str]) -> str:
    """The one sign-in link among what the console printed."""
    links = [line for line in said if LINK.match(line)]
    assert len(links) == 1, said
    return links[0]
