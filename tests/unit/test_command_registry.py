"""The command table the families register in (bot/commands/registry.py): what it lists, in
which order, and what it refuses."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.commands.registry import REGISTRY, USAGE, Registry
from bot.grammar import Command, ParseError, parse


@dataclass(frozen=True)
class Ping(Command):
    words: str


def _ping(words: str) -> Ping | str:
    return Ping(words) if words else "Say what to ping."


def test_verbs_are_listed_in_their_places_then_as_registered() -> None:
    table = Registry()
    table.verb("late", "/outreach late", _ping)
    table.verb("second", "/outreach second", _ping, place=2)
    table.verb("first", "/outreach first", _ping, place=1)
    table.verb("later", "/outreach later", _ping)
    assert list(table.usage) == ["first", "second", "late", "later"]


def test_the_admin_line_gathers_every_sub_word_fragment_by_place() -> None:
    table = Registry()
    table.admin_word("b", _ping, usage="b <x>", place=2)
    table.verb("admin", "/outreach admin", _ping)
    table.admin_word("quiet", _ping)   # no fragment: not in the line
    table.admin_word("a", _ping, usage="a on|off", place=1)
    table.admin_word("z", _ping, usage="z")
    assert table.usage["admin"] == "/outreach admin [a on|off | b <x> | z]"
    assert table.admin_word_for("quiet") is not None and table.admin_word_for("y") is None


def test_a_mistake_comes_with_the_verbs_usage() -> None:
    table = Registry()
    table.verb("ping", "/outreach ping <what>", _ping, aliases=("p",))
    assert table.verb_for("p") == "ping"
    assert table.read("ping", "") == ParseError("Say what to ping.", "/outreach ping <what>")
    assert table.read("ping", "them") == Ping("them")


def test_a_word_a_place_or_a_handler_is_taken_once() -> None:
    table = Registry()
    table.verb("ping", "/outreach ping", _ping, aliases=("p",), place=1)
    with pytest.raises(ValueError, match="“p” already stands for “ping”"):
        table.verb("pong", "/outreach pong", _ping, aliases=("p",))
    with pytest.raises(ValueError, match="place 1"):
        table.verb("pong", "/outreach pong", _ping, place=1)
    table.handles(Ping, lambda uow, ctx, command, source: NotImplemented)
    with pytest.raises(ValueError, match="Ping"):
        table.handles(Ping, lambda uow, ctx, command, source: NotImplemented)


def test_the_unknown_word_hint_lists_the_verbs_in_their_order() -> None:
    result = parse("frobnicate")
    assert isinstance(result, ParseError)
    assert result.message.startswith(   # a verb without a place comes after these
        "I don't know “frobnicate”. Try one of: commit, done, missed, move, cancel, log, edit, "
        "undo, list, streak, board, pause, resume, timezone, quiet, me, sources, admin, plan, "
        "export, report, forget, help")


def test_the_admin_usage_line_reads_as_one() -> None:
    assert USAGE["admin"].startswith(   # a sub-word without a place is added at the end
        "/outreach admin [goal <points> | rhythm <kickoff|checkin|wrapup|teampost> <day> "
        "<HH:MM> | days mon-fri | timezone <Area/City> | activity [list|add <key> <points> "
        "<label>|points <key> <points>|remove <key>] | report [week|month|quarter] | "
        "role <name> admin|member | channel <#channel>|off | export "
        "[all|commitments|log|outcomes] | forget <name> | referrals #<source> [month] "
        "<count> | outcomes | plans on|off | closed [dec 24-jan 1 | remove <n>] | "
        "holidays <US|off>")
    assert USAGE["admin"].endswith("]")


def test_the_owners_commands_are_for_admins_only() -> None:
    admins_only = {"AdminShow", "AdminGoal", "AdminRhythm", "AdminDays", "AdminTimezone",
                   "AdminActivityList", "AdminActivityAdd", "AdminActivityPoints",
                   "AdminActivityRemove", "AdminReport", "AdminRole", "AdminChannel",
                   "AdminReferrals", "AdminOutcomes", "AdminSharePlans", "AdminClosed",
                   "AdminHolidays"}
    anyone = {"Help", "Commit", "Done", "Missed", "Move", "Cancel", "Log", "Edit", "Undo",
              "ListMine", "ShowStreak", "Board", "Pause", "Resume", "SetMyTimezone",
              "SetQuietHours", "SetClinician", "SourcesList", "SourceAdd", "SourceEdit",
              "SourceRetire", "PlanStep", "ExportMine", "Forget", "AdminExport"}
    rule = {kind.__name__: handler.admin_only for kind in REGISTRY.command_types()
            if (handler := REGISTRY.handler_for(kind))}
    assert admins_only | anyone <= set(rule)
    assert {name for name in admins_only | anyone if rule[name]} == admins_only
