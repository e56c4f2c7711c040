"""A clinician's own target for the quarter: `goal 30 pts`, `goal 6 activities`, `goal`,
`goal off` (also `target …`). Private: see bot/usecases/goals.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command, shorten
from bot.model import GoalUnit
from bot.usecases import goals


@dataclass(frozen=True)
class ShowGoal(Command):
    pass


@dataclass(frozen=True)
class SetGoal(Command):
    unit: GoalUnit
    target: int


@dataclass(frozen=True)
class ClearGoal(Command):
    pass


_UNITS = {"": GoalUnit.POINTS, "pt": GoalUnit.POINTS, "pts": GoalUnit.POINTS,
          "point": GoalUnit.POINTS, "points": GoalUnit.POINTS, "p": GoalUnit.POINTS,
          "activity": GoalUnit.ACTIVITIES, "activities": GoalUnit.ACTIVITIES,
          "act": GoalUnit.ACTIVITIES, "acts": GoalUnit.ACTIVITIES,
          "things": GoalUnit.ACTIVITIES, "times": GoalUnit.ACTIVITIES}
_OFF = {"off", "clear", "none", "remove", "delete", "reset", "no"}
_SHOW = {"", "show", "status", "progress", "?"}
_TARGET = re.compile(r"(?:(?:set|to|=|is)\s*)*(?P<n>[+-]?\d+)\s*(?P<unit>[a-z]*)"
                     r"(?:\s+(?:a|per|this|for the)\s+quarter)?")


def _goal(words: str) -> Command | str:
    said = words.lower().strip().strip(":").strip()
    if said in _SHOW:
        return ShowGoal()
    if said in _OFF:
        return ClearGoal()
    match = _TARGET.fullmatch(said)
    if match is None or match.group("unit") not in _UNITS:
        return (f"Say a number of points or activities, like goal 30 pts or goal 6 "
                f"activities — not “{shorten(words)}”.")
    unit = _UNITS[match.group("unit")]
    target, most = int(match.group("n")), goals.MAX_TARGET[unit]
    if not 0 < target <= most:
        return f"A goal is a whole number from 1 to {goals.unit_words(unit, most)}."
    return SetGoal(unit, target)


REGISTRY.verb("goal", "/outreach goal [30 pts | 6 activities | off] — your own target for this "
              "quarter, just for you", _goal, aliases=("goals", "target", "mygoal"))

REGISTRY.handles(ShowGoal, lambda uow, ctx, c, source: goals.show(uow, ctx))
REGISTRY.handles(SetGoal, lambda uow, ctx, c, source: goals.set_goal(
    uow, ctx, c.unit, c.target, source))
REGISTRY.handles(ClearGoal, lambda uow, ctx, c, source: goals.clear_goal(uow, ctx, source))
