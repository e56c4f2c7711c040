"""How well the privacy guard (bot/phi_guard.py) tells client details from ordinary outreach,
measured on the labelled corpus in tests/data/phi/: the share of client-detail lines refused,
the share of ordinary lines wrongly refused, and the time one check takes.

The dev parts (dev … dev22, each by a different writer) are what the guard was built and
trained on, so its rates on them are flattering. Two honest measures: the held-out part,
written separately and never tuned on; and each dev part as judged by a model trained on the
other parts only ("unseen writers", computed by tools/train_phi.py when it trains and kept in
bot/privacy/weights.json). Targets (issue 13): held-out client lines refused >= 97 %,
ordinary lines refused <= 2 %, p99 <= 5 ms per check.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.report import percentile, table, write
from bot.phi_guard import check
from bot.privacy.model import WEIGHTS
from tools.train_phi import DEV_PARTS, lines

TODAY = date(2026, 12, 1)
# heldout: written before the guard's second version; heldout2 and heldout3: two more writers
# who never saw the rules or the data, added after it (the first read of them is the
# measurement recorded in bench/results/phi.md).
HELD_OUT = ("heldout", "heldout2", "heldout3")
PARTS = (*DEV_PARTS, *HELD_OUT)
TEAM = "knowing the team"   # tools/train_phi.py with_team


def score(part: str) -> dict[str, Any]:
    client, ordinary = lines(part, "client"), lines(part, "ordinary")
    refused = [line for line in client if check(line, today=TODAY) is not None]
    wrongly = [line for line in ordinary if check(line, today=TODAY) is not None]
    kinds = Counter(f.kind for f in (check(line, today=TODAY) for line in client) if f)
    return {"client lines": len(client), "ordinary lines": len(ordinary),
            "client refused": len(refused) / len(client),
            "ordinary refused": len(wrongly) / len(ordinary),
            "reasons": dict(kinds.most_common())}


def _pooled(parts: list[dict[str, Any]]) -> dict[str, Any]:
    client = sum(p["client lines"] for p in parts)
    ordinary = sum(p["ordinary lines"] for p in parts)
    return {"client lines": client, "ordinary lines": ordinary,
            "client refused": sum(p["client refused"] * p["client lines"] for p in parts)
            / max(client, 1),
            "ordinary refused": sum(p["ordinary refused"] * p["ordinary lines"] for p in parts)
            / max(ordinary, 1)}


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def timing(repeats: int, parts: tuple[str, ...] = PARTS) -> dict[str, float]:
    every = [line for part in parts for label in ("client", "ordinary")
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
    parts = ("heldout",) if quick else PARTS   # quick: a smoke run, not a measurement
    data: dict[str, Any] = {part: score(part) for part in parts}
    data["timing"] = timing(1, parts) if quick else timing(5)
    held = [data[part] for part in HELD_OUT if part in data]
    data["held-out, all"] = held_out = _pooled(held)
    rows = [[part, data[part]["client lines"], f"{data[part]['client refused']:.1%}",
             data[part]["ordinary lines"], f"{data[part]['ordinary refused']:.1%}"]
            for part in (*parts, "held-out, all")]
    unseen = json.loads(WEIGHTS.read_text()).get("unseen writers", {})
    data["unseen writers"] = unseen
    unseen = dict(unseen)
    team = unseen.pop(TEAM, None)
    unseen_rows = [[part, r["client lines"], f"{r['client refused']:.1%}", r["ordinary lines"],
                    f"{r['ordinary refused']:.1%}"]
                   for part, r in sorted(unseen.items(), key=lambda kv: (
                       kv[0] == "all", len(kv[0]), kv[0]))]
    if team:
        unseen_rows.append([
            "all, knowing the team", team["client lines"],
            f"{team['client refused']:.1%} (worst case)", team["ordinary lines"],
            f"{team['ordinary refused']:.1%}"])
    t = data["timing"]
    sections = [
        "Judged by the shipped model (trained on every dev part):",
        table(["corpus", "client lines", "refused", "ordinary lines", "wrongly refused"], rows),
        "Each dev part judged by a model trained on the other parts only (unseen writers):",
        table(["corpus", "client lines", "refused", "ordinary lines", "wrongly refused"],
              unseen_rows),
        table(["checks", "median", "p99", "max"],
              [[t["checks"], f"{t['median ms']:.3f} ms", f"{t['p99 ms']:.3f} ms",
                f"{t['max ms']:.3f} ms"]]),
        "Knowing the team: in a workspace the guard is given its members' names, and reads "
        "them as colleagues unless the line is about someone's care (bot/privacy/features.py "
        "as_colleagues). Ordinary lines: each writer's recurring first names stand in for the "
        "member list. Client lines: every first name in the line is taken for a colleague's, "
        "the worst case (in a real practice only a client who shares a colleague's name).",
        "Fresh writers, judged by the guard of the time before they were trained on: "
        "dev19-dev22, 91.2 % of their client lines refused, 6.5 % of their ordinary lines "
        "wrongly refused (dev20, a coordinator writing about the team, 17.6 %); dev23-dev25 "
        "(India, South Africa, the rural US Midwest), 83.8 % and 4.0 %. heldout2 and heldout3 "
        "(the US Southwest; the UK and Australia), by the guard before this retraining: "
        "90.0 % and 82.0 % refused, 1.3 % and 0.0 % wrongly refused.",
        "Approaches compared (unseen writers, all dev parts): the rules alone (named signs "
        "that refuse by themselves) refuse 48.8 % of client lines and 0.9 % of ordinary ones; "
        "rules and the trained model, 90.4 % and 1.5 %. Refusing every line with a personal "
        "first name that is not a colleague's would catch at most a third of what the model "
        "misses (127 of its 380 misses carry a name) and refuse 14 % of ordinary lines (874 of "
        "6,236 name someone: the office manager, the pastor). A spaCy or Presidio pipeline was "
        "not an option: their English models are not on PyPI (pip finds no en_core_web_sm; "
        "they download from GitHub or Hugging Face at run time, which ShowUp may not do), and "
        "Presidio without one only matches patterns the rules already cover.",
        f"Targets: on held-out lines, client details refused >= 97 % (all held-out parts: "
        f"{held_out['client refused']:.1%}, {_verdict(held_out['client refused'] >= 0.97)}) "
        f"and ordinary lines refused <= 2 % ({held_out['ordinary refused']:.1%}, "
        f"{_verdict(held_out['ordinary refused'] <= 0.02)}); p99 <= 5 ms per check "
        f"({t['p99 ms']:.1f} ms, {_verdict(t['p99 ms'] <= 5)}). The shipped model has seen "
        "every dev line, so its dev rates flatter it; the held-out rates and the unseen-writer "
        "rates are the ones to trust. The first guard (rules only) is in before/phi.md.",
    ]
    write("phi", "The privacy guard on realistic sentences", describe(), sections, data, out)
