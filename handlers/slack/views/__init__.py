"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from handlers.slack.deps import SlackDeps
from handlers.slack.views import commit_modal, plan_modal


def register(app: App, deps: SlackDeps) -> None:
    app.view(commit_modal.CALLBACK_ID)(commit_modal.submission_listener(deps))
    app.view(plan_modal.CALLBACK_ID)(plan_modal.plan_submission_listener(deps))
