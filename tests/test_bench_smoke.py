"""The benchmarks still run (tiny sizes, no timing asserted): `python3 dev.py bench --quick`.
Marked `bench`: out of the default run; CI runs it (`python3 dev.py test -m bench`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.process import ROOT, app_env

pytestmark = pytest.mark.bench


def test_every_benchmark_runs_and_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "results"
    done = subprocess.run([sys.executable, "-m", "bench.run", "all", "--quick", "--out",
                           str(out)], cwd=ROOT, env=app_env(tmp_path), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for name in ("latency", "fanout", "scaleout", "history", "memory", "app_home",
                 "dashboard", "answers"):
        report = (out / f"{name}.md").read_text()
        assert "- cores:" in report and "Targets:" in report, name
        data = json.loads((out / f"{name}.json").read_text())
        assert data["quick"] is True and data["results"], name
    fanout = json.loads((out / "fanout.json").read_text())["results"][0]
    assert (fanout["delivered"], fanout["duplicates"]) == (fanout["members"], 0)
    latency = json.loads((out / "latency.json").read_text())["results"]
    assert {r["app"] for r in latency} == {"showup", "bare bolt"}
    assert all(r["errors"] == 0 for r in latency)
    answers = json.loads((out / "answers.json").read_text())["results"]
    assert {r["phase"] for r in answers} == {"first contact", "steady"}
    assert all(r["lost"] == 0 and r["ack_errors"] == 0 and r["answered_twice"] == 0
               and r["answered"] == r["commands"] for r in answers), answers
    dashboard = json.loads((out / "dashboard.json").read_text())["results"]
    assert {r["operation"] for r in dashboard} >= {"owner page", "clinician page"}
    assert all(r["statements"] for r in dashboard if r["operation"].endswith("page"))
    phi = json.loads((out / "phi.json").read_text())
    assert phi["heldout"]["client lines"] >= 150 and phi["timing"]["checks"] > 0
