"""0023 (the owner's review of plans) on SQLite and PostgreSQL: a plan submitted before it
is waiting for review — submitted, at its first submission, since it was submitted — and
one never submitted is a draft; ShowUp reads both so."""

from __future__ import annotations

from sqlalchemy import Engine, text

from bot.model import PlanStatus
from storage.migrate import upgrade
from storage.uow import uow_factory
from tests.migrations.rows import Filler
from tests.migrations.schemas import at_revision


def test_plans_from_before_the_review_get_their_status(empty_engine: Engine) -> None:
    at_revision(empty_engine, "0022")
    with empty_engine.begin() as connection:
        Filler(connection).fill()
        before = connection.execute(text(
            "SELECT id, workspace_id, submitted_at FROM plans ORDER BY id")).all()
    assert {at is None for _, _, at in before} == {True, False}   # both kinds are there

    upgrade(empty_engine)

    with empty_engine.connect() as connection:
        after = {row.id: row for row in connection.execute(text(
            "SELECT id, status, submission, last_submitted_at, reviewer_id, review_comment "
            "FROM plans"))}
    with uow_factory(empty_engine)() as uow:
        for plan_id, workspace_id, submitted_at in before:
            row, plan = after[plan_id], uow.plans.by_id(workspace_id, plan_id)
            assert plan is not None
            assert (row.reviewer_id, row.review_comment) == (None, "")
            if submitted_at is None:
                assert (row.status, row.submission, row.last_submitted_at) == ("draft", 0, None)
                assert plan.review.status is PlanStatus.DRAFT
            else:
                assert (row.status, row.submission) == ("submitted", 1)
                assert row.last_submitted_at == submitted_at   # as the database holds it
                assert plan.review.status is PlanStatus.SUBMITTED
                assert plan.review.submitted_at is not None
        waiting = {p.id for w in {w for _, w, _ in before}
                   for p in uow.plans.awaiting_review(w)}
    with empty_engine.connect() as connection:   # a member who left is not waited for
        gone = set(connection.execute(text(
            "SELECT plans.id FROM plans JOIN members ON members.id = plans.member_id "
            "WHERE NOT members.active")).scalars())
    assert waiting == {plan_id for plan_id, _, at in before if at is not None} - gone
