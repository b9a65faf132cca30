"""Figur 6.1 Tilstrømming og avvikling av saker, rebuilt from the text of chapter 6.

The graphic was lost in the PDF; the text says that large square boxes stood for the active
participant cases (whose number should equal the måltall) and round figures for the sources of
inflow and the exits. Everything else (which category was a flow or a state, an arrow's
direction) is our reading, and the drawing shows it: dashed for inferred, dotted for uncertain.
"""

from __future__ import annotations

import pandas as pd

from analysis import flow, i18n, style
from analysis.gids import gid
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


_TEXT = {
    "note": {
        "nb": "Rekonstruert fra teksten (avsnitt 6.2.1). Originalgrafikken gikk tapt; ingen tall oppgis.",
        "en": "Reconstructed from the text (section 6.2.1). The original graphic was lost; no counts given.",
    },
    "shape.box": {
        "nb": "aktive deltakersaker (målt mot måltallet)",
        "en": "active participant cases (held against the måltall)",
    },
    "shape.round": {"nb": "kilde for tilstrømming / utgang", "en": "source of inflow / exit"},
    "shape.process": {"nb": "steg i inntaksprosessen", "en": "step of the intake process"},
    "shape.annotation": {"nb": "styringsmål", "en": "management target"},
    "shape.list": {
        "nb": "liste: streken viser belegget for pila;\n† utledet, ? usikker",
        "en": "list: the dash shows the arrow's support;\n† inferred, ? uncertain",
    },
    "block.kilder": {"nb": "Kilder for søkere:", "en": "Sources of applicants:"},
    "block.utganger": {"nb": "Utganger fra aktive saker:", "en": "Exits from active cases:"},
}
ITEM_WRAP = {"kilder": 36, "utganger": 24}
STOCK_WRAP = 12
LEGEND_COLUMNS = {"core": 2, "extended": 3}  # the extended view has shapes enough for three
LIST_COLUMNS = {"kilder": 2, "utganger": 2}
STATUSES = ("stated", "inferred", "uncertain")
NODE_WRAP = {"core": 16, "extended": 20}
LABEL_WRAP = {"core": 15, "extended": 16}
SPACING = {
    "core": flow.Spacing(rankdir="LR", nodesep=0.1, ranksep=0.14),
    "extended": flow.Spacing(rankdir="TB", nodesep=0.05, ranksep=0.04, font=7.0, pad=0.04),
}


def _fans(nodes: pd.DataFrame, edges: pd.DataFrame) -> dict[str, tuple[str, str, list]]:
    """In the extended view, the round figures that only feed the applicants, and those that only
    take cases out of the active stock, are each folded into one list: block id -> (hub, side,
    the edges folded). A figure with other arrows stays on its own."""
    degree = pd.concat([edges["source"], edges["target"]]).value_counts()
    round_ = set(nodes.loc[nodes["shape"] == "round", "node_id"])
    sources = edges[(edges["target"] == "n-soekere") & edges["source"].isin(round_)]
    exits = edges[(edges["source"] == "n-aktive") & edges["target"].isin(round_ | {"n-statlige-tiltak"})]
    return {
        "kilder": ("n-soekere", "in", [e for e in sources.itertuples() if degree[e.source] == 1]),
        "utganger": ("n-aktive", "out", [e for e in exits.itertuples() if degree[e.target] == 1]),
    }


def _drawn_kind(edge, edges: pd.DataFrame) -> str:
    """How an arrow is laid: a return runs back against the ranks only along an arrow the other way
    (leave and back from leave); one without (refused, then in again) is laid as an inflow."""
    if edge.kind == "return":
        back = (edges["source"] == edge.target) & (edges["target"] == edge.source)
        return "return" if back.any() else "flow"
    return edge.kind if edge.kind == "target" else "flow"


def graph(tables: dict[str, pd.DataFrame], lang: str = "nb", view: str = "core"):
    """The figure's nodes and arrows, in ``lang``, for ``view`` (core, or core and extended).

    The extended view folds the fans of sources and exits into two lists, each entry with a bullet
    in the style of its arrow (the core view draws the exits one by one), and leaves off the labels
    of the core's arrows and every label its target already says (judged in the thesis's bokmål,
    so that both languages draw the same). Every label stays in the data.
    """
    nodes, edges = _selected(tables, view)
    label = i18n.column("label", lang)
    stocks = set(edges.loc[edges["kind"] == "target", "target"])
    fans = _fans(nodes, edges) if view == "extended" else {}
    folded_edges = {e.edge_id for _, _, members in fans.values() for e in members}
    folded_nodes = {e.source if side == "in" else e.target for _, side, m in fans.values() for e in m}
    by_id = nodes.set_index("node_id")
    flow_nodes = [
        flow.Node(
            r.node_id,
            # A stock is a square: its label is wrapped short, to about as tall as it is wide.
            flow.wrap(getattr(r, label), STOCK_WRAP if r.node_id in stocks else NODE_WRAP[view]),
            r.shape,
            r.status,
            int(r.order),
            r.node_id in stocks,
            gid=gid("intake_flow_nodes", r.node_id),
        )
        for r in nodes.itertuples()
        if r.node_id not in folded_nodes
    ]
    flow_edges = []
    for block, (hub, side, members) in sorted(fans.items()):
        entries = tuple(
            flow.Item(
                style.marked(flow.wrap(by_id.loc[n, label], ITEM_WRAP[block]), by_id.loc[n, "status"]),
                e.status,
                gid=gid("intake_flow_edges", e.edge_id),
                text_gid=gid("intake_flow_nodes", n),
            )
            for e in members
            for n in [e.source if side == "in" else e.target]
        )
        flow_nodes.append(
            flow.Node(
                block,
                i18n.pick(_TEXT, f"block.{block}", lang),
                "list",
                "stated",
                items=flow.balanced(entries, LIST_COLUMNS[block], SPACING[view].font),
            )
        )
        weakest = max((e.status for e in members), key=STATUSES.index)
        a, b = (block, hub) if side == "in" else (hub, block)
        # The one arrow stands for every arrow folded into the list; a bullet is each of them.
        folded = gid("intake_flow_edges", *(e.edge_id for e in members), part="arrow")
        flow_edges.append(flow.Edge(f"{block}-arrow", a, b, "", weakest, gid=folded))
    target_nb = dict(zip(nodes["node_id"], nodes["label_nb"], strict=True))
    flow_edges += [
        flow.Edge(
            r.edge_id,
            r.source,
            r.target,
            ""
            if r.kind == "target"
            or (view == "extended" and (r.view == "core" or flow.restates(r.label_nb, target_nb[r.target])))
            else flow.wrap(getattr(r, label), LABEL_WRAP[view]),
            r.status,
            _drawn_kind(r, edges),
            gid=gid("intake_flow_edges", r.edge_id),
        )
        for r in edges.itertuples()
        if r.edge_id not in folded_edges
    ]
    return flow_nodes, flow_edges


def draw(tables: dict[str, pd.DataFrame], lang: str = "nb", view: str = "core") -> flow.Drawing:
    """Draw the figure; ``.figure`` is the matplotlib Figure, the rest serves the geometry check.

    No title: the caption is the document's. The note that this is a reconstruction stays on the
    figure, because it belongs to the picture.
    """
    nodes, edges = graph(tables, lang, view)
    drawing = flow.draw(nodes, edges, width=style.PAGE_WIDTH_IN, spacing=SPACING[view])
    # The two long entries (the stock, the list) last, so that they share the legend's last column.
    present = [
        s for s in ("round", "process", "annotation", "box", "list") if any(n.shape == s for n in nodes)
    ]
    flow.frame(
        drawing,
        i18n.pick(_TEXT, "note", lang),
        {s: i18n.text(f"status.{s}", lang) for s in style.STATUS_LINESTYLE},
        {s: i18n.pick(_TEXT, f"shape.{s}", lang) for s in present},
        ncols=LEGEND_COLUMNS[view],
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
