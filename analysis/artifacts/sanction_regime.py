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
from analysis.render import Table

STEM = "sanction-regime"
TABLE_STEM = "sanction-regime-elements"
SHAPES = {"stage": "process", "response": "round", "provision": "box"}
SYSTEMS = ("informasjon", "advarsel", "sanksjon", "alternativ")
RETURN = "↩"
# The list of examples hangs under the step that names them; the proposals have a list of their own.
EXAMPLES_OF = "alt-justere-program"
NODE_WRAP = 22
LABEL_WRAP = 16
SPACING = flow.Spacing(rankdir="TB", nodesep=0.06, ranksep=0.08, font=7.0, pad=0.04, cluster_margin=0.06)
UNCERTAINTY = ("stated", "inferred", "uncertain")
# Ties that put the alternatives under the sanctions rather than beside them (a page is narrow).
HINTS = (
    # The two elements without arrows sit beside the provisions they belong with.
    ("inf-utredning", "prov-stl-30", 1),
    ("inf-utredning", "san-uformelle-normer", 1),
)
DROP = 1  # ranks between the assessment and the alternatives: they sit below the sanctions, not beside

_TEXT = {
    "system.informasjon": {"nb": "Informasjonssystemet", "en": "The information system"},
    "system.advarsel": {"nb": "Advarselssystemet", "en": "The warning system"},
    "system.sanksjon": {"nb": "Sanksjonssystemet", "en": "The sanction system"},
    "system.alternativ": {"nb": "Alternative reaksjoner", "en": "Alternative responses"},
    "examples": {"nb": "for eksempel:", "en": "for example:"},
    "note": {
        "nb": "Informasjons-, advarsels- og sanksjonssystemet, hjemlene og veiledernes alternative "
        "reaksjoner (kapittel 8). Strekene foran listepunktene viser belegget for koblingen.",
        "en": "The information, warning and sanction systems, their provisions and the supervisors' "
        "alternative responses (chapter 8). The dashes before list entries show the support for the link.",
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
    "drawn.examples": {"nb": "listepunkt under justeringer", "en": "list entry under adjustments"},
    "drawn.forslag": {"nb": "listepunkt blant forslagene", "en": "list entry among the proposals"},
    "drawn.arrow": {"nb": "egen pil", "en": "arrow of its own"},
    "drawn.bullet": {"nb": "strek foran listepunktet", "en": "dash before the list entry"},
    "drawn.return": {"nb": "felles pil tilbake (↩)", "en": "shared arrow back (↩)"},
    "table.caption": {
        "nb": "Sanksjonsregimets ledd og piler med belegg (kapittel 8)",
        "en": "The sanction regime's elements and arrows with their evidence (chapter 8)",
    },
    "table.note": {
        "nb": "Hvert ledd og hver pil i figuren over sanksjonsregimet, med belegg, linjer og status.",
        "en": "Every element and arrow of the sanction-regime figure, with its evidence, lines and status. "
        "Elements and arrows are our English; the evidence is the thesis's own Norwegian.",
    },
}


def gid(table: str, row_id: str) -> str:
    return f"kvp:{table}:{row_id}"


def _weakest(statuses) -> str:
    """The least certain of several statuses: what a drawing that stands for all of them may claim."""
    return max(statuses, key=UNCERTAINTY.index)


def _placement(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, str], dict[str, str]]:
    """How each node and edge is drawn: node -> alone|examples|forslag; edge -> arrow|bullet|return."""
    nodes = tables["sanction_regime_nodes"]
    edges = tables["sanction_regime_edges"].assign(group=lambda f: f["group"].fillna(""))
    examples = set(edges.loc[edges["source"] == EXAMPLES_OF, "target"]) & set(
        nodes.loc[nodes["system"] == "alternativ", "node_id"]
    )
    proposals = set(edges.loc[edges["group"] == "forslag", "target"])
    node_place = {
        n: "examples" if n in examples else "forslag" if n in proposals else "alone" for n in nodes["node_id"]
    }
    edge_place = {}
    for e in edges.itertuples():
        if e.group == "tilbake":
            edge_place[e.edge_id] = "return"
        elif e.group == "forslag" or (e.source == EXAMPLES_OF and e.target in examples):
            edge_place[e.edge_id] = "bullet"
        else:
            edge_place[e.edge_id] = "arrow"
    return node_place, edge_place


def graph(tables: dict[str, pd.DataFrame], lang: str = "nb"):
    nodes = tables["sanction_regime_nodes"].set_index("node_id")
    edges = tables["sanction_regime_edges"].assign(group=lambda f: f["group"].fillna(""))
    label = i18n.column("label", lang)
    node_place, edge_place = _placement(tables)
    returns = {e.source: e.edge_id for e in edges.itertuples() if edge_place[e.edge_id] == "return"}

    def item(node_id: str, edge) -> flow.Item:
        return flow.Item(
            label=flow.wrap(nodes.loc[node_id, label], 34),
            status=edge.status,
            gid=gid("sanction_regime_edges", edge.edge_id),
            text_gid=gid("sanction_regime_nodes", node_id),
            mark=RETURN if node_id in returns else "",
            mark_gid=gid("sanction_regime_edges", returns[node_id]) if node_id in returns else "",
        )

    examples = tuple(
        item(e.target, e)
        for e in edges.sort_values("edge_id").itertuples()
        if edge_place[e.edge_id] == "bullet" and e.group != "forslag"
    )
    proposal_edges = edges[edges["group"] == "forslag"].sort_values("edge_id")
    flow_nodes = []
    for node_id, r in nodes.iterrows():
        if node_place[node_id] != "alone":
            continue
        common = {
            "id": node_id,
            "status": r.status,
            "order": int(r.order),
            "gid": gid("sanction_regime_nodes", node_id),
            "cluster": r.system if r.system == "alternativ" else "",
        }
        if r.system == "alternativ" and node_id != "alt-ikke-trekke":
            head = flow.wrap(r[label], NODE_WRAP)
            if node_id == EXAMPLES_OF:
                head += "\n" + i18n.pick(_TEXT, "examples", lang)
            flow_nodes.append(
                flow.Node(
                    label=head,
                    shape="list",
                    items=examples if node_id == EXAMPLES_OF else (),
                    mark=RETURN if node_id in returns else "",
                    mark_gid=gid("sanction_regime_edges", returns[node_id]) if node_id in returns else "",
                    **common,
                )
            )
        else:
            flow_nodes.append(flow.Node(label=flow.wrap(r[label], NODE_WRAP), shape=SHAPES[r.kind], **common))
    flow_nodes.append(
        flow.Node(
            id="forslag",
            label="",
            shape="list",
            status=_weakest(nodes.loc[proposal_edges["target"], "status"]),
            order=int(nodes.loc[proposal_edges["target"], "order"].min()),
            items=tuple(item(e.target, e) for e in proposal_edges.itertuples()),
            cluster="alternativ",
        )
    )
    alternatives = set(nodes.index[nodes["system"] == "alternativ"])
    shown_labels: set[str] = set()
    flow_edges = []
    for e in edges.sort_values("edge_id").itertuples():
        if edge_place[e.edge_id] != "arrow":
            continue
        text = getattr(e, label)
        # A label several arrows share is drawn once; the table lists it for every arrow.
        drawn = "" if text in shown_labels else flow.wrap(text, LABEL_WRAP)
        shown_labels.add(text)
        into_alternatives = e.target in alternatives and e.source not in alternatives
        flow_edges.append(
            flow.Edge(
                e.edge_id,
                e.source,
                e.target,
                drawn,
                e.status,
                "return" if e.kind == "loop" else "flow",
                gid=gid("sanction_regime_edges", e.edge_id),
                minlen=DROP if into_alternatives else 1,
                long_before_label=into_alternatives,
            )
        )
    first = proposal_edges.iloc[0]
    flow_edges.append(
        flow.Edge(
            "forslag",
            first.source,
            "forslag",
            flow.wrap(first[label], LABEL_WRAP),
            _weakest(proposal_edges["status"]),
        )
    )
    back = edges[edges["group"] == "tilbake"].sort_values("edge_id")
    # The most common label of the returns is the drawn one; the others stay in the table.
    back_label = back[label].mode().sort_values().iloc[0]
    flow_edges.append(
        flow.Edge(
            "tilbake",
            EXAMPLES_OF,
            back["target"].iloc[0],
            flow.wrap(f"{RETURN} {back_label}", LABEL_WRAP),
            _weakest(back["status"]),
            kind="return",
            source_cluster="alternativ",
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
        frames={"alternativ": i18n.pick(_TEXT, "system.alternativ", lang)},
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
        caption=i18n.pick(_TEXT, "table.caption", lang),
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
