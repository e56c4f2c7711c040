"""The team post's chart (bot/chart.py): the y axis's step, and a PNG of the promised size for
any number of weeks, any pace (none included) and any points."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.chart import HEIGHT, WIDTH, nice_step, team_weeks_png


@pytest.mark.parametrize(("top", "step"), [
    (0, 1), (1, 1), (5, 1), (6, 1), (7, 2), (12, 2), (25, 5), (31, 10), (60, 10), (61, 20),
    (150, 50), (1000, 200), (2500, 500)])
def test_the_y_axis_counts_in_ones_twos_or_fives(top: float, step: int) -> None:
    assert nice_step(top) == step
    assert top / step <= 6


@pytest.mark.parametrize(("weeks", "pace", "most"), [
    (0, 0.0, 0), (1, 3.0, 5), (8, 12.0, 23), (8, 0.0, 0), (26, 150.0, 1000), (13, 0.4, 1)])
def test_a_chart_is_a_png_of_the_promised_size(weeks: int, pace: float, most: int) -> None:
    points = [(date(2026, 10, 5) + timedelta(weeks=i), most * (i + 1) // weeks)
              for i in range(weeks)]
    png = team_weeks_png(points, pace, "Team outreach, week by week")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    # Something was drawn: the title's ink at least, and the bars' colour when any scored.
    colours = {colour for _, colour in image.getcolors(WIDTH * HEIGHT) or []}
    assert len(colours) > 2
    assert ((0x2c, 0x5f, 0x5d) in colours) == (most > 0 and most >= pace)
