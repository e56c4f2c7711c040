"""The activity catalog: recognising an activity in free text, and finding one by key."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalog import (
    DEFAULT_ACTIVITIES,
    FALLBACK_KEY,
    KEY_PATTERN,
    find_activity,
    infer_activity,
)
from bot.model import ActivityType

CATALOG = list(DEFAULT_ACTIVITIES)


def key_of(activity: ActivityType | None) -> str | None:
    return activity.key if activity else None


def retired(key: str) -> list[ActivityType]:
    return [dataclasses.replace(a, active=False) if a.key == key else a for a in CATALOG]


# --- the default catalog ------------------------------------------------------------------


class TestDefaultCatalog:
    def test_keys_are_unique_and_well_formed(self) -> None:
        keys = [a.key for a in DEFAULT_ACTIVITIES]
        assert len(keys) == len(set(keys))
        assert all(KEY_PATTERN.match(k) for k in keys)

    def test_every_activity_is_active_worth_points_and_recognisable(self) -> None:
        for activity in DEFAULT_ACTIVITIES:
            assert activity.active
            assert 1 <= activity.points <= 100
            assert activity.keywords
            assert activity.label

    def test_the_fallback_is_in_the_catalog(self) -> None:
        assert FALLBACK_KEY in {a.key for a in DEFAULT_ACTIVITIES}

    def test_bigger_efforts_are_worth_more(self) -> None:
        points = {a.key: a.points for a in DEFAULT_ACTIVITIES}
        assert points["talk"] > points["visit"] > points["followup"]
        assert points["lunch"] > points["networking"]


@pytest.mark.parametrize(("key", "ok"), [
    ("coffee", True), ("in-service", True), ("a1", True), ("x", False), ("1abc", False),
    ("Coffee", False), ("a" * 24, True), ("a" * 25, False), ("has space", False), ("", False),
])
def test_key_pattern(key: str, ok: bool) -> None:
    assert bool(KEY_PATTERN.match(key)) is ok


# --- infer_activity ---------------------------------------------------------------------


class TestInferActivity:
    @pytest.mark.parametrize(
        ("text", "key"),
        [
            ("visit Sunrise Pediatrics", "visit"),
            ("drop off brochures at the school", "visit"),
            ("stop by the clinic", "visit"),
            ("coffee with the pastor", "visit"),
            ("meet the school counselor", "visit"),
            ("lunch-and-learn at Mercy Hospital", "lunch"),
            ("Lunch and Learn for the nurses", "lunch"),
            ("in-service for teachers", "lunch"),
            ("workshop on teen anxiety", "talk"),
            ("present at the PTA", "talk"),
            ("webinar for parents", "talk"),
            ("community talk or workshop", "talk"),
            ("consult with Dr. Lee about a shared case", "consult"),
            ("case conference at the hospital", "consult"),
            ("care team meeting", "consult"),
            ("record a podcast episode", "media"),
            ("write a blog post", "media"),
            ("radio interview", "media"),
            ("chamber of commerce mixer", "networking"),
            ("health fair at the library", "networking"),
            ("send a thank-you card", "followup"),
            ("email Dr. Lee", "followup"),
            ("follow up with the GP", "followup"),
        ],
    )
    def test_keywords(self, text: str, key: str) -> None:
        assert key_of(infer_activity(text, CATALOG)) == key

    @pytest.mark.parametrize(
        ("text", "key"),
        [("TALKING to parents", "talk"), ("presenting at the PTA", "talk"),
         ("visiting the pediatrician", "visit"), ("two workshops", "talk"),
         ("PODCAST", "media")],
    )
    def test_case_and_word_endings_do_not_matter(self, text: str, key: str) -> None:
        assert key_of(infer_activity(text, CATALOG)) == key

    def test_the_key_itself_is_recognised(self) -> None:
        assert key_of(infer_activity("some networking", CATALOG)) == "networking"

    def test_the_label_is_recognised(self) -> None:
        custom = [ActivityType("grand", "Grand rounds", 4, ())]
        assert key_of(infer_activity("spoke at grand rounds", custom)) == "grand"

    def test_catalog_order_breaks_ties(self) -> None:
        # "lunch" (first in the catalog) and "talk" both appear.
        assert key_of(infer_activity("lunch talk for nurses", CATALOG)) == "lunch"
        assert key_of(infer_activity("lunch talk for nurses", CATALOG[::-1])) == "talk"

    def test_a_keyword_must_start_a_word(self) -> None:
        # "talk" inside "stalk", "card" inside "discard", "call" inside "recall"
        assert infer_activity("stalked", CATALOG) is None
        assert infer_activity("discard it", CATALOG) is None
        assert infer_activity("recall", CATALOG) is None

    @pytest.mark.parametrize("text", ["", "   ", "nothing here", "42", "🎉"])
    def test_nothing_recognisable(self, text: str) -> None:
        assert infer_activity(text, CATALOG) is None

    def test_retired_activities_are_never_inferred(self) -> None:
        assert key_of(infer_activity("record a podcast", retired("media"))) is None

    def test_an_empty_catalog_infers_nothing(self) -> None:
        assert infer_activity("visit the clinic", []) is None

    @pytest.mark.parametrize("text, key", [
        ("speaker at the library", "talk"),
        ("coordinating care with the school", "consult"),
        ("blogging about anxiety", "media"),
        ("introducing myself to Dr. Kim", "visit"),
    ])
    def test_inflected_keywords_still_count(self, text: str, key: str) -> None:
        assert key_of(infer_activity(text, CATALOG)) == key

    def test_keywords_with_regex_characters_are_literal(self) -> None:
        custom = [ActivityType("cpp", "C++ meetup", 2, ("c++", "q&a (live)"))]
        assert key_of(infer_activity("host a q&a (live) session", custom)) == "cpp"
        assert infer_activity("host a q&a live session", custom) is None

    @pytest.mark.parametrize(
        "text",
        ["visit Fairview Pediatrics", "drop brochures at the cardiology office",
         "visit the radiology department"],
    )
    def test_a_keyword_inside_a_longer_place_name_does_not_count(self, text: str) -> None:
        assert key_of(infer_activity(text, CATALOG)) == "visit"


@given(st.text(max_size=200))
def test_infer_activity_never_raises_and_returns_an_active_catalog_entry(text: str) -> None:
    found = infer_activity(text, CATALOG)
    assert found is None or (found in CATALOG and found.active)


# --- find_activity ------------------------------------------------------------------------


class TestFindActivity:
    @pytest.mark.parametrize("key", [a.key for a in DEFAULT_ACTIVITIES])
    def test_by_key(self, key: str) -> None:
        assert key_of(find_activity(key, CATALOG)) == key

    @pytest.mark.parametrize("typed", ["TALK", " talk ", "Talk"])
    def test_case_and_surrounding_space_do_not_matter(self, typed: str) -> None:
        assert key_of(find_activity(typed, CATALOG)) == "talk"

    @pytest.mark.parametrize(
        ("label", "key"),
        [("Lunch-and-learn", "lunch"), ("networking event", "networking"),
         ("Referral-source visit", "visit"), ("podcast, video or article", "media")],
    )
    def test_by_label(self, label: str, key: str) -> None:
        assert key_of(find_activity(label, CATALOG)) == key

    @pytest.mark.parametrize(
        ("prefix", "key"),
        [("net", "networking"), ("n", "networking"), ("follow", "followup"),
         ("con", "consult"), ("med", "media"), ("v", "visit"),
         ("case", "consult"), ("community", "talk"), ("podcast", "media"),
         ("referral", "visit")],
    )
    def test_by_unique_prefix_of_key_or_label(self, prefix: str, key: str) -> None:
        assert key_of(find_activity(prefix, CATALOG)) == key

    @pytest.mark.parametrize("prefix", ["c", "s", ""])
    def test_an_ambiguous_or_empty_prefix_finds_nothing(self, prefix: str) -> None:
        # "c" starts both "consult" and "Community talk or workshop".
        assert find_activity(prefix, CATALOG) is None

    @pytest.mark.parametrize("typed", ["xyz", "talks", "visiting", "lunch!"])
    def test_unknown(self, typed: str) -> None:
        assert find_activity(typed, CATALOG) is None

    def test_an_exact_key_wins_over_a_longer_key_it_prefixes(self) -> None:
        custom = [ActivityType("talk", "Talk", 5), ActivityType("talkshow", "Talk show", 3)]
        assert key_of(find_activity("talk", custom)) == "talk"
        assert key_of(find_activity("talks", custom)) == "talkshow"

    def test_retired_activities_are_not_found(self) -> None:
        catalog = retired("talk")
        assert find_activity("talk", catalog) is None
        assert find_activity("community", catalog) is None
        # with talk retired, "c" is no longer ambiguous
        assert key_of(find_activity("c", catalog)) == "consult"


@given(st.text(max_size=40))
def test_find_activity_never_raises_and_only_returns_active_entries(typed: str) -> None:
    found = find_activity(typed, CATALOG)
    assert found is None or (found in CATALOG and found.active)
