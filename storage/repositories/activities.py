"""A workspace's catalogue of activity types (what outreach counts, and for how much)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.model import ActivityType
from storage import convert
from storage.models import ActivityRow
from storage.repositories.common import apply, found

# Built once: every command checks its workspace has a catalogue, most read it.
_LIST = select(ActivityRow).where(ActivityRow.workspace_id == bindparam("workspace_id")) \
    .order_by(ActivityRow.position, ActivityRow.id)
_ANY = select(ActivityRow.id).where(ActivityRow.workspace_id == bindparam("workspace_id")) \
    .limit(1)


class SqlActivities:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, workspace_id: int) -> list[ActivityType]:
        rows = self.session.scalars(_LIST, {"workspace_id": workspace_id})
        return [convert.activity(r) for r in rows]

    def any(self, workspace_id: int) -> bool:
        return self.session.scalar(_ANY, {"workspace_id": workspace_id}) is not None

    def add(self, workspace_id: int, activity: ActivityType) -> None:
        position = self.session.scalar(select(func.count()).select_from(ActivityRow).where(
            ActivityRow.workspace_id == workspace_id)) or 0
        self.session.add(ActivityRow(
            workspace_id=workspace_id, key=activity.key, label=activity.label,
            points=activity.points, keywords="|".join(activity.keywords),
            position=position, active=activity.active))
        self.session.flush()

    def update(self, workspace_id: int, key: str, **changes: Any) -> None:
        row = found(self.session.scalar(select(ActivityRow).where(
            ActivityRow.workspace_id == workspace_id, ActivityRow.key == key)),
            f"activity {key}")
        if "keywords" in changes:
            changes["keywords"] = "|".join(changes["keywords"])
        apply(self.session, row, changes)
