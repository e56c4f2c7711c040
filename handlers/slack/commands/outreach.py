"""`/outreach …`: stored in the inbox, acked at once, then run on the inbox's workers and
answered privately (handlers/slack/inbox.py). An ack never waits behind other people's
commands: under a burst the answers queue, never the acks (Slack waits 3 seconds for those);
past a few seconds of queue the ack itself says ShowUp is busy and the answer follows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltResponse, Respond
from slack_sdk import WebClient

from bot.grammar import form_for
from bot.messages import Actor
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import APOLOGY, failure, guarded, unescape
from handlers.slack.inbox import BUSY
from handlers.slack.views.forms import open_form

# Slack writes a channel picked from autocomplete as <#C123|name>; what a person types
# arrives with < and > as entities, so only Slack's own references match.
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]{6,20})(?:\|[^<>]{0,80})?>")


def outreach_acks(deps: SlackDeps) -> Callable[..., BoltResponse]:
    """Bolt middleware: an `/outreach` command with something to carry out is stored and
    acknowledged on the request's own thread (Bolt would hand it to a listener thread and
    look every 10 ms for its ack), then carried out on the inbox's workers. A bare word
    that opens a form goes on to `outreach_listener`."""

    def outreach(body: dict[str, Any], ack: Ack, client: WebClient,
                 next: Callable[[], BoltResponse]) -> BoltResponse:
        if body.get("command") != "/outreach":
            return next()
        text = typed(body)
        if form_for(text) is not None:
            return next()
        try:
            # Stored before Slack hears we have it; when this process is busy, left in the
            # inbox for the first worker free (here or in another process), and the person
            # told.
            entry, busy = deps.inbox.receive(body, text)
        except Exception:
            return ack(APOLOGY.format(failure("storing a command")))
        if entry is not None and busy:
            return ack(BUSY)
        response = ack()
        if entry is not None:   # None: a replay of a command already stored
            deps.inbox.submit(entry, text, client)
        return response

    return outreach


def outreach_listener(deps: SlackDeps) -> Callable[..., None]:
    """`/outreach` with a bare word that opens a form (the rest never reach a listener:
    `outreach_acks`)."""
    @guarded
    def outreach(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        # `respond` is for `guarded`: a modal that fails to open ends in an apology.
        text = typed(body)
        form = form_for(text)
        ack()   # trigger_id lasts 3 s: not queued
        if form is not None:
            actor = _actor(deps, client, body)
            open_form(form, deps, client, actor, str(body.get("trigger_id")), text)

    return outreach


def typed(body: dict[str, Any]) -> str:
    """The command's words as the person typed them, a channel picked from autocomplete
    as its id."""
    return unescape(CHANNEL_MENTION.sub(r"\1", str(body.get("text") or "")))


def _actor(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> Actor:
    team_id = str(body.get("team_id") or "")
    return deps.people.actor(client, team_id, str(body.get("team_domain") or team_id),
                             str(body.get("user_id")), str(body.get("user_name") or ""))
