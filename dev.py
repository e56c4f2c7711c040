#!/usr/bin/env python3
"""Set up and run ShowUp with nothing but Python 3.11+.

    python3 dev.py run [app args]   start ShowUp (the console when no chat credentials are set)
    python3 dev.py test [pytest args]   run the whole test suite, then ruff and mypy
    python3 dev.py bench [name] [--quick]   run the benchmarks (see bench/run.py)

Each command creates `.venv` and installs the project into it when `pyproject.toml` has
changed since the last install, so running either one again is cheap.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _ensure_env(extra: str) -> None:
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = "." + (f"[{extra}]" if extra else "")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extra or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing ShowUp{' and its test tools' if extra else ''} into .venv …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-e", spec], cwd=ROOT, check=True)
    stamp.write_text(digest)


def _run(args: list[str]) -> int:
    return subprocess.call([str(PYTHON), *args], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        _ensure_env("")
        return _run(["app.py", *rest])
    _ensure_env("test")
    if command == "bench":
        return _run(["-m", "bench.run", *rest])
    code = _run(["-m", "pytest", *rest])
    if code != 0 or rest:
        return code
    for check in (["-m", "ruff", "check", "."], ["-m", "mypy"]):
        code = _run(check)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
