"""Charts drawn on the server as inline SVG (no JavaScript, no CDN): weekly lines and horizontal bars."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

# Colour-blind-safe palette (Okabe-Ito), repeated with dashes when there are more series.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return float(factor * step)
    return float(10 * step)


def line_chart(
    title: str,
    weeks: Sequence[str],
    series: Sequence[tuple[str, dict[str, int]]],
    width: int = 760,
    height: int = 300,
) -> Markup:
    """One line per series over the weeks; a hidden week breaks the line instead of drawing zero."""
    left, right, top, bottom = 48, 180, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for _, values in series for v in values.values()), default=0))
    step = plot_w / max(1, len(weeks) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(weeks) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - v / peak * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = peak * fraction
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11">{value:g}</text>'
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e3e3e3"/>'
        )
    label_every = max(1, len(weeks) // 8)
    for i, week in enumerate(weeks):
        if i % label_every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11">'
                f"{escape(week[2:])}</text>"
            )
    for n, (name, values) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        dash = "" if n < len(PALETTE) else ' stroke-dasharray="5 3"'
        segment: list[str] = []
        for i, week in enumerate([*weeks, ""]):
            if week in values:
                segment.append(f"{x(i):.1f},{y(values[week]):.1f}")
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(values[week]):.1f}" r="2.5" fill="{colour}"/>')
                continue
            if len(segment) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{" ".join(segment)}"/>'
                )
            segment = []
        legend_y = top + 14 + n * 16
        parts.append(
            f'<rect x="{left + plot_w + 12}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + plot_w + 28}" y="{legend_y}" font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, items: Sequence[tuple[str, float]], unit: str = "", width: int = 760) -> Markup:
    """Horizontal bars, largest first as given, with the value written at the end of each bar."""
    left, right, row = 220, 70, 24
    height = 16 + row * max(1, len(items))
    peak = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (name, value) in enumerate(items):
        top = 8 + i * row
        length = (width - left - right) * value / peak
        shown = (
            f"{value:.1f}{unit}"
            if isinstance(value, float) and not value.is_integer()
            else f"{value:g}{unit}"
        )
        parts.append(
            f'<text x="{left - 8}" y="{top + 15}" text-anchor="end" font-size="12">{escape(name)}</text>'
            f'<rect x="{left}" y="{top + 3}" width="{length:.1f}" height="16" fill="{PALETTE[0]}"/>'
            f'<text x="{left + length + 6:.1f}" y="{top + 15}" font-size="12">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
