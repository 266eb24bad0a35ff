"""Server-rendered SVG bar charts (no chart library, no JavaScript): this module computes the
geometry, ``templates/_bar_chart.html`` draws it, with a data table beside it for screen readers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Colour-blind-safe (Okabe-Ito), each with at least 3:1 contrast against white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9", "#6B6B6B", "#E69F00", "#000000")


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class XLabel:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    xlabels: tuple[XLabel, ...]
    legend: tuple[tuple[str, str], ...]  # (name, colour)
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str
    plot_left: int
    plot_bottom: int

    @property
    def empty(self) -> bool:
        return not any(v for _, values in self.series for v in values)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def bar_chart(title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]], *,
              unit: str = "", width: int = 640, height: int = 240, label_every: int = 1) -> Chart:
    """Stacked bars: one bar per category, one colour per series."""
    left, right, top, bottom = 44, 8, 10, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(float(values[i]) for values in series.values()) for i in range(len(categories))]
    top_value = _nice_max(max(totals, default=0.0))
    slot = plot_w / max(1, len(categories))
    bar_w = max(2.0, slot * 0.7)
    bars: list[Bar] = []
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    for i, category in enumerate(categories):
        base = 0.0
        for name, values in series.items():
            v = float(values[i])
            if v <= 0:
                continue
            h = v / top_value * plot_h
            y = top + plot_h - (base / top_value * plot_h) - h
            bars.append(Bar(round(left + i * slot + (slot - bar_w) / 2, 2), round(y, 2), round(bar_w, 2),
                            round(h, 2), colours[name], f"{category} - {name}: {v:g}{unit}"))
            base += v
    ticks = tuple(Tick(round(top + plot_h - f * plot_h, 2), f"{top_value * f:g}") for f in (0, 0.5, 1))
    xlabels = tuple(XLabel(round(left + i * slot + slot / 2, 2), c) for i, c in enumerate(categories)
                    if i % label_every == 0 or i == len(categories) - 1)
    return Chart(title, width, height, tuple(bars), ticks, xlabels, tuple(colours.items()), tuple(categories),
                 tuple((n, tuple(float(v) for v in vals)) for n, vals in series.items()), unit, left,
                 top + plot_h)
