"""An unknown word gets a hint that names every command family the help names."""

from __future__ import annotations

import re

from bot.commands.registry import USAGE
from bot.grammar import ParseError, parse
from bot.help import OVERVIEW


def test_the_hint_names_every_family_in_help() -> None:
    reply = parse("frobnicate the pediatrician")
    assert isinstance(reply, ParseError)
    hint = reply.message.partition("Try one of: ")[2].rstrip(".").split(", ")
    in_help = set(re.findall(r"(?:^• |· )(\w+)", OVERVIEW, re.MULTILINE))
    assert {"commit", "cancel", "undo", "plan", "sources", "timezone", "quiet", "me", "export",
            "forget", "admin"} <= in_help   # the help still reads as this test expects
    assert in_help <= set(hint)
    assert set(USAGE) <= set(hint)
    assert hint[0] == "commit" and reply.message.startswith("I don't know “frobnicate”.")
