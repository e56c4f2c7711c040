"""What every Slack listener needs, handed over once at registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine

from bot.clock import Clock
from bot.coach import Coach
from handlers.slack.people import People

if TYPE_CHECKING:
    from handlers.slack.inbox import SlackInbox


@dataclass(frozen=True)
class SlackDeps:
    coach: Coach
    clock: Clock
    people: People
    engine: Engine
    inbox: SlackInbox
    installation_store: InstallationStore | None = None
