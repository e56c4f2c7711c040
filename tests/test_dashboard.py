"""The owner's dashboard on SQLite and PostgreSQL: a quarter played through the real `Coach`
with the clock pinned, then `dashboard.view` and `pages.render` read, every number checked
against a count made by hand below; what a clinician's page leaves out; hostile words
escaped; the CSV downloads are `admin export`'s and `export`'s own files.

The practice runs on America/New_York, and so do Olivia (the owner), Alex and Samira. Points:
visit 3, lunch-and-learn 4, talk 5, networking 2. Q4 2026 runs Oct 1 – Dec 31 (92 days).

Week (Monday) | Alex                                | Samira                         | team
Oct 19        | visit Sunrise #1 done Wed 3         | talk at Lincoln, logged 5      | 8
Oct 26        | talk at Rotary #2 didn't happen     | visit Lincoln, logged 3        | 3
Nov 2         | lunch-and-learn Valley, logged 4    | visit Lincoln #3 moved → #4    | 4
Nov 9         | visit Sunrise, logged 3             | #4 done Thu Nov 12 3           | 6
Nov 16        | quiet                               | networking, logged 2           | 2
Nov 23        | visit Sunrise #5 done Wed 3         | quiet                          | 3
Nov 30        | talk at Rotary #6 open (Thu Dec 3)  |                                | 0

Quarter: Alex made 4 (#1 #2 #5 #6), kept 2, didn't happen 1, open 1, logged 2, 13 pts (goal
13/20 pts); plan of 4 activities, 2 with something done (visit Sunrise, lunch-and-learn).
Samira made 2 (#3 #4), kept 1, moved 1, logged 3, 13 pts. Team 26 of 150; an even pace has
round(150 × 61/92) = 99 by Mon Nov 30.

Streaks (one freeze a quarter): Alex Oct 19 1, Oct 26 frozen, Nov 2 2, Nov 9 3, Nov 16 broken,
Nov 23 1 → 1 now, best 3. Samira Oct 19 1, Oct 26 2, Nov 2 frozen, Nov 9 3, Nov 16 4: still 4
on Sunday Nov 29 (a week not over breaks nothing), 0 from midnight that night; best 4.

Sources: #1 Sunrise Pediatrics (pediatrician, A, Alex), #2 Lincoln Middle School (school, B,
Samira), #3 Valley Family Medicine (physician, C, Olivia), #4 Grace Church (clergy, C,
every 20 days, Samira) never touched: overdue since Oct 19 + 21 days = Nov 9, listed first.
Referrals: Sunrise 2 in Nov 2026 and 5 in Mar 2026; Lincoln 1 in Oct 2026 and 7 in Nov 2025
(outside Dec 2025 – Nov 2026). Touches in the year: Sunrise Oct 21, Nov 9, Nov 25; Lincoln
Oct 19, Oct 26, Nov 12; Valley Nov 3.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from bot.clock import MovableClock
from bot.coach import Coach
from bot.delivery import DeliveryStatus
from bot.messages import Attachment
from bot.model import Due, Kind, Platform
from bot.streaks import runs_of
from bot.usecases.dashboard import ClinicianRow, DashboardView, PracticeView
from handlers.dashboard.pages import render, render_message
from storage.models import DeliveryRow
from storage.repositories.deliveries import DeliveryWriter
from tests.conftest import Conversation

NY = ZoneInfo("America/New_York")
BASE = "/dashboard/console-T1"
TOKEN = "csrf-token-for-the-test"
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=NY)      # Monday


@pytest.fixture
def quarter(coach: Coach) -> Conversation:
    """The quarter above, played to Mon Nov 30 09:00."""
    clock = MovableClock(datetime(2026, 10, 19, 10, 0, tzinfo=NY))
    chat = Conversation(coach, clock)
    play_the_quarter(chat, clock)
    return chat


def play_the_quarter(chat: Conversation, clock: MovableClock) -> None:
    def at(month: int, day: int, hour: int) -> None:
        clock.move_to(datetime(2026, month, day, hour, 0, tzinfo=NY))

    def say(who: str, line: str, expect: str) -> None:
        reply = chat.say(who, line)
        assert expect in reply, (line, reply)

    say("Olivia", "list", "No open commitments")
    say("Alex", "goal 20 pts", "Goal set")
    say("Samira", "list", "No open commitments")
    say("Olivia", "sources add Sunrise Pediatrics tier:A owner:Alex", "Added #1")
    say("Olivia", "sources add Lincoln Middle School tier:B owner:Samira", "Added #2")
    say("Olivia", "sources add Valley Family Medicine tier:C", "Added #3")
    say("Olivia", "sources add Grace Church tier:C cadence:20 owner:Samira", "Added #4")
    say("Alex", "plan niche anxious teens", "Niche: anxious teens")
    say("Alex", "plan referrers pediatricians, school counselors", "Referrers:")
    for item in ("visit Sunrise Pediatrics", "lunch-and-learn at Valley Family Medicine",
                 "talk at the Rotary Club", "podcast about teen anxiety"):
        say("Alex", f"plan add {item}", item)
    say("Alex", "plan submit", "Saved your plan")
    say("Alex", "commit visit Sunrise Pediatrics wed", "Committed #1")
    say("Samira", "log talk at Lincoln Middle School today", "+5 pts")
    at(10, 21, 14)
    say("Alex", "done #1", "+3 pts")
    at(10, 26, 9)
    say("Alex", "commit talk at the Rotary Club thu", "Committed #2")
    say("Samira", "log visit Lincoln Middle School today", "+3 pts")
    at(10, 29, 18)
    say("Alex", "missed #2", "didn't happen")
    at(11, 2, 9)
    say("Samira", "commit visit Lincoln Middle School thu", "Committed #3")
    at(11, 3, 12)
    say("Alex", "log lunch-and-learn at Valley Family Medicine today", "+4 pts")
    at(11, 5, 17)
    say("Samira", "move #3", "Moved to next week as #4")
    at(11, 9, 11)
    say("Alex", "log visit Sunrise Pediatrics today", "+3 pts")
    at(11, 12, 15)
    say("Samira", "done #4", "+3 pts")
    at(11, 16, 12)
    say("Samira", "log networking event at the Chamber of Commerce today", "+2 pts")
    at(11, 23, 9)
    say("Alex", "commit visit Sunrise Pediatrics wed", "Committed #5")
    at(11, 25, 13)
    say("Alex", "done #5", "+3 pts")
    for words in ("#1 nov 2", "#2 oct 1", "#1 2026-03 5", "#2 2025-11 7"):
        say("Olivia", f"admin referrals {words}", "📈")
    at(11, 30, 9)
    say("Alex", "commit talk at the Rotary Club thu", "Committed #6")


def ids(coach: Coach) -> dict[str, int]:
    with coach.uow() as uow:
        workspace = uow.workspaces.find(Platform.CONSOLE, "T1")
        assert workspace is not None
        members = {m.display_name: m.id for m in uow.members.list_active(workspace.id)}
        return {"workspace": workspace.id, **members}


def view_as(coach: Coach, who: str, now: datetime) -> DashboardView:
    known = ids(coach)
    found = coach.dashboard(known["workspace"], known[who], now)
    assert found is not None
    return found


def practice_of(coach: Coach, now: datetime) -> PracticeView:
    found = view_as(coach, "Olivia", now).practice
    assert found is not None
    return found


def rows(practice: PracticeView) -> dict[str, ClinicianRow]:
    return {row.name: row for row in practice.clinicians}


def test_the_owners_numbers_for_the_quarter(coach: Coach, quarter: Conversation) -> None:
    practice = practice_of(coach, NOW)
    goal = practice.goal
    assert (goal.label, goal.start, goal.end, goal.points, goal.goal) == (
        "Q4 2026", date(2026, 10, 1), date(2027, 1, 1), 26, 150)
    assert practice.pace == 99 and round(practice.weekly_pace, 2) == 11.54
    assert practice.weeks == (
        (date(2026, 9, 14), 0), (date(2026, 9, 21), 0), (date(2026, 9, 28), 0),
        (date(2026, 10, 5), 0), (date(2026, 10, 12), 0), (date(2026, 10, 19), 8),
        (date(2026, 10, 26), 3), (date(2026, 11, 2), 4), (date(2026, 11, 9), 6),
        (date(2026, 11, 16), 2), (date(2026, 11, 23), 3), (date(2026, 11, 30), 0))
    assert practice.weeks_total == 26 and practice.weeks_on_pace == 0
    alex, samira = rows(practice)["Alex"], rows(practice)["Samira"]
    assert [r.name for r in practice.clinicians] == ["Alex", "Samira"]   # Olivia: no outreach
    assert (alex.counts.made, alex.counts.kept, alex.counts.missed, alex.counts.moved,
            alex.counts.open, alex.counts.logged, alex.counts.points) == (4, 2, 1, 0, 1, 2, 13)
    assert (samira.counts.made, samira.counts.kept, samira.counts.missed, samira.counts.moved,
            samira.counts.open, samira.counts.logged, samira.counts.points) == (
        2, 1, 0, 1, 0, 3, 13)
    assert (alex.streak, alex.best_streak, samira.streak, samira.best_streak) == (1, 3, 0, 4)
    assert (alex.plan, alex.plan_done, alex.plan_total) == (
        "plan 2/4 activities done (waiting for review)", 2, 4)
    assert (samira.plan, samira.plan_total) == ("no plan yet this quarter", 0)
    assert (alex.goal, samira.goal) == ("goal 13/20 pts", None)
    assert practice.mix == (("Referral-source visit", 5), ("Community talk or workshop", 1),
                            ("Lunch-and-learn", 1), ("Networking event", 1))
    assert practice.failures == ()


def test_sources_overdue_first_and_outreach_against_referrals(coach: Coach,
                                                             quarter: Conversation) -> None:
    practice = practice_of(coach, NOW)
    assert [(s.name, s.owner, s.last_touch, s.overdue_since) for s in practice.sources] == [
        ("Grace Church", "Samira", None, date(2026, 11, 9)),
        ("Sunrise Pediatrics", "Alex", date(2026, 11, 25), None),
        ("Lincoln Middle School", "Samira", date(2026, 11, 12), None),
        ("Valley Family Medicine", "Olivia", date(2026, 11, 3), None)]
    assert (practice.year_start, practice.year_last) == (date(2025, 12, 1), date(2026, 11, 1))
    by_kind = {k.kind: k for k in practice.outreach}
    assert list(by_kind) == ["physician", "pediatrician", "school", "clergy"]
    months = {kind: {m: (t, r) for m, t, r in k.months if t or r} for kind, k in by_kind.items()}
    assert months == {
        "physician": {date(2026, 11, 1): (1, 0)},
        "pediatrician": {date(2026, 3, 1): (0, 5), date(2026, 10, 1): (1, 0),
                         date(2026, 11, 1): (2, 2)},
        "school": {date(2026, 10, 1): (2, 1), date(2026, 11, 1): (1, 0)},
        "clergy": {}}
    assert all(len(k.months) == 12 for k in practice.outreach)
    assert [(k.kind, k.sources, k.touches, k.referrals) for k in practice.outreach] == [
        ("physician", 1, 1, 0), ("pediatrician", 1, 3, 7), ("school", 1, 3, 1),
        ("clergy", 1, 0, 0)]
    assert [(s.name, s.touches, s.referrals, s.followed) for s in practice.outcomes] == [
        ("Sunrise Pediatrics", 3, 7, 2), ("Lincoln Middle School", 3, 1, 1),
        ("Valley Family Medicine", 1, 0, 0), ("Grace Church", 0, 0, 0)]


def test_a_sunday_night_and_the_midnight_after_it(coach: Coach, quarter: Conversation) -> None:
    sunday = practice_of(coach, datetime(2026, 11, 29, 23, 59, 59, tzinfo=NY))
    assert {r.name: (r.streak, r.best_streak) for r in sunday.clinicians} == {
        "Alex": (1, 3), "Samira": (4, 4)}
    assert sunday.weeks[0] == (date(2026, 9, 7), 0) and sunday.weeks[-1] == (
        date(2026, 11, 23), 3)
    assert sunday.pace == round(150 * 60 / 92)
    midnight = practice_of(coach, datetime(2026, 11, 30, 0, 0, tzinfo=NY))
    assert {r.name: (r.streak, r.best_streak) for r in midnight.clinicians} == {
        "Alex": (1, 3), "Samira": (0, 4)}
    assert midnight.weeks[-1] == (date(2026, 11, 30), 0) and midnight.pace == 99


def test_across_the_quarters_boundary(coach: Coach, quarter: Conversation) -> None:
    last = practice_of(coach, datetime(2026, 12, 31, 23, 59, 59, tzinfo=NY))
    assert (last.goal.label, last.goal.points, last.pace) == ("Q4 2026", 26, 150)
    first = practice_of(coach, datetime(2027, 1, 1, 0, 0, tzinfo=NY))
    assert (first.goal.label, first.goal.points, first.pace) == ("Q1 2027", 0, 2)
    assert first.weeks[0] == (date(2026, 10, 12), 0) and first.weeks_total == 26
    assert {r.name: (r.counts.made, r.counts.points, r.streak, r.best_streak, r.plan, r.goal)
            for r in first.clinicians} == {
        "Alex": (0, 0, 0, 3, "no plan yet this quarter", None),
        "Samira": (0, 0, 0, 4, "no plan yet this quarter", None)}
    assert first.mix == ()
    assert (first.year_start, first.year_last) == (date(2026, 2, 1), date(2027, 1, 1))


def test_a_clinicians_own_page(coach: Coach, quarter: Conversation) -> None:
    found = view_as(coach, "Alex", NOW)
    assert found.practice is None and found.own is not None and not found.viewer.is_admin
    own = found.own
    assert (own.streak, own.best_streak, own.this_week_kept, own.freezes_left) == (1, 3, False,
                                                                                    0)
    assert [(c.number, c.what, c.day, c.done) for c in own.this_week] == [
        (6, "talk at the Rotary Club", date(2026, 12, 3), False)]
    assert own.still_open == () and own.coming_up == ()
    assert [(c.number, c.day) for c in own.recent] == [
        (5, date(2026, 11, 25)), (4, date(2026, 11, 9)), (3, date(2026, 11, 3)),
        (1, date(2026, 10, 21))]   # #2 didn't happen: not on their page
    assert own.plan is not None and (own.plan.quarter, own.plan.done) == ("Q4 2026", 2)
    assert own.plan.items == (("visit Sunrise Pediatrics", "done"),
                              ("lunch-and-learn at Valley Family Medicine", "done"),
                              ("talk at the Rotary Club", "planned"),
                              ("podcast about teen anxiety", "not started"))
    assert [(s.name, s.overdue_since) for s in own.sources] == [("Sunrise Pediatrics", None)]
    samira = view_as(coach, "Samira", NOW).own
    assert samira is not None and samira.plan is None
    assert [(s.name, s.overdue_since) for s in samira.sources] == [
        ("Grace Church", date(2026, 11, 9)), ("Lincoln Middle School", None)]
    assert [c.number for c in samira.recent] == [5, 4, 2, 1]


def test_a_clinicians_open_items_from_before_and_coming_up(coach: Coach,
                                                          clock: MovableClock) -> None:
    chat = Conversation(coach, clock)
    clock.move_to(datetime(2026, 11, 16, 9, 0, tzinfo=NY))
    chat.say("Olivia", "list")
    assert "Committed #1" in chat.say("Ana", "commit visit Lincoln Middle School thu")
    clock.move_to(NOW)
    assert "Committed #2" in chat.say("Ana", "commit talk at the library next tuesday")
    assert "Committed #3" in chat.say("Ana", "commit visit Valley Family Medicine wed")
    assert "+2 pts" in chat.say("Ana", "log networking event at the chamber today")
    found = view_as(coach, "Ana", NOW)
    own = found.own
    assert own is not None
    assert [(c.number, c.day, c.done) for c in own.still_open] == [
        (1, date(2026, 11, 19), False)]
    assert [(c.number, c.day, c.done) for c in own.this_week] == [
        (4, date(2026, 11, 30), True), (3, date(2026, 12, 2), False)]
    assert [(c.number, c.day) for c in own.coming_up] == [(2, date(2026, 12, 8))]
    assert own.recent == () and (own.streak, own.this_week_kept) == (1, True)
    page = Page.of(render(found, base=BASE, csrf_token=TOKEN))
    text = " ".join(page.text.split())
    assert "Still open from earlier weeks #1 visit Lincoln Middle School" in text
    assert "Coming up #2 talk at the library — Tue Dec 8, 2026" in text
    assert "This week is kept ✓" in text
    assert not re.search(r"miss|didn.t happen|overdue|late\b|behind", text, re.IGNORECASE)


def test_the_clinicians_page_shows_nobody_else_and_no_miss(coach: Coach,
                                                          quarter: Conversation) -> None:
    html = render(view_as(coach, "Alex", NOW), base=BASE, csrf_token=TOKEN)
    text = visible_text(html)
    for other in ("Samira", "Olivia", "Lincoln Middle School", "Grace Church"):
        assert other not in html, other
    for admin_only in ('id="goal"', 'id="weeks"', 'id="clinicians"', 'id="mix"',
                       'id="outreach"', 'id="failed"', "Team goal", "accountability-log",
                       "/download/commitments"):
        assert admin_only not in html, admin_only
    assert not re.search(r"miss|didn.t happen|overdue|behind", text, re.IGNORECASE)
    assert "Your streak" in text and "1 week (best 3)" in " ".join(text.split())
    assert f'href="{BASE}/download/my-commitments"' in html


def test_the_owners_page_says_the_numbers(coach: Coach, quarter: Conversation) -> None:
    html = render(view_as(coach, "Olivia", NOW), base=BASE, csrf_token=TOKEN)
    page = Page.of(html)
    text = " ".join(page.text.split())
    assert "26 of 150 points (17 %)" in text
    assert "would have 99 points by Mon Nov 30, 2026: the team is 73 points short" in text
    assert "The last 12 weeks: 26 points; 0 of 12 weeks at or above" in text
    assert page.table_row("Alex") == ["Alex", "1", "3", "4", "2", "1", "0", "1", "2", "13",
                                      "plan 2/4 activities done (waiting for review)",
                                      "goal 13/20 pts"]
    assert page.table_row("Samira") == ["Samira", "0", "4", "2", "1", "0", "1", "0", "3", "13",
                                        "no plan yet this quarter", "—"]
    assert page.table_row("Grace Church")[-1] == "Overdue since Mon Nov 9, 2026"
    sources = [r[0] for r in page.tables[page.table_with("Grace Church")]]
    assert sources[1:] == ["Grace Church", "Sunrise Pediatrics", "Lincoln Middle School",
                           "Valley Family Medicine"]
    assert "Outreach and referrals, Dec 2025 – Nov 2026" in text
    assert page.table_row("Sunrise Pediatrics", last=True) == [
        "Sunrise Pediatrics", "pediatrician", "3", "7", "2"]
    for name in ("commitments", "referral-outcomes", "accountability-log"):
        assert f'href="{BASE}/download/{name}"' in html
    # the goal, the weeks, and a chart for each kind of source with something in the year
    assert page.tags["svg"] == 5 and set(page.svg_descs) == {
        "quarter-goal-desc", "weekly-points-desc", "outreach-physician-desc",
        "outreach-pediatrician-desc", "outreach-school-desc"}
    assert "Clergy (1 source) In twelve months: no outreach and no referrals recorded yet." in text
    assert "In twelve months: 3 pieces of outreach and 7 referrals." in text
    assert "Mar 2026: 0 outreach, 5 referrals" in page.svg_descs["outreach-pediatrician-desc"]
    desc = page.svg_descs["weekly-points-desc"]
    assert "week of Oct 19: 8" in desc and "week of Nov 30: 0" in desc


def test_failed_deliveries_show_to_the_owner(coach: Coach, engine: Engine,
                                            quarter: Conversation) -> None:
    known = ids(coach)
    failed_at = datetime(2026, 11, 27, 16, 0, tzinfo=NY)
    with Session(engine) as session, session.begin():
        writer = DeliveryWriter(session)
        due = Due(Kind.KICKOFF, known["workspace"], known["Samira"], date(2026, 11, 23),
                  failed_at)
        writer.add([due], failed_at)
        [delivery] = session.scalars(select(DeliveryRow.id).where(
            DeliveryRow.dedupe_key == due.key))
        writer.take([delivery], "test", failed_at + timedelta(minutes=1))
        assert writer.done(delivery, "test", DeliveryStatus.FAILED, "user_not_found")
    practice = practice_of(coach, NOW)
    assert [(f.what, f.to, f.error) for f in practice.failures] == [
        ("Monday kickoff", "Samira", "user not found")]
    html = render(view_as(coach, "Olivia", NOW), base=BASE, csrf_token=TOKEN)
    assert "The Monday kickoff to Samira: user not found" in html
    assert "kickoff" not in render(view_as(coach, "Samira", NOW), base=BASE, csrf_token=TOKEN)


HOSTILE = ('<script>alert(1)</script>', "<!channel>", '"><img src=x onerror=alert(1)>')


def test_hostile_names_and_words_come_out_as_text(coach: Coach, clock: MovableClock) -> None:
    chat = Conversation(coach, clock)
    chat.say("Olivia", "list")
    for n, name in enumerate(HOSTILE):
        chat.say(name, "list")
        chat.say(name, f"log visit {name} today")
        assert "Added" in chat.say("Olivia", f"sources add Clinic {n} {name} tier:A"), name
    known = ids(coach)
    for who in ("Olivia", *HOSTILE):
        found = coach.dashboard(known["workspace"], known[who], clock.now())
        assert found is not None
        html = render(found, base=BASE, csrf_token='"><script>x</script>')
        page = Page.of(html)    # parses: the hostile words made no element
        assert page.tags.keys() <= SAFE_TAGS, page.tags.keys() - SAFE_TAGS
        assert "<script" not in html and "<img" not in html and "<!channel>" not in html
        shown = {name for name in HOSTILE if str(escape(name)) in html}
        assert shown == (set(HOSTILE) if who == "Olivia" else {who}), who
        assert page.inputs["csrf_token"] == '"><script>x</script>'
        assert all(name in page.text for name in shown)    # read as the words they are
        if who != "Olivia":
            assert f"visit {who}" in page.text and f"Clinic {HOSTILE.index(who)}" not in html


def test_structure_of_both_pages(coach: Coach, quarter: Conversation) -> None:
    for who in ("Olivia", "Alex"):
        page = Page.of(render(view_as(coach, who, NOW), base=BASE, csrf_token=TOKEN))
        assert page.tags["h1"] == 1, who
        assert page.sections and all(h2 for h2 in page.sections), who
        assert page.untitled_th == 0 and page.styled == 0
        assert "script" not in page.tags and "style" not in page.tags
        assert page.links["stylesheet"] == "/dashboard/static/dashboard.css"
        assert page.viewport == "width=device-width, initial-scale=1"
        assert page.forms == [("post", "/dashboard/sign-out")]
        assert page.inputs["csrf_token"] == TOKEN and "Sign out" in page.buttons
        assert len(page.ids) == len(set(page.ids)), who
        assert page.labelledby <= set(page.ids), page.labelledby - set(page.ids)


def test_downloads_are_the_exports_files(coach: Coach, quarter: Conversation) -> None:
    chat = quarter
    known = ids(coach)
    chat.clock.move_to(NOW)

    def download(who: str, name: str) -> Attachment | None:
        return coach.dashboard_download(known["workspace"], known[who], name, NOW)

    got = {name: download("Olivia", name)
           for name in ("commitments", "referral-outcomes", "accountability-log")}
    chat.say("Olivia", "admin export all")
    assert chat.last is not None
    exported = {a.filename: a for a in chat.last.attachments}
    for name, stamp in (("commitments", "commitments-2026-11-30.csv"),
                        ("referral-outcomes", "referral-outcomes-2026-11-30.csv")):
        attachment = got[name]
        assert attachment is not None and attachment.filename == stamp
        assert attachment.content == exported[stamp].content and attachment.rows > 0
    log = got["accountability-log"]
    assert log is not None and log.filename == "accountability-log-2026-11-30.csv"
    # Downloads are noted in the log as exports are: the export, made after them, has the
    # same rows plus the lines the downloads added.
    later = exported["accountability-log-2026-11-30.csv"].content
    assert later.startswith(log.content)
    added = list(csv.reader(io.StringIO(later[len(log.content):].decode())))
    assert [(r[1], r[2], r[5]) for r in added] == [("Olivia", "export", "log (dashboard)")]

    mine = download("Alex", "my-commitments")
    chat.say("Alex", "export")
    assert mine is not None and chat.last is not None
    assert mine.content == chat.last.attachments[0].content
    assert mine.filename == "my-commitments-2026-11-30.csv"
    names = {row[2] for row in csv.reader(io.StringIO(mine.content.decode("utf-8-sig")))}
    assert names == {"member", "Alex"}
    for name in ("commitments", "referral-outcomes", "accountability-log"):
        assert download("Alex", name) is None, name
    for name in ("", "nope", "../commitments", "commitments.csv", "COMMITMENTS", "my-commitments/"):
        assert download("Olivia", name) is None, name


def test_nobody_for_a_member_who_left_or_a_stranger(coach: Coach, quarter: Conversation) -> None:
    chat = quarter
    known = ids(coach)
    assert coach.dashboard(known["workspace"], 999_999, NOW) is None
    assert coach.dashboard(known["workspace"] + 1, known["Alex"], NOW) is None
    assert coach.dashboard_download(known["workspace"] + 1, known["Olivia"], "commitments",
                                    NOW) is None
    chat.say("Alex", "forget me confirm")
    assert coach.dashboard(known["workspace"], known["Alex"], NOW) is None
    assert coach.dashboard_download(known["workspace"], known["Alex"], "my-commitments",
                                    NOW) is None
    practice = practice_of(coach, NOW)
    assert [r.name for r in practice.clinicians] == ["Samira"]
    assert [s.owner for s in practice.sources if s.name == "Sunrise Pediatrics"] == ["Olivia"]


def test_a_message_page_in_the_same_look() -> None:
    html = render_message("This link has expired", 'Type <b>dashboard</b> in the chat "now"')
    page = Page.of(html)
    assert page.tags["h1"] == 1 and "script" not in page.tags and page.styled == 0
    assert page.links["stylesheet"] == "/dashboard/static/dashboard.css"
    assert page.viewport == "width=device-width, initial-scale=1"
    assert "<b>" not in html and 'Type <b>dashboard</b> in the chat "now"' in page.text
    assert page.forms == []


def test_kept_weeks_read_as_runs(coach: Coach, quarter: Conversation) -> None:
    known = ids(coach)
    with coach.uow() as uow:
        runs = uow.commitments.kept_runs(known["workspace"])
        assert runs == {
            known["Alex"]: [(date(2026, 10, 19), 1), (date(2026, 11, 2), 2),
                            (date(2026, 11, 23), 1)],
            known["Samira"]: [(date(2026, 10, 19), 2), (date(2026, 11, 9), 2)]}
        for member in ("Alex", "Samira"):
            assert runs[known[member]] == runs_of(
                uow.commitments.kept_weeks(known["workspace"], known[member]))


def test_the_owners_page_reads_the_same_for_two_clinicians_or_six(coach: Coach,
                                                                  engine: Engine) -> None:
    """No statement a member: the page's queries do not grow with the practice."""
    clock = MovableClock(datetime(2026, 11, 23, 10, 0, tzinfo=NY))
    chat = Conversation(coach, clock)
    chat.say("Olivia", "sources add Sunrise Pediatrics tier:A")
    sent: list[str] = []

    def count(*args: object) -> None:
        sent.append(str(args[2]))

    statements = []
    for name in ("Ana", "Ben", "Cy", "Di", "Ed", "Flo"):
        chat.say(name, "goal 10 pts")
        chat.say(name, "plan add visit Sunrise Pediatrics")
        chat.say(name, "plan submit")
        chat.say(name, "log visit Sunrise Pediatrics today")
        chat.say(name, "commit talk at the library thu")
        event.listen(engine, "before_cursor_execute", count)
        render(view_as(coach, "Olivia", NOW), base=BASE, csrf_token=TOKEN)
        event.remove(engine, "before_cursor_execute", count)
        statements.append(len(sent))
        sent.clear()
    assert len(practice_of(coach, NOW).clinicians) == 6
    assert statements[1] == statements[-1], statements


def visible_text(html: str) -> str:
    return Page.of(html).text


SAFE_TAGS = {"html", "head", "meta", "title", "link", "body", "header", "p", "div", "strong",
             "form", "input", "button", "main", "h1", "h2", "h3", "section", "svg", "desc",
             "rect", "line", "text", "details", "summary", "table", "thead", "tbody", "tr",
             "th", "td", "time", "span", "ul", "ol", "li", "a", "code", "dl", "dt", "dd"}


VOID = {"meta", "link", "input", "br", "img", "hr"}


class Page(HTMLParser):
    """What a test reads of a page: its elements, text, tables, forms and charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.text = ""
        self.sections: list[bool] = []     # whether each section has an h2
        self.untitled_th = 0
        self.styled = 0
        self.links: dict[str, str] = {}
        self.viewport = ""
        self.forms: list[tuple[str, str]] = []
        self.inputs: dict[str, str] = {}
        self.buttons = ""
        self.ids: list[str] = []
        self.labelledby: set[str] = set()
        self.tables: list[list[list[str]]] = []
        self.svg_descs: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._desc: str | None = None
        self._in: list[str] = []

    @classmethod
    def of(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag not in VOID:
            self._in.append(tag)
        self.styled += "style" in found
        if "id" in found:
            self.ids.append(found["id"])
        self.labelledby |= set(found.get("aria-labelledby", "").split())
        if tag == "section":
            self.sections.append(False)
        elif tag == "h2" and self.sections:
            self.sections[-1] = True
        elif tag == "th":
            self.untitled_th += found.get("scope") not in ("col", "row")
        if tag == "link":
            self.links[found.get("rel", "")] = found.get("href", "")
        elif tag == "meta" and found.get("name") == "viewport":
            self.viewport = found.get("content", "")
        elif tag == "form":
            self.forms.append((found.get("method", ""), found.get("action", "")))
        elif tag == "input":
            self.inputs[found.get("name", "")] = found.get("value", "")
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "desc":
            self._desc = found.get("id", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if "svg" not in self._in and "title" not in self._in:
            self.text += data
        if self._cell is not None:
            self._cell.append(data)
        if "button" in self._in:
            self.buttons += data
        if self._desc is not None and "desc" in self._in:
            self.svg_descs[self._desc] = self.svg_descs.get(self._desc, "") + data

    def table_with(self, first_cell: str, last: bool = False) -> int:
        found = [n for n, table in enumerate(self.tables)
                 if any(row and row[0] == first_cell for row in table)]
        assert found, first_cell
        return found[-1] if last else found[0]

    def table_row(self, first_cell: str, last: bool = False) -> list[str]:
        table = self.tables[self.table_with(first_cell, last)]
        return next(row for row in table if row and row[0] == first_cell)
