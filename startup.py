"""Setup mistakes in the practice owner's words: each stops ShowUp with one line on stderr
that names the setting and the fix, never a traceback (README: "When ShowUp will not start").

Every `showup` command imports this module first, so it imports nothing heavy at the top:
pydantic (the settings), SQLAlchemy (the database address) and the Teams module come when
a check needs them, and `--help` or a mistyped command answers at once."""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.practice_calendar import choose_zone

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails
    from sqlalchemy.engine import URL

    from settings import Settings

# Ctrl-C ends ShowUp quietly with the status a shell gives an interrupted command (128 + 2).
INTERRUPTED = 130
MISTAKE = 2
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASES = "sqlite:///showup.db or postgresql://user:password@host:5432/dbname"
DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}
MIN_SECRET_CHARS = 32
SLACK_FIXES = {
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-…) from your Slack app's Install "
                       "App page into SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN": "generate an app-level token with the connections:write scope (Basic "
                       "Information → App-Level Tokens) and put it, xapp-…, in SLACK_APP_TOKEN",
}


class StartupError(Exception):
    """A mistake in the setup that the owner can fix; its text is the whole message."""


def guarded(run: Callable[[], int]) -> int:
    """`run`'s exit status; a setup mistake prints its one line, and Ctrl-C prints nothing."""
    try:
        return run()
    except StartupError as mistake:
        print(" ".join(str(mistake).splitlines()), file=sys.stderr)
        return MISTAKE
    except KeyboardInterrupt:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        return INTERRUPTED


def announce(line: str) -> None:
    """A normal start: an INFO line in the log, or, when the log shows no INFO lines (the
    default), the same words printed plainly, so the owner sees that ShowUp is up."""
    log = logging.getLogger("showup")
    if log.isEnabledFor(logging.INFO):
        log.info(line)
    else:
        print(line, file=sys.stderr, flush=True)


def load_settings() -> Settings:
    """The settings, checked: an unreadable or impossible value is a StartupError."""
    from pydantic import ValidationError

    from settings import Settings

    try:
        settings = Settings()
    except ValidationError as invalid:
        raise StartupError("; ".join(_invalid(problem) for problem in invalid.errors())
                           + " (see .env.example).") from None
    _check(settings)
    return settings


def _invalid(problem: ErrorDetails) -> str:
    name = str((problem["loc"] or ("a setting",))[0]).upper()
    message = problem["msg"]
    value = " ".join(str(problem.get("input", "")).split())[:40]
    shown = "" if re.search("TOKEN|SECRET|PASSWORD", name) else f"={value}"
    return f"{name}{shown} is not valid: {message[:1].lower()}{message[1:]}"


def _check(settings: Settings) -> None:
    from handlers.teams.people import GUID

    if settings.log_level.upper() not in LOG_LEVELS:
        raise StartupError(f"LOG_LEVEL={settings.log_level} is not a log level: use one of "
                           f"{', '.join(LOG_LEVELS)} (WARNING is the default).")
    zone = settings.showup_timezone.strip()
    found, suggestion = choose_zone(zone) if zone else (zone, None)
    if suggestion:   # "EST", "UTC", "Etc/GMT+5": no daylight saving
        raise StartupError("SHOWUP_TIMEZONE=" + suggestion)
    if found is None or (found != zone and found.lower() == zone.lower()):
        fix = f"write it as {found}" if found else (
            "use an IANA name such as America/Chicago, or leave it empty for this machine's "
            "zone")
        raise StartupError(f"SHOWUP_TIMEZONE={zone} is not a time zone ShowUp knows: {fix}.")
    if not 1 <= settings.port <= 65535:
        raise StartupError(f"PORT={settings.port} is not a port: use a number from 1 to 65535, "
                           "e.g. PORT=3000.")
    if settings.tick_seconds < 1:
        raise StartupError(f"TICK_SECONDS={settings.tick_seconds} would never tick: use 1 or "
                           "more seconds (60, the default, suits everyone).")
    _check_tokens(settings)
    if settings.client_id and not GUID.fullmatch(settings.client_id):
        raise StartupError("CLIENT_ID is not an Azure app id: copy the Microsoft App ID (a GUID "
                           "like 8f2c1a9e-0b4d-4c1e-9f3a-2d6b7e8c9a01) from your Azure Bot's "
                           "Configuration page.")
    _check_dashboard(settings)
    if settings.slack_api_url and not settings.slack_api_url.startswith(("https://", "http://")):
        raise StartupError(f"SLACK_API_URL={settings.slack_api_url} is not a web address: leave "
                           "it empty for slack.com, or use e.g. https://slack-gov.com/api/.")


def _check_dashboard(settings: Settings) -> None:
    url = settings.public_url
    if url:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  (a port that is not a number raises here)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or \
                parts.username or parts.password or parts.query or parts.fragment or \
                parts.path.strip("/"):
            raise StartupError(f"PUBLIC_URL={url} is not this server's web address: write it "
                               "as https://host (with :port if it has one, nothing after), "
                               "e.g. https://showup.example.org, or leave it empty for "
                               "http://127.0.0.1:PORT.")
    secret = settings.dashboard_secret
    if secret and len(secret) < MIN_SECRET_CHARS:
        raise StartupError(f"DASHBOARD_SECRET is too short ({len(secret)} characters): use at "
                           f"least {MIN_SECRET_CHARS}, e.g. from `openssl rand -hex 32`, or "
                           "leave it empty and ShowUp keeps one in its database.")


def _check_tokens(settings: Settings) -> None:
    bot, app = settings.slack_bot_token, settings.slack_app_token
    if bot.startswith("xapp-"):
        raise StartupError("SLACK_BOT_TOKEN holds an app-level token (xapp-…): "
                           f"{SLACK_FIXES['SLACK_BOT_TOKEN']}, and the xapp- token into "
                           "SLACK_APP_TOKEN.")
    if bot and not bot.startswith("xoxb-"):
        raise StartupError("SLACK_BOT_TOKEN does not start with xoxb-: "
                           f"{SLACK_FIXES['SLACK_BOT_TOKEN']}.")
    if app.startswith("xoxb-"):
        raise StartupError("SLACK_APP_TOKEN holds a bot token (xoxb-…), which belongs in "
                           f"SLACK_BOT_TOKEN: {SLACK_FIXES['SLACK_APP_TOKEN']}.")
    if app and not app.startswith("xapp-"):
        raise StartupError("SLACK_APP_TOKEN does not start with xapp-: "
                           f"{SLACK_FIXES['SLACK_APP_TOKEN']}.")


def preflight(settings: Settings, command: str | None) -> None:
    """What can be checked before the database is opened, for what `command` will run
    (None: the configured surfaces)."""
    from settings import Surface

    if command in (None, "serve", "worker", "tick"):
        check_chat(settings)
    surfaces = settings.surfaces()
    chat = surfaces != [Surface.CONSOLE]
    if command == "serve" and not chat:
        raise StartupError("Nothing to serve: set Slack or Teams credentials (see "
                           ".env.example), or run the console (python3 dev.py run console).")
    if command == "console" or (command is None and not chat):
        check_exports_dir(Path(settings.exports_dir))
    socket_mode = command is None and settings.slack_socket_mode
    if command in (None, "serve") and chat:
        if Surface.SLACK in surfaces and not socket_mode:
            check_slack_over_http(settings)
        check_port(settings.host, settings.port)   # Socket Mode serves the dashboard too
    if command != "teams-package":
        check_sqlite_file(database_url(settings.database_url))
    if command in (None, "serve", "worker") and settings.slack_bot_token:
        verify_slack(settings, socket_mode)


def check_chat(settings: Settings) -> None:
    """A chat service set up half way, which would otherwise quietly run without it."""
    from settings import Surface

    slack = Surface.SLACK in settings.surfaces()
    if settings.slack_app_token and not settings.slack_bot_token:
        raise StartupError("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is empty: Socket Mode "
                           f"needs both; {SLACK_FIXES['SLACK_BOT_TOKEN']}.")
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret) and \
            not settings.slack_bot_token:
        missing = "SLACK_CLIENT_SECRET" if settings.slack_client_id else "SLACK_CLIENT_ID"
        raise StartupError(f"{missing} is empty: installing in many workspaces needs "
                           "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App "
                           "Credentials).")
    if settings.slack_signing_secret and not slack:
        raise StartupError("SLACK_SIGNING_SECRET is set but Slack also needs SLACK_BOT_TOKEN "
                           "(one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (many).")
    if bool(settings.client_id) != bool(settings.client_secret):
        missing = "CLIENT_SECRET" if settings.client_id else "CLIENT_ID"
        raise StartupError(f"{missing} is empty: Teams needs CLIENT_ID and CLIENT_SECRET "
                           "(README: Put it in Microsoft Teams).")


def check_slack_over_http(settings: Settings) -> None:
    if not settings.slack_signing_secret:
        raise StartupError("Slack over HTTP needs SLACK_SIGNING_SECRET (Basic Information → "
                           "App Credentials → Signing Secret), or SLACK_APP_TOKEN for Socket "
                           "Mode.")


def check_exports_dir(folder: Path) -> None:
    """EXPORTS_DIR is made when the first export is saved; here, only whether it can be."""
    problem = _cannot_make(folder)
    if problem:
        raise StartupError(f"EXPORTS_DIR={folder}: {problem}; set EXPORTS_DIR to a folder "
                           "ShowUp may write to.")


def _cannot_make(folder: Path) -> str | None:
    """Why `folder` could not be made or written in, if it could not."""
    existing = folder.expanduser().absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"ShowUp may not write in {existing}"
    return None


def check_port(host: str, port: int) -> None:
    """Whether the server could listen on HOST:PORT now (uvicorn's own error comes late and
    in several lines)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError):
        raise StartupError(f"HOST={host} is not an address of this machine: use 0.0.0.0 (every "
                           "address) or 127.0.0.1 (this machine only).") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as refused:
            raise StartupError(_not_listening(host, port, refused)) from None


def _not_listening(host: str, port: int, refused: OSError) -> str:
    if refused.errno == errno.EADDRINUSE:
        return (f"PORT={port} is already in use on {host} (another ShowUp?): stop that "
                "program, or set PORT to a free port.")
    if refused.errno == errno.EACCES:
        return (f"PORT={port} needs administrator rights on this machine: use a port above "
                "1023, e.g. PORT=3000.")
    if refused.errno == errno.EADDRNOTAVAIL:
        return (f"HOST={host} is not an address of this machine: use 0.0.0.0 (every address) "
                "or 127.0.0.1 (this machine only).")
    return f"ShowUp cannot listen on HOST={host} PORT={port} ({refused.strerror})."


def verify_slack(settings: Settings, socket_mode: bool) -> None:
    """Ask Slack whether it takes SLACK_BOT_TOKEN (auth.test) and, for Socket Mode,
    SLACK_APP_TOKEN, so a refused token or no way to Slack stops the start, not every reply."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

    # A silent logger: slack_sdk logs every failed attempt at ERROR, and one line is enough.
    quiet = logging.getLogger("showup.startup.slack")
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    client = WebClient(base_url=(settings.slack_api_url or WebClient.BASE_URL).rstrip("/") + "/",
                       timeout=settings.slack_timeout_seconds,
                       logger=quiet,
                       retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)])
    with slack_errors(settings, "SLACK_BOT_TOKEN"):
        client.auth_test(token=settings.slack_bot_token)
    if socket_mode:
        with slack_errors(settings, "SLACK_APP_TOKEN"):
            client.apps_connections_open(app_token=settings.slack_app_token)


@contextmanager
def slack_errors(settings: Settings, setting: str) -> Iterator[None]:
    """Slack refusing `setting`'s token, or not answering at all, as a StartupError."""
    from slack_sdk.errors import SlackApiError

    where = settings.slack_api_url or "https://slack.com/api/"
    try:
        yield
    except SlackApiError as refused:
        error = refused.response.get("error")
        if not error:
            raise StartupError(f"Slack at {where} answered HTTP {refused.response.status_code}, "
                               "not as Slack does: check SLACK_API_URL (empty: slack.com)."
                               ) from None
        raise StartupError(f"Slack refused {setting} ({error}): {SLACK_FIXES[setting]}."
                           ) from None
    except OSError as failed:
        cause = getattr(failed, "reason", None) or failed
        reason = getattr(cause, "strerror", None) or cause
        setting_hint = "SLACK_API_URL" if settings.slack_api_url else "the network"
        raise StartupError(f"Cannot reach Slack at {where} ({reason}): check this machine's "
                           f"connection to the internet and {setting_hint}.") from None


def database_url(text: str) -> URL:
    """DATABASE_URL parsed, for a database ShowUp can use."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from storage.db import normalise_url

    try:
        url = make_url(normalise_url(text.strip()))
    except (ArgumentError, ValueError):
        raise StartupError(f"DATABASE_URL is not a database address: use {DATABASES}."
                           ) from None
    if url.get_backend_name() == "sqlite" and (url.host or url.port or url.username):
        raise StartupError("DATABASE_URL: a SQLite address has three slashes before a file "
                           "name (sqlite:///showup.db) and four before a full path "
                           "(sqlite:////var/lib/showup/showup.db).")
    if url.drivername in DRIVERS:
        return url
    if url.get_backend_name() == "postgresql":
        raise StartupError(f"DATABASE_URL asks for the {url.get_driver_name()} driver; ShowUp "
                           "uses psycopg 3: write postgresql://user:password@host:5432/dbname.")
    raise StartupError(f"DATABASE_URL uses {url.get_backend_name()}, which ShowUp does not "
                       f"support: use {DATABASES}.")


def check_sqlite_file(url: URL) -> None:
    """A SQLite file, or its folder, that ShowUp could not make or write."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    path = Path(url.database).expanduser().absolute()
    if path.is_dir():
        raise StartupError(f"DATABASE_URL names the folder {path}: name a file in it, e.g. "
                           f"sqlite:///{path / 'showup.db'}.")
    problem = _cannot_make(path.parent)
    if problem is None and path.exists() and not os.access(path, os.R_OK | os.W_OK):
        problem = f"ShowUp may not write {path}"
    if problem:
        raise StartupError(_sqlite_unwritable(path, problem))


def _sqlite_unwritable(path: Path, reason: str) -> str:
    return (f"DATABASE_URL: ShowUp cannot write its SQLite database {path} ({reason}): set "
            "DATABASE_URL to a file in a folder ShowUp may write to, e.g. "
            f"sqlite:///{Path.home() / 'showup.db'}.")


@contextmanager
def database_errors(url: URL) -> Iterator[None]:
    """The database not being reachable or writable, as a StartupError; any other failure
    is a bug and keeps its traceback."""
    from sqlalchemy.exc import OperationalError

    sqlite = url.get_backend_name() == "sqlite"
    path = Path(url.database or "showup.db").expanduser().absolute()
    try:
        yield
    except OSError as failed:
        if not sqlite:
            raise
        raise StartupError(_sqlite_unwritable(path, failed.strerror or str(failed))) from None
    except OperationalError as failed:
        reason = str(failed.orig).splitlines()[0] if failed.orig else str(failed)
        if sqlite and re.search("unable to open|readonly|disk I/O", reason):
            raise StartupError(_sqlite_unwritable(path, reason)) from None
        if sqlite or failed.statement is not None:
            raise
        raise StartupError(_postgresql_refused(url, reason)) from None


def _postgresql_refused(url: URL, reason: str) -> str:
    said = " ".join(reason.rsplit("failed: ", 1)[-1].replace("FATAL:", "").split())
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if ("role" in said and "does not exist" in said) or "password" in said:
        fix = "check the user name and password in DATABASE_URL"
    elif "database" in said and "does not exist" in said:
        fix = (f"create it (createdb {url.database}) or fix the database name at the end of "
               "DATABASE_URL")
    else:
        fix = f"is PostgreSQL running at {where}? Check the host and port in DATABASE_URL"
    return f"DATABASE_URL: cannot connect to PostgreSQL at {where}/{url.database} ({said}): {fix}."
