"""The dashboard's HTML, rendered on the server (Jinja2 templates, inline SVG charts).

Autoescaping is on for every template: names, sources and commitments are people's own
words and reach the page only as text. No JavaScript and no inline style (the page is served
under a strict Content-Security-Policy): the look is /dashboard/static/dashboard.css.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from bot.practice_calendar import short_day
from bot.usecases.dashboard import DashboardView, KindMonths, PracticeView
from handlers.dashboard import charts

STYLESHEET = "/dashboard/static/dashboard.css"
ICON = "/dashboard/static/favicon.svg"   # else a browser asks for /favicon.ico, and gets a 404
SIGN_OUT = "/dashboard/sign-out"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _day(day: date | None) -> str:
    """"Mon Nov 30, 2026" for a table cell; an em dash for no day."""
    return f"{day:%a} {short_day(day)}, {day.year}" if day else "—"


def _short(day: date) -> str:
    return short_day(day)


def _month(day: date) -> str:
    return f"{day:%b %Y}"


def _number(value: float) -> str:
    return charts.number(value)


def _plural(value: int, one: str, many: str | None = None) -> str:
    """"1 referral", "1,204 referrals"."""
    return f"{_number(value)} {one if value == 1 else many or one + 's'}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole > 0 else "—"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(day=_day, short=_short, month=_month, number=_number,
                       percent=_percent, plural=_plural)
    env.globals.update(stylesheet=STYLESHEET, icon=ICON, sign_out=SIGN_OUT)
    return env


ENV = _environment()


def render(view: DashboardView, *, base: str, csrf_token: str) -> str:
    """The whole page for `view`; `base` is the workspace's dashboard path (links and CSV
    downloads hang below it), `csrf_token` goes into every form."""
    practice = view.practice
    return ENV.get_template("dashboard.html").render(
        view=view, viewer=view.viewer, practice=practice, own=view.own, base=base,
        csrf_token=csrf_token, charts=practice_charts(practice) if practice else {})


def render_message(title: str, text: str, window: tuple[str, str] | None = None) -> str:
    """A short page in the dashboard's frame that says one thing (a link that expired, how to
    get one): `text` in paragraphs at its blank lines; `window` (an address, its words) after
    the first, a link that opens a browser window."""
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    return ENV.get_template("message.html").render(title=title, paragraphs=paragraphs,
                                                   window=window)


def render_sign_in(signed: str) -> str:
    """The page a sign-in link opens: one button, whose POST spends the link."""
    return ENV.get_template("sign_in.html").render(token=signed)


def practice_charts(practice: PracticeView) -> dict[str, Markup | list[Markup]]:
    """The owner's charts, each with a description that states its numbers."""
    goal = practice.goal
    weeks = practice.weeks
    pace = practice.weekly_pace
    meter = charts.progress_meter(
        "quarter-goal", f"Team points for {goal.label} against the goal",
        f"{_number(goal.points)} of {_number(goal.goal)} points "
        f"({_percent(goal.points, goal.goal)}); an even pace would have "
        f"{_number(practice.pace)} points by {_day(practice.today)}.",
        goal.points, goal.goal, practice.pace)
    weekly = charts.bar_chart(
        "weekly-points", f"Team points in each of the last {len(weeks)} weeks",
        "Points by week: " + "; ".join(f"week of {_short(monday)}: {_number(points)}"
                                       for monday, points in weeks)
        + f". The goal's pace is {_number(round(pace, 1))} points a week.",
        [(_short(monday), points) for monday, points in weeks],
        line=pace, line_label=f"goal pace {_number(round(pace, 1))} pts/week")
    return {"meter": meter, "weekly": weekly,
            "outreach": [_kind_chart(kind) for kind in practice.outreach]}


def _kind_chart(kind: KindMonths) -> Markup:
    months = "; ".join(f"{month:%b %Y}: {touches} outreach, {referrals} referrals"
                       for month, touches, referrals in kind.months)
    return charts.paired_bars(
        f"outreach-{kind.kind}", f"Outreach and referrals, {kind.kind} sources, by month",
        f"{months}.", [(f"{month:%b}", t, r) for month, t, r in kind.months],
        ("Outreach", "Referrals"))
