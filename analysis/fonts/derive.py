"""Derive the KVP Sans faces from matplotlib's DejaVu Sans: ``python -m analysis.fonts.derive``.

The output depends only on the DejaVu files and fontTools of the lock, so the committed faces can
be checked by deriving them again (a test does).
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis import fonts

# Latin with Norwegian, Sami and the other European letters; typographic punctuation (dashes,
# quotes, †, …); arrows, mathematical operators and geometric shapes (●, ○) used as marks.
RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2000, 0x206F),
    (0x20AC, 0x20AC),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
)
SOURCES = {
    "normal": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold italic": "DejaVuSans-BoldOblique.ttf",
}
# Family, unique id, full name, PostScript name, typographic family, compatible full name, WWS family.
RENAMED_IDS = (1, 3, 4, 6, 16, 18, 21)


def codepoints() -> list[int]:
    return [code for first, last in RANGES for code in range(first, last + 1)]


def derive(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write each face of KVP Sans into ``target_dir``, cut from its DejaVu Sans in ``source_dir``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    written = []
    for face, source in SOURCES.items():
        options = subset.Options(
            glyph_names=True,
            layout_features=["*"],
            layout_scripts=["*"],
            name_IDs=["*"],
            name_languages=["*"],
            notdef_outline=True,
            hinting=True,
            legacy_kern=True,
        )
        options.drop_tables += ["FFTM"]  # FontForge's build timestamp
        font = TTFont(Path(source_dir) / source, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints())
        subsetter.subset(font)
        for record in font["name"].names:
            if record.nameID in RENAMED_IDS:
                text = record.toUnicode()
                record.string = text.replace("DejaVu Sans", fonts.FAMILY).replace("DejaVuSans", "KVPSans")
        target = Path(target_dir) / fonts.FILES[face]
        font.save(target)
        written.append(target)
    return written


def main() -> int:
    import matplotlib

    for path in derive(Path(matplotlib.get_data_path()) / "fonts" / "ttf", fonts.DIR):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
