"""Streaks, the team board and the owner's report: progress framed as the team's."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot import wording
from bot.messages import Reply
from bot.model import Plan, Status
from bot.nudges.team_post import team_progress_line
from bot.ports import UnitOfWork
from bot.practice_calendar import (
    Period,
    period_before,
    quarter_label,
    quarter_start,
    short_range,
    week_start,
)
from bot.streaks import (
    Streak,
    WeekOutcome,
    compute_streak,
    current_streak,
    paused_weeks,
    settled_streak,
)
from bot.usecases import reviews, showing
from bot.usecases.closures import closed_weeks
from bot.usecases.context import Context
from bot.usecases.goals import goal_fields, progress_line

STREAK_WINDOW_WEEKS = 60
def period_name(period: Period, back: int = 0) -> str:
    return f"{'last' if back else 'this'} {period.value}"


def streak_for(uow: UnitOfWork, ctx: Context, member_id: int | None = None) -> Streak:
    member_id = member_id or ctx.member.id
    kept = uow.commitments.kept_weeks(ctx.workspace.id, member_id)
    paused = paused_weeks(uow.members.pauses(ctx.workspace.id, member_id), ctx.today)
    paused |= closed_weeks(uow, ctx.workspace, ctx.today)
    return compute_streak(kept, paused, ctx.today)


def current_streaks(uow: UnitOfWork, ctx: Context, member_ids: list[int]) -> dict[int, int]:
    """Everyone's current streak, read at once: the last STREAK_WINDOW_WEEKS settle most
    streaks; the history before them is read only when some streak still depends on it."""
    since = week_start(ctx.today) - timedelta(weeks=STREAK_WINDOW_WEEKS)
    kept = uow.commitments.kept_weeks_between(ctx.workspace.id, since)
    pauses = uow.members.pauses_by_member(ctx.workspace.id)
    closed = closed_weeks(uow, ctx.workspace, ctx.today)
    paused = {m: paused_weeks(pauses.get(m, []), ctx.today) | closed for m in member_ids}
    streaks: dict[int, int] = {}
    for member_id in member_ids:
        settled = settled_streak(kept.get(member_id, set()), paused[member_id], ctx.today,
                                 since)
        if settled is not None:
            streaks[member_id] = settled
    unsettled = [m for m in member_ids if m not in streaks]
    if unsettled:
        earlier = uow.commitments.kept_weeks_between(ctx.workspace.id, date.min, since)
        for member_id in unsettled:
            weeks = kept.get(member_id, set()) | earlier.get(member_id, set())
            streaks[member_id] = current_streak(weeks, paused[member_id], ctx.today)
    return streaks


def _period_line(uow: UnitOfWork, ctx: Context, start: date, back: int, today: date) -> str:
    """The goal line for a board or report: the quarter the period falls in."""
    day = start if back else today
    return team_progress_line(uow, ctx.workspace, day,
                              closed=quarter_start(day) != quarter_start(today))


def show_streak(uow: UnitOfWork, ctx: Context) -> Reply:
    streak = streak_for(uow, ctx)
    weeks = "week" if streak.current == 1 else "weeks"
    lines = [f"🔥 Your streak: {streak.current} {weeks} (best {streak.best})."]
    if streak.this_week_kept:
        lines.append("This week is kept ✅")
    elif ctx.member.is_paused(ctx.today):
        lines.append("You're paused — your streak is safe while you're away.")
    else:
        lines.append("This week: not yet — one piece of outreach keeps it going.")
    last = streak.last_closed
    if last and last.outcome is WeekOutcome.FROZEN:
        lines.append("🧊 A freeze covered a quiet week.")
    if streak.comeback and streak.this_week_kept:
        lines.append("💪 Welcome back — coming back after a quiet stretch is the hardest part.")
    # Freezes belong to the quarter of the week being judged: this week's Monday decides.
    quarter = quarter_label(quarter_start(week_start(ctx.today)))
    lines.append(f"{wording.plural(streak.freezes_left, 'freeze')} left for {quarter}.")
    lines.extend(filter(None, [showing.my_mix_line(uow, ctx)]))
    goal = progress_line(uow, ctx)   # the member's own target: theirs alone to see
    if goal is not None:
        lines.append(f"🎯 Your goal: {goal}.")
    return Reply("\n".join(lines))


def board(uow: UnitOfWork, ctx: Context, period: Period, back: int = 0) -> Reply:
    """The team's board: what the team did together, and privately, the asker's own part. No
    ranking of people — a list of names shows who is missing as much as who showed up. Its
    week is the asker's own: what they did late on their Sunday is in the week they see."""
    start, end = period_before(period, ctx.today, back)
    rows = uow.commitments.contributions(ctx.workspace.id, start, end)
    name = period_name(period, back)
    lines = [f"🏁 Team board — {name} ({short_range(start, end)})",
             _period_line(uow, ctx, start, back, ctx.today)]
    if not rows:
        lines.append("No outreach recorded yet — the first one gets the team moving.")
        return Reply("\n".join(lines))
    done = sum(r.activities for r in rows)
    people = wording.plural(len(rows), "person", "people")
    lines.append(f"{name.capitalize()}: "
                 f"{wording.plural(done, 'piece')} of outreach, "
                 f"{wording.points(sum(r.points for r in rows))}, from {people}.")
    mix = uow.commitments.activity_mix(ctx.workspace.id, start, end)
    if mix:
        lines.append("By kind: " + _mix_words(uow, ctx, mix))
    mine = next((r for r in rows if r.member_id == ctx.member.id), None)
    if mine is None:
        lines.append("Your part: nothing yet — one visit or one note counts.")
    else:
        things = "activity" if mine.activities == 1 else "activities"
        lines.append(f"Your part: {wording.points(mine.points)} ({mine.activities} {things}) — "
                     "thank you.")
    return Reply("\n".join(lines))


def _mix_words(uow: UnitOfWork, ctx: Context, mix: dict[str, int]) -> str:
    labels = {a.key: a.label for a in uow.activities.list(ctx.workspace.id)}
    ordered = sorted(mix.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))
    return ", ".join(f"{labels.get(k, k)} {n}" for k, n in ordered)


def _plan_progress(uow: UnitOfWork, ctx: Context, plan: Plan | None, quarter: date) -> str:
    if plan is None or not plan.submitted:
        if quarter == quarter_start(ctx.workspace_today):
            return "no plan yet this quarter"
        return f"no plan for {quarter_label(quarter)}"
    statuses = uow.plans.item_statuses(ctx.workspace.id, plan.id)
    done = sum(1 for item in plan.items if Status.DONE in statuses.get(item.id, []))
    return f"plan {done}/{len(plan.items)} activities done ({reviews.status_words(plan)})"


def report(uow: UnitOfWork, ctx: Context, period: Period, back: int = 0) -> Reply:
    """The owner's accountability view: private to admins, so it may show what was missed."""
    start, end = period_before(period, ctx.workspace_today, back)
    counts = {c.member_id: c for c in uow.commitments.status_counts(ctx.workspace.id, start, end)}
    lines = [f"📋 Report — {period_name(period, back)} ({short_range(start, end)})",
             _period_line(uow, ctx, start, back, ctx.workspace_today)]
    members = [m for m in uow.members.list_active(ctx.workspace.id)
               if m.is_clinician or m.id in counts]
    quarter = quarter_start(start if back else ctx.workspace_today)
    plans = {p.member_id: p for p in uow.plans.for_quarter(ctx.workspace.id, quarter)}
    streaks = current_streaks(uow, ctx, [m.id for m in members])
    goals = {m: f" · {field}" for m, field in goal_fields(uow, ctx.workspace.id, quarter).items()}
    for member in members:
        c = counts.get(member.id)
        streak = streaks[member.id]
        paused = " (paused)" if member.is_paused(ctx.today) else ""
        plan = _plan_progress(uow, ctx, plans.get(member.id), quarter)
        if c is None:
            lines.append(f"• {member.display_name}{paused}: nothing planned · streak {streak}"
                         f" · {plan}{goals.get(member.id, '')}")
            continue
        lines.append(
            f"• {member.display_name}{paused}: made {c.made}, kept {c.kept}, "
            f"didn't happen {c.missed}, moved {c.moved}, open {c.open}, logged {c.logged} · "
            f"{wording.points(c.points)} · streak {streak} · {plan}{goals.get(member.id, '')}")
    mix = uow.commitments.activity_mix(ctx.workspace.id, start, end)
    if mix:
        lines.append("Activity mix: " + _mix_words(uow, ctx, mix))
    lines.extend(filter(None, [showing.team_mix_line(uow, ctx.workspace, quarter)]))
    since = datetime.combine(start, time(), tzinfo=UTC) - timedelta(days=1)
    for kind, name, error in uow.deliveries.failed_since(ctx.workspace.id, since):
        lines.append(f"⚠️ Couldn't deliver the {kind} to {name}: {error.replace('_', ' ')}")
    return Reply("\n".join(lines))
