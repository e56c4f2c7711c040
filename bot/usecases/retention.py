"""Data minimisation: after the retention period, free text is reduced to its structured
part (storage/retention.py keeps the rest). A commitment then says its activity's label and
its source ("Referral-source visit — Sunrise Pediatrics"), a plan item its place ("Plan
activity 2"). Run by the scheduler once a day; repeating it changes nothing, so several
processes may run it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.model import Workspace
from bot.ports import UnitOfWork
from bot.practice_calendar import local_today, quarter_start


def forget_old_words(uow: UnitOfWork, workspace: Workspace, now: datetime, days: int) -> int:
    """How many commitments and plans had their words cleared (a batch at a time)."""
    if days <= 0:
        return 0
    today = local_today(now, workspace.timezone)
    before = today - timedelta(days=days)
    cleared = uow.retention.clear_commitments(workspace.id, before, today, commitment_words)
    cleared += uow.retention.clear_plans(workspace.id, quarter_start(before), today,
                                         plan_item_words)
    uow.retention.forget_changes(workspace.id, before)
    return cleared


def commitment_words(label: str, source: str | None) -> str:
    return f"{label} — {source}" if source else label


def plan_item_words(position: int) -> str:
    return f"Plan activity {position}"
