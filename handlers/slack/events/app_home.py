"""App Home: my week, my streak, the team's progress; settings for admins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.usecases.context import Actor
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.guard import guarded


def publish_home(deps: SlackDeps, client: WebClient, actor: Actor) -> None:
    page = deps.coach.home(actor, deps.clock.now())
    client.views_publish(user_id=actor.user_id,
                         view={"type": "home", "blocks": blocks.page_blocks(page)})


def home_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        team_id = str(body.get("team_id") or "")
        actor = deps.people.actor(client, team_id, team_id, str(event.get("user")))
        publish_home(deps, client, actor)

    return on_home_opened
