"""The fieldwork overview: informants, settings, where the excerpts come from, and the coding.

Every table keeps the thesis locator of its rows in its tidy CSV form; the coding tables carry
the excerpt ids behind each count.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analysis import i18n, metrics, qda, style
from analysis.gids import gid
from analysis.render import Table

ROLE_ORDER = (
    "leder",
    "mellomleder",
    "gruppeleder",
    "teamleder",
    "koordinator",
    "konsulent",
    "veileder",
    "deltaker",
    "annen",
)


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def informants(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    persons = tables["persons"].copy()
    persons["_order"] = persons["role"].map(ROLE_ORDER.index)
    persons = persons.sort_values(["_order", "pseudonym"], kind="stable")
    role = "role" if lang == "nb" else "role_en"
    rows = tuple(
        (p.pseudonym, style.marked(getattr(p, role), p.status), _text(p.background))
        for p in persons.itertuples()
    )
    tidy = persons[
        ["person_id", "pseudonym", "role", "role_en", "background", "section", "lines", "status"]
    ].reset_index(drop=True)
    return Table(
        table_id=f"informants-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("pseudonym", "role", "background")),
        rows=rows,
        tidy=tidy,
        notes=(i18n.text("informants.note", lang), i18n.text("status.legend", lang)),
    )


def settings(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["settings"]
    name = i18n.column("name", lang)
    # The Norwegian table quotes the thesis; the English one gives our description.
    detail = "evidence" if lang == "nb" else "description_en"
    rows = tuple(
        (style.marked(getattr(s, name), s.status), f"«{s.evidence}»" if lang == "nb" else s.description_en)
        for s in frame.itertuples()
    )
    tidy = frame[["setting_id", "name_nb", "name_en", detail, "section", "lines", "status"]]
    return Table(
        table_id=f"settings-{lang}",
        lang=lang,
        header=(i18n.text("column.setting", lang), i18n.text("column.description", lang)),
        rows=rows,
        tidy=tidy.reset_index(drop=True),
        notes=(i18n.text("status.legend", lang),),
    )


def excerpts_by_chapter_and_setting(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    excerpts = tables["excerpts"]
    excerpts = excerpts[excerpts["repeat_of"].isna()]
    chapter = excerpts["section"].str.split(".").str[0].astype(int).rename("chapter")
    none = i18n.text("setting.none", lang)
    names = tables["settings"].set_index("setting_id")[i18n.column("name", lang)]
    setting = excerpts["setting_id"].map(names).fillna(none).rename("setting")
    counts = pd.crosstab(chapter, setting)
    ordered = [n for n in names if n in counts.columns] + ([none] if none in counts.columns else [])
    counts = counts[ordered]
    total = i18n.text("column.total", lang)
    counts[total] = counts.sum(axis=1)
    rows = tuple((str(ch), *(str(v) for v in counts.loc[ch])) for ch in counts.index)
    tidy = counts.drop(columns=total).stack().rename("excerpts").reset_index()
    tidy = tidy[tidy["excerpts"] > 0].reset_index(drop=True)
    return Table(
        table_id=f"excerpts-by-chapter-and-setting-{lang}",
        lang=lang,
        header=(i18n.text("column.chapter", lang), *counts.columns),
        rows=rows,
        tidy=tidy,
        notes=(i18n.text("gloss.note", lang),),
    )


def code_frequencies(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    codes = tables["codes"]
    coded = qda.prepare(tables["codings"], tables["excerpts"])
    by_excerpt = qda.code_frequencies(coded, unit="excerpt")
    by_conversation = qda.code_frequencies(coded, unit="conversation").set_index("code_id")
    frame = by_excerpt.merge(codes, on="code_id")
    frame["conversations"] = frame["code_id"].map(by_conversation["count"])
    frame["excerpt_ids"] = [";".join(qda.code_frequency_ids(coded, code)) for code in frame["code_id"]]
    label = i18n.column("label", lang)
    rows = tuple(
        (r[label], i18n.text(f"origin.{r['origin']}", lang), str(r["count"]), str(r["conversations"]))
        for _, r in frame.iterrows()
    )
    tidy = frame[["code_id", "label_nb", "label_en", "origin", "count", "conversations", "excerpt_ids"]]
    return Table(
        table_id=f"code-frequencies-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("code", "origin", "excerpts", "conversations")),
        rows=rows,
        tidy=tidy.rename(columns={"count": "excerpts"}),
        notes=(i18n.text("code-frequencies.note", lang),),
    )


_TEXT = {
    "cooccurrence.note.excerpt": {
        "nb": "Antall sitater (taleturer) med begge kodene; tomt: ingen. På diagonalen (innrammet): "
        "sitater med koden. Kodene er gruppert etter tema i kodeboken. Kodingen er vår.",
        "en": "Number of excerpts (speaker turns) carrying both codes; blank: none. On the diagonal "
        "(framed): excerpts carrying the code. Codes grouped by codebook theme. The coding is ours.",
    },
    "cooccurrence.note.conversation": {
        "nb": "Antall samtaler der begge kodene forekommer; tomt: ingen. På diagonalen (innrammet): "
        "samtaler med koden. Kodene er gruppert etter tema i kodeboken. Kodingen er vår.",
        "en": "Number of conversations in which both codes occur; blank: none. On the diagonal "
        "(framed): conversations carrying the code. Codes grouped by codebook theme. The coding is ours.",
    },
}


def _theme(code_id: str, parents: pd.Series) -> str:
    """The top of ``code_id``'s parent chain in the codebook."""
    seen = {code_id}
    while pd.notna(parents.get(code_id)):
        code_id = parents[code_id]
        if code_id in seen:
            raise ValueError(f"codes.csv: {code_id}: parent_id: the parent chain loops back to itself")
        seen.add(code_id)
    return code_id


def cooccurrence_order(matrix: pd.DataFrame, codes: pd.DataFrame) -> list[str]:
    """The codes of ``matrix`` that co-occur with another, related codes together.

    Codes are grouped by their codebook theme (the top of the parent chain); themes by their
    codes' summed frequency, then id; codes within a theme by frequency, then id. A code that
    co-occurs with none of the others would be an empty row and column, and is left out.
    """
    parents = codes.set_index("code_id")["parent_id"]
    diagonal = pd.Series(np.diag(matrix), index=matrix.index)
    others = matrix.sum(axis=1) - diagonal
    kept = [c for c in matrix.index if others[c] > 0]
    theme = {c: _theme(c, parents) for c in kept}
    weight = {t: sum(diagonal[c] for c in kept if theme[c] == t) for t in set(theme.values())}
    return sorted(kept, key=lambda c: (-weight[theme[c]], theme[c], -diagonal[c], c))


def cooccurrence_heatmap(
    tables: dict[str, pd.DataFrame], lang: str = "nb", top: int = 20, unit: str = "excerpt"
) -> Figure:
    """Lower triangle of the co-occurrence of the ``top`` most frequent codes; zeros left blank.

    The diagonal gives each code's own frequency; columns are numbered as the rows. Every cell
    that counts something carries the gid ``kvp:cooc:<code>|<code>``, a diagonal cell ``kvp:codes:<code>``.
    """
    codes = tables["codes"]
    coded = qda.prepare(tables["codings"], tables["excerpts"])
    frequent = qda.code_frequencies(coded, unit=unit).head(top)["code_id"].tolist()
    full = qda.cooccurrence(coded, unit=unit, codes=frequent)
    order = cooccurrence_order(full, codes)
    matrix = full.loc[order, order]
    labels = codes.set_index("code_id").loc[order, i18n.column("label", lang)].tolist()
    n = len(order)
    width = metrics.FIGURE_WIDTH_IN
    fig, ax = plt.subplots(figsize=(width, 0.178 * n + 0.75), layout="constrained")
    off = matrix.to_numpy().copy()
    np.fill_diagonal(off, 0)
    peak = max(int(off.max()), 1)
    cmap = plt.get_cmap("Greys")
    for i, a in enumerate(order):
        for j, b in enumerate(order[: i + 1]):
            count = int(matrix.iloc[i, j])
            diagonal = i == j
            shade = 0.0 if diagonal or count == 0 else 0.12 + 0.6 * count / peak
            cell = Rectangle(
                (j - 0.5, i - 0.5),
                1,
                1,
                facecolor="white" if diagonal else cmap(shade),
                edgecolor=style.INK if diagonal else style.LIGHT,
                linewidth=0.7 if diagonal else 0.4,
            )
            ax.add_artist(cell)  # limits are set below: skip add_patch's autoscaling per cell
            if count == 0:
                continue
            cell.set_gid(gid("codes", a) if diagonal else gid("cooc", *sorted((a, b))))
            ax.text(
                j,
                i,
                str(count),
                ha="center",
                va="center",
                fontsize=7,
                weight="bold" if diagonal else "normal",
                color="white" if shade > 0.5 else style.INK,
            )
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.set_yticks(
        range(n),
        [f"{label}  {k}" for k, label in enumerate(labels, start=1)],
    )
    ax.set_xticks(range(n), [str(k) for k in range(1, n + 1)])
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", labelsize=7, length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    fig.supxlabel(
        textwrap.fill(i18n.pick(_TEXT, f"cooccurrence.note.{unit}", lang), 110), fontsize=7, style="italic"
    )
    return fig


def speaker_names(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """person_id -> pseudonym, for naming speakers."""
    return tables["persons"].set_index("person_id")["pseudonym"]


def excerpts_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    """Every excerpt, one row per speaker turn, each row anchored by its id for other tables to link to."""
    excerpts = tables["excerpts"]
    names = speaker_names(tables)
    settings = tables["settings"].set_index("setting_id")[i18n.column("name", lang)]

    def speaker(row) -> str:
        if pd.notna(row.speaker_id):
            return ", ".join(names[p] for p in row.speaker_id.split(";"))
        return _text(row.speaker_label_nb)

    rows = tuple(
        (
            r.excerpt_id,
            speaker(r),
            _text(settings.get(r.setting_id)) if pd.notna(r.setting_id) else "",
            style.marked(r.text_nb if lang == "nb" else r.gloss_en, r.status),
            f"{r.section} ({r.lines})",
        )
        for r in excerpts.itertuples()
    )
    columns = ("excerpt", "speaker", "setting", "quote", "where")
    return Table(
        table_id=f"excerpts-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in columns),
        rows=rows,
        tidy=excerpts[
            [
                "excerpt_id",
                "conversation_id",
                "turn",
                "speaker_id",
                "setting_id",
                "case_id",
                "section",
                "lines",
                "status",
            ]
        ].reset_index(drop=True),
        notes=(i18n.text("excerpts.note", lang), i18n.text("status.legend", lang)),
        row_ids=tuple(excerpts["excerpt_id"]),
    )
