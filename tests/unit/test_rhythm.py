"""A workspace's rhythm as stored: every movable beat has a time when it is read back."""

from __future__ import annotations

from datetime import time

from bot.model import DEFAULT_RHYTHM, Kind, SlotTime
from storage.convert import rhythm_from_json, rhythm_to_json


def test_a_rhythm_round_trips() -> None:
    rhythm = dict(DEFAULT_RHYTHM) | {Kind.CHECKIN: SlotTime(3, time(13, 30))}
    assert rhythm_from_json(rhythm_to_json(rhythm)) == rhythm


def test_a_rhythm_stored_before_a_beat_existed_gets_its_default() -> None:
    """Each movable beat missing from what was stored (nothing at all, or only the beats an
    older ShowUp knew) reads as its default, in the rhythm's own order."""
    assert rhythm_from_json(None) == DEFAULT_RHYTHM
    older = {"kickoff": {"weekday": 1, "at": "08:30"}}
    rhythm = rhythm_from_json(older)
    assert list(rhythm) == list(DEFAULT_RHYTHM)
    assert rhythm == DEFAULT_RHYTHM | {Kind.KICKOFF: SlotTime(1, time(8, 30))}


def test_what_is_no_movable_beat_here_is_left_out() -> None:
    """A beat from a newer ShowUp, a kind that is no beat (its time comes from one) and an
    unreadable time are ignored."""
    stored = {"lunch": {"weekday": 2, "at": "12:00"}, "streak": {"weekday": 2, "at": "12:00"},
              "checkin": {"weekday": "wed"}, "wrapup": {"at": "15:00"}}
    assert rhythm_from_json(stored) == DEFAULT_RHYTHM
