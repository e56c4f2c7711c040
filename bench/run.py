"""`python3 dev.py bench [latency|answers|fanout|scaleout|history|memory|language|phi|app_home|
dashboard|all] [--quick]`.

Each benchmark prints a table and writes `bench/results/<name>.md` and `.json` with the
machine's description. `--quick` runs tiny sizes (the test suite's smoke run) and writes to
`--out` when given instead of `bench/results/`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

NAMES = ("latency", "fanout", "scaleout", "history", "memory", "language", "phi", "app_home",
         "dashboard", "answers")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dev.py bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?", default="all", choices=[*NAMES, "all"])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--out", type=Path, default=None, help="where results go")
    args = parser.parse_args(argv)
    # ShowUp's processes start as in production, each a fresh interpreter: not forked from
    # the test suite's zygote (tests/zygote.py), whose pre-imported, frozen heap would make
    # a start look faster and a process's collections cheaper than a user's.
    os.environ.setdefault("SHOWUP_TEST_EXEC", "1")
    for name in NAMES if args.name == "all" else (args.name,):
        module = importlib.import_module(f"bench.{name}")
        module.run(quick=args.quick, out=args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
