"""Events API subscriptions."""

from __future__ import annotations

from slack_bolt import App

from handlers.slack.deps import SlackDeps
from handlers.slack.events import app_home, direct_message, uninstall, user_change


def register(app: App, deps: SlackDeps) -> None:
    app.event("app_home_opened")(app_home.home_listener(deps))
    app.event("app_uninstalled")(uninstall.uninstall_listener(deps))
    app.event("tokens_revoked")(uninstall.revoked_listener(deps))
    app.event("user_change")(user_change.user_change_listener(deps))
    app.event("message")(direct_message.other_messages)
