"""KVP's making in policy documents: a timeline, and the four purposes of the activity requirement."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from analysis import flow, i18n, metrics, style
from analysis.gids import gid
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

_TEXT = {
    "timeline.note": {
        "nb": "Dokumentene står i rekkefølge, jevnt fordelt, ikke i tidsmålestokk; årstallet står under. "
        "Etikettene er våre forkortelser. † utledet, ? usikker (se data/policy_documents.csv).",
        "en": "Documents in order, evenly spaced, not to scale in time; the year is below. "
        "The labels are our short forms. † inferred, ? uncertain (see data/policy_documents.csv).",
    },
    "timeline.kind.law": {"nb": "lov, forskrift, rundskriv", "en": "act, regulation, circular"},
    "timeline.kind.white-paper": {"nb": "stortingsmelding, NOU", "en": "white paper, NOU"},
    "timeline.kind.proposition": {"nb": "proposisjon", "en": "bill (proposition)"},
    "timeline.kind.parliament": {"nb": "Stortingets behandling", "en": "Storting's treatment"},
    "timeline.kind.directorate": {"nb": "direktoratet", "en": "directorate"},
}


def _kind(doc_type: str) -> str:
    return KINDS.get(doc_type, "directorate")


def timeline(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    """Each document at its place in time (evenly spaced, in order), labelled in one short format.

    The years run from 1964 to 2012 with long quiet spells, so documents are spaced evenly in
    order, not to scale; the year under each says when. A marker's shape is its kind and nothing
    else; the evidence status is the label's mark († or ?), as in the tables.
    """
    docs = tables["policy_documents"].copy()
    docs["start"] = docs["year"].str[:4].astype(int)
    docs["kind"] = docs["doc_type"].map(_kind)
    docs = docs.sort_values(["start", "year", "kind", "document_id"], kind="stable").reset_index(drop=True)
    width = metrics.FIGURE_WIDTH_IN
    top = 8.0  # drawn in inches around the axis at y=0, then cropped to what was drawn
    fig = plt.figure(figsize=(width, top))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(-top / 2, top / 2)
    renderer = fig.canvas.get_renderer()
    drawing = flow.Drawing(fig)
    step = (width - 0.2) / len(docs)
    ax.add_line(Line2D([0.02, width - 0.02], [0, 0], color=style.GREY, lw=0.6))
    label = i18n.column("label", lang)
    for i, doc in docs.iterrows():
        x = 0.1 + step * (i + 0.5)
        marker = Line2D(
            [x],
            [0],
            marker=MARKERS[doc["kind"]],
            markersize=5,
            markerfacecolor=style.INK,
            markeredgecolor=style.INK,
            linestyle="none",
        )
        marker.set_gid(gid("policy_documents", doc["document_id"]))
        ax.add_line(marker)
        text = style.marked(doc[label], doc["status"])
        name = ax.text(x, 0.1, text, rotation=90, ha="center", va="bottom", fontsize=7)
        name.set_gid(gid("policy_documents", doc["document_id"], part="label"))
        drawing.texts.append(name)
    for year, rows in sorted(docs.groupby("start").groups.items()):
        x = 0.1 + step * ((min(rows) + max(rows)) / 2 + 0.5)
        drawing.texts.append(
            ax.text(x, -0.1, str(year), rotation=90, ha="center", va="top", fontsize=7, color=style.GREY)
        )
    highest = max(t.get_window_extent(renderer).y1 for t in drawing.texts)
    lowest = min(t.get_window_extent(renderer).y0 for t in drawing.texts)
    to_data = ax.transData.inverted()
    label_top = to_data.transform((0, highest))[1]
    years_bottom = to_data.transform((0, lowest))[1]
    note = ax.text(
        0,
        label_top + 0.15,
        textwrap.fill(i18n.pick(_TEXT, "timeline.note", lang), 125),
        fontsize=7,
        va="bottom",
    )
    note.set_style("italic")
    drawing.texts.append(note)
    kinds = [k for k in MARKERS if k in set(docs["kind"])]
    handles = [
        Line2D([], [], marker=MARKERS[k], markersize=5, color=style.INK, linestyle="none") for k in kinds
    ]
    legend = ax.legend(
        handles,
        [i18n.pick(_TEXT, f"timeline.kind.{k}", lang) for k in kinds],
        loc="upper left",
        bbox_to_anchor=(0, years_bottom - 0.08),
        bbox_transform=ax.transData,
        fontsize=7,
        frameon=False,
        ncols=3,
        handletextpad=0.3,
        borderaxespad=0,
    )
    drawing.texts.append(legend)
    fig_top = label_top + 0.15 + note.get_window_extent(renderer).height / fig.dpi + 0.02
    fig_bottom = years_bottom - 0.08 - legend.get_window_extent(renderer).height / fig.dpi - 0.02
    fig.set_size_inches(width, fig_top - fig_bottom)
    ax.set_ylim(fig_bottom, fig_top)
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
    return Table(
        table_id=f"activity-requirement-purposes-{lang}",
        lang=lang,
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
