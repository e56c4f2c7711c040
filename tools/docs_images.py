"""The README's pictures of the dashboard (docs/), made small from the screenshots the
browser tests save in tests/artifacts/: the owner's page as it opens (the quarter at a
glance: the goal, the weeks, the clinicians) and a clinician's whole page.

    .venv/bin/python -m pytest -p no:cacheprovider -n 0 tests/browser/test_dashboard_over_slack.py
    .venv/bin/python -m tools.docs_images

Each keeps its size (a laptop's 1280 pixels: scaled down, text blurs) and is reduced to a
palette of COLOURS (the page has few: its own colours come through, the pace lines orange),
and must come out under LIMIT bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOCS = ROOT / "docs"
IMAGES = {"dashboard-owner-glance.png": "dashboard-owner.png",
          "dashboard-clinician.png": "dashboard-clinician.png"}
COLOURS = 256
LIMIT = 300_000


def shrink(source: Path, target: Path) -> int:
    """`source` quantized, as `target`; its size in bytes."""
    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT,
                                      dither=Image.Dither.NONE).save(target, optimize=True)
    return target.stat().st_size


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    for name, target in IMAGES.items():
        source = ARTIFACTS / name
        if not source.is_file():
            print(f"No {source.relative_to(ROOT)}: run the browser tests first "
                  "(tests/browser/test_dashboard_over_slack.py).")
            return 1
        size = shrink(source, DOCS / target)
        print(f"docs/{target}: {size:,} bytes")
        if size > LIMIT:
            print(f"docs/{target} is over {LIMIT:,} bytes: lower COLOURS.")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
