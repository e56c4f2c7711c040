"""The `/outreach` commands, one module per family: its command types, words, usage lines,
parsers and the handlers that call its use cases (bot/usecases/). Importing this package
registers every family in bot/commands/registry.py; this list is the only wiring."""

from bot.commands import (
    admin,
    brief,
    commitments,
    dashboard,
    data,
    goals,
    help,
    ideas,
    plan,
    progress,
    review,
    settings,
    showing,
    sources,
)

__all__ = ["admin", "brief", "commitments", "dashboard", "data", "goals", "help", "ideas",
           "plan", "progress", "review", "settings", "showing", "sources"]
