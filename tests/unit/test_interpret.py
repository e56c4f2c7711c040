"""Reading a commitment the way a clinician types it: what, when/where, due day, activity."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalog import DEFAULT_ACTIVITIES, FALLBACK_KEY
from bot.interpret import (
    MAX_AHEAD_DAYS,
    MAX_WHAT_CHARS,
    CommitForm,
    Intention,
    Refusal,
    default_due,
    read_commitment,
    read_form,
)
from bot.model import ActivityType

CATALOG = list(DEFAULT_ACTIVITIES)
WEEKDAYS = (0, 1, 2, 3, 4)
MONDAY = date(2026, 11, 30)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in range(1, 5))
SATURDAY, SUNDAY = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)


def plan(text: str, today: date = MONDAY, **kwargs: bool) -> Intention:
    result = read_commitment(text, today, CATALOG, WEEKDAYS, **kwargs)
    assert isinstance(result, Intention), f"{text!r} was refused: {result!r}"
    return result


def refusal(text: str, today: date = MONDAY, **kwargs: bool) -> str:
    result = read_commitment(text, today, CATALOG, WEEKDAYS, **kwargs)
    assert isinstance(result, Refusal), f"{text!r} was read as {result!r}"
    assert result.message and "\n" not in result.message
    return result.message


def retired(key: str) -> list[ActivityType]:
    return [dataclasses.replace(a, active=False) if a.key == key else a for a in CATALOG]


# --- default_due ----------------------------------------------------------------------------


class TestDefaultDue:
    @pytest.mark.parametrize("today", [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY])
    def test_the_last_working_day_of_this_week(self, today: date) -> None:
        assert default_due(today, WEEKDAYS) == FRIDAY

    @pytest.mark.parametrize("today", [SATURDAY, SUNDAY])
    def test_next_weeks_once_this_weeks_has_passed(self, today: date) -> None:
        assert default_due(today, WEEKDAYS) == FRIDAY + timedelta(days=7)

    def test_follows_the_workspace_working_days(self) -> None:
        mon_to_wed = (0, 1, 2)
        assert default_due(TUESDAY, mon_to_wed) == WEDNESDAY
        assert default_due(WEDNESDAY, mon_to_wed) == WEDNESDAY
        assert default_due(THURSDAY, mon_to_wed) == WEDNESDAY + timedelta(days=7)

    def test_a_weekend_worker(self) -> None:
        assert default_due(SATURDAY, (2, 3, 4, 5, 6)) == SUNDAY

    def test_friday_when_no_working_days_are_set(self) -> None:
        assert default_due(WEDNESDAY, ()) == FRIDAY

    def test_across_the_new_year(self) -> None:
        assert default_due(date(2027, 1, 2), WEEKDAYS) == date(2027, 1, 8)
        assert default_due(date(2026, 12, 31), WEEKDAYS) == date(2027, 1, 1)


# --- plain commitments --------------------------------------------------------------------


class TestPlainCommitment:
    def test_what_without_the_day_due_that_day_and_the_activity_inferred(self) -> None:
        result = plan("visit Sunrise Pediatrics thu")
        assert result.what == "visit Sunrise Pediatrics"
        assert result.due == THURSDAY
        assert result.activity.key == "visit"
        assert result.dated

    @pytest.mark.parametrize(
        "text",
        [
            "visit Sunrise Pediatrics thursday",
            "visit Sunrise Pediatrics on Thursday",
            "visit Sunrise Pediatrics by thu",
            "I will visit Sunrise Pediatrics on thu",
            "I'll visit Sunrise Pediatrics thu",
            "I’m going to visit Sunrise Pediatrics thu",
            "  visit   Sunrise Pediatrics   thu  ",
            "visit Sunrise Pediatrics thu.",
        ],
    )
    def test_ways_of_saying_the_same_thing(self, text: str) -> None:
        result = plan(text)
        assert (result.what, result.due, result.activity.key) == (
            "visit Sunrise Pediatrics", THURSDAY, "visit"
        )

    def test_a_day_in_the_middle_of_the_text(self) -> None:
        result = plan("visit Sunrise Pediatrics on Tuesday with brochures")
        assert result.due == TUESDAY
        assert "Tuesday" not in result.what
        assert result.what.startswith("visit Sunrise Pediatrics")
        assert result.what.endswith("with brochures")

    def test_when_where_describes_the_day(self) -> None:
        assert plan("visit Sunrise Pediatrics thu").when_where == "Thursday"
        assert plan("visit Sunrise Pediatrics tomorrow").when_where == "tomorrow"
        assert plan("visit Sunrise Pediatrics dec 10").when_where == "Thu Dec 10"

    @pytest.mark.parametrize(
        ("text", "due"),
        [
            ("visit Sunrise Pediatrics 2026-12-10", date(2026, 12, 10)),
            ("visit Sunrise Pediatrics 12/10", date(2026, 12, 10)),
            ("visit Sunrise Pediatrics next week", date(2026, 12, 7)),
            ("visit Sunrise Pediatrics next thursday", date(2026, 12, 10)),
            ("visit Sunrise Pediatrics in 2 weeks", date(2026, 12, 14)),
            ("visit Sunrise Pediatrics Jan 5", date(2027, 1, 5)),
        ],
    )
    def test_other_day_phrases(self, text: str, due: date) -> None:
        result = plan(text)
        assert (result.what, result.due, result.dated) == ("visit Sunrise Pediatrics", due, True)

    def test_today_is_a_fine_day(self) -> None:
        assert plan("call Dr. Lee today").due == MONDAY

    def test_tomorrow(self) -> None:
        result = plan("call Dr. Lee tomorrow")
        assert (result.what, result.due, result.activity.key) == ("call Dr. Lee", TUESDAY,
                                                                 "followup")

    def test_a_weekday_later_this_week_from_midweek(self) -> None:
        assert plan("visit the clinic fri", today=WEDNESDAY).due == FRIDAY


# --- implementation intentions -------------------------------------------------------------


class TestImplementationIntention:
    def test_when_where_is_kept_and_the_day_read_from_it(self) -> None:
        result = plan("When I'm at Lincoln Middle on Tuesday, I will meet the school counselor")
        assert result.when_where == "I'm at Lincoln Middle on Tuesday"
        assert result.what == "meet the school counselor"
        assert result.due == TUESDAY
        assert result.activity.key == "visit"
        assert result.dated

    def test_if_then(self) -> None:
        result = plan("if it's Wednesday then I will email Dr. Lee")
        assert result.what == "email Dr. Lee"
        assert result.due == WEDNESDAY
        assert result.activity.key == "followup"

    def test_if_comma_then(self) -> None:
        result = plan("If it is Thursday, then I will drop off brochures at Sunrise Pediatrics")
        assert result.what == "drop off brochures at Sunrise Pediatrics"
        assert result.due == THURSDAY

    def test_without_a_comma(self) -> None:
        result = plan("when Friday comes I'll call the pediatrician")
        assert result.what == "call the pediatrician"
        assert result.due == FRIDAY

    def test_an_intention_with_a_place_but_no_day_is_due_by_the_end_of_the_week(self) -> None:
        result = plan("When I'm at the hospital, I will drop off brochures")
        assert result.when_where == "I'm at the hospital"
        assert result.what == "drop off brochures"
        assert result.due == FRIDAY
        assert not result.dated

    def test_an_explicit_type_inside_an_intention(self) -> None:
        result = plan("When I'm at Lincoln Middle on Tuesday, I will meet the counselor type:talk")
        assert (result.what, result.activity.key, result.due) == ("meet the counselor", "talk",
                                                                  TUESDAY)

    def test_a_day_in_the_i_will_half_is_still_the_due_day(self) -> None:
        result = plan("When I'm at the hospital, I will drop off brochures on Thursday")
        assert (result.what, result.due) == ("drop off brochures", THURSDAY)

    @pytest.mark.parametrize("text, what", [
        ("visit Sun Valley Clinic thu", "visit Sun Valley Clinic"),
        ("meet Dr. Sun thu", "meet Dr. Sun"),
    ])
    def test_a_weekday_abbreviation_inside_a_name_is_not_a_day(self, text: str, what: str
                                                               ) -> None:
        result = plan(text)
        assert (result.what, result.due) == (what, THURSDAY)

    def test_trailing_punctuation_is_tidied(self) -> None:
        result = plan("When it's Tuesday, I will meet the school counselor.")
        assert result.what == "meet the school counselor"

    def test_an_intention_with_nothing_to_do_is_refused(self) -> None:
        assert "what" in refusal("When it's Tuesday, I will ...").lower()


# --- activity types -------------------------------------------------------------------------


class TestActivityType:
    def test_an_explicit_type_wins_and_is_removed_from_the_text(self) -> None:
        result = plan("visit Lincoln Middle thu type:talk")
        assert result.activity.key == "talk"
        assert result.what == "visit Lincoln Middle"
        assert result.due == THURSDAY

    @pytest.mark.parametrize(
        "text",
        [
            "type:talk speak to the parents group thu",
            "speak to the parents group type: talk thu",
            "speak to the parents group thu activity:talk",
            "speak to the parents group thu TYPE:Talk",
        ],
    )
    def test_the_tag_may_go_anywhere(self, text: str) -> None:
        result = plan(text)
        assert result.activity.key == "talk"
        assert "type" not in result.what.lower() and "activity" not in result.what.lower()
        assert result.due == THURSDAY

    def test_a_unique_prefix_of_a_key_is_enough(self) -> None:
        assert plan("chamber breakfast thu type:net").activity.key == "networking"

    def test_an_unknown_type_is_refused_with_the_choices(self) -> None:
        message = refusal("visit Sunrise thu type:juggling")
        assert "juggling" in message
        for activity in DEFAULT_ACTIVITIES:
            assert activity.key in message

    def test_a_retired_type_is_neither_accepted_nor_offered(self) -> None:
        result = read_commitment("record an episode thu type:media", MONDAY, retired("media"),
                                 WEEKDAYS)
        assert isinstance(result, Refusal)
        assert "media" in result.message  # names what was typed …
        assert "Choose one of: lunch, talk, consult, networking, followup, visit" in result.message

    @pytest.mark.parametrize(
        ("text", "key"),
        [
            ("lunch-and-learn at Mercy thu", "lunch"),
            ("record a podcast about teen anxiety thu", "media"),
            ("workshop for parents at the library thu", "talk"),
            ("consult with Dr. Lee about a shared case thu", "consult"),
            ("chamber of commerce mixer thu", "networking"),
            ("send a thank-you card to Dr. Lee thu", "followup"),
        ],
    )
    def test_inferred_from_the_words(self, text: str, key: str) -> None:
        assert plan(text).activity.key == key

    def test_the_day_is_not_what_decides_the_type(self) -> None:
        result = plan("consult with Dr. Lee about a shared case")
        assert result.activity.key == "consult"
        assert result.what == "consult with Dr. Lee about a shared case"

    def test_unrecognised_outreach_falls_back_to_a_visit(self) -> None:
        result = plan("ring the bell at St. Mary's thu")
        assert result.activity.key == FALLBACK_KEY == "visit"

    def test_the_fallback_is_the_first_active_type_when_visits_are_retired(self) -> None:
        result = read_commitment("ring the bell at St. Mary's thu", MONDAY, retired("visit"),
                                 WEEKDAYS)
        assert isinstance(result, Intention)
        assert result.activity.key == "lunch"

    def test_with_an_empty_catalog_it_is_still_outreach(self) -> None:
        result = read_commitment("ring the bell at St. Mary's thu", MONDAY, [], WEEKDAYS)
        assert isinstance(result, Intention)
        assert result.activity.key == FALLBACK_KEY


# --- no day given ---------------------------------------------------------------------------


class TestNoDay:
    def test_due_by_the_last_working_day_of_this_week(self) -> None:
        result = plan("visit Sunrise Pediatrics")
        assert result.due == FRIDAY
        assert not result.dated
        assert result.when_where == "this week (by Friday)"

    def test_on_the_weekend_it_is_due_next_week(self) -> None:
        assert plan("visit Sunrise Pediatrics", today=SATURDAY).due == FRIDAY + timedelta(7)

    def test_on_the_last_working_day_it_is_due_today(self) -> None:
        assert plan("visit Sunrise Pediatrics", today=FRIDAY).due == FRIDAY

    def test_follows_the_working_days(self) -> None:
        result = read_commitment("visit Sunrise Pediatrics", MONDAY, CATALOG, (0, 1, 2))
        assert isinstance(result, Intention)
        assert result.due == WEDNESDAY


# --- days that cannot be planned -----------------------------------------------------------


class TestRefusedDays:
    def test_a_past_day_points_to_log(self) -> None:
        assert "/outreach log" in refusal("visit Sunrise Pediatrics yesterday")

    def test_a_past_day_inside_an_intention_points_to_log(self) -> None:
        assert "/outreach log" in refusal("When it was yesterday, I will visit the clinic")

    def test_a_past_date_points_to_log(self) -> None:
        assert "/outreach log" in refusal("visit Sunrise Pediatrics Nov 20", today=MONDAY)

    def test_more_than_120_days_ahead(self) -> None:
        message = refusal(f"visit Sunrise Pediatrics on {MONDAY + timedelta(days=150):%B %d}")
        assert str(MAX_AHEAD_DAYS) in message

    def test_exactly_120_days_ahead_is_fine(self) -> None:
        due = MONDAY + timedelta(days=MAX_AHEAD_DAYS)
        assert plan(f"visit Sunrise Pediatrics on {due:%B %d}").due == due


# --- log: allow_past ----------------------------------------------------------------------


class TestLog:
    def test_yesterday(self) -> None:
        result = plan("coffee with Dr. Lee yesterday", allow_past=True)
        assert (result.what, result.due, result.dated) == (
            "coffee with Dr. Lee", date(2026, 11, 29), True
        )

    def test_no_day_means_today(self) -> None:
        result = plan("coffee with Dr. Lee", today=WEDNESDAY, allow_past=True)
        assert result.due == WEDNESDAY
        assert result.when_where == "today"
        assert not result.dated
        assert result.activity.key == "visit"

    def test_tomorrow_is_refused(self) -> None:
        assert "/outreach commit" in refusal("coffee with Dr. Lee tomorrow", allow_past=True)

    def test_more_than_30_days_ago_is_refused(self) -> None:
        assert "30 days" in refusal("coffee with Dr. Lee Oct 1", allow_past=True)

    def test_a_bare_weekday_means_the_most_recent_one(self) -> None:
        result = plan("visited Sunrise Pediatrics on Thursday", allow_past=True)
        assert result.due == date(2026, 11, 26)
        assert result.what == "visited Sunrise Pediatrics"

    @pytest.mark.parametrize(
        ("text", "due"),
        [("coffee with Dr. Lee Nov 20", date(2026, 11, 20)),
         ("coffee with Dr. Lee last friday", date(2026, 11, 27)),
         ("coffee with Dr. Lee today", MONDAY)],
    )
    def test_other_past_days(self, text: str, due: date) -> None:
        result = plan(text, allow_past=True)
        assert (result.what, result.due, result.dated) == ("coffee with Dr. Lee", due, True)

    def test_a_day_earlier_this_week(self) -> None:
        result = plan("visited Sunrise Pediatrics on Monday", today=WEDNESDAY, allow_past=True)
        assert result.due == MONDAY
        assert result.activity.key == "visit"


# --- what must be said --------------------------------------------------------------------


class TestWhat:
    @pytest.mark.parametrize("text", ["", "   ", "thu", "on thursday", "type:talk", "I will",
                                      "!!", "a"])
    def test_nothing_to_do_is_refused(self, text: str) -> None:
        assert "what" in refusal(text).lower()

    def test_over_280_characters_is_refused(self) -> None:
        message = refusal("visit " + "x" * MAX_WHAT_CHARS)
        assert str(MAX_WHAT_CHARS) in message

    def test_280_characters_is_fine(self) -> None:
        text = "visit " + "x" * (MAX_WHAT_CHARS - 6)
        assert plan(text).what == text

    def test_unicode_is_kept(self) -> None:
        assert plan("visitar la clínica San José 🎉").what == "visitar la clínica San José 🎉"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120), st.booleans())
def test_read_commitment_never_raises(text: str, allow_past: bool) -> None:
    result = read_commitment(text, MONDAY, CATALOG, WEEKDAYS, allow_past=allow_past)
    assert isinstance(result, Intention | Refusal)
    if isinstance(result, Intention):
        assert result.what and len(result.what) <= MAX_WHAT_CHARS
        assert result.activity in CATALOG
        if allow_past:
            assert MONDAY - timedelta(days=30) <= result.due <= MONDAY
        else:
            assert MONDAY <= result.due <= MONDAY + timedelta(days=MAX_AHEAD_DAYS)


# --- read_form ------------------------------------------------------------------------------


class TestReadForm:
    def test_a_complete_form(self) -> None:
        form = CommitForm("visit", "talk", THURSDAY, "at Lincoln Middle", "school counselor")
        result = read_form(form, MONDAY, CATALOG, WEEKDAYS)
        assert isinstance(result, Intention)
        assert result.what == "visit — school counselor"
        assert result.activity.key == "talk"
        assert result.due == THURSDAY
        assert result.when_where.endswith(", at Lincoln Middle")
        assert result.dated

    def test_no_day_and_no_type(self) -> None:
        result = read_form(CommitForm("record a podcast", None, None), MONDAY, CATALOG, WEEKDAYS)
        assert isinstance(result, Intention)
        assert (result.due, result.dated, result.activity.key) == (FRIDAY, False, "media")

    def test_every_problem_is_named_by_field(self) -> None:
        form = CommitForm("", "juggling", MONDAY - timedelta(days=1), "x" * (MAX_WHAT_CHARS + 1))
        result = read_form(form, MONDAY, CATALOG, WEEKDAYS)
        assert isinstance(result, dict)
        assert set(result) == {"what", "activity", "due", "when_where"}

    def test_too_far_ahead(self) -> None:
        form = CommitForm("visit the clinic", None, MONDAY + timedelta(days=MAX_AHEAD_DAYS + 1))
        result = read_form(form, MONDAY, CATALOG, WEEKDAYS)
        assert isinstance(result, dict) and set(result) == {"due"}

    def test_what_including_the_source_must_fit(self) -> None:
        form = CommitForm("visit " + "x" * 200, None, None, "", "y" * 100)
        result = read_form(form, MONDAY, CATALOG, WEEKDAYS)
        assert isinstance(result, dict) and set(result) == {"what"}
