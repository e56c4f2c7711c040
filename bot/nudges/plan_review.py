"""A submitted (or resubmitted) plan, in a DM to the practice owner and each admin, with
Approve and Comment: scheduled when the plan is submitted (bot/usecases/reviews.py). Nothing
is sent once the plan was reviewed by someone else or revised since."""

from __future__ import annotations

from bot.messages import Reply
from bot.model import Kind, Plan, PlanStatus
from bot.nudges.nudge import Audience, DirectMessage, ToMember
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_label
from bot.usecases.reviews import plan_lines, review_buttons


def waiting_plan(uow: UnitOfWork, to: ToMember) -> Plan | None:
    """The plan and submission a review DM's key names, while it still waits for review by
    this member, still an owner or admin."""
    plan_id, _, submission = to.key.split(":")[2].partition("-")
    plan = uow.plans.by_id(to.workspace.id, int(plan_id))
    if plan is None or plan.review.status is not PlanStatus.SUBMITTED \
            or str(plan.review.submission) != submission or plan.member_id == to.member.id \
            or not to.member.is_admin:
        return None
    return plan


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    plan = waiting_plan(uow, to)
    author = uow.members.get(to.workspace.id, plan.member_id) if plan else None
    if plan is None or author is None:
        return None
    label = quarter_label(plan.quarter)
    said = (f"📝 {author.display_name} revised their plan for {label} and sent it again:"
            if plan.review.submission > 1 else
            f"📝 {author.display_name} submitted their plan for {label} — please review it:")
    return Reply("\n".join([said, *plan_lines(uow, to.workspace.id, plan)]),
                 review_buttons(plan), private=False)


NUDGE = DirectMessage(kind=Kind.PLAN_REVIEW, to=Audience.ADMINS, closure_silences=False,
                      words=words)
