#!/usr/bin/env python3
"""Set up and run ShowUp with nothing but Python 3.11+.

    python3 dev.py run [app args]   start ShowUp (the console when no chat credentials are set)
    python3 dev.py test [pytest args]   run the whole test suite, then ruff and mypy
    python3 dev.py bench [name] [--quick]   run the benchmarks (see bench/run.py)

Each command creates `.venv` (again, when another Python made it) and installs the project
into it when `pyproject.toml` has changed since the last install, so running either one
again is cheap. With `uv` on the PATH, uv installs; otherwise pip does.

This file must still parse on old Pythons (3.6 and up), so that they can say they are too
old: no syntax newer than 3.6 anywhere, and nothing that needs 3.11 runs before the check.
"""

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import venv
from collections import deque
from pathlib import Path
from typing import TextIO

MINIMUM_PYTHON = (3, 11)


def python_too_old(version: "tuple[int, ...]", executable: str = "") -> "str | None":
    """The one line to print when this Python cannot run ShowUp, or None when it can."""
    if tuple(version[:2]) >= MINIMUM_PYTHON:
        return None
    running = ".".join(str(part) for part in version[:3])
    which = f" ({executable})" if executable else ""
    return (f"ShowUp needs Python {MINIMUM_PYTHON[0]}.{MINIMUM_PYTHON[1]} or newer, and this is "
            f"Python {running}{which}: install a newer one (python.org/downloads) and run it, "
            "e.g. python3.11 dev.py run")


if __name__ == "__main__":
    _TOO_OLD = python_too_old(sys.version_info[:3], sys.executable)
    if _TOO_OLD:
        print(_TOO_OLD, file=sys.stderr)
        sys.exit(1)

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# Lines of pip's output shown when an install fails (the rest of the time, progress only).
FAILURE_TAIL = 40


def venv_python(venv_dir: Path) -> Path:
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def venv_version(venv_dir: Path) -> tuple[int, int] | None:
    """The Python (major, minor) a virtual environment was made with, from its pyvenv.cfg
    (`version` from venv and virtualenv, `version_info` from uv)."""
    try:
        text = (venv_dir / "pyvenv.cfg").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        key, _, value = line.partition("=")
        found = re.match(r"\s*(\d+)\.(\d+)", value)
        if key.strip() in ("version", "version_info") and found:
            return int(found.group(1)), int(found.group(2))
    return None


def rebuild_reason(venv_dir: Path, running: tuple[int, int]) -> str | None:
    """Why an existing `.venv` can't serve this Python (one line), or None when it can."""
    if not venv_dir.exists():
        return None
    made_with = venv_version(venv_dir)
    if made_with is None or not venv_python(venv_dir).exists():
        return f"{venv_dir.name} is incomplete or broken; rebuilding it."
    if made_with != running:
        return (f"{venv_dir.name} was made with Python {made_with[0]}.{made_with[1]}; "
                f"rebuilding it for Python {running[0]}.{running[1]}.")
    return None


class PipProgress:
    """pip's output boiled down to a line per stage and per package it fetches; on a
    terminal the package lines overwrite each other, so the whole install stays short."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.live = out.isatty()
        self.fetched = 0
        self.already = 0
        self.installing = 0
        self._overwritable = False

    def feed(self, line: str) -> None:
        line = line.strip()
        if line.startswith("Installing build dependencies: started"):
            self._say("  preparing the build tools …")
        elif line.startswith(("Collecting ", "Processing ")):
            self.fetched += 1
            self._say(f"  fetching {self.fetched}: {_package_name(line)}", overwritable=True)
        elif line.startswith("Requirement already satisfied:"):
            self.already += 1
        elif line.startswith("Installing collected packages:"):
            self.installing = len(line.partition(":")[2].split(","))
            self._say(f"  installing {_packages(self.installing)} …")

    def summary(self, seconds: float) -> str:
        kept = f" ({self.already} already there)" if self.already else ""
        return f"Installed {_packages(self.installing)}{kept} in {seconds:.0f} s."

    def _say(self, text: str, overwritable: bool = False) -> None:
        if self.live:
            self.out.write(("\r\033[K" if self._overwritable else "") + text
                           + ("" if overwritable else "\n"))
        else:
            self.out.write(text + "\n")
        self._overwritable = overwritable and self.live
        self.out.flush()

    def close(self) -> None:
        if self._overwritable:
            self.out.write("\n")
            self._overwritable = False


def _package_name(line: str) -> str:
    """"Collecting slack-bolt<2,>=1.30 (from …)" or "Processing /x/apscheduler-3.11.3-….whl"
    → the package's name."""
    what = line.split(None, 1)[1] if " " in line else line
    if what.startswith(("/", ".", "file:")) or "\\" in what:
        what = re.split(r"[/\\]", what.split(" (")[0].rstrip("/\\"))[-1].split("-")[0]
    return re.split(r"[\s<>=!~;\[(@]", what, maxsplit=1)[0]


def _packages(count: int) -> str:
    return f"{count} package{'' if count == 1 else 's'}"


def pip_install(python: Path, args: list[str], cwd: Path, out: TextIO | None = None) -> None:
    """`pip install <args>` with `python`, showing progress; exits with pip's last lines when
    it fails."""
    out = out or sys.stdout
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check",
               "--progress-bar", "off", *args]
    progress = PipProgress(out)
    tail: deque[str] = deque(maxlen=FAILURE_TAIL)
    started = time.monotonic()
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace",
                          env={**os.environ, "PYTHONUNBUFFERED": "1"}) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            tail.append(line.rstrip())
            progress.feed(line)
    progress.close()
    if pip.returncode != 0:
        print("\n".join(tail), file=sys.stderr)
        sys.exit(f"pip could not install ({' '.join(args)}); its last lines are above.")
    out.write(progress.summary(time.monotonic() - started) + "\n")
    out.flush()


def install(python: Path, args: list[str], cwd: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pip_install(python, args, cwd)
        return
    print("  (with uv)", flush=True)
    if subprocess.call([uv, "pip", "install", "--python", str(python), *args], cwd=cwd):
        sys.exit(f"uv could not install ({' '.join(args)}); it says why above.")


def _create_env() -> None:
    print(f"Creating .venv with Python {platform.python_version()} …", flush=True)
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except subprocess.CalledProcessError:
        shutil.rmtree(VENV, ignore_errors=True)
        sys.exit("Could not create .venv: this Python has no ensurepip (on Debian or Ubuntu: "
                 "sudo apt install python3-venv).")
    except BaseException:
        shutil.rmtree(VENV, ignore_errors=True)  # half an environment would pass next time
        raise


def _stamp_digest(extra: str) -> str:
    spec = "." + (f"[{extra}]" if extra else "")
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()


def _installed(extra: str) -> bool:
    stamp = VENV / f".installed-{extra or 'app'}"
    return stamp.exists() and stamp.read_text() == _stamp_digest(extra)


def _ensure_env(extra: str) -> None:
    reason = rebuild_reason(VENV, (sys.version_info[0], sys.version_info[1]))
    if reason:
        print(reason, flush=True)
        shutil.rmtree(VENV)
    if not venv_python(VENV).exists():
        _create_env()
    if _installed(extra) or (not extra and _installed("test")):
        return
    what = "ShowUp and its test tools" if extra else "ShowUp"
    first = "" if any(VENV.glob(".installed-*")) else " (the first time takes a minute or two)"
    print(f"Installing {what} into .venv{first} …", flush=True)
    install(venv_python(VENV), ["-e", "." + (f"[{extra}]" if extra else "")], ROOT)
    (VENV / f".installed-{extra or 'app'}").write_text(_stamp_digest(extra))


def _run(args: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(venv_python(VENV)), *args], cwd=ROOT, env=env)


def _test_env() -> dict[str, str]:
    """The suite's temporary folders (its databases, logs and copies: some 500 MB a run) in
    memory where the system has a memory filesystem: no disk writes, and no disk deletes of
    the run before last (over ten seconds on a slow disk). PYTEST_DEBUG_TEMPROOT, if set, is
    left as it is."""
    env = dict(os.environ)
    shm = Path("/dev/shm")
    if "PYTEST_DEBUG_TEMPROOT" not in env and shm.is_dir() and os.access(shm, os.W_OK):
        env["PYTEST_DEBUG_TEMPROOT"] = str(shm)
    return env


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
    code = _run(["-m", "pytest", *rest], _test_env())
    if code != 0 or rest:
        return code
    for check in (["-m", "ruff", "check", "."], ["-m", "mypy"]):
        code = _run(check)
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
