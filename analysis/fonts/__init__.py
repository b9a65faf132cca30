"""KVP Sans, the figures' typeface: DejaVu Sans cut down to the characters a Norwegian and English
thesis uses.

A PDF embeds a subset of each face it draws with, and fontTools parses the whole font to cut it:
DejaVu Sans holds some 6,000 glyphs, and embedding them was a third of the time spent saving a
figure. KVP Sans keeps every glyph, metric, kerning pair, layout rule and hinting instruction of
the characters in ``derive.RANGES`` as DejaVu Sans has them (a test draws the same pixels with
both), so it embeds about three times faster. A character outside the ranges falls back to DejaVu
Sans, which matplotlib bundles. The faces are renamed, as the Bitstream Vera licence asks of a
modified font (LICENSE beside this file); ``python -m analysis.fonts.derive`` makes them again.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DIR = Path(__file__).parent
FAMILY = "KVP Sans"
FALLBACK = "DejaVu Sans"
FILES = {
    "normal": "KVPSans.ttf",
    "bold": "KVPSans-Bold.ttf",
    "italic": "KVPSans-Oblique.ttf",
    "bold italic": "KVPSans-BoldOblique.ttf",
}


@cache
def register() -> None:
    """Make the faces known to matplotlib's font lookup (by family name, for the rc settings)."""
    from matplotlib import font_manager

    for name in FILES.values():
        font_manager.fontManager.addfont(str(DIR / name))
