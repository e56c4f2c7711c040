"""A ShowUp process the suite forks from its zygote (tests/zygote.py) is the process an exec
would have started: its own pid, arguments, environment, folder, streams, exit status and
signals. Each check runs the same command both ways and compares."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests import zygote
from tests.process import ROOT, app_env

PROBE = [sys.executable, "app.py", "--version"]


def both_ways(monkeypatch: pytest.MonkeyPatch, args: list[str], **kwargs: Any
              ) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    forked = zygote.run(args, cwd=ROOT, capture_output=True, timeout=60, **kwargs)
    monkeypatch.setenv("SHOWUP_TEST_EXEC", "1")
    executed = zygote.run(args, cwd=ROOT, capture_output=True, timeout=60, **kwargs)
    monkeypatch.delenv("SHOWUP_TEST_EXEC")
    return forked, executed


def test_output_and_status_are_those_of_an_exec(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    env = app_env(tmp_path, LOG_LEVEL="WARNING")
    for args in (PROBE, [sys.executable, "app.py", "no-such-command"],
                 [sys.executable, "app.py", "console", "--as", "alex", "--at",
                  "2026-12-02T10:00"]):
        forked, executed = both_ways(monkeypatch, args, env=env, input="list\n:quit\n")
        assert (forked.returncode, forked.stdout, forked.stderr) == (
            executed.returncode, executed.stdout, executed.stderr), args


def test_the_child_has_its_own_environment_and_the_zygote_keeps_none_of_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    first = app_env(tmp_path / "a", LOG_LEVEL="nonsense")
    (tmp_path / "a").mkdir()
    failed = zygote.run([sys.executable, "app.py", "console"], cwd=ROOT, env=first,
                        capture_output=True, input=":quit\n", timeout=60)
    assert failed.returncode == 2 and "LOG_LEVEL" in failed.stderr, failed.stderr
    second = app_env(tmp_path / "b", LOG_LEVEL="WARNING")
    (tmp_path / "b").mkdir()
    fine = zygote.run([sys.executable, "app.py", "console", "--as", "alex"], cwd=ROOT,
                      env=second, capture_output=True, input=":quit\n", timeout=60)
    assert fine.returncode == 0, fine.stderr
    assert (tmp_path / "b" / "showup.db").exists() and not (tmp_path / "a" / "showup.db").exists()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGKILL])
def test_a_signal_reaches_the_child_and_its_status_says_so(tmp_path: Path,
                                                          number: signal.Signals) -> None:
    env = app_env(tmp_path, LOG_LEVEL="WARNING")
    process = zygote.ZygotePopen([sys.executable, "app.py", "console", "--as", "alex"],
                                 cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline().startswith("ShowUp console")
    assert process.poll() is None and process.pid != os.getpid()
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=0.2)
    process.send_signal(number)
    started = time.monotonic()
    status = process.wait(timeout=30)
    process.communicate()
    assert status == -number, (status, time.monotonic() - started)


def test_anything_but_app_py_is_an_ordinary_exec() -> None:
    done = zygote.run([sys.executable, "-c", "import sys; print(sys.argv[0])"], cwd=ROOT,
                      capture_output=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "-c\n")


def test_a_zygote_that_stopped_listening_leaves_the_start_to_an_exec_and_is_replaced() -> None:
    """A test's signal can reach the zygote (a process group killed): the next start is
    exec'd as usual, and the one after asks a fresh zygote."""
    import socket

    asking = [sys.executable, "app.py", "--help"]
    before = zygote.run(asking, cwd=ROOT, capture_output=True, timeout=60)
    address = zygote._ZYGOTE.address()
    os.unlink(address)
    deaf = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    deaf.bind(address)   # bound, never listening: a connection is refused
    try:
        during = zygote.run(asking, cwd=ROOT, capture_output=True, timeout=60)
    finally:
        deaf.close()
    after = zygote.run(asking, cwd=ROOT, capture_output=True, timeout=60)
    assert before.returncode == during.returncode == after.returncode == 0
    assert before.stdout == during.stdout == after.stdout != ""
    assert zygote._ZYGOTE.address() != address
