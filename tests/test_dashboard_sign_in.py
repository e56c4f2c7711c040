"""Signing in to the dashboard, on both databases, through the real Coach: a one-time link is
redeemed once even when two redeem it at the same moment; sessions end after 12 hours, on
sign-out, when the member leaves or is forgotten and when the workspace is purged; the role
is read again on every page; expired rows are cleared."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.coach import Coach
from bot.messages import Actor
from bot.model import Platform
from bot.usecases.sign_in import Opened, digest
from storage.uow import uow_factory
from tests.conftest import PRACTICE_TZ

TEAM = "T1DASH"


def actor(who: str, team: str = TEAM) -> Actor:
    return Actor(Platform.SLACK, team, f"U{who.upper()}", who, team_name="Lakeside")


@pytest.fixture
def dash(engine: Engine) -> Coach:
    return Coach(uow_factory(engine), PRACTICE_TZ, sign_in_url=lambda token: f"link:{token}")


def link(coach: Coach, clock: MovableClock, who: str, team: str = TEAM) -> str:
    reply = coach.handle(actor(who, team), "dashboard", clock.now())
    assert reply.ok, reply.text
    [given] = reply.links
    return given.url.removeprefix("link:")


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def open_sessions(engine: Engine) -> int:
    return count(engine, "SELECT count(*) FROM dashboard_sessions WHERE ended_at IS NULL")


def test_two_redeeming_one_link_at_once_open_exactly_one_session(
        dash: Coach, clock: MovableClock, engine: Engine) -> None:
    token = link(dash, clock, "Owner")
    racers = 8
    start = threading.Barrier(racers)
    results: list[Opened | None] = []
    lock = threading.Lock()

    def redeem() -> None:
        start.wait()
        opened = dash.sign_in(token, clock.now())
        with lock:
            results.append(opened)

    threads = [threading.Thread(target=redeem) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    won = [r for r in results if r is not None]
    assert len(results) == racers and len(won) == 1
    assert count(engine, "SELECT count(*) FROM dashboard_sessions") == 1
    assert dash.dashboard_session(won[0].token, clock.now()) == won[0].session


def test_a_link_lasts_15_minutes_and_a_session_12_hours(dash: Coach, clock: MovableClock
                                                         ) -> None:
    late = link(dash, clock, "Owner")
    on_time = link(dash, clock, "Owner")
    clock.move_by(timedelta(minutes=14, seconds=59))
    opened = dash.sign_in(on_time, clock.now())
    assert opened is not None
    assert opened.session.platform is Platform.SLACK and opened.session.external_id == TEAM
    clock.move_by(timedelta(seconds=1))
    assert dash.sign_in(late, clock.now()) is None   # 15 minutes: the database says so too
    clock.move_by(timedelta(hours=11, minutes=59))
    assert dash.dashboard_session(opened.token, clock.now()) is not None
    clock.move_by(timedelta(minutes=1))
    assert dash.dashboard_session(opened.token, clock.now()) is None
    assert dash.sign_in("", clock.now()) is None and dash.sign_in("x" * 5000, clock.now()) \
        is None


def test_sign_out_ends_the_session_and_only_that_one(dash: Coach, clock: MovableClock,
                                                     engine: Engine) -> None:
    first = dash.sign_in(link(dash, clock, "Owner"), clock.now())
    second = dash.sign_in(link(dash, clock, "Owner"), clock.now())
    assert first is not None and second is not None
    assert dash.sign_out(first.token, clock.now())
    assert not dash.sign_out(first.token, clock.now())   # once
    assert dash.dashboard_session(first.token, clock.now()) is None
    assert dash.dashboard_session(second.token, clock.now()) is not None
    assert open_sessions(engine) == 1


def test_sessions_end_when_the_member_leaves_or_is_forgotten(dash: Coach, clock: MovableClock,
                                                             engine: Engine) -> None:
    owner = dash.sign_in(link(dash, clock, "Owner"), clock.now())
    alex = dash.sign_in(link(dash, clock, "Alex"), clock.now())
    sam = dash.sign_in(link(dash, clock, "Sam"), clock.now())
    assert owner is not None and alex is not None and sam is not None

    dash.refresh_member(actor("Sam"), active=False)   # left the Slack workspace
    assert dash.dashboard_session(sam.token, clock.now()) is None
    assert dash.dashboard(sam.session.workspace_id, sam.session.member_id, clock.now()) is None
    dash.refresh_member(actor("Sam"), active=True)    # back: the old session stays ended
    assert dash.dashboard_session(sam.token, clock.now()) is None

    assert "Deleted" in dash.handle(actor("Alex"), "forget me confirm", clock.now()).text
    assert dash.dashboard_session(alex.token, clock.now()) is None
    assert count(engine, "SELECT count(*) FROM dashboard_sessions WHERE member_id = "
                         f"{alex.session.member_id}") == 0
    assert dash.dashboard_session(owner.token, clock.now()) is not None

    assert dash.purge_workspace(Platform.SLACK, TEAM)   # uninstalled
    assert dash.dashboard_session(owner.token, clock.now()) is None
    assert count(engine, "SELECT count(*) FROM dashboard_sessions") == 0
    assert count(engine, "SELECT count(*) FROM dashboard_grants") == 0


def test_the_role_is_read_again_on_every_page(dash: Coach, clock: MovableClock) -> None:
    link(dash, clock, "Owner")
    dash.handle(actor("Alex"), "help", clock.now())
    assert "Alex is now an admin" in dash.handle(actor("Owner"), "admin role alex admin",
                                                 clock.now()).text
    alex = dash.sign_in(link(dash, clock, "Alex"), clock.now())
    assert alex is not None
    where = (alex.session.workspace_id, alex.session.member_id)
    view = dash.dashboard(*where, clock.now())
    assert view is not None and view.viewer.is_admin
    assert "Alex is now a member" in dash.handle(actor("Owner"), "admin role alex member",
                                                 clock.now()).text
    view = dash.dashboard(*where, clock.now())
    assert view is not None and not view.viewer.is_admin
    assert dash.dashboard_session(alex.token, clock.now()) is not None


def test_links_and_sessions_of_one_workspace_are_its_own(dash: Coach, clock: MovableClock
                                                        ) -> None:
    here = dash.sign_in(link(dash, clock, "Owner"), clock.now())
    there = dash.sign_in(link(dash, clock, "Owner", team="T2OTHER"), clock.now())
    assert here is not None and there is not None
    assert here.session.workspace_id != there.session.workspace_id
    assert (here.session.external_id, there.session.external_id) == (TEAM, "T2OTHER")
    # The ids a session holds find nothing in another workspace.
    assert dash.dashboard(there.session.workspace_id, here.session.member_id,
                          clock.now()) is None


def test_only_hashes_are_kept_and_old_rows_are_cleared(dash: Coach, clock: MovableClock,
                                                       engine: Engine) -> None:
    token = link(dash, clock, "Owner")
    opened = dash.sign_in(token, clock.now())
    assert opened is not None
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM dashboard_grants")).scalars().all()
        sessions = conn.execute(text("SELECT session_hash FROM dashboard_sessions")
                                ).scalars().all()
    assert stored == [digest(token)] and sessions == [digest(opened.token)]
    clock.move_by(timedelta(hours=12, minutes=1) + timedelta(days=1))
    link(dash, clock, "Owner")   # a new link clears what expired more than a day ago
    assert count(engine, "SELECT count(*) FROM dashboard_grants") == 1
    assert count(engine, "SELECT count(*) FROM dashboard_sessions") == 0


def test_dashboard_takes_no_words_and_needs_a_server(engine: Engine, dash: Coach,
                                                      clock: MovableClock) -> None:
    wordy = dash.handle(actor("Owner"), "dashboard for Dana", clock.now())
    assert not wordy.ok and "Type dashboard on its own" in wordy.text and not wordy.links
    assert "Usage: /outreach dashboard" in wordy.text
    bare = Coach(uow_factory(engine), PRACTICE_TZ)
    reply = bare.handle(actor("Owner"), "dashboard", clock.now())
    assert not reply.ok and reply.links == () and "isn't available" in reply.text
    assert count(engine, "SELECT count(*) FROM dashboard_grants") == 0
    assert "dashboard" in dash.handle(actor("Owner"), "help", clock.now()).text
