"""The forecast digest's picture: the weighted forecast by rep, stacked by stage, each
rep's quota marked beside their bar, as PNG.

Drawn with matplotlib's Figure and its Agg canvas directly (no pyplot), so digests drawn
on several threads never share plotting state. The figures in the digest's text are the
exact ones; the bars are only a picture of them.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Fonts with Chinese glyphs, used when one is installed: rep and stage names may be Chinese.
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei")
# A name the fonts cannot draw shows as boxes; that is no reason to fill the log.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)


def _fonts() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in _CJK_FONTS if name in installed] + ["DejaVu Sans"]


@dataclass(frozen=True)
class Bars:
    """One bar per rep stacked by stage (`values[(rep, stage)]`), and each rep's quota,
    if set, as a mark beside the bar."""

    reps: list[str]
    stages: list[str]
    values: dict[tuple[str, str], Decimal]
    marks: dict[str, Decimal] = field(default_factory=dict)


QUOTA = "quota"  # the gid of the quota marks, so the figure can be read back
MARK_AT = 0.5  # a mark's place right of its bar's middle (bars are 0.8 wide)


def figure(title: str, axis_label: str, quota_label: str, bars: Bars) -> Any:
    """The chart as a matplotlib Figure, drawn (for PNG, or to be read back)."""
    # matplotlib is loaded on the first digest, not at start-up: it is most of the memory.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    drawn = Figure(figsize=(8, 4.5), dpi=100, layout="constrained")
    canvas = FigureCanvasAgg(drawn)
    axes = drawn.add_subplot()
    fonts = _fonts()
    places = list(range(len(bars.reps)))
    bottoms = [0.0] * len(bars.reps)
    for stage in bars.stages:
        heights = [float(bars.values.get((rep, stage), Decimal(0))) for rep in bars.reps]
        axes.bar(places, heights, bottom=bottoms, label=stage, width=0.8)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    marked = [(i, float(bars.marks[rep])) for i, rep in enumerate(bars.reps) if rep in bars.marks]
    if marked:
        axes.scatter(
            [i + MARK_AT for i, _ in marked],
            [q for _, q in marked],
            marker="<",
            s=90,
            color="black",
            zorder=3,
            label=quota_label,
            gid=QUOTA,
        )
    axes.set_xticks(places, bars.reps)
    axes.set_title(title, fontfamily=fonts)
    axes.set_ylabel(axis_label, fontfamily=fonts)
    axes.yaxis.set_major_formatter("{x:,.0f}")
    for label in axes.get_xticklabels():
        label.set_fontfamily(fonts)
    if bars.stages or marked:
        axes.legend(title=None, prop={"family": fonts})
    canvas.draw()
    return drawn


def stacked_bars(title: str, axis_label: str, quota_label: str, bars: Bars) -> bytes:
    """The chart as PNG bytes."""
    out = io.BytesIO()
    figure(title, axis_label, quota_label, bars).savefig(
        out, format="png", metadata={"Software": None}
    )
    return out.getvalue()
