"""What the coaching core needs from the outside world, as small protocols.

storage/ implements the unit of work; tests may swap in fakes. Every call is scoped to one
workspace id, so one practice can never read or change another's data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.closures import Closure
from bot.ideas_library import Idea
from bot.model import (
    ActivityType,
    Commitment,
    Contribution,
    Due,
    LastChange,
    LogEntry,
    Member,
    NewCommitment,
    Origin,
    PersonalGoal,
    Plan,
    Platform,
    ReferralSource,
    Role,
    SourceKind,
    Status,
    StatusCounts,
    Workspace,
)
from bot.showing import Showing, Tag
from bot.streaks import KeptWeekState


class Workspaces(Protocol):
    def get_or_create(
        self, platform: Platform, external_id: str, name: str, timezone: str
    ) -> Workspace: ...

    def get(self, workspace_id: int) -> Workspace | None: ...

    def find(self, platform: Platform, external_id: str) -> Workspace | None: ...

    def list_all(self) -> list[Workspace]: ...

    def update(self, workspace_id: int, **changes: Any) -> Workspace: ...

    def delete(self, platform: Platform, external_id: str) -> bool: ...


class Members(Protocol):
    def get_or_create(
        self, workspace_id: int, platform_user_id: str, display_name: str,
        timezone: str | None, role: Role = Role.MEMBER, now: datetime | None = None,
    ) -> Member: ...

    def get(self, workspace_id: int, member_id: int) -> Member | None: ...

    def by_platform_id(self, workspace_id: int, platform_user_id: str) -> Member | None: ...

    def find_by_name(self, workspace_id: int, name: str) -> list[Member]: ...

    def list_active(self, workspace_id: int) -> list[Member]: ...

    def active_names(self, workspace_id: int) -> list[str]: ...

    def update(self, workspace_id: int, member_id: int, **changes: Any) -> Member: ...

    def start_pause(self, workspace_id: int, member_id: int, start: date, end: date) -> None: ...

    def end_pause(self, workspace_id: int, member_id: int, last_day: date) -> None: ...

    def pauses(self, workspace_id: int, member_id: int) -> list[tuple[date, date | None]]: ...

    def pauses_by_member(self, workspace_id: int
                         ) -> dict[int, list[tuple[date, date | None]]]: ...

    def delete(self, workspace_id: int, member_id: int) -> None: ...


class Activities(Protocol):
    def list(self, workspace_id: int) -> list[ActivityType]: ...

    def any(self, workspace_id: int) -> bool: ...

    def add(self, workspace_id: int, activity: ActivityType) -> None: ...

    def update(self, workspace_id: int, key: str, **changes: Any) -> None: ...


class Commitments(Protocol):
    def add(self, workspace_id: int, new: NewCommitment, now: datetime) -> Commitment: ...

    def get(self, workspace_id: int, commitment_id: int) -> Commitment | None: ...

    def by_number(self, workspace_id: int, member_id: int, number: int
                  ) -> Commitment | None: ...

    def revise(self, workspace_id: int, commitment_id: int, **changes: Any) -> Commitment: ...

    def for_member(
        self, workspace_id: int, member_id: int, statuses: Sequence[Status] | None = None,
        limit: int = 50,
    ) -> list[Commitment]: ...

    def close(
        self, workspace_id: int, commitment_id: int, status: Status, now: datetime,
        reflection: str | None = None, expected: Status = Status.OPEN,
        done_on: date | None = None,
    ) -> Commitment | None: ...

    def open_due_before(self, workspace_id: int, day: date, limit: int = 500
                        ) -> list[Commitment]: ...

    def done_between(self, workspace_id: int, start: date, end: date, limit: int = 50
                     ) -> list[Commitment]:
        """Outreach done in [start, end), in the order it was done."""
        ...

    def kept_weeks(self, workspace_id: int, member_id: int) -> set[date]: ...

    def kept_weeks_between(self, workspace_id: int, since: date, before: date | None = None
                           ) -> dict[int, set[date]]:
        """Every member's kept weeks starting on or after `since` (and before `before`), in
        one go (for the owner's report)."""

    def kept_runs(self, workspace_id: int) -> dict[int, list[tuple[date, int]]]:
        """Every member's kept weeks, all of them, as runs of consecutive weeks (the first
        one's Monday, how many), oldest first: a five-year streak is one row, not 260."""
        ...

    def last_kept_states(self, workspace_id: int, on_or_before: date
                         ) -> dict[int, tuple[date, KeptWeekState]]:
        """Every member's last kept week on or before `on_or_before` and the streak at its
        end, from the weekly rollups: one row per member, however long their history (for
        the owner's report and dashboard, with `bot.streaks.streak_now`)."""
        ...

    def everything(self, workspace_id: int, member_id: int | None = None
                   ) -> list[Commitment]: ...

    def contributions(self, workspace_id: int, start: date, end: date) -> list[Contribution]: ...

    def team_points(self, workspace_id: int, start: date, end: date) -> int: ...

    def points_by_day(self, workspace_id: int, start: date, end: date) -> dict[date, int]:
        """The team's points on each day in [start, end) that had any."""
        ...

    def status_counts(self, workspace_id: int, start: date, end: date) -> list[StatusCounts]: ...

    def activity_mix(self, workspace_id: int, start: date, end: date) -> dict[str, int]: ...


class Showings(Protocol):
    """What each item of outreach showed (bot/showing.py), and whether it is shared."""

    def get(self, workspace_id: int, commitment_id: int) -> Showing | None: ...

    def answer(self, workspace_id: int, commitment_id: int, tags: frozenset[Tag],
               now: datetime) -> Showing: ...

    def share(self, workspace_id: int, commitment_id: int, shared: bool, now: datetime
              ) -> Showing: ...

    def mix(self, workspace_id: int, start: date, end: date, member_id: int | None = None
            ) -> dict[Tag, int]: ...

    def shared_done(self, workspace_id: int, start: date, end: date, limit: int = 50
                    ) -> list[tuple[Commitment, Showing]]: ...


class Sources(Protocol):
    def add(self, workspace_id: int, name: str, kind: SourceKind, tier: str,
            owner_id: int | None, cadence_days: int, created_on: date) -> ReferralSource: ...

    def get(self, workspace_id: int, source_id: int) -> ReferralSource | None: ...

    def listing(self, workspace_id: int, include_retired: bool = False
             ) -> list[ReferralSource]: ...

    def owned_by(self, workspace_id: int, member_id: int) -> list[ReferralSource]:
        """The sources in use that this member looks after, in the listing's order."""

    def update(self, workspace_id: int, source_id: int, **changes: Any) -> ReferralSource: ...

    def touch(self, workspace_id: int, source_id: int, day: date) -> None: ...

    def record_referrals(self, workspace_id: int, source_id: int, month: date, count: int,
                         now: datetime) -> None: ...

    def referrals(self, workspace_id: int, start: date, end: date) -> dict[int, int]: ...

    def outcome_rows(self, workspace_id: int, start: date | None = None,
                     end: date | None = None) -> list[tuple[int, date, int]]:
        """(source, month, referrals), by month: all of them, or the months in [start, end)."""
        ...

    def touch_days(self, workspace_id: int, start: date, end: date
                   ) -> dict[int, list[date]]: ...


class Plans(Protocol):
    def get(self, workspace_id: int, member_id: int, quarter: date) -> Plan | None: ...

    def get_or_create(self, workspace_id: int, member_id: int, quarter: date) -> Plan: ...

    def by_id(self, workspace_id: int, plan_id: int) -> Plan | None: ...

    def update(self, workspace_id: int, plan_id: int, **changes: Any) -> Plan: ...

    def mark_reviewed(self, workspace_id: int, plan_id: int, submission: int,
                      **changes: Any) -> Plan | None:
        """Review that submission if it still waits; None if another review came first."""
        ...

    def add_item(self, workspace_id: int, plan_id: int, text: str) -> Plan: ...

    def remove_item(self, workspace_id: int, plan_id: int, position: int) -> Plan | None: ...

    def item_statuses(self, workspace_id: int, plan_id: int) -> dict[int, list[Status]]: ...

    def item_statuses_in_quarter(self, workspace_id: int, quarter: date
                                 ) -> dict[int, list[Status]]:
        """Each activity of the quarter's plans, by its id: the statuses its commitments
        are in (each once)."""
        ...

    def for_quarter(self, workspace_id: int, quarter: date) -> list[Plan]: ...

    def awaiting_review(self, workspace_id: int) -> list[Plan]:
        """Every plan submitted and not yet reviewed of a member still here, oldest
        submission first."""
        ...


class Goals(Protocol):
    """Each member's own target for a quarter (private: never posted or ranked)."""

    def get(self, workspace_id: int, member_id: int, quarter: date) -> PersonalGoal | None: ...

    def set(self, workspace_id: int, goal: PersonalGoal, now: datetime) -> PersonalGoal: ...

    def clear(self, workspace_id: int, member_id: int, quarter: date) -> bool: ...

    def for_quarter(self, workspace_id: int, quarter: date) -> dict[int, PersonalGoal]: ...


class Ideas(Protocol):
    """A practice's changes to the ideas library (bot/ideas_library.py)."""

    def own(self, workspace_id: int) -> list[Idea]: ...

    def hidden(self, workspace_id: int) -> set[str]:
        """The keys of the defaults the practice hid."""
        ...

    def add(self, workspace_id: int, text: str, kind: str | None, niche: str | None,
            shows: str, now: datetime) -> Idea: ...

    def hide(self, workspace_id: int, key: str, now: datetime) -> None: ...

    def remove(self, workspace_id: int, key: str) -> bool:
        """Delete one of the practice's own ideas."""
        ...

    def restore(self, workspace_id: int) -> int:
        """Show every hidden default again; how many were hidden."""
        ...


class Changes(Protocol):
    """Each member's last change to a commitment, for `undo`."""

    def remember(self, workspace_id: int, member_id: int, change: LastChange) -> None: ...

    def last(self, workspace_id: int, member_id: int) -> LastChange | None: ...

    def mark_undone(self, workspace_id: int, member_id: int) -> None: ...

    def put_back(self, workspace_id: int, before: Commitment) -> None: ...


class Closures(Protocol):
    def add(self, workspace_id: int, starts_on: date, ends_on: date) -> Closure: ...

    def listing(self, workspace_id: int) -> list[Closure]: ...

    def remove(self, workspace_id: int, closure_id: int) -> bool: ...


class Retention(Protocol):
    """Free text past the retention period, reduced to its structured part."""

    def clear_commitments(self, workspace_id: int, before: date, today: date,
                          words: Callable[[str, str | None], str]) -> int: ...

    def clear_plans(self, workspace_id: int, quarter_before: date, today: date,
                    item_words: Callable[[int], str]) -> int: ...

    def forget_changes(self, workspace_id: int, before: date) -> int: ...


class DeliveryProblems(Protocol):
    def failed_since(self, workspace_id: int, since: datetime) -> list[tuple[str, str, str]]:
        """(kind, recipient name or "team channel", error code) of deliveries that failed."""
        ...

    def sent_between(self, workspace_id: int, kind: str, start: date, end: date) -> bool:
        """Whether a delivery of `kind` for a local date in [start, end) went out."""
        ...

    def schedule(self, due: Due, now: datetime) -> None:
        """Queue a delivery in this same transaction (it goes out with the next tick)."""
        ...


class AccountabilityLog(Protocol):
    def append(
        self, workspace_id: int, actor_id: int | None, action: str, source: Origin,
        at: datetime, commitment_id: int | None = None, detail: str | None = None,
    ) -> None: ...

    def last_action(self, workspace_id: int, commitment_id: int) -> str | None:
        """The most recent action recorded about a commitment."""
        ...

    def entries(self, workspace_id: int, actor_id: int | None = None) -> list[LogEntry]: ...


class Inbox(Protocol):
    """What a surface stored on receipt (storage/inbox.py): marked carried out in the same
    transaction as the command's effect."""

    def record_reply(self, entry_id: int, reply: dict[str, Any], now: datetime) -> bool:
        """False when it was carried out already (by another process)."""
        ...

    def first_delivery(self, key: str, now: datetime) -> bool:
        """Note a delivery (a Teams activity id) as carried out; False when it was already:
        a repeat, which must have no second effect."""
        ...


@dataclass(frozen=True)
class Entry:
    """A command, click or message a surface stored before acknowledging it."""

    id: int
    platform: str
    payload: dict[str, Any]
    words: str | None
    received_at: datetime
    reply: dict[str, Any] | None


class InboxStore(Protocol):
    """Where a surface keeps what it acknowledged until it is carried out and answered
    (storage/inbox.py InboxStore), shared by every process."""

    def accept(self, key: str, platform: str, payload: dict[str, Any], words: str | None,
               now: datetime, lease: timedelta) -> int | None:
        """Store what arrived, claimed for `lease` (zero: left unclaimed, for whichever
        process claims it first); None for a replay of `key`."""
        ...

    def claim_waiting(self, now: datetime, lease: timedelta, limit: int = 20
                      ) -> list[Entry]: ...

    def record_reply(self, entry_id: int, reply: dict[str, Any], now: datetime) -> None: ...

    def stored_reply(self, entry_id: int) -> dict[str, Any] | None: ...

    def mark_answered(self, entry_id: int, now: datetime) -> None: ...

    def renew(self, entry_ids: list[int], now: datetime, lease: timedelta) -> None:
        """Keep the claims on what this process still holds for another `lease`."""
        ...

    def release(self, entry_ids: list[int]) -> None: ...

    def forget_answered(self, now: datetime) -> int: ...


@dataclass(frozen=True)
class DashboardSession:
    """A browser signed in to the dashboard: whose it is and which workspace's page it opens
    (`platform`, `external_id`: the workspace as its chat service knows it)."""

    workspace_id: int
    member_id: int
    platform: Platform
    external_id: str
    expires_at: datetime


class DashboardAccess(Protocol):
    """One-time sign-in links and the sessions they open (storage/repositories/dashboard.py).
    Only hashes of their tokens are kept."""

    def add_grant(self, workspace_id: int, member_id: int, token_hash: str, now: datetime,
                  expires_at: datetime) -> None: ...

    def grant_waiting(self, token_hash: str, now: datetime) -> bool:
        """Whether a grant is there, unused and unexpired (a read: nothing is spent)."""
        ...

    def redeem_grant(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        """(workspace id, member id) of an unused, unexpired grant, now used; None for any
        other. One conditional write: of two redeeming at once, exactly one gets it."""
        ...

    def open_session(self, workspace_id: int, member_id: int, session_hash: str,
                     now: datetime, expires_at: datetime) -> None: ...

    def session(self, session_hash: str, now: datetime) -> DashboardSession | None:
        """The session, while it is open (not ended, not expired)."""
        ...

    def end_session(self, session_hash: str, now: datetime) -> bool: ...

    def forget_expired(self, before: datetime) -> int:
        """Delete grants and sessions that expired or ended before `before`."""
        ...


class Receipts(Protocol):
    """Deliveries already seen (an event id, a request's signature), shared by processes."""

    def first(self, key: str, now: datetime) -> bool:
        """True the first time `key` is seen; False for every repeat of it."""
        ...


class UnitOfWork(Protocol):
    """One transaction: everything inside commits together or not at all."""

    @property
    def workspaces(self) -> Workspaces: ...

    @property
    def members(self) -> Members: ...

    @property
    def activities(self) -> Activities: ...

    @property
    def commitments(self) -> Commitments: ...

    @property
    def log(self) -> AccountabilityLog: ...

    @property
    def deliveries(self) -> DeliveryProblems: ...

    @property
    def sources(self) -> Sources: ...

    @property
    def plans(self) -> Plans: ...

    @property
    def changes(self) -> Changes: ...

    @property
    def closures(self) -> Closures: ...

    @property
    def ideas(self) -> Ideas: ...

    @property
    def retention(self) -> Retention: ...

    @property
    def inbox(self) -> Inbox: ...

    @property
    def showings(self) -> Showings: ...

    @property
    def goals(self) -> Goals: ...

    @property
    def dashboard_access(self) -> DashboardAccess: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def hold_commits(self) -> None:
        """From now on `commit()` only checks the work; nothing is committed until
        `commit_held()`, so a use case that commits as it goes still commits once, together
        with whatever its caller adds at the end."""
        ...

    def commit_held(self) -> None: ...
