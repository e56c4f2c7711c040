"""Commit, log, done, didn't happen, move, cancel, list: the commitment lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import wording
from bot.credit import LOG_WINDOW_DAYS, credited_day, too_old
from bot.dates import describe_day
from bot.interpret import (
    CommitForm,
    FormOptions,
    Intention,
    Refusal,
    default_due,
    read_commitment,
    read_form,
)
from bot.messages import Button, Reply, commitment_buttons, problem
from bot.model import Commitment, LastChange, NewCommitment, Origin, Status, Workspace
from bot.nudges.team_post import team_progress_line
from bot.phrasing import intention
from bot.ports import UnitOfWork
from bot.practice_calendar import local_today, week_start
from bot.usecases.context import Context, catalog
from bot.usecases.plans import plan_item_for, planned_activity_for
from bot.usecases.privacy_check import refuse_client_details, team_names
from bot.usecases.progress import streak_for
from bot.usecases.showing import ask, my_mix_line
from bot.usecases.sources import source_for

MAX_NOTE_CHARS = 500
STALE_AFTER_DAYS = 14
EXPIRED = "expired"  # the log's word for a commitment that closed itself
FIELD_REFUSAL = ("🔒 This looks like it includes client details. Name only the organisation or "
                 "role.")


@dataclass(frozen=True)
class Ref:
    """Which commitment a member means: their own number (#3), or — a click on a button sent
    before numbers were per member, which carries a bare database id — that id, when it is
    one of theirs."""

    number: int
    legacy_id: bool = False

    @staticmethod
    def of(number: int | None, marked: bool, source: Origin) -> Ref | None:
        if number is None:
            return None
        return Ref(number, legacy_id=source is Origin.BUTTON and not marked)


_STATUS_WORDS = {
    Status.DONE: "done", Status.MISSED: "marked as didn't happen",
    Status.MOVED: "moved to next week", Status.CANCELLED: "cancelled",
}
_ICONS = {Status.OPEN: "◻️", Status.DONE: "✅", Status.MISSED: "▫️", Status.MOVED: "➡️",
          Status.CANCELLED: "✖️"}


def commit(uow: UnitOfWork, ctx: Context, text: str, source: Origin) -> Reply:
    refusal = refuse_client_details(text, rephrase_as="commit",
                                    team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    typed = text
    from_plan = plan_item_for(uow, ctx, text)
    if isinstance(from_plan, Reply):
        return from_plan
    text, plan_item_id = from_plan
    named = source_for(uow, ctx, text, "commit", as_typed=typed)
    if isinstance(named, Reply):
        return named
    text, source_id = named
    plan = read_commitment(text, ctx.today, catalog(uow, ctx.workspace.id),
                           ctx.workspace.working_days)
    if isinstance(plan, Refusal):
        return problem(plan.message, "/outreach commit <what> [day] — e.g. "
                                     "“visit Sunrise Pediatrics thu”")
    return _commit_plan(uow, ctx, plan, source, source_id, plan_item_id)


def commit_form(uow: UnitOfWork, ctx: Context, form: CommitForm, source: Origin
                ) -> Reply | dict[str, str]:
    """The modal path: the same commitment, with any problem pinned to its field."""
    fields = {"what": form.what, "when_where": form.when_where,
              "referral_source": form.referral_source}
    team = team_names(uow, ctx.workspace.id)
    for name, value in fields.items():
        refusal = refuse_client_details(value, team=team)
        if refusal:
            return {name: FIELD_REFUSAL}
    plan = read_form(form, ctx.today, catalog(uow, ctx.workspace.id), ctx.workspace.working_days)
    if isinstance(plan, dict):
        return plan
    named = source_for(uow, ctx, f"{form.what} {form.referral_source}")
    return _commit_plan(uow, ctx, plan, source, None if isinstance(named, Reply) else named[1])


def form_options(uow: UnitOfWork, ctx: Context) -> FormOptions:
    active = tuple(a for a in catalog(uow, ctx.workspace.id) if a.active)
    return FormOptions(active, ctx.today, default_due(ctx.today, ctx.workspace.working_days))


def remember(uow: UnitOfWork, ctx: Context, action: str, commitment_id: int,
             before: Commitment | None = None, made_id: int | None = None) -> None:
    """Keep the member's last change so `undo` can put it back."""
    uow.changes.remember(ctx.workspace.id, ctx.member.id,
                         LastChange(action, commitment_id, before, ctx.now, made_id))


def _commit_plan(uow: UnitOfWork, ctx: Context, plan: Intention, source: Origin,
                 source_id: int | None = None, plan_item_id: int | None = None) -> Reply:
    saved = _save(uow, ctx, plan, Status.OPEN, logged=False, source_id=source_id,
                  plan_item_id=plan_item_id)
    uow.log.append(ctx.workspace.id, ctx.member.id, "commit", source, ctx.now, saved.id)
    remember(uow, ctx, "commit", saved.id)
    uow.commit()
    change: tuple[Button, ...] = ()
    if plan.other is not None:  # a guess: offer the next likeliest type in one tap
        change = (Button(f"It's a {plan.other.label.lower()}"[:75],
                         f"edit #{saved.number} type:{plan.other.key}"),)
    return Reply(
        f"📌 Committed #{saved.number}: {intention(plan.when_where, plan.what, plan.situation)}\n"
        f"{plan.activity.label} · {wording.points(plan.activity.points)} · due "
        f"{describe_day(plan.due, ctx.today)}. Another type? edit #{saved.number} type:<key>.",
        buttons=(*commitment_buttons(saved.number), *change),
    )


def log_activity(uow: UnitOfWork, ctx: Context, text: str, source: Origin) -> Reply:
    refusal = refuse_client_details(text, rephrase_as="log",
                                    team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    named = source_for(uow, ctx, text, "log")
    if isinstance(named, Reply):
        return named
    text, source_id = named
    plan = read_commitment(text, ctx.today, catalog(uow, ctx.workspace.id),
                           ctx.workspace.working_days, allow_past=True)
    if isinstance(plan, Refusal):
        return problem(plan.message, "/outreach log <what you did> [day]")
    counted_on = credited_day(plan.due, ctx.today)
    saved = _save(uow, ctx, plan, Status.DONE, logged=True, source_id=source_id,
                  done_on=counted_on)
    if source_id is not None:
        uow.sources.touch(ctx.workspace.id, source_id, plan.due)
    uow.log.append(ctx.workspace.id, ctx.member.id, "log", source, ctx.now, saved.id)
    remember(uow, ctx, "log", saved.id)
    uow.commit()
    late = "" if counted_on == plan.due else (
        f" It happened {describe_day(plan.due, ctx.today)}; that week is closed, so it "
        "counts this week.")
    return ask(uow, ctx, saved, Reply(
        f"🙌 Logged #{saved.number}: {plan.what} ({plan.activity.label}, "
        f"+{wording.points(plan.activity.points)}).{late}\n{_after_done(uow, ctx)}"))


def _save(uow: UnitOfWork, ctx: Context, plan: Intention, status: Status, *, logged: bool,
          source_id: int | None = None, plan_item_id: int | None = None,
          done_on: date | None = None) -> Commitment:
    if ctx.member.clinician is None and not ctx.member.is_clinician:
        # An owner or admin recording outreach of their own joins the rhythm.
        uow.members.update(ctx.workspace.id, ctx.member.id, clinician=True)
    if plan_item_id is None:
        plan_item_id = planned_activity_for(uow, ctx, plan.what, plan.activity.key, source_id)
    return uow.commitments.add(ctx.workspace.id, NewCommitment(
        member_id=ctx.member.id, what=plan.what, activity_key=plan.activity.key,
        when_where=plan.when_where[:300], due_date=plan.due,
        week_start=week_start(done_on or plan.due), points=plan.activity.points,
        status=status, logged=logged, source_id=source_id, plan_item_id=plan_item_id,
        done_on=done_on), ctx.now)


def _after_done(uow: UnitOfWork, ctx: Context) -> str:
    streak = streak_for(uow, ctx)
    weeks = "week" if streak.current == 1 else "weeks"
    team = team_progress_line(uow, ctx.workspace, ctx.workspace_today)
    return f"🔥 Streak: {streak.current} {weeks}. {team}"


def pick(uow: UnitOfWork, ctx: Context, ref: Ref | None, verb: str, note: str = ""
          ) -> Commitment | Reply:
    """The member's own commitment by number, or their only open one; otherwise ask, with
    buttons that carry the note along so nothing typed is lost."""
    if ref is not None:
        found = uow.commitments.get(ctx.workspace.id, ref.number) if ref.legacy_id else None
        if found is None or found.member_id != ctx.member.id:
            found = uow.commitments.by_number(ctx.workspace.id, ctx.member.id, ref.number)
        if found is None or found.member_id != ctx.member.id:
            return problem(f"I can't find #{ref.number} among your commitments. "
                           "/outreach list shows their numbers.")
        return found
    open_ones = uow.commitments.for_member(ctx.workspace.id, ctx.member.id, [Status.OPEN])
    if not open_ones:
        return problem("You have no open commitments. Make one with /outreach commit, or "
                       "record something you already did with /outreach log.")
    if len(open_ones) == 1:
        return open_ones[0]
    lines = "\n".join(f"#{c.number} {c.what} — {describe_day(c.due_date, ctx.today)}"
                      for c in open_ones[:10])
    carried = f" {note}" if note else ""
    buttons = tuple(Button(f"#{c.number}", f"{verb} #{c.number}{carried}")
                    for c in open_ones[:5])
    kept = " — your note comes along" if note else ""
    return Reply(f"Which one? Tap it, or reply /outreach {verb} <number>{kept}:\n{lines}",
                 buttons=buttons, ok=False)


def _stale(commitment: Commitment) -> Reply:
    word = _STATUS_WORDS.get(commitment.status, commitment.status.value)
    return Reply(f"#{commitment.number} “{commitment.what}” is already {word} — nothing changed.",
                 ok=False)


def done(uow: UnitOfWork, ctx: Context, ref: Ref | None, note: str, source: Origin) -> Reply:
    return _close(uow, ctx, ref, note, source, Status.DONE)


def missed(uow: UnitOfWork, ctx: Context, ref: Ref | None, note: str, source: Origin
           ) -> Reply:
    return _close(uow, ctx, ref, note, source, Status.MISSED)


def _close(uow: UnitOfWork, ctx: Context, ref: Ref | None, note: str, source: Origin,
           status: Status) -> Reply:
    verb = "done" if status is Status.DONE else "missed"
    if len(note) > MAX_NOTE_CHARS:
        return problem(f"Please keep the note under {MAX_NOTE_CHARS} characters.")
    refusal = refuse_client_details(note, team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    picked = pick(uow, ctx, ref, verb, note)
    if isinstance(picked, Reply):
        return picked
    # One that closed itself as didn't happen (nobody said so) can still be marked done.
    expired = picked.status is Status.MISSED and status is Status.DONE and \
        uow.log.last_action(ctx.workspace.id, picked.id) == EXPIRED
    if picked.status is not Status.OPEN and not expired:
        return _stale(picked)
    if status is Status.DONE and too_old(picked.due_date, ctx.today):
        return problem(f"#{picked.number} was due {describe_day(picked.due_date, ctx.today)}, "
                       f"more than {LOG_WINDOW_DAYS} days ago, so it can't be marked done "
                       "now. If you did it recently, log it with the day you did it.",
                       "/outreach log <what you did> [day]")
    done_on = ctx.today if status is Status.DONE else None
    closed = uow.commitments.close(ctx.workspace.id, picked.id, status, ctx.now, note or None,
                                   expected=picked.status, done_on=done_on)
    if closed is None:
        return _stale(uow.commitments.get(ctx.workspace.id, picked.id) or picked)
    if status is Status.DONE and closed.source_id is not None:
        uow.sources.touch(ctx.workspace.id, closed.source_id, min(ctx.today, closed.due_date))
    uow.log.append(ctx.workspace.id, ctx.member.id, verb, source, ctx.now, closed.id)
    remember(uow, ctx, verb, closed.id, before=picked)
    uow.commit()
    if status is Status.DONE:
        return ask(uow, ctx, closed, Reply(
            f"✅ Done: {closed.what} (+{wording.points(closed.points)}). Nice work "
            f"showing up.\n{_after_done(uow, ctx)}"))
    again = f"commit {closed.what} next week"
    return Reply(f"Thanks for being straight about it — weeks like that happen. "
                 f"#{closed.number} is marked as didn't happen. Want to try again next week?",
                 buttons=(Button("Commit again next week", again[:2000]),))


def move(uow: UnitOfWork, ctx: Context, ref: Ref | None, source: Origin) -> Reply:
    picked = pick(uow, ctx, ref, "move")
    if isinstance(picked, Reply):
        return picked
    if picked.status is not Status.OPEN:
        return _stale(picked)
    due = picked.due_date + timedelta(days=7)
    while week_start(due) <= week_start(ctx.today):
        due += timedelta(days=7)
    if uow.commitments.close(ctx.workspace.id, picked.id, Status.MOVED, ctx.now) is None:
        return _stale(uow.commitments.get(ctx.workspace.id, picked.id) or picked)
    moved = uow.commitments.add(ctx.workspace.id, NewCommitment(
        member_id=ctx.member.id, what=picked.what, activity_key=picked.activity_key,
        when_where=picked.when_where, due_date=due, week_start=week_start(due),
        points=picked.points, moved_from_id=picked.id, source_id=picked.source_id,
        plan_item_id=picked.plan_item_id), ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "move", source, ctx.now, picked.id,
                   detail=f"to #{moved.number}")
    remember(uow, ctx, "move", picked.id, before=picked, made_id=moved.id)
    uow.commit()
    return Reply(f"➡️ Moved to next week as #{moved.number}: {moved.what}, due "
                 f"{describe_day(due, ctx.today)}.", buttons=commitment_buttons(moved.number))


def cancel(uow: UnitOfWork, ctx: Context, ref: Ref, source: Origin) -> Reply:
    picked = pick(uow, ctx, ref, "cancel")
    if isinstance(picked, Reply):
        return picked
    if picked.status is not Status.OPEN:
        return _stale(picked)
    if uow.commitments.close(ctx.workspace.id, picked.id, Status.CANCELLED, ctx.now) is None:
        return _stale(uow.commitments.get(ctx.workspace.id, picked.id) or picked)
    uow.log.append(ctx.workspace.id, ctx.member.id, "cancel", source, ctx.now, picked.id)
    remember(uow, ctx, "cancel", picked.id, before=picked)
    uow.commit()
    return Reply(f"✖️ Cancelled #{picked.number}: {picked.what}.")


def list_mine(uow: UnitOfWork, ctx: Context, include_closed: bool) -> Reply:
    statuses = None if include_closed else [Status.OPEN]
    items = uow.commitments.for_member(ctx.workspace.id, ctx.member.id, statuses,
                                       limit=20 if include_closed else 50)
    if not items:
        empty = "No commitments yet." if include_closed else "No open commitments."
        return Reply(f"{empty} What will you do this week to get in front of people? "
                     "Try /outreach commit visit Sunrise Pediatrics thu")
    title = "Your recent commitments" if include_closed else "Your open commitments"
    lines = [f"{_ICONS[c.status]} #{c.number} {c.what} — {_when(c, ctx)}" for c in items]
    mix = my_mix_line(uow, ctx) if include_closed else None
    return Reply(f"{title}:\n" + "\n".join(lines) + (f"\n{mix}" if mix else ""))


def _when(c: Commitment, ctx: Context) -> str:
    label = describe_day(c.due_date, ctx.today)
    if c.status is Status.OPEN and c.due_date < ctx.today:
        return f"{label} (overdue)"
    if c.status is not Status.OPEN:
        return f"{label}, {c.status.value}"
    return label



def close_stale(uow: UnitOfWork, workspace: Workspace, now: datetime) -> int:
    """Commitments still open two weeks after their day close as didn't happen, quietly: the
    Monday after their week asked about them once, and nobody is told again (or in public)."""
    cutoff = local_today(now, workspace.timezone) - timedelta(days=STALE_AFTER_DAYS)
    closed = 0
    for stale in uow.commitments.open_due_before(workspace.id, cutoff):
        if uow.commitments.close(workspace.id, stale.id, Status.MISSED, now) is not None:
            uow.log.append(workspace.id, None, EXPIRED, Origin.SCHEDULE, now, stale.id)
            closed += 1
    return closed
