"""`/outreach …`: ack at once, then run the command and answer privately."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.files import send_attachments
from handlers.slack.guard import guarded, unescape
from handlers.slack.views.commit_modal import open_commit_modal
from handlers.slack.views.plan_modal import open_plan_modal

OPENS_MODAL = {"commit", "add", "new", "c"}
# Slack writes a channel picked from autocomplete as <#C123|name>; what a person types
# arrives with < and > as entities, so only Slack's own references match.
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]{6,20})(?:\|[^<>]{0,80})?>")


def outreach_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def outreach(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        text = unescape(CHANNEL_MENTION.sub(r"\1", str(body.get("text") or "")))
        team_id = str(body.get("team_id") or "")
        actor = deps.people.actor(client, team_id, str(body.get("team_domain") or team_id),
                                  str(body.get("user_id")), str(body.get("user_name") or ""))
        if text.strip().lower() in OPENS_MODAL:
            open_commit_modal(deps, client, actor, str(body.get("trigger_id")))
            return
        if text.strip().lower() in ("plan", "ccp"):
            open_plan_modal(deps, client, actor, str(body.get("trigger_id")))
            return
        reply = deps.coach.handle(actor, text, deps.clock.now())
        respond(response_type="ephemeral", replace_original=False, **blocks.message(reply))
        send_attachments(client, actor.user_id, reply)

    return outreach
