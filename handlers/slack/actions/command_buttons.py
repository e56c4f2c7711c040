"""A click runs the command its button stands for, as the person who clicked: stored in the
inbox before it is acked, carried out on the inbox's workers (handlers/slack/inbox.py).

The reply replaces the message that carried the button, so a nudge shows its outcome in
place (on App Home, the page is refreshed and the reply comes by DM); a click on a stale
button gets the core's answer ("already done") instead of a second effect.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltResponse, Respond
from slack_sdk import WebClient

from bot.grammar import form_for
from handlers.slack.blocks import ACTION_ID
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import apologise, failure, guarded
from handlers.slack.views.forms import open_form

COMMAND_BUTTON = re.compile(rf"^{ACTION_ID}_\d+$")


def button_acks(deps: SlackDeps) -> Callable[..., BoltResponse]:
    """Bolt middleware: a click on a command button whose command is carried out (not a bare
    word that opens a form) is stored and acknowledged on the request's own thread, then
    carried out on the inbox's workers. It runs before the replay check of signatures: the
    inbox, one row per click, is what makes a replayed click a no-op."""

    def on_click(body: dict[str, Any], client: WebClient, respond: Respond | None,
                 next: Callable[[], BoltResponse]) -> BoltResponse:
        action = _command_button(body)
        command = str((action or {}).get("value") or "")
        if action is None or form_for(command) is not None:
            return next()
        try:
            entry = deps.inbox.receive_click(body, action, command)
        except Exception:
            # Told off the ack's path: Slack waits 3 s for the ack, an answer may take longer.
            threading.Thread(target=apologise, args=(respond, failure("storing a click")),
                             daemon=True).start()
            return BoltResponse(status=200, body="")
        if entry is not None:   # None: a replay of a click already stored
            deps.inbox.submit(entry, entry.words, client)
        return BoltResponse(status=200, body="")

    return on_click


def _command_button(body: dict[str, Any]) -> dict[str, Any] | None:
    """The clicked command button of a block_actions payload, or None for anything else."""
    if body.get("type") != "block_actions":
        return None
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions else None
    if not isinstance(action, dict) or not COMMAND_BUTTON.match(
            str(action.get("action_id") or "")):
        return None
    return action


def button_listener(deps: SlackDeps) -> Callable[..., None]:
    """A command button whose bare word opens a form (the rest never reach a listener:
    `button_acks`)."""
    @guarded
    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                 respond: Respond) -> None:
        command = str(action.get("value") or "")
        form = form_for(command)
        ack()   # trigger_id lasts 3 s: not queued
        if form is not None:
            actor = deps.people.actor_of_interaction(client, body)
            open_form(form, deps, client, actor, str(body.get("trigger_id")), command)

    return on_click
