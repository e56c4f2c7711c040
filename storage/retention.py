"""Data minimisation, the privacy guard's second line: free text older than the retention
period is reduced to its structured part. A commitment keeps its activity type, referral
source, points, status and dates; a plan keeps its quarter, its items' places and what was
done for them. What the words become is bot/usecases/retention.py's to say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.model import Status
from storage.models import (
    ActivityRow,
    CommitmentRow,
    LastChangeRow,
    PlanItemRow,
    PlanRow,
    ReferralSourceRow,
)

BATCH = 2000


class SqlRetention:
    def __init__(self, session: Session) -> None:
        self.session = session

    def clear_commitments(self, workspace_id: int, before: date, today: date,
                          words: Callable[[str, str | None], str]) -> int:
        """Closed commitments whose day (done, or due) is before `before`, a batch at a time;
        `words(activity label, source name)` is what each says afterwards."""
        labels = {key: label for key, label in self.session.execute(
            select(ActivityRow.key, ActivityRow.label)
            .where(ActivityRow.workspace_id == workspace_id))}
        sources = {key: name for key, name in self.session.execute(
            select(ReferralSourceRow.id, ReferralSourceRow.name)
            .where(ReferralSourceRow.workspace_id == workspace_id))}
        rows = self.session.scalars(select(CommitmentRow).where(
            CommitmentRow.workspace_id == workspace_id,
            CommitmentRow.words_cleared_on.is_(None),
            CommitmentRow.status != Status.OPEN.value,
            func.coalesce(CommitmentRow.done_on, CommitmentRow.due_date) < before)
            .order_by(CommitmentRow.id).limit(BATCH)).all()
        for row in rows:
            label = labels.get(row.activity_key, row.activity_key)
            source = sources.get(row.source_id) if row.source_id else None
            row.what = words(label, source)[:300]
            row.when_where = ""
            row.reflection = None
            row.words_cleared_on = today
        return len(rows)

    def clear_plans(self, workspace_id: int, quarter_before: date, today: date,
                    item_words: Callable[[int], str]) -> int:
        """Plans for quarters that began before `quarter_before`; `item_words(position)` is
        what each item says afterwards."""
        plans = self.session.scalars(select(PlanRow).where(
            PlanRow.workspace_id == workspace_id, PlanRow.words_cleared_on.is_(None),
            PlanRow.quarter < quarter_before).limit(BATCH)).all()
        for plan in plans:
            plan.niche = plan.referrers = plan.update_note = plan.review_comment = ""
            plan.words_cleared_on = today
            for item in self.session.scalars(select(PlanItemRow).where(
                    PlanItemRow.plan_id == plan.id)):
                item.text = item_words(item.position)[:280]
        return len(plans)

    def forget_changes(self, workspace_id: int, before: date) -> int:
        """`undo` snapshots (which hold a commitment's words as they were) past the period."""
        cutoff = datetime.combine(before, time(), tzinfo=UTC)
        done = self.session.execute(delete(LastChangeRow).where(
            LastChangeRow.workspace_id == workspace_id, LastChangeRow.at < cutoff))
        return int(getattr(done, "rowcount", 0) or 0)
