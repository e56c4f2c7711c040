"""What a benchmark's processes used, read from /proc: where the CPU went (the machine's,
a process tree's with its living and ended descendants, PostgreSQL's; 0.0 where it cannot
be read) and a process's own peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

HERTZ = os.sysconf("SC_CLK_TCK")


def machine_seconds() -> tuple[float, float]:
    """(all CPU time, idle time) of the machine so far, in seconds (/proc/stat)."""
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    return sum(ticks) / HERTZ, (ticks[3] + ticks[4]) / HERTZ


def busy_share(before: tuple[float, float], after: tuple[float, float]) -> float:
    """How much of the machine was busy between two `machine_seconds` readings (0–1)."""
    total, idle = after[0] - before[0], after[1] - before[1]
    return 1 - idle / total if total > 0 else 0.0


def _stat(pid: int) -> tuple[int, list[int]] | None:
    """(parent pid, [utime, stime, cutime, cstime] in ticks) of a living process."""
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), [int(v) for v in fields[11:15]]


def tree_seconds(root: int) -> float:
    """CPU seconds of `root` and every descendant: the living ones' own time, and what the
    reaped ones used (counted in their parents'). Taken twice, the difference is what the
    tree used between, even if some of it ended in the meantime."""
    stats = {int(p.name): s for p in Path("/proc").iterdir() if p.name.isdigit()
             if (s := _stat(int(p.name))) is not None}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    ticks, todo = 0, [root] if root in stats else []
    while todo:
        pid = todo.pop()
        ticks += sum(stats[pid][1])
        todo.extend(children.get(pid, []))
    return ticks / HERTZ


def postgres_seconds(engine: Engine) -> float:
    """CPU seconds of the PostgreSQL server so far (its postmaster's tree: every backend,
    living or ended); 0.0 when the server is not on this machine."""
    try:
        with engine.connect() as conn:
            folder = conn.execute(text("SHOW data_directory")).scalar_one()
        pid = int((Path(folder) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError, DBAPIError):
        return 0.0
    return tree_seconds(pid)


def high_water_mb(pid: int) -> float | None:
    """The peak resident memory of a living process so far, in MB (VmHWM); None once it has
    ended. Not wait4's ru_maxrss, which keeps the peak of the process that forked it, from
    before its exec: a tick started by a 150 MB benchmark would report 150 MB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def wait_all(started: list[tuple[subprocess.Popen[bytes], Path]], timeout: float
             ) -> list[tuple[int, float, float]]:
    """Wait for processes (each with its log), killing any still running after `timeout`
    seconds; each one's (exit code, peak RSS in MB, CPU seconds), in start order. One that
    failed has its log's end printed."""
    deadline = time.monotonic() + timeout
    done: dict[int, tuple[int, float, float]] = {}
    peaks = {process.pid: 0.0 for process, _ in started}
    while len(done) < len(started):
        for process, log_path in started:
            if process.pid in done:
                continue
            # Its peak memory read while it runs: wait4's would keep this process's own.
            peaks[process.pid] = max(peaks[process.pid], high_water_mb(process.pid) or 0.0)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                done[pid] = (code, peaks[pid], usage.ru_utime + usage.ru_stime)
                if code != 0:
                    print(f"{log_path.name}: exited with {code}:\n" + "\n".join(
                        log_path.read_text().splitlines()[-30:]), file=sys.stderr, flush=True)
            elif time.monotonic() > deadline:
                process.kill()
        time.sleep(0.05)
    return [done[process.pid] for process, _ in started]
