"""`python3 dev.py …` as a new user meets it: a Python that is too old says so in one line, a
`.venv` another Python made is made again, and installing shows its progress. Nothing here
installs ShowUp itself (a minute or more); installs use two tiny wheels made on the spot."""

from __future__ import annotations

import ast
import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import dev
from tests.process import ROOT

OLD_PYTHONS = [f"python3.{minor}" for minor in range(6, 11)]


def run_dev(cwd: Path, *args: str, patch: str = "") -> subprocess.CompletedProcess[str]:
    """`python dev.py <args>` in `cwd` (a copy of dev.py, so the real .venv is never touched),
    after running `patch` in the same interpreter."""
    shutil.copy(ROOT / "dev.py", cwd / "dev.py")
    code = (f"import runpy, sys\n{patch}\nsys.argv = ['dev.py', *{list(args)!r}]\n"
            "runpy.run_path('dev.py', run_name='__main__')")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("version", [(3, 6, 15), (3, 9, 18), (3, 10, 13)])
def test_an_old_python_is_told_in_one_line(tmp_path: Path, version: tuple[int, int, int]
                                           ) -> None:
    done = run_dev(tmp_path, "run",
                   patch=f"sys.version_info = ({', '.join(map(str, version))}, 'final', 0)")
    assert done.returncode == 1
    assert done.stdout == ""
    running = ".".join(map(str, version))
    assert re.fullmatch(rf"ShowUp needs Python 3\.11 or newer, and this is Python {running} "
                        r"\(.+\): install a newer one \(python\.org/downloads\) and run it, "
                        r"e\.g\. python3\.11 dev\.py run\n", done.stderr), done.stderr
    assert not (tmp_path / ".venv").exists()


def test_dev_py_parses_on_old_pythons() -> None:
    source = (ROOT / "dev.py").read_text()
    ast.parse(source, feature_version=(3, 6))
    assert "from __future__ import annotations" not in source  # a SyntaxError on 3.6


def _old_interpreters() -> list[str]:
    """Pythons 3.6-3.10 on this machine that run (a pyenv shim may not)."""
    found = []
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [*OLD_PYTHONS, *(str(p) for p in sorted(pyenv.glob("3.*/bin/python3")))]
    for name in candidates:
        path = shutil.which(name)
        if path is None:
            continue
        probe = subprocess.run([path, "-c", "import sys; print(sys.version_info[:2] < (3, 11))"],
                               capture_output=True, text=True, timeout=30)
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            found.append(path)
    return found


def test_real_old_pythons_say_so(tmp_path: Path) -> None:
    pythons = _old_interpreters()
    if not pythons:
        pytest.skip("no Python 3.6-3.10 on this machine")
    shutil.copy(ROOT / "dev.py", tmp_path / "dev.py")
    for python in pythons:
        done = subprocess.run([python, "dev.py", "run"], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 1, (python, done.stderr)
        assert done.stderr.startswith("ShowUp needs Python 3.11 or newer, and this is Python 3.")
        assert done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / ".venv").exists()


def fake_venv(root: Path, cfg: str, python: bool = True) -> Path:
    venv = root / ".venv"
    dev.venv_python(venv).parent.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text(cfg)
    if python:
        dev.venv_python(venv).write_text("")
    return venv


def test_which_venvs_are_rebuilt(tmp_path: Path) -> None:
    assert dev.rebuild_reason(tmp_path / ".venv", (3, 11)) is None  # none yet: just created
    old = fake_venv(tmp_path / "a", "home = /usr/bin\nversion = 3.9.18\n")
    assert dev.rebuild_reason(old, (3, 11)) == \
        ".venv was made with Python 3.9; rebuilding it for Python 3.11."
    by_uv = fake_venv(tmp_path / "b", "home = /usr/bin\nimplementation = CPython\n"
                                      "uv = 0.5.1\nversion_info = 3.12.7\n")
    assert dev.venv_version(by_uv) == (3, 12)
    assert dev.rebuild_reason(by_uv, (3, 12)) is None
    assert dev.rebuild_reason(by_uv, (3, 11)) is not None
    gone = fake_venv(tmp_path / "c", "version = 3.11.7\n", python=False)
    assert dev.rebuild_reason(gone, (3, 11)) == ".venv is incomplete or broken; rebuilding it."


def test_a_venv_made_by_another_python_is_made_again(tmp_path: Path) -> None:
    """The rebuild for real; the install after it fails fast (a build backend that does not
    exist, so nothing is fetched) and says so."""
    fake_venv(tmp_path, "home = /usr/bin\nversion = 3.9.18\n")
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "no_such_backend"\n\n'
        '[project]\nname = "tiny"\nversion = "1"\n')
    done = run_dev(tmp_path, "run")
    running = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert done.stdout.splitlines()[:3] == [
        f".venv was made with Python 3.9; rebuilding it for Python {running}.",
        f"Creating .venv with Python {sys.version.split()[0]} …",
        "Installing ShowUp into .venv (the first time takes a minute or two) …"]
    assert dev.venv_version(tmp_path / ".venv") == sys.version_info[:2]
    assert done.returncode == 1
    if shutil.which("uv") is None:
        assert "no_such_backend" in done.stderr
        assert done.stderr.rstrip().endswith("pip could not install (-e .); its last lines are "
                                              "above.")
    assert not (tmp_path / ".venv" / ".installed-app").exists()


def wheel(folder: Path, name: str, requires: list[str]) -> None:
    """A minimal pure-Python wheel, as pip reads one."""
    info = f"{name}-1.0.dist-info"
    files = {
        f"{name}/__init__.py": "",
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"
                            + "".join(f"Requires-Dist: {r}\n" for r in requires),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                         "Tag: py3-none-any\n",
    }
    record = [f"{path},sha256="
              + base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).decode()
              .rstrip("=") + f",{len(text.encode())}" for path, text in files.items()]
    files[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    with zipfile.ZipFile(folder / f"{name}-1.0-py3-none-any.whl", "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)


def test_pip_shows_a_line_per_stage_and_package(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel(wheels, "tinyalpha", ["tinybeta"])
    wheel(wheels, "tinybeta", [])
    code = ("import sys, dev\nfrom pathlib import Path\n"
            "dev.pip_install(Path(sys.executable), ['--no-index', '--find-links', sys.argv[1], "
            "'--target', sys.argv[2], *sys.argv[3:]], Path(sys.argv[1]))")

    def install(*packages: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, str(wheels), str(tmp_path / "t"),
                               *packages], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)

    done = install("tinyalpha")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == ["  fetching 1: tinyalpha", "  fetching 2: tinybeta",
                         "  installing 2 packages …"], done.stdout
    assert re.fullmatch(r"Installed 2 packages in \d+ s\.", lines[3]), done.stdout
    assert (tmp_path / "t" / "tinybeta" / "__init__.py").exists()
    failed = install("tinygamma")
    assert failed.returncode == 1
    assert "No matching distribution found for tinygamma" in failed.stderr
    assert failed.stderr.rstrip().endswith("its last lines are above.")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PIP_SAYS = """\
Obtaining file:///home/pat/showup
  Installing build dependencies: started
  Installing build dependencies: finished with status 'done'
Requirement already satisfied: slack-bolt<2,>=1.30 in ./.venv/lib/python3.11/site-packages
Collecting SQLAlchemy[asyncio]<3,>=2.0.30 (from showup==0.1.0)
  Downloading sqlalchemy-2.1.9-cp311-cp311-manylinux2014_x86_64.whl (4.7 MB)
Processing /opt/wheels/apscheduler-3.11.3-py3-none-any.whl (from showup==0.1.0)
Installing collected packages: SQLAlchemy, APScheduler, showup
Successfully installed APScheduler-3.11.3 SQLAlchemy-2.1.9 showup-0.1.0
"""


def test_on_a_terminal_package_lines_overwrite_each_other() -> None:
    out = Terminal()
    progress = dev.PipProgress(out)
    for line in PIP_SAYS.splitlines(keepends=True):
        progress.feed(line)
    progress.close()
    assert out.getvalue() == ("  preparing the build tools …\n"
                              "  fetching 1: SQLAlchemy"
                              "\r\033[K  fetching 2: apscheduler"
                              "\r\033[K  installing 3 packages …\n")
    assert progress.summary(12.4) == "Installed 3 packages (1 already there) in 12 s."
