"""CSV exports of commitments and the accountability log.

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) are
prefixed with an apostrophe, so an export can be opened safely.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from bot.model import Commitment, LogEntry

COMMITMENT_COLUMNS = ("id", "number", "member", "what", "activity", "when_where", "due_date",
                      "week", "status", "points", "reflection", "logged", "referral_source",
                      "created_at", "closed_at", "done_on")
LOG_COLUMNS = ("at", "member", "action", "source", "commitment_id", "detail")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def commitments_csv(items: list[Commitment], names: dict[int, str],
                    sources: dict[int, str]) -> bytes:
    return to_csv(COMMITMENT_COLUMNS, (
        (c.id, c.number, names.get(c.member_id, f"member {c.member_id}"), c.what,
         c.activity_key, c.when_where, c.due_date.isoformat(), c.week_start.isoformat(),
         c.status.value, c.points, c.reflection, "yes" if c.logged else "no",
         sources.get(c.source_id or 0, ""), c.created_at.isoformat(),
         c.closed_at.isoformat() if c.closed_at else "",
         c.done_on.isoformat() if c.done_on else "") for c in items))


def outcomes_csv(rows: list[tuple[int, date, int]], sources: dict[int, str]) -> bytes:
    return to_csv(("month", "source_id", "source", "referrals"), (
        (month.strftime("%Y-%m"), source_id, sources.get(source_id, ""), count)
        for source_id, month, count in rows))


def log_csv(entries: list[LogEntry], names: dict[int, str]) -> bytes:
    return to_csv(LOG_COLUMNS, (
        (e.at.isoformat(), names.get(e.actor_id or 0, "scheduler" if e.actor_id is None else
                                     f"member {e.actor_id}"),
         e.action, e.source, e.commitment_id or "", e.detail or "") for e in entries))
