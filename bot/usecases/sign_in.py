"""Signing in to the dashboard: the `dashboard` command's one-time link, and what the web
surface (handlers/dashboard) asks when a link is opened, a page is shown or someone signs
out. Tokens are random; only their hashes are stored, so a copy of the database opens
nothing."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.messages import Button, Link, Reply
from bot.ports import DashboardSession, UnitOfWork
from bot.usecases.context import Context

GRANT_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
KEEP_EXPIRED = timedelta(days=1)   # then expired links and sessions are deleted
TOKEN_BYTES = 32
LONGEST_TOKEN = 100   # a token_urlsafe(32) is 43 characters
LINK_LABEL = "Open the dashboard"
# The button that asks for a link (the report, App Home, the Friday post): it carries the
# `dashboard` command, so a click sends the clicker their own link, as typing it would.
DASHBOARD_COMMAND = "dashboard"
MY_DASHBOARD = "My dashboard"
PRACTICE_DASHBOARD = "Practice dashboard"
NO_DASHBOARD = "The dashboard isn't available on this ShowUp."


@dataclass(frozen=True)
class Opened:
    """A session a link just opened: `token` goes into the person's cookie (its hash alone is
    stored)."""

    token: str
    session: DashboardSession


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def dashboard_button(ctx: Context) -> tuple[Button, ...]:
    """The button to one's dashboard, named for what it opens (the practice's, for admins);
    none where this ShowUp has no dashboard."""
    if ctx.sign_in_url is None:
        return ()
    return (Button(PRACTICE_DASHBOARD if ctx.member.is_admin else MY_DASHBOARD,
                   DASHBOARD_COMMAND),)


def issue_link(uow: UnitOfWork, ctx: Context) -> Reply:
    """A one-time sign-in link for the person asking: 15 minutes, once. An admin's opens the
    practice's page, a clinician's their own (read again on every page, as roles change)."""
    if ctx.sign_in_url is None:
        return Reply(NO_DASHBOARD, ok=False)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    access = uow.dashboard_access
    access.forget_expired(ctx.now - KEEP_EXPIRED)
    access.add_grant(ctx.workspace.id, ctx.member.id, digest(token), ctx.now,
                     ctx.now + GRANT_LIFETIME)
    uow.commit()
    whose = ("the practice's dashboard" if ctx.member.is_admin else
             "your dashboard (your streak, commitments, plan and sources)")
    return Reply(f"🔗 Your sign-in link to {whose}. It works once, within 15 minutes, and "
                 "keeps that browser signed in for 12 hours. Don't forward it: whoever opens "
                 "it first is signed in as you.",
                 links=(Link(LINK_LABEL, ctx.sign_in_url(token)),))


def waiting(uow: UnitOfWork, token: str, now: datetime) -> bool:
    """Whether a link's token would still open a session: unused and unexpired. Only a look:
    a mail or chat scanner that fetches the link before its person spends nothing."""
    if not token or len(token) > LONGEST_TOKEN:
        return False
    return uow.dashboard_access.grant_waiting(digest(token), now)


def redeem(uow: UnitOfWork, token: str, now: datetime) -> Opened | None:
    """Use a link's token once and open a session; None for a token that is unknown, used
    already or expired (nothing changes then)."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    access = uow.dashboard_access
    granted = access.redeem_grant(digest(token), now)
    if granted is None:
        return None
    workspace_id, member_id = granted
    session_token = secrets.token_urlsafe(TOKEN_BYTES)
    access.open_session(workspace_id, member_id, digest(session_token), now,
                        now + SESSION_LIFETIME)
    session = access.session(digest(session_token), now)
    uow.commit()
    return None if session is None else Opened(session_token, session)


def session(uow: UnitOfWork, token: str, now: datetime) -> DashboardSession | None:
    """The open session a cookie's token stands for. A member who has left (deactivated)
    takes their sessions with them; one forgotten, or a workspace purged, takes the rows."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    found = uow.dashboard_access.session(digest(token), now)
    if found is None:
        return None
    member = uow.members.get(found.workspace_id, found.member_id)
    if member is None or not member.active:
        uow.dashboard_access.end_session(digest(token), now)
        uow.commit()
        return None
    return found


def end(uow: UnitOfWork, token: str, now: datetime) -> bool:
    """Sign out: the session no longer opens anything."""
    if not token or len(token) > LONGEST_TOKEN:
        return False
    ended = uow.dashboard_access.end_session(digest(token), now)
    uow.commit()
    return ended
