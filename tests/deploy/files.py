"""Reading the deployment files as Docker, Compose and a Procfile host read them."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.txt"


@dataclass(frozen=True)
class Instruction:
    stage: int
    keyword: str
    rest: str


def dockerfile() -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined, each with its build stage."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    instructions: list[Instruction] = []
    stage = -1
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(stage, keyword, " ".join(rest.split())))
    return instructions


def copy_sources(instructions: list[Instruction]) -> list[tuple[int, str]]:
    """(stage, source) for every COPY from the build context (not from another stage)."""
    found: list[tuple[int, str]] = []
    for ins in instructions:
        if ins.keyword not in {"COPY", "ADD"}:
            continue
        words = ins.rest.split()
        if any(word.startswith("--from") for word in words):
            continue
        paths = [word for word in words if not word.startswith("--")]
        found += [(ins.stage, source) for source in paths[:-1]]
    return found


def healthcheck_command(instructions: list[Instruction]) -> list[str]:
    """The HEALTHCHECK's command, in the exec (JSON) form the Dockerfile uses."""
    (check,) = [ins for ins in instructions if ins.keyword == "HEALTHCHECK"]
    match = re.fullmatch(r"(?:--\S+ )*CMD (\[.*\])", check.rest)
    assert match, f"HEALTHCHECK is not `[--options] CMD [\"exec\", \"form\"]`: {check.rest}"
    command = json.loads(match.group(1))
    assert isinstance(command, list)
    return [str(word) for word in command]


def locked() -> dict[str, Requirement]:
    """The lock's requirements by canonical name."""
    pins: dict[str, Requirement] = {}
    for line in LOCK.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            requirement = Requirement(line)
            pins[canonicalize_name(requirement.name)] = requirement
    return pins


def runtime_dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in project["dependencies"]]
