"""Commitments: commit, done, missed, move, cancel, log, edit, undo and list."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.commands.registry import REGISTRY
from bot.grammar import REF, Command, shorten
from bot.model import Origin
from bot.usecases import commitments, corrections
from bot.usecases.commitments import Ref


@dataclass(frozen=True)
class Commit(Command):
    text: str


# A commitment reference is the member's own number (#3). `marked` says it was written with
# its "#": buttons made before per-member numbers carry a bare database id instead, and a
# click on one of those is told apart by that (see bot/usecases/commitments.py).


@dataclass(frozen=True)
class Done(Command):
    ref: int | None
    note: str = ""
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Missed(Command):
    ref: int | None
    note: str = ""
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Move(Command):
    ref: int | None
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Cancel(Command):
    ref: int
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Log(Command):
    text: str


@dataclass(frozen=True)
class Edit(Command):
    ref: int
    text: str
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Undo(Command):
    pass


@dataclass(frozen=True)
class ListMine(Command):
    include_closed: bool = False


NOT_A_NUMBER = "Commitment numbers look like #12."


def _commit(words: str) -> Commit | str:
    return Commit(words) if words else "Tell me what you'll do, and when."


def _ref_and_note(words: str) -> tuple[int | None, str, bool] | None:
    head, _, tail = words.partition(" ")
    match = REF.match(head)
    if match:
        return int(match.group(1)), tail.strip(), head.startswith("#")
    if head.startswith("#"):
        return None
    return None, words, False


def _done(words: str) -> Done | str:
    parsed = _ref_and_note(words)
    return NOT_A_NUMBER if parsed is None else Done(*parsed)


def _missed(words: str) -> Missed | str:
    parsed = _ref_and_note(words)
    return NOT_A_NUMBER if parsed is None else Missed(*parsed)


def _single_ref(words: str) -> tuple[int, bool] | str | None:
    if not words:
        return None
    head = words.split(" ")[0]
    match = REF.match(head)
    if match is None:
        return NOT_A_NUMBER
    return int(match.group(1)), head.startswith("#")


def _move(words: str) -> Move | str:
    ref = _single_ref(words)
    if isinstance(ref, str):
        return ref
    return Move(*ref) if ref else Move(None)


def _cancel(words: str) -> Cancel | str:
    ref = _single_ref(words)
    if ref is None:
        return "Which one? Give its number."
    return ref if isinstance(ref, str) else Cancel(*ref)


def _log(words: str) -> Log | str:
    return Log(words) if words else "Tell me what you did."


def _edit(words: str) -> Edit | str:
    head, _, tail = words.partition(" ")
    match = REF.match(head)
    if match is None:
        return "Say which one by its number, then what changes."
    if not tail.strip():
        return "Say what changes: a day, a type or new words."
    return Edit(int(match.group(1)), tail.strip(), head.startswith("#"))


def _list(words: str) -> ListMine | str:
    word = words.lower()
    if word in ("", "open", "week", "this week", "mine"):
        return ListMine(False)
    if word in ("all", "history", "everything"):
        return ListMine(True)
    return f"I can list open commitments or all of them, not “{shorten(words)}”."


REGISTRY.verb("commit", "/outreach commit <what> [day] [at <where>] [type:<activity>] — or "
              "\"When <day/place>, I will <what>\"", _commit,
              aliases=("c", "add", "new", "will"), place=1)
REGISTRY.verb("done", "/outreach done [#number] [how it went]", _done,
              aliases=("did", "complete", "completed", "kept"), place=2)
REGISTRY.verb("missed", "/outreach missed [#number] [what got in the way]", _missed,
              aliases=("miss", "skip", "didnt"), place=3)
REGISTRY.verb("move", "/outreach move [#number] — moves it to next week", _move,
              aliases=("postpone", "later", "snooze"), place=4)
REGISTRY.verb("cancel", "/outreach cancel #number", _cancel, aliases=("drop", "delete"), place=5)
REGISTRY.verb("log", "/outreach log <what you did> [day]", _log, aliases=("logged", "record"),
              place=6)
REGISTRY.verb("edit", "/outreach edit #number [day] [type:<activity>] [new words] — e.g. edit "
              "#2 fri", _edit, aliases=("change", "fix"), place=7)
REGISTRY.verb("undo", "/outreach undo — takes back your last change, for 5 minutes",
              lambda words: Undo(), aliases=("oops",), place=8)
REGISTRY.verb("list", "/outreach list [all]", _list, aliases=("ls", "mine", "my", "week"),
              place=9)


def _legacy(marked: bool, source: Origin) -> bool:
    """A bare number on a button is a database id (see `Ref`)."""
    return source is Origin.BUTTON and not marked


REGISTRY.handles(Commit, lambda uow, ctx, c, source: commitments.commit(uow, ctx, c.text, source))
REGISTRY.handles(Done, lambda uow, ctx, c, source: commitments.done(
    uow, ctx, Ref.of(c.ref, c.marked, source), c.note, source))
REGISTRY.handles(Missed, lambda uow, ctx, c, source: commitments.missed(
    uow, ctx, Ref.of(c.ref, c.marked, source), c.note, source))
REGISTRY.handles(Move, lambda uow, ctx, c, source: commitments.move(
    uow, ctx, Ref.of(c.ref, c.marked, source), source))
REGISTRY.handles(Cancel, lambda uow, ctx, c, source: commitments.cancel(
    uow, ctx, Ref(c.ref, _legacy(c.marked, source)), source))
REGISTRY.handles(Log, lambda uow, ctx, c, source: commitments.log_activity(
    uow, ctx, c.text, source))
REGISTRY.handles(Edit, lambda uow, ctx, c, source: corrections.edit(
    uow, ctx, Ref(c.ref, _legacy(c.marked, source)), c.text, source))
REGISTRY.handles(Undo, lambda uow, ctx, c, source: corrections.undo(uow, ctx, source))
REGISTRY.handles(ListMine, lambda uow, ctx, c, source: commitments.list_mine(
    uow, ctx, c.include_closed))
