"""The owner's brief for a clinician's quarterly one-to-one: the plan and how it went, what
was done for each of its activities, the streak and comebacks, the referral sources touched
and gone cold, the personal goal, and the notes the clinician wrote — as a reply and a CSV.

Private to admins. Every quarter's brief reads the same numbers the report and the board
read (commitments done in the quarter, in each person's own day), once for all clinicians
(`read_quarter`), so a summary of everyone and one person's brief always agree."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot import wording
from bot.export import to_csv
from bot.messages import Attachment, Button, Reply
from bot.model import (
    Commitment,
    Member,
    Origin,
    PersonalGoal,
    Plan,
    PlanStatus,
    ReferralSource,
    Status,
    StatusCounts,
)
from bot.phi_guard import check
from bot.ports import UnitOfWork
from bot.practice_calendar import (
    Period,
    add_months,
    period_bounds,
    quarter_label,
    quarter_start,
    short_day,
    short_range,
)
from bot.showing import Tag, mix_words
from bot.streaks import Streak, WeekOutcome, compute_streak, paused_weeks
from bot.usecases import reviews
from bot.usecases.closures import closed_weeks
from bot.usecases.context import Context
from bot.usecases.goals import achieved, progress_of, short_unit, unit_words
from bot.usecases.people import person
from bot.usecases.privacy_check import team_names

BUTTONS = 25   # Slack shows at most 25 buttons in a row of actions
# How `admin brief` reads its words (bot/commands/brief.py), and so which names a button
# can say as they are: [this|last quarter] [for|of|on] <name or mention>.
WHEN = re.compile(r"^(?:(?P<last>last|previous|prev|closed)|this)\s+(?:quarter|q)\b\s*",
                  re.IGNORECASE)
LEADING = re.compile(r"^(?:for|of|on)\s+", re.IGNORECASE)
PERIOD = re.compile(r"\b(?:quarter|week|month|q[1-4])\b", re.IGNORECASE)
MAX_WHO = 130
CSV_COLUMNS = ("section", "item", "value", "date", "points", "note")


def plan_status(plan: Plan | None) -> str:
    """Where the quarter's plan stands, in a word or two (the one place that says it)."""
    if plan is None or not (plan.submitted or plan.niche or plan.referrers or plan.items):
        return "no plan"
    if plan.review.status is PlanStatus.DRAFT and not plan.submitted:
        return "draft, not submitted"
    return reviews.status_words(plan)


@dataclass(frozen=True)
class Quarter:
    """What every brief of one quarter reads, read once for the practice."""

    start: date
    end: date          # exclusive
    as_of: date        # the last day looked at: the quarter's last, or today in it
    closed: bool
    counts: dict[int, StatusCounts]
    done: dict[int, tuple[int, int]]           # member → (points, activities)
    plans: dict[int, Plan]
    goals: dict[int, PersonalGoal]
    kept: dict[int, set[date]]
    pauses: dict[int, list[tuple[date, date | None]]]
    closed_weeks: frozenset[date]
    sources: tuple[ReferralSource, ...]
    touch_days: dict[int, list[date]]
    team: frozenset[str]

    @property
    def label(self) -> str:
        return quarter_label(self.start)


def quarter_for(ctx: Context, back: int) -> date:
    """This quarter (the practice's), or the one `back` quarters before it."""
    return add_months(quarter_start(ctx.workspace_today), -3 * back)


def read_quarter(uow: UnitOfWork, ctx: Context, quarter: date) -> Quarter:
    ws = ctx.workspace.id
    start, end = period_bounds(Period.QUARTER, quarter)
    today = ctx.workspace_today
    as_of = min(today, end - timedelta(days=1))
    return Quarter(
        start, end, as_of, today >= end,
        {c.member_id: c for c in uow.commitments.status_counts(ws, start, end)},
        achieved(uow, ws, start),
        {p.member_id: p for p in uow.plans.for_quarter(ws, start)},
        uow.goals.for_quarter(ws, start),
        uow.commitments.kept_weeks_between(ws, date.min, end + timedelta(days=7)),
        uow.members.pauses_by_member(ws),
        frozenset(closed_weeks(uow, ctx.workspace, as_of)),
        tuple(uow.sources.listing(ws, include_retired=True)),
        uow.sources.touch_days(ws, date.min, as_of + timedelta(days=1)),
        team_names(uow, ws))


@dataclass(frozen=True)
class QuarterStreak:
    at_end: int
    best: int
    kept: int
    frozen: int
    missed: int
    comebacks: int


def quarter_streak(q: Quarter, member_id: int) -> QuarterStreak:
    """The streak as the quarter left it, and how its weeks (by their Mondays) went."""
    paused = paused_weeks(q.pauses.get(member_id, []), q.as_of) | q.closed_weeks
    streak: Streak = compute_streak(q.kept.get(member_id, set()), paused, q.as_of)
    weeks = [r for r in streak.history if q.start <= r.week < q.end]
    outcomes = Counter(r.outcome for r in weeks)
    return QuarterStreak(streak.current, max((r.streak_after for r in weeks), default=0),
                         outcomes[WeekOutcome.KEPT], outcomes[WeekOutcome.FROZEN],
                         outcomes[WeekOutcome.MISSED], sum(1 for r in weeks if r.comeback))


def counted_on(c: Commitment) -> date:
    """The day a commitment belongs to: the day it was done, else the day it was due."""
    return c.done_on if c.status is Status.DONE and c.done_on else c.due_date


def _gone_cold(q: Quarter, member_id: int) -> list[tuple[ReferralSource, date | None]]:
    """The member's sources that had gone a full cadence without a touch by `as_of`, with
    their last touch then."""
    cold = []
    for source in q.sources:
        if source.owner_id != member_id or source.retired or source.created_on > q.as_of:
            continue
        touches = [d for d in q.touch_days.get(source.id, []) if d <= q.as_of]
        if source.last_touch is not None and source.last_touch <= q.as_of:
            touches.append(source.last_touch)
        last = max(touches, default=None)
        if replace(source, last_touch=last).overdue_on() <= q.as_of:   # as it stood then
            cold.append((source, last))
    return cold


_STATUS_WORDS = {Status.DONE: "done", Status.MISSED: "didn't happen", Status.MOVED: "moved",
                 Status.OPEN: "open", Status.CANCELLED: "cancelled"}


def _item_progress(items: list[Commitment]) -> str:
    done = sorted(counted_on(c) for c in items if c.status is Status.DONE)
    parts = [f"done {len(done)} ({', '.join(short_day(d) for d in done)})"] if done else []
    for status in (Status.OPEN, Status.MISSED, Status.MOVED):
        n = sum(1 for c in items if c.status is status)
        if n:
            parts.append(f"{_STATUS_WORDS[status]} {n}")
    return " · ".join(parts) or "not started"


@dataclass(frozen=True)
class Brief:
    member: Member
    quarter: Quarter
    mine: tuple[Commitment, ...]    # counted in the quarter
    plan_items: tuple[tuple[str, str], ...]   # (the activity, what was done for it)
    streak: QuarterStreak
    touched: tuple[tuple[str, int], ...]
    cold: tuple[tuple[str, date | None], ...]
    notes: tuple[tuple[date, str, str, str], ...]   # day, status, what, the note
    withheld: int
    shown: dict[Tag, int]           # what their outreach showed, as they tagged it

    @property
    def counts(self) -> StatusCounts:
        return self.quarter.counts.get(self.member.id) or StatusCounts(self.member.id)

    @property
    def done(self) -> tuple[int, int]:
        return self.quarter.done.get(self.member.id, (0, 0))

    @property
    def plan(self) -> Plan | None:
        return self.quarter.plans.get(self.member.id)

    @property
    def goal(self) -> PersonalGoal | None:
        return self.quarter.goals.get(self.member.id)


def gather(uow: UnitOfWork, ctx: Context, q: Quarter, member: Member) -> Brief:
    everything = uow.commitments.everything(ctx.workspace.id, member.id)
    mine = tuple(c for c in everything if q.start <= counted_on(c) < q.end)
    plan = q.plans.get(member.id)
    items = tuple((f"{i.position}. {i.text}",
                   _item_progress([c for c in everything if c.plan_item_id == i.id]))
                  for i in (plan.items if plan else ()))
    names = {s.id: s.name for s in q.sources}
    touched = Counter(names.get(c.source_id or 0, "") for c in mine
                      if c.status is Status.DONE and c.source_id)
    notes, withheld = [], 0
    for c in mine:
        if c.reflection and c.reflection.strip():
            if check(f"{c.what}: {c.reflection}", colleagues=q.team) is None:
                notes.append((counted_on(c), _STATUS_WORDS[c.status], c.what, c.reflection))
            else:   # saved before the guard learned to refuse it: not passed on
                withheld += 1
    return Brief(member, q, mine, items, quarter_streak(q, member.id),
                 tuple(sorted(touched.items(), key=lambda kv: (-kv[1], kv[0]))),
                 tuple((s.name, last) for s, last in _gone_cold(q, member.id)),
                 tuple(notes), withheld,
                 uow.showings.mix(ctx.workspace.id, q.start, q.end, member.id))


def _goal_words(brief: Brief) -> str:
    goal = brief.goal
    if goal is None:
        return "no personal goal set"
    done = progress_of(goal, brief.done)
    reached = " — reached 🎉" if done >= goal.target else ""
    return f"{done} of {unit_words(goal.unit, goal.target)}{reached}"


def _streak_words(s: QuarterStreak, closed: bool) -> str:
    when = "at the quarter's end" if closed else "now"
    return (f"{wording.weeks(s.at_end)} {when} (best this quarter {s.best}) · "
            f"{wording.plural(s.kept, 'week')} kept · {wording.plural(s.frozen, 'freeze')} "
            f"used · {wording.plural(s.missed, 'week')} missed · "
            f"{wording.plural(s.comebacks, 'comeback')}")


def brief_text(brief: Brief) -> str:
    q, plan, c = brief.quarter, brief.plan, brief.counts
    points, activities = brief.done
    state = "closed" if q.closed else "in progress"
    lines = [f"📋 One-to-one brief — {brief.member.display_name}, {q.label} "
             f"({short_range(q.start, q.end)}, {state})",
             f"Plan: {plan_status(plan)}"]
    if plan is not None and (plan.niche or plan.referrers):
        lines.append(f"Niche: {plan.niche or '—'} · Referrers: {plan.referrers or '—'}")
    lines += [f"{item} — {progress}" for item, progress in brief.plan_items]
    lines.append(f"Outreach: {wording.plural(activities, 'activity', 'activities')}, "
                 f"{wording.points(points)} · made {c.made}, kept {c.kept}, didn't happen "
                 f"{c.missed}, moved {c.moved}, open {c.open}, logged {c.logged}")
    lines.append(f"Streak: {_streak_words(brief.streak, q.closed)}")
    lines.append(f"Personal goal: {_goal_words(brief)}")
    lines.append(f"What it showed: {mix_words(brief.shown) if brief.shown else 'nothing tagged'}")
    touched = ", ".join(f"{name} {n}" for name, n in brief.touched)
    lines.append(f"Sources touched: {touched or 'none'}")
    cold = ", ".join(f"{name} (last touch {short_day(last) if last else 'never'})"
                     for name, last in brief.cold)
    lines.append(f"Gone cold: {cold or 'none'}")
    notes = [f"• {short_day(day)} ({status}) {what}: {note}" for day, status, what, note in
             brief.notes]
    if plan is not None and plan.update_note:
        notes.insert(0, f"• On the plan before: {plan.update_note}")
    if brief.withheld:
        notes.append(f"• ({wording.plural(brief.withheld, 'note')} left out: it may hold "
                     "client details)")
    lines += ["Their notes:", *notes] if notes else [
        "Their notes: none (notes past the retention period are cleared)"]
    return "\n".join(lines)


def brief_rows(brief: Brief) -> list[tuple[object, ...]]:
    """The brief as CSV rows (CSV_COLUMNS): every fact, then each piece of outreach."""
    q, plan, c, s = brief.quarter, brief.plan, brief.counts, brief.streak
    points, activities = brief.done
    rows: list[tuple[object, ...]] = [
        ("clinician", "name", brief.member.display_name, "", "", ""),
        ("quarter", q.label, "closed" if q.closed else "in progress", q.start.isoformat(),
         "", ""),
        ("plan", "status", plan_status(plan), "", "", ""),
    ]
    if plan is not None:
        rows += [("plan", "niche", plan.niche, "", "", ""),
                 ("plan", "referrers", plan.referrers, "", "", ""),
                 ("plan", "update on the plan before", plan.update_note, "", "", "")]
    rows += [("plan item", item, progress, "", "", "") for item, progress in brief.plan_items]
    rows += [("totals", name, value, "", "", "") for name, value in (
        ("points", points), ("activities", activities), ("made", c.made), ("kept", c.kept),
        ("didn't happen", c.missed), ("moved", c.moved), ("open", c.open),
        ("logged", c.logged))]
    rows += [("streak", name, value, "", "", "") for name, value in (
        ("at the quarter's end" if q.closed else "now", s.at_end), ("best this quarter", s.best),
        ("weeks kept", s.kept), ("freezes used", s.frozen), ("weeks missed", s.missed),
        ("comebacks", s.comebacks))]
    if brief.goal is not None:
        rows.append(("personal goal", brief.goal.unit.value,
                     f"{progress_of(brief.goal, brief.done)}/{brief.goal.target}", "", "", ""))
    rows += [("showed", tag.value, brief.shown.get(tag, 0), "", "", "") for tag in Tag]
    rows += [("source touched", name, n, "", "", "") for name, n in brief.touched]
    rows += [("source gone cold", name, "last touch", last.isoformat() if last else "", "", "")
             for name, last in brief.cold]
    shown = {(day, what, note) for day, _, what, note in brief.notes}
    rows += [("outreach", x.what, _STATUS_WORDS[x.status], counted_on(x).isoformat(), x.points,
              x.reflection if (counted_on(x), x.what, x.reflection) in shown else "")
             for x in brief.mine]
    return rows


def _file_name(brief: Brief) -> str:
    who = re.sub(r"[^\w]+", "-", brief.member.display_name.lower()).strip("-") or "clinician"
    return f"brief-{who}-{brief.quarter.label.lower().replace(' ', '-')}.csv"


def brief(uow: UnitOfWork, ctx: Context, who: str | None, back: int, source: Origin
          ) -> Reply:
    """`admin brief [last quarter] <name>`; with no name, everyone's in short."""
    q = read_quarter(uow, ctx, quarter_for(ctx, back))
    if who is None:
        return summary(uow, ctx, q, f"📋 Briefs for {q.label} — one line each; a button "
                                    "opens the whole brief with its CSV:", back) or Reply(
            f"Nobody recorded outreach, a plan or a goal in {q.label} yet.")
    found = person(uow, ctx, who, create=False)
    if isinstance(found, Reply):
        return found
    made = gather(uow, ctx, q, found)
    rows = brief_rows(made)
    uow.log.append(ctx.workspace.id, ctx.member.id, "brief", source, ctx.now,
                   detail=q.label)
    uow.commit()
    everyone = Button("Everyone's briefs", f"admin brief {'last quarter' if back else ''}".strip())
    return Reply(brief_text(made), (everyone,), attachments=(
        Attachment(_file_name(made), to_csv(CSV_COLUMNS, rows), len(rows)),))


def _in_the_quarter(q: Quarter, member: Member) -> bool:
    return member.is_clinician or any(member.id in seen for seen in (q.counts, q.plans, q.goals))


def summary_line(b: Brief) -> str:
    points, activities = b.done
    plan = b.plan
    if plan is not None and plan.submitted:
        done = sum(1 for _, progress in b.plan_items if progress.startswith("done"))
        plan_words = f"plan {done}/{len(plan.items)} done"
    else:
        plan_words = plan_status(plan)
    goal = (f" · goal {progress_of(b.goal, b.done)}/{b.goal.target} {short_unit(b.goal.unit)}"
            if b.goal else "")
    return (f"• {b.member.display_name}: {wording.plural(activities, 'activity', 'activities')}"
            f", {wording.points(points)} · {plan_words} · streak {b.streak.at_end} · "
            f"{wording.plural(b.streak.comebacks, 'comeback')}{goal}")


def _reference(uow: UnitOfWork, ctx: Context, member: Member) -> str:
    """How a button names someone: their name when it is theirs alone and reads back as
    itself, else a mention."""
    name = member.display_name
    said_as_is = not (WHEN.match(name) or LEADING.match(name) or PERIOD.search(name)
                      or name.startswith(("@", "<")) or len(name) > MAX_WHO)
    same = uow.members.find_by_name(ctx.workspace.id, name) if said_as_is else []
    return name if [m.id for m in same] == [member.id] else f"<@{member.platform_user_id}>"


def summary(uow: UnitOfWork, ctx: Context, q: Quarter, heading: str, back: int
            ) -> Reply | None:
    """One line per clinician, and a button for each one's brief; None with nobody in it."""
    members = [m for m in uow.members.list_active(ctx.workspace.id) if _in_the_quarter(q, m)]
    if not members:
        return None
    briefs = [gather(uow, ctx, q, m) for m in members]
    which = "last quarter " if back else ""
    lines = [heading, *(summary_line(b) for b in briefs)]
    if len(members) > BUTTONS:
        lines.append(f"Anyone else's: /outreach admin brief {which}<name>")
    buttons = tuple(Button(f"{m.display_name}'s brief"[:75],
                           f"admin brief {which}{_reference(uow, ctx, m)}")
                    for m in members[:BUTTONS])
    return Reply("\n".join(lines), buttons)
