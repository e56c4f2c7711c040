"""A profile change (name, time zone, admin) refreshes the member right away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.messages import Actor
from bot.model import Platform
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import guarded


def user_change_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_user_change(event: dict[str, Any], body: dict[str, Any]) -> None:
        user = event.get("user") or {}
        if not user.get("id") or user.get("is_bot"):
            return
        team_id = str(body.get("team_id") or user.get("team_id") or "")
        found = deps.people.remember(team_id, user)
        actor = Actor(Platform.SLACK, team_id, str(user["id"]), found.display_name,
                      team_name=team_id, timezone=found.timezone,
                      is_platform_admin=found.is_admin)
        deps.coach.refresh_member(actor,
                                  active=not user.get("deleted"))

    return on_user_change
