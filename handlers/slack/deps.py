"""What every Slack listener needs, handed over once at registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.clock import Clock
from bot.coach import Coach
from bot.ports import InboxStore, Receipts
from handlers.slack.people import People

if TYPE_CHECKING:
    from handlers.slack.inbox import SlackInbox


@dataclass(frozen=True)
class SlackStores:
    """What the Slack surface keeps, built where the database is (launch.py):
    deliveries already seen, the inbox, and a multi-workspace install's tokens and sign-in
    states (None with a single bot token)."""

    receipts: Receipts
    inbox: InboxStore
    installations: InstallationStore | None = None
    oauth_states: OAuthStateStore | None = None


@dataclass(frozen=True)
class SlackDeps:
    coach: Coach
    clock: Clock
    people: People
    receipts: Receipts
    inbox: SlackInbox
    installation_store: InstallationStore | None = None
