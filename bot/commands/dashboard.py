"""`dashboard`: a one-time sign-in link to the dashboard on the web, sent only to the person
who asked (bot/usecases/sign_in.py). Anyone may ask: an admin's link opens the practice's
page, a clinician's their own."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command
from bot.usecases import sign_in


@dataclass(frozen=True)
class OpenDashboard(Command):
    pass


def _dashboard(words: str) -> OpenDashboard | str:
    if words.strip():
        return ("Type dashboard on its own: your link opens your own page (the practice's, "
                "for admins).")
    return OpenDashboard()


REGISTRY.verb("dashboard", "/outreach dashboard — a one-time sign-in link to your dashboard "
              "on the web (the practice's, for admins)", _dashboard)

REGISTRY.handles(OpenDashboard, lambda uow, ctx, c, source: sign_in.issue_link(uow, ctx))
