"""`help`: the overview, or the usage line of one verb (by its name or an alias)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.registry import REGISTRY, USAGE
from bot.grammar import Command
from bot.help import help_reply


@dataclass(frozen=True)
class Help(Command):
    topic: str | None = None


def _help(words: str) -> Help:
    topic = words.split(" ")[0].lower()
    return Help(REGISTRY.verb_for(topic) or topic) if topic else Help()


REGISTRY.verb("help", "/outreach help [subcommand]", _help, aliases=("?", "h"), place=23)

REGISTRY.handles(Help, lambda uow, ctx, c, source: help_reply(c.topic, USAGE))
