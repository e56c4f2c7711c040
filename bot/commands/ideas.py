"""Ideas that fit: `ideas [referrer or niche]`, and `admin ideas [add|remove|restore]`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command, shorten
from bot.ideas_library import KINDS, NICHES, SHOWS, kind_or_niche, kinds_in, niches_in
from bot.usecases import ideas


@dataclass(frozen=True)
class ShowIdeas(Command):
    """`ideas` (field None), or `ideas school` (field "kind", value "school")."""

    field: str | None = None
    value: str = ""
    more: tuple[tuple[str, str], ...] = ()   # other things the words name, to narrow by


@dataclass(frozen=True)
class AdminIdeasList(Command):
    pass


@dataclass(frozen=True)
class AdminIdeasAdd(Command):
    text: str
    kind: str | None = None
    niche: str | None = None
    shows: str = "relationship"


@dataclass(frozen=True)
class AdminIdeasRemove(Command):
    which: str


@dataclass(frozen=True)
class AdminIdeasRestore(Command):
    pass


_TAG = re.compile(r"(?:^|\s)(kind|niche|shows):\s*(\S+)", re.IGNORECASE)
_COMMIT_TAG = re.compile(r"(?:^|\s)(?:type|source|plan):", re.IGNORECASE)


def _ideas(words: str) -> ShowIdeas | str:
    if not words:
        return ShowIdeas()
    named = kind_or_niche(words)
    if named is None:
        return f"I don't know “{shorten(words)}” as a referrer or a niche. {ideas.vocabulary()}"
    return ShowIdeas(*named, more=_more(words, named))


def _more(words: str, named: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """What else "school anxiety empathy" names besides its first: each narrows the list."""
    shows = [kind_or_niche(w) for w in words.split()]
    found = [("niche", n) for n in niches_in(words)] + [("kind", k) for k in kinds_in(words)] \
        + [s for s in shows if s is not None and s[0] == "shows"]
    return tuple(dict.fromkeys(f for f in found if f != named))


def _admin_ideas(words: str) -> Command | str:
    verb, _, rest = words.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb in ("", "list", "show"):
        return AdminIdeasList()
    if verb in ("add", "new"):
        return _add(rest)
    if verb in ("remove", "delete", "hide", "drop"):
        if not rest or " " in rest:
            return "Say which idea by its number in admin ideas, e.g. admin ideas remove 12."
        return AdminIdeasRemove(rest)
    if verb in ("restore", "reset", "defaults"):
        return AdminIdeasRestore() if not rest else "admin ideas restore takes no more words."
    return f"Ideas can be listed, added, removed or restored, not “{shorten(verb)}”."


def _add(words: str) -> AdminIdeasAdd | str:
    tags: dict[str, str] = {}
    for match in _TAG.finditer(words):
        tags[match.group(1).lower()] = match.group(2).lower()
    text = " ".join(_TAG.sub(" ", words).split())
    if _COMMIT_TAG.search(text):
        return "An idea's words can't carry type:, source: or plan: — it is committed as " \
               "written."
    if not text:
        return "Say the idea, e.g. admin ideas add offer a talk on teen sleep at a PTA " \
               "kind:school niche:teens shows:problem-solving"
    kind, niche, shows = tags.get("kind"), tags.get("niche"), tags.get("shows", "relationship")
    if kind is not None and kind not in KINDS:
        return f"Referrer kinds are: {', '.join(KINDS)}."
    if niche is not None and niche not in NICHES:
        return f"Niches are: {', '.join(NICHES)}."
    shows = {"problem": "problem-solving", "problem solving": "problem-solving"}.get(shows, shows)
    if shows not in SHOWS:
        return f"An idea shows {', '.join(SHOWS[:-1])} or {SHOWS[-1]}."
    return AdminIdeasAdd(text, kind, niche, shows)


REGISTRY.verb("ideas", "/outreach ideas [referrer or niche] — outreach ideas that fit your "
              "plan, one tap to commit: ideas · ideas school · ideas anxiety", _ideas,
              aliases=("idea",))
REGISTRY.admin_word("ideas", _admin_ideas, usage="ideas [add <idea> kind:<referrer> "
                    "niche:<niche> shows:<what it shows>|remove <n>|restore]",
                    aliases=("idea",))

REGISTRY.handles(ShowIdeas, lambda uow, ctx, c, source: ideas.show_ideas(
    uow, ctx, c.field, c.value, c.more))
REGISTRY.handles(AdminIdeasList, lambda uow, ctx, c, source: ideas.admin_list(uow, ctx),
                 admin_only=True)
REGISTRY.handles(AdminIdeasAdd, lambda uow, ctx, c, source: ideas.admin_add(
    uow, ctx, c.text, c.kind, c.niche, c.shows, source), admin_only=True)
REGISTRY.handles(AdminIdeasRemove, lambda uow, ctx, c, source: ideas.admin_remove(
    uow, ctx, c.which, source), admin_only=True)
REGISTRY.handles(AdminIdeasRestore, lambda uow, ctx, c, source: ideas.admin_restore(
    uow, ctx, source), admin_only=True)
