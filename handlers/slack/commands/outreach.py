"""`/outreach …`: ack at once, then run the command and answer privately.

Commands run on a few threads of their own rather than on Bolt's listener threads, so an
ack never waits behind other people's commands: under a burst the answers queue (Slack
keeps a `response_url` for 30 minutes), never the acks (Slack waits 3 seconds for those).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.usecases.context import Actor
from handlers.slack.deps import SlackDeps
from handlers.slack.guard import guarded, unescape
from handlers.slack.inbox import SlackInbox
from handlers.slack.views.commit_modal import open_commit_modal
from handlers.slack.views.plan_modal import open_plan_modal
from storage.inbox import Entry

log = logging.getLogger("showup.slack")
OPENS_MODAL = {"commit", "add", "new", "c"}
# Slack writes a channel picked from autocomplete as <#C123|name>; what a person types
# arrives with < and > as entities, so only Slack's own references match.
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]{6,20})(?:\|[^<>]{0,80})?>")
# Few on purpose: each is busy in Python, and every busy thread slows the next ack.
COMMAND_THREADS = 2
_commands = ThreadPoolExecutor(COMMAND_THREADS, thread_name_prefix="outreach")


def outreach_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def outreach(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        # `respond` is for `guarded`: a modal that fails to open ends in an apology.
        text = unescape(CHANNEL_MENTION.sub(r"\1", str(body.get("text") or "")))
        word = text.strip().lower()
        if word in OPENS_MODAL or word in ("plan", "ccp"):  # trigger_id lasts 3 s: not queued
            ack()
            actor = _actor(deps, client, body)
            opener = open_commit_modal if word in OPENS_MODAL else open_plan_modal
            opener(deps, client, actor, str(body.get("trigger_id")))
            return
        entry = deps.inbox.receive(body, text)   # stored before Slack hears we have it
        ack()
        if entry is not None:   # None: a replay of a command already stored
            _commands.submit(_carry_out, deps.inbox, entry, text, client)

    return outreach


def _carry_out(slack_inbox: SlackInbox, entry: Entry, text: str, client: WebClient) -> None:
    try:
        slack_inbox.carry_out(entry, text, client)
    except Exception:
        # Still waiting in the inbox: the sweep tries again once this claim lapses.
        log.exception("a command could not be carried out yet; it stays in the inbox")


def _actor(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> Actor:
    team_id = str(body.get("team_id") or "")
    return deps.people.actor(client, team_id, str(body.get("team_domain") or team_id),
                             str(body.get("user_id")), str(body.get("user_name") or ""))
