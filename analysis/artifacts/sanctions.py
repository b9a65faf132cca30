"""Chapter 8: how the supervisors handled breaches of the activity requirements.

The regime as a flow (information, warning and sanction systems, the provisions named for each,
and the alternative responses, with loops back to the adjusted programme); the considerations by
reasoning form and direction; a matrix of cases against considerations, each linked to the
excerpts it rests on; and the tables of 8.3.5 and 8.4.2.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from analysis import flow, i18n, provenance, style
from analysis.artifacts.fieldwork import speaker_names
from analysis.render import Block, Linked, Table

SHAPES = {"stage": "process", "response": "round", "provision": "box"}
DIRECTIONS = ("for_sanction", "against_sanction", "alternative_response")
EXCERPTS_PAGE = "excerpts.html"  # the fieldwork overview's list of excerpts, beside these outputs


def regime(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    nodes, edges = tables["sanction_regime_nodes"], tables["sanction_regime_edges"]
    label = i18n.column("label", lang)
    drawing = flow.draw(
        [
            flow.Node(r.node_id, getattr(r, label), SHAPES[r.kind], r.status, int(r.order))
            for r in nodes.itertuples()
        ],
        [
            flow.Edge(
                r.edge_id,
                r.source,
                r.target,
                getattr(r, label),
                r.status,
                "return" if r.kind == "loop" else "flow",
            )
            for r in edges.itertuples()
        ],
        width=style.PAGE_WIDTH_IN,
    )
    flow.frame(
        drawing,
        [i18n.text("regime.title", lang)],
        i18n.text("regime.note", lang),
        {s: i18n.text(f"status.{s}", lang) for s in style.STATUS_LINESTYLE},
        {shape: i18n.text(f"regime.kind.{kind}", lang) for kind, shape in SHAPES.items()},
    )
    return drawing


def _reasoning(considerations: pd.DataFrame, lang: str) -> pd.Series:
    """The thesis's own term where it names one; else our classification, marked as ours."""
    ours = considerations["reasoning_form_analyst"].map(
        lambda slug: "" if pd.isna(slug) else i18n.text(f"reasoning.{slug}", lang) + " †"
    )
    own = considerations["reasoning_form"].fillna("")
    unclassified = i18n.text("reasoning.none", lang)
    return own.where(own != "", ours).replace("", unclassified)


def considerations_figure(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Figure:
    """Considerations counted by reasoning form and direction (as printed in chapter 8)."""
    frame = tables["sanction_considerations"].copy()
    frame["reasoning"] = _reasoning(frame, lang)
    frame["direction"] = frame["direction"].map(lambda d: i18n.text(f"direction.{d}", lang))
    order = frame["reasoning"].value_counts().sort_index(kind="stable")
    order = order.sort_values(ascending=False, kind="stable").index.tolist()
    hue_order = [i18n.text(f"direction.{d}", lang) for d in DIRECTIONS]
    fig, ax = plt.subplots(figsize=(style.PAGE_WIDTH_IN, 0.25 * len(order) + 1.4))
    sns.countplot(
        data=frame,
        y="reasoning",
        hue="direction",
        order=order,
        hue_order=hue_order,
        palette=["#1a1a1a", "#8c8c8c", "#d0d0d0"],
        edgecolor=style.INK,
        linewidth=0.5,
        ax=ax,
    )
    ax.set_ylabel("")
    ax.set_xlabel(i18n.text("considerations.count", lang))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="", fontsize=7, frameon=False, loc="lower right")
    ax.set_title(i18n.text("considerations.title", lang), loc="left", fontsize=9, weight="bold")
    fig.text(0.01, 0.005, i18n.text("considerations.note", lang), fontsize=6.5, style="italic")
    fig.subplots_adjust(left=0.38, bottom=0.2)
    return fig


def excerpts_for(considerations: pd.DataFrame, excerpts: pd.DataFrame) -> dict[str, list[str]]:
    """consideration_id -> the excerpts whose lines overlap the consideration's, in the same section."""
    spans = [(r.excerpt_id, r.section, provenance.parse_lines(r.lines)) for r in excerpts.itertuples()]
    linked = {}
    for c in considerations.itertuples():
        first, last = provenance.parse_lines(c.lines)
        linked[c.consideration_id] = [
            e for e, section, (a, b) in spans if section == c.section and a <= last and first <= b
        ]
    return linked


def case_matrix(
    tables: dict[str, pd.DataFrame], lang: str = "nb", excerpts_page: str = EXCERPTS_PAGE
) -> Table:
    """Cases (rows) against the considerations raised about them, by direction (columns).

    Each consideration links to the excerpts it rests on, in the excerpt list at ``excerpts_page``:
    beside this table where it is published; a notebook that shows the table from ``notebooks/``
    passes the published list's path from there (``../figures/nb/excerpts.html``).
    """
    cases = tables["sanction_cases"]
    considerations = tables["sanction_considerations"]
    links = excerpts_for(considerations, tables["excerpts"])
    names = speaker_names(tables)
    labels = tables["cases"].set_index("case_id")[i18n.column("label", lang)]
    text = i18n.column("consideration", lang)
    breach = i18n.column("breach", lang)

    def who(cell) -> str:
        return "" if pd.isna(cell) else ", ".join(names[p] for p in cell.split(";"))

    rows, row_ids = [], []
    for case in cases.itertuples():
        about = considerations[considerations["case_id"] == case.case_id]
        cells = []
        for direction in DIRECTIONS:
            items = tuple(
                Linked(
                    style.marked(f"{who(c.speaker_id) or c.speaker_label_nb}: {getattr(c, text)}", c.status),
                    tuple((e, f"{excerpts_page}#{e}") for e in links[c.consideration_id]),
                )
                for c in about[about["direction"] == direction].itertuples()
            )
            cells.append(Block("", items))
        outcome = i18n.text(f"outcome.{case.outcome}", lang)
        summary = f"{labels[case.case_id]} — {getattr(case, breach)} ({who(case.raised_by)}). {outcome}"
        rows.append((style.marked(summary, case.status), *cells))
        row_ids.append(case.case_id)
    tidy = considerations.assign(
        excerpt_ids=[";".join(links[c]) for c in considerations["consideration_id"]]
    )[
        [
            "consideration_id",
            "case_id",
            "speaker_id",
            "direction",
            "reasoning_form",
            "reasoning_form_analyst",
            "excerpt_ids",
            "section",
            "lines",
            "status",
        ]
    ]
    return Table(
        table_id=f"sanction-cases-{lang}",
        lang=lang,
        caption=i18n.text("sanction-cases.caption", lang),
        header=(i18n.text("column.case", lang), *(i18n.text(f"direction.{d}", lang) for d in DIRECTIONS)),
        rows=tuple(rows),
        tidy=tidy.reset_index(drop=True),
        notes=(i18n.text("sanction-cases.note", lang), i18n.text("status.legend", lang)),
        row_ids=tuple(row_ids),
    )


def functions_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["sanction_functions"].sort_values("order", kind="stable")
    name = i18n.column("name", lang)
    rows = tuple(
        (
            str(r.order),
            style.marked(getattr(r, name), r.status),
            r.description_en if lang == "en" else f"«{r.evidence}»",
            f"{r.section} ({r.lines})",
        )
        for r in frame.itertuples()
    )
    return Table(
        table_id=f"sanction-functions-{lang}",
        lang=lang,
        caption=i18n.text("sanction-functions.caption", lang),
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("order", "function", "description", "where")),
        rows=rows,
        tidy=frame[
            ["function_id", "order", "name_nb", "name_en", "description_en", "section", "lines", "status"]
        ].reset_index(drop=True),
        notes=(i18n.text("status.legend", lang),),
    )


def tensions_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["sanction_tensions"].sort_values("order", kind="stable")
    a, b = i18n.column("pole_a", lang), i18n.column("pole_b", lang)
    rows = tuple(
        (
            style.marked(getattr(r, a), r.status),
            getattr(r, b),
            r.description_en if lang == "en" else f"«{r.evidence}»",
            f"{r.section} ({r.lines})",
        )
        for r in frame.itertuples()
    )
    return Table(
        table_id=f"sanction-tensions-{lang}",
        lang=lang,
        caption=i18n.text("sanction-tensions.caption", lang),
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("pole-a", "pole-b", "description", "where")),
        rows=rows,
        tidy=frame[
            [
                "tension_id",
                "order",
                "pole_a_nb",
                "pole_a_en",
                "pole_b_nb",
                "pole_b_en",
                "section",
                "lines",
                "status",
            ]
        ].reset_index(drop=True),
        notes=(i18n.text("status.legend", lang),),
    )
