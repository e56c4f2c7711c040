"""The dashboard's own maths and its hand-drawn SVG: a chart is well-formed XML with a title
and a description that states its numbers, uses no style attribute or element (the page's
Content-Security-Policy forbids them), and draws bars in proportion to their values."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import ReferralSource, SourceKind
from bot.nudges.team_post import TeamGoal, pace_by, weekly_pace
from bot.usecases.dashboard import outreach_by_kind
from bot.usecases.outcomes import OutreachYear
from bot.usecases.sources import by_urgency
from handlers.dashboard import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def check_accessible(root: ET.Element, title: str, desc: str) -> None:
    """role="img", labelled by its own <title> and <desc>; no style anywhere."""
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert (first.tag, second.tag) == (f"{SVG}title", f"{SVG}desc")
    assert (first.text, second.text) == (title, desc)
    assert root.get("aria-labelledby") == f"{first.get('id')} {second.get('id')}"
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert element.tag != f"{SVG}style"


def bars(root: ET.Element) -> dict[str, float]:
    """Each bar's height by its own tooltip (bars are the rects with a <title>)."""
    found = {}
    for rect in root.iter(f"{SVG}rect"):
        tip = rect.find(f"{SVG}title")
        if tip is not None and tip.text:
            found[tip.text] = float(rect.get("height", "nan"))
    return found


@pytest.mark.parametrize(("value", "top"), [
    (0, 2), (1, 2), (2, 2), (2.5, 4), (3, 4), (7, 8), (9, 10), (10, 10), (11.5, 20),
    (26, 30), (31, 40), (99, 100), (101, 200), (150, 200), (1234, 2000), (26_000, 30_000)])
def test_an_axis_ends_at_a_round_number_with_a_whole_middle(value: float, top: int) -> None:
    assert charts.nice_top(value) == top


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_the_axis_always_holds_the_value(value: float) -> None:
    top = charts.nice_top(value)
    assert top >= value and top % 2 == 0 and top <= max(2, 5 * value)


def test_bar_heights_are_proportional_and_stay_on_the_axis() -> None:
    assert charts.bar_height(5, 10, 200) == 100
    assert charts.bar_height(10, 10, 200) == 200
    assert charts.bar_height(15, 10, 200) == 200
    assert charts.bar_height(-3, 10, 200) == 0
    assert charts.bar_height(3, 0, 200) == 0


def test_numbers_people_read() -> None:
    assert [charts.number(v) for v in (0, 7, 1234, 1_000_000, 11.5, 2.25)] == [
        "0", "7", "1,234", "1,000,000", "11.5", "2.2"]


def test_the_weekly_chart() -> None:
    weeks = [("Nov 2", 4), ("Nov 9", 12), ("Nov 16", 0), ("Nov 23", 6)]
    root = parse(charts.bar_chart("weekly", "Team points by week", "Nov 2: 4; Nov 9: 12",
                                  weeks, line=11.5, line_label="goal pace 11.5 pts/week"))
    check_accessible(root, "Team points by week", "Nov 2: 4; Nov 9: 12")
    heights = bars(root)
    assert list(heights) == ["Nov 2: 4", "Nov 9: 12", "Nov 16: 0", "Nov 23: 6"]
    assert heights["Nov 16: 0"] == 0
    assert heights["Nov 9: 12"] / heights["Nov 2: 4"] == pytest.approx(3, abs=0.02)
    assert heights["Nov 23: 6"] / heights["Nov 2: 4"] == pytest.approx(1.5, abs=0.02)
    fills = {tip: rect.get("fill") for rect in root.iter(f"{SVG}rect")
             for tip in [getattr(rect.find(f"{SVG}title"), "text", None)] if tip}
    assert fills["Nov 9: 12"] == charts.BAR and fills["Nov 2: 4"] == charts.BAR_LIGHT
    [pace] = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    axis_bottom = max(float(line.get("y1", 0)) for line in root.iter(f"{SVG}line"))
    pace_height = axis_bottom - float(pace.get("y1", 0))
    assert pace_height / heights["Nov 2: 4"] == pytest.approx(11.5 / 4, abs=0.02)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "goal pace 11.5 pts/week" in texts and "Nov 23" in texts and "12" in texts


def test_a_chart_of_nothing_still_draws() -> None:
    root = parse(charts.bar_chart("empty", "Nothing yet", "No points.", []))
    check_accessible(root, "Nothing yet", "No points.")
    assert bars(root) == {}


def test_the_quarters_meter() -> None:
    root = parse(charts.progress_meter("goal", "Q4 2026", "26 of 150 points", 26, 150, 99))
    check_accessible(root, "Q4 2026", "26 of 150 points")
    track, filled = list(root.iter(f"{SVG}rect"))
    assert float(filled.get("width", 0)) / float(track.get("width", 1)) == pytest.approx(
        26 / 150, abs=0.001)
    [mark] = root.iter(f"{SVG}line")
    left = float(track.get("x", 0))
    assert (float(mark.get("x1", 0)) - left) / float(track.get("width", 1)) == pytest.approx(
        99 / 150, abs=0.001)
    over = parse(charts.progress_meter("goal", "Q4", "over", 300, 150, 150))
    track, filled = list(over.iter(f"{SVG}rect"))
    assert float(filled.get("width", 0)) / float(track.get("width", 1)) == 2


def test_outreach_against_referrals() -> None:
    months = [("Oct", 4, 1), ("Nov", 2, 0), ("Dec", 0, 3)]
    root = parse(charts.paired_bars("pediatrician", "Pediatrician sources", "Oct: 4 and 1",
                                    months, ("Outreach", "Referrals")))
    check_accessible(root, "Pediatrician sources", "Oct: 4 and 1")
    heights = bars(root)
    assert list(heights) == ["Oct: 4 outreach", "Oct: 1 referrals", "Nov: 2 outreach",
                             "Nov: 0 referrals", "Dec: 0 outreach", "Dec: 3 referrals"]
    assert heights["Oct: 4 outreach"] / heights["Oct: 1 referrals"] == pytest.approx(4)
    assert heights["Dec: 3 referrals"] / heights["Nov: 2 outreach"] == pytest.approx(1.5)
    assert {t.text for t in root.iter(f"{SVG}text")} >= {"Outreach", "Referrals", "Nov"}


def test_words_in_a_chart_are_text_and_its_id_is_tame() -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    markup = charts.bar_chart('x" onload="alert(1)', hostile, hostile, [(hostile, 3)])
    root = parse(markup)
    assert "<script>" not in markup and 'onload="' not in markup
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == hostile   # type: ignore[union-attr]
    assert root.get("aria-labelledby") == "x-onload-alert-1-title x-onload-alert-1-desc"
    assert hostile in [t.text for t in root.iter(f"{SVG}text")]


def test_the_goals_pace() -> None:
    start, end = date(2026, 10, 1), date(2027, 1, 1)   # 92 days
    assert pace_by(150, start, end, date(2026, 9, 30)) == 0
    assert pace_by(150, start, end, start) == round(150 / 92)
    assert pace_by(150, start, end, date(2026, 11, 30)) == round(150 * 61 / 92) == 99
    assert pace_by(150, start, end, date(2026, 12, 31)) == 150
    assert pace_by(150, start, end, date(2027, 3, 1)) == 150
    assert weekly_pace(130) == 10
    assert TeamGoal(start, end, 26, 150).pace_by(date(2026, 11, 30)) == 99


def source(n: int, last_touch: date | None, cadence: int, kind: SourceKind = SourceKind.OTHER,
           created: date = date(2026, 1, 5)) -> ReferralSource:
    return ReferralSource(n, 1, f"Source {n}", kind, "B", None, cadence, last_touch, False,
                          created)


def test_overdue_sources_come_first_the_longest_overdue_at_the_top() -> None:
    today = date(2026, 11, 30)
    listed = [source(1, date(2026, 11, 20), 30), source(2, date(2026, 9, 1), 30),
              source(3, None, 60), source(4, date(2026, 10, 31), 30),
              source(5, date(2026, 10, 29), 30)]
    assert [s.id for s in by_urgency(listed, today)] == [3, 2, 5, 1, 4]
    # 3: overdue since Mar 6; 2: since Oct 2; 5: since Nov 29 (30 days after Oct 29, plus
    # one day); 4 is overdue from tomorrow.
    assert source(4, date(2026, 10, 31), 30).overdue_on() == today + timedelta(days=1)


def test_outreach_and_referrals_by_kind_and_month() -> None:
    pediatric = source(1, None, 30, SourceKind.PEDIATRICIAN)
    other_pediatric = source(2, None, 30, SourceKind.PEDIATRICIAN)
    school = source(3, None, 30, SourceKind.SCHOOL)
    year = OutreachYear(
        date(2025, 12, 1), date(2026, 12, 1), (pediatric, other_pediatric, school), {}, {}, {},
        {1: [date(2026, 11, 3), date(2026, 11, 30)], 2: [date(2026, 10, 31)],
         3: [date(2025, 12, 1)], 99: [date(2026, 11, 1)]},
        ((1, date(2026, 11, 1), 2), (2, date(2026, 11, 1), 1), (3, date(2026, 3, 1), 4)))
    kinds = outreach_by_kind(year)
    assert [(k.kind, k.sources, k.touches, k.referrals) for k in kinds] == [
        ("pediatrician", 2, 3, 3), ("school", 1, 1, 4)]
    pediatric_months = {m: (t, r) for m, t, r in kinds[0].months}
    assert len(pediatric_months) == 12 and min(pediatric_months) == date(2025, 12, 1)
    assert pediatric_months[date(2026, 10, 1)] == (1, 0)
    assert pediatric_months[date(2026, 11, 1)] == (2, 3)
    assert {m: v for m, v in ((m, (t, r)) for m, t, r in kinds[1].months) if v != (0, 0)} == {
        date(2025, 12, 1): (1, 0), date(2026, 3, 1): (0, 4)}
