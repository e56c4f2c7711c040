"""The "add a commitment" modal: built from the workspace catalog, validated on the server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.interpret import CommitForm, FormOptions
from bot.messages import Actor
from bot.wording import points
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import guarded
from handlers.slack.views import fields

CALLBACK_ID = "showup_commit"
GUESS = "guess"
FIELD_BLOCKS = {"what": "what", "activity": "activity", "due": "due",
                "when_where": "when_where", "referral_source": "referral_source"}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label[:75]}, "value": value}


def _text_input(block_id: str, label: str, hint: str, optional: bool = False,
                max_length: int = 280) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "optional": optional,
            "label": {"type": "plain_text", "text": label},
            "element": {"type": "plain_text_input", "action_id": "value",
                        "max_length": max_length,
                        "placeholder": {"type": "plain_text", "text": hint}}}


def commit_modal(options: FormOptions) -> dict[str, Any]:
    choices = [_option(GUESS, "Let ShowUp tell from the words")] + [
        _option(a.key, f"{a.label} ({points(a.points)})") for a in options.activities[:99]]
    return {
        "type": "modal", "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": "Add a commitment"},
        "submit": {"type": "plain_text", "text": "Commit"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _text_input("what", "What will you do?", "Visit Sunrise Pediatrics with brochures"),
            {"type": "input", "block_id": "activity",
             "label": {"type": "plain_text", "text": "Kind of outreach"},
             "element": {"type": "static_select", "action_id": "value", "options": choices,
                         "initial_option": choices[0]}},
            {"type": "input", "block_id": "due",
             "label": {"type": "plain_text", "text": "Which day?"},
             "element": {"type": "datepicker", "action_id": "value",
                         "initial_date": options.proposed_due.isoformat()}},
            _text_input("when_where", "When and where, exactly?", "After lunch, at their office",
                        optional=True),
            _text_input("referral_source", "Referral source", "Sunrise Pediatrics (optional)",
                        optional=True, max_length=120),
            {"type": "context", "elements": [{"type": "mrkdwn", "text": blocks.escape(
                "Never include client details — name the organisation or role.")}]},
        ],
    }


def open_commit_modal(deps: SlackDeps, client: WebClient, actor: Actor, trigger_id: str) -> None:
    options = deps.coach.form_options(actor, deps.clock.now())
    client.views_open(trigger_id=trigger_id, view=commit_modal(options))


def read_submission(view: dict[str, Any]) -> CommitForm | dict[str, str]:
    state = fields.state_of(view)
    due_text = fields.value(state, "due")
    due: date | None = None
    if due_text:
        try:
            due = date.fromisoformat(str(due_text))
        except ValueError:
            return {"due": "Pick a day from the calendar."}
    activity = fields.value(state, "activity")
    return CommitForm(
        what=fields.text(state, "what"),
        activity_key=None if activity in (None, GUESS) else activity,
        due=due,
        when_where=fields.text(state, "when_where"),
        referral_source=fields.text(state, "referral_source"),
    )


def submission_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
                  ) -> None:
        actor = deps.people.actor_of_interaction(client, body)
        form = read_submission(view)
        result = form if isinstance(form, dict) else deps.coach.submit_commit_form(
            actor, form, deps.clock.now())
        if isinstance(result, dict):
            ack(response_action="errors",
                errors={FIELD_BLOCKS.get(k, "what"): v for k, v in result.items()})
            return
        ack()
        client.chat_postMessage(channel=actor.user_id, **blocks.message(result))

    return on_submit
