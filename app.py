"""ShowUp's entry point: the command line, then its settings checked (startup.py),
then the command run (launch.py: storage → core → the chosen surface).

    showup                the configured surfaces: Slack in Socket Mode when SLACK_APP_TOKEN is
                          set, Slack over HTTP when SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and
                          SLACK_CLIENT_SECRET) and SLACK_SIGNING_SECRET are, Teams over HTTP
                          when CLIENT_ID and CLIENT_SECRET are; the console when no chat
                          service is configured
    showup console        the terminal surface on the configured database
    showup serve          HTTP on $PORT: /slack/events and /slack/install (Slack),
                          /api/messages (Teams), /dashboard, /healthz; --workers N: in
                          N processes sharing the port
    showup worker         only the scheduler: plan and send nudges every minute
    showup tick           one plan-and-send pass, then exit (for cron)
    showup migrate        bring the database schema up to date and exit
    showup teams-package  build the Teams app package (manifest + icons) for CLIENT_ID
    showup rollups        check (--check) or recompute (--rebuild) the weekly per-member
                          rollups the owner's report and dashboard read

`showup` is the command inside .venv; `python3 dev.py run …` runs it from this folder.
`showup COMMAND --help` lists a command's options. A setup mistake stops ShowUp with one line
naming the setting (status 2); Ctrl-C stops it quietly (status 130).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from datetime import datetime
from typing import NoReturn

from startup import guarded, load_settings, preflight

# What Teams accepts as an app's version (its manifest schema's pattern).
SEMANTIC_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


# Libraries that log request bodies at DEBUG would put what members type into the log.
QUIET_LIBRARIES = ("slack_bolt", "slack_sdk", "showup.bolt", "urllib3", "alembic",
                   "apscheduler", "websockets", "uvicorn.access", "PIL",
                   "microsoft_teams", "httpx", "httpcore", "msal")


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    floor = max(logging.getLogger().level, logging.INFO)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(floor)
    # SQLAlchemy at INFO echoes every SQL statement: only its warnings belong in the log.
    logging.getLogger("sqlalchemy").setLevel(max(floor, logging.WARNING))


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake on the command line said in one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (--help lists the options)\n")


def _instant(text: str) -> str:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date and time, e.g. 2026-12-04T15:00:00-06:00") from None
    return text


def _processes(text: str) -> int:
    # settings.py's bound, without importing pydantic before --help answers
    most = 64
    if not text.isdigit() or not 1 <= int(text) <= most:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes from 1 to "
                                         f"{most}")
    return int(text)


def _https(text: str) -> str:
    if not text.startswith("https://"):
        raise argparse.ArgumentTypeError("must start with https://")
    return text


def _version(text: str) -> str:
    if not SEMANTIC_VERSION.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a version Teams accepts: three numbers, e.g. 1.0.0")
    return text


def _add_at(parser: argparse.ArgumentParser, what: str, dest: str = "at") -> None:
    parser.add_argument("--at", dest=dest, metavar="INSTANT", type=_instant, default=None,
                        help=f"{what} (ISO, e.g. 2026-12-04T15:00:00-06:00; without an offset, "
                             "the practice's time zone)")


def _add_as(parser: argparse.ArgumentParser, dest: str = "member") -> None:
    parser.add_argument("--as", dest=dest, metavar="NAME", default=None,
                        help="the clinician you speak as in the console (default: your login "
                             "name)")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The `showup` command line, and each command's own parser."""
    parser = _Parser(prog="showup", description=(__doc__ or "").split("\n\n", 1)[-1],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(at=None, member=None)
    # With no command the configured surface runs, the console or the server: these reach it.
    _add_as(parser, "default_member")
    _add_at(parser, "start the clock here: the console's simulated clock, or a served bot's",
            "default_at")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    console = commands.add_parser("console", help="the terminal surface",
                                  description="Talk to ShowUp in this terminal, on the "
                                              "configured database.")
    _add_as(console)
    _add_at(console, "start the simulated clock here")
    serve = commands.add_parser("serve", help="HTTP for Slack and Teams on $PORT",
                                description="Serve Slack (/slack/events, /slack/install), "
                                            "Teams (/api/messages) and the dashboard "
                                            "(/dashboard) over HTTP on $HOST:$PORT, with "
                                            "/healthz.")
    _add_at(serve, "run the clock from this instant (a demo of another day)")
    serve.add_argument("--workers", metavar="N", type=_processes, default=None,
                       help="server processes sharing $PORT, to use more than one core "
                            "(default: WEB_CONCURRENCY, or 1); each has its own database "
                            "connections, the first also runs the scheduler")
    commands.add_parser("worker", help="only the scheduler",
                        description="Plan and send nudges every TICK_SECONDS; no chat surface.")
    tick = commands.add_parser("tick", help="one plan-and-send pass, then exit",
                               description="One plan-and-send pass, then exit (for cron).")
    _add_at(tick, "tick as of this instant instead of now")
    migrate = commands.add_parser("migrate", help="bring the database schema up to date",
                                  description="Bring the database schema up to date and exit "
                                              "(a SQLite file is copied first).")
    migrate.add_argument("--check", action="store_true",
                         help="say which migrations would run, change nothing")
    migrate.add_argument("--to", dest="revision", default="head",
                         help="stop at this revision (default: the newest); ShowUp never "
                              "migrates down")
    rollups = commands.add_parser(
        "rollups", help="check or recompute the weekly per-member rollups",
        description="The weekly per-member rollups (points, commitments made and kept, the "
                    "streak at each kept week's end) that the owner's report and dashboard "
                    "read are kept as commitments change. --check compares them with a "
                    "recomputation from the commitments; --rebuild recomputes them (after a "
                    "restore, or a bug), a workspace per transaction, safe while ShowUp runs.")
    action = rollups.add_mutually_exclusive_group(required=True)
    action.add_argument("--rebuild", action="store_true",
                        help="recompute every workspace's rollups from its commitments")
    action.add_argument("--check", action="store_true",
                        help="say which workspaces' rollups differ from a recomputation "
                             "(exit status 1 if any), change nothing")
    package = commands.add_parser("teams-package", help="build the Teams app package",
                                  description="Build the Teams app package (manifest and "
                                              "icons) for CLIENT_ID.")
    package.add_argument("--out", default="showup-teams.zip", help="where to write the zip")
    package.add_argument("--website", type=_https, default="https://www.example.com",
                         help="your practice's website (Teams shows it as the developer's "
                              "site, privacy and terms links)")
    package.add_argument("--version", type=_version, default="1.0.0",
                         help="the app's version in the manifest, three numbers (default "
                              "1.0.0); raise it for each upload that replaces an earlier one")
    return parser, dict(commands.choices)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser, commands = _parser()
    args, extra = parser.parse_known_args(argv)
    own = commands.get(args.command, parser)
    if extra:
        own.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        args.at, args.member = args.default_at, args.default_member
    elif args.default_at or args.default_member:
        own.error(f"options go after the command: {own.prog} [options]")
    return args


def main(argv: list[str] | None = None) -> int:
    """The `showup` command: a setup mistake ends it with one line, Ctrl-C with none."""
    return guarded(lambda: _run(_parse_args(sys.argv[1:] if argv is None else argv)))


def _run(args: argparse.Namespace) -> int:
    settings = load_settings()
    configure_logging(settings.log_level)
    preflight(settings, args.command)
    # Imported once the settings hold, so --help and a setup mistake answer at once.
    from launch import run_command

    return run_command(settings, args)


if __name__ == "__main__":
    sys.exit(main())
