"""The clinician hears how their plan was reviewed: approved, or a comment to revise it by.
Scheduled when the owner or an admin reviews it (bot/usecases/reviews.py); a pause does not
drop it (it answers their own submission and waits in their DM)."""

from __future__ import annotations

from bot.messages import Button, Reply
from bot.model import Kind, PlanStatus
from bot.nudges.nudge import Audience, DirectMessage, ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_label


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    plan_id, _, submission = to.key.split(":")[2].partition("-")
    plan = uow.plans.by_id(to.workspace.id, int(plan_id))
    if plan is None or not plan.review.reviewed or str(plan.review.submission) != submission:
        return None
    reviewer = uow.members.get(to.workspace.id, plan.review.reviewer_id or 0)
    name = reviewer.display_name if reviewer else "An admin"
    label = quarter_label(plan.quarter)
    if plan.review.status is PlanStatus.APPROVED:
        return Reply(f"✅ {name} approved your {label} plan. On with it — your Monday "
                     "kickoffs will suggest its activities.", private=False)
    said = f": “{plan.review.comment}”" if plan.review.comment else "."
    return Reply(f"💬 {name} commented on your {label} plan{said}\nRevise it (/outreach plan "
                 "add, remove, niche …), then /outreach plan submit to send it again.",
                 (Button("My plan", "plan"),), private=False)


NUDGE = DirectMessage(kind=Kind.PLAN_REVIEWED, to=Audience.MEMBER, closure_silences=False,
                      pause_silences=False, words=words)
