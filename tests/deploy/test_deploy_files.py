"""The Dockerfile, compose.yaml, .dockerignore and Procfile name only what exists: files in
this repository, `showup` commands the app accepts, a /healthz the server answers."""

from __future__ import annotations

import fnmatch
import re
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

import app
from handlers.web import web_app
from storage.db import normalise_url
from tests.deploy.files import ROOT, copy_sources, dockerfile, healthcheck_command

PORT = "3000"


def accepts(command: str, capsys: pytest.CaptureFixture[str]) -> bool:
    """Whether `showup <command>` is a command (its --help exits 0; a stranger's exits 2)."""
    with pytest.raises(SystemExit) as exit_:
        app.main([command, "--help"])
    capsys.readouterr()
    return exit_.value.code == 0


def showup_commands(text: str) -> list[str]:
    """Every `showup <command>` and `python app.py <command>` a file runs."""
    return re.findall(r"(?:\bshowup\"?,?|\bpython3? app\.py) +\"?([a-z][a-z-]*)", text)


def test_only_real_commands_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert accepts("serve", capsys)
    assert not accepts("serve-forever", capsys)


# --- Dockerfile -------------------------------------------------------------------------

def test_the_image_is_slim_python() -> None:
    bases = [ins.rest for ins in dockerfile() if ins.keyword == "FROM"]
    assert bases
    for base in bases:
        assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?( AS \w+)?", base), base


def test_the_image_runs_as_a_user_of_its_own() -> None:
    instructions = dockerfile()
    final = max(ins.stage for ins in instructions)
    users = [ins.rest for ins in instructions if ins.keyword == "USER" and ins.stage == final]
    assert users and users[-1].split(":")[0] not in {"root", "0"}


def test_the_healthcheck_asks_healthz_with_valid_python() -> None:
    command = healthcheck_command(dockerfile())
    assert command[:2] == ["python", "-c"]
    assert "/healthz" in command[2] and "urllib" in command[2]
    compile(command[2], "HEALTHCHECK", "exec")


def test_the_server_answers_healthz() -> None:
    assert "/healthz" in [getattr(route, "path", "") for route in web_app([]).routes]


def test_everything_the_dockerfile_copies_exists_and_reaches_the_build() -> None:
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith(("#", "!"))]
    sources = copy_sources(dockerfile())
    assert {"requirements.txt", "pyproject.toml", "app.py"} <= {src for _, src in sources}
    for _stage, source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such file"
        assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), \
            f"COPY {source}, but .dockerignore leaves it out"


def test_the_dockerfile_runs_real_commands(capsys: pytest.CaptureFixture[str]) -> None:
    commands = showup_commands(" ; ".join(ins.rest for ins in dockerfile()
                                          if ins.keyword in {"RUN", "CMD", "ENTRYPOINT"}))
    assert "serve" in commands
    for command in commands:
        assert accepts(command, capsys), f"Dockerfile runs `showup {command}`"


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "*.db", "exports", ".pytest_cache", ".mypy_cache",
            "**/__pycache__"} <= ignored


# --- compose.yaml -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def _service(compose: dict[str, Any], command: str) -> dict[str, Any]:
    (found,) = [s for s in compose["services"].values() if s.get("command") == ["showup", command]]
    assert isinstance(found, dict)
    return found


def _interpolated(value: str) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} with a value for every name."""
    return re.sub(r"\$\{(\w+)[^}]*\}", lambda m: f"<{m.group(1)}>", value)


def test_compose_runs_serve_and_worker_from_env_after_migrate(compose: dict[str, Any]) -> None:
    migrate = _service(compose, "migrate")
    assert migrate.get("restart") == "no"
    for command in ("serve", "worker"):
        service = _service(compose, command)
        assert service["env_file"] in (".env", [".env"])
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert _service(compose, "serve")["environment"]["SCHEDULER_ENABLED"] == "false"


def test_compose_commands_are_real(compose: dict[str, Any],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    for service in compose["services"].values():
        if service.get("image", "").startswith("showup"):
            assert service["command"][0] == "showup"
            assert accepts(service["command"][1], capsys), service["command"]


def test_postgres_keeps_its_data_in_a_named_volume(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    mounts = [m.split(":") for m in postgres["volumes"]]
    assert ["postgres-data", "/var/lib/postgresql/data"] in mounts
    assert "postgres-data" in compose["volumes"]


def test_showup_reaches_the_postgres_service(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]["environment"]
    for command in ("migrate", "serve", "worker"):
        raw = _service(compose, command)["environment"]["DATABASE_URL"]
        url = make_url(normalise_url(_interpolated(raw)))
        assert url.drivername == "postgresql+psycopg"
        assert (url.host, url.port) == ("postgres", 5432)
        assert url.username == postgres["POSTGRES_USER"]
        assert url.database == postgres["POSTGRES_DB"]
        assert url.password == _interpolated(postgres["POSTGRES_PASSWORD"])


def test_serve_is_published_on_the_port_it_listens_on(compose: dict[str, Any]) -> None:
    serve = _service(compose, "serve")
    assert serve["environment"]["PORT"] == PORT
    assert [p.rsplit(":", 1)[1] for p in serve["ports"]] == [PORT]
    assert "healthcheck" not in serve      # the image's, on /healthz
    assert _service(compose, "worker")["healthcheck"] == {"disable": True}


def test_every_variable_compose_reads_is_in_env_example() -> None:
    names = set(re.findall(r"\$\{(\w+)", (ROOT / "compose.yaml").read_text()))
    example = (ROOT / ".env.example").read_text()
    assert names
    for name in names:
        assert re.search(rf"^{name}=", example, re.MULTILINE), f"{name} not in .env.example"


# --- Procfile ---------------------------------------------------------------------------

def test_procfile_lines_run_real_commands(capsys: pytest.CaptureFixture[str]) -> None:
    processes = dict(line.split(":", 1) for line in
                     (ROOT / "Procfile").read_text().splitlines() if line.strip())
    assert {"web", "worker", "release"} <= processes.keys()
    expected = {"web": "serve", "worker": "worker", "release": "migrate"}
    for name, command in processes.items():
        (sub,) = showup_commands(command)
        assert accepts(sub, capsys), f"Procfile {name}: {command}"
        assert sub == expected.get(name, sub), f"Procfile {name}: {command}"
