"""What each scheduled delivery says, decided when it is sent (so it reflects that moment).

Returns None when there is nothing worth saying: a paused member, a week already wrapped
up, a streak update for someone who has not started yet. Never mentions anyone's miss in
a channel.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from bot import wording
from bot.chart import team_weeks_png
from bot.dates import describe_day
from bot.delivery import Delivery, Outgoing, Recipient
from bot.kickoff import kickoff
from bot.messages import Button, Reply
from bot.model import Commitment, Member, Platform, Status, Workspace
from bot.phi_guard import check
from bot.planner import Kind
from bot.ports import UnitOfWork
from bot.practice_calendar import (
    Period,
    local_today,
    period_bounds,
    quarter_label,
    quarter_start,
    week_start,
)
from bot.streaks import WeekOutcome, compute_streak, paused_weeks
from bot.usecases.closures import closed_near, closed_weeks
from bot.usecases.context import Context
from bot.usecases.plans import describe_plan, previous_plan
from bot.usecases.privacy_check import team_names
from bot.usecases.progress import quarter_result, team_progress_line

MAX_LISTED = 5
MAX_KEPT = 8
CLOSED_SILENCES = {Kind.KICKOFF, Kind.CHECKIN, Kind.WRAPUP, Kind.STREAK, Kind.PLAN_PROMPT,
                   Kind.TEAM_POST, Kind.SOURCE_OVERDUE}
CLINICIAN_KINDS = {Kind.KICKOFF, Kind.CHECKIN, Kind.WRAPUP, Kind.STREAK, Kind.PLAN_PROMPT}
CHART_WEEKS = 8
log = logging.getLogger("showup.nudges")


def render(uow: UnitOfWork, delivery: Delivery, now: datetime) -> Outgoing | None:
    workspace = uow.workspaces.get(delivery.workspace_id)
    if workspace is None:
        return None
    if delivery.kind in CLOSED_SILENCES and \
            delivery.local_date in closed_near(uow, workspace, delivery.local_date, 0, 0):
        return None  # a closure added after this was planned
    if delivery.kind == Kind.TEAM_POST:
        return _team_post(uow, workspace, delivery, now)
    if delivery.kind == Kind.PLAN_SHARED:
        return _plan_shared(uow, workspace, delivery, now)
    member = uow.members.get(workspace.id, delivery.member_id or 0)
    if member is None or not member.active or member.is_paused(delivery.local_date):
        return None
    if delivery.kind in CLINICIAN_KINDS and not member.is_clinician:
        return None
    reply = _member_reply(uow, workspace, member, delivery, now)
    if reply is None:
        return None
    return Outgoing(Recipient(workspace.platform, workspace.external_id,
                              user_id=member.platform_user_id), reply)


def _member_reply(uow: UnitOfWork, workspace: Workspace, member: Member, delivery: Delivery,
                  now: datetime) -> Reply | None:
    name = member.display_name.split(" ")[0] or member.display_name
    key = delivery.key
    ctx = Context(workspace, member, now)
    if delivery.kind == Kind.KICKOFF:
        return kickoff(name, key, delivery.local_date,
                       uow.commitments.for_member(workspace.id, member.id, limit=60),
                       _plan_suggestions(uow, ctx, delivery.local_date))
    if delivery.kind == Kind.PLAN_PROMPT:
        plan = uow.plans.get(workspace.id, member.id, quarter_start(delivery.local_date))
        if plan is not None and plan.submitted:
            return None
        lines = [wording.pick(wording.PLAN_PROMPT, key).format(name=name)]
        before = previous_plan(uow, ctx)
        if before is not None:
            lines += ["What happened to last quarter's plan:",
                      *describe_plan(uow, ctx, before, True)]
        return Reply("\n".join(lines), (Button("Start my plan", "plan", primary=True),),
                     private=False)
    if delivery.kind == Kind.STREAK:
        return _streak_update(uow, workspace, member, delivery)
    if delivery.kind == Kind.SOURCE_OVERDUE:
        return _source_overdue(uow, workspace, delivery)
    if delivery.kind == Kind.CHANNEL_HELP:
        teams = workspace.platform is Platform.TEAMS
        help_text = wording.CHANNEL_HELP_TEAMS if teams else wording.CHANNEL_HELP
        why = "ShowUp can't reach that channel" if teams else \
            "ShowUp isn't a member of that channel"
        channel = workspace.leaderboard_channel or "it"
        return Reply(help_text.format(channel=f"#{channel}" if teams else channel, why=why),
                     private=False)
    week = _this_week(uow, workspace, member, delivery.local_date)
    open_ones = [c for c in week if c.status is Status.OPEN]
    if delivery.kind == Kind.CHECKIN:
        if open_ones:
            return _listing(wording.pick(wording.CHECKIN_OPEN, key).format(name=name), open_ones,
                            delivery.local_date, full_buttons=False)
        if any(c.status is Status.DONE for c in week):
            return None
        return Reply(wording.pick(wording.CHECKIN_NONE, key).format(name=name),
                     (Button("Add a commitment", "commit", primary=True),), private=False)
    if delivery.kind == Kind.WRAPUP:
        if open_ones:
            return _listing(wording.pick(wording.WRAPUP, key).format(name=name), open_ones,
                            delivery.local_date, full_buttons=True)
        if week:
            return None
        return Reply(wording.pick(wording.WRAPUP_NONE, key).format(name=name), private=False)
    return None


def _plan_suggestions(uow: UnitOfWork, ctx: Context, day: date) -> tuple[Button, ...]:
    """Up to three activities from this quarter's plan that nothing has been done for yet."""
    plan = uow.plans.get(ctx.workspace.id, ctx.member.id, quarter_start(day))
    if plan is None or not plan.submitted:
        return ()
    statuses = uow.plans.item_statuses(ctx.workspace.id, plan.id)
    waiting = [item for item in plan.items
               if not {Status.DONE, Status.OPEN} & set(statuses.get(item.id, []))]
    return tuple(Button(f"Plan: {item.text}"[:75], f"commit {item.text} plan:{item.id}")
                 for item in waiting[:3])


def _plan_shared(uow: UnitOfWork, workspace: Workspace, delivery: Delivery, now: datetime
                 ) -> Outgoing | None:
    plan_id = int(delivery.key.split(":")[2])
    plan = uow.plans.by_id(workspace.id, plan_id)
    member = uow.members.get(workspace.id, plan.member_id) if plan else None
    if plan is None or member is None or not workspace.leaderboard_channel \
            or not workspace.share_plans:
        return None
    ctx = Context(workspace, member, now)
    # Checked again before the whole team sees it: a line saved before the guard learned to
    # refuse it (or by an older ShowUp) is left out of the post, not shared.
    team = team_names(uow, workspace.id)
    shared = [line for line in describe_plan(uow, ctx, plan, False)
              if check(line, colleagues=team) is None]
    lines = [f"🗺 {member.display_name}'s Community Connection Plan for "
             f"{quarter_label(plan.quarter)}", *shared]
    return Outgoing(Recipient(workspace.platform, workspace.external_id,
                              channel=workspace.leaderboard_channel),
                    Reply("\n".join(lines), private=False))


def _source_overdue(uow: UnitOfWork, workspace: Workspace, delivery: Delivery
                    ) -> Reply | None:
    """Still overdue when it is time to say so? A touch since then makes the DM moot."""
    source_id = int(delivery.key.split(":")[2].split("-")[0])
    source = uow.sources.get(workspace.id, source_id)
    if source is None or source.retired or delivery.local_date < source.overdue_on():
        return None
    since = (f"It's been {(delivery.local_date - source.last_touch).days} days since anyone "
             f"from the practice was in touch with {source.name}") if source.last_touch else (
        f"No one has been in touch with {source.name} since it was added")
    text = wording.pick(wording.SOURCE_OVERDUE, delivery.key).format(
        since=since, tier=source.tier, cadence=source.cadence_days)
    return Reply(text, (Button("Plan a visit", f"commit visit {source.name} "
                                               f"source:{source.id}"[:2000], primary=True),
                        Button("My sources", "sources")), private=False)


def _this_week(uow: UnitOfWork, workspace: Workspace, member: Member, day: date
               ) -> list[Commitment]:
    """This week's commitments; one left open from an earlier week is asked about once, on
    the Monday after its week (see bot/kickoff.py), not in every check-in after."""
    monday = week_start(day)
    recent = uow.commitments.for_member(workspace.id, member.id, limit=60)
    return [c for c in recent if c.week_start == monday]


def _listing(opening: str, items: list[Commitment], today: date, full_buttons: bool) -> Reply:
    shown = items[:MAX_LISTED]
    lines = [opening] + [f"#{c.number} {c.what} — {describe_day(c.due_date, today)}"
                         for c in shown]
    if len(items) > MAX_LISTED:
        lines.append(f"…and {len(items) - MAX_LISTED} more: /outreach list")
    buttons: list[Button] = []
    for c in shown:
        buttons.append(Button(f"Done #{c.number}", f"done #{c.number}", primary=True))
        if full_buttons:
            buttons.append(Button(f"Didn't happen #{c.number}", f"missed #{c.number}"))
        buttons.append(Button(f"Next week #{c.number}", f"move #{c.number}"))
    return Reply("\n".join(lines), tuple(buttons), private=False)


def _streak_update(uow: UnitOfWork, workspace: Workspace, member: Member, delivery: Delivery
                   ) -> Reply | None:
    kept = uow.commitments.kept_weeks(workspace.id, member.id)
    paused = paused_weeks(uow.members.pauses(workspace.id, member.id), delivery.local_date)
    paused |= closed_weeks(uow, workspace, delivery.local_date)
    streak = compute_streak(kept, paused, delivery.local_date)
    last = streak.history[-1] if streak.history else None
    if last is not None and last.week == week_start(delivery.local_date):
        last = streak.history[-2] if len(streak.history) > 1 else None
    if last is None or last.week != week_start(delivery.local_date) - timedelta(days=7):
        return None
    key, count = delivery.key, wording.weeks(last.streak_after)
    if last.outcome is WeekOutcome.KEPT:
        text = wording.pick(wording.STREAK_COMEBACK if last.comeback else wording.STREAK_KEPT, key)
        if last.streak_after in (3, 5, 10, 15, 20, 26, 52):
            text = f"{wording.MILESTONE.format(weeks=count)} {text}"
    elif last.outcome is WeekOutcome.FROZEN:
        text = wording.pick(wording.STREAK_FROZEN, key)
    elif last.outcome is WeekOutcome.MISSED:
        text = wording.pick(wording.STREAK_MISSED, key)
    else:
        return None
    return Reply(text.format(weeks=count, streak=wording.week_streak(last.streak_after)),
                 (Button("Add a commitment", "commit"),), private=False)


def _team_post(uow: UnitOfWork, workspace: Workspace, delivery: Delivery, now: datetime
               ) -> Outgoing | None:
    """The week's team post: what the team did together and whom to celebrate. It never lists
    who kept their word — a short list of names shows everyone who isn't on it."""
    if not workspace.leaderboard_channel:
        return None
    start, end = period_bounds(Period.WEEK, delivery.local_date)
    rows = uow.commitments.contributions(workspace.id, start, end)
    lines = [wording.pick(wording.TEAM_POST_OPENERS, delivery.key)]
    ended = _quarter_to_announce(uow, workspace, delivery.local_date)
    if ended is not None:
        lines.append(f"🏁 {quarter_result(uow, workspace, ended)} — that quarter is closed. "
                     "Thank you, everyone.")
    lines.append(team_progress_line(uow, workspace, local_today(now, workspace.timezone)))
    if rows:
        done = sum(r.activities for r in rows)
        lines.append(f"This week the team got in front of people {wording.times(done)} — "
                     f"{wording.points(sum(r.points for r in rows))}:")
        lines.extend(_kept(uow, workspace, start, end, done))
        if _everyone_showed_up(uow, workspace, {r.member_id for r in rows}, delivery.local_date):
            lines.append("Everyone kept their word this week 🙌")
        lines.extend(_celebrations(uow, workspace, delivery.local_date))
    else:
        lines.append("A quiet week so far — next week is a fresh start for all of us.")
    return Outgoing(Recipient(workspace.platform, workspace.external_id,
                              channel=workspace.leaderboard_channel),
                    Reply("\n".join(lines), private=False),
                    chart=_chart(uow, workspace, delivery.local_date))


def _quarter_to_announce(uow: UnitOfWork, workspace: Workspace, day: date) -> date | None:
    """The quarter that ended, for the first team post of the next one (whichever Friday
    that is — a closure may skip the first); None when there is nothing to announce."""
    this = quarter_start(day)
    ended = quarter_start(this - timedelta(days=1))
    kind = Kind.TEAM_POST.value
    if uow.deliveries.sent_between(workspace.id, kind, this, day):
        return None  # announced already
    return ended if uow.deliveries.sent_between(workspace.id, kind, ended, this) else None


def _kept(uow: UnitOfWork, workspace: Workspace, start: date, end: date, done: int
          ) -> list[str]:
    """What was done, without who: each item checked for client details once more before it
    goes to a channel (the guard may know more today than when it was typed)."""
    team = team_names(uow, workspace.id)
    shown = [c for c in uow.commitments.done_between(workspace.id, start, end, MAX_KEPT)
             if check(c.what, colleagues=team) is None]
    lines = [f"• {c.what}" for c in shown]
    if done > len(shown):
        lines.append(f"…and {done - len(shown)} more")
    return lines


def _everyone_showed_up(uow: UnitOfWork, workspace: Workspace, kept: set[int], day: date
                        ) -> bool:
    expected = {m.id for m in uow.members.list_active(workspace.id)
                if m.is_clinician and not m.is_paused(day)}
    return len(expected) > 1 and expected <= kept


def _chart(uow: UnitOfWork, workspace: Workspace, day: date) -> bytes | None:
    """Eight weeks of team points; None when drawing fails (the text post stands alone)."""
    monday = week_start(day)
    weeks = []
    for back in range(CHART_WEEKS - 1, -1, -1):
        start = monday - timedelta(days=7 * back)
        weeks.append((start, uow.commitments.team_points(workspace.id, start,
                                                         start + timedelta(days=7))))
    try:
        return team_weeks_png(weeks, workspace.team_goal / 13, "Team outreach, week by week")
    except Exception:
        log.exception("could not draw the team chart")
        return None


def _celebrations(uow: UnitOfWork, workspace: Workspace, day: date) -> list[str]:
    found: list[str] = []
    closed = closed_weeks(uow, workspace, day)
    for member in uow.members.list_active(workspace.id):
        kept = uow.commitments.kept_weeks(workspace.id, member.id)
        if week_start(day) not in kept:
            continue
        paused = paused_weeks(uow.members.pauses(workspace.id, member.id), day) | closed
        streak = compute_streak(kept, paused, day)
        if streak.milestone:
            found.append(f"🏅 {member.display_name}: {wording.weeks(streak.current)} in a row!")
        elif streak.comeback:
            found.append(f"💪 Welcome back, {member.display_name}!")
    return found
