"""The quarterly plan as one Slack modal: niche, referrers, 4–6 activities, last quarter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.messages import Actor
from bot.model import Plan
from bot.practice_calendar import quarter_label
from bot.usecases.plans import PlanForm
from handlers.slack import blocks
from handlers.slack.deps import SlackDeps
from handlers.slack.failsafe import guarded
from handlers.slack.views import fields

CALLBACK_ID = "showup_plan"


def _input(block_id: str, label: str, hint: str, initial: str, *, multiline: bool = False,
           optional: bool = False, max_length: int = 280) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value",
                               "multiline": multiline, "max_length": max_length,
                               "placeholder": {"type": "plain_text", "text": hint}}
    if initial:
        element["initial_value"] = initial[:max_length]
    return {"type": "input", "block_id": block_id, "optional": optional,
            "label": {"type": "plain_text", "text": label}, "element": element}


def plan_modal(plan: Plan) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": f"Plan for {quarter_label(plan.quarter)}"},
        "submit": {"type": "plain_text", "text": "Save and share"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input("niche", "Your niche", "Who do you help best? e.g. anxious teens",
                   plan.niche),
            _input("referrers", "The referrers who send those clients",
                   "e.g. pediatricians, school counselors", plan.referrers),
            _input("activities", "4–6 activities for the next three months (one per line)",
                   "Lunch-and-learn at Valley Family Medicine\nTalk at Lincoln PTA",
                   "\n".join(item.text for item in plan.items), multiline=True,
                   max_length=1800),
            _input("update_note", "What happened to last quarter's plan?",
                   "A sentence or two", plan.update_note, multiline=True, optional=True,
                   max_length=500),
            {"type": "context", "elements": [{"type": "mrkdwn", "text": blocks.escape(
                "Never include client details — name the organisation or role.")}]},
        ],
    }


def open_plan_modal(deps: SlackDeps, client: WebClient, actor: Actor, trigger_id: str) -> None:
    plan = deps.coach.current_plan(actor, deps.clock.now())
    client.views_open(trigger_id=trigger_id, view=plan_modal(plan))


def plan_submission_listener(deps: SlackDeps) -> Callable[..., None]:
    @guarded
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
                  ) -> None:
        actor = deps.people.actor_of_interaction(client, body)
        state = fields.state_of(view)
        form = PlanForm(fields.text(state, "niche"), fields.text(state, "referrers"),
                        tuple(fields.text(state, "activities", lines=True).splitlines()),
                        fields.text(state, "update_note"))
        result = deps.coach.submit_plan_form(actor, form, deps.clock.now())
        if isinstance(result, dict):
            ack(response_action="errors", errors=result)
            return
        ack()
        client.chat_postMessage(channel=actor.user_id, **blocks.message(result))

    return on_submit
