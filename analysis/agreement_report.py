"""compare-coding's outputs: the agreement table, the disagreements table and the agreement figure.

Written in the formats of every other artifact (render's writers), in one language, all at once:
into a staging directory first, then moved into place, so that an error leaves nothing behind.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import render, style
from analysis.agreement import AgreementError, Comparison, Score, compare_with
from analysis.formats import FIGURE_FORMATS, TABLE_FORMATS
from analysis.gids import gid
from analysis.i18n import pick

TABLES = ("codes", "codings", "excerpts", "persons", "settings", "cases")
STEMS = {"scores": "coding-agreement", "disagreements": "coding-disagreements"}

_TEXT = {
    "caption.scores": {
        "nb": "Enighet mellom to kodere, per kode og samlet",
        "en": "Agreement between two coders, per code and overall",
    },
    "caption.disagreements": {
        "nb": "Sitatene der koderne er uenige",
        "en": "The excerpts on which the coders disagree",
    },
    "unit": {
        "nb": "Enheten er sitatet (én talers replikk): {units} sitater i de {conversations} samtalene den "
        "andre koderen har kodet noe i. For hver kode har hver koder "
        "enten gitt et sitat koden eller ikke. «Alle koder» slår sammen alle sitat × kode-vurderinger. "
        "{unused} koder i kodeboken er ikke brukt av noen av koderne og er utelatt.",
        "en": "The unit is the excerpt (one speaker's turn): {units} excerpts, in the {conversations} "
        "conversations in which the second coder coded anything. For every code, each coder "
        "either gave an excerpt the code or did not. 'All codes' pools every excerpt × code judgement. "
        "{unused} codes of the codebook neither coder used are left out.",
    },
    "undefined": {
        "nb": "– : ikke definert (forventet enighet er 1: koden er brukt på alle eller ingen sitater).",
        "en": "– : undefined (expected agreement is 1: the code is on every excerpt or on none).",
    },
    "code": {"nb": "Kode", "en": "Code"},
    "ours": {"nb": "Vi", "en": "Us"},
    "theirs": {"nb": "Andre koder", "en": "Second coder"},
    "both": {"nb": "Begge", "en": "Both"},
    "percent": {"nb": "Prosent enighet", "en": "Percent agreement"},
    "kappa": {"nb": "Cohens kappa", "en": "Cohen's kappa"},
    "alpha": {"nb": "Krippendorffs alfa", "en": "Krippendorff's alpha"},
    "all": {"nb": "Alle koder (samlet)", "en": "All codes (pooled)"},
    "excerpt": {"nb": "Sitat", "en": "Excerpt"},
    "where": {"nb": "Avsnitt, linje", "en": "Section, lines"},
    "speaker": {"nb": "Taler", "en": "Speaker"},
    "unnamed": {"nb": "{label}", "en": "unnamed («{label}» in the thesis)"},
    "text": {"nb": "Tekst (ordrett)", "en": "Text (verbatim, Norwegian)"},
    "yes": {"nb": "ja", "en": "yes"},
    "no": {"nb": "nei", "en": "no"},
    "axis": {
        "nb": "Enighet utover tilfeldig (1 = full enighet)",
        "en": "Agreement beyond chance (1 = perfect)",
    },
}

UNDEFINED = "–"


def _number(value: float, digits: int = 2, lang: str = "en") -> str:
    """A measure as printed: a decimal comma in Norwegian, a true minus sign; – where undefined."""
    if math.isnan(value):
        return UNDEFINED
    shown = f"{value:.{digits}f}".replace("-", "−")
    return shown.replace(".", ",") if lang == "nb" else shown


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def _label(codes: pd.DataFrame, code_id: str | None, lang: str) -> str:
    if code_id is None:
        return pick(_TEXT, "all", lang)
    return codes.set_index("code_id").loc[code_id, f"label_{lang}"]


def _header(keys: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return tuple(pick(_TEXT, key, lang) for key in keys)


def _unit_note(comparison: Comparison, lang: str) -> str:
    return pick(_TEXT, "unit", lang).format(
        units=len(comparison.units), conversations=comparison.conversations, unused=comparison.unused
    )


def scores_table(comparison: Comparison, codes: pd.DataFrame, lang: str) -> render.Table:
    """Per code (codebook order) and pooled: how often each coder used it, and the three measures."""
    rows, tidy = [], []
    for s in comparison.scores:
        label = _label(codes, s.code_id, lang)
        counts = (str(s.ours), str(s.theirs), str(s.both))
        rows.append(
            (
                label,
                *counts,
                _number(s.percent, 1, lang),
                _number(s.kappa, 2, lang),
                _number(s.alpha, 2, lang),
            )
        )
        tidy.append(
            {
                "code_id": s.code_id or "*",
                "code": label,
                "units": s.units,
                "ours": s.ours,
                "theirs": s.theirs,
                "both": s.both,
                "percent_agreement": round(s.percent, 4),
                "cohen_kappa": _optional(s.kappa),
                "krippendorff_alpha": _optional(s.alpha),
            }
        )
    return render.Table(
        table_id=STEMS["scores"],
        lang=lang,
        caption=pick(_TEXT, "caption.scores", lang),
        header=_header(("code", "ours", "theirs", "both", "percent", "kappa", "alpha"), lang),
        rows=tuple(rows),
        tidy=pd.DataFrame(tidy),
        notes=(_unit_note(comparison, lang), pick(_TEXT, "undefined", lang)),
        row_ids=tuple(s.code_id or "all" for s in comparison.scores),
    )


def _speaker(excerpt: pd.Series, persons: pd.DataFrame, lang: str) -> str:
    speaker_id = excerpt["speaker_id"]
    if isinstance(speaker_id, str) and speaker_id:
        return persons.set_index("person_id").loc[speaker_id, "pseudonym"]
    return pick(_TEXT, "unnamed", lang).format(label=excerpt["speaker_label_nb"])


def disagreements_table(comparison: Comparison, tables: dict[str, pd.DataFrame], lang: str) -> render.Table:
    """Every excerpt × code the coders judged differently: where, who, the words, and each verdict."""
    excerpts = tables["excerpts"].set_index("excerpt_id")
    verdict = {True: pick(_TEXT, "yes", lang), False: pick(_TEXT, "no", lang)}
    rows, tidy = [], []
    for item in comparison.disagreements.itertuples(index=False):
        excerpt = excerpts.loc[item.excerpt_id]
        where = f"{excerpt['section']}, {excerpt['lines'].replace('-', '–')}"
        speaker = _speaker(excerpt, tables["persons"], lang)
        label = _label(tables["codes"], item.code_id, lang)
        rows.append(
            (
                item.excerpt_id,
                where,
                speaker,
                excerpt["text_nb"],
                label,
                verdict[item.ours],
                verdict[item.theirs],
            )
        )
        tidy.append(
            {
                "excerpt_id": item.excerpt_id,
                "section": excerpt["section"],
                "lines": excerpt["lines"],
                "speaker": speaker,
                "text_nb": excerpt["text_nb"],
                "code_id": item.code_id,
                "code": label,
                "ours": item.ours,
                "theirs": item.theirs,
            }
        )
    columns = ["excerpt_id", "section", "lines", "speaker", "text_nb", "code_id", "code", "ours", "theirs"]
    return render.Table(
        table_id=STEMS["disagreements"],
        lang=lang,
        caption=pick(_TEXT, "caption.disagreements", lang),
        header=_header(("excerpt", "where", "speaker", "text", "code", "ours", "theirs"), lang),
        rows=tuple(rows),
        tidy=pd.DataFrame(tidy, columns=columns),
        notes=(_unit_note(comparison, lang),),
        row_ids=tuple(f"{row['excerpt_id']}|{row['code_id']}" for row in tidy),
    )


def draw(comparison: Comparison, codes: pd.DataFrame, lang: str) -> Figure:
    """Kappa (filled circle) and alpha (open square) per code, the pooled values on top; no title."""
    scores: list[Score] = [comparison.scores[-1], *comparison.scores[:-1]]
    labels = [textwrap.shorten(_label(codes, s.code_id, lang), 48, placeholder="…") for s in scores]
    # A row per code, tall enough for 8-point labels, in the thesis's text width.
    figure = Figure(figsize=(style.PAGE_WIDTH_IN, max(2.0, 0.9 + 0.17 * len(scores))))
    axes = figure.subplots()
    positions = list(range(len(scores)))[::-1]
    # The filled circle smaller and in front, so that it shows inside the square where both agree.
    markers = (("kappa", "o", style.INK, 0.7, 3), ("alpha", "s", "white", 1.0, 2))
    for y, s in zip(positions, scores, strict=True):
        size = 6 if s.code_id is None else 4.5
        for measure, marker, fill, scale, order in markers:
            value = getattr(s, measure)
            if math.isnan(value):
                continue
            (mark,) = axes.plot(
                [value],
                [y],
                marker=marker,
                color=style.INK,
                markerfacecolor=fill,
                markersize=size * scale,
                linestyle="none",
                zorder=order,
            )
            if s.code_id:  # the overall row stands for no one code
                mark.set_gid(gid("codes", s.code_id, part=measure))
        if math.isnan(s.kappa) and math.isnan(s.alpha):
            axes.text(0, y, UNDEFINED, ha="center", va="center", color=style.GREY)
    axes.axvline(0, color=style.LIGHT, linewidth=0.8, zorder=0)
    axes.set_xlim(-1.05, 1.05)
    axes.set_ylim(-0.7, len(scores) - 0.3)
    axes.set_yticks(positions, labels)
    axes.get_yticklabels()[0].set_fontweight("bold")
    axes.set_xlabel(pick(_TEXT, "axis", lang))
    handles = [
        axes.plot([], [], marker=marker, color=style.INK, markerfacecolor=fill, linestyle="none")[0]
        for _, marker, fill, _, _ in markers
    ]
    axes.legend(
        handles,
        [pick(_TEXT, measure, lang) for measure, *_ in markers],
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=2,
        frameon=False,
    )
    return figure


def write(comparison: Comparison, tables: dict[str, pd.DataFrame], out_dir: Path, lang: str) -> list[Path]:
    """All outputs into ``out_dir``, or none: they are written beside it, then moved in."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=f".{out_dir.name}-") as name:
        staging = Path(name)
        written = render.save_table(
            scores_table(comparison, tables["codes"], lang), staging, STEMS["scores"], TABLE_FORMATS
        )
        written += render.save_table(
            disagreements_table(comparison, tables, lang), staging, STEMS["disagreements"], TABLE_FORMATS
        )
        with style.thesis_style(salt=f"compare-coding-{lang}"):
            figure = draw(comparison, tables["codes"], lang)
            written += render.save_figure(figure, staging, STEMS["scores"], FIGURE_FORMATS)
        out_dir.mkdir(exist_ok=True)
        for path in written:
            os.replace(path, out_dir / path.name)
    return [out_dir / path.name for path in written]


def main(args) -> int:
    """The compare-coding command: 0 and the files written, or 2 and what is wrong, nothing written."""
    from analysis import data
    from analysis.refiqda import DEFAULT_SCHEMA, QdpxError

    schema = args.schema or DEFAULT_SCHEMA
    try:
        tables = data.load(args.data_dir, list(TABLES))
        comparison = compare_with(args.other, tables, schema if schema.is_file() else None)
        written = write(comparison, tables, args.out, args.lang)
    except KeyError as error:
        print(f"compare-coding: {args.data_dir} has no table {error}", file=sys.stderr)
        return 2
    except (AgreementError, QdpxError, data.DataError) as error:
        print(f"compare-coding: {error}", file=sys.stderr)
        return 2
    pooled = comparison.scores[-1]
    summary = f"{pooled.percent:.1f}% agreement, kappa {_number(pooled.kappa)}, alpha {_number(pooled.alpha)}"
    units, codes = len(comparison.units), len(comparison.scores) - 1
    print(f"{units} excerpts, {codes} codes: {summary}; {len(comparison.disagreements)} disagreement(s)")
    for path in written:
        print(path)
    return 0
