"""A reviewer's comment on a plan, as a Slack modal: opened by a bare `review … comment`
(a button, or typed), it shows the plan and takes the comment, which completes the same
words (`review #12 v2 comment <the comment>`) and runs them as a click would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.grammar import form_for
from bot.messages import Actor, Reply
from bot.model import Origin
from bot.usecases.reviews import MAX_COMMENT, TOO_LONG, CommentForm
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import guarded
from handlers.slack.views import fields

CALLBACK_ID = "showup_comment"
TITLE_CHARS = 24   # Slack's limit for a modal's title


def comment_modal(form: CommentForm) -> dict[str, Any]:
    title = form.title if len(form.title) <= TITLE_CHARS else "Comment on a plan"
    return {
        "type": "modal", "callback_id": CALLBACK_ID, "private_metadata": form.command,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Send comment"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "verbatim": True,
                                         "text": blocks.escape(form.plan_text)[:2900]}},
            {"type": "input", "block_id": "comment",
             "label": {"type": "plain_text", "text": "Your comment for them"},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True,
                         "max_length": MAX_COMMENT, "placeholder": {
                             "type": "plain_text",
                             "text": "What would make this plan stronger?"}}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": blocks.escape(
                "Never include client details — name the organisation or role.")}]},
        ],
    }


def open_comment_modal(deps: SlackDeps, client: WebClient, actor: Actor, trigger_id: str,
                       words: str) -> None:
    """The modal, or — for a plan reviewed already, revised, gone, or someone who may not
    review — the short answer, by DM."""
    form = deps.coach.comment_form(actor, words, deps.clock.now())
    if isinstance(form, Reply):
        client.chat_postMessage(channel=actor.user_id, **blocks.message(form))
        return
    client.views_open(trigger_id=trigger_id, view=comment_modal(form))


def comment_submission_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
                  ) -> None:
        command = str(view.get("private_metadata") or "")
        comment = fields.text(fields.state_of(view), "comment")
        if form_for(command) != "comment":
            ack(response_action="errors", errors={"comment": "This form is out of date."})
            return
        if not comment:
            ack(response_action="errors", errors={"comment": "Please write your comment."})
            return
        if len(comment) > MAX_COMMENT:   # Slack's max_length, unless the payload was forged
            ack(response_action="errors", errors={"comment": TOO_LONG})
            return
        actor = deps.people.actor_of_interaction(client, body)
        reply = deps.coach.handle(actor, f"{command} {comment}", deps.clock.now(),
                                  Origin.BUTTON)
        if not reply.ok:
            ack(response_action="errors", errors={"comment": reply.text[:300]})
            return
        ack()
        client.chat_postMessage(channel=actor.user_id, **blocks.message(reply))

    return on_submit
