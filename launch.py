"""What each `showup` command runs once startup.py has passed its settings: the
database opened and brought up to date, then the console, Slack and Teams, the worker, one
tick, a migration or the Teams package."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import secrets
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine

from bot.clock import Clock, MovableClock, OffsetClock, SystemClock
from bot.coach import Coach
from bot.delivery import Messenger
from bot.model import Platform
from bot.phi_guard import warm_up
from bot.practice_calendar import zone
from scheduling import build_scheduler, describe, messengers, run_worker, start_background
from settings import Settings, Surface
from startup import (
    StartupError,
    announce,
    check_port,
    database_errors,
    database_url,
    guarded,
    slack_errors,
)
from storage.db import make_engine
from storage.inbox import InboxStore
from storage.kept_secrets import kept_secret
from storage.migrate import (
    BrokenReferences,
    MigrationRefused,
    UpgradePlan,
    plan_upgrade,
    sqlite_file,
    upgrade,
)
from storage.receipts import SqlReceipts
from storage.rollups import check_every_workspace, rebuild_every_workspace
from storage.teams import TeamsConversations
from storage.uow import uow_factory

if TYPE_CHECKING:
    from handlers.dashboard.links import Signing
    from handlers.slack.deps import SlackStores
    from serving import Worker

log = logging.getLogger("showup.launch")


def run_command(settings: Settings, args: argparse.Namespace) -> int:
    """`args.command` (None: the configured surfaces), its settings already checked."""
    if args.command == "teams-package":
        return run_teams_package(settings, args)
    url = database_url(settings.database_url)
    with database_errors(url):
        engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
    try:
        return _run_on(engine, url, settings, args)
    finally:
        # Closed here, not left to the interpreter's exit: on SQLite the last connection to
        # close folds the write-ahead log into the file, and with it goes what was deleted.
        engine.dispose()


def _run_on(engine: Engine, url: URL, settings: Settings, args: argparse.Namespace) -> int:
    """`args.command` on the database it names, migrated first (but by `migrate` itself)."""
    try:
        with database_errors(url):
            if args.command == "migrate":
                return run_migrate(engine, args)
            plan = upgrade(engine)
    except (MigrationRefused, BrokenReferences) as stopped:
        raise StartupError(str(stopped)) from None
    if plan.needed and plan.current is not None:
        print(_upgraded(plan, engine), file=sys.stderr)
    if args.command == "rollups":
        return run_rollups(engine, args)
    if args.command == "tick":
        return run_tick(settings, args, engine)
    if args.command == "worker":
        scheduler = build_scheduler(settings, engine, _senders(settings, engine))
        announce(f"worker started: ticking every {settings.tick_seconds} s")
        run_worker(scheduler, SystemClock(), settings.tick_seconds)
        return 0
    surfaces = settings.surfaces()
    if args.command == "console" or (args.command is None and surfaces == [Surface.CONSOLE]):
        return run_console(settings, args, engine)
    if args.command == "serve" and serve_processes(settings, args) > 1:
        return serve_in_processes(settings, args, engine)
    return run_server(settings, args, engine)


def serve_processes(settings: Settings, args: argparse.Namespace) -> int:
    """How many server processes `serve` runs: --workers, else WEB_CONCURRENCY."""
    return int(getattr(args, "workers", None) or settings.web_concurrency)


def run_server(settings: Settings, args: argparse.Namespace, engine: Engine,
               worker: Worker | None = None, clock: Clock | None = None) -> int:
    """One whole server: the chat surfaces, the dashboard, the inbox and (unless it is one
    of several `worker`s but the first) the scheduler."""
    if clock is None:
        clock = OffsetClock(_start_time(args.at, settings.practice_timezone)) \
            if args.at else SystemClock()
    threading.Thread(target=warm_up, name="privacy-warm-up", daemon=True).start()
    coach, signing = coach_with_dashboard(settings, engine, clock)
    return run_chat(settings, coach, engine, args.command == "serve", clock, signing, worker)


def serve_in_processes(settings: Settings, args: argparse.Namespace, engine: Engine) -> int:
    """`serve --workers N` (serving.py): this process binds HOST:PORT and looks after N
    servers that share it, each with its own database connections."""
    from serving import Supervisor, listening_socket

    count = serve_processes(settings, args)
    engine.dispose()   # a connection must never be shared by two processes
    start, began = _start_time(args.at, settings.practice_timezone), time.monotonic()

    def serve(worker: Worker) -> int:
        # Each server's clock runs from `--at` as the first did: a replacement started later
        # does not take the clock back.
        clock: Clock = OffsetClock(start + timedelta(seconds=time.monotonic() - began)) \
            if args.at else SystemClock()
        own = make_engine(settings.database_url, pool_size=settings.database_pool_size)
        try:
            return guarded(lambda: run_server(settings, args, own, worker, clock))
        finally:
            own.dispose()

    _load_before_forking(settings)
    try:
        listening = listening_socket(settings.host, settings.port)
    except OSError:   # taken since startup's check: that check says why, in the owner's words
        check_port(settings.host, settings.port)
        raise
    announce(f"serving {_and([*_served(settings, None), 'the dashboard'])} over HTTP on "
             f"{settings.host}:{settings.port} in {count} processes")
    return Supervisor(count, listening, serve).run()


def coach_with_dashboard(settings: Settings, engine: Engine, clock: Clock,
                         served_at: str | None = None) -> tuple[Coach, Signing]:
    """The coach, whose `dashboard` links are signed with DASHBOARD_SECRET (or the secret
    kept in the database, made on the first start) and point at PUBLIC_URL (`served_at`:
    where this process itself serves the dashboard, whatever PUBLIC_URL says)."""
    from handlers.dashboard.links import Signing

    secret = settings.dashboard_secret or kept_secret(
        engine, "dashboard", lambda: secrets.token_urlsafe(48))
    signing = Signing(secret, served_at or settings.dashboard_url, clock.now)
    return Coach(uow_factory(engine), settings.practice_timezone, signing.sign_in_url), signing


def dashboard_routes(coach: Coach, signing: Signing, clock: Clock, settings: Settings
                     ) -> list[Any]:
    from handlers.dashboard.routes import Dashboard

    return Dashboard(coach, signing, clock, settings.request_body_seconds).routes()


def run_teams_package(settings: Settings, args: argparse.Namespace) -> int:
    from handlers.teams.package import build_package

    if not settings.client_id:
        raise StartupError("Set CLIENT_ID (your Azure bot's app id) first: the package names it.")
    out = build_package(Path(args.out), settings.client_id, version=args.version,
                        website=args.website, public_url=settings.public_url)
    tab = (f" Its Dashboard tab opens {settings.public_url.rstrip('/')}/dashboard/tab."
           if settings.public_url.startswith("https://") else
           " Set PUBLIC_URL to this server's https:// address to give it a Dashboard tab.")
    print(f"Wrote {out}. Upload it in Teams: Apps → Manage your apps → Upload an app.{tab}")
    return 0


def _database_name(engine: Engine) -> str:
    path = sqlite_file(engine)
    return str(path) if path else engine.url.render_as_string(hide_password=True)


def _check_migrations(engine: Engine, revision: str) -> int:
    path = sqlite_file(engine)
    if path is not None and not path.exists():
        print(f"No database at {path} yet: ShowUp creates it, with every migration, when it "
              "starts.")
        return 0
    plan = plan_upgrade(engine, revision)
    where = f"{_database_name(engine)} " + (f"is at revision {plan.current}" if plan.current
                                             else "is empty")
    if not plan.needed:
        print(f"{where}: nothing to run.")
        return 0
    print(f"{where}; `migrate` would run {len(plan.steps)} migration(s) to {plan.target}:")
    for step in plan.steps:
        print(f"  {step.revision}  {step.about}")
    if plan.backup is not None:
        print(f"It would first save a copy of the database to {plan.backup}.")
    elif plan.current is not None:
        print("Take a backup first (for PostgreSQL: pg_dump, see the README).")
    return 0


def _upgraded(plan: UpgradePlan, engine: Engine) -> str:
    if plan.current is None:
        return f"Set up {_database_name(engine)} at revision {plan.target}."
    ran = f"from {plan.current} to {plan.target} ({len(plan.steps)} migrations)"
    line = f"Upgraded {_database_name(engine)} {ran}."
    if plan.backup is not None:
        line += f" The copy from before is {plan.backup}."
    return line


def run_migrate(engine: Engine, args: argparse.Namespace) -> int:
    if args.check:
        return _check_migrations(engine, args.revision)
    plan = upgrade(engine, args.revision)
    if plan.needed:
        print(_upgraded(plan, engine))
    elif args.revision == "head":
        print(f"{_database_name(engine)} is up to date (revision {plan.current}).")
    else:
        print(f"{_database_name(engine)} is already at revision {plan.current}.")
    return 0


def run_rollups(engine: Engine, args: argparse.Namespace) -> int:
    """`showup rollups --rebuild` or `--check`: every workspace, one transaction each."""
    if args.rebuild:
        rebuilt = rebuild_every_workspace(engine)
        print(f"Rebuilt the weekly rollups of {len(rebuilt)} workspace(s): "
              f"{sum(rebuilt.values())} member-weeks.")
        return 0
    differing = check_every_workspace(engine)
    if not differing:
        print("The weekly rollups of every workspace equal a recomputation.")
        return 0
    for workspace_id, rows in differing.items():
        print(f"Workspace {workspace_id}: {rows} member-week(s) differ from a recomputation.")
    print("`showup rollups --rebuild` recomputes them.")
    return 1


def _start_time(text: str | None, practice_timezone: str) -> datetime:
    if not text:
        return SystemClock().now()
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone(practice_timezone))


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "me"


def run_console(settings: Settings, args: argparse.Namespace, engine: Engine) -> int:
    from handlers.console.messenger import ConsoleMessenger
    from handlers.console.repl import run
    from handlers.console.session import ConsoleSession
    from handlers.console.ticker import ConsoleTicker
    from handlers.dashboard.server import BackgroundServer
    from handlers.web import web_app

    clock = MovableClock(_start_time(args.at, settings.practice_timezone))
    # The console serves the dashboard on this machine only: its links go there, even when
    # the .env it reads sets PUBLIC_URL for a deployed ShowUp.
    local = f"http://127.0.0.1:{settings.port}"
    coach, signing = coach_with_dashboard(settings, engine, clock, served_at=local)
    session = ConsoleSession(coach, clock, settings.practice_timezone,
                             args.member or _login_name(), Path(settings.exports_dir))
    # The dashboard is served, on this machine only, once someone asks for a link.
    dashboard = web_app(dashboard_routes(coach, signing, clock, settings))
    session.serve_dashboard = BackgroundServer(dashboard, "127.0.0.1", settings.port).start
    printer = ConsoleMessenger(Path(settings.exports_dir))
    scheduler = build_scheduler(settings, engine, {Platform.CONSOLE: printer}, in_order=True)
    session.clock_listeners.append(ConsoleTicker(scheduler, printer, settings.practice_timezone))
    return run(session)


def _senders(settings: Settings, engine: Engine) -> dict[Platform, Messenger]:
    senders = messengers(settings, engine)
    if not senders:
        raise StartupError("Nothing to send through: set Slack or Teams credentials (see "
                           ".env.example), or run the console (python3 dev.py run console).")
    return senders


def run_tick(settings: Settings, args: argparse.Namespace, engine: Engine) -> int:
    at = _start_time(args.at, settings.practice_timezone)
    report = build_scheduler(settings, engine, _senders(settings, engine)).tick(
        at, OffsetClock(at).now)
    print(f"Tick at {at.isoformat()}: {describe(report)}.")
    return 0


def slack_stores(settings: Settings, engine: Engine) -> SlackStores:
    """What the Slack surface keeps, on this database (handlers/slack/deps.py SlackStores)."""
    from handlers.slack.deps import SlackStores

    if not settings.slack_many_workspaces:
        return SlackStores(SqlReceipts(engine), InboxStore(engine))
    from storage.slack_oauth import installation_store, oauth_state_store

    return SlackStores(SqlReceipts(engine), InboxStore(engine),
                       installation_store(settings.slack_client_id, engine),
                       oauth_state_store(engine))


def run_chat(settings: Settings, coach: Coach, engine: Engine, serve: bool, clock: Clock,
             signing: Signing, worker: Worker | None = None) -> int:
    """Slack and/or Teams, and the dashboard: one HTTP server for all (Slack may use Socket
    Mode instead, and the server then serves the dashboard and /healthz). `worker`: this is
    one of `serve --workers N`'s processes, serving on the socket its parent bound."""
    from handlers.web import web_app

    surfaces = settings.surfaces()
    routes: list[Any] = dashboard_routes(coach, signing, clock, settings)
    on_start: list[Callable[[], Awaitable[None]]] = []
    on_stop: list[Callable[[], None]] = []
    if Surface.TEAMS in surfaces:
        from handlers.teams.app import build_teams_app

        teams_app, adapter = build_teams_app(settings, coach, clock, TeamsConversations(engine),
                                             SqlReceipts(engine))
        routes += adapter.routes()
        on_start.append(teams_app.initialize)
    socket_mode = None
    if Surface.SLACK in surfaces:
        from handlers.slack.app import build_app

        bolt_app, slack_inbox = build_app(settings, coach, clock, slack_stores(settings, engine))
        on_stop.append(lambda: slack_inbox.stop(settings.shutdown_grace_seconds))
        if settings.slack_socket_mode and not serve:
            socket_mode = _socket_mode(settings, bolt_app)
        else:
            from handlers.slack.server import slack_routes

            routes = slack_routes(bolt_app, settings.slack_signing_secret,
                                  settings.request_body_seconds) + routes
    if settings.scheduler_enabled and (worker is None or worker.runs_scheduler):
        start_background(build_scheduler(settings, engine, messengers(settings, engine)), clock,
                         settings.tick_seconds)
    if socket_mode is not None:
        announce("connecting to Slack in Socket Mode")
        with slack_errors(settings, "SLACK_APP_TOKEN"):
            socket_mode.connect()
        on_stop.insert(0, socket_mode.close)   # no new commands, then the inbox drains
    import uvicorn

    if worker is None:
        announce(f"serving {_and([*_served(settings, socket_mode), 'the dashboard'])} over "
                 f"HTTP on {settings.host}:{settings.port}")
    else:
        on_start.append(_said_ready(worker))
    # SIGTERM: uvicorn stops listening and lets open requests finish, then the app's shutdown
    # drains the inbox's workers; each within the grace period. Ctrl-C does the same, then
    # uvicorn raises it again: KeyboardInterrupt, which `main` turns into status 130.
    server = uvicorn.Server(uvicorn.Config(
        web_app(routes, on_start, on_stop), host=settings.host, port=settings.port,
        log_level=settings.log_level.lower(), access_log=False,
        timeout_graceful_shutdown=max(1, round(settings.shutdown_grace_seconds))))
    server.run(sockets=None if worker is None else [worker.listening])
    if not server.started:
        raise StartupError(f"ShowUp could not listen on HOST={settings.host} "
                           f"PORT={settings.port} (see the line above).")
    return 0


def _load_before_forking(settings: Settings) -> None:
    """What every server would import and load for itself, loaded once here: each child then
    starts in a fraction of the time, and they share these pages of memory until written.
    (Nothing here starts a thread: a fork copies only the thread that calls it.)"""
    import uvicorn  # noqa: F401

    import handlers.dashboard.routes
    import handlers.web

    if Surface.SLACK in settings.surfaces():
        import handlers.slack.app
        import handlers.slack.server
    if Surface.TEAMS in settings.surfaces():
        import handlers.teams.app  # noqa: F401
    warm_up()


def _served(settings: Settings, socket_mode: object) -> list[str]:
    """The surfaces served over HTTP (Slack is not when it uses Socket Mode)."""
    return [s.value for s in settings.surfaces() if not (s is Surface.SLACK and socket_mode)]


def _said_ready(worker: Worker) -> Callable[[], Awaitable[None]]:
    async def ready() -> None:
        log.info("server %s (pid %s) serving", worker.name, os.getpid())
        worker.ready()

    return ready


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _socket_mode(settings: Settings, bolt_app: Any) -> Any:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from handlers.slack.app import web_client

    return SocketModeHandler(bolt_app, settings.slack_app_token,
                             web_client=web_client(settings, settings.slack_app_token))
