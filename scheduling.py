"""Wiring for the clock: which messengers exist, and APScheduler ticking once a minute."""

from __future__ import annotations

import logging
import socket
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from bot.clock import Clock, RealWaiting
from bot.delivery import Messenger
from bot.model import Platform
from bot.scheduler import SENDER_STOPPED, Policy, Scheduler, TickReport
from settings import Settings, Surface
from storage.outbox import SqlOutbox
from storage.teams import TeamsConversations
from storage.uow import reading_uow_factory, uow_factory

log = logging.getLogger("showup.clock")
TICK_SECONDS = 60
DEFAULT_POOL_CONNECTIONS = 15   # SQLAlchemy's QueuePool: 5, and 10 more when busy


def messengers(settings: Settings, engine: Engine) -> dict[Platform, Messenger]:
    found: dict[Platform, Messenger] = {}
    if Surface.SLACK in settings.surfaces():
        from handlers.slack.app import slack_messenger

        installations = None
        if settings.slack_many_workspaces:   # slack_sdk's OAuth tables, only for many
            from storage.slack_oauth import installation_store

            installations = installation_store(settings.slack_client_id, engine)
        found[Platform.SLACK] = slack_messenger(settings, installations)
    if Surface.TEAMS in settings.surfaces():
        from handlers.teams.messenger import teams_messenger

        found[Platform.TEAMS] = teams_messenger(settings, TeamsConversations(engine))
    return found


def build_scheduler(settings: Settings, engine: Engine,
                    senders: dict[Platform, Messenger], in_order: bool = False) -> Scheduler:
    """`in_order`: one message at a time, as the console prints them."""
    policy = Policy(late_after_seconds=settings.late_after_hours * 3600,
                    senders=1 if in_order else sender_count(settings),
                    per_workspace_rate=settings.send_rate_per_workspace, linger_seconds=5.0,
                    text_retention_days=settings.text_retention_days)
    return Scheduler(uow_factory(engine), SqlOutbox(engine), senders, policy,
                     worker=worker_name(), waiting=RealWaiting(),
                     reading=reading_uow_factory(engine))


def sender_count(settings: Settings) -> int:
    """SEND_THREADS, but no more senders than the process may hold database connections
    (DATABASE_POOL_SIZE, or SQLAlchemy's 5 and 10 more when it is unset): a sender beyond
    them would queue for a connection, and the pool's queue is not fair — under load one
    could wait out the pool's timeout while others came and went."""
    connections = settings.database_pool_size or DEFAULT_POOL_CONNECTIONS
    if settings.send_threads > connections:
        log.info("sending with %d senders, not SEND_THREADS=%d: the process may hold %d "
                 "database connections (DATABASE_POOL_SIZE)", connections,
                 settings.send_threads, connections)
    return min(settings.send_threads, connections)


def worker_name() -> str:
    """This process's name on the deliveries it claims: the host and a random part."""
    return f"{socket.gethostname()[:30]}:{uuid.uuid4().hex[:8]}"


def describe(report: TickReport) -> str:
    said = (f"planned {report.planned}, sent {report.sent}, reconciled {report.reconciled}, "
            f"retrying {report.retried}, failed {report.failed}, skipped {report.skipped}")
    stopped = report.errors.count(SENDER_STOPPED)
    if stopped:
        said += (f"; {stopped} sender{'s' if stopped > 1 else ''} stopped (see the log): "
                 f"their nudges go out at a tick after their claims lapse")
    return said


def safe_tick(scheduler: Scheduler, clock: Clock) -> None:
    """One tick; a failure is logged and the next tick tries again."""
    try:
        report = scheduler.tick(clock.now(), clock.now)
        if report.planned or report.sent or report.failed:
            log.info("tick: %s", describe(report))
    except Exception:
        log.exception("tick failed")


def _add_tick(apscheduler: Any, scheduler: Scheduler, clock: Clock, seconds: int) -> None:
    apscheduler.add_job(safe_tick, "interval", seconds=seconds, args=[scheduler, clock],
                        id="showup-tick", coalesce=True, max_instances=1,
                        misfire_grace_time=seconds, next_run_time=datetime.now(UTC))


def start_background(scheduler: Scheduler, clock: Clock, seconds: int = TICK_SECONDS) -> Any:
    """Tick inside the running app (Slack HTTP or Socket Mode)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    background = BackgroundScheduler(timezone="UTC")
    _add_tick(background, scheduler, clock, seconds)
    background.start()
    return background


def run_worker(scheduler: Scheduler, clock: Clock, seconds: int = TICK_SECONDS) -> None:
    """`python app.py worker`: only the clock, no chat surface."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    blocking = BlockingScheduler(timezone="UTC")
    _add_tick(blocking, scheduler, clock, seconds)
    blocking.start()
