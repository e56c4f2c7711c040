"""Fixing what was recorded: `edit #n …` and `undo` (the last change, for a few minutes).
Both are recorded in the accountability log, like the changes they correct."""

from __future__ import annotations

from datetime import timedelta

from bot import wording
from bot.dates import describe_day
from bot.grammar import usage
from bot.interpret import Refusal, read_revision
from bot.messages import Reply, commitment_buttons, problem
from bot.model import Commitment, Origin, Status
from bot.ports import UnitOfWork
from bot.practice_calendar import week_start
from bot.usecases.commitments import Ref, pick, remember
from bot.usecases.context import Context, catalog
from bot.usecases.privacy_check import refuse_client_details, team_names
from bot.usecases.showing import unshare

UNDO_MINUTES = 5
_EDITABLE = (Status.OPEN, Status.DONE)


def edit(uow: UnitOfWork, ctx: Context, ref: Ref, text: str, source: Origin) -> Reply:
    refusal = refuse_client_details(text, team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    picked = pick(uow, ctx, ref, "edit")
    if isinstance(picked, Reply):
        return picked
    if picked.status not in _EDITABLE:
        return problem(f"#{picked.number} is {picked.status.value}; only open or done "
                       "commitments can be edited.")
    revision = read_revision(text, ctx.today, catalog(uow, ctx.workspace.id))
    if isinstance(revision, Refusal):
        return problem(revision.message, usage("edit"))
    done = picked.status is Status.DONE
    closed_week = done and week_start(picked.done_on or picked.due_date) < week_start(ctx.today)
    if done and revision.due is not None:
        return problem(f"#{picked.number} is done, so its day stays; you can change its words "
                       "or its type.")
    if closed_week and revision.activity is not None:
        return problem(f"#{picked.number} counted in a week that has ended, so its points "
                       "stay; you can still fix its words.")
    changes: dict[str, object] = {}
    if revision.what is not None:
        changes["what"] = revision.what
    if revision.activity is not None:
        changes.update(activity_key=revision.activity.key, points=revision.activity.points)
    if revision.due is not None:
        changes.update(due_date=revision.due, week_start=week_start(revision.due),
                       when_where=describe_day(revision.due, ctx.today))
    edited = uow.commitments.revise(ctx.workspace.id, picked.id, **changes)
    uow.log.append(ctx.workspace.id, ctx.member.id, "edit", source, ctx.now, picked.id,
                   detail=", ".join(sorted(_fields(changes))))
    remember(uow, ctx, "edit", picked.id, before=picked)
    uow.commit()
    return _edited(edited, ctx)


def _fields(changes: dict[str, object]) -> set[str]:
    names = {"what": "words", "activity_key": "type", "due_date": "day"}
    return {word for name, word in names.items() if name in changes}


def _edited(c: Commitment, ctx: Context) -> Reply:
    points = wording.points(c.points)
    if c.status is Status.DONE:
        return Reply(f"✏️ #{c.number} is now: {c.what} (done, {points}).")
    return Reply(f"✏️ #{c.number} is now: {c.what} — due {describe_day(c.due_date, ctx.today)}"
                 f" ({points}).", buttons=commitment_buttons(c.number))


def undo(uow: UnitOfWork, ctx: Context, source: Origin) -> Reply:
    last = uow.changes.last(ctx.workspace.id, ctx.member.id)
    if last is None or last.undone or ctx.now - last.at > timedelta(minutes=UNDO_MINUTES):
        return problem(f"There's nothing to undo: undo takes back your last change to a "
                       f"commitment, for {UNDO_MINUTES} minutes after you make it.")
    current = uow.commitments.get(ctx.workspace.id, last.commitment_id)
    if current is None:
        return problem("There's nothing to undo — that commitment is gone.")
    if last.before is None:  # a commit or a log: it goes
        uow.commitments.close(ctx.workspace.id, current.id, Status.CANCELLED, ctx.now,
                              expected=current.status)
        said = f"#{current.number} {current.what} is gone"
    else:
        before = last.before
        uow.changes.put_back(ctx.workspace.id, before)
        due = describe_day(before.due_date, ctx.today)
        said = f"#{current.number} {before.what} is open again"
        if last.action == "edit":
            said = f"#{current.number} is back to: {before.what} — due {due}"
        if last.made_id is not None:  # a move: the new one it made goes
            made = uow.commitments.get(ctx.workspace.id, last.made_id)
            if made is not None and made.status is Status.OPEN:
                uow.commitments.close(ctx.workspace.id, made.id, Status.CANCELLED, ctx.now)
            said = f"#{current.number} {before.what} is back on {due}"
        if current.status is Status.DONE and before.status is not Status.DONE and \
                unshare(uow, ctx, current, source):
            said += ". It won't be in Friday's team post"
    uow.changes.mark_undone(ctx.workspace.id, ctx.member.id)
    uow.log.append(ctx.workspace.id, ctx.member.id, "undo", source, ctx.now, current.id,
                   detail=last.action)
    uow.commit()
    return Reply(f"↩️ Undid your {last.action}: {said}.")
