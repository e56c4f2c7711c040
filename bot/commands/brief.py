"""The owner's one-to-one brief: `admin brief <name>`, `admin brief last quarter <name>`,
and `admin brief [last quarter]` for everyone in one line each (bot/usecases/brief.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command
from bot.usecases import brief


@dataclass(frozen=True)
class AdminBrief(Command):
    who: str | None   # None: everyone, in short
    back: int = 0     # 1: the quarter that has closed


def _brief(words: str) -> AdminBrief | str:
    when = brief.WHEN.match(words)
    back = 1 if when and when.group("last") else 0
    who = words[when.end():] if when else words
    who = brief.LEADING.sub("", who.strip()).strip()
    if brief.PERIOD.search(who) and not who.startswith("<@"):
        return "Say this quarter or last quarter, then whose brief, e.g. brief last quarter Dana."
    if len(who) > brief.MAX_WHO:
        return "Say whose brief: a name or an @mention."
    return AdminBrief(who or None, back)


REGISTRY.admin_word("brief", _brief, usage="brief [last quarter] [<name>]",
                    aliases=("briefs", "one-to-one", "1:1"))

REGISTRY.handles(AdminBrief, lambda uow, ctx, c, source: brief.brief(
    uow, ctx, c.who, c.back, source), admin_only=True)
