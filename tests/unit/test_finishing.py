"""A sender's finished deliveries are recorded a few at a time (bot/finishing.py): after
`every` ends, once the oldest has waited `within` seconds, and on `flush`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from bot.delivery import DeliveryStatus, Finished
from bot.finishing import Finishing

AT = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


class RecordingOutbox:
    """Only what Finishing calls: each `finish` it receives, every sent row still held."""

    def __init__(self) -> None:
        self.calls: list[list[Finished]] = []

    def finish(self, worker: str, finished: Sequence[Finished]) -> int:
        self.calls.append(list(finished))
        return sum(1 for f in finished if f.status is DeliveryStatus.SENT)


class StandingClock:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def finishing(every: int = 3, within: float = 20.0) -> tuple[Finishing, RecordingOutbox,
                                                            StandingClock]:
    outbox, clock = RecordingOutbox(), StandingClock()
    return Finishing(outbox, "w1", clock, every, within), outbox, clock  # type: ignore[arg-type]


def test_ends_are_recorded_once_enough_have_gathered_and_counted_when_recorded() -> None:
    ends, outbox, _ = finishing(every=3)
    ends.sent_as(1, "D1:1", AT)
    ends.done(2, DeliveryStatus.SKIPPED, "nothing to say")
    assert outbox.calls == [] and ends.sent == 0
    ends.sent_as(3, "D1:3", AT)
    assert [[f.delivery_id for f in call] for call in outbox.calls] == [[1, 2, 3]]
    assert outbox.calls[0][1] == Finished(2, DeliveryStatus.SKIPPED, error="nothing to say")
    assert ends.sent == 2


def test_an_end_waits_no_longer_than_within_and_flush_records_the_rest() -> None:
    ends, outbox, clock = finishing(every=10, within=20.0)
    ends.sent_as(1, "D1:1", AT)
    clock.sleep(19.0)
    ends.sent_as(2, "D1:2", AT)
    assert outbox.calls == []
    clock.sleep(1.0)
    ends.sent_as(3, "D1:3", AT)   # the first has now waited 20 s
    assert [len(call) for call in outbox.calls] == [3]
    ends.done(4, DeliveryStatus.SKIPPED_LATE, "late")
    ends.flush()
    ends.flush()   # nothing left: no empty write
    assert [len(call) for call in outbox.calls] == [3, 1]
    assert ends.sent == 3
