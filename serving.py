"""`showup serve --workers N`: N whole ShowUp servers, each a process of its own, behind one
listening socket.

One Python process runs its acks and its commands' work on one interpreter, which serves one
thread at a time; several processes use several cores (issue 19). The parent binds HOST:PORT
once and forks the servers after it, so they share the socket and the kernel hands each new
connection to whichever is free to accept it (the pre-fork model; no process needs
SO_REUSEPORT, and a connection waiting in the queue of a server that dies is not lost with
it). Each child is a complete server — its own database connections, inbox workers and sweep
— and only the first runs the scheduler: the outbox would keep N tickers from sending twice,
but they would plan everything N times.

The parent itself serves nothing. It forwards SIGTERM and Ctrl-C to every child as SIGTERM
(each drains as a single `serve` does, within SHUTDOWN_GRACE_SECONDS) and exits when all have.
A child that dies after it was serving (killed, out of memory) is replaced, as a supervisor
would replace a single `serve`; what it had acknowledged waits in the inbox for the others'
sweep. A child that dies before it serves has met a problem the next would meet too: the
parent stops the others and exits with status 1. So does a child that keeps dying
(RESTARTS_PER_MINUTE), rather than replacing it forever.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

log = logging.getLogger("showup.serving")
STOPPING = frozenset({signal.SIGTERM, signal.SIGINT})
RESTARTS_PER_MINUTE = 5
BACKLOG = 2048   # uvicorn's default: connections the kernel queues until a child accepts
FAILED = 1
INTERRUPTED = 130


def listening_socket(host: str, port: int) -> socket.socket:
    """HOST:PORT bound and listening, for the children to share (startup.check_port has
    already said, in the owner's words, why it could not be)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    listening = socket.socket(family, kind, proto)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(address)
    listening.listen(BACKLOG)
    listening.set_inheritable(True)
    return listening


@dataclass
class Worker:
    """One of serve's processes, as it sees itself."""

    slot: int     # 0 … count - 1; a replacement takes the slot of the one it replaces
    count: int
    listening: socket.socket
    ready_fd: int

    @property
    def runs_scheduler(self) -> bool:
        return self.slot == 0

    @property
    def name(self) -> str:
        return f"process {self.slot + 1} of {self.count}"

    def ready(self) -> None:
        """Tell the parent this process serves: if it dies from now on, it is replaced."""
        if self.ready_fd >= 0:
            os.write(self.ready_fd, b"r")
            os.close(self.ready_fd)
            self.ready_fd = -1


@dataclass
class _Child:
    slot: int
    ready_read: int
    started: float = field(default_factory=time.monotonic)

    def was_ready(self) -> bool:
        """Whether it said it served; read once, when it has ended (its end of the pipe is
        closed, so this never blocks)."""
        try:
            return os.read(self.ready_read, 1) == b"r"
        finally:
            os.close(self.ready_read)


class Supervisor:
    """Forks `count` servers running `serve(worker)` (its exit status) and looks after them
    until told to stop."""

    def __init__(self, count: int, listening: socket.socket, serve: Callable[[Worker], int]
                 ) -> None:
        self.count, self.listening, self.serve = count, listening, serve
        self.children: dict[int, _Child] = {}
        self.stopping: int | None = None
        self.status = 0
        self._restarts: list[float] = []
        self._parent = os.getpid()

    def run(self) -> int:
        """The status to exit with: 0 after SIGTERM, 130 after Ctrl-C, 1 when a child could
        not start or kept dying."""
        for number in STOPPING:
            signal.signal(number, self._on_signal)
        for slot in range(self.count):
            if self.stopping is None:   # a stop during the start starts no more
                self._start(slot)
        while self.children:
            try:
                pid, status = os.wait()
            except ChildProcessError:   # none left (they were reaped elsewhere)
                break
            child = self.children.pop(pid, None)
            if child is None:
                continue
            ready = child.was_ready()
            if self.stopping is None:
                self._ended(child, ready, status)
        self.listening.close()
        if self.stopping == signal.SIGINT:
            return INTERRUPTED
        return self.status

    def _ended(self, child: _Child, ready: bool, status: int) -> None:
        """A child ended while nobody asked it to."""
        how = _how(status)
        now = time.monotonic()
        self._restarts = [at for at in self._restarts if now - at < 60] + [now]
        if not ready:
            log.error("server process %s of %s %s before it was serving; stopping the others",
                      child.slot + 1, self.count, how)
        elif len(self._restarts) > RESTARTS_PER_MINUTE:
            log.error("server processes ended %s times within a minute (the last %s); "
                      "stopping the others", len(self._restarts), how)
        else:
            log.warning("server process %s of %s %s; starting another in its place",
                        child.slot + 1, self.count, how)
            self._start(child.slot)
            return
        self.status = FAILED
        self._stop_all(signal.SIGTERM)

    def _on_signal(self, number: int, _frame: object) -> None:
        self._stop_all(number)

    def _stop_all(self, number: int) -> None:
        """Each child drains as a single `serve` does on SIGTERM. (Ctrl-C at a terminal has
        already reached them too; a second SIGINT would make uvicorn skip its drain, a
        SIGTERM after it does not.)"""
        if self.stopping is None:
            self.stopping = number
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):   # it ended a moment ago
                os.kill(pid, signal.SIGTERM)

    def _start(self, slot: int) -> None:
        ready_read, ready_write = os.pipe()
        # No stop signal may run this handler in the child before the child's own are set.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                os.close(ready_read)
                self._child(Worker(slot, self.count, self.listening, ready_write))
            os.close(ready_write)
            self.children[pid] = _Child(slot, ready_read)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
        # A stop signal that reached another thread of this process (the mask above is only
        # this thread's) has its handler run here between two lines, maybe before the new
        # child was in `children`; that child is stopped now instead of being waited for.
        if self.stopping is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def _child(self, worker: Worker) -> NoReturn:
        """The forked server: never returns into the parent's code."""
        status = FAILED
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
            for child in self.children.values():   # the other children's pipes are not its
                os.close(child.ready_read)
            self.children.clear()
            _leave_with_parent(self._parent)
            status = self.serve(worker)
        except KeyboardInterrupt:
            status = INTERRUPTED
        except SystemExit as leaving:
            status = leaving.code if isinstance(leaving.code, int) else FAILED
        except BaseException:
            log.exception("server %s failed", worker.name)
        finally:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)


def _leave_with_parent(parent: int) -> None:
    """A child whose parent is gone (kill -9) drains and stops as on SIGTERM, rather than
    serve on with nobody to stop it."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"was stopped by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)}"
