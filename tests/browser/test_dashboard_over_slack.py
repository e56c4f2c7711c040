"""The dashboard in a real browser (headless Chromium), reached from Slack: one served bot
(`python app.py serve --at …`, the fake Slack) for the module, a quarter of a practice seeded
on its database (tests/browser/quarter.py, with the hand count), Alex's talk this week done
over served Slack, and `/outreach dashboard` asked over Slack; the link the fake Slack got
by DM is opened in Chromium and the page read as a person reads it — its headings, the
numbers, the charts' accessible names — and compared with the hand count. A CSV is
downloaded by clicking its link. The browser reports no request to another host, no failed
request and no Content-Security-Policy violation. Links are spent once and expire; a session
opens its own workspace only; the page's Sign out button signs out. A clinician's page holds
only their own. On a phone the page never scrolls sideways (its tables and charts do, in
their own boxes). Screenshots go to tests/artifacts/."""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from bot.coach import Coach
from handlers.dashboard.links import LINK_SALT
from storage.uow import uow_factory
from tests.browser import quarter
from tests.browser.watch import LAPTOP, PHONE, Tab, open_tab
from tests.chromium import sign_in
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import SlackServer, Visit

AT = "2026-12-02T10:00:00-05:00"     # Wednesday; the served bot's clock runs from here
SECRET = "browser-test-dashboard-secret-0123456789"
POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HOW = "Type dashboard in ShowUp"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
           ) -> Iterator[SlackServer]:
    served = SlackServer(tmp_path_factory.mktemp("browser"), template=migrated_sqlite, at=AT,
                         DASHBOARD_SECRET=SECRET)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def practice(server: SlackServer) -> Visit:
    """The seeded quarter, and this week's talk done over served Slack: the module's one
    workspace (the tests below only sign in and out of it)."""
    visit = server.visit()
    for user, name, admin in quarter.PEOPLE:
        visit.fake.add_user(user, name, "America/New_York", admin)
    quarter.play(Coach(uow_factory(server.engine), "America/New_York"), visit.slack.team_id)
    assert "Committed #8" in said(visit, "U0ALEX", "commit talk at the Rotary Club today")
    assert "+5 pts" in said(visit, "U0ALEX", "done #8")
    return visit


def said(visit: Visit, user: str, text: str, team: str | None = None) -> str:
    assert visit.slack.command(user, text, team=team).status == 200
    return str(visit.fake.wait_for(visit.slack.last_response)[-1].args["text"])


def dms(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [c.args for c in fake.calls_to("chat.postMessage")
            if c.args.get("channel") == "D" + user[1:]]


def link_by_dm(visit: Visit, user: str) -> str:
    """`/outreach dashboard`, and the link in the URL button of the DM that came."""
    before = len(dms(visit.fake, user))
    said(visit, user, "dashboard")
    deadline = time.monotonic() + 10
    while len(dms(visit.fake, user)) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    [button] = dms(visit.fake, user)[before]["blocks"][-1]["elements"]
    return str(button["url"])


def page_of(visit: Visit, team: str | None = None) -> str:
    return f"{visit.bot.url}/dashboard/slack-{team or visit.slack.team_id}"


def signed_in(browser: Any, visit: Visit, user: str, **options: Any) -> Tab:
    tab = open_tab(browser, **options)
    response = sign_in(tab.page, link_by_dm(visit, user))
    assert response.status == 200 and tab.page.url == page_of(visit)
    return tab


def expired_twin(link: str, minutes: int) -> str:
    """The same token, signed by the same secret `minutes` before the bot's clock."""
    token = URLSafeTimedSerializer(SECRET, salt=LINK_SALT).loads(
        parse_qs(urlsplit(link).query)["token"][0])
    then = datetime.fromisoformat(AT) - timedelta(minutes=minutes)

    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(then.timestamp())

    signed = URLSafeTimedSerializer(SECRET, salt=LINK_SALT, signer=Then).dumps(token)
    return link.split("?")[0] + f"?token={signed}"


def test_the_owner_reads_the_quarter_and_downloads_a_csv(browser: Any, practice: Visit,
                                                         artifacts: Path) -> None:
    tab = open_tab(browser)
    page = tab.page
    response = sign_in(page, link_by_dm(practice, "U0OWNER"))
    assert response.request.redirected_from.response().status == 303   # the sign-in link
    assert response.status == 200 and page.url == page_of(practice)   # token gone from the bar
    headers = response.all_headers()
    assert headers["content-security-policy"] == POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer" and headers["cache-control"] == "no-store"

    assert page.title() == "Riverbend Counseling — ShowUp"
    assert tab.headings(1) == ["Riverbend Counseling: outreach this quarter"]
    assert tab.headings(2) == [
        "Team goal, Q4 2026", "Points week by week", "Clinicians this quarter",
        "Activity mix this quarter", "Referral sources", "Outreach and referrals, Jan 2026 – "
        "Dec 2026", "Messages that couldn't be delivered", "The practice's data as CSV files"]
    assert "Signed in as Olivia Park (admin)" in tab.text()
    page.screenshot(path=artifacts / "dashboard-owner.png", full_page=True)   # as it opens
    # ...and its first part, the quarter at a glance (the README's picture: tools/docs_images)
    glance = page.get_by_role("region", name="Clinicians this quarter", exact=True)
    bottom = glance.bounding_box()["y"] + glance.bounding_box()["height"] + 16
    page.screenshot(path=artifacts / "dashboard-owner-glance.png", full_page=True,
                    clip={"x": 0, "y": 0, "width": LAPTOP["width"], "height": bottom})

    goal = page.get_by_role("region", name="Team goal, Q4 2026", exact=True).inner_text()
    assert f"{quarter.TEAM_POINTS} of {quarter.GOAL} points (47 %)" in goal
    assert (f"An even pace to the goal would have {quarter.PACE} points by Wed Dec 2, 2026: "
            f"the team is {quarter.PACE - quarter.TEAM_POINTS} points short of it.") in goal
    meter = page.get_by_role("img", name=re.compile(r"^Team points for Q4 2026 against the"))
    assert "47 of 100 points (47 %); an even pace would have 68 points by Wed Dec 2, 2026" \
        in str(meter.locator("desc").text_content())

    # The weekly chart is an image whose name is its title and the numbers it draws.
    weeks = "; ".join(f"week of {monday}: {points}" for monday, points in quarter.WEEKS)
    chart = page.get_by_role("img", exact=True, name=(
        f"Team points in each of the last 12 weeks Points by week: {weeks}. The goal's pace "
        "is 7.7 points a week."))
    assert chart.count() == 1 and chart.is_visible()
    weeks_region = page.get_by_role("region", name="Points week by week", exact=True)
    assert "2 of 12 weeks at or above the goal's pace of 7.7 points a week" in \
        weeks_region.inner_text()
    page.get_by_text("The weeks in a table").click()   # the same numbers, in a table
    assert [int(row[1]) for row in tab.rows("Table: Points week by week")] == [
        points for _, points in quarter.WEEKS]

    clinicians = {row[0]: tuple(row[1:]) for row in tab.rows("Table: Clinicians this quarter")}
    assert clinicians == quarter.CLINICIANS   # Olivia records no outreach: no row
    mix = {row[0]: int(row[1]) for row in tab.rows("Table: Activity mix this quarter")}
    assert mix == quarter.MIX
    sources = [(row[0], row[3], row[6]) for row in tab.rows("Table: Referral sources")]
    assert sources == [("Grace Church", "Samira Haddad", "Overdue since Mon Oct 26, 2026"),
                       ("Sunrise Pediatrics", "Alex Chen", "On track"),
                       ("Lincoln Middle School", "Samira Haddad", "On track"),
                       ("Valley Family Medicine", "Olivia Park", "On track")]
    by_source = {row[0]: (row[2], row[3]) for row in tab.rows(
        "Table: Outreach and referrals by source")}
    assert by_source["Sunrise Pediatrics"] == ("3", "7")   # 5 in March and 2 in November
    assert page.get_by_role("img", name=re.compile(
        r"^Outreach and referrals, pediatrician sources, by month")).count() == 1

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Commitments (CSV)").click()
    download = downloading.value
    assert download.suggested_filename == "commitments-2026-12-02.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        table = list(csv.reader(file))
    assert table[0] == ["id", "number", "member", "what", "activity", "when_where", "due_date",
                        "week", "status", "points", "reflection", "logged", "referral_source",
                        "created_at", "closed_at", "done_on"]   # admin export's own file
    assert len(table) - 1 == quarter.COMMITMENT_ROWS
    assert sum(int(row[9]) for row in table[1:] if row[8] == "done") == quarter.TEAM_POINTS

    tab.assert_clean(practice.bot.url)
    # ...and the watch would have seen it: an image from another host, added to the page,
    # is refused by the policy and reported.
    page.evaluate("""() => { const image = document.createElement('img');
                             image.src = 'https://cdn.example.com/tracker.png';
                             document.body.append(image); }""")
    page.wait_for_function("window.__violations.length > 0")
    assert tab.violations() == ["img-src https://cdn.example.com/tracker.png"]
    tab.page.context.close()


def test_a_clinicians_page_holds_only_their_own(browser: Any, practice: Visit,
                                               artifacts: Path) -> None:
    tab = signed_in(browser, practice, "U0ALEX")
    page = tab.page
    assert tab.headings(1) == ["Your outreach, Alex Chen"]
    assert tab.headings(2) == ["Your streak", "This week", "Recent outreach",
                               "Your plan for Q4 2026", "Your referral sources",
                               "Your data as CSV files"]
    page.screenshot(path=artifacts / "dashboard-clinician.png", full_page=True)
    streak = page.get_by_role("region", name="Your streak").inner_text()
    assert "5 weeks (best 5)" in streak and "This week is kept ✓" in streak
    this_week = page.get_by_role("list", name="This week").inner_text()
    assert this_week == "#8 talk at the Rotary Club — Wed Dec 2, 2026, done ✓"
    recent = page.get_by_role("list", name="Recent outreach").inner_text().splitlines()
    assert recent[0] == "#7 lunch-and-learn at Valley Family Medicine — Tue Nov 24, 2026, done ✓"
    assert not any(line.startswith("#3 ") for line in recent)   # the talk that didn't happen
    plan = page.get_by_role("region", name="Your plan for Q4 2026").inner_text()
    assert "4 of 5 activities done · waiting for review" in plan
    assert [(row[0], row[5]) for row in tab.rows("Table: Your referral sources")] == [
        ("Sunrise Pediatrics", "On schedule")]
    everything = tab.text() + page.content()
    for someone_else in ("Samira", "Haddad", "Jordan", "Olivia", "Lincoln Middle School",
                         "Grace Church", "Riverbend Counseling: outreach"):
        assert someone_else not in everything, someone_else
    assert not re.search(r"didn.t happen|miss|overdue|behind", tab.text(), re.IGNORECASE)
    assert page.get_by_role("link").all_inner_texts() == ["My commitments (CSV)",
                                                          "My activity log (CSV)"]
    practice_file = page.request.get(f"{page_of(practice)}/download/commitments")
    assert practice_file.status == 404 and "Samira" not in practice_file.text()

    with page.expect_download() as downloading:
        page.get_by_role("link", name="My commitments (CSV)").click()
    with open(downloading.value.path(), encoding="utf-8-sig", newline="") as file:
        mine = list(csv.DictReader(file))
    assert len(mine) == 8 and {row["member"] for row in mine} == {"Alex Chen"}
    tab.assert_clean(practice.bot.url)
    page.context.close()


def test_links_are_spent_once_expire_and_open_their_own_workspace_only(
        browser: Any, practice: Visit) -> None:
    spent = link_by_dm(practice, "U0OWNER")
    owner = open_tab(browser)
    assert sign_in(owner.page, spent).status == 200

    replay = open_tab(browser)   # the same link, in another browser
    refused = replay.page.goto(spent)
    assert refused.status == 410 and replay.headings(1) == ["This link has been used"]
    assert HOW in replay.text() and replay.page.context.cookies() == []
    assert replay.page.goto(page_of(practice)).status == 401
    assert replay.headings(1) == ["You're not signed in"]

    fresh = link_by_dm(practice, "U0OWNER")
    late = open_tab(browser)
    expired = late.page.goto(expired_twin(fresh, minutes=16))
    assert expired.status == 410 and late.headings(1) == ["This link has expired"]
    assert "Sign-in links work for 15 minutes." in late.text()
    assert sign_in(late.page, fresh).status == 200   # the same token, in time: it opens
    late.page.context.close()

    other = practice.new_team()
    said(practice, "U0OWNER", "streak", team=other)   # another workspace on the same bot
    elsewhere = owner.page.goto(page_of(practice, other))
    assert elsewhere.status == 403 and owner.headings(1) == ["Not your workspace's dashboard"]
    assert elsewhere.all_headers()["content-security-policy"] == POLICY
    assert "Riverbend" not in owner.text()

    owner.page.goto(page_of(practice))
    owner.page.get_by_role("button", name="Sign out").click()
    owner.page.wait_for_url(f"{practice.bot.url}/dashboard")
    assert owner.headings(1) == ["ShowUp dashboard"] and HOW in owner.text()
    assert [c for c in owner.page.context.cookies() if c["name"] == "showup_dashboard"] == []
    assert owner.page.goto(page_of(practice)).status == 401
    assert "sign in with a link from ShowUp" in owner.text()
    for tab in (owner, replay):
        tab.assert_clean(practice.bot.url, refused=(401, 403, 410))
        tab.page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_page_fits_a_phone_and_a_laptop(browser: Any, practice: Visit, artifacts: Path,
                                            viewport: dict[str, int]) -> None:
    phone = viewport == PHONE
    tab = signed_in(browser, practice, "U0OWNER", viewport=viewport, is_mobile=phone,
                    has_touch=phone)
    fit = tab.overflow()
    assert fit["page"] <= fit["window"] == viewport["width"], fit
    boxes = fit["boxes"]
    assert {box["overflow"] for box in boxes.values()} == {"auto"}
    assert all(box["right"] <= fit["window"] for box in boxes.values()), boxes
    clinicians = boxes["Table: Clinicians this quarter"]
    if phone:   # wider than the phone: it scrolls sideways inside its own box
        tab.page.screenshot(path=artifacts / "dashboard-owner-phone.png", full_page=True)
        assert clinicians["content"] > clinicians["box"]
        wrap = tab.page.get_by_role("region", name="Table: Clinicians this quarter")
        wrap.evaluate("box => box.scrollBy(200, 0)")
        assert wrap.evaluate("box => box.scrollLeft") > 0
        assert tab.page.evaluate("window.scrollX") == 0
        # A chart wider than the phone opens on its latest weeks: this week's bar is in view.
        chart = tab.page.get_by_role("region", name="Chart: points week by week")
        box, week = chart.bounding_box(), chart.get_by_text("Nov 30", exact=True).bounding_box()
        assert box["x"] <= week["x"] and week["x"] + week["width"] <= box["x"] + box["width"]
    else:       # a laptop shows every column, and the charts on the left, with the text
        assert clinicians["content"] <= clinicians["box"], clinicians
        weeks = tab.page.get_by_role("region", name="Points week by week", exact=True)
        text = weeks.get_by_role("paragraph").first.bounding_box()
        chart = weeks.get_by_role("img").bounding_box()
        assert abs(chart["x"] - text["x"]) <= 1 and chart["width"] < text["width"]
    tab.assert_clean(practice.bot.url)
    tab.page.context.close()
