"""How well the privacy guard (bot/phi_guard.py) tells client details from ordinary outreach,
measured on the labelled corpus in tests/data/phi/: the share of client-detail lines refused,
the share of ordinary lines wrongly refused, and the time one check takes.

The dev parts (dev, dev2, dev3: different writers) are what the guard was built and trained on;
the held-out part was written separately by people who never saw the guard, and nothing is
tuned on it: its rates are the honest ones. Targets (issue 13): held-out client lines
refused >= 97 %, ordinary lines refused <= 2 %, p99 <= 5 ms per check.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.report import percentile, table, write
from bot.phi_guard import check

PHI_CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "phi"
TODAY = date(2026, 12, 1)
PARTS = ("dev", "dev2", "dev3", "heldout")


def lines(part: str, label: str) -> list[str]:
    return [line for line in (PHI_CORPUS / f"{part}_{label}.txt").read_text().splitlines()
            if line.strip()]


def score(part: str) -> dict[str, Any]:
    client, ordinary = lines(part, "client"), lines(part, "ordinary")
    refused = [line for line in client if check(line, today=TODAY) is not None]
    wrongly = [line for line in ordinary if check(line, today=TODAY) is not None]
    kinds = Counter(f.kind for f in (check(line, today=TODAY) for line in client) if f)
    return {"client lines": len(client), "ordinary lines": len(ordinary),
            "client refused": len(refused) / len(client),
            "ordinary refused": len(wrongly) / len(ordinary),
            "reasons": dict(kinds.most_common())}


def timing(repeats: int) -> dict[str, float]:
    every = [line for part in PARTS for label in ("client", "ordinary")
             for line in lines(part, label)]
    every.append("x " * 2000)   # the longest text a field takes
    check(every[0], today=TODAY)   # loads the model and lexicons once, as start-up does
    samples = []
    for _ in range(repeats):
        for line in every:
            started = time.perf_counter()
            check(line, today=TODAY)
            samples.append((time.perf_counter() - started) * 1000)
    return {"checks": len(samples), "median ms": percentile(samples, 0.5),
            "p99 ms": percentile(samples, 0.99), "max ms": max(samples)}


def run(quick: bool = False, out: Path | None = None) -> None:
    data: dict[str, Any] = {part: score(part) for part in PARTS}
    data["timing"] = timing(1 if quick else 5)
    rows = [[part, data[part]["client lines"], f"{data[part]['client refused']:.1%}",
             data[part]["ordinary lines"], f"{data[part]['ordinary refused']:.1%}"]
            for part in PARTS]
    t = data["timing"]
    sections = [
        table(["corpus", "client lines", "refused", "ordinary lines", "wrongly refused"], rows),
        table(["checks", "median", "p99", "max"],
              [[t["checks"], f"{t['median ms']:.3f} ms", f"{t['p99 ms']:.3f} ms",
                f"{t['max ms']:.3f} ms"]]),
        "Targets: on held-out lines, client details refused >= 97 % and ordinary lines "
        "refused <= 2 %; p99 <= 5 ms per check. The dev parts were tuned and trained on "
        "(tools/train_phi.py also reports a cross-validated rate on them); held-out rates are "
        "the ones to trust. The first guard (rules only) is in before/phi.md.",
    ]
    write("phi", "The privacy guard on realistic sentences", describe(), sections, data, out)
