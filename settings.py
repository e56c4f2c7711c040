"""Configuration from the environment and an optional `.env` file (see `.env.example`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.practice_calendar import is_known_zone

MAX_SERVE_PROCESSES = 64


def system_timezone() -> str:
    """This machine's IANA zone, for a practice that has not chosen one yet."""
    try:
        import tzlocal

        name = str(tzlocal.get_localzone_name() or "")
    except Exception:
        name = ""
    return name if is_known_zone(name) else "UTC"


class Surface(StrEnum):
    CONSOLE = "console"
    SLACK = "slack"
    TEAMS = "teams"


class Settings(BaseSettings):
    # A value pasted with a space or a line break around it reads as the value itself.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", str_strip_whitespace=True)

    database_url: str = "sqlite:///showup.db"
    showup_timezone: str = ""
    log_level: str = "WARNING"
    port: int = 3000
    host: str = "0.0.0.0"
    # Where people reach this server (the dashboard's links): https://showup.example.org.
    public_url: str = ""
    # Signs the dashboard's links and cookies; empty: one made once, kept in the database.
    dashboard_secret: str = ""

    slack_bot_token: str = ""
    slack_app_token: str = ""
    slack_signing_secret: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_api_url: str = ""
    slack_timeout_seconds: int = 10

    scheduler_enabled: bool = True
    tick_seconds: int = 60
    # A command acknowledged to Slack is stored first; a process that stops before answering
    # it leaves it to the next one, after this long (storage/inbox.py).
    inbox_lease_seconds: float = Field(default=60, gt=0, le=3600)
    inbox_sweep_seconds: float = Field(default=10, gt=0, le=3600)
    # When a command would wait longer than this for its turn, its ack says ShowUp is busy and
    # it waits in the inbox (not in memory) until a worker is free (handlers/slack/inbox.py).
    command_busy_seconds: float = Field(default=5, gt=0, le=600)
    # On SIGTERM (a deploy), open requests and queued commands get this long to finish; what
    # is left waits in the inbox for the next process.
    shutdown_grace_seconds: float = Field(default=20, ge=0, le=600)
    # A request's body must arrive within this long, or the connection is closed.
    request_body_seconds: float = Field(default=10, gt=0, le=300)
    exports_dir: str = "exports"
    late_after_hours: float = 3.0
    # Free text older than this many days is reduced to its structured part (0: keep it).
    text_retention_days: int = Field(default=180, ge=0, le=3650)
    send_threads: int = Field(default=64, ge=1, le=512)
    database_pool_size: int = Field(default=0, ge=0, le=500)
    # `serve`'s server processes, each with its own pool of DATABASE_POOL_SIZE (serving.py);
    # the name hosts such as Heroku set for a web process's concurrency.
    web_concurrency: int = Field(default=1, ge=1, le=MAX_SERVE_PROCESSES)
    send_rate_per_workspace: float = Field(default=5.0, gt=0, le=1000)

    client_id: str = ""
    client_secret: str = ""
    tenant_id: str = ""
    dangerously_allow_unauthenticated_requests: bool = False
    teams_timeout_seconds: int = 10

    @property
    def practice_timezone(self) -> str:
        zone = self.showup_timezone.strip()
        return zone if is_known_zone(zone) else system_timezone()

    @property
    def dashboard_url(self) -> str:
        """The address the dashboard's links point at: PUBLIC_URL, or this machine."""
        return self.public_url.rstrip("/") or f"http://127.0.0.1:{self.port}"

    @property
    def slack_socket_mode(self) -> bool:
        return bool(self.slack_app_token and self.slack_bot_token)

    @property
    def slack_many_workspaces(self) -> bool:
        """Installed by each workspace through OAuth, its tokens kept in the database."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def surfaces(self) -> list[Surface]:
        """The chat services that are configured; the console when none is."""
        found: list[Surface] = []
        if self.slack_bot_token or self.slack_many_workspaces:
            found.append(Surface.SLACK)
        if (self.client_id and self.client_secret) or \
                self.dangerously_allow_unauthenticated_requests:
            found.append(Surface.TEAMS)
        return found or [Surface.CONSOLE]
