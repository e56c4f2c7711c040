"""What did that show? `showed #7 empathy …` (or skip), `share #7 [off]`, `showing on|off`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import REF, Command, shorten
from bot.showing import NAMES, Tag, read_tags
from bot.usecases import showing


@dataclass(frozen=True)
class Showed(Command):
    ref: int
    tags: frozenset[Tag]   # empty: skip the question
    only: bool = False     # what it showed instead (a mis-tap put right), not added to it


@dataclass(frozen=True)
class Share(Command):
    ref: int
    on: bool = True


@dataclass(frozen=True)
class AskShowing(Command):
    on: bool | None   # None: say how it stands


_ON = {"on": True, "yes": True, "off": False, "no": False, "stop": False}


def _number(words: str, example: str) -> tuple[int, str] | str:
    head, _, tail = words.strip().partition(" ")
    # ＃１ from a full-width keyboard; "#1:" or "#1," as people type before the tags
    match = REF.match(unicodedata.normalize("NFKC", head).rstrip(":,;."))
    if match is None:
        return f"Say which one by its number, e.g. {example}."
    return int(match.group(1)), tail.strip()


def _showed(words: str) -> Showed | str:
    parsed = _number(words, "showed #7 empathy")
    if isinstance(parsed, str):
        return parsed
    number, rest = parsed
    first, _, after = rest.partition(" ")
    only = first.lower() in ("only", "just")
    tags = read_tags(after if only else rest)
    return tags if isinstance(tags, str) else Showed(number, tags, only)


def _share(words: str) -> Share | str:
    parsed = _number(words, "share #7")
    if isinstance(parsed, str):
        return parsed
    number, rest = parsed
    if rest.lower() not in ("", "on", "off"):
        return f"Say share #{number}, or share #{number} off — not “{shorten(rest)}”."
    return Share(number, rest.lower() != "off")


def _showing(words: str) -> AskShowing | str:
    said = words.strip().lower()
    if not said:
        return AskShowing(None)
    if said in _ON:
        return AskShowing(_ON[said])
    return "Say /outreach showing on, or off."


REGISTRY.verb("showed", f"/outreach showed #number [only] {NAMES.replace(', ', '|')} (one or "
              "more; only: instead of what it shows) — or skip", _showed,
              aliases=("shown", "tag"))
REGISTRY.verb("share", "/outreach share #number [off] — offer its note to Friday's team post",
              _share)
REGISTRY.verb("showing", "/outreach showing [on|off] — whether done and log ask what it "
              "showed", _showing)

REGISTRY.handles(Showed, lambda uow, ctx, c, source: showing.showed(
    uow, ctx, c.ref, c.tags, source, c.only))
REGISTRY.handles(Share, lambda uow, ctx, c, source: showing.share(uow, ctx, c.ref, c.on, source))
REGISTRY.handles(AskShowing, lambda uow, ctx, c, source: showing.set_asking(
    uow, ctx, c.on, source))
