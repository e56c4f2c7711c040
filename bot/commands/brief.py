"""The owner's one-to-one brief: `admin brief <name>`, `admin brief last quarter <name>`,
and `admin brief [last quarter]` for everyone in one line each (bot/usecases/brief.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command
from bot.usecases import brief


@dataclass(frozen=True)
class AdminBrief(Command):
    who: str | None   # None: everyone, in short
    back: int = 0     # 1: the quarter that has closed


_WHEN = re.compile(r"^(?:(?P<last>last|previous|prev|closed)|this)\s+(?:quarter|q)\b\s*",
                   re.IGNORECASE)


def _brief(words: str) -> AdminBrief | str:
    when = _WHEN.match(words)
    back = 1 if when and when.group("last") else 0
    who = words[when.end():] if when else words
    who = re.sub(r"^(?:for|of|on)\s+", "", who.strip(), flags=re.IGNORECASE).strip()
    if re.search(r"\b(?:quarter|week|month|q[1-4])\b", who, re.IGNORECASE) \
            and not who.startswith("<@"):
        return "Say this quarter or last quarter, then whose brief, e.g. brief last quarter Dana."
    if len(who) > 130:
        return "Say whose brief: a name or an @mention."
    return AdminBrief(who or None, back)


REGISTRY.admin_word("brief", _brief, usage="brief [last quarter] [<name>]",
                    aliases=("briefs", "one-to-one", "1:1"))

REGISTRY.handles(AdminBrief, lambda uow, ctx, c, source: brief.brief(
    uow, ctx, c.who, c.back, source), admin_only=True)
