"""A submitted Community Connection Plan, shared in the team's channel when the practice
shares plans (scheduled when the plan is submitted)."""

from __future__ import annotations

from bot.messages import Reply
from bot.model import Kind
from bot.nudges.nudge import ChannelPost, Occasion
from bot.phi_guard import check
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_label
from bot.usecases.context import Context
from bot.usecases.plans import describe_plan
from bot.usecases.privacy_check import team_names


def words(uow: UnitOfWork, post: Occasion) -> Reply | None:
    workspace = post.workspace
    plan = uow.plans.by_id(workspace.id, int(post.key.split(":")[2]))
    member = uow.members.get(workspace.id, plan.member_id) if plan else None
    if plan is None or member is None or not workspace.share_plans:
        return None
    ctx = Context(workspace, member, post.now)
    # Checked again before the whole team sees it: a line saved before the guard learned to
    # refuse it (or by an older ShowUp) is left out of the post, not shared.
    team = team_names(uow, workspace.id)
    shared = [line for line in describe_plan(uow, ctx, plan, False)
              if check(line, colleagues=team) is None]
    lines = [f"🗺 {member.display_name}'s Community Connection Plan for "
             f"{quarter_label(plan.quarter)}", *shared]
    return Reply("\n".join(lines), private=False)


NUDGE = ChannelPost(kind=Kind.PLAN_SHARED, closure_silences=False, words=words)
