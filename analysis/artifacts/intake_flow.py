"""Figur 6.1 Tilstrømming og avvikling av saker, rebuilt from the text of chapter 6.

The graphic was lost in the PDF; the text says that large square boxes stood for the active
participant cases (whose number should equal the måltall) and round figures for the sources of
inflow and the exits. Everything else (which category was a flow or a state, an arrow's
direction) is our reading, and the drawing shows it: dashed for inferred, dotted for uncertain.
"""

from __future__ import annotations

import pandas as pd

from analysis import flow, i18n, style
from analysis.render import Table

VIEWS = ("core", "extended")


def _selected(tables: dict[str, pd.DataFrame], view: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    views = VIEWS[: VIEWS.index(view) + 1]
    nodes = tables["intake_flow_nodes"]
    edges = tables["intake_flow_edges"]
    return nodes[nodes["view"].isin(views)], edges[edges["view"].isin(views)]


def stem(view: str) -> str:
    """The output name of a view: figure-6-1, figure-6-1-extended."""
    return "figure-6-1" if view == "core" else f"figure-6-1-{view}"


def graph(tables: dict[str, pd.DataFrame], lang: str = "nb", view: str = "core"):
    """The figure's nodes and arrows, in ``lang``, for ``view`` (core, or core and extended)."""
    nodes, edges = _selected(tables, view)
    label = i18n.column("label", lang)
    stocks = set(edges.loc[edges["kind"] == "target", "target"])
    flow_nodes = [
        flow.Node(r.node_id, getattr(r, label), r.shape, r.status, int(r.order), r.node_id in stocks)
        for r in nodes.itertuples()
    ]
    flow_edges = [
        flow.Edge(
            r.edge_id,
            r.source,
            r.target,
            getattr(r, label),
            r.status,
            r.kind if r.kind in ("return", "target") else "flow",
        )
        for r in edges.itertuples()
    ]
    return flow_nodes, flow_edges


def draw(tables: dict[str, pd.DataFrame], lang: str = "nb", view: str = "core") -> flow.Drawing:
    """Draw the figure; ``.figure`` is the matplotlib Figure, the rest serves the geometry check."""
    nodes, edges = graph(tables, lang, view)
    drawing = flow.draw(nodes, edges, width=style.PAGE_WIDTH_IN)
    title = [i18n.text("figure-6-1.caption", lang)]
    if view == "extended":
        title.append(i18n.text("figure-6-1.extended", lang))
    present = [s for s in ("box", "round", "process", "annotation") if any(n.shape == s for n in nodes)]
    flow.frame(
        drawing,
        title,
        i18n.text("figure-6-1.note", lang),
        {s: i18n.text(f"status.{s}", lang) for s in style.STATUS_LINESTYLE},
        {s: i18n.text(f"figure-6-1.shape.{s}", lang) for s in present},
    )
    return drawing


def initiatives(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    """The management's intake initiatives and turns (6.3–6.4), in the order the text gives them."""
    frame = tables["intake_initiatives"].sort_values("order", kind="stable")
    names = tables["persons"].set_index("person_id")["pseudonym"]

    def who(cell) -> str:
        return "" if pd.isna(cell) else ", ".join(names[p.strip()] for p in cell.split(";"))

    title = i18n.column("title", lang)
    rows = tuple(
        (
            str(r.order),
            r.section,
            style.marked(getattr(r, title), r.status),
            who(r.who),
            r.what_en if lang == "en" else f"«{r.evidence}»",
            "" if pd.isna(r.effect_en) else r.effect_en,
        )
        for r in frame.itertuples()
    )
    columns = ("order", "section", "initiative", "who", "what", "effect")
    return Table(
        table_id=f"intake-initiatives-{lang}",
        lang=lang,
        caption=i18n.text("intake-initiatives.caption", lang),
        header=tuple(i18n.text(f"column.{c}", lang) for c in columns),
        rows=rows,
        tidy=frame[
            [
                "initiative_id",
                "order",
                "section",
                "title_nb",
                "title_en",
                "who",
                "what_en",
                "effect_en",
                "lines",
                "status",
            ]
        ].reset_index(drop=True),
        notes=(i18n.text("intake-initiatives.note", lang), i18n.text("status.legend", lang)),
    )
