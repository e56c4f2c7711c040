"""`python app.py …` started by forking a process that has already imported ShowUp.

Most of a ShowUp start is Python importing SQLAlchemy, Bolt, alembic and the core (about a
second of CPU on this machine); the suite starts ShowUp hundreds of times. So each test
process keeps one *zygote*: a Python that has imported all of it once and then only waits.
Asked to start `app.py` with some arguments, environment, working folder and stdin/stdout/
stderr, it forks, and the child becomes exactly that process: the given file descriptors on
0/1/2, the given environment (and time zone), the folder, `sys.argv`, a fresh `__main__` run
from `app.py`, and the normal interpreter exit (atexit handlers, flushed streams, status).

The child is a real process with its own pid: the test talks to it over its pipes and HTTP,
signals it (SIGTERM, SIGINT, kill -9) and reads its exit status exactly as with a process
started by `exec`. Only the work of importing is shared.

`ZygotePopen` is `subprocess.Popen` for the tests: a command that is `python app.py …` in
this checkout goes to the zygote, anything else (another program, a shell, a start that must
show what a fresh interpreter does) is started as usual. SHOWUP_TEST_EXEC=1 turns the zygote
off, so every start is an exec again.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import io
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
# What the zygote imports before it waits: everything a start of any command would import.
PRELOAD = (
    "app", "launch", "serving", "scheduling", "alembic.command", "alembic.config",
    "alembic.script", "alembic.runtime.migration", "apscheduler.schedulers.background",
    "apscheduler.schedulers.blocking", "bot.privacy.features", "bot.privacy.model",
    "handlers.console.messenger", "handlers.console.repl", "handlers.console.session",
    "handlers.console.ticker", "handlers.dashboard.links", "handlers.dashboard.routes",
    "handlers.dashboard.server", "handlers.slack.app", "handlers.slack.deps",
    "handlers.slack.server", "handlers.teams.app", "handlers.teams.messenger",
    "handlers.teams.package", "handlers.teams.people", "handlers.web",
    "slack_bolt.adapter.socket_mode", "slack_sdk.http_retry.builtin_handlers",
    "sqlalchemy.dialects.postgresql", "storage.slack_oauth", "tzlocal", "uvicorn", "faker",
    "PIL.Image", "PIL.ImageDraw", "PIL.ImageFont", "PIL.PngImagePlugin",
)
MESSAGE_LIMIT = 1 << 20
# The one preexec_fn the zygote knows how to stand in for (tests/process.py): a child
# gets the terminal's Ctrl-C (KeyboardInterrupt) whatever.
TERMINAL = "ctrl_c_as_at_a_terminal"


@dataclass(frozen=True)
class Start:
    """What one child is to become."""

    argv: list[str]
    env: dict[str, str]
    cwd: str
    fds: list[int]


# ---------------------------------------------------------------- the zygote process


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    # The privacy guard's name lists and weights, which a served bot loads as it starts
    # (bot/phi_guard.py warm_up): read once here, not in every child.
    from bot import phi_guard

    phi_guard.warm_up()


def _serve(address: str) -> Start | None:
    """Wait for starts; in the parent, return None when the test process has gone; in a
    forked child, return what it is to become."""
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(address)
    listener.listen(64)
    children: dict[int, socket.socket] = {}
    while True:
        ready, _, _ = select.select([listener, sys.stdin, wake_read], [], [], 1.0)
        if wake_read in ready:
            os.read(wake_read, 4096)
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 4096):
            listener.close()
            return None   # the test process is gone (its end of our stdin closed)
        if listener in ready:
            connection, _ = listener.accept()
            message, fds, _, _ = socket.recv_fds(connection, MESSAGE_LIMIT, 3)
            order = json.loads(message)
            pid = os.fork()
            if pid == 0:
                listener.close()
                connection.close()
                for other in children.values():
                    other.close()
                os.close(wake_read)
                os.close(wake_write)
                return Start(order["argv"], order["env"], order["cwd"], fds)
            for fd in fds:
                os.close(fd)
            connection.send(f"pid {pid}".encode())
            children[pid] = connection
        _reap(children)


def _reap(children: dict[int, socket.socket]) -> None:
    """Tell each finished child's starter its wait status."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = children.pop(pid, None)
        if connection is not None:
            with contextlib.suppress(OSError):   # the starter may have stopped listening
                connection.send(f"exit {status}".encode())
            connection.close()


def _become(start: Start) -> None:
    """In the forked child: turn into `python app.py …` as a fresh interpreter would be."""
    import runpy

    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in enumerate(start.fds):
        os.dup2(fd, target)
    for fd in set(start.fds) - {0, 1, 2}:
        os.close(fd)
    os.environ.clear()
    os.environ.update(start.env)
    time.tzset()
    os.chdir(start.cwd)
    sys.stdin, sys.stdout, sys.stderr = _standard_streams(start.env)
    sys.argv = list(start.argv)
    sys.path[0] = str(Path(start.argv[0]).resolve().parent)
    try:
        runpy.run_path(start.argv[0], run_name="__main__")
    except SystemExit as stop:
        _exit(stop.code)
    _exit(None)


def _exit(code: object) -> None:
    """Leave as the interpreter does after `app.py` returns or raises SystemExit: wait for
    the threads that are not daemons, run the atexit handlers (logging's flush among them),
    say a non-numeric exit code on stderr and flush the standard streams; then end without
    tearing the modules down. Teardown would drop a reference from every object the zygote
    imported, and so copy each page of them into this child (about two thirds of a short
    command's CPU here); a process that is exiting has no use for it. An exception other
    than SystemExit never comes here: it ends the child through the interpreter's own path
    (traceback, status 1)."""
    import atexit

    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    status = 0
    if isinstance(code, int):
        status = code
    elif code is not None:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):   # a closed pipe or stream
            stream.flush()
    os._exit(status & 0xFF)


def _standard_streams(env: dict[str, str]) -> tuple[Any, Any, Any]:
    """stdin, stdout and stderr as a new interpreter opens them on these descriptors."""
    unbuffered = bool(env.get("PYTHONUNBUFFERED"))
    encoding = env.get("PYTHONIOENCODING") or "utf-8"

    def stream(fd: int, mode: str, line_buffering: bool, errors: str) -> io.TextIOWrapper:
        raw = io.FileIO(fd, mode, closefd=False)
        buffered: Any = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
        interactive = os.isatty(fd)
        return io.TextIOWrapper(buffered, encoding=encoding, errors=errors,
                                line_buffering=line_buffering or interactive,
                                write_through=unbuffered and mode == "w")

    return (stream(0, "r", False, "strict"), stream(1, "w", unbuffered, "strict"),
            stream(2, "w", True, "backslashreplace"))


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # a Ctrl-C at the terminal is for the tests
    _preload()
    # What was imported stays as it is: a child's garbage collections need not walk it (nor
    # copy every page of it by touching it).
    gc.collect()
    gc.freeze()
    start = _serve(sys.argv[1])
    if start is None:
        return
    _become(start)


# ---------------------------------------------------------------- the test process's side


class _Zygote:
    """This test process's zygote, started on first use, gone when this process is."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._address = ""

    def address(self) -> str:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
            return self._address

    def forget(self) -> None:
        """Stop a zygote that no longer answers; the next `address` starts another."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            self._process = None

    def _start(self) -> None:
        folder = tempfile.mkdtemp(prefix="showup-zygote-")
        self._address = os.path.join(folder, "z")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.zygote", self._address], cwd=ROOT,
            stdin=subprocess.PIPE)
        atexit.register(self._stop, self._process, folder)
        deadline = time.monotonic() + 60
        while not os.path.exists(self._address):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the test zygote did not start")
            time.sleep(0.02)

    @staticmethod
    def _stop(process: subprocess.Popen[bytes], folder: str) -> None:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        os.rmdir(folder)


_ZYGOTE = _Zygote()


def _is_app(args: Any, executable: Any, shell: bool, cwd: Any) -> bool:
    if os.environ.get("SHOWUP_TEST_EXEC") or shell or executable is not None:
        return False
    if isinstance(args, (str, bytes, os.PathLike)) or len(args) < 2:
        return False
    folder = Path(cwd) if cwd is not None else Path.cwd()
    return (str(args[0]) == sys.executable and isinstance(args[1], (str, os.PathLike))
            and (folder / args[1]).resolve() == APP)


class ZygotePopen(subprocess.Popen[str]):
    """subprocess.Popen in text mode; `python app.py …` is forked from the zygote instead of
    exec'd."""

    _zygote: socket.socket | None = None

    def _execute_child(self, args: Any, executable: Any, preexec_fn: Any, close_fds: Any,
                       pass_fds: Any, cwd: Any, env: Any, startupinfo: Any, creationflags: Any,
                       shell: Any, p2cread: int, p2cwrite: int, c2pread: int, c2pwrite: int,
                       errread: int, errwrite: int, *rest: Any) -> None:
        # Python 3.11's remaining arguments: restore_signals, gid, gids, uid, umask,
        # start_new_session, process_group.
        start_new_session = rest[-2] if len(rest) >= 2 else False
        own_preexec = preexec_fn is None or getattr(preexec_fn, "__name__", "") == TERMINAL
        if pass_fds or start_new_session or not own_preexec \
                or not _is_app(args, executable, shell, cwd):
            super()._execute_child(  # type: ignore[misc]
                args, executable, preexec_fn, close_fds, pass_fds, cwd, env, startupinfo,
                creationflags, shell, p2cread, p2cwrite, c2pread, c2pwrite, errread,
                errwrite, *rest)
            return
        fds = [p2cread if p2cread != -1 else 0, c2pwrite if c2pwrite != -1 else 1,
               errwrite if errwrite != -1 else 2]
        environment = os.environ if env is None else env
        order = {"argv": [str(part) for part in args[1:]],
                 "env": {str(k): str(v) for k, v in environment.items()},
                 "cwd": str(cwd if cwd is not None else Path.cwd())}
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            connection.connect(_ZYGOTE.address())
        except OSError:
            # The zygote stopped listening (a test's signal reached it): this process is
            # exec'd as usual, and the next one asks a fresh zygote.
            connection.close()
            _ZYGOTE.forget()
            super()._execute_child(  # type: ignore[misc]
                args, executable, preexec_fn, close_fds, pass_fds, cwd, env, startupinfo,
                creationflags, shell, p2cread, p2cwrite, c2pread, c2pwrite, errread,
                errwrite, *rest)
            return
        try:
            socket.send_fds(connection, [json.dumps(order).encode()], fds)
            answer = connection.recv(64).decode()
        except BaseException:
            connection.close()
            raise
        finally:
            self._close_pipe_fds(  # type: ignore[attr-defined]
                p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite)
        if not answer.startswith("pid "):
            connection.close()
            raise OSError(f"the test zygote could not start {args!r}")
        self.pid = int(answer.split()[1])
        self._child_created = True
        self._zygote = connection

    def _try_wait(self, wait_flags: int) -> tuple[int, int]:
        connection = self._zygote
        if connection is None:
            return super()._try_wait(wait_flags)  # type: ignore[misc, no-any-return]
        if wait_flags & os.WNOHANG and not select.select([connection], [], [], 0)[0]:
            return 0, 0
        answer = connection.recv(64).decode()
        connection.close()
        self._zygote = None
        if not answer.startswith("exit "):   # the zygote itself died: status unknown
            return self.pid, 255 << 8
        return self.pid, int(answer.split()[1])

    def _internal_poll(self, _deadstate: Any = None, **_: Any) -> int | None:
        if self._zygote is None:
            return super()._internal_poll(_deadstate)  # type: ignore[misc, no-any-return]
        if self.returncode is None and self._waitpid_lock.acquire(False):  # type: ignore[attr-defined]
            try:
                if self.returncode is None and self._zygote is not None:
                    pid, status = self._try_wait(os.WNOHANG)
                    if pid == self.pid:
                        self._handle_exitstatus(status)  # type: ignore[attr-defined]
            finally:
                self._waitpid_lock.release()  # type: ignore[attr-defined]
        return self.returncode


def run(args: list[str], *, input: str | None = None, timeout: float | None = None,
        capture_output: bool = False, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """subprocess.run in text mode, starting through the zygote when it can."""
    kwargs["text"] = True
    if capture_output:
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    if input is not None:
        kwargs["stdin"] = subprocess.PIPE
    with ZygotePopen(args, **kwargs) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        except BaseException:
            process.kill()
            raise
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


if __name__ == "__main__":
    main()
