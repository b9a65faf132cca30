"""One measurement of each string per process, shared by every Agg renderer.

matplotlib caches text extents per renderer, and a figure gets a new renderer for every size and
resolution it is drawn at: laid out, cropped and saved at 200 dpi, measured for print, and a flow
diagram's labels are sized before its figure exists. Each renderer would shape the same strings
again with FreeType, which is a third of the time spent laying a figure out. An extent depends
only on the string, the font files, the size, the resolution and the hinting settings, so one
cache keyed on exactly those serves them all and returns what the renderer would have.
"""

from __future__ import annotations

from functools import cache

import matplotlib
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import fontManager

_measure = RendererAgg.get_text_width_height_descent
# The settings FreeType's shaping reads besides the font and size (RendererAgg, font_manager.get_font).
_SHAPING_RC = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "font.enable_last_resort")
_extents: dict[tuple, tuple[float, float, float]] = {}


def _shared(renderer: RendererAgg, s: str, prop, ismath):
    if ismath:  # mathtext and TeX have their own caches and parsers
        return _measure(renderer, s, prop, ismath)
    key = (
        s,
        tuple(fontManager._find_fonts_by_props(prop)),
        prop.get_size_in_points(),
        renderer.dpi,
        *(matplotlib.rcParams[name] for name in _SHAPING_RC),
    )
    if key not in _extents:
        _extents[key] = _measure(renderer, s, prop, ismath)
    return _extents[key]


@cache
def share() -> None:
    """Route every Agg renderer's text measurement through the shared cache (once per process)."""
    RendererAgg.get_text_width_height_descent = _shared
