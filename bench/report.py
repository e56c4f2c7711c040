"""Tables on the terminal and in `bench/results/<name>.md`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (what p50 / p95 / p99 mean here)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def write(name: str, title: str, machine: dict[str, str], sections: Sequence[str],
          data: dict[str, Any], out: Path | None = None) -> Path:
    """Print the report and save it (Markdown for people, JSON for comparing runs)."""
    folder = out or RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    about = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    text = f"# {title}\n\n{about}\n\n" + "\n\n".join(sections) + "\n"
    print(text)
    path = folder / f"{name}.md"
    path.write_text(text)
    (folder / f"{name}.json").write_text(json.dumps({"machine": machine, **data}, indent=2,
                                                    default=str) + "\n")
    return path
