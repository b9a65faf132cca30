"""KVP's making in policy documents: a timeline, and the four purposes of the activity requirement."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from analysis import flow, i18n, style
from analysis.render import Table

# Document types, as the data name them, gathered into the kinds the legend shows.
KINDS = {
    "lov": "law",
    "forskrift": "law",
    "rundskriv": "law",
    "stortingsmelding": "white-paper",
    "NOU": "white-paper",
    "proposisjon": "proposition",
    "innstilling": "parliament",
    "stortingsreferat": "parliament",
}
MARKERS = {"law": "s", "white-paper": "o", "proposition": "D", "parliament": "^", "directorate": "v"}
FACE = {"stated": style.INK, "inferred": "white", "uncertain": "white"}


def _kind(doc_type: str) -> str:
    return KINDS.get(doc_type, "directorate")


def timeline(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    """Each document at its place in time (evenly spaced, in order), labelled with its citation.

    The years run from 1964 to 2012 with long quiet spells, so documents are spaced evenly in
    order, not to scale; the year under each says when.
    """
    docs = tables["policy_documents"].copy()
    docs["start"] = docs["year"].str[:4].astype(int)
    docs["kind"] = docs["doc_type"].map(_kind)
    docs = docs.sort_values(["start", "year", "kind", "document_id"], kind="stable").reset_index(drop=True)
    step = (style.PAGE_WIDTH_IN - 0.4) / len(docs)
    fig = plt.figure(figsize=(style.PAGE_WIDTH_IN, 3.6))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, style.PAGE_WIDTH_IN)
    ax.set_ylim(-1.05, 2.85)
    drawing = flow.Drawing(fig)
    ax.add_line(Line2D([0.1, style.PAGE_WIDTH_IN - 0.1], [0, 0], color=style.GREY, lw=0.6))
    for i, doc in docs.iterrows():
        x = 0.3 + i * step
        marker = Line2D(
            [x],
            [0],
            marker=MARKERS[doc["kind"]],
            markersize=5,
            markerfacecolor=FACE[doc["status"]],
            markeredgecolor=style.INK,
            linestyle="none",
        )
        ax.add_line(marker)
        label = style.marked(doc["short_ref"], doc["status"])
        drawing.texts.append(ax.text(x, 0.12, label, rotation=90, ha="center", va="bottom", fontsize=5.8))
    years = docs.groupby("start").groups
    for year, rows in sorted(years.items()):
        x = 0.3 + step * (min(rows) + max(rows)) / 2
        drawing.texts.append(
            ax.text(x, -0.16, str(year), rotation=90, ha="center", va="top", fontsize=5.8, color=style.GREY)
        )
    drawing.texts.append(
        ax.text(0.05, 2.75, i18n.text("timeline.title", lang), fontsize=8.5, weight="bold", va="top")
    )
    drawing.texts.append(
        ax.text(0.05, 2.52, i18n.text("timeline.note", lang), fontsize=6.5, style="italic", va="top")
    )
    kinds = [k for k in MARKERS if k in set(docs["kind"])]
    handles = [
        Line2D(
            [],
            [],
            marker=MARKERS[k],
            markersize=5,
            markerfacecolor=style.INK,
            markeredgecolor=style.INK,
            linestyle="none",
        )
        for k in kinds
    ]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            markersize=5,
            markerfacecolor=FACE[s],
            markeredgecolor=style.INK,
            linestyle="none",
        )
        for s in ("stated", "inferred")
    ]
    labels = [i18n.text(f"timeline.kind.{k}", lang) for k in kinds]
    labels += [i18n.text(f"status.{s}", lang) for s in ("stated", "inferred")]
    legend = ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.05, -0.55),
        bbox_transform=ax.transData,
        fontsize=6,
        frameon=False,
        ncols=4,
        handletextpad=0.3,
    )
    drawing.texts.append(legend)
    return drawing


def documents_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    docs = tables["policy_documents"].copy()
    docs = docs.sort_values(["year", "document_id"], kind="stable").reset_index(drop=True)
    rows = tuple(
        (
            r.year,
            style.marked(r.short_ref, r.status),
            r.role_en if lang == "en" else f"«{r.evidence}»",
            "" if pd.isna(r.note) else r.note,
        )
        for r in docs.itertuples()
    )
    columns = ("year", "document", "role", "citation-note")
    return Table(
        table_id=f"policy-documents-{lang}",
        lang=lang,
        caption=i18n.text("policy-documents.caption", lang),
        header=tuple(i18n.text(f"column.{c}", lang) for c in columns),
        rows=rows,
        tidy=docs[
            [
                "document_id",
                "year",
                "short_ref",
                "title",
                "doc_type",
                "role_en",
                "section",
                "lines",
                "status",
                "note",
            ]
        ],
        notes=(i18n.text("policy-documents.note", lang), i18n.text("status.legend", lang)),
    )


def purposes_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["activity_requirement_purposes"].sort_values("order", kind="stable")
    name = i18n.column("name", lang)
    rows = tuple(
        (str(r.order), getattr(r, name), r.description_en if lang == "en" else f"«{r.evidence}»")
        for r in frame.itertuples()
    )
    source = frame["source_ref"].iloc[0] if frame["source_ref"].nunique() == 1 else ""
    return Table(
        table_id=f"activity-requirement-purposes-{lang}",
        lang=lang,
        caption=i18n.text("purposes.caption", lang).format(source=source),
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("order", "purpose", "wording")),
        rows=rows,
        tidy=frame[
            [
                "purpose_id",
                "order",
                "name_nb",
                "name_en",
                "description_en",
                "source_ref",
                "section",
                "lines",
                "status",
            ]
        ].reset_index(drop=True),
        notes=(i18n.text("gloss.note", lang),),
    )
