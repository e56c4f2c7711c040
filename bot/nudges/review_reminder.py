"""A plan still waiting for review a week after it was submitted: one DM to the owner and
each admin, at their kickoff time on the first working day after the week — once per
submission (the planner names it by the plan and the submission), never once reviewed."""

from __future__ import annotations

from bot.messages import Reply
from bot.model import Kind
from bot.nudges.nudge import Audience, DirectMessage, ToMember
from bot.nudges.plan_review import waiting_plan
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_label
from bot.usecases.reviews import plan_lines, review_buttons


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    plan = waiting_plan(uow, to)
    author = uow.members.get(to.workspace.id, plan.member_id) if plan else None
    if plan is None or author is None:
        return None
    said = (f"⏳ {author.display_name}'s plan for {quarter_label(plan.quarter)} has waited a "
            "week for a review. A quick approval or a comment keeps them going:")
    return Reply("\n".join([said, *plan_lines(uow, to.workspace.id, plan)]),
                 review_buttons(plan), private=False)


NUDGE = DirectMessage(kind=Kind.REVIEW_REMINDER, to=Audience.REVIEWERS, at=Kind.KICKOFF,
                      words=words)
