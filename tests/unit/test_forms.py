"""Whether a bare word opens a form is decided once, in the core, for every surface."""

from __future__ import annotations

import pytest

from bot.grammar import form_for, without_forms


@pytest.mark.parametrize(("typed", "form"), [
    ("commit", "commit"), ("  C ", "commit"), ("add", "commit"), ("New", "commit"),
    ("/outreach commit", "commit"), ("plan", "plan"), ("CCP", "plan"), ("outreach plan", "plan"),
    ("commit visit Sunrise Pediatrics thu", None), ("plan niche teens", None), ("", None),
    ("streak", None), ("planning", None),
])
def test_a_bare_word_opens_its_form(typed: str, form: str | None) -> None:
    assert form_for(typed) == form


def test_without_a_form_the_commitment_word_asks_for_its_usage() -> None:
    assert without_forms("commit") == "help commit"
    assert without_forms("plan") == "plan"   # the plan is walked step by step instead
    assert without_forms("done 1") == "done 1"
