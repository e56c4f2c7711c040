"""A channel chosen in App Home runs the picker's command with that channel's id."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.model import Origin
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.events.app_home import publish_home
from handlers.slack.failsafe import guarded

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,20}$")


def picker_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_pick(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
                ) -> None:
        ack()
        channel = str(action.get("selected_conversation") or "")
        command = str(action.get("block_id") or "").removeprefix("pick:")
        if not CHANNEL_ID.match(channel) or command != "admin channel":
            return
        actor = deps.people.actor_of_interaction(client, body)
        reply = deps.coach.handle(actor, f"{command} {channel}", deps.clock.now(), Origin.BUTTON)
        publish_home(deps.coach, deps.clock.now(), client, actor)
        if not reply.ok:
            client.chat_postMessage(channel=actor.user_id, **blocks.message(reply))

    return on_pick
