"""The nudges' registry: one module per kind, found by the enum, and what each declares is
what the planner and the renderer read. Open to new kinds: each is checked by its own test."""

from __future__ import annotations

import pytest

from bot.model import DEFAULT_RHYTHM, Kind, Slot
from bot.nudges import NUDGES
from bot.nudges.nudge import Audience, ChannelPost, DirectMessage
from bot.planner import PLANNED_FOR

# name → (stored value, the beat it goes out at, its audience, whether a closure silences it)
KNOWN = {
    "STREAK": ("streak", Kind.KICKOFF, Audience.CLINICIANS, True),
    "PLAN_PROMPT": ("planprompt", Kind.KICKOFF, Audience.CLINICIANS, True),
    "KICKOFF": ("kickoff", Kind.KICKOFF, Audience.CLINICIANS, True),
    "CHECKIN": ("checkin", Kind.CHECKIN, Audience.CLINICIANS, True),
    "WRAPUP": ("wrapup", Kind.WRAPUP, Audience.CLINICIANS, True),
    "TEAM_POST": ("teampost", Kind.TEAM_POST, Audience.CHANNEL, True),
    "CHANNEL_HELP": ("channelhelp", None, Audience.ADMINS, False),
    "SOURCE_OVERDUE": ("overdue", Kind.KICKOFF, Audience.SOURCE_OWNERS, True),
    "PLAN_SHARED": ("planshared", None, Audience.CHANNEL, False),
}


def test_every_kind_has_its_module_and_one_declaration() -> None:
    assert list(NUDGES) == list(Kind)
    for kind, nudge in NUDGES.items():
        assert nudge.kind is kind
        assert isinstance(nudge, DirectMessage | ChannelPost)
        assert nudge.words.__module__ == f"bot.nudges.{Kind(kind).name.lower()}"


@pytest.mark.parametrize("name", list(KNOWN))
def test_the_kinds_keep_their_stored_names_and_their_rules(name: str) -> None:
    value, at, audience, silenced = KNOWN[name]
    nudge = NUDGES[Kind[name]]
    assert (Kind[name].value, nudge.at, nudge.to, nudge.closure_silences) == \
        (value, at, audience, silenced)


def test_the_rhythm_beats_are_kinds_of_the_one_enum() -> None:
    assert Slot is Kind
    assert list(DEFAULT_RHYTHM)[:4] == [Kind.KICKOFF, Kind.CHECKIN, Kind.WRAPUP, Kind.TEAM_POST]
    assert list(Kind)[:len(KNOWN)] == [Kind[name] for name in KNOWN]  # the order equal times go


@pytest.mark.parametrize("kind", list(Kind))
def test_a_planned_nudge_goes_out_at_a_movable_beat_to_an_audience_the_planner_knows(
        kind: Kind) -> None:
    nudge = NUDGES[kind]
    if nudge.at is None:
        return  # sent when something happens, by whoever causes it
    assert nudge.at in DEFAULT_RHYTHM
    assert nudge.to in PLANNED_FOR
