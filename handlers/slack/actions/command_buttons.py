"""A click runs the command its button stands for, as the person who clicked.

The reply replaces the message that carried the button, so a nudge shows its outcome in
place; a click on a stale button gets the core's answer ("already done") instead of a
second effect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.model import Source
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.events.app_home import publish_home
from handlers.slack.files import send_attachments
from handlers.slack.guard import guarded
from handlers.slack.views.commit_modal import open_commit_modal
from handlers.slack.views.plan_modal import open_plan_modal

OPENS_MODAL = {"commit", "add", "new"}


def button_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                 respond: Respond) -> None:
        ack()
        actor = deps.people.actor_of_interaction(client, body)
        command = str(action.get("value") or "")
        if command.strip().lower() in OPENS_MODAL:
            open_commit_modal(deps, client, actor, str(body.get("trigger_id")))
            return
        if command.strip().lower() == "plan":
            open_plan_modal(deps, client, actor, str(body.get("trigger_id")))
            return
        reply = deps.coach.handle(actor, command, deps.clock.now(), Source.BUTTON)
        container = body.get("container") or {}
        if container.get("type") == "view":
            publish_home(deps, client, actor)
            client.chat_postMessage(channel=actor.user_id, **blocks.message(reply))
        else:
            respond(replace_original=True, **blocks.message(reply))
        send_attachments(client, actor.user_id, reply)

    return on_click
