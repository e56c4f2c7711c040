"""The `/outreach` commands, one module per family: its command types, words, usage lines,
parsers and the handlers that call its use cases (bot/usecases/). Importing this package
registers every family in bot/commands/registry.py; this list is the only wiring."""

from bot.commands import (
    admin,
    commitments,
    data,
    help,
    plan,
    progress,
    review,
    settings,
    sources,
)

__all__ = ["admin", "commitments", "data", "help", "plan", "progress", "review", "settings",
           "sources"]
