"""Figur 6.1 Tilstrømming og avvikling av saker, rebuilt from the text of chapter 6.

The graphic was lost in the PDF; the text says that large square boxes stood for the active
participant cases (whose number should equal the måltall) and round figures for the sources of
inflow and the exits. Everything else (which category was a flow or a state, an arrow's
direction) is our reading, and the drawing shows it: dashed for inferred, dotted for uncertain.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyBboxPatch, Rectangle

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


def _shape_handle(shape: str):
    def make(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
        x, y = -xdescent, -ydescent
        if shape == "round":
            return Ellipse((x + width / 2, y + height / 2), width, height * 1.3)
        if shape == "process":
            return FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0,rounding_size=3")
        if shape == "annotation":
            return FancyBboxPatch((x, y), width, height, boxstyle="sawtooth,pad=0,tooth_size=2")
        return Rectangle((x, y), width, height * 1.2)

    return HandlerPatch(patch_func=make)


def draw(tables: dict[str, pd.DataFrame], lang: str = "nb", view: str = "core") -> flow.Drawing:
    """Draw the figure; ``.figure`` is the matplotlib Figure, the rest serves the geometry check."""
    nodes, edges = graph(tables, lang, view)
    drawing = flow.draw(nodes, edges, width=style.PAGE_WIDTH_IN)
    ax = drawing.axes
    shapes = [s for s in ("box", "round", "process", "annotation") if any(n.shape == s for n in nodes)]
    title = [i18n.text("figure-6-1.caption", lang)]
    if view == "extended":
        title.append(i18n.text("figure-6-1.extended", lang))
    top_y, bottom_y = flow.extend(drawing, top=0.3 + 0.2 * len(title))
    drawing.texts.append(
        ax.text(
            0.05, top_y + 0.12 + 0.2 * len(title), "\n".join(title), fontsize=8.5, weight="bold", va="top"
        )
    )
    drawing.texts.append(
        ax.text(
            0.05, top_y + 0.1, i18n.text("figure-6-1.note", lang), fontsize=7.5, style="italic", va="center"
        )
    )
    lines = [Line2D([], [], color=style.INK, lw=0.8, linestyle=ls) for ls in style.STATUS_LINESTYLE.values()]
    patches = [Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=style.INK, lw=0.8) for _ in shapes]
    legend = ax.legend(
        lines + patches,
        [i18n.text(f"status.{s}", lang) for s in style.STATUS_LINESTYLE]
        + [i18n.text(f"figure-6-1.shape.{s}", lang) for s in shapes],
        handler_map={patch: _shape_handle(s) for patch, s in zip(patches, shapes, strict=True)},
        loc="upper left",
        bbox_to_anchor=(0.05, bottom_y - 0.05),
        bbox_transform=ax.transData,
        ncols=2,
        fontsize=6.5,
        frameon=False,
        handlelength=2.2,
        columnspacing=1.2,
    )
    drawing.texts.append(legend)
    below = flow.height_of(drawing, legend) + 0.1
    entries = [f"{number}  {text}" for number, text in drawing.key]
    halves = (
        [entries[: (len(entries) + 1) // 2], entries[(len(entries) + 1) // 2 :]]
        if len(entries) > 8
        else [entries]
    )
    key_height = 0.0
    for column, lines in enumerate(h for h in halves if h):
        x = 0.05 + column * drawing.figure.get_size_inches()[0] / 2
        key = ax.text(x, bottom_y - below, "\n".join(lines), fontsize=6, va="top", linespacing=1.3)
        drawing.texts.append(key)
        key_height = max(key_height, flow.height_of(drawing, key) + 0.05)
    below += key_height
    flow.extend(drawing, bottom=below)
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
