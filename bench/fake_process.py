"""The fake Slack (tests/fakes/slack_api.py) in a process of its own, for benchmarks whose
senders would otherwise share the benchmark's interpreter with it: several worker processes
posting hundreds of messages a second keep one Python busy answering them.

`python -m bench.fake_process <workspaces> <latency s> <per-workspace limit>` prints its API
URL on one line, serves until it reads a line on stdin, then prints one JSON line: every
delivered key, the arrival instant (time.monotonic(), comparable across processes on Linux)
of every chat.postMessage, the 429s it answered and the CPU time it used.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, cast

from tests.fakes.slack_api import FakeSlack, RateLimits
from tests.process import ROOT


def token_of(workspace: int) -> str:
    return f"xoxb-fan-{workspace:03d}"


def team_of(workspace: int) -> str:
    return f"TFAN{workspace:03d}"


@dataclass
class Posted:
    keys: list[str]
    arrivals: list[float]
    refused_429: int
    cpu_seconds: float


@contextmanager
def fake_slack_process(workspaces: int, latency: float, per_workspace: int
                       ) -> Iterator[tuple[str, list[Posted]]]:
    """(its API URL, a list that holds what it saw once the block ends)."""
    process = subprocess.Popen([sys.executable, "-m", "bench.fake_process", str(workspaces),
                                str(latency), str(per_workspace)], cwd=ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = cast(IO[str], process.stdout)
    api_url = out.readline().strip()
    seen: list[Posted] = []
    try:
        yield api_url, seen
    finally:
        data: dict[str, Any] = {}
        try:
            cast(IO[str], process.stdin).write("dump\n")
            cast(IO[str], process.stdin).flush()
            data = json.loads(out.readline() or "{}")
        finally:
            process.kill()
            process.wait()
        seen.append(Posted(data.get("keys", []), data.get("arrivals", []),
                           data.get("refused_429", 0), data.get("cpu_seconds", 0.0)))


def main(argv: list[str]) -> int:
    workspaces, latency, per_workspace = int(argv[0]), float(argv[1]), int(argv[2])
    fake = FakeSlack()
    fake.latency = latency
    limits = fake.limits = RateLimits(per_workspace=per_workspace)
    for w in range(workspaces):
        fake.teams_by_token[token_of(w)] = team_of(w)
    fake.start()
    print(fake.api_url, flush=True)
    sys.stdin.readline()
    fake.wait_idle(timeout=30)
    arrivals = [c.at for c in fake.calls_to("chat.postMessage")]
    used = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"keys": fake.delivered_keys(), "arrivals": arrivals,
                      "refused_429": limits.refused,
                      "cpu_seconds": used.ru_utime + used.ru_stime}), flush=True)
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
