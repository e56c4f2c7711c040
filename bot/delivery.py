"""Deliveries and the ports the dispatcher sends them through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from bot.messages import Reply
from bot.model import Due, Platform


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    SKIPPED_LATE = "skipped_late"


@dataclass(frozen=True)
class Delivery:
    id: int
    workspace_id: int
    member_id: int | None
    kind: str
    key: str
    local_date: date
    due_at: datetime
    attempts: int
    reclaimed: bool = False


@dataclass(frozen=True)
class Finished:
    """How a claimed delivery ended, for the outbox to record: SENT with the platform's
    message id at `at`, or another final status and why."""

    delivery_id: int
    status: DeliveryStatus
    message_id: str | None = None
    at: datetime | None = None
    error: str | None = None


@dataclass(frozen=True)
class Recipient:
    """Where a message goes: a member's DM, or a channel."""

    platform: Platform
    team_id: str
    user_id: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class Outgoing:
    to: Recipient
    reply: Reply
    chart: bytes | None = None


class Failure(StrEnum):
    """Why a send did not go through, in the core's terms; each messenger translates its
    platform's errors into one of these, so the core never reads a platform's error codes."""

    TRANSIENT = "transient"                       # try again later
    RECIPIENT_GONE = "recipient gone"             # the person left or can't be written to
    CHANNEL_UNREACHABLE = "channel unreachable"   # the team channel is gone or closed to us
    REFUSED = "refused"                           # anything else that won't change by itself


class DeliveryError(Exception):
    """A send that did not go through: transient ones are retried, the rest recorded.
    `code` is the platform's own word for it, kept for the record and the logs."""

    def __init__(self, code: str, failure: Failure, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code[:80]
        self.failure = failure
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        return self.failure is Failure.TRANSIENT


class Messenger(Protocol):
    def send(self, outgoing: Outgoing, key: str) -> str:
        """Deliver and return the platform's message id; raise DeliveryError otherwise."""

    def find_sent(self, to: Recipient, key: str, since: datetime) -> str | None:
        """The id of a message already delivered under `key`, for a send a crash interrupted."""


class Outbox(Protocol):
    def add(self, dues: list[Due], now: datetime, late_after: float) -> int: ...

    def claim(self, worker: str, now: datetime, lease_seconds: float, limit: int,
              workspace_id: int | None = None) -> list[Delivery]: ...

    def due_workspaces(self, now: datetime) -> list[int]: ...

    def next_due(self, now: datetime, until: datetime) -> datetime | None:
        """When the earliest waiting retry falls due, if that is before `until`."""

    def mark_sent(self, delivery_id: int, worker: str, message_id: str, now: datetime
                  ) -> bool: ...

    def mark_retry(self, delivery_id: int, worker: str, at: datetime, error: str) -> None: ...

    def mark_done(self, delivery_id: int, worker: str, status: DeliveryStatus,
                  error: str | None = None) -> None: ...

    def finish(self, worker: str, finished: Sequence[Finished]) -> int:
        """Record several ends at once; how many of them were sent and still this worker's
        to finish (a claim another sender took over after it ran out is left to it)."""
