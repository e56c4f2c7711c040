"""A practice's changes to the ideas library: its own ideas and the defaults it hid."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.ideas_library import OWN_FROM, Idea
from storage.models import IdeaRow

OWN_KEY = "own-{number}"


class SqlIdeas:
    def __init__(self, session: Session) -> None:
        self.session = session

    def own(self, workspace_id: int) -> list[Idea]:
        rows = self.session.scalars(select(IdeaRow).where(
            IdeaRow.workspace_id == workspace_id, IdeaRow.number.is_not(None),
            IdeaRow.hidden.is_(False)).order_by(IdeaRow.number))
        return [Idea(r.key, r.number or 0, r.text or "", (r.kind,) if r.kind else (),
                     (r.niche,) if r.niche else (), r.shows or "relationship") for r in rows]

    def hidden(self, workspace_id: int) -> set[str]:
        return set(self.session.scalars(select(IdeaRow.key).where(
            IdeaRow.workspace_id == workspace_id, IdeaRow.hidden.is_(True))))

    def add(self, workspace_id: int, text: str, kind: str | None, niche: str | None,
            shows: str, now: datetime) -> Idea:
        last = self.session.scalar(select(func.max(IdeaRow.number)).where(
            IdeaRow.workspace_id == workspace_id))
        number = max(OWN_FROM, (last or 0) + 1)
        row = IdeaRow(workspace_id=workspace_id, key=OWN_KEY.format(number=number),
                      number=number, text=text, kind=kind, niche=niche, shows=shows,
                      hidden=False, created_at=now)
        self.session.add(row)
        self.session.flush()
        return Idea(row.key, number, text, (kind,) if kind else (), (niche,) if niche else (),
                    shows)

    def hide(self, workspace_id: int, key: str, now: datetime) -> None:
        if key not in self.hidden(workspace_id):
            self.session.add(IdeaRow(workspace_id=workspace_id, key=key, hidden=True,
                                     created_at=now))
            self.session.flush()

    def remove(self, workspace_id: int, key: str) -> bool:
        result = self.session.execute(delete(IdeaRow).where(
            IdeaRow.workspace_id == workspace_id, IdeaRow.key == key,
            IdeaRow.number.is_not(None)))
        return bool(getattr(result, "rowcount", 0))

    def restore(self, workspace_id: int) -> int:
        result = self.session.execute(delete(IdeaRow).where(
            IdeaRow.workspace_id == workspace_id, IdeaRow.hidden.is_(True)))
        return int(getattr(result, "rowcount", 0))
