"""What did that show? — the edges a careless or hostile member finds: a share that outlives
an undo, a share that promises a post that will never carry it, stale buttons on items that
didn't happen, were moved or cancelled, and a number typed on a full-width keyboard. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.usecases.retention import forget_old_words
from storage.uow import uow_factory
from tests.conftest import Conversation
from tests.test_showing import click, friday_post, showings


def test_an_undone_done_takes_its_share_back(chat: Conversation, clock: MovableClock,
                                             engine: Engine) -> None:
    """The member offered the words said when marking done; undo, then done with other words:
    those were never offered, so they must not reach the channel."""
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    chat.say("Alex", "done #1 the front desk loved the handout")
    chat.say("Alex", "showed #1 empathy")
    assert chat.say("Alex", "share #1").startswith("🌟")
    undone = chat.say("Alex", "undo")
    assert undone == ("↩️ Undid your done: #1 visit Sunrise Pediatrics is open again. "
                      "It won't be in Friday's team post.")
    assert showings(engine) == [(1, "empathy", False)]   # what it showed stays
    chat.say("Alex", "done #1 said something else entirely this time")
    friday = clock.now() + timedelta(days=4, hours=6)
    assert "🌟" not in friday_post(engine, friday)
    assert chat.say("Alex", "share #1").startswith("🌟")   # offered again, knowingly
    assert "said something else entirely" in friday_post(engine, friday)


def test_an_earlier_weeks_item_is_not_promised_to_fridays_post(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    clock.move_by(timedelta(days=7))   # the next Monday: last week's post has gone
    refused = chat.say("Alex", "share #1")
    assert refused == ("#1 was done in an earlier week: Friday's team post tells only "
                       "this week's outreach. Nothing changed.")
    assert chat.last is not None and not chat.last.ok
    assert showings(engine) == []
    assert "🌟" not in friday_post(engine, clock.now() + timedelta(days=4, hours=6))


def test_after_this_weeks_post_went_out_sharing_says_so(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    clock.move_by(timedelta(days=5))   # Saturday: Friday's post went out yesterday
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO deliveries (workspace_id, member_id, kind, dedupe_key, local_date, "
            "due_at, status, attempts, next_attempt_at, created_at, sent_at) "
            "SELECT id, NULL, 'teampost', 'teampost:test', :day, :at, 'sent', 1, :at, :at, "
            ":at FROM workspaces"), {"day": clock.now().date() - timedelta(days=1),
                                     "at": clock.now() - timedelta(days=1)})
    chat.say("Alex", "log coffee with Pastor Dan")
    refused = chat.say("Alex", "share #1")
    assert refused == ("This week's team post has gone out already, so #1 can't be in it. "
                       "Nothing changed.")
    assert showings(engine) == []


def test_stale_buttons_on_items_that_were_not_done_say_what_became_of_them(
        chat: Conversation, engine: Engine) -> None:
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    chat.say("Alex", "commit email the pediatric group tue")
    chat.say("Alex", "commit call Dr Lee's office fri")
    chat.say("Alex", "missed #1")
    chat.say("Alex", "move #2")
    chat.say("Alex", "cancel #3")
    assert click(chat, "Alex", "showed #1 empathy") == (
        "#1 “visit Sunrise Pediatrics” is marked as didn't happen, so there's nothing to "
        "tag. Nothing changed.")
    assert click(chat, "Alex", "share #2") == (
        "#2 “email the pediatric group” was moved to next week — tag or share the new one "
        "once it's done (/outreach list shows its number). Nothing changed.")
    assert click(chat, "Alex", "showed #3 skip") == (
        "#3 “call Dr Lee's office” was cancelled, so there's nothing to tag. Nothing changed.")
    assert showings(engine) == []


def test_a_full_width_number_sign_and_digits_are_read(chat: Conversation,
                                                      engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    assert chat.say("Alex", "showed ＃１ empathy") == "🏷️ Noted: #1 showed empathy."
    assert chat.say("Alex", "share ＃１").startswith("🌟")
    assert showings(engine) == [(1, "empathy", True)]


def test_tagging_an_earlier_weeks_item_offers_no_share_button(
        chat: Conversation, clock: MovableClock) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    clock.move_by(timedelta(days=7))
    assert chat.say("Alex", "showed #1 empathy") == "🏷️ Noted: #1 showed empathy."
    assert chat.last is not None
    assert [b.label for b in chat.last.buttons] == ["Relationship", "Problem-solving"]


def test_sharing_an_untagged_item_does_not_promise_what_it_showed(chat: Conversation) -> None:
    chat.say("Owner", "admin channel #outreach")
    chat.say("Alex", "log talk at the Rotary Club")
    assert chat.say("Alex", "share #1") == (
        "🌟 Friday's team post may carry #1 with your name: “talk at the Rotary Club” (one "
        "story a week). /outreach share #1 off takes it back.")
    chat.say("Alex", "share #1 off")
    chat.say("Alex", "showed #1 relationship")
    assert chat.say("Alex", "share #1").startswith(
        "🌟 Friday's team post may carry #1 with your name and that it showed relationship: "
        "“talk at the Rotary Club”")


def test_sharing_without_a_team_channel_says_no_post_will_carry_it(
        chat: Conversation) -> None:
    """Friday's post goes only to a team channel an admin picked: without one, a share is kept
    (a channel picked this week would carry it) but the member is told the post isn't there."""
    chat.say("Alex", "log talk at the Rotary Club")
    shared = chat.say("Alex", "share #1")
    assert shared.endswith("/outreach share #1 off takes it back. There's no team channel yet, "
                           "so no Friday post until an admin picks one.")
    chat.say("Owner", "admin channel #outreach")
    chat.say("Alex", "share #1 off")
    assert chat.say("Alex", "share #1").endswith("/outreach share #1 off takes it back.")


def test_words_cleared_by_retention_are_neither_shared_nor_posted(
        chat: Conversation, clock: MovableClock, engine: Engine) -> None:
    """A short retention period clears a done note within its own week: the story that was
    shared goes quiet, and a new share has nothing to offer."""
    chat.say("Alex", "commit visit Sunrise Pediatrics today")
    chat.say("Alex", "done #1 the front desk loved the handout")
    chat.say("Alex", "commit call Dr Lee's office today")
    chat.say("Alex", "done #2 asked about a lunch talk")
    assert chat.say("Alex", "share #1").startswith("🌟")
    clock.move_by(timedelta(days=2))
    with uow_factory(engine)() as uow:
        forget_old_words(uow, uow.workspaces.list_all()[0], clock.now(), 1)
        uow.commit()
    assert chat.say("Alex", "share #2").startswith("#2 has no words to share")
    post = friday_post(engine, clock.now() + timedelta(days=2, hours=6))
    assert "🌟" not in post and "handout" not in post


def test_another_workspaces_or_a_forgotten_members_number_finds_nothing(
        chat: Conversation, engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    other = Conversation(chat.coach, chat.clock, team="T2")
    other.say("Owner", "list")
    for line in ("showed #1 empathy", "share #1"):
        assert other.say("Alex", line).startswith("I can't find #1"), line
    assert chat.say("Alex", "forget me confirm").startswith("🗑 Deleted your data.")
    for line in ("showed #1 empathy", "share #1", "share #1 off"):
        assert click(chat, "Alex", line).startswith("I can't find #1"), line
    assert showings(engine) == []


def test_a_number_followed_by_a_colon_or_comma_is_read(chat: Conversation,
                                                       engine: Engine) -> None:
    chat.say("Alex", "log talk at the Rotary Club")
    assert chat.say("Alex", "showed #1: empathy") == "🏷️ Noted: #1 showed empathy."
    assert chat.say("Alex", "Showed #1, relationship.") == (
        "🏷️ Added relationship: #1 now shows empathy · relationship.")
    assert chat.say("Alex", "share #1:").startswith("🌟")
    assert showings(engine) == [(1, "empathy,relationship", True)]


def test_a_mistapped_tag_can_be_put_right_with_only(chat: Conversation,
                                                    engine: Engine) -> None:
    """A tap on the wrong button (a phone, a thumb) is otherwise there for good: a tag can only
    be added to. `showed #n only …` says what it showed instead."""
    chat.say("Alex", "log talk at the Rotary Club")
    click(chat, "Alex", "showed #1 problem-solving")   # meant relationship
    assert "/outreach showed #number [only] empathy" in chat.say("Alex", "help showed")
    assert chat.say("Alex", "showed #1 only relationship") == (
        "🏷️ Now #1 shows relationship.")
    assert showings(engine) == [(1, "relationship", False)]
    assert chat.say("Alex", "showed #1 just relationship") == (
        "#1 already shows relationship — nothing changed.")
    assert chat.say("Alex", "showed #1 only skip") == "👍 Skipped — I won't ask about #1 again."
    assert showings(engine) == [(1, "", False)]
    assert "This quarter you showed" not in chat.say("Alex", "streak")
