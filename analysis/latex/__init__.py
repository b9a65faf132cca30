"""LaTeX's side of the table writer: which characters a ``.tex`` output may hold, and the preamble.

The outputs are UTF-8 and assume ``kvp-analysis.sty`` (beside this module; the build publishes it
as ``figures/kvp-analysis.sty``): pdflatex with ``inputenc`` utf8 and ``fontenc`` T1 sets the
Norwegian letters, dashes, guillemets, the dagger and the ellipsis itself, so those stay as they
are, readable in the file. Symbols that no standard encoding has get a LaTeX command here, and any
other character is refused when the table is written, not when an author's pdflatex stops on it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

STY = Path(__file__).with_name("kvp-analysis.sty")

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # T1 would set these as ligatures or as the wrong glyph.
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

# Symbols without a text-encoding glyph: a command every LaTeX installation has.
_SYMBOLS = {
    "●": r"\ensuremath{\bullet}",
    "○": r"\ensuremath{\circ}",
    "✓": r"\ensuremath{\surd}",
    "✗": r"\ensuremath{\times}",
    "≈": r"\ensuremath{\approx}",
    "≤": r"\ensuremath{\leq}",
    "≥": r"\ensuremath{\geq}",
    "↔": r"\ensuremath{\leftrightarrow}",
    "↩": r"\ensuremath{\hookleftarrow}",
    "\u00a0": "~",
}

# Beyond ASCII and the Latin-1 letters: what utf8 inputenc maps for T1 and TS1 (textcomp) itself.
_TEXT_ENCODED = set("§«»°·×÷–—‘’‚“”„†‡•…‰′€→←↑↓©®½¼¾±")


def _set_by_encoding(ch: str) -> bool:
    if " " <= ch <= "~":
        return True
    if "\u00c0" <= ch <= "\u00ff":  # Latin-1 letters (and × ÷), all in T1
        return True
    return ch in _TEXT_ENCODED


def latex_escape(text: str) -> str:
    """``text`` as LaTeX source; ValueError naming any character the outputs cannot set."""
    out = []
    for ch in text:
        if ch in _SPECIALS:
            out.append(_SPECIALS[ch])
        elif ch in _SYMBOLS:
            out.append(_SYMBOLS[ch])
        elif ch == "\n":
            out.append(" ")
        elif _set_by_encoding(ch):
            out.append(ch)
        else:
            name = unicodedata.name(ch, "unnamed")
            raise ValueError(
                f"character {ch!r} (U+{ord(ch):04X} {name}) in {text!r} has no LaTeX form; "
                "add it to analysis/latex/__init__.py"
            )
    return "".join(out)


def style_file(tables: dict) -> dict[str, str]:
    """``kvp-analysis.sty``, for the build to publish beside the outputs that need it."""
    return {"sty": STY.read_text(encoding="utf-8")}
