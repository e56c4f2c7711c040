"""Said to ShowUp as to a person: greetings get the help, thank-yous get no answer."""

from __future__ import annotations

import pytest

from bot import grammar as g
from bot.commands.help import Help


@pytest.mark.parametrize("said", ["hi", "Hello!", "hey there", "good morning", "Hiya ShowUp",
                                  "menu", "/outreach hi"])
def test_a_greeting_gets_the_help(said: str) -> None:
    assert g.parse(said) == Help()


@pytest.mark.parametrize(
    "said", ["thanks", "Thank you!", "thx", "ok", "OK.", "got it", "👍", ":+1:", "🙏🏽", "cool"])
def test_an_acknowledgement_needs_no_answer(said: str) -> None:
    assert g.is_acknowledgement(said)


@pytest.mark.parametrize("said", ["thanks, done 2", "ok log gave a talk", "done", "hi there, "
                                  "streak please", "okay so commit visit Lakeside fri"])
def test_words_with_a_request_in_them_are_read(said: str) -> None:
    assert not g.is_acknowledgement(said)
