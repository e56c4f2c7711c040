"""Clocks handed to the core: the real one, and one the console and tests can move."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class MovableClock:
    """Stands still until moved, so a demo or a test can walk through a week in seconds."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("MovableClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def move_by(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def move_to(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("move_to needs an aware datetime")
        self._now = instant.astimezone(UTC)
        return self._now


class OffsetClock:
    """Real time, shifted: starts at `start` and runs at normal speed (a demo of next Monday)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("OffsetClock needs an aware datetime")
        self._start = start.astimezone(UTC)
        self._began = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


class Waiting(Protocol):
    """How the core measures short spans and waits them out (a platform's rate, a retry
    due in a second): handed in, so the core itself never calls `time`."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class RealWaiting:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
