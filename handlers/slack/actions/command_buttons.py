"""A click runs the command its button stands for, as the person who clicked: stored in the
inbox before it is acked, carried out on the inbox's workers (handlers/slack/inbox.py).

The reply replaces the message that carried the button, so a nudge shows its outcome in
place (on App Home, the page is refreshed and the reply comes by DM); a click on a stale
button gets the core's answer ("already done") instead of a second effect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.grammar import form_for
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import guarded
from handlers.slack.views.forms import open_form


def button_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                 respond: Respond) -> None:
        command = str(action.get("value") or "")
        form = form_for(command)
        if form is not None:   # trigger_id lasts 3 s: not queued
            ack()
            actor = deps.people.actor_of_interaction(client, body)
            open_form(form, deps, client, actor, str(body.get("trigger_id")), command)
            return
        entry = deps.inbox.receive_click(body, action, command)
        ack()
        if entry is not None:   # None: a replay of a click already stored
            deps.inbox.submit(entry, entry.words, client)

    return on_click
