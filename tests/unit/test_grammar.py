"""The `/outreach` grammar: what a member types becomes a command value or a one-line error."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands.admin import (
    AdminActivityAdd,
    AdminActivityList,
    AdminActivityPoints,
    AdminActivityRemove,
    AdminDays,
    AdminGoal,
    AdminRhythm,
    AdminRole,
    AdminShow,
    AdminTimezone,
)
from bot.commands.commitments import Cancel, Commit, Done, ListMine, Log, Missed, Move
from bot.commands.help import Help
from bot.commands.progress import AdminReport, Board, ShowStreak
from bot.commands.registry import REGISTRY, USAGE
from bot.commands.settings import Pause, Resume, SetMyTimezone
from bot.grammar import (
    MAX_COMMAND_CHARS,
    ParseError,
    clean,
    parse,
    parse_clock_time,
    parse_weekdays,
)
from bot.model import Role, Slot
from bot.practice_calendar import Period

COMMAND_TYPES: tuple[type, ...] = REGISTRY.command_types()


def error(text: str) -> ParseError:
    result = parse(text)
    assert isinstance(result, ParseError), f"{text!r} parsed as {result!r}"
    return result


def assert_one_line(result: ParseError) -> None:
    assert result.message.strip()
    assert "\n" not in result.message
    assert "\n" not in result.usage


# --- clean -----------------------------------------------------------------------------------


class TestClean:
    def test_folds_whitespace_runs_and_trims(self) -> None:
        assert clean("  done \t #3 \n\n great   chat  ") == "done #3 great chat"

    def test_control_characters_become_spaces(self) -> None:
        assert clean("done\x00#3") == "done #3"
        assert clean("done\x07\x1b#3") == "done #3"

    def test_zero_width_and_direction_marks_are_dropped(self) -> None:
        assert clean("\u200bdone\u200e #3\u202e") == "done #3"
        assert clean("\ufeffhelp") == "help"

    def test_normalises_to_nfc(self) -> None:
        assert clean("cafe\u0301") == "caf\u00e9"

    def test_keeps_emoji_and_right_to_left_text(self) -> None:
        assert clean("visit 🏥 مستشفى") == "visit 🏥 مستشفى"

    def test_empty_and_blank_text_become_empty(self) -> None:
        assert clean("") == ""
        assert clean(" \t\r\n\x00 ") == ""


# --- prefix, empty input, help -----------------------------------------------------------


class TestPrefixAndHelp:
    @pytest.mark.parametrize("text", ["", "   ", "/outreach", "outreach", "/OUTREACH  ", "\x00"])
    def test_nothing_to_do_shows_help(self, text: str) -> None:
        assert parse(text) == Help()

    @pytest.mark.parametrize(
        "text", ["/outreach done #3", "outreach done #3", "/Outreach   done #3", "done #3"]
    )
    def test_the_outreach_prefix_is_optional_and_case_insensitive(self, text: str) -> None:
        assert parse(text) == Done(3)

    def test_only_a_leading_prefix_is_stripped(self) -> None:
        assert parse("log outreach to the school") == Log("outreach to the school")

    def test_a_word_that_merely_starts_with_outreach_is_not_the_prefix(self) -> None:
        result = error("outreaching")
        assert "outreaching" in result.message
        assert result.usage == USAGE["help"]

    @pytest.mark.parametrize("alias", ["help", "?", "h", "HELP"])
    def test_help_aliases(self, alias: str) -> None:
        assert parse(alias) == Help()

    def test_help_topic_is_resolved_through_aliases(self) -> None:
        assert parse("help done") == Help("done")
        assert parse("help didnt") == Help("missed")
        assert parse("help leaderboard") == Help("board")
        assert parse("help TZ") == Help("timezone")

    def test_help_on_an_unknown_topic_keeps_the_word(self) -> None:
        assert parse("help frobnicate") == Help("frobnicate")

    def test_unknown_subcommand_names_the_word_and_points_to_help(self) -> None:
        result = error("frobnicate the widgets")
        assert "“frobnicate”" in result.message
        assert "commit" in result.message and "help" in result.message
        assert result.usage == USAGE["help"]
        assert_one_line(result)

    def test_an_unknown_very_long_word_is_shortened_in_the_message(self) -> None:
        result = error("x" * 200)
        assert "x" * 24 not in result.message
        assert "…" in result.message


# --- commit -----------------------------------------------------------------------------


class TestCommit:
    @pytest.mark.parametrize("alias", ["commit", "c", "add", "new", "will", "COMMIT", "commit:"])
    def test_aliases_keep_the_rest_of_the_line(self, alias: str) -> None:
        assert parse(f"{alias} visit Sunrise Pediatrics thu") == Commit(
            "visit Sunrise Pediatrics thu"
        )

    def test_commit_with_nothing_asks_what_and_when(self) -> None:
        result = error("commit")
        assert result.usage == USAGE["commit"]
        assert_one_line(result)

    @pytest.mark.parametrize(
        "line",
        [
            "When I'm at Lincoln Middle on Tuesday, I will meet the school counselor",
            "when it is Thursday, I'll call Dr. Lee",
            "WHEN the staff meeting ends, I will email the pediatrician",
            "if it is Friday then I will drop brochures at Sunrise Pediatrics",
            "If I finish early, I will visit the clinic",
        ],
    )
    def test_implementation_intentions_become_commitments_verbatim(self, line: str) -> None:
        assert parse(line) == Commit(line)

    def test_implementation_intention_after_the_prefix(self) -> None:
        line = "When I'm at Lincoln Middle on Tuesday, I will meet the school counselor"
        assert parse(f"/outreach {line}") == Commit(line)

    def test_intention_text_is_cleaned(self) -> None:
        assert parse("when  tuesday,\n I will\tcall") == Commit("when tuesday, I will call")

    def test_words_that_only_start_with_when_or_if_are_not_intentions(self) -> None:
        assert isinstance(parse("whenever"), ParseError)
        assert isinstance(parse("iffy plan"), ParseError)


# --- done / missed -----------------------------------------------------------------------


class TestDone:
    @pytest.mark.parametrize("alias", ["done", "did", "complete", "completed", "kept", "Done"])
    def test_aliases(self, alias: str) -> None:
        assert parse(f"{alias} #4") == Done(4)

    @pytest.mark.parametrize("ref", ["#12", "12"])
    def test_ref_with_or_without_hash(self, ref: str) -> None:
        assert parse(f"done {ref}") == Done(12)

    def test_note_after_the_ref(self) -> None:
        assert parse("done #12 great chat with the nurse") == Done(12, "great chat with the nurse")

    def test_no_ref_means_the_note_is_everything(self) -> None:
        assert parse("done went really well") == Done(None, "went really well")

    def test_bare_done(self) -> None:
        assert parse("done") == Done(None, "")

    @pytest.mark.parametrize("text", ["done #abc", "done #", "done #12a note", "done #-3"])
    def test_a_hash_that_is_not_a_number_is_an_error(self, text: str) -> None:
        result = error(text)
        assert "#12" in result.message
        assert result.usage == USAGE["done"]
        assert_one_line(result)

    def test_an_absurdly_long_number_is_an_error(self) -> None:
        assert error("done #1234567890").usage == USAGE["done"]

    def test_nine_digits_is_still_a_ref(self) -> None:
        assert parse("done #123456789") == Done(123456789)


class TestMissed:
    @pytest.mark.parametrize(
        "alias", ["missed", "miss", "skip", "didnt", "didn't", "didn’t", "MISSED"]
    )
    def test_aliases(self, alias: str) -> None:
        assert parse(f"{alias} #3") == Missed(3)

    @pytest.mark.parametrize(
        "phrase", ["didn't happen", "didnt happen", "didn’t happen", "did not happen",
                   "Didn't Happen"]
    )
    def test_didnt_happen_phrases(self, phrase: str) -> None:
        assert parse(f"{phrase} #3") == Missed(3)
        assert parse(phrase) == Missed(None)

    def test_didnt_happen_with_ref_and_note(self) -> None:
        assert parse("didn't happen #3 sick kid at home") == Missed(3, "sick kid at home")
        assert parse("/outreach didnt happen 7 rain") == Missed(7, "rain")

    def test_didnt_happen_with_only_a_note(self) -> None:
        assert parse("didnt happen clinic was closed") == Missed(None, "clinic was closed")

    def test_a_bad_ref_after_didnt_happen_uses_the_missed_usage(self) -> None:
        result = error("didn't happen #x")
        assert result.usage == USAGE["missed"]
        assert_one_line(result)

    def test_missed_bad_ref(self) -> None:
        assert error("missed #abc").usage == USAGE["missed"]


# --- move / cancel -------------------------------------------------------------------------


class TestMoveAndCancel:
    @pytest.mark.parametrize("alias", ["move", "postpone", "later", "snooze"])
    def test_move_aliases(self, alias: str) -> None:
        assert parse(f"{alias} #5") == Move(5)

    def test_move_without_ref_means_the_obvious_one(self) -> None:
        assert parse("move") == Move(None)

    def test_move_ignores_words_after_the_ref(self) -> None:
        assert parse("move 5 to next week") == Move(5)

    def test_move_with_a_word_instead_of_a_ref(self) -> None:
        result = error("move tomorrow")
        assert result.usage == USAGE["move"]
        assert_one_line(result)

    @pytest.mark.parametrize("alias", ["cancel", "drop", "delete"])
    def test_cancel_aliases(self, alias: str) -> None:
        assert parse(f"{alias} #6") == Cancel(6)
        assert parse(f"{alias} 6") == Cancel(6)

    def test_cancel_needs_a_ref(self) -> None:
        result = error("cancel")
        assert result.usage == USAGE["cancel"]
        assert_one_line(result)

    def test_cancel_bad_ref(self) -> None:
        assert error("cancel #abc").usage == USAGE["cancel"]


# --- log, list, streak, board ---------------------------------------------------------------


class TestLogListStreakBoard:
    @pytest.mark.parametrize("alias", ["log", "logged", "record"])
    def test_log_aliases(self, alias: str) -> None:
        text = "coffee with Dr. Lee yesterday"
        assert parse(f"{alias} {text}") == Log(text)

    def test_log_with_nothing_is_an_error(self) -> None:
        result = error("log")
        assert result.usage == USAGE["log"]
        assert_one_line(result)

    @pytest.mark.parametrize("alias", ["list", "ls", "mine", "my", "week"])
    def test_list_aliases_show_open_commitments(self, alias: str) -> None:
        assert parse(alias) == ListMine(False)

    @pytest.mark.parametrize("rest", ["open", "week", "this week", "mine", "OPEN"])
    def test_list_open_words(self, rest: str) -> None:
        assert parse(f"list {rest}") == ListMine(False)

    @pytest.mark.parametrize("rest", ["all", "history", "everything", "ALL"])
    def test_list_all_words(self, rest: str) -> None:
        assert parse(f"list {rest}") == ListMine(True)

    def test_list_something_else(self) -> None:
        result = error("list bananas")
        assert "bananas" in result.message
        assert result.usage == USAGE["list"]

    @pytest.mark.parametrize("text", ["streak", "streaks", "streak please"])
    def test_streak(self, text: str) -> None:
        assert parse(text) == ShowStreak()

    @pytest.mark.parametrize("alias", ["board", "leaderboard", "team", "scores"])
    def test_board_aliases_default_to_the_week(self, alias: str) -> None:
        assert parse(alias) == Board(Period.WEEK)

    @pytest.mark.parametrize(
        ("rest", "period"),
        [
            ("week", Period.WEEK),
            ("this week", Period.WEEK),
            ("this", Period.WEEK),
            ("month", Period.MONTH),
            ("this month", Period.MONTH),
            ("quarter", Period.QUARTER),
            ("q", Period.QUARTER),
            ("QUARTER", Period.QUARTER),
        ],
    )
    def test_board_periods(self, rest: str, period: Period) -> None:
        assert parse(f"board {rest}") == Board(period)

    def test_board_unknown_period(self) -> None:
        result = error("board yearly")
        assert "yearly" in result.message
        assert result.usage == USAGE["board"]
        assert_one_line(result)


# --- pause, resume, timezone ---------------------------------------------------------------


class TestPauseResumeTimezone:
    @pytest.mark.parametrize("alias", ["pause", "vacation", "away"])
    def test_pause_aliases(self, alias: str) -> None:
        assert parse(f"{alias} until friday") == Pause("friday")

    @pytest.mark.parametrize(
        ("text", "until"),
        [
            ("pause until Dec 3", "Dec 3"),
            ("pause till monday", "monday"),
            ("pause til monday", "monday"),
            ("pause through next week", "next week"),
            ("pause thru 12/24", "12/24"),
            ("pause to jan 5", "jan 5"),
            ("pause for 2 weeks", "2 weeks"),
            ("pause 2 weeks", "2 weeks"),
            ("pause UNTIL friday", "friday"),
        ],
    )
    def test_pause_strips_the_linking_word(self, text: str, until: str) -> None:
        assert parse(text) == Pause(until)

    def test_pause_with_nothing(self) -> None:
        result = error("pause")
        assert "when" in result.message.lower()
        assert result.usage == USAGE["pause"]
        assert_one_line(result)

    @pytest.mark.parametrize("text", ["pause until", "pause for", "vacation till"])
    def test_pause_with_only_a_linking_word_asks_until_when(self, text: str) -> None:
        assert error(text).usage == USAGE["pause"]

    @pytest.mark.parametrize("alias", ["resume", "unpause", "back", "back again"])
    def test_resume(self, alias: str) -> None:
        assert parse(alias) == Resume()

    @pytest.mark.parametrize("alias", ["timezone", "tz"])
    def test_timezone(self, alias: str) -> None:
        assert parse(f"{alias} America/Chicago") == SetMyTimezone("America/Chicago")

    @pytest.mark.parametrize("text", ["timezone", "tz America / Chicago", "tz New York"])
    def test_timezone_needs_exactly_one_name(self, text: str) -> None:
        result = error(text)
        assert result.usage == USAGE["timezone"]
        assert_one_line(result)


# --- admin --------------------------------------------------------------------------------


class TestAdmin:
    @pytest.mark.parametrize("text", ["admin", "settings", "admin show", "admin settings"])
    def test_show(self, text: str) -> None:
        assert parse(text) == AdminShow()

    @pytest.mark.parametrize(("text", "points"), [("admin goal 150", 150), ("admin goal 1", 1),
                                                   ("admin goal 100000", 100_000)])
    def test_goal(self, text: str, points: int) -> None:
        assert parse(text) == AdminGoal(points)

    @pytest.mark.parametrize(
        "text",
        ["admin goal -5", "admin goal 0", "admin goal", "admin goal lots", "admin goal 1.5",
         "admin goal 100001", "admin goal 1000000"],
    )
    def test_goal_must_be_a_positive_whole_number(self, text: str) -> None:
        result = error(text)
        assert "points" in result.message
        assert result.usage == USAGE["admin"]
        assert_one_line(result)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("admin rhythm kickoff mon 09:00", AdminRhythm(Slot.KICKOFF, 0, time(9, 0))),
            ("admin rhythm kick-off tuesday 8", AdminRhythm(Slot.KICKOFF, 1, time(8, 0))),
            ("admin rhythm checkin wed 12:30", AdminRhythm(Slot.CHECKIN, 2, time(12, 30))),
            ("admin rhythm midweek thu 1pm", AdminRhythm(Slot.CHECKIN, 3, time(13, 0))),
            ("admin rhythm wrapup fri 3:15 pm", AdminRhythm(Slot.WRAPUP, 4, time(15, 15))),
            ("admin time teampost Fri 16:00", AdminRhythm(Slot.TEAM_POST, 4, time(16, 0))),
            ("admin schedule channel sun 7am", AdminRhythm(Slot.TEAM_POST, 6, time(7, 0))),
            ("admin rhythm board sat 23:59", AdminRhythm(Slot.TEAM_POST, 5, time(23, 59))),
        ],
    )
    def test_rhythm(self, text: str, expected: AdminRhythm) -> None:
        assert parse(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "admin rhythm kickoff funday 9",
            "admin rhythm kickoff mon 25:00",
            "admin rhythm kickoff mon noonish",
            "admin rhythm brunch mon 9",
            "admin rhythm kickoff mon",
            "admin rhythm",
        ],
    )
    def test_rhythm_errors(self, text: str) -> None:
        result = error(text)
        assert result.usage == USAGE["admin"]
        assert_one_line(result)

    @pytest.mark.parametrize(
        ("text", "days"),
        [
            ("admin days mon-fri", (0, 1, 2, 3, 4)),
            ("admin workdays mon,tue,thu", (0, 1, 3)),
            ("admin working-days sat sun", (5, 6)),
        ],
    )
    def test_days(self, text: str, days: tuple[int, ...]) -> None:
        assert parse(text) == AdminDays(days)

    @pytest.mark.parametrize("text", ["admin days", "admin days weekdays", "admin days mon-"])
    def test_days_errors(self, text: str) -> None:
        assert error(text).usage == USAGE["admin"]

    @pytest.mark.parametrize("head", ["timezone", "tz"])
    def test_admin_timezone(self, head: str) -> None:
        assert parse(f"admin {head} Europe/London") == AdminTimezone("Europe/London")

    @pytest.mark.parametrize("text", ["admin timezone", "admin tz New York"])
    def test_admin_timezone_errors(self, text: str) -> None:
        assert error(text).usage == USAGE["admin"]

    @pytest.mark.parametrize(
        "text", ["admin activity", "admin activities", "admin catalog", "admin activity list"]
    )
    def test_activity_list(self, text: str) -> None:
        assert parse(text) == AdminActivityList()

    def test_activity_add_keeps_the_label_case_and_lowercases_the_key(self) -> None:
        assert parse("admin activity add Coffee 3 Coffee chat with a GP") == AdminActivityAdd(
            "coffee", 3, "Coffee chat with a GP"
        )

    @pytest.mark.parametrize(
        "text",
        [
            "admin activity add x",
            "admin activity add x 3",
            "admin activity add x three Coffee",
            "admin activity add x 0 Coffee",
            "admin activity add x 101 Coffee",
            "admin activity add",
        ],
    )
    def test_activity_add_errors(self, text: str) -> None:
        result = error(text)
        assert "1–100" in result.message
        assert result.usage == USAGE["admin"]
        assert_one_line(result)

    def test_activity_points(self) -> None:
        assert parse("admin activity points Talk 7") == AdminActivityPoints("talk", 7)

    @pytest.mark.parametrize(
        "text",
        ["admin activity points talk", "admin activity points talk 7 more",
         "admin activity points talk 200", "admin activity points"],
    )
    def test_activity_points_errors(self, text: str) -> None:
        assert error(text).usage == USAGE["admin"]

    @pytest.mark.parametrize("verb", ["remove", "retire", "delete"])
    def test_activity_remove(self, verb: str) -> None:
        assert parse(f"admin activity {verb} Talk") == AdminActivityRemove("talk")

    @pytest.mark.parametrize("text", ["admin activity remove", "admin activity remove a b"])
    def test_activity_remove_errors(self, text: str) -> None:
        assert error(text).usage == USAGE["admin"]

    def test_activity_unknown_verb(self) -> None:
        result = error("admin activity rename talk speech")
        assert "rename" in result.message
        assert result.usage == USAGE["admin"]

    @pytest.mark.parametrize(
        ("text", "period"),
        [("admin report", Period.WEEK), ("admin report month", Period.MONTH),
         ("admin report this quarter", Period.QUARTER)],
    )
    def test_report(self, text: str, period: Period) -> None:
        assert parse(text) == AdminReport(period)

    def test_report_bad_period_uses_the_admin_usage(self) -> None:
        assert error("admin report decade").usage == USAGE["admin"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("admin role @sam admin", AdminRole("sam", Role.ADMIN)),
            ("admin role Sam Lee member", AdminRole("Sam Lee", Role.MEMBER)),
            ("admin role sam ADMIN", AdminRole("sam", Role.ADMIN)),
            ("admin promote @sam", AdminRole("sam", Role.ADMIN)),
            ("admin demote sam", AdminRole("sam", Role.MEMBER)),
        ],
    )
    def test_role(self, text: str, expected: AdminRole) -> None:
        assert parse(text) == expected

    @pytest.mark.parametrize(
        "text", ["admin role sam boss", "admin role admin", "admin role", "admin promote",
                 "admin role sam owner"]
    )
    def test_role_errors(self, text: str) -> None:
        result = error(text)
        assert result.usage == USAGE["admin"]
        assert_one_line(result)

    def test_unknown_admin_setting(self) -> None:
        result = error("admin colour purple")
        assert "colour" in result.message
        assert result.usage == USAGE["admin"]


# --- clock times and weekdays ------------------------------------------------------------


class TestParseClockTime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("9", time(9, 0)),
            ("9:30", time(9, 30)),
            ("09:00", time(9, 0)),
            ("0:00", time(0, 0)),
            ("23:59", time(23, 59)),
            ("3pm", time(15, 0)),
            ("3 PM", time(15, 0)),
            ("3:15 pm", time(15, 15)),
            ("12am", time(0, 0)),
            ("12pm", time(12, 0)),
            ("12:30am", time(0, 30)),
            ("11pm", time(23, 0)),
            ("  7am ", time(7, 0)),
        ],
    )
    def test_valid(self, text: str, expected: time) -> None:
        assert parse_clock_time(text) == expected

    @pytest.mark.parametrize(
        "text",
        ["", "24:00", "9:60", "13pm", "0am", "9:5", "nine", "9.30", "-1", "123", "9:30:00",
         "pm", "9 o'clock"],
    )
    def test_invalid(self, text: str) -> None:
        assert parse_clock_time(text) is None


class TestParseWeekdays:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("mon-fri", (0, 1, 2, 3, 4)),
            ("Mon-Fri", (0, 1, 2, 3, 4)),
            ("mon,tue,thu", (0, 1, 3)),
            ("mon tue wed", (0, 1, 2)),
            ("monday, wednesday", (0, 2)),
            ("thurs", (3,)),
            ("fri-mon", (0, 4, 5, 6)),
            ("sun-sat", (0, 1, 2, 3, 4, 5, 6)),
            ("mon mon mon", (0,)),
            ("tue-thu, sat", (1, 2, 3, 5)),
        ],
    )
    def test_valid(self, text: str, expected: tuple[int, ...]) -> None:
        assert parse_weekdays(text) == expected

    @pytest.mark.parametrize("text", ["", "   ", "weekdays", "mon-", "-fri", "mon-funday", "1-5"])
    def test_invalid(self, text: str) -> None:
        assert parse_weekdays(text) is None


# --- USAGE ------------------------------------------------------------------------------------


class TestUsage:
    def test_every_subcommand_has_one_line_of_usage_starting_with_outreach(self) -> None:
        expected = {"commit", "done", "missed", "move", "cancel", "log", "list", "streak",
                    "board", "pause", "resume", "timezone", "quiet", "sources", "export",
                    "forget", "plan", "report", "admin", "help", "me", "edit",
                    "undo"}
        assert expected <= set(USAGE)   # and any verb a family adds
        for name, line in USAGE.items():
            assert line.startswith(f"/outreach {name}"), name
            assert "\n" not in line

    def test_every_usage_topic_parses_as_itself(self) -> None:
        for name in USAGE:
            assert parse(f"help {name}") == Help(name)


# --- hostile and odd input -----------------------------------------------------------------


class TestOddInput:
    def test_text_over_the_limit_is_refused(self) -> None:
        result = error("log " + "x" * MAX_COMMAND_CHARS)
        assert "2,000" in result.message
        assert result.usage == USAGE["help"]
        assert_one_line(result)

    def test_text_at_the_limit_is_accepted(self) -> None:
        text = "log " + "x" * (MAX_COMMAND_CHARS - 4)
        assert len(text) == MAX_COMMAND_CHARS
        assert parse(text) == Log("x" * (MAX_COMMAND_CHARS - 4))

    def test_a_long_intention_is_refused_before_any_parsing(self) -> None:
        assert isinstance(parse("When " + "tuesday " * 300 + ", I will call"), ParseError)

    @pytest.mark.parametrize(
        "text",
        [
            "\x00",
            "done\x00#3",
            "\u200b\u200c\u200d",
            "\u202edone #3",
            "done #٣",
            "commit 🎉🎉🎉 podcast",
            "commit زيارة العيادة",
            "commit \U0001f469\u200d\u2695\ufe0f visit",
            "\ud7ff\ue000\uffff",
            "#",
            "@@@",
            "'",
            "’",
            ":",
            "admin activity add \x00 5 \x00",
            "done #" + "9" * 50,
        ],
    )
    def test_odd_input_never_raises(self, text: str) -> None:
        result = parse(text)
        assert isinstance(result, (*COMMAND_TYPES, ParseError))

    def test_control_characters_inside_a_command_are_ignored(self) -> None:
        assert parse("done\x00 #3\x07 nice") == Done(3, "nice")

    def test_zero_width_space_before_a_command(self) -> None:
        assert parse("\u200bdone #3") == Done(3)

    def test_emoji_survive_in_the_note(self) -> None:
        assert parse("done #3 🎉 went great") == Done(3, "🎉 went great")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises_and_returns_a_command_or_an_error(text: str) -> None:
    result = parse(text)
    assert isinstance(result, (*COMMAND_TYPES, ParseError))
    if isinstance(result, ParseError):
        assert result.message and result.usage in USAGE.values()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_note_after_a_ref_is_kept_cleaned(note: str) -> None:
    assert parse(f"done #7 {note}") == Done(7, clean(note))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(USAGE)), st.text(max_size=60))
def test_every_subcommand_with_any_tail_never_raises(name: str, tail: str) -> None:
    result = parse(f"/outreach {name} {tail}")
    assert isinstance(result, (*COMMAND_TYPES, ParseError))


def test_command_values_are_frozen() -> None:
    for kind in COMMAND_TYPES:
        assert dataclasses.is_dataclass(kind)
        assert kind.__dataclass_params__.frozen, kind  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "marked"), [
    ("done #3", True), ("done 3", False), ("missed #3 rain", True), ("didn't happen 3", False),
    ("move #5", True), ("move 5", False), ("cancel #6", True), ("cancel 6", False),
])
def test_a_reference_remembers_whether_it_had_its_hash(text: str, marked: bool) -> None:
    """Buttons sent before numbers were per member carry a bare database id; the use case
    tells a click on one of those apart by the missing "#"."""
    command = parse(text)
    assert getattr(command, "marked", None) is marked
