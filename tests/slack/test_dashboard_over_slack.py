"""The dashboard reached from Slack, over real HTTP: `/outreach dashboard` on a served bot
(`python app.py serve`, the fake Slack) sends a one-time link by DM as a URL button; the
link, opened with a cookie-keeping client, signs in once (303 to the workspace's clean
address), the page carries the security headers, and sign-out needs the session's CSRF token
from the dashboard's own origin. Links that are replayed, expired, tampered or signed with
another secret, other workspaces' pages and odd requests are refused with a short page,
never a traceback, and change nothing."""

from __future__ import annotations

import re
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from handlers.dashboard.links import COOKIE_SALT, LINK_SALT, Signing
from handlers.slack.links import SENT_BY_DM
from tests.fakes.slack_api import FakeSlack
from tests.http_client import Browser, Page, on_server
from tests.process import PINNED_AT
from tests.slack.conftest import SlackServer, Visit, start_bot, stop_bot

SECRET = "test-dashboard-secret-0123456789abcdef"
COOKIE = "showup_dashboard"
POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HOW = "Type dashboard in ShowUp"


@pytest.fixture(scope="module")
def dashboard_server(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                     ) -> Iterator[SlackServer]:
    server = SlackServer(tmp_path_factory.mktemp("dashboard"), template=migrated_sqlite,
                         DASHBOARD_SECRET=SECRET)
    yield server
    server.stop()


@pytest.fixture
def visit(dashboard_server: SlackServer) -> Visit:
    return dashboard_server.visit()


def dm_channel(user: str) -> str:
    return "D" + user[1:]


def posted_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [c.args for c in fake.calls_to("chat.postMessage")
            if c.args.get("channel") == dm_channel(user)]


def link_by_dm(visit: Visit, user: str = "U0OWNER", team: str | None = None) -> str:
    """`/outreach dashboard`: the short answer on the command's response_url, the link as a
    URL button in the DM; the link's address."""
    before = len(posted_to(visit.fake, user))
    assert visit.slack.command(user, "dashboard", team=team).status == 200
    answered = visit.fake.wait_for(visit.slack.last_response)[-1].args
    assert answered["text"] == SENT_BY_DM and "token=" not in str(answered)
    deadline = time.monotonic() + 10
    while len(posted_to(visit.fake, user)) <= before and time.monotonic() < deadline:
        time.sleep(0.02)
    dm = posted_to(visit.fake, user)[before]
    assert dm["unfurl_links"] is False and "token=" not in dm["text"]
    button = dm["blocks"][-1]["elements"][0]
    assert button["type"] == "button" and button["text"]["text"] == "Open the dashboard"
    return str(button["url"])


def page_of(visit: Visit, team: str | None = None) -> str:
    return f"{visit.bot.url}/dashboard/slack-{team or visit.slack.team_id}"


def signed_in(visit: Visit, user: str = "U0OWNER", team: str | None = None
              ) -> tuple[Browser, Page]:
    browser = Browser()
    pages = browser.sign_in(link_by_dm(visit, user, team))
    assert [p.status for p in pages] == [303, 200], pages[-1].body
    return browser, pages[-1]


def raw_token(link: str) -> str:
    signed = parse_qs(urlsplit(link).query)["token"][0]
    return str(URLSafeTimedSerializer(SECRET, salt=LINK_SALT).loads(signed))


def signed_at(moment: datetime, secret: str = SECRET) -> type[TimestampSigner]:
    class Then(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(moment.timestamp())

    return Then


def link_for(visit: Visit, token: str, *, at: datetime, secret: str = SECRET) -> str:
    signed = URLSafeTimedSerializer(secret, salt=LINK_SALT, signer=signed_at(at)).dumps(token)
    return f"{visit.bot.url}/dashboard/sign-in?token={signed}"


def csrf_of(browser: Browser) -> str:
    """The token the page's sign-out form carries: derived from the session in the cookie."""
    cookie = browser.cookie(COOKIE)
    assert cookie is not None and cookie.value
    session_token = URLSafeTimedSerializer(SECRET, salt=COOKIE_SALT).loads(cookie.value)
    return Signing(SECRET, "http://unused", datetime.now).csrf(session_token)


def no_trace(page: Page) -> None:
    assert "Traceback" not in page.body and "Internal Server Error" not in page.body
    assert 'File "' not in page.body


def rows(visit: Visit, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(visit.bot.database) as db:
        return db.execute(sql).fetchall()


def test_a_link_by_dm_signs_in_once_and_signing_out_needs_the_pages_token(
        visit: Visit) -> None:
    link = link_by_dm(visit)
    assert link.startswith(f"{visit.bot.url}/dashboard/sign-in?token=")   # no PUBLIC_URL
    looked = Browser().send("HEAD", link, None)   # a link checker's look spends nothing
    assert looked.status == 200 and looked.cookies_set == []
    for _ in range(2):   # nor does a mail or chat scanner's GET: only the page's button does
        scanned = Browser().get(link)
        assert scanned.status == 200 and scanned.cookies_set == []
        assert "Open my dashboard" in scanned.body and 'method="post"' in scanned.body
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]
    forged = Browser().post(f"{visit.bot.url}/dashboard/sign-in",
                            urllib.parse.urlencode({"token": token}),
                            {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert forged.status == 403 and forged.cookies_set == []   # another site's form: refused
    browser = Browser()
    arrived = browser.sign_in(link)[0]
    assert arrived.status == 303
    assert arrived.header("Location") == f"/dashboard/slack-{visit.slack.team_id}"
    [cookie] = arrived.cookies_set
    assert cookie.startswith(f"{COOKIE}=")
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert {"httponly", "path", "max-age", "samesite"} <= set(flags)
    assert flags["path"] == "Path=/dashboard" and flags["max-age"] == "Max-Age=43200"
    assert flags["samesite"].lower() == "samesite=lax" and "secure" not in flags

    page = browser.get(page_of(visit))
    assert page.status == 200 and "<h1>" in page.body
    assert page.header("Content-Security-Policy") == POLICY
    assert page.header("X-Content-Type-Options") == "nosniff"
    assert page.header("Referrer-Policy") == "no-referrer"
    assert page.header("Cache-Control") == "no-store"

    for again in (Browser(), browser):   # the link is spent, in any browser
        replayed = again.get(link)
        assert replayed.status == 410 and "used" in replayed.body and HOW in replayed.body
        assert replayed.cookies_set == [] and replayed.header("Cache-Control") == "no-store"
    assert browser.get(page_of(visit)).status == 200   # the cookie still works
    assert rows(visit, "SELECT count(*) FROM dashboard_sessions") == [(1,)]

    sign_out = f"{visit.bot.url}/dashboard/sign-out"
    own = {"Origin": visit.bot.url}
    assert browser.post(sign_out, "", own).status == 403
    assert browser.post(sign_out, "csrf_token=forged", own).status == 403
    assert browser.post(sign_out, f"csrf_token={csrf_of(browser)}",
                        {"Origin": "https://evil.example"}).status == 403
    assert browser.get(page_of(visit)).status == 200   # none of those signed out
    stolen = browser.cookie(COOKIE)
    assert stolen is not None

    out = browser.post(sign_out, f"csrf_token={csrf_of(browser)}", own)
    assert out.status == 303 and out.header("Location") == "/dashboard"
    assert any("Max-Age=0" in c or "expires=" in c.lower() for c in out.cookies_set)
    after = browser.get(page_of(visit))
    assert after.status == 401 and HOW in after.body
    replay = Browser().get(page_of(visit), {"Cookie": f"{COOKIE}={stolen.value}"})
    assert replay.status == 401   # the session ended on the server, not only in the browser
    assert rows(visit, "SELECT count(*) FROM dashboard_sessions WHERE ended_at IS NULL") \
        == [(0,)]


def test_the_pages_own_sign_out_form_works_as_a_browser_sends_it(visit: Visit) -> None:
    """Referrer-Policy: no-referrer makes a browser send `Origin: null` with the page's own
    form; Sec-Fetch-Site tells where it came from. Cross-site, it is refused."""
    browser, _ = signed_in(visit)
    sign_out = f"{visit.bot.url}/dashboard/sign-out"
    form = f"csrf_token={csrf_of(browser)}"
    assert browser.post(sign_out, form, {"Origin": "null", "Sec-Fetch-Site": "cross-site"}
                        ).status == 403
    assert browser.post(sign_out, form, {"Origin": "null"}).status == 403
    out = browser.post(sign_out, form, {"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert out.status == 303
    assert browser.get(page_of(visit)).status == 401


def test_a_session_opens_its_own_workspace_only(visit: Visit) -> None:
    other = visit.new_team()
    browser, _ = signed_in(visit)
    for where in (page_of(visit, other), f"{page_of(visit, other)}/download/commitments",
                  f"{visit.bot.url}/dashboard/teams-{visit.slack.team_id}",
                  f"{visit.bot.url}/dashboard/{quote('slack-' + visit.slack.team_id + ' ')}"):
        refused = browser.get(where)
        assert refused.status == 403, where
        assert "another workspace" in refused.body and refused.header(
            "Content-Security-Policy") == POLICY
        no_trace(refused)
    # The other workspace's own person signs in there, and only there.
    theirs, page = signed_in(visit, "U0ALEX", team=other)
    assert page.url == page_of(visit, other)
    assert theirs.get(page_of(visit)).status == 403
    assert browser.get(page_of(visit)).status == 200
    # Without a session, a page says how to get a link (it doesn't say whose it is).
    nobody = Browser().get(page_of(visit, other))
    assert nobody.status == 401 and HOW in nobody.body


def test_links_that_are_expired_tampered_or_not_ours_change_nothing(visit: Visit) -> None:
    link = link_by_dm(visit)
    token = raw_token(link)
    signed = parse_qs(urlsplit(link).query)["token"][0]
    pinned = datetime.fromisoformat(PINNED_AT)
    cases = {
        "expired": (link_for(visit, token, at=pinned - timedelta(minutes=16)), 410),
        "another secret": (link_for(visit, token, at=pinned,
                                    secret="another-secret-0123456789abcdefghij"), 400),
        "tampered signature": (link[:-2] + ("AA" if not link.endswith("AA") else "BB"), 400),
        "tampered token": (f"{visit.bot.url}/dashboard/sign-in?token=x{signed[1:]}", 400),
        "missing": (f"{visit.bot.url}/dashboard/sign-in", 400),
        "empty": (f"{visit.bot.url}/dashboard/sign-in?token=", 400),
        "junk": (f"{visit.bot.url}/dashboard/sign-in?token=%00%ff%22%3Cscript%3E", 400),
        "huge": (f"{visit.bot.url}/dashboard/sign-in?token={'A' * 6000}", 400),
        "twice": (f"{link}&token={signed}", 400),   # two tokens: neither is read
    }
    statuses = {}
    for name, (url, _) in cases.items():
        page = Browser().get(url)
        statuses[name] = page.status
        assert page.cookies_set == [] and HOW in page.body, name
        no_trace(page)
        assert "<script>" not in page.body
    assert statuses == {name: status for name, (_, status) in cases.items()}
    assert rows(visit, "SELECT count(*) FROM dashboard_sessions") == [(0,)]
    # ...and the genuine link still signs in, once.
    assert [p.status for p in Browser().sign_in(link)] == [303, 200]
    assert "Traceback" not in visit.bot.logs()


def test_the_link_is_never_stored_only_its_hash(visit: Visit) -> None:
    link = link_by_dm(visit)
    token = raw_token(link)
    signed = parse_qs(urlsplit(link).query)["token"][0]
    with sqlite3.connect(visit.bot.database) as db:
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        everything = " ".join(str(db.execute(f'SELECT * FROM "{table}"').fetchall())
                              for table in tables)
        [(hashed,)] = db.execute("SELECT token_hash FROM dashboard_grants").fetchall()
    assert token not in everything and signed not in everything
    assert re.fullmatch(r"[0-9a-f]{64}", hashed)
    assert "token=" not in str(rows(visit, "SELECT reply FROM inbox"))
    assert token not in visit.bot.logs()


def test_asked_in_the_dm_the_link_comes_back_there_once(visit: Visit) -> None:
    event = {"type": "message", "channel": "D0SAM", "channel_type": "im", "user": "U0SAM",
             "text": "dashboard", "ts": f"{time.time():.6f}"}
    assert visit.slack.event(event).status == 200
    [answer] = [c.args for c in visit.fake.wait_for("chat.postMessage")]
    assert answer["channel"] == "D0SAM" and "sign-in link" in answer["text"]
    url = answer["blocks"][-1]["elements"][0]["url"]
    deadline = time.monotonic() + 10
    while rows(visit, "SELECT count(*) FROM inbox WHERE answered_at IS NULL") != [(0,)] and \
            time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(visit.fake.calls_to("chat.postMessage")) == 1
    assert "token=" not in str(rows(visit, "SELECT reply FROM inbox"))
    assert [p.status for p in Browser().sign_in(url)] == [303, 200]


def test_a_click_on_the_link_button_is_acknowledged_and_nothing_else(visit: Visit) -> None:
    payload = visit.slack.click_payload("U0OWNER", "")
    payload["actions"][0] = {"action_id": "showup_link_0", "block_id": "b1", "type": "button",
                             "action_ts": str(time.time())}
    assert visit.slack.interaction(payload).status == 200
    assert rows(visit, "SELECT count(*) FROM inbox") == [(0,)]
    assert "Traceback" not in visit.bot.logs() and "Unhandled" not in visit.bot.logs()


def test_the_index_the_teams_tab_and_the_stylesheet(visit: Visit) -> None:
    base = visit.bot.url
    nobody = Browser()
    index = nobody.get(f"{base}/dashboard")
    assert index.status == 200 and HOW in index.body
    assert index.header("Content-Security-Policy") == POLICY
    tab = nobody.get(f"{base}/dashboard/tab")
    assert tab.status == 200 and "Type dashboard in your chat with ShowUp" in tab.body
    ancestors = tab.header("Content-Security-Policy").split("frame-ancestors ")[1].split()
    assert ancestors == ["https://teams.microsoft.com", "https://*.teams.microsoft.com",
                         "https://*.cloud.microsoft", "https://*.office.com",
                         "https://*.skype.com"]
    assert tab.header("X-Frame-Options") == "" and tab.header("Cache-Control") == "no-store"
    css = nobody.get(f"{base}/dashboard/static/dashboard.css")
    assert css.status == 200 and css.header("Content-Type").startswith("text/css")
    assert css.header("X-Content-Type-Options") == "nosniff"

    browser, _ = signed_in(visit)
    for where in ("/dashboard", "/dashboard/tab"):
        went = browser.get(base + where)
        assert went.status == 303, where
        assert went.header("Location") == f"/dashboard/slack-{visit.slack.team_id}"
    framed = browser.get(page_of(visit), {"Sec-Fetch-Dest": "iframe"})
    assert framed.status == 200 and "https://teams.microsoft.com" in framed.header(
        "Content-Security-Policy")


def test_unknown_paths_wrong_methods_and_odd_requests_get_short_answers(visit: Visit
                                                                        ) -> None:
    base = visit.bot.url
    browser, _ = signed_in(visit)
    expected = {
        ("GET", "/dashboard/nowhere/at/all"): 404,
        ("GET", f"/dashboard/slack-{visit.slack.team_id}/download/commitments/more"): 404,
        ("GET", "/dashboard/static/..%2f..%2fapp.py"): 404,
        ("GET", "/dashboard/static/app.py"): 404,
        ("GET", "/dashboard/static/missing.css"): 404,
        ("GET", f"/dashboard/slack-{visit.slack.team_id}/download/..%2f..%2fshowup.db"): 404,
        ("POST", "/dashboard"): 405,
        ("POST", f"/dashboard/slack-{visit.slack.team_id}"): 405,
        ("PUT", "/dashboard/sign-in"): 405,
        ("POST", "/dashboard/sign-in"): 403,   # not from its own page: refused
        ("GET", "/dashboard/sign-out"): 405,
        ("DELETE", "/dashboard/tab"): 405,
        ("PUT", "/dashboard/sign-out"): 405,
    }
    for (method, path), status in expected.items():
        page = browser.send(method, base + path, b"" if method != "GET" else None)
        assert page.status == status, (method, path, page.body)
        assert page.header("Content-Security-Policy").startswith("default-src 'self';") and \
            page.header("X-Content-Type-Options") == "nosniff", path
        no_trace(page)
    odd_cookies = ["", "garbage", f"{COOKIE}=", f"{COOKIE}=not.a.cookie",
                   f"{COOKIE}={'x' * 3000}", f'{COOKIE}="\\x00\\xff"; other=1',
                   f"{COOKIE}=a; {COOKIE}=b", "=;=;=;"]
    for cookie in odd_cookies:
        page = Browser().get(page_of(visit), {"Cookie": cookie} if cookie else None)
        assert page.status == 401, cookie
        no_trace(page)
    huge_query = Browser().get(f"{base}/dashboard?{'a=1&' * 2000}")
    assert huge_query.status in (200, 400, 414)
    no_trace(huge_query)
    assert browser.get(page_of(visit)).status == 200
    assert "Traceback" not in visit.bot.logs()


def test_behind_https_the_link_and_the_cookie_say_so(tmp_path: Path, fake_slack: FakeSlack
                                                     ) -> None:
    bot = start_bot(tmp_path, fake_slack, PUBLIC_URL="https://showup.example.org/",
                    DASHBOARD_SECRET=SECRET)
    try:
        from tests.fakes.slack_simulator import SlackSimulator
        from tests.slack.conftest import SIGNING_SECRET

        slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
        assert slack.command("U0OWNER", "dashboard").status == 200
        dm = fake_slack.wait_for("chat.postMessage")[-1].args
        link = dm["blocks"][-1]["elements"][0]["url"]
        assert link.startswith("https://showup.example.org/dashboard/sign-in?token=")
        arrived = Browser().sign_in(on_server(link, bot.url))[0]
        assert arrived.status == 303
        [cookie] = arrived.cookies_set
        assert "Secure" in cookie and "HttpOnly" in cookie
    finally:
        stop_bot(bot)


def test_in_socket_mode_the_dashboard_is_served_on_port_too(tmp_path: Path,
                                                            fake_slack: FakeSlack) -> None:
    """Socket Mode needs no web address for Slack, but the dashboard is a web page: the same
    process serves it (and /healthz) on HOST:PORT, and the link by DM opens it there."""
    from tests.fakes.slack_simulator import SlackSimulator
    from tests.fakes.socket_mode import FakeSocketMode
    from tests.slack.conftest import SIGNING_SECRET

    endpoint = FakeSocketMode().start()
    fake_slack.socket_url = endpoint.url
    bot = start_bot(tmp_path, fake_slack, command=(), ready=lambda _: bool(endpoint.connections),
                    SLACK_APP_TOKEN="xapp-test-token", SLACK_SIGNING_SECRET="")
    try:
        sim = SlackSimulator("http://unused", SIGNING_SECRET, fake_slack.url + "/")
        endpoint.wait_ack(endpoint.send("slash_commands",
                                        sim.command_payload("U0OWNER", "dashboard")))
        assert fake_slack.wait_for(sim.last_response)[-1].args["text"] == SENT_BY_DM
        link = fake_slack.wait_for("chat.postMessage")[-1].args["blocks"][-1]["elements"][0][
            "url"]
        assert link.startswith(f"{bot.url}/dashboard/sign-in?token=")
        assert [p.status for p in Browser().sign_in(link)] == [303, 200]
        assert "serving the dashboard over HTTP on 127.0.0.1:" in bot.logs()
    finally:
        stop_bot(bot)
        endpoint.stop()
    assert "inbox drained" in bot.logs() and "Traceback" not in bot.logs()
