"""The supervisor of `serve --workers N` (serving.py) with real forked processes and stand-in
servers, for what the served tests cannot make happen on purpose: a server that fails before
it serves, and one that dies after it did. (tests/slack/test_serve_workers.py runs the real
servers.)"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from serving import FAILED, STOPPING, Supervisor, Worker, listening_socket


@pytest.fixture
def supervised() -> Iterator[Callable[[int, Callable[[Worker], int]], int]]:
    """Run a Supervisor of `count` stand-ins here, its signal handlers put back after."""
    saved = {number: signal.getsignal(number) for number in STOPPING}

    def run(count: int, serve: Callable[[Worker], int]) -> int:
        return Supervisor(count, listening_socket("127.0.0.1", 0), serve).run()

    yield run
    for number, handler in saved.items():
        signal.signal(number, handler)


def _serve_until_stopped(worker: Worker) -> int:
    worker.ready()
    signal.pause()   # SIGTERM (its default: end) from the parent
    return 0


def _when(seen: Callable[[], bool], then: Callable[[], None]) -> None:
    """Do `then` once `seen` holds (a positive signal), from a thread of its own."""
    def watch() -> None:
        deadline = time.monotonic() + 30
        while not seen() and time.monotonic() < deadline:
            time.sleep(0.02)
        then()

    threading.Thread(target=watch, daemon=True).start()


def test_a_server_that_fails_before_it_serves_stops_the_others(
        supervised: Callable[[int, Callable[[Worker], int]], int]) -> None:
    def serve(worker: Worker) -> int:
        if worker.slot == 1:
            return 3   # e.g. its app failed to start: the next one would fail the same way
        return _serve_until_stopped(worker)

    assert supervised(2, serve) == FAILED


def test_a_server_that_dies_after_it_served_is_replaced_in_its_slot(
        supervised: Callable[[int, Callable[[Worker], int]], int], tmp_path: Path) -> None:
    def serve(worker: Worker) -> int:
        mark = tmp_path / f"slot{worker.slot}"
        worker.ready()
        if worker.slot == 0 and not mark.exists():
            mark.write_text("first")
            os.kill(os.getpid(), signal.SIGKILL)   # killed after it served
        mark.write_text("replaced" if mark.exists() else "first")
        signal.pause()
        return 0

    replaced = tmp_path / "slot0"
    _when(lambda: replaced.exists() and replaced.read_text() == "replaced",
          lambda: os.kill(os.getpid(), signal.SIGTERM))
    assert supervised(2, serve) == 0
    assert replaced.read_text() == "replaced" and (tmp_path / "slot1").read_text() == "first"


def test_servers_that_keep_dying_are_given_up(
        supervised: Callable[[int, Callable[[Worker], int]], int]) -> None:
    def serve(worker: Worker) -> int:
        worker.ready()
        return 1   # served, then ended at once: again and again

    assert supervised(1, serve) == FAILED


def test_ctrl_c_stops_every_server_and_says_interrupted(
        supervised: Callable[[int, Callable[[Worker], int]], int], tmp_path: Path) -> None:
    def serve(worker: Worker) -> int:
        (tmp_path / f"slot{worker.slot}").touch()
        return _serve_until_stopped(worker)

    _when(lambda: len(list(tmp_path.iterdir())) == 3,
          lambda: os.kill(os.getpid(), signal.SIGINT))
    assert supervised(3, serve) == 130
