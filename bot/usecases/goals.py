"""A clinician's own target for the quarter: set, shown with progress, cleared.

It is theirs: only they see it (`goal`, `streak`) and the practice owner in the report and
the quarterly brief. It never reaches a channel, the board or any ranking — personal goals
framed as one's own contribution help; goals compared in public do not."""

from __future__ import annotations

from datetime import date

from bot import wording
from bot.messages import Reply
from bot.model import GoalUnit, Origin, PersonalGoal
from bot.ports import UnitOfWork
from bot.practice_calendar import Period, period_bounds, quarter_label, quarter_start
from bot.usecases.context import Context

MAX_TARGET = {GoalUnit.POINTS: 1000, GoalUnit.ACTIVITIES: 250}


def unit_words(unit: GoalUnit, n: int) -> str:
    """"1 point", "30 points", "6 activities"."""
    return wording.plural(n, "point") if unit is GoalUnit.POINTS else \
        wording.plural(n, "activity", "activities")


def short_unit(unit: GoalUnit) -> str:
    return "pts" if unit is GoalUnit.POINTS else "activities"


def achieved(uow: UnitOfWork, workspace_id: int, quarter: date) -> dict[int, tuple[int, int]]:
    """Each member's (points, activities) done in the quarter starting `quarter`."""
    start, end = period_bounds(Period.QUARTER, quarter)
    return {c.member_id: (c.points, c.activities)
            for c in uow.commitments.contributions(workspace_id, start, end)}


def progress_of(goal: PersonalGoal, done: tuple[int, int]) -> int:
    return done[0] if goal.unit is GoalUnit.POINTS else done[1]


def time_left(today: date) -> str:
    """What is left of the quarter holding `today` (today included)."""
    _, end = period_bounds(Period.QUARTER, today)
    days = (end - today).days
    if days == 1:
        return "today is the quarter's last day"
    if days < 14:
        return f"{days} days left"
    return f"{wording.weeks(days // 7)} left"


def progress_line(uow: UnitOfWork, ctx: Context) -> str | None:
    """"12 of 30 points so far this quarter, 5 weeks left" — None without a goal."""
    quarter = quarter_start(ctx.today)
    goal = uow.goals.get(ctx.workspace.id, ctx.member.id, quarter)
    if goal is None:
        return None
    done = progress_of(goal, achieved(uow, ctx.workspace.id, quarter).get(ctx.member.id, (0, 0)))
    said = f"{done} of {unit_words(goal.unit, goal.target)}"
    if done >= goal.target:
        return f"{said} this quarter — goal reached 🎉"
    return f"{said} so far this quarter, {time_left(ctx.today)}"


def goal_fields(uow: UnitOfWork, workspace_id: int, quarter: date) -> dict[int, str]:
    """The owner's report's short field per member with a goal: "goal 12/30 pts"."""
    goals = uow.goals.for_quarter(workspace_id, quarter)
    if not goals:
        return {}
    done = achieved(uow, workspace_id, quarter)
    return {member_id: f"goal {progress_of(goal, done.get(member_id, (0, 0)))}/{goal.target} "
                       f"{short_unit(goal.unit)}"
            for member_id, goal in goals.items()}


PRIVATE = "Only you see it (and the practice owner, in the report) — it's never posted."


def show(uow: UnitOfWork, ctx: Context) -> Reply:
    line = progress_line(uow, ctx)
    label = quarter_label(quarter_start(ctx.today))
    if line is None:
        return Reply(f"🎯 You have no goal for {label} yet. Set your own target with "
                     f"/outreach goal 30 pts (or goal 6 activities). {PRIVATE}")
    return Reply(f"🎯 Your goal for {label}: {line}.")


def set_goal(uow: UnitOfWork, ctx: Context, unit: GoalUnit, target: int, source: Origin
             ) -> Reply:
    quarter = quarter_start(ctx.today)
    uow.goals.set(ctx.workspace.id, PersonalGoal(ctx.member.id, quarter, unit, target), ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "goal", source, ctx.now,
                   detail=f"{target} {unit.value}")
    uow.commit()
    line = progress_line(uow, ctx)
    return Reply(f"🎯 Goal set for {quarter_label(quarter)}: {line}. {PRIVATE}")


def clear_goal(uow: UnitOfWork, ctx: Context, source: Origin) -> Reply:
    quarter = quarter_start(ctx.today)
    if not uow.goals.clear(ctx.workspace.id, ctx.member.id, quarter):
        # Not a failure (nothing was asked that could not be done), and about their goal:
        # a surface keeps it private like any other answer (Teams posts failures in place).
        return Reply(f"You have no goal for {quarter_label(quarter)} — nothing to clear.")
    uow.log.append(ctx.workspace.id, ctx.member.id, "goal off", source, ctx.now)
    uow.commit()
    return Reply(f"🎯 Goal for {quarter_label(quarter)} cleared. Your outreach counts for the "
                 "team all the same.")
