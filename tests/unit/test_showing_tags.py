"""Reading what an item of outreach showed, as people type it (and as the buttons send it)."""

from __future__ import annotations

import pytest

from bot.commands.showing import AskShowing, Share, Showed
from bot.grammar import ParseError, parse
from bot.showing import Tag, from_text, mix_words, read_tags, to_text

E, R, P = Tag.EMPATHY, Tag.RELATIONSHIP, Tag.PROBLEM_SOLVING


@pytest.mark.parametrize(("words", "tags"), [
    ("empathy", {E}),
    ("Empathy", {E}),
    ("relationship", {R}),
    ("problem-solving", {P}),
    ("problem solving", {P}),
    ("Problem Solving", {P}),
    ("problem_solving", {P}),
    ("problemsolving", {P}),
    ("ps", {P}),
    ("relationship-building", {R}),
    ("relationship building", {R}),
    ("building relationships", {R}),
    ("empathy problem-solving", {E, P}),
    ("empathy, relationship and problem solving", {E, R, P}),
    ("e r ps", {E, R, P}),
    ("empathy empathy", {E}),
    ("empathetic + rapport", {E, R}),
    ("skip", set()),
    ("Skip.", set()),
    ("none", set()),
])
def test_forgiving_spellings(words: str, tags: set[Tag]) -> None:
    assert read_tags(words) == frozenset(tags)


@pytest.mark.parametrize(("words", "says"), [
    ("", "Say what it showed"),
    ("   ", "Say what it showed"),
    ("kindness", "not “kindness”"),
    ("empathy and charm", "not “charm”"),
    ("empathy skip", "not both"),
])
def test_what_it_cannot_read_is_said(words: str, says: str) -> None:
    problem = read_tags(words)
    assert isinstance(problem, str) and says in problem


def test_tags_are_stored_in_one_order_and_read_back() -> None:
    assert to_text(frozenset({P, E})) == "empathy,problem-solving"
    assert to_text(frozenset()) == ""
    assert to_text(None) is None
    assert from_text("empathy,problem-solving") == frozenset({E, P})
    assert from_text("") == frozenset()
    assert from_text(None) is None
    assert from_text("empathy,from-a-newer-showup") == frozenset({E})


def test_the_mix_names_every_tag_in_order() -> None:
    assert mix_words({P: 3, E: 4}) == "empathy 4 · relationship 0 · problem-solving 3"


def test_the_commands_the_buttons_carry_parse() -> None:
    assert parse("showed #7 empathy") == Showed(7, frozenset({E}))
    assert parse("/outreach showed #7 empathy problem-solving") == Showed(7, frozenset({E, P}))
    assert parse("showed 7 skip") == Showed(7, frozenset())
    assert parse("share #7") == Share(7, True)
    assert parse("share #7 off") == Share(7, False)
    assert parse("showing off") == AskShowing(False)
    assert parse("showing on") == AskShowing(True)
    assert parse("showing") == AskShowing(None)


@pytest.mark.parametrize(("line", "says"), [
    ("showed empathy", "Say which one by its number"),
    ("showed #x empathy", "Say which one by its number"),
    ("showed #7", "Say what it showed"),
    ("showed #7 kindness", "not “kindness”"),
    ("share", "Say which one by its number"),
    ("share #7 tomorrow", "not “tomorrow”"),
    ("showing sometimes", "showing on, or off"),
])
def test_malformed_commands_get_their_usage(line: str, says: str) -> None:
    parsed = parse(line)
    assert isinstance(parsed, ParseError)
    assert says in parsed.message
    assert parsed.usage.startswith("/outreach " + line.split()[0])
