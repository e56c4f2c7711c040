"""A few threads that carry out what the inbox received, and the drain a deploy's SIGTERM
asks for: take no new work, finish what is here within a grace period, hand back the rest.

Each job has a key (its inbox entry's id), so the inbox's sweep never queues twice what this
process already holds. The threads are daemons: a job still running when the grace period
ends does not keep the process alive; it is handed back with those never started.

`expected_wait` says how long a job queued now would wait (what is held, at the recent pace):
the inbox leaves a command in the database rather than queue it past a few seconds.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

log = logging.getLogger("showup.workers")
Job = Callable[[], None]
FIRST_GUESS = 0.1   # seconds a job takes, until some have been timed
PACE_WEIGHT = 0.1   # how much the latest job moves the recent pace (a moving average)


class Workers:
    def __init__(self, threads: int, name: str) -> None:
        self._queue: queue.Queue[tuple[int, Job]] = queue.Queue()
        self._changed = threading.Condition()
        self._held: set[int] = set()    # queued or running here
        self._running: set[int] = set()
        self._accepting, self._stopped = True, False
        self._threads, self._pace = threads, FIRST_GUESS
        for number in range(threads):
            threading.Thread(target=self._loop, name=f"{name}-{number}", daemon=True).start()

    def submit(self, key: int, job: Job) -> bool:
        """Queue a job; False when it is held here already or the workers are stopping (the
        job then waits in the inbox for whichever process looks next)."""
        with self._changed:
            if not self._accepting or key in self._held:
                return False
            self._held.add(key)
        self._queue.put((key, job))
        return True

    def holds(self, key: int) -> bool:
        with self._changed:
            return key in self._held

    def held(self) -> list[int]:
        """The keys of the jobs queued or running here."""
        with self._changed:
            return sorted(self._held)

    def expected_wait(self) -> float:
        """Seconds before a job queued now would start: every job held here (queued or
        running), shared by the threads, each taking as long as recent jobs took (their
        time includes waiting for the interpreter and the database under load, which is
        what a person waits for too)."""
        with self._changed:
            return len(self._held) * self._pace / self._threads

    def stop(self, grace: float) -> list[int]:
        """Take nothing new, let what is queued and running finish for up to `grace`
        seconds, and return the keys of the jobs not finished: those never started, and
        those still running, which end with the process (the inbox makes sure a job another
        process takes up again has its effect once)."""
        deadline = time.monotonic() + grace
        with self._changed:
            self._accepting = False
            while self._held and (left := deadline - time.monotonic()) > 0:
                self._changed.wait(left)
            self._stopped = True   # a worker now drops, rather than starts, what it takes
            unfinished = sorted(self._held)
            running = len(self._running)
        if running:
            log.warning("stopping with %s job(s) still running after %s s", running, grace)
        return unfinished

    def _loop(self) -> None:
        while True:
            key, job = self._queue.get()
            with self._changed:
                if self._stopped:   # handed back by stop(): it stays in the inbox
                    continue
                self._running.add(key)
            started = time.monotonic()
            try:
                job()
            except Exception:
                log.exception("a job failed; it stays in the inbox")
            finally:
                took = time.monotonic() - started
                with self._changed:
                    self._pace += PACE_WEIGHT * (took - self._pace)
                    self._running.discard(key)
                    self._held.discard(key)
                    self._changed.notify_all()
