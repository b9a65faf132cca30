"""Labels and captions in bokmål (the thesis's language, the default) and English (ours)."""

from __future__ import annotations

LANGS = ("nb", "en")

_TEXT = {
    "table-2-1.caption": {
        "nb": "Tabell 2.1 Aktiveringselementer (Eichhorst et al., 2010, s. 6, min oversettelse)",
        "en": "Table 2.1 Activation elements (Eichhorst et al., 2010, p. 6, "
        "translated by the thesis author; English translation ours)",
    },
    "table-2-1.placement-note": {
        "nb": "Kolonne og rad er rekonstruert fra PDF-ens rekkefølge og definisjonene i avsnitt 2.2.2 "
        "(utledet).",
        "en": "Column and row are reconstructed from the PDF's reading order and the definitions "
        "in section 2.2.2 (inferred).",
    },
    "status.stated": {"nb": "uttrykt i teksten", "en": "stated in the text"},
    "status.inferred": {"nb": "utledet fra teksten", "en": "inferred from the text"},
    "status.uncertain": {"nb": "usikker lesning", "en": "uncertain reading"},
    "column.side": {"nb": "Side", "en": "Side"},
    "column.row": {"nb": "Rad", "en": "Row"},
    "column.group": {"nb": "Gruppe", "en": "Group"},
    "column.item": {"nb": "Element", "en": "Element"},
    "column.section": {"nb": "Avsnitt", "en": "Section"},
    "column.lines": {"nb": "Linjer", "en": "Lines"},
    "column.status": {"nb": "Status", "en": "Status"},
}


def text(key: str, lang: str) -> str:
    """The string ``key`` in ``lang``; an unknown language is an error, not a silent fallback."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return _TEXT[key][lang]


def column(frame_lang_column: str, lang: str) -> str:
    """``"label"`` -> ``"label_nb"`` or ``"label_en"``: the data's language pairs."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return f"{frame_lang_column}_{lang}"
