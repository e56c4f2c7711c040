"""SQLAlchemy 2.0 typed tables. Every row below a workspace carries its workspace id."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# On SQLite an id is never given to another row, even after the newest rows are deleted
# (`forget me`): ids are in delivery keys, buttons and typed references (migrations 0024, 0025).
# PostgreSQL's sequences never reuse one.
NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


class WorkspaceRow(Base):
    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    rhythm: Mapped[dict[str, Any]] = mapped_column(JSON)
    working_days: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4")
    team_goal: Mapped[int] = mapped_column(Integer)
    leaderboard_channel: Mapped[str | None] = mapped_column(String(64))
    share_plans: Mapped[bool] = mapped_column(Boolean, default=True)
    # A public-holiday calendar ("US", "GB-ENG"), or None for none.
    holiday_country: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("workspace_id", "platform_user_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    platform_user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_until: Mapped[date | None] = mapped_column(Date)
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    # None: by role (members are clinicians, owners and admins are not until they record
    # outreach of their own); True or False: the member said so.
    clinician: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Whether done and log ask what the outreach showed; None (older rows): yes.
    ask_showing: Mapped[bool | None] = mapped_column(Boolean)


class PauseRow(Base):
    __tablename__ = "member_pauses"
    __table_args__ = (Index("ix_member_pauses_member", "workspace_id", "member_id"),
                      NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)


class ActivityRow(Base):
    __tablename__ = "activity_types"
    __table_args__ = (UniqueConstraint("workspace_id", "key"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(24))
    label: Mapped[str] = mapped_column(String(80))
    points: Mapped[int] = mapped_column(Integer)
    keywords: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CommitmentRow(Base):
    __tablename__ = "commitments"
    __table_args__ = (
        Index("ix_commitments_member_week", "workspace_id", "member_id", "week_start"),
        Index("ix_commitments_workspace_week", "workspace_id", "week_start", "status"),
        Index("ix_commitments_workspace_due", "workspace_id", "due_date"),
        Index("ix_commitments_member_due", "workspace_id", "member_id", "due_date"),
        Index("ix_commitments_kept_weeks", "workspace_id", "status", "week_start",
              "member_id"),
        Index("ix_commitments_workspace_done", "workspace_id", "done_on"),
        Index("ix_commitments_plan_item", "plan_item_id"),
        Index("ix_commitments_moved_from", "moved_from_id"),
        Index("ix_commitments_source", "source_id"),
        UniqueConstraint("workspace_id", "member_id", "number", name="uq_commitments_member_id"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    # What the member calls it: #1, #2 … for each person (the id stays internal).
    number: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(String(300))
    activity_key: Mapped[str] = mapped_column(String(24))
    when_where: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date] = mapped_column(Date)
    # The week it counts in: the week of its due day while open, of `done_on` once done.
    week_start: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    # The member's local day it was marked done (or, for a log, the day it is counted on).
    done_on: Mapped[date | None] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer)
    reflection: Mapped[str | None] = mapped_column(String(500))
    logged: Mapped[bool] = mapped_column(Boolean, default=False)
    moved_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL"))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral_sources.id", ondelete="SET NULL"))
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_items.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The day its free text was reduced to its structured part (see storage/retention.py).
    words_cleared_on: Mapped[date | None] = mapped_column(Date)


class MemberWeekRow(Base):
    """A member's week in numbers, kept as commitments are made, marked, moved and undone
    (storage/rollups.py): what counts in the week (`week_start`), and for a kept week the
    streak at its end, so the owner's report reads one row per member for their streak
    instead of every kept week of their years. `showup rollups --rebuild` recomputes them."""

    __tablename__ = "member_weeks"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    made: Mapped[int] = mapped_column(Integer)      # commitments (logs apart) counted here
    kept: Mapped[int] = mapped_column(Integer)      # of them, done
    logged: Mapped[int] = mapped_column(Integer)    # outreach logged without a commitment
    points: Mapped[int] = mapped_column(Integer)    # of everything done
    # The streak at the end of the week: set when something was done in it, else NULL.
    streak: Mapped[int | None] = mapped_column(Integer)
    best_streak: Mapped[int | None] = mapped_column(Integer)
    freezes_spent: Mapped[int | None] = mapped_column(Integer)   # in the week's quarter


class LogRow(Base):
    """The accountability log: rows are added, never changed (a trigger refuses updates)."""

    __tablename__ = "accountability_log"
    __table_args__ = (Index("ix_accountability_log_workspace_at", "workspace_id", "at"),
                      Index("ix_accountability_log_commitment", "workspace_id",
                            "commitment_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"))
    detail: Mapped[str | None] = mapped_column(String(200))


class ClosureRow(Base):
    """Days the practice is closed, both ends included: no nudges, no streak lost."""

    __tablename__ = "closures"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"),
                                              index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class LastChangeRow(Base):
    """A member's most recent change to a commitment and how it was before, for `undo`."""

    __tablename__ = "last_changes"
    __table_args__ = (UniqueConstraint("member_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(12))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    made_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class EventReceiptRow(Base):
    """Slack event ids already handled, so a retried delivery never has a second effect."""

    __tablename__ = "event_receipts"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class DeliveryRow(Base):
    """The outbox: one row per nudge or post, unique by its dedupe key, claimed by one sender."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
        Index("ix_deliveries_workspace", "workspace_id", "status"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    dedupe_key: Mapped[str] = mapped_column(String(120))
    local_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    platform_message_id: Mapped[str | None] = mapped_column(String(120))
    last_error: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReferralSourceRow(Base):
    """An organisation or person who sends clients, with how often it should hear from us."""

    __tablename__ = "referral_sources"
    __table_args__ = (Index("ix_referral_sources_workspace", "workspace_id", "retired"),
                      NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(24))
    tier: Mapped[str] = mapped_column(String(1))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    cadence_days: Mapped[int] = mapped_column(Integer)
    last_touch: Mapped[date | None] = mapped_column(Date)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[date] = mapped_column(Date)
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")  # "|"-separated


class OutcomeRow(Base):
    """Referrals a source sent in a month, entered by an admin as a total — never client data."""

    __tablename__ = "referral_outcomes"
    __table_args__ = (UniqueConstraint("source_id", "month"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("referral_sources.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)
    referrals: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlanRow(Base):
    """A clinician's Community Connection Plan for one quarter."""

    __tablename__ = "plans"
    # A plan's number is on the owner's buttons: never given to another plan (migration 0024)
    __table_args__ = (UniqueConstraint("member_id", "quarter"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    quarter: Mapped[date] = mapped_column(Date)
    niche: Mapped[str] = mapped_column(String(300), default="")
    referrers: Mapped[str] = mapped_column(String(300), default="")
    update_note: Mapped[str] = mapped_column(String(500), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    words_cleared_on: Mapped[date | None] = mapped_column(Date)
    # The owner's review (bot.model.PlanReview): the latest submission and what was said.
    status: Mapped[str] = mapped_column(String(12), default="draft", server_default="draft")
    submission: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_comment: Mapped[str] = mapped_column(String(500), default="", server_default="")


class PlanItemRow(Base):
    __tablename__ = "plan_items"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(280))


class TeamsConversationRow(Base):
    """Where ShowUp can write to on Teams: a member's personal chat or a team channel.

    Teams gives these on install and on each message; the outbox needs them to send later.
    `address` is `user:<member id on Teams>` or `channel:<key>`.
    """

    __tablename__ = "teams_conversations"
    __table_args__ = (UniqueConstraint("workspace_id", "address"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"),
                                                  index=True)
    address: Mapped[str] = mapped_column(String(120))
    conversation_id: Mapped[str] = mapped_column(String(400))
    service_url: Mapped[str] = mapped_column(String(400))
    tenant_id: Mapped[str] = mapped_column(String(64))
    aad_object_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InboxRow(Base):
    """A command or click acknowledged to Slack, kept until it has been carried out and
    answered (storage/inbox.py). Its words are cleared once it is carried out."""

    __tablename__ = "inbox"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)   # one per invocation
    platform: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)   # who, where to answer: no words
    words: Mapped[str | None] = mapped_column(Text)   # what they typed, until carried out
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class ShowingRow(Base):
    """What an item of outreach showed, as its member said (`tags`: "empathy,relationship";
    "" when they skipped; None when not asked yet), and whether its words may go in the
    Friday post. One per commitment; never client data (the words stay on the commitment)."""

    __tablename__ = "showings"
    __table_args__ = (UniqueConstraint("commitment_id"),
                      Index("ix_showings_workspace_shared", "workspace_id", "shared"),
                      NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    tags: Mapped[str | None] = mapped_column(String(60))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PersonalGoalRow(Base):
    """A clinician's own target for a quarter (points or activities), seen only by them and
    in the owner's report."""

    __tablename__ = "personal_goals"
    __table_args__ = (UniqueConstraint("member_id", "quarter"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    quarter: Mapped[date] = mapped_column(Date)
    unit: Mapped[str] = mapped_column(String(12))
    target: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IdeaRow(Base):
    """A practice's change to the ideas library (bot/ideas_library.py): an idea of its own
    (`number` from 101, its words), or a default it hid (`hidden`, the default's key)."""

    __tablename__ = "ideas"
    __table_args__ = (UniqueConstraint("workspace_id", "key"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"),
                                              index=True)
    key: Mapped[str] = mapped_column(String(40))
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(24))
    niche: Mapped[str | None] = mapped_column(String(24))
    shows: Mapped[str | None] = mapped_column(String(24))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DashboardGrantRow(Base):
    """A one-time sign-in link to the dashboard (bot/usecases/sign_in.py): only a hash of its
    token is kept; redeemed once, within its 15 minutes."""

    __tablename__ = "dashboard_grants"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    redeemed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DashboardSessionRow(Base):
    """A signed-in browser: its cookie holds the session's token, this row only its hash.
    Gone with its member or workspace; ended by signing out or after 12 hours."""

    __tablename__ = "dashboard_sessions"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class KeptSecretRow(Base):
    """A secret ShowUp made for itself and every process shares (the dashboard's signing key
    when DASHBOARD_SECRET is not set)."""

    __tablename__ = "kept_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
