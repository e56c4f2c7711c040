"""Realistic rows for whatever tables a database has, read off the database itself.

The filler reflects the schema (so it works at any revision, and on tables that did not
exist when it was written), then fills every table in foreign-key order: a practice's
workspaces, its clinicians, their commitments in every status, the accountability log, the
outbox, sources, outcomes, plans, Teams chats and Slack installations. Columns it knows get
values a practice would really hold; any other column gets a plausible value of its type, so
a new table or column is filled without anyone editing this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    text,
)

Snapshot = dict[str, dict[tuple[Any, ...], dict[str, Any]]]

ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
         "America/Phoenix", "Europe/London", None]
PRACTICES = ["Lakeside Therapy Group", "Hope & Healing Counseling", "Northside Family Therapy"]
PEOPLE = ["Dana Reyes", "Sam Ortiz", "Priya Natarajan", "José Álvarez", "Mei-Ling O'Connor",
          "Alex Kim", "Jordan Blake", "Renée Dubois", "Tomás Herrera", "Aisha Bello"]
OUTREACH = ["Visit Sunrise Pediatrics", "Lunch-and-learn for the nurses",
            "Talk on anxious kids at the Jefferson PTA", "Coffee with Pastor Dan",
            "Drop off brochures at Lincoln Middle School",
            "Case consultation with the care team at Valley Family Medicine",
            "Podcast interview on teen sleep and screens", "Chamber of Commerce mixer",
            "Thank-you note to Dr. Patel's front desk", "Workshop on grief for hospice volunteers"]
WHEN_WHERE = ["Thursday", "at Valley Family Medicine on Tuesday", "", "after the staff meeting",
              "at Grace Church Sunday coffee hour"]
ACTIVITIES = ["visit", "lunch", "talk", "consult", "media", "networking", "followup"]
STATUSES = ["open", "done", "missed", "moved", "cancelled"]
LOG_ACTIONS = ["commit", "done", "missed", "move", "log", "plan_submit", "role", "pause"]
DELIVERY_KINDS = ["kickoff", "checkin", "wrapup", "teampost", "streak", "quarterly", "overdue"]
DELIVERY_STATUSES = ["pending", "sending", "sent", "failed", "skipped", "skipped_late"]
SOURCES = ["Sunrise Pediatrics", "Lincoln Middle School", "Grace Church", "Valley Family Medicine",
           "Dr. Patel, internal medicine", "Riverside YMCA", "St. Mark's Parish"]
SOURCE_KINDS = ["physician", "pediatrician", "school", "clergy", "community", "other"]
NICHES = ["Anxious kids 6–12 and their parents", "Perinatal anxiety and depression",
          "Teens with school refusal", "Couples after an affair"]
PLAN_ITEMS = ["Lunch-and-learn at Sunrise Pediatrics", "Talk at the Jefferson PTA",
              "Quarterly coffee with the Lincoln Middle counselors",
              "Article for the parish newsletter", "Visit two new OB practices"]
OWN_IDEAS = ["Offer a talk on teen sleep and screens at the Jefferson PTA",
             "Bring the hospice volunteers a grief resource list",
             "Visit St. Mark's Parish office with fresh referral cards"]
HIDDEN_IDEAS = ["peds-anxiety-lunch", "clergy-coffee", "school-openings", "legal-mediator"]
SHOWS = ["problem-solving", "empathy", "relationship"]
ROWS_PER_TABLE = {"workspaces": 3, "members": 9, "commitments": 15, "accountability_log": 18}
DEFAULT_ROWS = 7
START = datetime(2025, 3, 3, 14, 30, tzinfo=UTC)  # a Monday; rows step forward from here


def pick(values: list[Any]) -> Callable[[int], Any]:
    return lambda i: values[i % len(values)]


def at(days: int) -> Callable[[int], datetime]:
    return lambda i: START + timedelta(days=days * i, minutes=7 * i)


def on(days: int) -> Callable[[int], date]:
    return lambda i: START.date() + timedelta(days=days * i)


def first_of_month(i: int) -> date:
    return date(2024 + i // 12, i % 12 + 1, 1)


def first_of_quarter(i: int) -> date:
    return date(2024 + i // 4, 3 * (i % 4) + 1, 1)


RHYTHM = {"kickoff": {"weekday": 0, "at": "09:00"}, "checkin": {"weekday": 2, "at": "12:00"},
          "wrapup": {"weekday": 4, "at": "15:00"}, "teampost": {"weekday": 4, "at": "16:00"}}

# Values a practice would really hold, by table and column. Any column not named here is
# filled by its type (see `by_type`).
KNOWN: dict[tuple[str, str], Callable[[int], Any]] = {
    ("workspaces", "platform"): pick(["slack", "teams", "console"]),
    ("workspaces", "external_id"): lambda i: f"T0{i:05d}",
    ("workspaces", "name"): pick(PRACTICES),
    ("workspaces", "timezone"): pick(["America/New_York", "America/Chicago", "America/Denver"]),
    ("workspaces", "rhythm"): lambda i: RHYTHM,
    ("workspaces", "working_days"): pick(["0,1,2,3,4", "0,1,2,3", "0,1,2,3,4,5"]),
    ("workspaces", "team_goal"): pick([150, 90, 200]),
    ("workspaces", "leaderboard_channel"): pick(["C0TEAMWINS", None, "19:abc@thread.tacv2"]),
    ("members", "platform_user_id"): lambda i: f"U0{i:06d}",
    ("members", "display_name"): pick(PEOPLE),
    ("members", "timezone"): pick(ZONES),
    ("members", "role"): pick(["owner", "member", "member", "admin"]),
    ("members", "active"): lambda i: i % 5 != 4,
    ("members", "paused_until"): lambda i: None if i % 3 else START.date() + timedelta(21),
    ("members", "quiet_start"): lambda i: time(19, 0) if i % 2 else None,
    ("members", "quiet_end"): lambda i: time(8, 0) if i % 2 else None,
    ("member_pauses", "ends_on"): lambda i: START.date() + timedelta(days=14 + i),
    ("activity_types", "key"): lambda i: ACTIVITIES[i % 7] + ("" if i < 7 else f"-{i}"),
    ("activity_types", "label"): pick(["Referral-source visit", "Lunch-and-learn",
                                       "Community talk or workshop"]),
    ("activity_types", "points"): pick([3, 4, 5, 3, 3, 2, 1]),
    ("activity_types", "keywords"): pick(["visit,drop off,coffee", "lunch,in-service", "talk"]),
    ("commitments", "what"): pick(OUTREACH),
    ("commitments", "activity_key"): pick(ACTIVITIES),
    ("commitments", "when_where"): pick(WHEN_WHERE),
    ("commitments", "due_date"): on(3),
    ("commitments", "week_start"): lambda i: START.date() + timedelta(weeks=(3 * i) // 7),
    ("commitments", "status"): pick(STATUSES),
    ("commitments", "points"): pick([3, 4, 5, 3, 2, 1]),
    ("commitments", "reflection"): pick([None, "Great conversation; she asked for 20 cards",
                                         "Nurse manager wants a spring in-service"]),
    ("commitments", "done_on"): lambda i: on(3)(i) if STATUSES[i % 5] == "done" else None,
    ("commitments", "closed_at"): lambda i: None if i % 5 == 0 else START + timedelta(days=3 * i),
    ("accountability_log", "action"): pick(LOG_ACTIONS),
    ("accountability_log", "source"): pick(["command", "button", "schedule"]),
    ("accountability_log", "detail"): pick([None, "+3 pts", "moved to next week", "role admin"]),
    ("event_receipts", "event_id"): lambda i: f"Ev0{i:09d}",
    ("deliveries", "kind"): pick(DELIVERY_KINDS),
    ("deliveries", "dedupe_key"): lambda i: f"{DELIVERY_KINDS[i % 7]}:{i}:{on(1)(i)}",
    ("deliveries", "status"): pick(DELIVERY_STATUSES),
    ("deliveries", "claimed_by"): pick([None, "worker-1:4711", "serve-2:88"]),
    ("deliveries", "platform_message_id"): pick([None, "1733144400.000200"]),
    ("deliveries", "last_error"): pick([None, "ratelimited", "channel_not_found"]),
    ("referral_sources", "name"): pick(SOURCES),
    ("referral_sources", "kind"): pick(SOURCE_KINDS),
    ("referral_sources", "tier"): pick(["A", "B", "C"]),
    ("referral_sources", "cadence_days"): pick([30, 60, 90]),
    ("referral_sources", "last_touch"): lambda i: None if i % 4 == 3 else on(5)(i),
    ("referral_sources", "retired"): lambda i: i % 6 == 5,
    ("referral_outcomes", "month"): first_of_month,
    ("referral_outcomes", "referrals"): pick([0, 2, 5, 1, 3]),
    ("plans", "quarter"): first_of_quarter,
    ("plans", "niche"): pick(NICHES),
    ("plans", "referrers"): pick(["pediatricians, school counselors", "OB-GYNs, doulas",
                                  "clergy"]),
    ("plans", "update_note"): pick(["", "Two of four done; the PTA talk moved to April"]),
    ("plans", "submitted_at"): lambda i: None if i % 3 == 2 else START + timedelta(days=i),
    ("plan_items", "text"): pick(PLAN_ITEMS),
    ("teams_conversations", "address"): lambda i: (f"user:{i:08x}-aad0-4000-8000-000000000000"
                                                   if i % 3 else f"channel:team-{i}"),
    ("teams_conversations", "conversation_id"): lambda i: f"a:1{i:04d}xYz-personal-chat",
    ("teams_conversations", "service_url"): pick(["https://smba.trafficmanager.net/amer/"]),
    ("teams_conversations", "tenant_id"): lambda i: f"tenant-{i % 3}",
    # A practice's own ideas (odd rows) and the defaults it hid (even rows).
    ("ideas", "key"): lambda i: f"own-{101 + i}" if i % 2 else HIDDEN_IDEAS[i // 2 % 4],
    ("ideas", "number"): lambda i: 101 + i if i % 2 else None,
    ("ideas", "text"): lambda i: OWN_IDEAS[i % 3] if i % 2 else None,
    ("ideas", "kind"): lambda i: ["school", None, "clergy"][i % 3] if i % 2 else None,
    ("ideas", "niche"): lambda i: ["teens", "grief", None][i % 3] if i % 2 else None,
    ("ideas", "shows"): lambda i: SHOWS[i % 3] if i % 2 else None,
    ("ideas", "hidden"): lambda i: i % 2 == 0,
}


def by_type(table: str, column: Column[Any], i: int) -> Any:
    """A plausible value for a column the filler has not been told about."""
    kind = column.type
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, Integer):
        return i + 1
    if isinstance(kind, Float | Numeric):
        return i + 0.5
    if isinstance(kind, DateTime):
        return at(1)(i)
    if isinstance(kind, Date):
        return on(1)(i)
    if isinstance(kind, Time):
        return time(8 + i % 10, 30)
    if isinstance(kind, JSON):
        return {"n": i, "note": f"{table}.{column.name}"}
    if isinstance(kind, LargeBinary):
        return bytes([i % 256]) * 4
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None) or 60
        return f"{column.name} {i}"[:length]
    return f"{column.name} {i}"


class Filler:
    """Fills every table of a connection's database and remembers what it put there."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.metadata = MetaData()
        self.metadata.reflect(connection)
        self.made: dict[str, list[dict[str, Any]]] = {}

    def fill(self) -> Snapshot:
        for table in self.metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            made = self.made[table.name] = []
            for i in range(ROWS_PER_TABLE.get(table.name, DEFAULT_ROWS)):
                row = self._row(table, i)
                if row is not None:
                    made.append(row)
                    if _refers_to_itself(table):   # the next row may point at this one
                        self._insert(table, [row])
            if not _refers_to_itself(table):
                self._insert(table, made)   # a table's rows in one statement
        return snapshot(self.connection, self.metadata)

    def _row(self, table: Table, i: int) -> dict[str, Any] | None:
        """One row's values; None when a column that must be unique has no parent row left
        to take."""
        row: dict[str, Any] = {}
        workspace = self._pick_workspace(table, i)
        for column in table.columns:
            if column.autoincrement is True or (column.primary_key and _serial(table, column)):
                continue
            row[column.name] = self._value(table, column, i, workspace)
            if column.name in _unique_alone(table) and column.foreign_keys:
                taken = {r[column.name] for r in self.made[table.name]}
                if row[column.name] in taken:
                    row[column.name] = self._untaken(column, taken)
                    if row[column.name] is None:
                        return None
        return row

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert the rows, in order, and add to each the key it was given."""
        if not rows:
            return
        key = list(table.primary_key.columns)
        if not key:
            self.connection.execute(table.insert(), rows)
            return
        given = self.connection.execute(
            table.insert().returning(*key, sort_by_parameter_order=True), rows).all()
        for row, values in zip(rows, given, strict=True):
            row.update(zip((c.name for c in key), values, strict=True))

    def _untaken(self, column: Column[Any], taken: set[Any]) -> Any:
        fk = next(iter(column.foreign_keys))
        parents = self.made.get(fk.column.table.name, [])
        return next((r[fk.column.name] for r in parents if r[fk.column.name] not in taken),
                    None)

    def _pick_workspace(self, table: Table, i: int) -> int | None:
        if "workspace_id" not in table.columns or not self.made.get("workspaces"):
            return None
        workspaces = self.made["workspaces"]
        return int(workspaces[i % len(workspaces)]["id"])

    def _value(self, table: Table, column: Column[Any], i: int, workspace: int | None) -> Any:
        if column.name == "workspace_id" and workspace is not None:
            return workspace
        if column.foreign_keys:
            return self._reference(table, column, i, workspace)
        known = KNOWN.get((table.name, column.name))
        value = known(i) if known is not None else by_type(table.name, column, i)
        if value is None and not column.nullable:
            value = by_type(table.name, column, i)
        if isinstance(value, dict) and not isinstance(column.type, JSON):
            value = json.dumps(value)
        return value

    def _reference(self, table: Table, column: Column[Any], i: int, workspace: int | None
                   ) -> Any:
        """A row of the referenced table, in the same practice when both belong to one; every
        third nullable reference is left empty so both shapes are covered."""
        fk = next(iter(column.foreign_keys))
        parent, key = fk.column.table.name, fk.column.name
        candidates = self.made.get(parent, [])
        if workspace is not None and candidates and "workspace_id" in candidates[0]:
            candidates = [r for r in candidates if r["workspace_id"] == workspace] or candidates
        if column.nullable and (i % 3 == 2 or not candidates):
            return None
        if not candidates:
            raise AssertionError(f"{table.name}.{column.name} needs a {parent} row first")
        return candidates[(i * 7 + 3) % len(candidates)][key]


def _unique_alone(table: Table) -> set[str]:
    """Columns that must be unique on their own (a one-column unique constraint or index)."""
    found: set[str] = set()
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns) == 1:
            found.update(c.name for c in constraint.columns)
    for index in table.indexes:
        if index.unique and len(index.columns) == 1:
            found.update(c.name for c in index.columns)
    return found


def _refers_to_itself(table: Table) -> bool:
    return any(fk.column.table is table for fk in table.foreign_keys)


def _serial(table: Table, column: Column[Any]) -> bool:
    return isinstance(column.type, Integer) and len(table.primary_key.columns) == 1


def snapshot(connection: Connection, metadata: MetaData) -> Snapshot:
    """Every row of every table, exactly as the database driver hands it back."""
    result: Snapshot = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        keys = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
        rows = connection.execute(text(f'SELECT * FROM "{table.name}"')).mappings()
        result[table.name] = {tuple(row[k] for k in keys): dict(row) for row in rows}
    return result


def load(connection: Connection, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Put rows exported from a SQLite database (values as SQLite held them) into this one,
    converting each value to what its column's type takes on either database."""
    metadata = MetaData()
    metadata.reflect(connection)
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        typed = [{name: _typed(table.columns[name], value) for name, value in row.items()}
                 for row in tables.get(table.name, [])]
        for _, rows in groupby(typed, key=lambda row: tuple(row)):   # in order, by columns
            connection.execute(table.insert(), list(rows))
        if connection.dialect.name == "postgresql" and "id" in table.columns \
                and tables.get(table.name):
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'(SELECT max(id) FROM "{table.name}"))'))


def _typed(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, JSON) and isinstance(value, str):
        return json.loads(value)
    return value
