"""A sender's finished deliveries, recorded a few at a time.

Recording each end in a transaction of its own cost a fan-out as much CPU as rendering a
nudge; a handful at once costs one. Nothing is lost by waiting: until its end is recorded a
delivery stays claimed, and if the process dies first the claim runs out and the next
sender finds the message by its key instead of sending it again (Scheduler._deliver).
"""

from __future__ import annotations

from datetime import datetime

from bot.clock import Waiting
from bot.delivery import DeliveryStatus, Finished, Outbox


class Finishing:
    """Ends waiting to be recorded: written once `every` have gathered or the oldest has
    waited `within` seconds (well inside a claim's lease), and whenever the sender calls
    `flush` — at the end of each claimed batch, and before it stops."""

    def __init__(self, outbox: Outbox, worker: str, waiting: Waiting, every: int = 10,
                 within: float = 20.0) -> None:
        self.outbox = outbox
        self.worker = worker
        self.waiting = waiting
        self.every = every
        self.within = within
        self.sent = 0   # sent deliveries recorded as this worker's
        self._pending: list[Finished] = []
        self._since = 0.0

    def sent_as(self, delivery_id: int, message_id: str, at: datetime) -> None:
        self._add(Finished(delivery_id, DeliveryStatus.SENT, message_id, at))

    def done(self, delivery_id: int, status: DeliveryStatus, error: str | None = None) -> None:
        self._add(Finished(delivery_id, status, error=error))

    def _add(self, finished: Finished) -> None:
        if not self._pending:
            self._since = self.waiting.monotonic()
        self._pending.append(finished)
        if len(self._pending) >= self.every or \
                self.waiting.monotonic() - self._since >= self.within:
            self.flush()

    def flush(self) -> None:
        taken, self._pending = self._pending, []
        if taken:
            self.sent += self.outbox.finish(self.worker, taken)
