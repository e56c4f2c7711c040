"""A member's data and the practice's: `export`, `forget me`, `admin export`, `admin forget`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command
from bot.usecases import data


@dataclass(frozen=True)
class ExportMine(Command):
    pass


@dataclass(frozen=True)
class Forget(Command):
    who: str | None   # None: the member who asks
    confirmed: bool


@dataclass(frozen=True)
class AdminExport(Command):
    what: str = "all"


def _confirmed(text: str) -> tuple[str, bool]:
    words = text.split()
    if words and words[-1].lower() == "confirm":
        return " ".join(words[:-1]), True
    return text.strip(), False


def _forget(words: str) -> Forget | str:
    who, confirmed = _confirmed(words)
    if who.lower() != "me":
        return ("To delete your own data: /outreach forget me. Admins delete someone else's "
                "with /outreach admin forget <name>.")
    return Forget(None, confirmed)


def _admin_export(words: str) -> AdminExport | str:
    what = words.lower() or "all"
    if what not in ("all", "commitments", "log", "outcomes"):
        return "Export all, commitments, log or outcomes."
    return AdminExport(what)


def _admin_forget(words: str) -> Forget | str:
    who, confirmed = _confirmed(words)
    if not who:
        return "Say whose data to delete."
    return Forget(who.lstrip("@"), confirmed)


REGISTRY.verb("export", "/outreach export — your commitments and history as CSV files",
              lambda words: ExportMine(), aliases=("download",), place=20)
REGISTRY.verb("forget", "/outreach forget me — delete all your data (asks first)", _forget,
              place=22)
REGISTRY.admin_word("export", _admin_export, usage="export [all|commitments|log|outcomes]",
                    place=9)
REGISTRY.admin_word("forget", _admin_forget, usage="forget <name>", aliases=("delete-member",),
                    place=10)

# Each use case says itself who may: anyone their own data, an admin everyone's.
REGISTRY.handles(ExportMine, lambda uow, ctx, c, source: data.export_mine(uow, ctx, source))
REGISTRY.handles(AdminExport, lambda uow, ctx, c, source: data.export_practice(
    uow, ctx, c.what, source))
REGISTRY.handles(Forget, lambda uow, ctx, c, source: data.forget(
    uow, ctx, c.who, c.confirmed, source))
