"""Who is asking, in which workspace, and what day it is for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.catalog import DEFAULT_ACTIVITIES
from bot.messages import Actor
from bot.model import ActivityType, Member, Role, Workspace
from bot.ports import UnitOfWork
from bot.practice_calendar import canonical_zone, local_today


@dataclass(frozen=True)
class Context:
    workspace: Workspace
    member: Member
    now: datetime
    # The dashboard's sign-in URL for a one-time token (built outside bot/, in launch.py);
    # None where there is no dashboard.
    sign_in_url: Callable[[str], str] | None = None

    @property
    def today(self) -> date:
        return local_today(self.now, self.member.zone(self.workspace))

    @property
    def workspace_today(self) -> date:
        return local_today(self.now, self.workspace.timezone)


def resolve(uow: UnitOfWork, actor: Actor, now: datetime, default_timezone: str) -> Context:
    """Find or create the workspace and member on first contact, keeping names and zones fresh."""
    workspace = uow.workspaces.get_or_create(
        actor.platform, actor.team_id, actor.team_name or actor.team_id, default_timezone)
    if not uow.activities.any(workspace.id):
        for activity in DEFAULT_ACTIVITIES:
            uow.activities.add(workspace.id, activity)
    zone = canonical_zone(actor.timezone) if actor.timezone else None
    member = uow.members.by_platform_id(workspace.id, actor.user_id)
    if member is None:  # first contact: the practice's first person becomes its owner
        first = not uow.members.list_active(workspace.id)
        role = Role.OWNER if first else (Role.ADMIN if actor.is_platform_admin else Role.MEMBER)
        member = uow.members.get_or_create(workspace.id, actor.user_id, actor.display_name,
                                           zone, role, now)
    changes: dict[str, object] = {}
    if actor.display_name and actor.display_name != member.display_name:
        changes["display_name"] = actor.display_name
    if zone and zone != member.timezone:
        changes["timezone"] = zone
    if actor.is_platform_admin and member.role is Role.MEMBER:
        changes["role"] = Role.ADMIN
        if member.clinician is None:
            changes["clinician"] = True  # a clinician made a workspace admin stays one
    if not member.active:
        changes["active"] = True
    if changes:
        member = uow.members.update(workspace.id, member.id, **changes)
    return Context(workspace, member, now)


def refresh(uow: UnitOfWork, actor: Actor, active: bool) -> bool:
    """Apply a platform's profile change to a member we already know; False for strangers."""
    workspace = uow.workspaces.find(actor.platform, actor.team_id)
    member = uow.members.by_platform_id(workspace.id, actor.user_id) if workspace else None
    if workspace is None or member is None:
        return False
    changes: dict[str, object] = {"display_name": actor.display_name, "active": active}
    zone = canonical_zone(actor.timezone) if actor.timezone else None
    if zone:
        changes["timezone"] = zone
    uow.members.update(workspace.id, member.id, **changes)
    return True


def catalog(uow: UnitOfWork, workspace_id: int) -> list[ActivityType]:
    return uow.activities.list(workspace_id)
