"""The team post's chart: team points per week against the pace the quarterly goal needs.

Drawn with Pillow (its own font, no font files needed) at twice the size and scaled down, so
edges are smooth: a few milliseconds a chart. Pillow is imported only when a chart is drawn,
so the bot starts fast and stays small.
"""

from __future__ import annotations

import io
import math
from datetime import date

WIDTH, HEIGHT = 600, 260
SCALE = 2                       # drawn at twice the size, then scaled down (anti-aliasing)
KEPT, SHORT = "#2c5f5d", "#8fb8b6"   # a week at or above the goal's pace, and one below it
PACE, INK, AXIS = "#d17a22", "#222222", "#777777"
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 44, 30   # the plot's margins, in final pixels


def nice_step(top: float, most: int = 6) -> int:
    """The whole-number gap between the y axis's labels: 1, 2 or 5 times a power of ten, so
    that 0 to `top` needs at most `most` gaps."""
    rough = max(top, 1.0) / most
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return max(1, int(factor * power))
    return max(1, int(10 * power))


def team_weeks_png(weeks: list[tuple[date, int]], weekly_pace: float, title: str) -> bytes:
    """A small bar chart (PNG) of points per week, with the goal pace as a dashed line."""
    from PIL import Image, ImageDraw, ImageFont

    def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return ImageFont.load_default(size=size * SCALE)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * SCALE, y * SCALE

    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "white")
    draw = ImageDraw.Draw(image)
    draw.text(at(WIDTH / 2, 8), title, fill=INK, font=font(15), anchor="mt")
    draw.text(at(8, 22), "team points", fill=AXIS, font=font(11), anchor="lt")

    points = [value for _, value in weeks]
    step = nice_step(max([*points, weekly_pace, 1]))
    top = step * math.ceil(max([*points, weekly_pace, 1]) / step)
    left, right, upper, lower = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def y_of(value: float) -> float:
        return lower - (lower - upper) * value / top

    for tick in range(0, top + 1, step):
        draw.line([at(left - 4, y_of(tick)), at(left, y_of(tick))], fill=AXIS, width=SCALE)
        draw.text(at(left - 7, y_of(tick)), str(tick), fill=INK, font=font(11), anchor="rm")
    draw.line([at(left, upper), at(left, lower)], fill=AXIS, width=SCALE)
    draw.line([at(left, lower), at(right, lower)], fill=AXIS, width=SCALE)

    slot = (right - left) / max(len(weeks), 1)
    label_every = max(1, math.ceil(44 / slot))   # a label needs about 44 pixels
    for i, (monday, value) in enumerate(weeks):
        middle = left + slot * (i + 0.5)
        if value > 0:
            draw.rectangle([at(middle - slot * 0.4, y_of(value)), at(middle + slot * 0.4, lower)],
                           fill=KEPT if value >= weekly_pace else SHORT)
        if (len(weeks) - 1 - i) % label_every == 0:   # the latest week always has its label
            draw.text(at(middle, lower + 6), f"{monday:%b} {monday.day}", fill=INK,
                      font=font(10), anchor="mt")

    if weekly_pace > 0:
        pace = y_of(weekly_pace)
        x = float(left)
        while x < right:   # dashed: 7 pixels drawn, 4 left out
            draw.line([at(x, pace), at(min(x + 7, right), pace)], fill=PACE, width=3)
            x += 11
        legend = f"goal pace ({weekly_pace:.0f} pts/week)"   # top right, clear of the bars
        start = right - draw.textlength(legend, font=font(10)) / SCALE
        draw.line([at(start - 26, upper - 12), at(start - 6, upper - 12)], fill=PACE, width=3)
        draw.text(at(right, upper - 12), legend, fill=INK, font=font(10), anchor="rm")

    out = io.BytesIO()
    image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).save(out, format="PNG",
                                                                   optimize=True)
    return out.getvalue()
