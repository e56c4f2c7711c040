"""The README's sample session is what a new user sees, exactly, whatever day it is run."""

from __future__ import annotations

import re
from pathlib import Path

from tests.process import ROOT, run_app

SAMPLE = re.compile(r"`python3 dev\.py run console --as (\w+) --at\s+([\dT:-]+)`\), a first "
                    r"commitment goes like this:\n\n```text\n(.*?)```", re.DOTALL)


def test_the_readme_sample_session_reproduces(tmp_path: Path) -> None:
    match = SAMPLE.search((ROOT / "README.md").read_text())
    assert match is not None, "the README's sample session moved: update this test"
    member, at, sample = match.groups()
    typed = [line.removeprefix(f"{member}> ") for line in sample.splitlines()
             if line.startswith(f"{member}> ")]
    done = run_app(tmp_path, "console", "--as", member, "--at", at,
                   stdin="\n".join(typed) + "\n")
    assert done.returncode == 0, done.stderr
    seen = done.stdout.splitlines()[1:]  # after the banner, which names this machine's zone
    assert "\n".join(seen) + "\n" == sample
