"""Charts as inline SVG, drawn server-side: no script, no CDN, nothing for the CSP to allow.

Colours and fonts come from staff.css classes (.bar, .axis, ...); the SVG carries only
geometry. Every chart has a <title> and <desc> for screen readers.
"""

from __future__ import annotations

import math
from html import escape
from typing import Callable, List, Optional, Sequence, Tuple

from markupsafe import Markup

Point = Tuple[str, float]


def nice_ceiling(value: float) -> float:
    """The axis top: 1, 2, 2.5 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def axis_top(value: float, integer: bool = False) -> float:
    """Top of a 4-step axis whose ticks are round numbers (counts: whole numbers)."""
    step = nice_ceiling(value / 4)
    if integer:
        step = max(1.0, math.ceil(step))
    return step * 4


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _svg(width: int, height: int, title: str, desc: str, body: List[str], css_class: str) -> Markup:
    return Markup(
        f'<svg class="{css_class}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _y_axis(
    top: float, left: int, width: int, y0: int, plot_h: int, fmt: Callable[[float], str]
) -> List[str]:
    parts = []
    for i in range(5):
        value = top * i / 4
        y = y0 - plot_h * i / 4
        parts.append(
            f'<line class="grid-line" x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(value))}</text>'
        )
    return parts


def column_chart(
    points: Sequence[Point],
    title: str,
    width: int = 640,
    height: int = 240,
    fmt: Callable[[float], str] = _number,
) -> Markup:
    """One column per point (e.g. per day), labels thinned out to fit."""
    left, right, top_pad, bottom = 48, 10, 12, 34
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    y0 = top_pad + plot_h
    top = axis_top(max((v for _, v in points), default=0), integer=True)
    body = _y_axis(top, left, plot_w, y0, plot_h, fmt)
    n = max(len(points), 1)
    slot = plot_w / n
    every = max(1, math.ceil(n / 10))
    for i, (label, value) in enumerate(points):
        h = plot_h * value / top
        x = left + i * slot + slot * 0.15
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{y0 - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
        )
        if i % every == 0:
            body.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{y0 + 16}" text-anchor="middle">{escape(label)}</text>'
            )
    body.append(f'<line class="axis" x1="{left}" y1="{y0}" x2="{left + plot_w}" y2="{y0}"/>')
    desc = "; ".join(f"{label}: {fmt(value)}" for label, value in points)
    return _svg(width, height, title, desc, body, "chart-columns")


def line_chart(
    points: Sequence[Tuple[str, Optional[float]]],
    title: str,
    width: int = 640,
    height: int = 240,
    fmt: Callable[[float], str] = _number,
    top: Optional[float] = None,
) -> Markup:
    """A line through the points that have a value (None: no data that day)."""
    left, right, top_pad, bottom = 48, 10, 12, 34
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    y0 = top_pad + plot_h
    top = top or axis_top(max((v for _, v in points if v is not None), default=0))
    body = _y_axis(top, left, plot_w, y0, plot_h, fmt)
    n = max(len(points) - 1, 1)
    coords, every = [], max(1, math.ceil(len(points) / 10))
    for i, (label, value) in enumerate(points):
        x = left + plot_w * i / n
        if value is not None:
            y = y0 - plot_h * min(value, top) / top
            coords.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
                f"<title>{escape(label)}: {escape(fmt(value))}</title></circle>"
            )
        if i % every == 0:
            body.append(
                f'<text x="{x:.1f}" y="{y0 + 16}" text-anchor="middle">{escape(label)}</text>'
            )
    if len(coords) > 1:
        body.insert(0, f'<polyline class="line" points="{" ".join(coords)}"/>')
    body.append(f'<line class="axis" x1="{left}" y1="{y0}" x2="{left + plot_w}" y2="{y0}"/>')
    desc = "; ".join(f"{label}: {fmt(v) if v is not None else 'no data'}" for label, v in points)
    return _svg(width, height, title, desc, body, "chart-line")


def bar_list(
    items: Sequence[Point],
    title: str,
    width: int = 640,
    fmt: Callable[[float], str] = _number,
    label_width: int = 240,
) -> Markup:
    """Horizontal bars with their labels: rankings and funnels."""
    row_h, pad = 24, 6
    height = max(len(items), 1) * row_h + 2 * pad
    top = max((v for _, v in items), default=0) or 1
    plot_w = width - label_width - 70
    body = []
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        w = plot_w * value / top
        shown = label if len(label) <= 42 else label[:41] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{escape(shown)}</text>'
        )
        body.append(
            f'<rect class="bar" x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}">'
            f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
        )
        body.append(
            f'<text class="value" x="{label_width + w + 6:.1f}" y="{y + 16}">{escape(fmt(value))}</text>'
        )
    if not items:
        body.append(f'<text x="{pad}" y="{pad + 16}">No data in this period.</text>')
    desc = (
        "; ".join(f"{label}: {fmt(value)}" for label, value in items) or "No data in this period."
    )
    return _svg(width, height, title, desc, body, "chart-bars")
