"""`admin brief` read from the ways an owner says it: whose, and this quarter or the one that
closed; the verbs' usage lines name both new commands."""

from __future__ import annotations

import pytest

from bot.commands.brief import AdminBrief
from bot.commands.registry import USAGE
from bot.grammar import ParseError, parse


@pytest.mark.parametrize(("said", "meant"), [
    ("admin brief Dana", AdminBrief("Dana", 0)),
    ("admin brief Dana Reyes", AdminBrief("Dana Reyes", 0)),
    ("admin brief @dana", AdminBrief("@dana", 0)),
    ("admin brief <@U0DANA|dana>", AdminBrief("<@U0DANA|dana>", 0)),
    ("admin brief last quarter Dana", AdminBrief("Dana", 1)),
    ("admin brief previous quarter for Dana", AdminBrief("Dana", 1)),
    ("admin brief this quarter Dana", AdminBrief("Dana", 0)),
    ("admin brief for Dana", AdminBrief("Dana", 0)),
    ("admin brief", AdminBrief(None, 0)),
    ("admin briefs last quarter", AdminBrief(None, 1)),
    ("admin 1:1 last quarter Dana", AdminBrief("Dana", 1)),
])
def test_the_ways_to_ask_for_a_brief(said: str, meant: AdminBrief) -> None:
    assert parse(said) == meant


@pytest.mark.parametrize("said", ["admin brief next quarter Dana", "admin brief last month Dana",
                                  "admin brief quarter", "admin brief " + "x" * 140])
def test_a_brief_that_cannot_be_read_gets_the_admin_usage(said: str) -> None:
    parsed = parse(said)
    assert isinstance(parsed, ParseError) and "brief [last quarter] [<name>]" in parsed.usage


def test_the_usage_lines_name_goal_and_brief() -> None:
    assert USAGE["goal"].startswith("/outreach goal [30 pts | 6 activities | off]")
    assert " | brief [last quarter] [<name>]" in USAGE["admin"]
    assert parse("help goal") != parse("help")
