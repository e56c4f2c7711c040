"""The inbox's workers say how long a command queued now would wait for its turn: what they
hold, shared by their threads, at the pace of recent jobs (the bound behind the "busy"
answer, handlers/slack/inbox.py)."""

from __future__ import annotations

import threading

from handlers.workers import FIRST_GUESS, Workers


def test_an_idle_pool_has_no_wait_and_held_jobs_share_the_threads() -> None:
    workers = Workers(2, "test")
    assert workers.expected_wait() == 0
    release, started = threading.Event(), threading.Semaphore(0)

    def job() -> None:
        started.release()
        release.wait(30)

    for key in range(5):
        assert workers.submit(key, job)
    assert not workers.submit(3, job)   # held already: never queued twice
    for _ in range(2):   # both threads busy, three queued behind them
        assert started.acquire(timeout=30)
    assert workers.expected_wait() == 5 * FIRST_GUESS / 2
    release.set()
    assert workers.stop(30) == []
    assert workers.expected_wait() == 0
