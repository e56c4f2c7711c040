"""The scheduler's two steps, run on every tick: plan what came due, then dispatch it.

APScheduler (or cron, or the console's movable clock) only decides *when* to tick; the
outbox decides *what* is sent, so ticks may overlap, repeat or come late without a nudge
being lost or sent twice.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from bot.clock import RealWaiting, Waiting
from bot.delivery import Delivery, DeliveryError, DeliveryStatus, Failure, Messenger, Outbox
from bot.finishing import Finishing
from bot.model import Due, Kind, Platform
from bot.nudges import render
from bot.nudges.batch import Batch
from bot.planner import plan_workspace
from bot.ports import UnitOfWork
from bot.practice_calendar import local_today
from bot.usecases.closures import closed_near
from bot.usecases.commitments import close_stale
from bot.usecases.retention import forget_old_words

log = logging.getLogger("showup.scheduler")
# In a TickReport's errors: a sender stopped by a failure nobody foresaw (Scheduler._send_lane).
SENDER_STOPPED = "sender stopped"
T = TypeVar("T")


@dataclass(frozen=True)
class Policy:
    late_after_seconds: float = 3 * 3600
    lease_seconds: float = 120
    batch: int = 50
    max_attempts: int = 8
    backoff_seconds: float = 20
    max_backoff_seconds: float = 900
    # Sending side by side: one lane per workspace, up to `senders` lanes at once, each
    # paced to `per_workspace_rate` messages a second (Slack and Teams limit a workspace as
    # a whole). One sender sends in order, which the console relies on.
    senders: int = 1
    per_workspace_rate: float = 5.0
    lane_batch: int = 50
    # A retry due within this many seconds (Retry-After) is waited for, not left to the
    # next tick a minute away (0: never wait, as with a clock that stands still).
    linger_seconds: float = 0.0
    # Free text older than this is reduced to its structured part, once a day (0: never).
    text_retention_days: int = 180


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    reconciled: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: TickReport) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.skipped += other.skipped
        self.reconciled += other.reconciled
        self.errors.extend(other.errors)


class Pace:
    """Calls to one workspace's platform, each made inside `with pace:` — 1/rate seconds
    apart, and never more than `rate` of them in any one second as the platform counts them
    on arrival: a call waits until a second after the call `rate` places back returned (by
    then it had surely arrived), so slow work between calls cannot bunch them into a 429."""

    def __init__(self, rate: float, waiting: Waiting) -> None:
        self.waiting = waiting
        self.count = max(1, int(rate))
        self.window = self.count / rate
        self.gap = 1 / rate
        self.returned: deque[float] = deque(maxlen=self.count)
        self.last_call: float | None = None

    def __enter__(self) -> None:
        now = self.waiting.monotonic()
        ready = now if self.last_call is None else max(now, self.last_call + self.gap)
        if len(self.returned) == self.count:
            ready = max(ready, self.returned[0] + self.window)
        self.waiting.sleep(max(0.0, ready - now))
        self.last_call = self.waiting.monotonic()

    def __exit__(self, *exc: object) -> None:
        self.returned.append(self.waiting.monotonic())


class Scheduler:
    def __init__(self, uow: Callable[[], UnitOfWork], outbox: Outbox,
                 messengers: dict[Platform, Messenger], policy: Policy | None = None,
                 worker: str | None = None, waiting: Waiting | None = None,
                 reading: Callable[[], UnitOfWork] | None = None) -> None:
        """`worker`: this process's name on the deliveries it claims (the host's name and a
        random part, given by the process that builds the scheduler); `reading`: units of
        work that only read, for what a nudge says (the database's cheapest; default
        `uow`)."""
        self.uow = uow
        self.reading = reading or uow
        self.outbox = outbox
        self.messengers = messengers
        self.policy = policy or Policy()
        self.worker = worker or f"scheduler:{uuid.uuid4().hex[:8]}"
        self.waiting = waiting or RealWaiting()
        self._words_cleared_on: date | None = None

    def tick(self, now: datetime, clock: Callable[[], datetime] | None = None) -> TickReport:
        """Plan as of `now`, then send everything due (reading `clock` as sending goes on)."""
        now = now.astimezone(UTC)  # storage compares instants in UTC
        report = TickReport(planned=self.plan(now))
        self.dispatch(clock or (lambda: now), report)
        return report

    def plan(self, now: datetime) -> int:
        dues: list[Due] = []
        with self.uow() as uow:
            for workspace in uow.workspaces.list_all():
                if workspace.platform in self.messengers:
                    close_stale(uow, workspace, now)
                    if self._words_cleared_on != now.date():
                        forget_old_words(uow, workspace, now, self.policy.text_retention_days)
                    members = uow.members.list_active(workspace.id)
                    closed = closed_near(uow, workspace, local_today(now, workspace.timezone))
                    dues.extend(plan_workspace(workspace, members, now,
                                               sources=uow.sources.listing(workspace.id),
                                               closed=closed,
                                               awaiting=uow.plans.awaiting_review(
                                                   workspace.id)))
            uow.commit()
        self._words_cleared_on = now.date()
        return self.outbox.add(dues, now, self.policy.late_after_seconds)

    def dispatch(self, clock: Callable[[], datetime], report: TickReport) -> None:
        if self.policy.senders <= 1:
            self._send_batches(lambda: self._when_due(clock, lambda now: self.outbox.claim(
                self.worker, now, self.policy.lease_seconds, self.policy.batch)), clock, report)
            return
        with ThreadPoolExecutor(self.policy.senders, thread_name_prefix="sender") as pool:
            while workspaces := self._when_due(clock, self.outbox.due_workspaces):
                for lane in pool.map(lambda workspace_id: self._send_lane(workspace_id, clock),
                                     workspaces):
                    report.add(lane)

    def _when_due(self, clock: Callable[[], datetime], find: Callable[[datetime], list[T]]
                  ) -> list[T]:
        """What `find` finds due now; when nothing is, wait for a retry due within the
        linger time (a Retry-After of a second or two) rather than leave it to the next
        tick."""
        while True:
            now = clock()
            found = find(now)
            if found or self.policy.linger_seconds <= 0:
                return found
            soon = self.outbox.next_due(now, now + timedelta(
                seconds=self.policy.linger_seconds))
            if soon is None:
                return []
            self.waiting.sleep(max(0.0, (soon - now).total_seconds()) + 0.01)
            if clock() <= now:
                return []  # a clock that stands still (a test's) never reaches it

    def _send_lane(self, workspace_id: int, clock: Callable[[], datetime]) -> TickReport:
        """One workspace's deliveries in order, batch after batch, no faster than its rate
        allows; lanes run on their own, so one waiting out a Retry-After holds up no other,
        and one that fails in a way nobody foresaw (the database out of reach, a bug) stops
        alone: what it had claimed is taken up again when its claims lapse, reconciled with
        what reached the platform."""
        report = TickReport()
        try:
            self._send_batches(lambda: self.outbox.claim(
                self.worker, clock(), self.policy.lease_seconds, self.policy.lane_batch,
                workspace_id=workspace_id), clock, report,
                Pace(self.policy.per_workspace_rate, self.waiting))
        except Exception:
            log.exception("sending to workspace %s stopped; its claimed nudges go out once "
                          "their claims lapse", workspace_id)
            report.errors.append(SENDER_STOPPED)
        return report

    def _send_batches(self, claim: Callable[[], list[Delivery]],
                      clock: Callable[[], datetime], report: TickReport,
                      pace: AbstractContextManager[None] | None = None) -> None:
        """Claimed batch after batch, until `claim` finds none: each batch's practice read
        once, its ends recorded a few at a time (all of them before this returns or raises)."""
        finishing = self._finishing()
        try:
            while batch := claim():
                read_once = Batch()
                for delivery in batch:
                    self._deliver(delivery, clock(), report, finishing, read_once, pace)
                finishing.flush()
        finally:
            try:
                finishing.flush()
            finally:
                report.sent += finishing.sent

    def _finishing(self) -> Finishing:
        return Finishing(self.outbox, self.worker, self.waiting,
                         within=self.policy.lease_seconds / 6)

    def _deliver(self, delivery: Delivery, now: datetime, report: TickReport,
                 finishing: Finishing, read_once: Batch,
                 pace: AbstractContextManager[None] | None = None) -> None:
        """Send one delivery, each call to the platform inside `pace`; its end is recorded
        through `finishing` (a sent one is counted in the report once recorded), and what
        its claimed batch reads alike is read once (`read_once`)."""
        pace = pace or nullcontext()
        if (now - delivery.due_at).total_seconds() > self.policy.late_after_seconds:
            finishing.done(delivery.id, DeliveryStatus.SKIPPED_LATE, "late")
            report.skipped += 1
            return
        with self.reading() as uow:
            outgoing = render(read_once.reading(uow), delivery, now)
        if outgoing is None:
            finishing.done(delivery.id, DeliveryStatus.SKIPPED, "nothing to say")
            report.skipped += 1
            return
        messenger = self.messengers.get(outgoing.to.platform)
        if messenger is None:
            finishing.done(delivery.id, DeliveryStatus.FAILED, "no messenger")
            report.failed += 1
            return
        try:
            if delivery.reclaimed:
                with pace:
                    found = messenger.find_sent(outgoing.to, delivery.key,
                                                delivery.due_at - timedelta(minutes=5))
                if found is not None:
                    self.outbox.mark_sent(delivery.id, self.worker, found, now)
                    report.reconciled += 1
                    return
            with pace:
                message_id = messenger.send(outgoing, delivery.key)
        except DeliveryError as error:
            self._failed(delivery, now, error, report)
            return
        finishing.sent_as(delivery.id, message_id, now)

    def _failed(self, delivery: Delivery, now: datetime, error: DeliveryError,
                report: TickReport) -> None:
        report.errors.append(error.code)
        if error.transient and delivery.attempts < self.policy.max_attempts:
            wait = error.retry_after or min(
                self.policy.backoff_seconds * 2 ** (delivery.attempts - 1),
                self.policy.max_backoff_seconds)
            self.outbox.mark_retry(delivery.id, self.worker, now + timedelta(seconds=wait),
                                   error.code)
            report.retried += 1
            return
        self.outbox.mark_done(delivery.id, self.worker, DeliveryStatus.FAILED, error.code)
        report.failed += 1
        log.warning("delivery %s failed for good: %s", delivery.id, error.code)
        if delivery.kind == Kind.TEAM_POST and error.failure is Failure.CHANNEL_UNREACHABLE:
            self._ask_admins_to_fix_channel(delivery, now)
        if delivery.member_id is not None and error.failure is Failure.RECIPIENT_GONE:
            with self.uow() as uow:
                uow.members.update(delivery.workspace_id, delivery.member_id, active=False)
                uow.commit()

    def _ask_admins_to_fix_channel(self, delivery: Delivery, now: datetime) -> None:
        """One DM per admin per channel problem, through the outbox like everything else."""
        with self.uow() as uow:
            admins = [m for m in uow.members.list_active(delivery.workspace_id) if m.is_admin]
        with self.uow() as uow:
            workspace = uow.workspaces.get(delivery.workspace_id)
        channel = workspace.leaderboard_channel if workspace else None
        dues = [Due(Kind.CHANNEL_HELP, delivery.workspace_id, admin.id, delivery.local_date,
                    now, tag=f"{channel}"[:60]) for admin in admins]
        self.outbox.add(dues, now, self.policy.late_after_seconds)
