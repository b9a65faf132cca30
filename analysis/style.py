"""The thesis look, and the settings that make every saved figure byte-stable."""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib

from analysis import fonts, text_extents

matplotlib.use("Agg")  # no display anywhere: the build and the tests run headless

CM = 1 / 2.54
PAGE_WIDTH_IN = 16 * CM  # the thesis's text width

RC = {
    # Our own faces, and matplotlib's: every machine draws the same glyphs.
    "font.family": [fonts.FAMILY, fonts.FALLBACK],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Labels are data: a "$" in one is a dollar sign, never the start of mathtext.
    "text.parse_math": False,
    # Unhinted glyphs, as the PDF and SVG backends lay them out: the PNG and the print measurements
    # then see the widths the vector files contain, at every resolution. (It is also a third
    # cheaper to lay out.)
    "text.hinting": "no_hinting",
}

# The thesis is printed in black and white: greys that survive photocopying.
INK = "#1a1a1a"
GREY = "#6b6b6b"
LIGHT = "#d9d9d9"

# How each evidence status is drawn, in every figure.
STATUS_LINESTYLE = {"stated": "solid", "inferred": "dashed", "uncertain": "dotted"}
STATUS_MARK = {"stated": "", "inferred": "†", "uncertain": "?"}


def apply() -> None:
    """Make the thesis rc the kernel's own, so that every figure a notebook draws is drawn in it."""
    fonts.register()
    text_extents.share()
    matplotlib.rcParams.update(RC)


@contextmanager
def thesis_style(salt: str):
    """Apply the thesis rc for one artifact; ``salt`` fixes the SVG element ids."""
    fonts.register()
    text_extents.share()
    with matplotlib.rc_context({**RC, "svg.hashsalt": salt}):
        yield


def marked(text: str, status: str) -> str:
    """``text`` with the table marker of its evidence status (none for stated)."""
    return f"{text}{STATUS_MARK[status]}"
