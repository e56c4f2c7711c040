"""The team post's chart: team points per week against the pace the quarterly goal needs.

matplotlib is imported only when a chart is drawn, so the bot starts fast and stays small.
"""

from __future__ import annotations

import io
from datetime import date


def team_weeks_png(weeks: list[tuple[date, int]], weekly_pace: float, title: str) -> bytes:
    """A small bar chart (PNG) of points per week, with the goal pace as a dashed line."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    labels = [f"{monday:%b} {monday.day}" for monday, _ in weeks]
    points = [value for _, value in weeks]
    figure, axes = pyplot.subplots(figsize=(6, 2.6), dpi=100)
    try:
        colours = ["#2c5f5d" if value >= weekly_pace else "#8fb8b6" for value in points]
        axes.bar(labels, points, color=colours)
        axes.axhline(weekly_pace, color="#d17a22", linestyle="--", linewidth=1.2,
                     label=f"goal pace ({weekly_pace:.0f} pts/week)")
        axes.set_title(title, fontsize=11)
        axes.set_ylabel("team points")
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", fontsize=8, frameon=False)
        axes.tick_params(axis="x", labelsize=8)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
