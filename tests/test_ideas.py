"""Ideas that fit, through the real Coach on SQLite and PostgreSQL: `ideas` matched to a
member's plan, filters, a tap that commits one this week, the admins' library, and the one
idea a Monday kickoff offers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.delivery import Delivery
from bot.ideas_library import DEFAULT_IDEAS
from bot.messages import Reply
from bot.model import Kind
from bot.nudges import kickoff
from bot.nudges.nudge import ToMember
from storage.uow import uow_factory
from tests.conftest import Conversation


def planned(chat: Conversation, who: str = "Alex", niche: str = "anxious kids and teens",
            referrers: str = "pediatricians, school counselors") -> None:
    chat.say(who, f"plan niche {niche}")
    chat.say(who, f"plan referrers {referrers}")


def ideas_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM ideas")).scalar_one())


def test_ideas_fit_the_plan_and_one_tap_commits_one_this_week(chat: Conversation) -> None:
    planned(chat)
    listing = chat.say("Alex", "ideas")
    assert listing.startswith("💡 Ideas that fit your plan (anxiety, kids, teens · "
                              "pediatrician, school):")
    assert chat.last is not None
    buttons = chat.last.buttons
    assert 3 <= len(buttons) <= 5
    assert all(b.command.startswith("commit ") and b.command.endswith(" source:none")
               for b in buttons)
    for other_niche in ("perinatal", "couples", "substance", "grief", "LGBTQ"):
        assert other_niche not in listing
    committed = chat.say("Alex", buttons[0].command)
    assert committed.startswith("📌 Committed #1: This week (by Friday), I will ")
    assert "#1" in chat.say("Alex", "list")


def test_filters_and_an_unknown_filter(chat: Conversation, engine: Engine) -> None:
    school = chat.say("Alex", "ideas school")
    assert school.startswith("💡 Ideas for school:")
    assert chat.last is not None and len(chat.last.buttons) == 5
    assert "PTA" in school or "school" in school.split("\n", 1)[1].lower()
    anxiety = chat.say("Alex", "ideas anxiety")
    assert all("anx" in line.lower() or "stress" in line.lower() or "performance" in line
               for line in anxiety.split("\n")[1:-1])
    unknown = chat.say("Alex", "ideas astrologers")
    assert chat.last is not None and not chat.last.ok
    assert "I don't know “astrologers” as a referrer or a niche" in unknown
    assert "Referrers: pediatrician, physician" in unknown and "Niches: anxiety" in unknown
    no_plan = chat.say("Sam", "ideas")
    assert no_plan.startswith("💡 A few ideas to try. Tell me your niche")
    assert ideas_rows(engine) == 0


def test_admins_edit_the_library_of_their_own_workspace(chat: Conversation, engine: Engine
                                                        ) -> None:
    refused = chat.say("Alex", "admin ideas add offer a talk on teen sleep kind:school")
    assert refused.startswith("Only the practice owner or an admin can do that.")
    assert "Only the practice owner" in chat.say("Alex", "admin ideas remove 1")
    assert ideas_rows(engine) == 0

    listing = chat.say("Owner", "admin ideas")
    assert listing.startswith("💡 Ideas library: 52 defaults, 0 of your own.")
    assert ("1. Offer a 15-minute lunch talk on anxious kids at a pediatric office — "
            "pediatrician · anxiety, kids · problem-solving [peds-anxiety-lunch]") in listing

    phi = chat.say("Owner", "admin ideas add call Jane Doe's mother about her panic attacks "
                            "kind:school")
    assert phi.startswith("🔒 I didn't save that") and "Jane" not in phi
    assert "needs" not in chat.say("Owner", "admin ideas add hi")   # too short: said, not kept
    assert chat.last is not None and not chat.last.ok
    assert chat.say("Owner", "admin ideas add " + "x" * 250).startswith("An idea is 12–200")
    assert ideas_rows(engine) == 0

    added = chat.say("Owner", "admin ideas add offer a talk on teen sleep and screens at a "
                              "PTA kind:school niche:teens shows:problem-solving")
    assert added == ("💡 Added idea 101: Offer a talk on teen sleep and screens at a PTA — "
                     "school · teens · problem-solving.")
    assert "already in the library" in chat.say(
        "Owner", "admin ideas add Offer a talk on teen sleep and screens at a PTA")
    assert "Offer a talk on teen sleep and screens at a PTA" in chat.say("Alex", "ideas teens")

    assert chat.say("Owner", "admin ideas remove 1").startswith(
        "🗑 Hid idea 1 (peds-anxiety-lunch).")
    assert "lunch talk on anxious kids" not in chat.say("Alex", "ideas pediatrician")
    assert "Idea 1 is already hidden" in chat.say("Owner", "admin ideas remove 1")
    assert "no idea “999”" in chat.say("Owner", "admin ideas remove 999")
    shown = chat.say("Owner", "admin ideas")
    assert shown.startswith("💡 Ideas library: 51 defaults, 1 of your own, 1 hidden.")
    assert "101. Offer a talk on teen sleep and screens at a PTA — school · teens · " \
           "problem-solving [own-101]" in shown

    other = Conversation(chat.coach, chat.clock, team="T2")   # another practice
    other.say("Boss", "list")
    assert "teen sleep" not in other.say("Boss", "admin ideas")
    assert other.say("Boss", "admin ideas").startswith("💡 Ideas library: 52 defaults, 0")

    assert chat.say("Owner", "admin ideas restore") == (
        "💡 Brought back 1 default idea. Your own ideas are unchanged.")
    assert "Every default idea is already" in chat.say("Owner", "admin ideas restore")
    assert chat.say("Owner", "admin ideas remove own-101") == "🗑 Deleted your idea 101."
    assert ideas_rows(engine) == 0
    with engine.connect() as conn:
        details = conn.execute(text("SELECT detail FROM accountability_log WHERE detail LIKE "
                                    "'ideas%' ORDER BY id")).scalars().all()
    assert details == ["ideas add own-101", "ideas remove peds-anxiety-lunch",
                       "ideas restore", "ideas remove own-101"]


def test_a_niche_with_few_ideas_still_gets_three_never_another_niches(
        chat: Conversation) -> None:
    addiction = [i for i in DEFAULT_IDEAS if "addiction" in i.niches]
    kept, hidden = addiction[0], addiction[1:]
    for idea in hidden:
        chat.say("Owner", f"admin ideas remove {idea.number}")
    planned(chat, niche="substance use", referrers="probation officers")
    listing = chat.say("Alex", "ideas").split("\n")
    assert listing[0] == "💡 Ideas that fit your plan (addiction · legal):"
    assert listing[1].startswith(f"1. {kept.text[0].upper()}{kept.text[1:]} — ")
    assert chat.last is not None and len(chat.last.buttons) == 3
    by_text = {i.text[1:60]: i for i in DEFAULT_IDEAS}
    made_up = [next(i for t, i in by_text.items() if t in line) for line in listing[2:4]]
    assert all(not i.niches for i in made_up)   # for any niche: never another niche's


def kickoff_for(engine: Engine, who: str, at: datetime) -> Reply | None:
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.list_all()[0]
        member = uow.members.by_platform_id(workspace.id, who)
        assert member is not None
        day = at.date()
        delivery = Delivery(0, workspace.id, member.id, Kind.KICKOFF.value,
                            f"kickoff:{member.id}:{day.isoformat()}", day, at, 0)
        return kickoff.words(uow, ToMember(workspace, delivery, at, member))


def idea_in(reply: Reply | None) -> tuple[list[str], list[str]]:
    assert reply is not None
    lines = [line for line in reply.text.split("\n") if line.startswith("💡")]
    commands = [b.command for b in reply.buttons if b.label.startswith("💡")]
    return lines, commands


def test_the_kickoff_offers_one_fitting_idea_the_same_all_week(
        chat: Conversation, engine: Engine, clock: MovableClock) -> None:
    planned(chat)
    chat.say("Sam", "list")
    monday = clock.now().replace(hour=9)
    lines, commands = idea_in(kickoff_for(engine, "alex", monday))
    assert len(lines) == len(commands) == 1
    assert lines[0].startswith("💡 An idea that fits: ")
    assert (lines, commands) == idea_in(kickoff_for(engine, "alex", monday))   # re-sent
    committed = chat.say("Alex", commands[0])
    assert committed.startswith("📌 Committed #1: This week (by Friday), I will ")

    weeks = {idea_in(kickoff_for(engine, "alex", monday + timedelta(weeks=n)))[1][0]
             for n in range(1, 5)}
    assert len(weeks) >= 3   # it rotates week to week
    assert idea_in(kickoff_for(engine, "sam", monday)) == ([], [])   # nothing known: none

    chat.say("Sam", "plan niche men in midlife transitions")   # nothing in the library fits
    assert idea_in(kickoff_for(engine, "sam", monday)) == ([], [])


def test_an_overdue_source_gets_an_idea_that_reaches_it(
        chat: Conversation, engine: Engine, clock: MovableClock) -> None:
    assert "📇 Added" in chat.say("Alex", "sources add Grace Church tier:A")
    clock.move_by(timedelta(days=35))   # Monday 4 January: a month without a touch
    at = clock.now().replace(hour=9)
    lines, commands = idea_in(kickoff_for(engine, "alex", at))
    assert len(commands) == 1 and commands[0].endswith(" source:#1")
    assert lines[0].endswith("· for Grace Church, overdue for a touch")
    chat.say("Alex", commands[0])
    chat.say("Alex", "done")
    assert "last touch today" in chat.say("Alex", "sources")


def test_an_idea_that_names_a_day_is_refused_so_a_tap_commits_it_as_written(
        chat: Conversation, engine: Engine) -> None:
    """A tap commits an idea "this week", as written: an idea whose words the commit would
    read as a day ("in 2 weeks", "on friday", "tomorrow") would be committed for another
    day, its words cut — it is refused when added."""
    for dated in ("visit school counselors in 2 weeks kind:school",
                  "visit a pediatric office on friday with flyers kind:pediatrician",
                  "offer a talk tomorrow at the library kind:community",
                  "offer a stress talk at the library next week"):
        refused = chat.say("Owner", f"admin ideas add {dated}")
        assert refused.startswith("An idea is committed this week as written, so it can't "
                                  "name a day or a situation"), dated
        assert chat.last is not None and not chat.last.ok
    assert ideas_rows(engine) == 0
    kept = ("offer a talk on screen time at the library kind:community",
            "drop flyers at 3 schools kind:school",
            "#3 visit the school counselor with flyers kind:school")
    for idea in kept:
        assert chat.say("Owner", f"admin ideas add {idea}").startswith("💡 Added idea")
    chat.say("Alex", "ideas school")   # no plan: the practice's own come first
    assert chat.last is not None
    taps = [b.command for b in chat.last.buttons if "flyers" in b.command]
    assert len(taps) == 2
    for number, tap in enumerate(taps, 1):
        said = chat.say("Alex", tap)
        written = tap.removeprefix("commit ").removesuffix(" source:none")
        assert said.startswith(f"📌 Committed #{number}: This week (by Friday), I will "
                               f"{written}."), said


def test_removing_an_idea_twice_says_it_is_hidden_already(chat: Conversation) -> None:
    assert chat.say("Owner", "admin ideas remove 3").startswith("🗑 Hid idea 3")
    again = chat.say("Owner", "admin ideas remove 3")
    assert again == ("Idea 3 is already hidden. admin ideas restore brings the defaults "
                     "back.")
    assert chat.last is not None and not chat.last.ok
    for nothing in ("0", "-1", "99999999999999999999", "own-7"):
        assert chat.say("Owner", f"admin ideas remove {nothing}").startswith(
            f"There's no idea “{nothing}” in the library.")


def test_a_filter_of_several_words_narrows_by_each_it_can(chat: Conversation) -> None:
    """`ideas school anxiety empathy` used to list "Ideas for anxiety" — a Rotary talk on
    workplace stress among them — the referrer asked for dropped without a word. Each word
    now narrows the list while ideas are left, and a word that would leave none is named."""
    listing = chat.say("Alex", "ideas school anxiety empathy")
    lines = listing.split("\n")
    assert lines[0] == "💡 Ideas for anxiety · school (none also shows empathy):"
    shown = [line for line in lines[1:] if line[:1].isdigit()]
    by_line = {i.text[1:50]: i for i in DEFAULT_IDEAS}
    ideas = [next(i for t, i in by_line.items() if t in line) for line in shown]
    assert ideas and all("school" in i.kinds and "anxiety" in i.niches for i in ideas)
    assert "Rotary" not in listing
    assert chat.say("Alex", "ideas anxious teens").startswith("💡 Ideas for anxiety · teens:")
    assert chat.say("Alex", "ideas school").startswith("💡 Ideas for school:")   # as before


def test_a_hidden_default_added_again_is_pointed_to_restore_not_duplicated(
        chat: Conversation, engine: Engine) -> None:
    idea = DEFAULT_IDEAS[17]
    chat.say("Owner", f"admin ideas remove {idea.number}")
    again = chat.say("Owner", f"admin ideas add {idea.text.upper()} kind:school")
    assert again == (f"That's default idea {idea.number}, which is hidden: admin ideas "
                     "restore brings it back.")
    assert chat.last is not None and not chat.last.ok
    chat.say("Owner", "admin ideas restore")
    assert chat.say("Owner", "admin ideas").count(idea.text[1:40]) == 1
    assert ideas_rows(engine) == 0
