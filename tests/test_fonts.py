"""KVP Sans: derived reproducibly, drawing exactly as DejaVu Sans draws, covering what we write."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont

from analysis import fonts, i18n, paths, style
from analysis.fonts import derive

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FACES = {"normal": {}, "bold": {"weight": "bold"}, "italic": {"style": "italic"}}
FACES["bold italic"] = {**FACES["bold"], **FACES["italic"]}


def _data_characters() -> set[str]:
    found = set()
    for path in sorted(paths.DATA.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                found.update("".join(row))
    return found


def _label_characters() -> set[str]:
    found = set()
    for value in vars(i18n).values():
        if isinstance(value, dict):
            found.update("".join(str(v) for v in value.values() if isinstance(v, str)))
    return found


USED = sorted(c for c in _data_characters() | _label_characters() if c.isprintable())


def test_the_committed_faces_are_what_derive_makes(tmp_path):
    written = derive.derive(DEJAVU, tmp_path)
    assert [p.name for p in written] == list(fonts.FILES.values())
    for path in written:
        assert path.read_bytes() == (fonts.DIR / path.name).read_bytes(), path.name


def test_every_character_of_the_data_and_the_labels_is_in_kvp_sans():
    for name in fonts.FILES.values():
        cmap = TTFont(fonts.DIR / name)["cmap"].getBestCmap()
        missing = [f"U+{ord(c):04X} {c}" for c in USED if ord(c) not in cmap]
        assert not missing, f"{name} lacks {missing}: widen analysis.fonts.derive.RANGES"


def _png(family: str, face: dict, text: str) -> bytes:
    fig = Figure(figsize=(16 * style.CM, 0.25 * (text.count("\n") + 1)), dpi=200)
    fig.text(0.01, 0.99, text, family=family, size=9, va="top", **face)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


@pytest.mark.parametrize("face", FACES)
def test_kvp_sans_draws_the_same_pixels_as_dejavu_sans(face):
    # Every character we use, and pairs that kern, laid out by the same shaping engine.
    fonts.register()
    chosen = findfont(FontProperties(family=fonts.FAMILY, **FACES[face]), fallback_to_default=False)
    assert Path(chosen) == fonts.DIR / fonts.FILES[face]
    lines = ["".join(USED[i : i + 60]) for i in range(0, len(USED), 60)] + ["AV To Wa LT yy Ty «fi» – ff"]
    text = "\n".join(lines)
    assert _png(fonts.FAMILY, FACES[face], text) == _png(fonts.FALLBACK, FACES[face], text)


def test_a_character_outside_the_ranges_falls_back_to_dejavu_sans():
    outside = "αβγ"  # Greek: not in RANGES, in DejaVu Sans
    assert all(not any(a <= ord(c) <= b for a, b in derive.RANGES) for c in outside)
    with style.thesis_style("test"), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a glyph missing from every font
        fig = Figure()
        fig.text(0, 0, outside)
        fig.savefig(io.BytesIO(), format="png")
