"""The one table of `/outreach` commands: each family (bot/commands/*.py) registers here its
verbs, its `admin` sub-words and a handler per command type. The grammar reads words with
it (bot.grammar.parse), the coach runs commands with it (bot.coach.dispatch), and the help,
the usage lines and the unknown-word hint list what is in it.

Verbs are listed in the order of their `place` (today's order); a verb without one comes
after them, in the order the families register. So do `admin` sub-words in the admin usage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import count
from typing import Any, TypeVar

from bot.grammar import Command, ParseError
from bot.messages import Reply
from bot.model import Origin
from bot.ports import UnitOfWork
from bot.usecases.context import Context

ADMIN = "admin"   # the verb whose usage line gathers every sub-word's fragment

C = TypeVar("C", bound=Command)
Parser = Callable[[str], Command | str]   # the words after the verb → a command, or what's wrong
Run = Callable[[UnitOfWork, Context, C, Origin], Reply]


@dataclass(frozen=True)
class Word:
    """A verb (`/outreach <name> …`) or an admin sub-word (`/outreach admin <name> …`)."""

    name: str
    aliases: tuple[str, ...]
    usage: str            # a verb's usage line; a sub-word's fragment of the admin one ("": none)
    parse: Parser
    place: float          # where it is listed
    registered: int       # the order of registration, for words with the same place


@dataclass(frozen=True)
class Handler:
    run: Run[Any]
    admin_only: bool      # only the practice owner or an admin may run it


class Registry:
    def __init__(self) -> None:
        self._verbs: dict[str, Word] = {}
        self._verb_names: dict[str, str] = {}     # an alias (or the name) → the verb's name
        self._admin_words: dict[str, Word] = {}
        self._admin_names: dict[str, str] = {}
        self._handlers: dict[type[Command], Handler] = {}
        self._order = count()
        self.usage: dict[str, str] = {}           # name → usage line, in listing order

    def verb(self, name: str, usage: str, parse: Parser, *, aliases: tuple[str, ...] = (),
             place: int | None = None) -> None:
        """`/outreach <name or alias> <words>` is read by `parse(words)`."""
        self._add(self._verbs, self._verb_names, name, usage, parse, aliases, place)

    def admin_word(self, name: str, parse: Parser, *, usage: str = "",
                   aliases: tuple[str, ...] = (), place: int | None = None) -> None:
        """`/outreach admin <name or alias> <words>` is read by `parse(words)`; `usage` is its
        fragment of the admin usage line."""
        self._add(self._admin_words, self._admin_names, name, usage, parse, aliases, place)

    def handles(self, kind: type[C], run: Run[C], *, admin_only: bool = False) -> None:
        """`run(uow, ctx, command, source)` carries out every command of type `kind`."""
        if kind in self._handlers:
            raise ValueError(f"{kind.__name__} already has a handler")
        self._handlers[kind] = Handler(run, admin_only)

    def verb_for(self, word: str) -> str | None:
        """The name of the verb a word (a name or an alias) stands for."""
        return self._verb_names.get(word)

    def admin_word_for(self, word: str) -> Word | None:
        name = self._admin_names.get(word)
        return None if name is None else self._admin_words[name]

    def read(self, name: str, words: str) -> Command | ParseError:
        """The words after verb `name`, read by its family; a mistake comes with its usage."""
        parsed = self._verbs[name].parse(words)
        return ParseError(parsed, self.usage[name]) if isinstance(parsed, str) else parsed

    def handler_for(self, kind: type[Command]) -> Handler | None:
        return self._handlers.get(kind)

    def command_types(self) -> tuple[type[Command], ...]:
        return tuple(self._handlers)

    def _add(self, table: dict[str, Word], names: dict[str, str], name: str, usage: str,
             parse: Parser, aliases: tuple[str, ...], place: int | None) -> None:
        for word in (name, *aliases):
            if word in names:
                raise ValueError(f"“{word}” already stands for “{names[word]}”")
        if place is not None and any(w.place == place for w in table.values()):
            raise ValueError(f"place {place} is taken")
        table[name] = Word(name, aliases, usage, parse,
                           float("inf") if place is None else place, next(self._order))
        names.update(dict.fromkeys((name, *aliases), name))
        self._list_usage()

    def _list_usage(self) -> None:
        fragments = [w.usage for w in _listed(self._admin_words) if w.usage]
        self.usage.clear()
        for verb in _listed(self._verbs):
            self.usage[verb.name] = (f"{verb.usage} [{' | '.join(fragments)}]"
                                     if verb.name == ADMIN else verb.usage)


def _listed(table: dict[str, Word]) -> list[Word]:
    return sorted(table.values(), key=lambda w: (w.place, w.registered))


REGISTRY = Registry()
USAGE: Mapping[str, str] = REGISTRY.usage   # every verb's usage line, in listing order
