"""The SQLAlchemy unit of work: one session, one transaction, the repositories on it."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.inbox import SqlInbox
from storage.repositories import (
    SqlActivities,
    SqlChanges,
    SqlClosures,
    SqlCommitments,
    SqlDashboardAccess,
    SqlDeliveryProblems,
    SqlGoals,
    SqlIdeas,
    SqlLog,
    SqlMembers,
    SqlPlans,
    SqlShowings,
    SqlSources,
    SqlWorkspaces,
)
from storage.retention import SqlRetention


class SqlUnitOfWork:
    """Use as `with uow:` — leaving without `commit()` rolls everything back."""

    workspaces: SqlWorkspaces
    members: SqlMembers
    activities: SqlActivities
    commitments: SqlCommitments
    log: SqlLog
    deliveries: SqlDeliveryProblems
    sources: SqlSources
    plans: SqlPlans
    changes: SqlChanges
    closures: SqlClosures
    ideas: SqlIdeas
    retention: SqlRetention
    inbox: SqlInbox
    showings: SqlShowings
    goals: SqlGoals
    dashboard_access: SqlDashboardAccess

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._held = False
        self._holding_work = False

    def __enter__(self) -> SqlUnitOfWork:
        session = self._session = self._session_factory()
        self.workspaces = SqlWorkspaces(session)
        self.members = SqlMembers(session)
        self.activities = SqlActivities(session)
        self.commitments = SqlCommitments(session)
        self.log = SqlLog(session)
        self.inbox = SqlInbox(session)
        self.deliveries = SqlDeliveryProblems(session)
        self.sources = SqlSources(session)
        self.plans = SqlPlans(session)
        self.changes = SqlChanges(session)
        self.closures = SqlClosures(session)
        self.ideas = SqlIdeas(session)
        self.retention = SqlRetention(session)
        self.showings = SqlShowings(session)
        self.goals = SqlGoals(session)
        self.dashboard_access = SqlDashboardAccess(session)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._session is not None
        self._session.rollback()
        self._session.close()
        self._session = None
        self._held = self._holding_work = False

    def commit(self) -> None:
        assert self._session is not None
        if self._held:
            self._session.flush()   # constraints are checked now; the commit comes later
            self._holding_work = True
            return
        self._session.commit()

    def rollback(self) -> None:
        assert self._session is not None
        if self._holding_work:   # would silently undo work a use case believes committed
            raise RuntimeError("a held commit cannot be rolled back")
        self._session.rollback()

    def hold_commits(self) -> None:
        self._held = True

    def commit_held(self) -> None:
        assert self._session is not None
        self._held = self._holding_work = False
        self._session.commit()


def uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """A fresh unit of work per use case, all on one engine."""
    sessions = sessionmaker(engine, expire_on_commit=False)
    return lambda: SqlUnitOfWork(sessions)


def reading_uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """Units of work that only read (what a nudge says, as it goes out). On PostgreSQL their
    statements run outside a transaction (autocommit): no BEGIN and ROLLBACK round trips for
    each message, and nothing lost, as under READ COMMITTED each statement of a transaction
    reads a snapshot of its own anyway. On SQLite they are ordinary units of work."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    return uow_factory(engine)
