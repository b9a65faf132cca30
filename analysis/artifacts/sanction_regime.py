"""The sanction regime of chapter 8 as a flow, drawn grouped so that it can be read, and its table.

The data keep every element and arrow with its own evidence. The figure groups what belongs
together: the information, warning and sanction systems and the alternative responses each get a
frame; the examples of adjusting the programme ("for eksempel", 8.3.1) and the proposals raised in
case discussions are lists, each entry with a bullet in the status style of the arrow that put it
there; the six returns to the timesheets are one drawn arrow from the frame, and a ↩ marks each
response that returns. A label that several arrows share is drawn once.
"""

from __future__ import annotations

import pandas as pd

from analysis import flow, i18n, style
from analysis.gids import gid
from analysis.render import Table

STEM = "sanction-regime"
INPUTS = ("sanction_regime_nodes", "sanction_regime_edges")
TABLE_STEM = "sanction-regime-elements"
SHAPES = {"stage": "process", "response": "round", "provision": "box"}
SYSTEMS = ("informasjon", "advarsel", "sanksjon", "alternativ")
RETURN = "↩"
BLOCK = "alternativer"  # the one drawn block of alternative responses
ITEM_WRAP = 25
COLUMNS = 4
NODE_WRAP = 22
LABEL_WRAP = 16
SPACING = flow.Spacing(rankdir="TB", nodesep=0.05, ranksep=0.03, font=7.0, pad=0.035)
UNCERTAINTY = ("stated", "inferred", "uncertain")
# Ties that put the alternatives under the sanctions rather than beside them (a page is narrow).
HINTS = (
    # The block of alternatives goes under the sanctions, across the page, not beside them; tied
    # to the three last elements so that it hangs centred under them, not off to one side.
    ("san-trekk", BLOCK, 10),
    ("san-kompensasjon", BLOCK, 10),
    ("adv-vedtak-sanksjon", BLOCK, 10),
    # The two elements without arrows sit beside the provisions they belong with.
    ("inf-utredning", "prov-stl-30", 1),
    ("inf-utredning", "san-uformelle-normer", 1),
    # The approval of the timesheets goes to the left, over the empty corner, not off the page.
    ("inf-godkjenning", "inf-melding-fravaer", 1),
)

_TEXT = {
    "system.informasjon": {"nb": "Informasjonssystemet", "en": "The information system"},
    "system.advarsel": {"nb": "Advarselssystemet", "en": "The warning system"},
    "system.sanksjon": {"nb": "Sanksjonssystemet", "en": "The sanction system"},
    "system.alternativ": {"nb": "Alternative reaksjoner", "en": "Alternative responses"},
    "examples": {"nb": "for eksempel:", "en": "for example:"},
    "note": {
        "nb": "Streken foran et listepunkt viser belegget for koblingen; "
        "† etter punktet: utledet, ?: usikker.",
        "en": "A list entry's dash shows the support for its link; † after it: inferred, ?: uncertain.",
    },
    "kind.stage": {"nb": "ledd i regimet", "en": "step of the regime"},
    "kind.response": {"nb": "reaksjon på brudd", "en": "response to a breach"},
    "kind.provision": {"nb": "hjemmel eller norm", "en": "legal provision or norm"},
    "kind.list": {"nb": "liste over reaksjoner", "en": "list of responses"},
    "column.element": {"nb": "Element", "en": "Element"},
    "column.kind": {"nb": "Type", "en": "Kind"},
    "column.drawn": {"nb": "Tegnet som", "en": "Drawn as"},
    "column.evidence": {"nb": "Belegg i teksten", "en": "Evidence (the thesis's words)"},
    "kind.node": {"nb": "ledd", "en": "element"},
    "kind.edge": {"nb": "pil", "en": "arrow"},
    "drawn.alone": {"nb": "egen figur", "en": "on its own"},
    "drawn.block": {
        "nb": "punkt i blokken alternative reaksjoner",
        "en": "entry in the alternative-responses block",
    },
    "drawn.arrow": {"nb": "egen pil", "en": "arrow of its own"},
    "drawn.bullet": {"nb": "strek foran listepunktet", "en": "dash before the list entry"},
    "drawn.return": {"nb": "felles pil tilbake (↩)", "en": "shared arrow back (↩)"},
    "table.note": {
        "nb": "Hvert ledd og hver pil i figuren over sanksjonsregimet, med belegg, linjer og status.",
        "en": "Every element and arrow of the sanction-regime figure, with its evidence, lines and status. "
        "Elements and arrows are our English; the evidence is the thesis's own Norwegian.",
    },
}


def _weakest(statuses) -> str:
    """The least certain of several statuses: what a drawing that stands for all of them may claim."""
    return max(statuses, key=UNCERTAINTY.index)


def _placement(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, str], dict[str, str]]:
    """How each node and edge is drawn: a node alone or as an entry of the alternatives block; an
    edge as an arrow of its own, as the bullet of a block entry, or in the one shared return."""
    nodes = tables["sanction_regime_nodes"]
    edges = tables["sanction_regime_edges"].assign(group=lambda f: f["group"].fillna(""))
    alternatives = set(nodes.loc[nodes["system"] == "alternativ", "node_id"])
    node_place = {n: "block" if n in alternatives else "alone" for n in nodes["node_id"]}
    edge_place = {}
    for e in edges.itertuples():
        if e.group == "tilbake":
            edge_place[e.edge_id] = "return"
        elif e.target in alternatives:
            edge_place[e.edge_id] = "bullet"
        else:
            edge_place[e.edge_id] = "arrow"
    return node_place, edge_place


def _block(tables: dict[str, pd.DataFrame], lang: str) -> flow.Node:
    """The alternative responses as one block: under each reason (the label of the arrows from the
    assessment, drawn once) the responses it led to, each with a bullet in its arrow's style, and
    the examples of one of them under a heading of their own ("for eksempel"); the entries run
    in balanced columns."""
    nodes = tables["sanction_regime_nodes"].set_index("node_id")
    edges = tables["sanction_regime_edges"].assign(group=lambda f: f["group"].fillna(""))
    label = i18n.column("label", lang)
    alternatives = set(nodes.index[nodes["system"] == "alternativ"])
    returns = {e.source: e.edge_id for e in edges.itertuples() if e.group == "tilbake"}
    into = edges[edges["target"].isin(alternatives)].sort_values("edge_id")
    from_outside = into[~into["source"].isin(alternatives)]
    within = into[into["source"].isin(alternatives)]

    def entry(edge, level: int) -> flow.Item:
        node_id = edge.target
        back = returns.get(node_id, "")
        return flow.Item(
            label=style.marked(
                flow.wrap(nodes.loc[node_id, label], ITEM_WRAP - 4 * level), nodes.loc[node_id, "status"]
            ),
            status=edge.status,
            gid=gid("sanction_regime_edges", edge.edge_id),
            text_gid=gid("sanction_regime_nodes", node_id),
            mark=RETURN if back else "",
            mark_gid=gid("sanction_regime_edges", back) if back else "",
            level=level,
        )

    items: list[flow.Item] = []

    def follow(node_id: str) -> None:
        for step in within[within["source"] == node_id].itertuples():
            items.append(entry(step, 1))
            examples = within[within["source"] == step.target]
            if len(examples) > 1:  # "for eksempel": the examples get a heading of their own
                items.append(flow.Item(i18n.pick(_TEXT, "examples", lang), "stated", level=0))
                items.extend(entry(x, 1) for x in examples.itertuples())
            else:
                follow(step.target)

    # Each reason once, in the order of the arrows, with the responses it led to.
    for heading in dict.fromkeys(from_outside[label]):
        items.append(flow.Item(flow.wrap(heading, ITEM_WRAP), "stated", level=0))
        for edge in from_outside[from_outside[label] == heading].itertuples():
            items.append(entry(edge, 1))
            follow(edge.target)
    return flow.Node(
        id=BLOCK,
        label="",
        shape="list",
        status="stated",  # the frame claims nothing of its own; each entry carries its status
        order=int(nodes.loc[sorted(alternatives), "order"].min()),
        # Columns across the page, of even height: the block is as low as the entries allow.
        items=flow.balanced(tuple(items), COLUMNS, SPACING.font),
    )


def graph(tables: dict[str, pd.DataFrame], lang: str = "nb"):
    nodes = tables["sanction_regime_nodes"].set_index("node_id")
    edges = tables["sanction_regime_edges"].assign(group=lambda f: f["group"].fillna(""))
    label = i18n.column("label", lang)
    short = i18n.column("short", lang)
    node_place, edge_place = _placement(tables)
    flow_nodes = [
        flow.Node(
            id=node_id,
            # The figure uses the short form where there is one; the table gives the full label.
            label=flow.wrap(r[short] if pd.notna(r[short]) else r[label], NODE_WRAP),
            shape=SHAPES[r.kind],
            status=r.status,
            order=int(r.order),
            gid=gid("sanction_regime_nodes", node_id),
        )
        for node_id, r in nodes.iterrows()
        if node_place[node_id] == "alone"
    ]
    flow_nodes.append(_block(tables, lang))
    shown_labels: set[str] = set()
    flow_edges = []
    for e in edges.sort_values("edge_id").itertuples():
        if edge_place[e.edge_id] != "arrow":
            continue
        text = getattr(e, label)
        # A label several arrows share is drawn once, and one its target already says is left off
        # (judged in bokmål, so that both languages draw the same); the table lists every label.
        restated = flow.restates(e.label_nb, nodes.loc[e.target, "label_nb"])
        drawn = "" if text in shown_labels or restated else flow.wrap(text, LABEL_WRAP)
        shown_labels.add(text)
        flow_edges.append(
            flow.Edge(
                e.edge_id,
                e.source,
                e.target,
                drawn,
                e.status,
                "return" if e.kind == "loop" else "flow",
                gid=gid("sanction_regime_edges", e.edge_id),
            )
        )
    into_block = edges[edges["edge_id"].map(edge_place) == "bullet"]
    into_block = into_block[~into_block["source"].isin(into_block["target"])]
    # An arrow drawn for several rows names them all; each is also a bullet or a mark of the block.
    flow_edges.append(
        flow.Edge(
            "alternativer",
            into_block["source"].iloc[0],
            BLOCK,
            "",
            _weakest(into_block["status"]),
            gid=gid("sanction_regime_edges", *sorted(into_block["edge_id"]), part="arrow"),
        )
    )
    back = edges[edges["group"] == "tilbake"].sort_values("edge_id")
    # The most common label of the returns is the drawn one; the others stay in the table.
    back_label = back[label].mode().sort_values().iloc[0]
    flow_edges.append(
        flow.Edge(
            "tilbake",
            BLOCK,
            back["target"].iloc[0],
            flow.wrap(f"{RETURN} {back_label}", LABEL_WRAP),
            _weakest(back["status"]),
            kind="return",
            gid=gid("sanction_regime_edges", *back["edge_id"], part="arrow"),
        )
    )
    return flow_nodes, flow_edges


def draw(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    """The regime, grouped; ``.figure`` is the Figure, the rest serves the geometry check."""
    nodes, edges = graph(tables, lang)
    drawing = flow.draw(
        nodes,
        edges,
        width=style.PAGE_WIDTH_IN,
        spacing=SPACING,
        hints=HINTS,
    )
    flow.frame(
        drawing,
        i18n.pick(_TEXT, "note", lang),
        {s: i18n.text(f"status.{s}", lang) for s in style.STATUS_LINESTYLE},
        {
            **{shape: i18n.pick(_TEXT, f"kind.{kind}", lang) for kind, shape in SHAPES.items()},
            "list": i18n.pick(_TEXT, "kind.list", lang),
        },
        ncols=4,
    )
    return drawing


def table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    """Every element and arrow of the regime, how the figure draws it, with evidence, lines, status."""
    nodes = tables["sanction_regime_nodes"].sort_values("order", kind="stable")
    edges = tables["sanction_regime_edges"].sort_values("edge_id", kind="stable")
    node_place, edge_place = _placement(tables)
    label = i18n.column("label", lang)
    names = nodes.set_index("node_id")[label]
    rows, ids, tidy = [], [], []
    for r in nodes.itertuples():
        system = i18n.pick(_TEXT, f"system.{r.system}", lang)
        rows.append(
            (
                r.node_id,
                style.marked(getattr(r, label), r.status),
                f"{i18n.pick(_TEXT, 'kind.node', lang)}: {system}",
                i18n.pick(_TEXT, f"drawn.{node_place[r.node_id]}", lang),
                f"«{r.evidence}»",
                f"{r.section} ({r.lines})",
            )
        )
        ids.append(r.node_id)
        tidy.append((r.node_id, "node", r.system, node_place[r.node_id], r.section, r.lines, r.status))
    for e in edges.itertuples():
        text = f"{names[e.source]} → {names[e.target]}: {getattr(e, label)}"
        rows.append(
            (
                e.edge_id,
                style.marked(text, e.status),
                i18n.pick(_TEXT, "kind.edge", lang),
                i18n.pick(_TEXT, f"drawn.{edge_place[e.edge_id]}", lang),
                f"«{e.evidence}»",
                f"{e.section} ({e.lines})",
            )
        )
        ids.append(e.edge_id)
        tidy.append((e.edge_id, "edge", "", edge_place[e.edge_id], e.section, e.lines, e.status))
    columns = ("element", "kind", "drawn", "evidence")
    return Table(
        table_id=f"{TABLE_STEM}-{lang}",
        lang=lang,
        header=(
            "Id",
            *(i18n.pick(_TEXT, f"column.{c}", lang) for c in columns),
            i18n.text("column.where", lang),
        ),
        rows=tuple(rows),
        tidy=pd.DataFrame(tidy, columns=["id", "kind", "system", "drawn_as", "section", "lines", "status"]),
        notes=(i18n.pick(_TEXT, "table.note", lang), i18n.text("status.legend", lang)),
        row_ids=tuple(ids),
    )
