"""Each member's last change to a commitment, kept so `undo` can put it back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.model import Commitment, LastChange, Status
from storage import rollups
from storage.convert import aware
from storage.models import CommitmentRow, LastChangeRow
from storage.repositories.common import apply, owned

# What undo puts back: everything a change can alter.
RESTORED = ("status", "what", "activity_key", "when_where", "due_date", "week_start", "points",
            "reflection", "done_on", "closed_at", "source_id")


class SqlChanges:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, workspace_id: int, member_id: int) -> LastChangeRow | None:
        return self.session.scalar(select(LastChangeRow).where(
            LastChangeRow.workspace_id == workspace_id, LastChangeRow.member_id == member_id))

    def remember(self, workspace_id: int, member_id: int, change: LastChange) -> None:
        row = self._row(workspace_id, member_id)
        if row is None:
            row = LastChangeRow(workspace_id=workspace_id, member_id=member_id)
            self.session.add(row)
        row.action = change.action
        row.commitment_id = change.commitment_id
        row.made_id = change.made_id
        row.before = _snapshot(change.before) if change.before else None
        row.at = change.at
        row.undone = False
        self.session.flush()

    def last(self, workspace_id: int, member_id: int) -> LastChange | None:
        row = self._row(workspace_id, member_id)
        if row is None:
            return None
        return LastChange(row.action, row.commitment_id, _restored(row), aware(row.at),
                          row.made_id, row.undone)

    def mark_undone(self, workspace_id: int, member_id: int) -> None:
        row = self._row(workspace_id, member_id)
        if row is not None:
            row.undone = True
            self.session.flush()

    def put_back(self, workspace_id: int, before: Commitment) -> None:
        """Return a commitment to how it was (`before`, as remembered)."""
        row = owned(self.session, CommitmentRow, workspace_id, before.id)
        if row is None:
            return
        week = row.week_start
        apply(self.session, row, {name: _column(getattr(before, name)) for name in RESTORED})
        rollups.weeks_changed(self.session, workspace_id, row.member_id, [week, row.week_start])


def _column(value: Any) -> Any:
    return value.value if isinstance(value, Status) else value


def _snapshot(c: Commitment) -> dict[str, Any]:
    values = {name: _column(getattr(c, name)) for name in RESTORED}
    return {name: value.isoformat() if isinstance(value, date | datetime) else value
            for name, value in values.items()}


def _restored(row: LastChangeRow) -> Commitment | None:
    data = row.before
    if not data:
        return None
    current = row.commitment_id

    def day(name: str) -> date | None:
        return date.fromisoformat(data[name]) if data.get(name) else None

    closed = data.get("closed_at")
    return Commitment(
        id=current, member_id=row.member_id, what=data["what"],
        activity_key=data["activity_key"], when_where=data["when_where"],
        due_date=day("due_date") or date.min, week_start=day("week_start") or date.min,
        status=Status(data["status"]), points=int(data["points"]),
        reflection=data.get("reflection"), logged=False, created_at=aware(row.at),
        closed_at=aware(datetime.fromisoformat(closed)) if closed else None,
        source_id=data.get("source_id"), done_on=day("done_on"))
