"""The lock (requirements.txt) that the Dockerfile and Procfile hosts install from: exact pins
within pyproject's ranges, and a fresh environment built from it the way the image is built
(the lock, then ShowUp without dependencies) runs ShowUp."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.files import (
    LOCK,
    ROOT,
    copy_sources,
    dockerfile,
    healthcheck_command,
    locked,
    runtime_dependencies,
)
from tests.process import app_env, free_port

# uv installs exactly what pip would from a lock of exact pins, in seconds where pip takes
# most of a minute (the Dockerfile and Procfile hosts use pip).
UV = [sys.executable, "-m", "uv", "--quiet"]


def test_every_line_of_the_lock_is_an_exact_pin() -> None:
    for name, requirement in locked().items():
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{name}: {requirement}"


def test_every_runtime_dependency_is_pinned_within_pyprojects_range() -> None:
    pins = locked()
    for dependency in runtime_dependencies():
        pin = pins.get(canonicalize_name(dependency.name))
        assert pin is not None, f"{dependency.name} is not in requirements.txt"
        (version,) = [spec.version for spec in pin.specifier]
        assert dependency.specifier.contains(version, prereleases=True), \
            f"requirements.txt pins {pin}, outside pyproject's {dependency}"


def test_the_extras_pyproject_asks_for_are_pinned_too() -> None:
    """`SQLAlchemy[asyncio]` needs greenlet, `psycopg[binary]` needs psycopg-binary."""
    pins = locked()
    for dependency in runtime_dependencies():
        for extra in dependency.extras:
            for text in metadata.requires(dependency.name) or []:
                needed = Requirement(text)
                marker = needed.marker
                if marker and marker.evaluate({"extra": extra}) and \
                        not marker.evaluate({"extra": ""}):
                    assert canonicalize_name(needed.name) in pins, \
                        f"{dependency} needs {needed.name}, which requirements.txt lacks"


def test_the_lock_says_how_to_regenerate_it() -> None:
    header = LOCK.read_text().split("\n", 3)[:3]
    assert any("uv pip compile pyproject.toml" in line for line in header), header


def _build_context(into: Path) -> Path:
    """What the Dockerfile's build stage copies, and nothing else."""
    into.mkdir()
    for stage, source in copy_sources(dockerfile()):
        if stage != 0:
            continue
        path = ROOT / source
        if path.is_dir():
            shutil.copytree(path, into / source,
                            ignore=shutil.ignore_patterns("__pycache__", "*.py[cod]"))
        else:
            shutil.copy2(path, into / source)
    return into


def _finish(process: subprocess.Popen[str], what: str) -> None:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0, f"{what} failed:\n{out}"


def _start(*command: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(word) for word in command], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


@pytest.mark.long
def test_a_fresh_environment_from_the_lock_runs_showup(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The lock installs while ShowUp's wheel builds from what the image's build stage copies.
    install = _start(*UV, "pip", "install", "--python", python, "--requirement", LOCK)
    build = _start(*UV, "build", "--wheel", "--out-dir", tmp_path / "wheels",
                   _build_context(tmp_path / "context"))
    _finish(install, "installing requirements.txt")
    _finish(build, "building ShowUp's wheel")
    (wheel,) = (tmp_path / "wheels").glob("showup-*.whl")
    _finish(_start(*UV, "pip", "install", "--python", python, "--no-deps", wheel),
            "installing ShowUp without dependencies")
    _finish(_start(*UV, "pip", "check", "--python", python), "checking what was installed")

    # Run from elsewhere, with no PYTHONPATH: only the installed ShowUp can answer.
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in app_env(tmp_path, LOG_LEVEL="WARNING").items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    showup = str(venv / "bin" / "showup")

    def run(*args: str, stdin: str = "") -> str:
        done = subprocess.run([showup, *args], cwd=work, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout

    assert "Set up" in run("migrate")
    with _serving(python, showup, work, env, tmp_path) as ready:
        reply = run("console", "--as", "pat", stdin="help\n")
        assert "commit <what> [day]" in reply and "Never include client details" in reply
        ready()


@contextmanager
def _serving(python: Path, showup: str, work: Path, env: dict[str, str], tmp_path: Path
             ) -> Iterator[Callable[[], None]]:
    """`showup serve` for many workspaces (Slack OAuth; no Slack is contacted). What it
    yields waits until the image's HEALTHCHECK passes, then opens /slack/install."""
    port = free_port()
    served = {**env, "PORT": str(port), "SLACK_CLIENT_ID": "1234.5678",
              "SLACK_CLIENT_SECRET": "not-a-secret", "SLACK_SIGNING_SECRET": "not-a-secret",
              "SLACK_API_URL": "http://127.0.0.1:9/api/"}
    check = [str(python) if word == "python" else word
             for word in healthcheck_command(dockerfile())]
    log_path = tmp_path / "serve.log"

    def ready() -> None:
        deadline = time.monotonic() + 60
        while subprocess.run(check, env=served, capture_output=True).returncode != 0:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/slack/install",
                                    timeout=10) as page:
            html = page.read().decode()
        assert "https://slack.com/oauth/v2/authorize?" in html and "client_id=1234.5678" in html

    with log_path.open("w") as log:
        server = subprocess.Popen([showup, "serve"], cwd=work, env=served, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            yield ready
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "Traceback" not in log_path.read_text(), log_path.read_text()
