"""ShowUp's entry point: settings → storage → core → the chosen surface.

    python app.py            the configured surfaces: Slack Socket Mode when SLACK_APP_TOKEN is
                             set, Slack over HTTP when only Slack's signing secret is, Teams
                             over HTTP when CLIENT_ID and CLIENT_SECRET are, and the
                             console when no chat service is configured
    python app.py console    the terminal surface on the configured database
    python app.py serve      HTTP on $PORT: /slack/events and /slack/install (Slack),
                             /api/messages (Teams), /healthz
    python app.py worker     only the scheduler: plan and send nudges every minute
    python app.py tick [--at 2026-12-04T15:00:00-06:00]
                             one plan-and-send pass as of now (or that instant), then exit
    python app.py migrate [--check] [--to REVISION]
                             bring the database schema up to date and exit (a SQLite file is
                             copied first); --check only says what would run
    python app.py teams-package [--out showup-teams.zip] [--website https://…]
                             build the Teams app package (manifest + icons) for CLIENT_ID
"""

from __future__ import annotations

import argparse
import getpass
import logging
import signal
import sys
import threading
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot.calendar import zone
from bot.clock import Clock, MovableClock, OffsetClock, SystemClock
from bot.coach import Coach
from bot.phi_guard import warm_up
from scheduling import build_scheduler, describe, messengers, run_worker, start_background
from settings import Settings, Surface
from storage.db import make_engine
from storage.migrate import (
    BrokenReferences,
    MigrationRefused,
    UpgradePlan,
    plan_upgrade,
    sqlite_file,
    upgrade,
)
from storage.uow import uow_factory

log = logging.getLogger("showup")


# Libraries that log request bodies at DEBUG would put what members type into the log.
QUIET_LIBRARIES = ("slack_bolt", "slack_sdk", "showup.bolt", "urllib3", "alembic",
                   "apscheduler", "websockets", "uvicorn.access", "matplotlib", "PIL",
                   "microsoft_teams", "httpx", "httpcore", "msal")


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    floor = max(logging.getLogger().level, logging.INFO)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(floor)
    # SQLAlchemy at INFO echoes every SQL statement: only its warnings belong in the log.
    logging.getLogger("sqlalchemy").setLevel(max(floor, logging.WARNING))


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="showup", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?",
                        choices=["console", "serve", "worker", "tick", "migrate",
                                 "teams-package"],
                        help="what to run (default: the configured surface)")
    parser.add_argument("--as", dest="member", default=None,
                        help="console: the clinician you speak as (default: your login name)")
    parser.add_argument("--at", default=None,
                        help="console: start the simulated clock here; serve: run the clock "
                             "from this instant (a demo of another day); tick: the instant to "
                             "tick at (ISO, e.g. 2026-12-04T15:00:00-06:00)")
    parser.add_argument("--check", action="store_true",
                        help="migrate: say which migrations would run, change nothing")
    parser.add_argument("--to", dest="revision", default="head",
                        help="migrate: stop at this revision (default: the newest); ShowUp "
                             "never migrates down")
    parser.add_argument("--out", default="showup-teams.zip",
                        help="teams-package: where to write the zip")
    parser.add_argument("--website", default="https://www.example.com",
                        help="teams-package: your practice's website (Teams shows it as the "
                             "developer's site, privacy and terms links)")
    return parser.parse_args(argv)


def run_teams_package(settings: Settings, args: argparse.Namespace) -> int:
    from handlers.teams.package import build_package

    if not settings.client_id:
        print("Set CLIENT_ID (your Azure bot's app id) first: the package names it.",
              file=sys.stderr)
        return 2
    if not args.website.startswith("https://"):
        print("--website must start with https://", file=sys.stderr)
        return 2
    out = build_package(Path(args.out), settings.client_id, website=args.website)
    print(f"Wrote {out}. Upload it in Teams: Apps → Manage your apps → Upload an app.")
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


def run_console(settings: Settings, args: argparse.Namespace, coach: Coach, engine: Engine
                ) -> int:
    from bot.model import Platform
    from handlers.console.messenger import ConsoleMessenger
    from handlers.console.repl import run
    from handlers.console.session import ConsoleSession
    from handlers.console.ticker import ConsoleTicker

    try:
        start = _start_time(args.at, settings.practice_timezone)
    except ValueError:
        print("--at takes an ISO date and time, e.g. 2026-11-30T09:00", file=sys.stderr)
        return 2
    session = ConsoleSession(coach, MovableClock(start), settings.practice_timezone,
                             args.member or _login_name(), Path(settings.exports_dir))
    printer = ConsoleMessenger()
    scheduler = build_scheduler(settings, engine, {Platform.CONSOLE: printer}, in_order=True)
    session.clock_listeners.append(ConsoleTicker(scheduler, printer, settings.practice_timezone))
    return run(session)


def run_tick(settings: Settings, args: argparse.Namespace, engine: Engine) -> int:
    try:
        at = _start_time(args.at, settings.practice_timezone)
    except ValueError:
        print("--at takes an ISO date and time, e.g. 2026-12-04T15:00:00-06:00",
              file=sys.stderr)
        return 2
    senders = messengers(settings, engine)
    if not senders:
        print("Nothing to send through: configure Slack or Teams first (see .env.example).",
              file=sys.stderr)
        return 2
    report = build_scheduler(settings, engine, senders).tick(at, OffsetClock(at).now)
    print(f"Tick at {at.isoformat()}: {describe(report)}.")
    return 0


def run_chat(settings: Settings, coach: Coach, engine: Engine, serve: bool, clock: Clock
             ) -> int:
    """Slack and/or Teams: one HTTP server for both (Slack may use Socket Mode instead)."""
    from handlers.web import web_app

    surfaces = settings.surfaces()
    if Surface.SLACK in surfaces and not (settings.slack_signing_secret
                                          or settings.slack_socket_mode):
        print("Slack over HTTP needs SLACK_SIGNING_SECRET (see .env.example).", file=sys.stderr)
        return 2
    routes: list[Any] = []
    on_start: list[Callable[[], Awaitable[None]]] = []
    on_stop: list[Callable[[], None]] = []
    if Surface.TEAMS in surfaces:
        from handlers.teams.app import build_teams_app

        teams_app, adapter = build_teams_app(settings, coach, engine, clock)
        routes += adapter.routes()
        on_start.append(teams_app.initialize)
    socket_mode = None
    if Surface.SLACK in surfaces:
        from handlers.slack.app import build_app

        bolt_app, slack_inbox = build_app(settings, coach, engine, clock)
        on_stop.append(lambda: slack_inbox.stop(settings.shutdown_grace_seconds))
        if settings.slack_socket_mode and not serve:
            socket_mode = _socket_mode(settings, bolt_app)
        else:
            from handlers.slack.server import slack_routes

            routes = slack_routes(bolt_app, settings.slack_signing_secret,
                                  settings.request_body_seconds) + routes
    if settings.scheduler_enabled:
        start_background(build_scheduler(settings, engine, messengers(settings, engine)), clock,
                         settings.tick_seconds)
    if socket_mode is not None and not routes:
        log.warning("connecting to Slack in Socket Mode")
        _until_told_to_stop(socket_mode, on_stop)
        return 0
    if socket_mode is not None:
        socket_mode.connect()
    import uvicorn

    log.warning("serving %s over HTTP on %s:%s", " and ".join(
        s.value for s in surfaces), settings.host, settings.port)
    # SIGTERM: uvicorn stops listening and lets open requests finish, then the app's shutdown
    # drains the inbox's workers; each within the grace period.
    uvicorn.run(web_app(routes, on_start, on_stop), host=settings.host, port=settings.port,
                log_level=settings.log_level.lower(), access_log=False,
                timeout_graceful_shutdown=max(1, round(settings.shutdown_grace_seconds)))
    return 0


def _until_told_to_stop(socket_mode: Any, on_stop: list[Callable[[], None]]) -> None:
    """Socket Mode until SIGTERM or Ctrl-C; then no new work, and the inbox drains."""
    told = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: told.set())
    socket_mode.connect()
    try:
        told.wait()
    except KeyboardInterrupt:
        pass
    finally:
        socket_mode.close()
        for stop in on_stop:
            stop()


def _socket_mode(settings: Settings, bolt_app: Any) -> Any:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from handlers.slack.app import web_client

    return SocketModeHandler(bolt_app, settings.slack_app_token,
                             web_client=web_client(settings, settings.slack_app_token))


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    settings = Settings()
    configure_logging(settings.log_level)
    if args.command == "teams-package":
        return run_teams_package(settings, args)
    engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
    try:
        if args.command == "migrate":
            return run_migrate(engine, args)
        plan = upgrade(engine)
    except (MigrationRefused, BrokenReferences) as stopped:
        print(stopped, file=sys.stderr)
        return 2
    if plan.needed and plan.current is not None:
        print(_upgraded(plan, engine), file=sys.stderr)
    if args.command == "tick":
        return run_tick(settings, args, engine)
    if args.command == "worker":
        senders = messengers(settings, engine)
        if not senders:
            print("Nothing to send through: configure Slack or Teams first.", file=sys.stderr)
            return 2
        run_worker(build_scheduler(settings, engine, senders), SystemClock(),
                   settings.tick_seconds)
        return 0
    coach = Coach(uow_factory(engine), settings.practice_timezone)
    surfaces = settings.surfaces()
    if args.command == "console" or (args.command is None and surfaces == [Surface.CONSOLE]):
        return run_console(settings, args, coach, engine)
    if Surface.SLACK in surfaces or Surface.TEAMS in surfaces:
        try:
            clock: Clock = OffsetClock(_start_time(args.at, settings.practice_timezone)) \
                if args.at else SystemClock()
        except ValueError:
            print("--at takes an ISO date and time, e.g. 2026-11-30T09:00", file=sys.stderr)
            return 2
        threading.Thread(target=warm_up, name="privacy-warm-up", daemon=True).start()
        return run_chat(settings, coach, engine, args.command == "serve", clock)
    print("Nothing to serve: set Slack or Teams credentials (see .env.example), or run "
          "`python app.py console`.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
