"""Which modal a form word opens (bot.grammar.form_for decides whether words open one)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.messages import Actor
from handlers.slack.deps import SlackDeps
from handlers.slack.views.comment_modal import open_comment_modal
from handlers.slack.views.commit_modal import open_commit_modal
from handlers.slack.views.plan_modal import open_plan_modal


def open_form(form: str, deps: SlackDeps, client: WebClient, actor: Actor, trigger_id: str,
              words: str) -> None:
    """Open the modal `form` names for `words` (within the trigger's 3 seconds)."""
    if form == "comment":
        open_comment_modal(deps, client, actor, trigger_id, words)
    elif form == "commit":
        open_commit_modal(deps, client, actor, trigger_id)
    else:
        open_plan_modal(deps, client, actor, trigger_id)
