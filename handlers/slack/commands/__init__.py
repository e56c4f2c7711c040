"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from handlers.slack.commands.outreach import outreach_listener
from handlers.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    app.command("/outreach")(outreach_listener(deps))
