"""What did that show? — the question after done and log, the tags, the quarter's mix and the
one story a member may share with Friday's team post, as conversations with the core on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.delivery import Delivery
from bot.model import Kind, Origin
from bot.nudges import team_post
from bot.nudges.nudge import Occasion
from storage.uow import uow_factory
from tests.conftest import Conversation

QUESTION = [("Empathy", "showed #1 empathy"), ("Relationship", "showed #1 relationship"),
            ("Problem-solving", "showed #1 problem-solving"), ("Skip", "showed #1 skip")]


def buttons(chat: Conversation) -> list[tuple[str, str]]:
    assert chat.last is not None
    return [(b.label, b.command) for b in chat.last.buttons]


def click(chat: Conversation, who: str, command: str) -> str:
    chat.last = chat.coach.handle(chat.actor(who), command, chat.clock.now(), Origin.BUTTON)
    return chat.last.text


def showings(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT c.number, s.tags, s.shared FROM showings s JOIN commitments c "
            "ON c.id = s.commitment_id ORDER BY c.number"))]


def done_one(chat: Conversation, clock: MovableClock, note: str = "") -> str:
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    clock.move_by(timedelta(days=3))
    return chat.say("Alex", f"done #1 {note}".strip())


def test_done_asks_once_and_a_click_stores_the_tag(chat: Conversation, clock: MovableClock,
                                                   engine: Engine) -> None:
    done = done_one(chat, clock)
    assert done.startswith("✅ Done: visit Sunrise Pediatrics (+3 pts)")
    assert done.endswith("💬 What did that show? Tap any that fit — optional.")
    assert buttons(chat) == QUESTION
    assert click(chat, "Alex", "showed #1 empathy") == "🏷️ Noted: #1 showed empathy."
    assert buttons(chat) == [("Relationship", "showed #1 relationship"),
                             ("Problem-solving", "showed #1 problem-solving")]
    assert showings(engine) == [(1, "empathy", False)]
    # A second click on the question adds that tag, and says so; the same one changes nothing.
    assert click(chat, "Alex", "showed #1 problem-solving") == (
        "🏷️ Added problem-solving: #1 now shows empathy · problem-solving.")
    again = click(chat, "Alex", "showed #1 empathy")
    assert again == "#1 already shows empathy · problem-solving — nothing changed."
    assert chat.last is not None and not chat.last.ok
    assert click(chat, "Alex", "showed #1 skip").endswith("nothing changed.")
    assert showings(engine) == [(1, "empathy,problem-solving", False)]


def test_log_asks_too_and_several_can_be_typed_at_once(chat: Conversation,
                                                       engine: Engine) -> None:
    logged = chat.say("Alex", "log talk at the Rotary Club")
    assert logged.startswith("🙌 Logged #1: talk at the Rotary Club")
    assert "What did that show?" in logged and buttons(chat) == QUESTION
    noted = chat.say("Alex", "showed #1 empathy problem solving relationship-building")
    assert noted == "🏷️ Noted: #1 showed empathy · relationship · problem-solving."
    assert buttons(chat) == [("Share in Friday's post", "share #1")]
    assert showings(engine) == [(1, "empathy,relationship,problem-solving", False)]


def test_a_skip_is_remembered_and_the_question_not_asked_again(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    done_one(chat, clock)
    assert click(chat, "Alex", "showed #1 skip") == "👍 Skipped — I won't ask about #1 again."
    assert click(chat, "Alex", "showed #1 skip") == "#1 was skipped already — nothing changed."
    assert showings(engine) == [(1, "", False)]
    chat.say("Alex", "undo")   # done taken back, then done again: answered, so not asked
    redone = chat.say("Alex", "done #1")
    assert redone.startswith("✅ Done") and "What did that show?" not in redone
    assert buttons(chat) == []
    # A tag button clicked later still adds its tag.
    assert click(chat, "Alex", "showed #1 relationship") == "🏷️ Noted: #1 showed relationship."


def test_stale_and_foreign_items_are_answered_like_stale_commands(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    done_one(chat, clock)
    for who, line in (("Sam", "showed #1 empathy"), ("Alex", "showed #9 empathy"),
                      ("Sam", "share #1")):
        reply = click(chat, who, line)
        assert reply == (f"I can't find #{line.split('#')[1][0]} among your commitments. "
                         "/outreach list shows their numbers."), (who, line)
        assert chat.last is not None and not chat.last.ok
    chat.say("Alex", "commit podcast interview fri")
    open_one = chat.say("Alex", "showed #2 empathy")
    assert open_one == ("#2 “podcast interview” isn't done yet — what it showed can be noted "
                        "once it's done. Nothing changed.")
    assert showings(engine) == []


def test_the_question_can_be_turned_off_and_on(chat: Conversation, clock: MovableClock,
                                               engine: Engine) -> None:
    assert "The question after done and log is on" in chat.say("Alex", "showing")
    assert chat.say("Alex", "showing off").startswith("🔕 I won't ask")
    logged = chat.say("Alex", "log talk at the Rotary Club")
    assert "What did that show?" not in logged and buttons(chat) == []
    assert "Nothing tagged yet this quarter." in chat.say("Alex", "showing")
    assert chat.say("Alex", "showed #1 empathy") == "🏷️ Noted: #1 showed empathy."   # still
    assert chat.say("Alex", "showing on").startswith("💬 After done and log I'll ask")
    assert "What did that show?" in chat.say("Alex", "log coffee with Pastor Dan")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT ask_showing FROM members WHERE "
                                 "platform_user_id = 'alex'")).scalar() in (True, 1)


def test_the_quarters_mix_in_streak_list_all_and_the_report(chat: Conversation,
                                                            clock: MovableClock) -> None:
    assert "This quarter you showed" not in chat.say("Alex", "streak")
    chat.say("Alex", "log talk at the Rotary Club")
    chat.say("Alex", "showed #1 empathy problem-solving")
    chat.say("Alex", "log coffee with Pastor Dan")
    chat.say("Alex", "showed #2 empathy")
    chat.say("Sam", "log lunch-and-learn at Valley Family Medicine")
    chat.say("Sam", "showed #1 relationship")
    mine = "This quarter you showed: empathy 2 · relationship 0 · problem-solving 1"
    assert chat.say("Alex", "streak").endswith(mine)
    assert chat.say("Alex", "list all").endswith(mine)
    assert mine not in chat.say("Alex", "list")
    assert "This quarter you showed: empathy 0 · relationship 1 · problem-solving 0" in \
        chat.say("Sam", "streak")
    assert "What the team showed in Q4 2026: empathy 2 · relationship 1 · problem-solving 1" \
        in chat.say("Owner", "report")
    clock.move_by(timedelta(days=35))   # a new quarter starts from nothing
    assert "This quarter you showed" not in chat.say("Alex", "streak")
    assert "What the team showed" not in chat.say("Owner", "report")
    assert "What the team showed in Q4 2026: empathy 2" in chat.say("Owner", "report last "
                                                                    "quarter")


def friday_post(engine: Engine, now: datetime, team: str = "T1") -> str:
    with uow_factory(engine)() as uow:
        workspace = next(w for w in uow.workspaces.list_all() if w.external_id == team)
        day = now.date()
        delivery = Delivery(1, workspace.id, None, Kind.TEAM_POST.value,
                            f"teampost:w{workspace.id}:{day.isoformat()}", day, now, 0)
        return team_post.words(uow, Occasion(workspace, delivery, now)).text


def test_one_shared_story_goes_in_fridays_post(chat: Conversation, clock: MovableClock,
                                              engine: Engine) -> None:
    done_one(chat, clock, "the nurse manager asked for a talk on anxious kids")
    chat.say("Alex", "showed #1 empathy relationship")
    assert buttons(chat)[-1] == ("Share in Friday's post", "share #1")
    shared = click(chat, "Alex", "share #1")
    assert shared.startswith("🌟 Friday's team post may carry #1 with your name")
    assert "“the nurse manager asked for a talk on anxious kids”" in shared
    assert click(chat, "Alex", "share #1").endswith("is shared already — nothing changed.")
    chat.say("Sam", "log coffee with Pastor Dan")   # done, not shared: never in the story
    chat.say("Sam", "showed #1 empathy")
    friday = clock.now() + timedelta(days=1, hours=6)
    post = friday_post(engine, friday)
    story = [line for line in post.splitlines() if line.startswith("🌟")]
    assert story == ["🌟 Alex showed empathy · relationship: “the nurse manager asked for a "
                     "talk on anxious kids”"]
    assert "Sam" not in post
    assert chat.say("Alex", "share #1 off") == "🙈 #1 won't be in Friday's team post."
    assert "🌟" not in friday_post(engine, friday)
    assert chat.say("Alex", "share #1 off") == "#1 isn't shared — nothing changed."


def test_at_most_one_story_and_only_from_that_week(chat: Conversation, clock: MovableClock,
                                                  engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club yesterday")
    chat.say("Alex", "share #1")
    chat.say("Sam", "log coffee with Pastor Dan")
    chat.say("Sam", "showed #1 relationship")
    chat.say("Sam", "share #1")
    friday = clock.now() + timedelta(days=4, hours=6)
    stories = [line for line in friday_post(engine, friday).splitlines()
               if line.startswith("🌟")]
    assert stories in (["🌟 Alex: “talk at the Rotary Club”"],
                       ["🌟 Sam showed relationship: “coffee with Pastor Dan”"])
    assert "🌟" not in friday_post(engine, friday + timedelta(days=7))


def test_what_cannot_be_shared_is_said_and_nothing_changes(chat: Conversation,
                                                           clock: MovableClock,
                                                           engine: Engine) -> None:
    done_one(chat, clock)   # done without a note: no words of its own to share
    reply = chat.say("Alex", "share #1")
    assert reply.startswith("#1 has no words to share")
    chat.say("Alex", "commit podcast interview fri")
    assert "isn't done yet — it can be shared once it's done" in chat.say("Alex", "share #2")
    assert showings(engine) == []


def test_words_the_guard_now_refuses_are_not_shared_nor_posted(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    with engine.begin() as conn:   # as if the guard had learnt more since it was saved
        conn.execute(text("UPDATE commitments SET what = 'talk with my client Jane Doe, "
                          "DOB 04/12/1988'"))
    refused = chat.say("Alex", "share #1")
    assert refused.startswith("🔒 #1 can't be shared") and "Jane" not in refused
    assert showings(engine) == []
    with engine.begin() as conn:
        conn.execute(text("UPDATE showings SET shared = TRUE"))
        conn.execute(text("INSERT INTO showings (workspace_id, commitment_id, tags, shared, "
                          "updated_at) SELECT workspace_id, id, 'empathy', TRUE, created_at "
                          "FROM commitments"))
    post = friday_post(engine, clock.now() + timedelta(days=4, hours=6))
    assert "🌟" not in post and "Jane" not in post


def test_an_undone_log_no_longer_counts_and_forget_me_takes_the_tags(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    chat.say("Alex", "showed #1 empathy")
    chat.say("Alex", "share #1")
    chat.say("Alex", "undo")
    assert "This quarter you showed" not in chat.say("Alex", "streak")
    assert "🌟" not in friday_post(engine, clock.now() + timedelta(days=4, hours=6))
    chat.say("Alex", "log coffee with Pastor Dan")
    chat.say("Alex", "showed #2 relationship")
    assert chat.say("Alex", "forget me confirm").startswith("🗑 Deleted your data.")
    assert showings(engine) == []
