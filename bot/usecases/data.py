"""A member's and a practice's own data: CSV exports, and forgetting a person on request."""

from __future__ import annotations

from bot.export import commitments_csv, log_csv, outcomes_csv
from bot.messages import Attachment, Button, Reply, problem
from bot.model import Origin, Role
from bot.ports import UnitOfWork
from bot.usecases.context import Context
from bot.usecases.people import person, practice_owner
from bot.wording import plural


def _names(uow: UnitOfWork, ctx: Context) -> dict[int, str]:
    return {m.id: m.display_name for m in uow.members.list_active(ctx.workspace.id)} | {
        ctx.member.id: ctx.member.display_name}


def _sources(uow: UnitOfWork, ctx: Context) -> dict[int, str]:
    return {s.id: s.name for s in uow.sources.listing(ctx.workspace.id, include_retired=True)}


def my_files(uow: UnitOfWork, ctx: Context) -> tuple[Attachment, Attachment]:
    """The asker's own data: their commitments and their lines of the accountability log."""
    mine = uow.commitments.everything(ctx.workspace.id, ctx.member.id)
    entries = uow.log.entries(ctx.workspace.id, ctx.member.id)
    stamp = ctx.today.isoformat()
    return (Attachment(f"my-commitments-{stamp}.csv",
                       commitments_csv(mine, _names(uow, ctx), _sources(uow, ctx)), len(mine)),
            Attachment(f"my-activity-log-{stamp}.csv", log_csv(entries, _names(uow, ctx)),
                       len(entries)))


PRACTICE_FILES = ("commitments", "outcomes", "log")


def practice_files(uow: UnitOfWork, ctx: Context, what: str) -> list[Attachment]:
    """The practice's files for `admin export <what>`: all, or one of PRACTICE_FILES. The
    caller makes sure the asker is an admin."""
    stamp = ctx.today.isoformat()
    names = _names(uow, ctx)
    files: list[Attachment] = []
    if what in ("all", "commitments"):
        everything = uow.commitments.everything(ctx.workspace.id)
        files.append(Attachment(f"commitments-{stamp}.csv",
                                commitments_csv(everything, names, _sources(uow, ctx)),
                                len(everything)))
    if what in ("all", "outcomes"):
        rows = uow.sources.outcome_rows(ctx.workspace.id)
        files.append(Attachment(f"referral-outcomes-{stamp}.csv",
                                outcomes_csv(rows, _sources(uow, ctx)), len(rows)))
    if what in ("all", "log"):
        entries = uow.log.entries(ctx.workspace.id)
        files.append(Attachment(f"accountability-log-{stamp}.csv", log_csv(entries, names),
                                len(entries)))
    return files


def export_mine(uow: UnitOfWork, ctx: Context, source: Origin) -> Reply:
    files = my_files(uow, ctx)
    uow.log.append(ctx.workspace.id, ctx.member.id, "export", source, ctx.now, detail="own")
    uow.commit()
    return Reply(f"📦 Your data: {plural(files[0].rows, 'commitment')} and "
                 f"{plural(files[1].rows, 'log entry', 'log entries')}, as CSV files.",
                 attachments=files)


def export_practice(uow: UnitOfWork, ctx: Context, what: str, source: Origin) -> Reply:
    if not ctx.member.is_admin:
        return problem("Only the practice owner or an admin can export the practice's data.")
    files = practice_files(uow, ctx, what)
    uow.log.append(ctx.workspace.id, ctx.member.id, "export", source, ctx.now, detail=what)
    uow.commit()
    summary = ", ".join(f"{f.filename} ({f.rows} rows)" for f in files)
    return Reply(f"📦 Export ready: {summary}.", attachments=tuple(files))


def forget(uow: UnitOfWork, ctx: Context, who: str | None, confirmed: bool, source: Origin
           ) -> Reply:
    """Delete a member and everything they recorded; asks once before doing it."""
    target = ctx.member
    if who is not None:
        if not ctx.member.is_admin:
            return problem("Only the practice owner or an admin can delete someone else's data.")
        found = person(uow, ctx, who, create=False)
        if isinstance(found, Reply):
            return found
        target = found
        if target.role is Role.OWNER and target.id != ctx.member.id:
            return problem("The practice owner's data can only be deleted by the owner.")
    command = "forget me" if who is None else f"admin forget {who}"
    whose = "your" if target.id == ctx.member.id else f"{target.display_name}'s"
    if not confirmed:
        return Reply(f"⚠️ This permanently deletes {whose} commitments, streak and history. "
                     f"It can't be undone. To go ahead: /outreach {command} confirm",
                     (Button("Yes, delete it", f"{command} confirm"),), ok=False)
    owner = practice_owner(uow, ctx)
    for kept in uow.sources.listing(ctx.workspace.id, include_retired=True):
        if kept.owner_id == target.id:  # the practice keeps its referrers: the owner has them
            uow.sources.update(ctx.workspace.id, kept.id,
                               owner_id=owner.id if owner and owner.id != target.id else None)
    uow.members.delete(ctx.workspace.id, target.id)
    if target.id != ctx.member.id:
        uow.log.append(ctx.workspace.id, ctx.member.id, "forget", source, ctx.now,
                       detail="a member's data")
    uow.commit()
    return Reply(f"🗑 Deleted {whose} data. " + (
        "If you use /outreach again, you'll start fresh." if target.id == ctx.member.id else ""))
