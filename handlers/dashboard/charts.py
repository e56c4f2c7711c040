"""The dashboard's charts, drawn as inline SVG by hand.

Not matplotlib: the page is served under a strict Content-Security-Policy (no inline styles),
which matplotlib's SVG needs, and matplotlib takes half a second to import. Everything here is
presentation attributes (fill=, stroke=, font-size=), never a style attribute or element. Each
chart is an image with a text alternative: `role="img"`, labelled by its <title> and a <desc>
that states its numbers; the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 640
# The meter is narrower, so that on a phone (where it shrinks to the screen, not scrolling
# like the charts) its label is still readable; the stylesheet keeps it from growing big.
METER_WIDTH = 400
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1f2a30"
MUTED = "#5b6870"
GRID = "#d5dcdf"
BAR = "#2c5f5d"
BAR_LIGHT = "#8fb8b6"
SECOND = "#b35c00"      # the pace line, and a chart's second series
TRACK = "#e6ecee"


@dataclass(frozen=True)
class Plot:
    """Where the bars go inside the viewBox."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


def nice_top(value: float) -> int:
    """The axis maximum: the smallest of 1, 2, 3, 4, 5, 6, 8 or 10 times a power of ten that
    holds `value` and whose half (the middle gridline) is a whole number; at least 2, so an
    empty chart still has an axis."""
    if value <= 2:
        return 2
    magnitude: int = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 3, 4, 5, 6, 8, 10):
        top = step * magnitude
        if top >= value and top % 2 == 0:
            return top
    raise AssertionError("unreachable")


def bar_height(value: float, top: float, height: float) -> float:
    """How tall a bar of `value` is on an axis from 0 to `top` drawn `height` tall."""
    if top <= 0:
        return 0.0
    return max(0.0, min(value, top)) / top * height


def number(value: float) -> str:
    """1,234 or 11.5: what people read on an axis or a label."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _id(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    return cleaned or "chart"


def _attrs(**values: object) -> str:
    return " ".join(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"'
                    for key, value in values.items())


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(chart_id: str, title: str, desc: str, height: float, body: list[str], *,
         width: float = WIDTH, kind: str = "") -> Markup:
    ident = _id(chart_id)
    classes = f"chart {kind}".strip()
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" '
            f'class="{classes}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'font-family="{escape(FONT, quote=True)}" font-size="13" fill="{INK}">'
            f'<title id="{ident}-title">{escape(title)}</title>'
            f'<desc id="{ident}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, words: str, **extra: object) -> str:
    return f'<text {_attrs(x=_f(x), y=_f(y), **extra)}>{escape(words)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str = "",
          **extra: object) -> str:
    """A rectangle; `tip` is its own <title>, which a pointer shows on hover."""
    attrs = _attrs(x=_f(x), y=_f(y), width=_f(width), height=_f(height), fill=fill, **extra)
    if not tip:
        return f"<rect {attrs}/>"
    return f"<rect {attrs}><title>{escape(tip)}</title></rect>"


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, **extra: object) -> str:
    attrs = _attrs(x1=_f(x1), y1=_f(y1), x2=_f(x2), y2=_f(y2), stroke=stroke, **extra)
    return f"<line {attrs}/>"


def _axis(plot: Plot, top: float) -> list[str]:
    """Gridlines at 0, half and the top, labelled on the left."""
    parts = []
    for value in (0, top / 2, top):
        y = plot.bottom - bar_height(value, top, plot.height)
        parts.append(_line(plot.left, y, plot.left + plot.width, y, stroke=GRID))
        parts.append(_text(plot.left - 6, y + 4, number(value), text_anchor="end",
                           fill=MUTED))
    return parts


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, int]], *,
              line: float | None = None, line_label: str = "") -> Markup:
    """One bar per label, its value above it; `line` draws a dashed reference (the goal's
    pace), and bars below it are lighter."""
    height = 260.0
    plot = Plot(44, 24, WIDTH - 44 - 12, height - 24 - 40)
    top = nice_top(max([*(v for _, v in bars), line or 0]))
    body = _axis(plot, top)
    slot = plot.width / max(1, len(bars))
    for n, (label, value) in enumerate(bars):
        tall = bar_height(value, top, plot.height)
        x = plot.left + n * slot + slot * 0.15
        colour = BAR if line is None or value >= line else BAR_LIGHT
        body.append(_rect(x, plot.bottom - tall, slot * 0.7, tall, colour,
                          f"{label}: {number(value)}"))
        middle = x + slot * 0.35
        body.append(_text(middle, plot.bottom - tall - 4, number(value), text_anchor="middle",
                          font_size=12))
        body.append(_text(middle, plot.bottom + 16, label, text_anchor="middle",
                          font_size=12, fill=MUTED))
    if line is not None:
        y = plot.bottom - bar_height(line, top, plot.height)
        body.append(_line(plot.left, y, plot.left + plot.width, y, stroke=SECOND,
                          stroke_width=2, stroke_dasharray="6 4"))
        body.append(_text(plot.left + plot.width, plot.top - 8, line_label, text_anchor="end",
                          fill=SECOND))
    return _svg(chart_id, title, desc, height, body)


def progress_meter(chart_id: str, title: str, desc: str, done: int, goal: int, pace: int
                   ) -> Markup:
    """The quarter's points as a filled bar against the goal, with a mark where an even
    pace would be today."""
    height = 66.0
    plot = Plot(8, 8, METER_WIDTH - 16, 26)
    scale = max(goal, done, pace, 1)
    filled = bar_width(done, scale, plot.width)
    at_pace = plot.left + bar_width(pace, scale, plot.width)
    at_goal = plot.left + bar_width(goal, scale, plot.width)
    body = [
        _rect(plot.left, plot.top, at_goal - plot.left, plot.height, TRACK, rx=4),
        _rect(plot.left, plot.top, filled, plot.height, BAR, rx=4),
        _line(at_pace, plot.top - 4, at_pace, plot.bottom + 4, stroke=SECOND, stroke_width=3),
        _text(min(max(at_pace, plot.left + 40), plot.left + plot.width - 40), plot.bottom + 22,
              f"pace {number(pace)}", text_anchor="middle", fill=SECOND, font_size=16),
    ]
    return _svg(chart_id, title, desc, height, body, width=METER_WIDTH, kind="meter")


def bar_width(value: float, scale: float, width: float) -> float:
    """A horizontal bar's length: `value` of `scale` across `width`."""
    return bar_height(value, scale, width)


def paired_bars(chart_id: str, title: str, desc: str,
                groups: Sequence[tuple[str, int, int]], names: tuple[str, str]) -> Markup:
    """Two bars for each label (the first series dark, the second orange), on one axis,
    with a legend."""
    height = 230.0
    plot = Plot(44, 30, WIDTH - 44 - 12, height - 30 - 36)
    top = nice_top(max([0, *(a for _, a, _ in groups), *(b for _, _, b in groups)]))
    body = _axis(plot, top)
    slot = plot.width / max(1, len(groups))
    for n, (label, first, second) in enumerate(groups):
        x = plot.left + n * slot + slot * 0.1
        for k, (value, colour, name) in enumerate(((first, BAR, names[0]),
                                                    (second, SECOND, names[1]))):
            tall = bar_height(value, top, plot.height)
            body.append(_rect(x + k * slot * 0.4, plot.bottom - tall, slot * 0.4, tall,
                              colour, f"{label}: {number(value)} {name.lower()}"))
        body.append(_text(x + slot * 0.4, plot.bottom + 16, label, text_anchor="middle",
                          font_size=12, fill=MUTED))
    for k, (name, colour) in enumerate(((names[0], BAR), (names[1], SECOND))):
        x = plot.left + k * 130
        body.append(_rect(x, 4, 12, 12, colour))
        body.append(_text(x + 18, 14, name))
    return _svg(chart_id, title, desc, height, body)
