"""What an item of outreach showed, whether it may go in the Friday post, and the mix."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.model import Commitment
from bot.showing import Showing, Tag, from_text, to_text
from storage import convert
from storage.models import CommitmentRow, ShowingRow
from storage.repositories.commitments import done_in


def _showing(row: ShowingRow) -> Showing:
    return Showing(row.commitment_id, from_text(row.tags), row.shared)


class SqlShowings:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, workspace_id: int, commitment_id: int) -> ShowingRow | None:
        return self.session.scalar(select(ShowingRow).where(
            ShowingRow.workspace_id == workspace_id,
            ShowingRow.commitment_id == commitment_id))

    def _row_for_change(self, workspace_id: int, commitment_id: int, now: datetime
                        ) -> ShowingRow:
        """The commitment's row, made if need be; a double click reaching two processes
        finds the other's row instead of failing."""
        row = self._row(workspace_id, commitment_id)
        if row is not None:
            return row
        try:
            with self.session.begin_nested():
                row = ShowingRow(workspace_id=workspace_id, commitment_id=commitment_id,
                                 tags=None, shared=False, updated_at=now)
                self.session.add(row)
                self.session.flush()
            return row
        except IntegrityError:
            theirs = self._row(workspace_id, commitment_id)
            if theirs is None:
                raise
            return theirs

    def get(self, workspace_id: int, commitment_id: int) -> Showing | None:
        row = self._row(workspace_id, commitment_id)
        return _showing(row) if row else None

    def answer(self, workspace_id: int, commitment_id: int, tags: frozenset[Tag],
               now: datetime) -> Showing:
        """Store what it showed (no tags: skipped), replacing any earlier answer."""
        row = self._row_for_change(workspace_id, commitment_id, now)
        row.tags, row.updated_at = to_text(tags), now
        self.session.flush()
        return _showing(row)

    def share(self, workspace_id: int, commitment_id: int, shared: bool, now: datetime
              ) -> Showing:
        row = self._row_for_change(workspace_id, commitment_id, now)
        row.shared, row.updated_at = shared, now
        self.session.flush()
        return _showing(row)

    def mix(self, workspace_id: int, start: date, end: date, member_id: int | None = None
            ) -> dict[Tag, int]:
        """How often each tag was given to outreach done in [start, end) (one member's, or
        the team's)."""
        query = (select(ShowingRow.tags)
                 .join(CommitmentRow, (CommitmentRow.id == ShowingRow.commitment_id)
                       & (CommitmentRow.workspace_id == ShowingRow.workspace_id))
                 .where(ShowingRow.workspace_id == workspace_id, ShowingRow.tags.is_not(None),
                        ShowingRow.tags != "", done_in(start, end)))
        if member_id is not None:
            query = query.where(CommitmentRow.member_id == member_id)
        counts: Counter[Tag] = Counter()
        for tags in self.session.scalars(query):
            counts.update(from_text(tags) or ())
        return dict(counts)

    def shared_done(self, workspace_id: int, start: date, end: date, limit: int = 50
                    ) -> list[tuple[Commitment, Showing]]:
        """Outreach done in [start, end) whose member offered it to the Friday post, in the
        order it was done."""
        rows = self.session.execute(
            select(CommitmentRow, ShowingRow)
            .join(ShowingRow, (ShowingRow.commitment_id == CommitmentRow.id)
                  & (ShowingRow.workspace_id == CommitmentRow.workspace_id))
            .where(CommitmentRow.workspace_id == workspace_id, ShowingRow.shared.is_(True),
                   done_in(start, end))
            .order_by(CommitmentRow.done_on, CommitmentRow.id).limit(limit))
        return [(convert.commitment(c), _showing(s)) for c, s in rows]
