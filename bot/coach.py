"""The coaching core's front door: a member's words in, a reply out, on any surface."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot import grammar as g
from bot.help import help_reply
from bot.interpret import CommitForm, FormOptions
from bot.messages import Actor, Page, Reply, problem
from bot.model import Origin, Plan, Platform, Workspace
from bot.ports import UnitOfWork
from bot.usecases import (
    admin,
    commitments,
    corrections,
    data,
    membership,
    plans,
    progress,
    sources,
)
from bot.usecases.commitments import Ref
from bot.usecases.context import Context, refresh, resolve
from bot.usecases.home import home_page
from bot.usecases.plans import PlanForm
from bot.usecases.privacy_check import refuse_client_details

log = logging.getLogger("showup.coach")
T = TypeVar("T")


class AlreadyDone(Exception):
    """Raised by a `record` hook: the command was carried out already (by another process),
    so nothing of this attempt is kept."""


class Coach:
    """Runs one command per unit of work; failures become a short apology with a reference."""

    def __init__(self, uow: Callable[[], UnitOfWork], default_timezone: str) -> None:
        self.uow = uow
        self.default_timezone = default_timezone

    def handle(self, actor: Actor, text: str, now: datetime,
               source: Origin = Origin.COMMAND,
               record: Callable[[UnitOfWork, Reply], None] | None = None) -> Reply:
        """Carry out a command. `record(uow, reply)` runs in the command's own transaction,
        just before it commits (a surface's inbox notes it done, together with its
        effect)."""
        command = g.parse(text)
        if isinstance(command, g.ParseError):   # client details are said so, command or not
            return refuse_client_details(text) or problem(command.message, command.usage)
        try:
            if isinstance(command, g.Help):   # asking for help enrols, like any command
                topic = command.topic
                return self._run(actor, now, lambda uow, ctx: help_reply(topic), record)
            return self._run(actor, now, lambda uow, ctx: dispatch(uow, ctx, command, source),
                             record)
        except AlreadyDone:
            raise
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("command %s failed (ref %s)", type(command).__name__, reference)
            return Reply(f"Sorry — something went wrong on my side and nothing was saved. "
                         f"If it keeps happening, share this reference: {reference}", ok=False)


    def submit_commit_form(self, actor: Actor, form: CommitForm, now: datetime
                           ) -> Reply | dict[str, str]:
        """A commitment from a form; a dict of field errors when it can't be saved as is."""
        return self._run(actor, now, lambda uow, ctx: commitments.commit_form(
            uow, ctx, form, Origin.COMMAND))

    def workspace(self, actor: Actor, now: datetime) -> Workspace:
        return self._run(actor, now, lambda uow, ctx: ctx.workspace)

    def form_options(self, actor: Actor, now: datetime) -> FormOptions:
        return self._run(actor, now, commitments.form_options)

    def current_plan(self, actor: Actor, now: datetime) -> Plan:
        return self._run(actor, now, plans.current_plan)

    def submit_plan_form(self, actor: Actor, form: PlanForm, now: datetime
                         ) -> Reply | dict[str, str]:
        return self._run(actor, now, lambda uow, ctx: plans.submit_form(
            uow, ctx, form, Origin.COMMAND))

    def home(self, actor: Actor, now: datetime) -> Page:
        return self._run(actor, now, home_page)

    def refresh_member(self, actor: Actor, active: bool = True) -> bool:
        """Update a known member from a profile change; strangers are not created."""
        with self.uow() as uow:
            changed = refresh(uow, actor, active)
            uow.commit()
            return changed

    def purge_workspace(self, platform: Platform, external_id: str) -> bool:
        """Forget a workspace entirely (the app was uninstalled)."""
        with self.uow() as uow:
            gone = uow.workspaces.delete(platform, external_id)
            uow.commit()
        log.info("purged workspace data (platform %s): %s", platform.value, gone)
        return gone

    def _run(self, actor: Actor, now: datetime, use_case: Callable[[UnitOfWork, Context], T],
             record: Callable[[UnitOfWork, T], None] | None = None) -> T:
        with self.uow() as uow:
            if record is not None:   # the effect and its record commit as one, or neither
                uow.hold_commits()
            ctx = resolve(uow, actor, now, self.default_timezone)
            result = use_case(uow, ctx)
            if record is None:
                uow.commit()
                return result
            record(uow, result)
            uow.commit_held()
            return result


def dispatch(uow: UnitOfWork, ctx: Context, command: g.Command, source: Origin) -> Reply:
    match command:
        case g.Commit(text):
            return commitments.commit(uow, ctx, text, source)
        case g.Log(text):
            return commitments.log_activity(uow, ctx, text, source)
        case g.Edit(ref, text, marked):
            return corrections.edit(uow, ctx, Ref(ref, source is Origin.BUTTON and not marked),
                                    text, source)
        case g.Undo():
            return corrections.undo(uow, ctx, source)
        case g.Done(ref, note, marked):
            return commitments.done(uow, ctx, Ref.of(ref, marked, source), note, source)
        case g.Missed(ref, note, marked):
            return commitments.missed(uow, ctx, Ref.of(ref, marked, source), note, source)
        case g.Move(ref, marked):
            return commitments.move(uow, ctx, Ref.of(ref, marked, source), source)
        case g.Cancel(ref, marked) if ref is not None:
            return commitments.cancel(uow, ctx, Ref(ref, source is Origin.BUTTON and not marked),
                                      source)
        case g.ListMine(include_closed):
            return commitments.list_mine(uow, ctx, include_closed)
        case g.ShowStreak():
            return progress.show_streak(uow, ctx)
        case g.Board(period, back):
            return progress.board(uow, ctx, period, back)
        case g.Pause(until):
            return membership.pause(uow, ctx, until, source)
        case g.Resume():
            return membership.resume(uow, ctx, source)
        case g.SetMyTimezone(zone):
            return membership.set_timezone(uow, ctx, zone, source)
        case g.SetQuietHours(start, end):
            return membership.set_quiet_hours(uow, ctx, start, end, source)
        case g.SetClinician(on):
            return membership.set_clinician(uow, ctx, on, source)
        case g.SourcesList(everyone):
            return sources.list_sources(uow, ctx, everyone)
        case g.SourceAdd(name, options):
            return sources.add_source(uow, ctx, name, options, source)
        case g.SourceEdit(ref, options):
            return sources.edit_source(uow, ctx, ref, options, source)
        case g.SourceRetire(ref):
            return sources.retire_source(uow, ctx, ref, source)
        case g.PlanStep(field, value):
            return plans.plan_step(uow, ctx, field, value, source)
        case g.ExportMine():
            return data.export_mine(uow, ctx, source)
        case g.AdminExport(what):
            return data.export_practice(uow, ctx, what, source)
        case g.Forget(who, confirmed):
            return data.forget(uow, ctx, who, confirmed, source)
        case g.Help(topic):
            return help_reply(topic)
        case (g.AdminShow() | g.AdminGoal() | g.AdminRhythm() | g.AdminDays()
              | g.AdminTimezone() | g.AdminActivityList() | g.AdminActivityAdd()
              | g.AdminActivityPoints() | g.AdminActivityRemove() | g.AdminReport()
              | g.AdminRole() | g.AdminChannel() | g.AdminReferrals() | g.AdminOutcomes()
              | g.AdminSharePlans() | g.AdminClosed() | g.AdminHolidays()):
            return admin.run(uow, ctx, command, source)
    return problem("I didn't understand that.", g.USAGE["help"])
