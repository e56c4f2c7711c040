"""The quarterly Community Connection Plan: `plan` step by step, and `admin plans on|off`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import REF, Command, shorten
from bot.usecases import admin, plans


@dataclass(frozen=True)
class PlanStep(Command):
    """`plan` alone (guided next step), or one field: niche, referrers, add, remove, update,
    submit."""

    field: str | None = None
    value: str = ""


@dataclass(frozen=True)
class AdminSharePlans(Command):
    on: bool


_PLAN_FIELDS = {"niche": "niche", "referrers": "referrers", "referrer": "referrers",
                "add": "add", "activity": "add", "remove": "remove", "drop": "remove",
                "update": "update", "review": "update", "submit": "submit", "share": "submit",
                "done": "submit", "show": None}


def _plan(words: str) -> PlanStep | str:
    head, _, tail = words.partition(" ")
    if not head:
        return PlanStep()
    if head.lower() not in _PLAN_FIELDS:
        return f"A plan has a niche, referrers and activities — not “{shorten(head)}”."
    field, value = _PLAN_FIELDS[head.lower()], tail.strip()
    if field in ("niche", "referrers", "add", "update") and not re.search(r"\w\w", value):
        return "Say a little more."
    if field == "remove" and not REF.match(value):
        return "Say which activity by its number, e.g. plan remove 2."
    return PlanStep(field, value)


def _share_plans(words: str) -> AdminSharePlans | str:
    if words.lower() not in ("on", "off"):
        return "Sharing plans in the team channel is on or off."
    return AdminSharePlans(words.lower() == "on")


REGISTRY.verb("plan", "/outreach plan — your quarterly Community Connection Plan, step by step: "
              "plan niche <who you help best> | plan referrers <who sends them> | plan add "
              "<activity> | plan remove <n> | plan update <what happened last quarter> | plan "
              "submit", _plan, aliases=("ccp",), place=19)
REGISTRY.admin_word("plans", _share_plans, usage="plans on|off", aliases=("share-plans",),
                    place=13)

REGISTRY.handles(PlanStep, lambda uow, ctx, c, source: plans.plan_step(
    uow, ctx, c.field, c.value, source))
REGISTRY.handles(AdminSharePlans, lambda uow, ctx, c, source: admin.share_plans(
    uow, ctx, c.on, source), admin_only=True)
