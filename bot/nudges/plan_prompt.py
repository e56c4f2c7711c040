"""The new quarter's prompt to write a Community Connection Plan: on the kickoffs of the
quarter's first two weeks, until the plan is submitted."""

from __future__ import annotations

from datetime import date

from bot import wording
from bot.messages import Button, Reply
from bot.model import Kind
from bot.nudges.nudge import DirectMessage, ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_start
from bot.usecases.plans import describe_plan, previous_plan

ASK = (
    "🗺 New quarter, {name}! Time for your Community Connection Plan: your niche, the "
    "referrers who send those clients, and 4–6 activities for the next three months.",
    "🗺 A fresh quarter is under way, {name}. What niche will you focus on, and which "
    "referrers will you get in front of?",
    "🗺 Quarter kickoff, {name}: write down your niche, your referrers and 4–6 activities — "
    "plans written down get done.",
)
PLAN_PROMPT_DAYS = 14


def is_plan_prompt_day(day: date) -> bool:
    """The first two weeks of a quarter: the prompt comes on their kickoffs until the plan is
    submitted (checked when it is sent)."""
    return day.month in (1, 4, 7, 10) and day.day <= PLAN_PROMPT_DAYS


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    plan = uow.plans.get(to.workspace.id, to.member.id, quarter_start(to.day))
    if plan is not None and plan.submitted:
        return None
    lines = [wording.pick(ASK, to.key).format(name=to.name)]
    before = previous_plan(uow, to.context)
    if before is not None:
        lines += ["What happened to last quarter's plan:",
                  *describe_plan(uow, to.context, before, True)]
    return Reply("\n".join(lines), (Button("Start my plan", "plan", primary=True),),
                 private=False)


NUDGE = DirectMessage(kind=Kind.PLAN_PROMPT, at=Kind.KICKOFF, on_day=is_plan_prompt_day,
                      words=words)
