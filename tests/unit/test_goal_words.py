"""`goal` read from the ways people say it: a number of points or activities, `off`, or
nothing (show it); anything else is a short answer with the usage line."""

from __future__ import annotations

import pytest

from bot.commands.goals import ClearGoal, SetGoal, ShowGoal
from bot.grammar import ParseError, parse
from bot.model import GoalUnit

POINTS, ACTIVITIES = GoalUnit.POINTS, GoalUnit.ACTIVITIES


@pytest.mark.parametrize(("said", "meant"), [
    ("goal 30 pts", SetGoal(POINTS, 30)),
    ("goal 30 points", SetGoal(POINTS, 30)),
    ("goal 30pts", SetGoal(POINTS, 30)),
    ("goal 1 point", SetGoal(POINTS, 1)),
    ("goal 6 activities", SetGoal(ACTIVITIES, 6)),
    ("goal 1 activity", SetGoal(ACTIVITIES, 1)),
    ("goal 6", SetGoal(POINTS, 6)),
    ("goal: 30 pts", SetGoal(POINTS, 30)),
    ("Goal: 30 PTS", SetGoal(POINTS, 30)),
    ("target 30 pts", SetGoal(POINTS, 30)),
    ("goal set 40 pts this quarter", SetGoal(POINTS, 40)),
    ("/outreach goal 1000 pts", SetGoal(POINTS, 1000)),
    ("goal 250 activities", SetGoal(ACTIVITIES, 250)),
    ("goal", ShowGoal()),
    ("goal show", ShowGoal()),
    ("goals", ShowGoal()),
    ("goal off", ClearGoal()),
    ("target clear", ClearGoal()),
])
def test_the_ways_to_say_a_goal(said: str, meant: object) -> None:
    assert parse(said) == meant


@pytest.mark.parametrize("said", [
    "goal lots", "goal 0", "goal -3", "goal 0 activities", "goal 1001 pts",
    "goal 251 activities", "goal 30 apples", "goal 3.5", "goal 99999999999999999999",
    "goal 30 pts 6 activities", "goal thirty",
])
def test_a_goal_that_cannot_be_read_gets_its_usage(said: str) -> None:
    parsed = parse(said)
    assert isinstance(parsed, ParseError)
    assert parsed.usage.startswith("/outreach goal [30 pts | 6 activities | off]")
    assert len(parsed.message) < 120
