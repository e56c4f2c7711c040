"""Referral sources: `sources` (list, add, edit, retire), `admin referrals` (a month's count
from one source) and `admin outcomes` (what followed outreach)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import REF, Command, shorten
from bot.usecases import outcomes, sources


@dataclass(frozen=True)
class SourcesList(Command):
    everyone: bool = False


@dataclass(frozen=True)
class SourceAdd(Command):
    name: str
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SourceEdit(Command):
    ref: int
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SourceRetire(Command):
    ref: int


@dataclass(frozen=True)
class AdminReferrals(Command):
    ref: int
    month: str
    count: int


@dataclass(frozen=True)
class AdminOutcomes(Command):
    pass


_OPTION = re.compile(r"(?:^|\s)(name|kind|tier|cadence|owner|alias):\s*"
                     r"(<@[^<>]{1,190}>|\"[^\"]*\"|\S+)", re.IGNORECASE)


def _options(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Split `key:value` options (values may be "quoted") from the free text around them."""
    found = tuple((m.group(1).lower(), m.group(2).strip('"')) for m in _OPTION.finditer(text))
    return _OPTION.sub(" ", text).strip(), found


def _sources(words: str) -> SourcesList | SourceAdd | SourceEdit | SourceRetire | str:
    verb, _, tail = words.partition(" ")
    verb, tail = verb.lower(), tail.strip()
    if verb in ("", "mine", "list"):
        return SourcesList(everyone=tail.lower() == "all")
    if verb == "all":
        return SourcesList(everyone=True)
    if verb == "add":
        name, options = _options(tail)
        if not re.search(r"\w\w", name):
            return "Name the organisation or person who refers, e.g. “Sunrise Pediatrics”."
        return SourceAdd(name, options)
    if verb in ("edit", "retire", "remove"):
        head, _, remainder = tail.partition(" ")
        match = REF.match(head)
        if match is None:
            return "Sources are numbered like #3 — /outreach sources lists them."
        if verb != "edit":
            return SourceRetire(int(match.group(1)))
        leftover, options = _options(remainder)
        if not options or leftover:
            return "Say what to change, e.g. tier:A cadence:30."
        return SourceEdit(int(match.group(1)), options)
    return f"Sources can be listed, added, edited or retired, not “{shorten(verb)}”."


def _referrals(words: str) -> AdminReferrals | str:
    said = words.split()
    match = REF.match(said[0]) if said else None
    if match is None or len(said) < 2 or not re.fullmatch(r"\d{1,4}", said[-1]):
        return "Record a month's total like: admin referrals #3 nov 4."
    count = int(said[-1])
    if count > 1000:
        return "That's more referrals than one source sends in a month."
    return AdminReferrals(int(match.group(1)), " ".join(said[1:-1]), count)


REGISTRY.verb("sources", "/outreach sources [all] | sources add <name> [kind:physician|"
              "pediatrician|school|clergy|community|other] [tier:A|B|C] [cadence:<days>] | "
              "sources edit #<n> [name:<name>] [kind:…] [tier:…] [cadence:…] [owner:<person>] "
              "[alias:<another name>|alias:none] | sources retire #<n>", _sources,
              aliases=("source", "referrers"), place=17)
REGISTRY.admin_word("referrals", _referrals, usage="referrals #<source> [month] <count>",
                    aliases=("referral", "outcome"), place=11)
REGISTRY.admin_word("outcomes", lambda words: AdminOutcomes(), usage="outcomes",
                    aliases=("results",), place=12)

REGISTRY.handles(SourcesList, lambda uow, ctx, c, source: sources.list_sources(
    uow, ctx, c.everyone))
REGISTRY.handles(SourceAdd, lambda uow, ctx, c, source: sources.add_source(
    uow, ctx, c.name, c.options, source))
REGISTRY.handles(SourceEdit, lambda uow, ctx, c, source: sources.edit_source(
    uow, ctx, c.ref, c.options, source))
REGISTRY.handles(SourceRetire, lambda uow, ctx, c, source: sources.retire_source(
    uow, ctx, c.ref, source))
REGISTRY.handles(AdminReferrals, lambda uow, ctx, c, source: outcomes.record(
    uow, ctx, c.ref, c.month, c.count, source), admin_only=True)
REGISTRY.handles(AdminOutcomes, lambda uow, ctx, c, source: outcomes.report(uow, ctx),
                 admin_only=True)
