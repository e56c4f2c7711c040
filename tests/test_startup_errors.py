"""Setup mistakes a practice owner makes: `showup` stops with one line on stderr that names
the setting and the fix, never a traceback, and a non-zero status. Every command here runs as
a process of its own, all of them at once, at the default log level."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy.engine import make_url

from startup import INTERRUPTED, announce
from tests import zygote
from tests.conftest import POSTGRES_URL, postgres_or_skip
from tests.fakes.slack_api import FakeSlack, Fault
from tests.process import ROOT, app_env, ctrl_c_as_at_a_terminal, free_port, start_app

pytestmark = pytest.mark.long

APP_ID = "00000000-0000-4000-8000-0000000000c1"
BOT = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
       "SLACK_API_URL": "{slack}"}
PLAYGROUND = {"DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS": "true"}


class Run(NamedTuple):
    """A command and its settings; `{slack}` in a setting starts a fake Slack of its own,
    which answers with `slack` first."""

    args: tuple[str, ...]
    env: dict[str, str]
    slack: Fault | None = None
    postgres: bool = False


class Outcome(NamedTuple):
    status: int
    stdout: str
    stderr: str


def _postgres(**parts: str) -> str:
    if not POSTGRES_URL:
        return ""
    return make_url(POSTGRES_URL).set(**parts).render_as_string(hide_password=False)


# Each mistake, the command that meets it, and words its one line must hold.
MISTAKES: dict[str, tuple[Run, tuple[str, ...]]] = {
    "log level verbose": (Run(("migrate",), {"LOG_LEVEL": "verbose"}), ("LOG_LEVEL", "INFO")),
    "port not a number": (Run(("serve",), {"PORT": "abc"}), ("PORT=abc",)),
    "port out of range": (Run(("serve",), {"PORT": "70000"}), ("PORT=70000",)),
    "unknown time zone": (Run(("migrate",), {"SHOWUP_TIMEZONE": "Mars/Olympus"}),
                          ("SHOWUP_TIMEZONE=Mars/Olympus", "America/Chicago")),
    "time zone in the wrong case": (Run(("migrate",), {"SHOWUP_TIMEZONE": "America/chicago"}),
                                    ("SHOWUP_TIMEZONE=America/chicago", "America/Chicago")),
    "time zone without daylight saving": (Run(("migrate",), {"SHOWUP_TIMEZONE": "EST"}),
                                          ("SHOWUP_TIMEZONE=EST", "America/New_York")),
    "tick seconds zero": (Run(("worker",), {"TICK_SECONDS": "0"}), ("TICK_SECONDS",)),
    "a bound broken": (Run(("tick",), {"SEND_THREADS": "0"}), ("SEND_THREADS=0",)),
    "not a yes or no": (Run(("serve",), {"SCHEDULER_ENABLED": "maybe"}),
                        ("SCHEDULER_ENABLED=maybe",)),
    "database url unparseable": (Run(("migrate",), {"DATABASE_URL": "showup database"}),
                                 ("DATABASE_URL", "postgresql://")),
    "sqlite address with two slashes": (Run(("migrate",), {"DATABASE_URL": "sqlite://showup.db"}),
                                        ("DATABASE_URL", "three slashes")),
    "database scheme unsupported": (Run(("migrate",), {"DATABASE_URL": "mysql://u@localhost/s"}),
                                    ("DATABASE_URL", "mysql")),
    "postgresql unreachable": (Run(("migrate",), {
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:{closed}/test"}),
        ("DATABASE_URL", "127.0.0.1:{closed}", "Connection refused")),
    "postgresql role unknown": (Run(("migrate",), {"DATABASE_URL": "{nobody}"}, postgres=True),
                                ("DATABASE_URL", '"nobody"', "user name")),
    "postgresql database unknown": (Run(("migrate",), {"DATABASE_URL": "{nosuchdb}"},
                                        postgres=True),
                                    ("DATABASE_URL", '"nosuchdb"', "createdb nosuchdb")),
    "sqlite folder cannot be made": (Run(("migrate",), {
        "DATABASE_URL": "sqlite:///{tmp}/a-file/showup.db"}), ("DATABASE_URL", "a-file")),
    "sqlite file is a folder": (Run(("console",), {"DATABASE_URL": "sqlite:///{tmp}"}),
                                ("DATABASE_URL", "folder")),
    "slack refuses the bot token": (Run(("serve",), BOT, Fault(
        "auth.test", status=200, error="invalid_auth")), ("SLACK_BOT_TOKEN", "invalid_auth")),
    "slack unreachable": (Run(("serve",), {
        **BOT, "SLACK_API_URL": "http://127.0.0.1:{closed}/api/"}),
        ("Cannot reach Slack", "SLACK_API_URL")),
    "slack refuses the app token": (Run((), {**BOT, "SLACK_APP_TOKEN": "xapp-revoked"}, Fault(
        "apps.connections.open", status=200, error="invalid_auth")),
        ("SLACK_APP_TOKEN", "invalid_auth")),
    "bot token in the app-token slot": (Run((), {**BOT, "SLACK_APP_TOKEN": "xoxb-test"}),
                                        ("SLACK_APP_TOKEN", "xapp-")),
    "app token in the bot-token slot": (Run((), {**BOT, "SLACK_BOT_TOKEN": "xapp-1"}),
                                        ("SLACK_BOT_TOKEN", "xoxb-")),
    "app token that is no token": (Run((), {**BOT, "SLACK_APP_TOKEN": "connections:write"}),
                                   ("SLACK_APP_TOKEN", "xapp-")),
    "app token without a bot token": (Run((), {"SLACK_APP_TOKEN": "xapp-1"}),
                                      ("SLACK_BOT_TOKEN",)),
    "signing secret alone": (Run((), {"SLACK_SIGNING_SECRET": "s"}), ("SLACK_SIGNING_SECRET",)),
    "slack over http without a signing secret": (Run(("serve",), {
        **BOT, "SLACK_SIGNING_SECRET": ""}), ("SLACK_SIGNING_SECRET",)),
    "teams without a secret": (Run(("serve",), {"CLIENT_ID": APP_ID}), ("CLIENT_SECRET",)),
    "nothing to serve": (Run(("serve",), {}), ("Slack or Teams", "console")),
    "port in use": (Run(("serve",), {**PLAYGROUND, "PORT": "{busy}"}), ("PORT={busy}",
                                                                       "in use")),
    "host not on this machine": (Run(("serve",), {**PLAYGROUND, "HOST": "203.0.113.7"}),
                                 ("HOST=203.0.113.7",)),
    "public url not a web address": (Run(("migrate",), {"PUBLIC_URL": "showup.example.org"}),
                                     ("PUBLIC_URL=showup.example.org", "https://host")),
    "public url with a path": (Run(("serve",), {**PLAYGROUND,
                                                "PUBLIC_URL": "https://example.org/showup"}),
                               ("PUBLIC_URL=https://example.org/showup", "nothing after")),
    "dashboard secret too short": (Run(("migrate",), {"DASHBOARD_SECRET": "hunter2"}),
                                   ("DASHBOARD_SECRET is too short", "32")),
    "exports folder is a file": (Run(("console",), {"EXPORTS_DIR": "{tmp}/a-file/exports"}),
                                 ("EXPORTS_DIR", "a-file")),
    "teams client id not a guid": (Run(("teams-package",), {"CLIENT_ID": "my-bot"}),
                                   ("CLIENT_ID", "GUID")),
    "teams version not x.y.z": (Run(("teams-package", "--version", "1.2"),
                                    {"CLIENT_ID": APP_ID}), ("--version", "1.0.0")),
    "an option of another command": (Run(("serve", "--check"), {}),
                                      ("showup serve", "--check")),
    "an option before its command": (Run(("--at", "2026-12-04T15:00", "tick"), {}),
                                     ("showup tick", "after the command")),
    "an instant that is none": (Run(("tick", "--at", "friday"), {}), ("--at", "ISO")),
    "an unknown command": (Run(("srve",), {}), ("srve", "serve")),
    "no server processes": (Run(("serve", "--workers", "0"), {}), ("--workers", "'0'", "1 to")),
    "web concurrency not a number": (Run(("serve",), {**PLAYGROUND, "WEB_CONCURRENCY": "auto"}),
                                     ("WEB_CONCURRENCY=auto",)),
    "port in use, several processes": (Run(("serve", "--workers", "2"),
                                           {**PLAYGROUND, "PORT": "{busy}"}),
                                       ("PORT={busy}", "in use")),
}

# Each command's own options, and options of others it must not offer.
HELP: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "console": (("--as", "--at"), ("--check", "--out")),
    "serve": (("--at", "--workers"), ("--as", "--check", "--to")),
    "worker": ((), ("--at", "--check")),
    "tick": (("--at",), ("--as", "--out")),
    "migrate": (("--check", "--to"), ("--at", "--as")),
    "teams-package": (("--out", "--website", "--version"), ("--at", "--check")),
}
PACKAGE = Run(("teams-package", "--version", "2.3.4", "--out", "{tmp}/showup-teams.zip"),
              {"CLIENT_ID": APP_ID})


def _all_runs() -> dict[str, Run]:
    runs = {name: run for name, (run, _) in MISTAKES.items()}
    runs.update({f"help {name}": Run((name, "--help"), {}) for name in HELP})
    runs["package"] = PACKAGE
    return {name: run for name, run in runs.items() if POSTGRES_URL or not run.postgres}


class Places(dict[str, str]):
    """What the `{…}` in a run's arguments and settings stand for."""

    def fill(self, text: str) -> str:
        return text.format(**self)


@pytest.fixture(scope="module")
def places() -> Iterator[Places]:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield Places(closed=str(free_port()), busy=str(busy.getsockname()[1]),
                     nobody=_postgres(username="nobody"),
                     nosuchdb=_postgres(database="nosuchdb"))


@pytest.fixture(scope="module")
def outcomes(places: Places, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[dict[str, Outcome]]:
    fakes: list[FakeSlack] = []
    try:
        with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as pool:
            started = {name: pool.submit(_run, run, places, tmp_path_factory.mktemp("startup"),
                                         fakes)
                       for name, run in _all_runs().items()}
            done = {name: future.result() for name, future in started.items()}
        yield done
    finally:
        for fake in fakes:
            fake.stop()


def _run(run: Run, places: Places, folder: Path, fakes: list[FakeSlack]) -> Outcome:
    """`app.py <args>` in a folder of its own (so no `.env` is read), as a user runs it."""
    (folder / "a-file").write_text("not a folder")
    mine = Places(places, tmp=str(folder))
    if any("{slack}" in value for value in run.env.values()):
        fake = FakeSlack().start()
        fakes.append(fake)
        if run.slack is not None:
            fake.faults.append(run.slack)
        mine["slack"] = fake.api_url
    env = app_env(folder, **{"LOG_LEVEL": "WARNING", "PORT": str(free_port()),
                             **{key: mine.fill(value) for key, value in run.env.items()}})
    done = zygote.run([sys.executable, str(ROOT / "app.py"),
                           *(mine.fill(arg) for arg in run.args)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_setup_mistake_is_one_line_naming_the_setting(
        mistake: str, outcomes: dict[str, Outcome], places: Places) -> None:
    run, words = MISTAKES[mistake]
    if run.postgres:
        postgres_or_skip()
    done = outcomes[mistake]
    lines = done.stderr.strip().splitlines()
    assert done.status == 2 and len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    for word in words:
        assert places.fill(word) in lines[0]


@pytest.mark.parametrize("command", HELP)
def test_each_command_has_its_own_help(command: str, outcomes: dict[str, Outcome]) -> None:
    done = outcomes[f"help {command}"]
    assert done.status == 0 and done.stderr == ""
    assert done.stdout.startswith(f"usage: showup {command} ")
    own, others = HELP[command]
    for option in own:
        assert option in done.stdout
    for option in others:
        assert f"{option} " not in done.stdout


def test_a_secret_too_short_is_not_repeated(outcomes: dict[str, Outcome]) -> None:
    assert "hunter2" not in outcomes["dashboard secret too short"].stderr


def test_the_teams_package_carries_its_version(outcomes: dict[str, Outcome]) -> None:
    done = outcomes["package"]
    assert done.status == 0, done.stderr
    written = Path(done.stdout.split("Wrote ", 1)[1].split(". Upload", 1)[0])
    with zipfile.ZipFile(written) as package:
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["version"] == "2.3.4" and manifest["id"] == APP_ID


def test_ctrl_c_stops_a_server_quietly_and_its_start_was_shown(
        tmp_path: Path, fake_slack: FakeSlack) -> None:
    bot = start_app(tmp_path, LOG_LEVEL="WARNING", SLACK_BOT_TOKEN="xoxb-test",
                    SLACK_SIGNING_SECRET="s", SLACK_API_URL=fake_slack.api_url)
    bot.process.send_signal(signal.SIGINT)
    assert bot.process.wait(timeout=30) == INTERRUPTED
    port = bot.url.rsplit(":", 1)[1]
    assert f"\nserving slack and the dashboard over HTTP on 127.0.0.1:{port}\n" in \
        f"\n{bot.logs()}"
    assert "Traceback" not in bot.logs() and "KeyboardInterrupt" not in bot.logs()


def test_ctrl_c_stops_the_console_quietly(tmp_path: Path) -> None:
    console = zygote.ZygotePopen([sys.executable, "app.py", "console", "--as", "alex"], cwd=ROOT,
                               env=app_env(tmp_path, LOG_LEVEL="WARNING"), text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=ctrl_c_as_at_a_terminal)
    assert console.stdout is not None
    assert console.stdout.readline().startswith("ShowUp console")
    console.send_signal(signal.SIGINT)
    out, err = console.communicate(timeout=30)
    assert console.returncode == INTERRUPTED and err == "" and "Traceback" not in out


def test_a_start_is_an_info_line_or_else_a_plain_one(caplog: pytest.LogCaptureFixture,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    caplog.set_level(logging.INFO, logger="showup")
    announce("serving teams over HTTP on 0.0.0.0:3000")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("INFO", "serving teams over HTTP on 0.0.0.0:3000")]
    caplog.clear()
    caplog.set_level(logging.WARNING, logger="showup")
    announce("connecting to Slack in Socket Mode")
    assert caplog.records == []
    assert capsys.readouterr().err == "connecting to Slack in Socket Mode\n"
