"""Button clicks."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from handlers.slack.actions.channel_picker import picker_listener
from handlers.slack.actions.command_buttons import COMMAND_BUTTON, button_listener
from handlers.slack.blocks import LINK_ID, PICK_CHANNEL_ID
from handlers.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    app.action(COMMAND_BUTTON)(button_listener(deps))
    app.action(PICK_CHANNEL_ID)(picker_listener(deps))
    app.action(re.compile(rf"^{LINK_ID}_\d+$"))(link_opened)


def link_opened(ack: Ack) -> None:
    """A URL button: Slack opened the page in the browser and tells us; nothing to do."""
    ack()
