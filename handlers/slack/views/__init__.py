"""Modal submissions."""

from __future__ import annotations

from slack_bolt import App

from handlers.slack.deps import SlackDeps
from handlers.slack.views import comment_modal, commit_modal, plan_modal


def register(app: App, deps: SlackDeps) -> None:
    app.view(commit_modal.CALLBACK_ID)(commit_modal.submission_listener(deps))
    app.view(plan_modal.CALLBACK_ID)(plan_modal.plan_submission_listener(deps))
    app.view(comment_modal.CALLBACK_ID)(comment_modal.comment_submission_listener(deps))
