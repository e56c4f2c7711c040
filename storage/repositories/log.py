"""The accountability log: lines are added, never changed (a trigger refuses updates)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.model import LogEntry, Origin
from storage import convert
from storage.models import LogRow


class SqlLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(
        self, workspace_id: int, actor_id: int | None, action: str, source: Origin,
        at: datetime, commitment_id: int | None = None, detail: str | None = None,
    ) -> None:
        self.session.add(LogRow(
            workspace_id=workspace_id, actor_id=actor_id, action=action, source=source.value,
            at=at, commitment_id=commitment_id, detail=detail))
        self.session.flush()

    def last_action(self, workspace_id: int, commitment_id: int) -> str | None:
        return self.session.scalar(select(LogRow.action).where(
            LogRow.workspace_id == workspace_id, LogRow.commitment_id == commitment_id)
            .order_by(LogRow.id.desc()).limit(1))

    def entries(self, workspace_id: int, actor_id: int | None = None) -> list[LogEntry]:
        query = select(LogRow).where(LogRow.workspace_id == workspace_id)
        if actor_id is not None:
            query = query.where(LogRow.actor_id == actor_id)
        return [LogEntry(convert.aware(r.at), r.actor_id, r.action, r.source, r.commitment_id,
                         r.detail) for r in self.session.scalars(query.order_by(LogRow.id))]
