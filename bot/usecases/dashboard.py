"""The owner's dashboard, as data: what one signed-in person may see of their practice.

The web surface (handlers/dashboard) asks `view` for a page's numbers and `download` for a
CSV; an admin sees the practice, a clinician only their own streak, commitments, plan and
sources. Everything here is scoped by the session's workspace and member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.messages import Attachment
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class Viewer:
    """Who is looking: read fresh from storage on every request (roles change)."""

    workspace_id: int
    member_id: int
    display_name: str
    workspace_name: str
    is_admin: bool


@dataclass(frozen=True)
class DashboardView:
    viewer: Viewer


def view(uow: UnitOfWork, workspace_id: int, member_id: int, now: datetime
         ) -> DashboardView | None:
    """The page's data; None when the member is gone or no longer active."""
    workspace = uow.workspaces.get(workspace_id)
    member = uow.members.get(workspace_id, member_id)
    if workspace is None or member is None or not member.active:
        return None
    return DashboardView(Viewer(workspace.id, member.id, member.display_name, workspace.name,
                                member.is_admin))


def download(uow: UnitOfWork, workspace_id: int, member_id: int, name: str, now: datetime
             ) -> Attachment | None:
    """One of the page's CSV files by its short name; None if unknown or not theirs to see."""
    return None
