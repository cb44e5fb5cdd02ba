"""The forecast digest's picture: the weighted forecast by rep, stacked by stage, as PNG.

Drawn with matplotlib's Figure and its Agg canvas directly (no pyplot), so digests drawn
on several threads never share plotting state. The figures in the digest's text are the
exact ones; the bars are only a picture of them.
"""

from __future__ import annotations

import io
import warnings
from decimal import Decimal

# Fonts with Chinese glyphs, used when one is installed: rep and stage names may be Chinese.
_CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei")
# A name the fonts cannot draw shows as boxes; that is no reason to fill the log.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)


def _fonts() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in _CJK_FONTS if name in installed] + ["DejaVu Sans"]


def stacked_bars(
    title: str,
    axis_label: str,
    reps: list[str],
    stages: list[str],
    values: dict[tuple[str, str], Decimal],
) -> bytes:
    """One bar per rep, one coloured segment per stage; returns the PNG's bytes."""
    # matplotlib is loaded on the first digest, not at start-up: it is most of the memory.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    fonts = _fonts()
    bottoms = [0.0] * len(reps)
    for stage in stages:
        heights = [float(values.get((rep, stage), Decimal(0))) for rep in reps]
        axes.bar(reps, heights, bottom=bottoms, label=stage)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_title(title, fontfamily=fonts)
    axes.set_ylabel(axis_label, fontfamily=fonts)
    axes.yaxis.set_major_formatter("{x:,.0f}")
    for label in axes.get_xticklabels():
        label.set_fontfamily(fonts)
    if stages:
        axes.legend(title=None, prop={"family": fonts})
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
