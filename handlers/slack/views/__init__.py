"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from handlers.slack.deps import SlackDeps
from handlers.slack.views.commit_modal import CALLBACK_ID, submission_listener


def register(app: App, deps: SlackDeps) -> None:
    app.view(CALLBACK_ID)(submission_listener(deps))
