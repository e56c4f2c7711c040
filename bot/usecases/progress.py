"""Streaks, the team board and the owner's report: progress framed as the team's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot import wording
from bot.messages import Reply
from bot.model import Member, Plan, Status, StatusCounts
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
from bot.streaks import Streak, WeekOutcome, compute_streak, paused_weeks, streak_now
from bot.usecases import reviews, showing
from bot.usecases.closures import closed_weeks
from bot.usecases.context import Context
from bot.usecases.goals import goal_fields, progress_line
from bot.usecases.sign_in import dashboard_button


def period_name(period: Period, back: int = 0) -> str:
    return f"{'last' if back else 'this'} {period.value}"


def streak_for(uow: UnitOfWork, ctx: Context, member_id: int | None = None) -> Streak:
    member_id = member_id or ctx.member.id
    kept = uow.commitments.kept_weeks(ctx.workspace.id, member_id)
    paused = paused_weeks(uow.members.pauses(ctx.workspace.id, member_id), ctx.today)
    paused |= closed_weeks(uow, ctx.workspace, ctx.today)
    return compute_streak(kept, paused, ctx.today)


def current_streaks(uow: UnitOfWork, ctx: Context, member_ids: list[int]) -> dict[int, int]:
    """Everyone's current streak, read at once (see `current_and_best_streaks`)."""
    return {m: now for m, (now, _) in current_and_best_streaks(uow, ctx, member_ids).items()}


def current_and_best_streaks(uow: UnitOfWork, ctx: Context, member_ids: list[int]
                             ) -> dict[int, tuple[int, int]]:
    """Everyone's (current, best) streak, from the weekly rollups: each member's last kept
    week holds the streak at its end, and the quiet weeks since it are walked here — one
    row a member instead of every kept week of their years."""
    last = uow.commitments.last_kept_states(ctx.workspace.id, week_start(ctx.today))
    paused = _paused(uow, ctx, member_ids)
    return {m: streak_now(last.get(m), paused[m], ctx.today) for m in member_ids}


def _paused(uow: UnitOfWork, ctx: Context, member_ids: list[int]) -> dict[int, set[date]]:
    """Each member's weeks that neither break nor extend a streak: paused, or closed."""
    pauses = uow.members.pauses_by_member(ctx.workspace.id)
    closed = closed_weeks(uow, ctx.workspace, ctx.today)
    return {m: paused_weeks(pauses.get(m, []), ctx.today) | closed for m in member_ids}


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
    mix = _mix_words(uow, ctx, start, end)
    if mix:
        lines.append("By kind: " + mix)
    mine = next((r for r in rows if r.member_id == ctx.member.id), None)
    if mine is None:
        lines.append("Your part: nothing yet — one visit or one note counts.")
    else:
        things = "activity" if mine.activities == 1 else "activities"
        lines.append(f"Your part: {wording.points(mine.points)} ({mine.activities} {things}) — "
                     "thank you.")
    return Reply("\n".join(lines))


def activity_mix(uow: UnitOfWork, workspace_id: int, start: date, end: date
                 ) -> list[tuple[str, int]]:
    """What kind of outreach was done in [start, end): (the activity's label, how many),
    the most done first."""
    mix = uow.commitments.activity_mix(workspace_id, start, end)
    labels = {a.key: a.label for a in uow.activities.list(workspace_id)}
    named = [(labels.get(key, key), n) for key, n in mix.items()]
    return sorted(named, key=lambda kv: (-kv[1], kv[0]))


def _mix_words(uow: UnitOfWork, ctx: Context, start: date, end: date) -> str:
    return ", ".join(f"{label} {n}" for label, n in
                     activity_mix(uow, ctx.workspace.id, start, end))


@dataclass(frozen=True)
class PlanProgress:
    """How far a member's submitted plan for a quarter has come: its activities with
    something done for them. `plan` is None when nothing was submitted."""

    quarter: date
    plan: Plan | None
    done: int = 0

    @property
    def total(self) -> int:
        return len(self.plan.items) if self.plan is not None else 0

    def words(self, this_quarter: date) -> str:
        if self.plan is None:
            if self.quarter == this_quarter:
                return "no plan yet this quarter"
            return f"no plan for {quarter_label(self.quarter)}"
        return (f"plan {self.done}/{self.total} activities done "
                f"({reviews.status_words(self.plan)})")


def plan_progress(uow: UnitOfWork, workspace_id: int, quarter: date
                  ) -> dict[int, PlanProgress]:
    """Each member's submitted plan for the quarter and how far it came, read at once."""
    statuses = uow.plans.item_statuses_in_quarter(workspace_id, quarter)
    found: dict[int, PlanProgress] = {}
    for plan in uow.plans.for_quarter(workspace_id, quarter):
        if plan.submitted:
            done = sum(1 for item in plan.items if Status.DONE in statuses.get(item.id, []))
            found[plan.member_id] = PlanProgress(quarter, plan, done)
    return found


@dataclass(frozen=True)
class ClinicianNumbers:
    """One row of the owner's report: a clinician's commitments in the period, streak, plan
    and personal goal."""

    member: Member
    counts: StatusCounts | None    # None: nothing planned or done in the period
    streak: int
    plan: PlanProgress
    goal: str | None               # "goal 12/30 pts", theirs and the owner's to see
    best_streak: int | None = None   # when asked for


def clinician_numbers(uow: UnitOfWork, ctx: Context, start: date, end: date, quarter: date,
                      with_best: bool = False) -> list[ClinicianNumbers]:
    """The report's rows for [start, end): every clinician, and anyone else who planned or
    did something in it, with the plan and goal of `quarter` (and with their best streaks,
    `with_best`)."""
    ws = ctx.workspace.id
    counts = {c.member_id: c for c in uow.commitments.status_counts(ws, start, end)}
    members = [m for m in uow.members.list_active(ws) if m.is_clinician or m.id in counts]
    plans = plan_progress(uow, ws, quarter)
    ids = [m.id for m in members]
    streaks = current_and_best_streaks(uow, ctx, ids)
    goals = goal_fields(uow, ws, quarter)
    return [ClinicianNumbers(m, counts.get(m.id), streaks[m.id][0],
                             plans.get(m.id, PlanProgress(quarter, None)), goals.get(m.id),
                             streaks[m.id][1] if with_best else None)
            for m in members]


def failed_deliveries(uow: UnitOfWork, workspace_id: int, start: date
                      ) -> list[tuple[str, str, str]]:
    """(kind, to whom, the error in words) of the messages that failed from the day before
    `start` on, most recent first."""
    since = datetime.combine(start, time(), tzinfo=UTC) - timedelta(days=1)
    return [(kind, name, error.replace("_", " "))
            for kind, name, error in uow.deliveries.failed_since(workspace_id, since)]


def report(uow: UnitOfWork, ctx: Context, period: Period, back: int = 0) -> Reply:
    """The owner's accountability view: private to admins, so it may show what was missed."""
    start, end = period_before(period, ctx.workspace_today, back)
    lines = [f"📋 Report — {period_name(period, back)} ({short_range(start, end)})",
             _period_line(uow, ctx, start, back, ctx.workspace_today)]
    quarter = quarter_start(start if back else ctx.workspace_today)
    this_quarter = quarter_start(ctx.workspace_today)
    for row in clinician_numbers(uow, ctx, start, end, quarter):
        member, c = row.member, row.counts
        paused = " (paused)" if member.is_paused(ctx.today) else ""
        plan = row.plan.words(this_quarter)
        goal = f" · {row.goal}" if row.goal else ""
        if c is None:
            lines.append(f"• {member.display_name}{paused}: nothing planned · streak "
                         f"{row.streak} · {plan}{goal}")
            continue
        lines.append(
            f"• {member.display_name}{paused}: made {c.made}, kept {c.kept}, "
            f"didn't happen {c.missed}, moved {c.moved}, open {c.open}, logged {c.logged} · "
            f"{wording.points(c.points)} · streak {row.streak} · {plan}{goal}")
    mix = _mix_words(uow, ctx, start, end)
    if mix:
        lines.append("Activity mix: " + mix)
    lines.extend(filter(None, [showing.team_mix_line(uow, ctx.workspace, quarter)]))
    for kind, name, error in failed_deliveries(uow, ctx.workspace.id, start):
        lines.append(f"⚠️ Couldn't deliver the {kind} to {name}: {error}")
    # The same quarter at a glance, with charts: a click sends the owner a sign-in link.
    return Reply("\n".join(lines), dashboard_button(ctx))
