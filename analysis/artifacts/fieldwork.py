"""The fieldwork overview: informants, settings, where the excerpts come from, and the coding.

Every table keeps the thesis locator of its rows in its tidy CSV form; the coding tables carry
the excerpt ids behind each count.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from analysis import i18n, qda, style
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
        caption=i18n.text("informants.caption", lang),
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
        caption=i18n.text("settings.caption", lang),
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
        caption=i18n.text("excerpts-by.caption", lang),
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
        caption=i18n.text("code-frequencies.caption", lang),
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("code", "origin", "excerpts", "conversations")),
        rows=rows,
        tidy=tidy.rename(columns={"count": "excerpts"}),
        notes=(i18n.text("code-frequencies.note", lang),),
    )


def cooccurrence_heatmap(
    tables: dict[str, pd.DataFrame], lang: str = "nb", top: int = 20, unit: str = "excerpt"
) -> Figure:
    """Lower triangle of the co-occurrence of the ``top`` most frequent codes; zeros left blank."""
    codes = tables["codes"]
    coded = qda.prepare(tables["codings"], tables["excerpts"])
    frequent = qda.code_frequencies(coded, unit=unit).head(top)["code_id"].tolist()
    matrix = qda.cooccurrence(coded, unit=unit, codes=frequent)
    labels = codes.set_index("code_id").loc[frequent, i18n.column("label", lang)].tolist()
    mask = np.triu(np.ones(matrix.shape, dtype=bool))
    annotations = matrix.astype(str).where(matrix > 0, "")
    fig, ax = plt.subplots(figsize=(style.PAGE_WIDTH_IN, style.PAGE_WIDTH_IN * 0.95))
    sns.heatmap(
        matrix,
        mask=mask,
        annot=annotations,
        fmt="",
        cmap="Greys",
        vmin=0,
        cbar=False,
        square=True,
        linewidths=0.5,
        linecolor=style.LIGHT,
        annot_kws={"fontsize": 6},
        xticklabels=labels,
        yticklabels=labels,
        ax=ax,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="both", labelsize=6.5, length=0)
    plt.setp(ax.get_xticklabels(), rotation=60, ha="right", rotation_mode="anchor")
    title = i18n.text(f"cooccurrence.title.{unit}", lang).format(n=len(frequent))
    ax.set_title(f"{title}\n{i18n.text(f'cooccurrence.note.{unit}', lang)}", loc="right", fontsize=8)
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
        caption=i18n.text("excerpts.caption", lang),
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
