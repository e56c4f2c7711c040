"""`review`'s words: what is waiting, a plan by name or number (with the submission a button
saw), approve, or comment; a bare comment opens the comment form on every surface."""

from __future__ import annotations

import pytest

from bot.commands.review import ReviewPlan, ReviewWaiting
from bot.grammar import ParseError, form_for, parse, without_forms
from bot.usecases.reviews import PlanRef


@pytest.mark.parametrize(("typed", "command"), [
    ("review", ReviewWaiting()),
    ("review alex", ReviewPlan(PlanRef(who="alex"))),
    ("review #12 v2 approve", ReviewPlan(PlanRef(plan_id=12, submission=2), "approve")),
    ("/outreach review Alex Kim ok", ReviewPlan(PlanRef(who="Alex Kim"), "approve")),
    ("review #12 comment add a school visit",
     ReviewPlan(PlanRef(plan_id=12), "comment", "add a school visit")),
    ("review @alex v1 comment", ReviewPlan(PlanRef(who="@alex", submission=1), "comment")),
])
def test_review_words(typed: str, command: object) -> None:
    assert parse(typed) == command


@pytest.mark.parametrize("typed", ["review approve", "review v2 comment hi",
                                   "review alex approve it now"])
def test_review_mistakes_come_with_the_usage(typed: str) -> None:
    read = parse(typed)
    assert isinstance(read, ParseError) and read.usage.startswith("/outreach review")


@pytest.mark.parametrize(("typed", "form"), [
    ("review #12 v2 comment", "comment"), ("/outreach review alex comment", "comment"),
    ("review Alex Kim comment", "comment"), ("review #12 comment looks good", None),
    ("review comment", None), ("review #12 v2 approve", None),
])
def test_a_bare_comment_opens_the_comment_form(typed: str, form: str | None) -> None:
    assert form_for(typed) == form
    assert without_forms(typed) == typed   # where there is no form, the words answer
