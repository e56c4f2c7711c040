"""The coaching core's front door: a member's words in, a reply out, on any surface."""

from __future__ import annotations

import dataclasses
import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.commands.registry import REGISTRY
from bot.commands.review import ReviewPlan
from bot.grammar import Command, ParseError, parse, usage
from bot.interpret import CommitForm, FormOptions
from bot.messages import Actor, Attachment, Page, Reply, problem
from bot.model import Origin, Plan, Platform, Workspace
from bot.ports import DashboardSession, UnitOfWork
from bot.usecases import admin, commitments, dashboard, plans, reviews, sign_in
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

    def __init__(self, uow: Callable[[], UnitOfWork], default_timezone: str,
                 sign_in_url: Callable[[str], str] | None = None) -> None:
        """`sign_in_url(token)`: the dashboard's one-time sign-in link for a token (made in
        handlers/dashboard/links.py); without it, `dashboard` says there is none."""
        self.uow = uow
        self.default_timezone = default_timezone
        self.sign_in_url = sign_in_url

    def handle(self, actor: Actor, text: str, now: datetime,
               source: Origin = Origin.COMMAND,
               record: Callable[[UnitOfWork, Reply], None] | None = None) -> Reply:
        """Carry out a command. `record(uow, reply)` runs in the command's own transaction,
        just before it commits (a surface's inbox notes it done, together with its
        effect)."""
        command = parse(text)
        if isinstance(command, ParseError):   # client details are said so, command or not
            return refuse_client_details(text) or problem(command.message, command.usage)
        try:   # every command enrols the person first, asking for help too
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

    def comment_form(self, actor: Actor, words: str, now: datetime
                     ) -> reviews.CommentForm | Reply:
        """The comment form a bare `review … comment` opens (grammar.form_for), or the
        short answer a stale or refused one gets instead."""
        command = parse(words)
        if not isinstance(command, ReviewPlan):
            return problem("That button is out of date — nothing to comment on.")
        return self._run(actor, now, lambda uow, ctx: reviews.comment_form(
            uow, ctx, command.ref))

    def dashboard(self, workspace_id: int, member_id: int, now: datetime
                  ) -> dashboard.DashboardView | None:
        """The dashboard's data for a signed-in person (by ids the session holds)."""
        with self.uow() as uow:
            return dashboard.view(uow, workspace_id, member_id, now)

    def dashboard_download(self, workspace_id: int, member_id: int, name: str, now: datetime
                           ) -> Attachment | None:
        with self.uow() as uow:
            return dashboard.download(uow, workspace_id, member_id, name, now)

    def sign_in_waiting(self, token: str, now: datetime) -> bool:
        """Whether a one-time link's token is still unused and unexpired (spends nothing)."""
        with self.uow() as uow:
            return sign_in.waiting(uow, token, now)

    def sign_in(self, token: str, now: datetime) -> sign_in.Opened | None:
        """Redeem a one-time link's token (once) for a session; None for any other token."""
        with self.uow() as uow:
            return sign_in.redeem(uow, token, now)

    def dashboard_session(self, token: str, now: datetime) -> DashboardSession | None:
        """The open session a cookie's token stands for."""
        with self.uow() as uow:
            return sign_in.session(uow, token, now)

    def sign_out(self, token: str, now: datetime) -> bool:
        with self.uow() as uow:
            return sign_in.end(uow, token, now)

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
            if self.sign_in_url is not None:
                ctx = dataclasses.replace(ctx, sign_in_url=self.sign_in_url)
            result = use_case(uow, ctx)
            if record is None:
                uow.commit()
                return result
            record(uow, result)
            uow.commit_held()
            return result


def dispatch(uow: UnitOfWork, ctx: Context, command: Command, source: Origin) -> Reply:
    """Run a command with the handler its family registered (bot/commands/)."""
    handler = REGISTRY.handler_for(type(command))
    if handler is None:
        return problem("I didn't understand that.", usage("help"))
    if handler.admin_only and not ctx.member.is_admin:
        return admin.not_an_admin()
    return handler.run(uow, ctx, command, source)
