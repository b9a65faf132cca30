"""Flow diagrams laid out by Graphviz ``dot`` and drawn in matplotlib, with a check of their geometry.

Graphviz decides ranks, order and edge routes; we decide the look. Graphviz never measures text:
every node and every edge label is measured here with matplotlib against our own font files
(``analysis.fonts``, never a system font), and handed to Graphviz as a fixed-size box with an empty
label. An edge label becomes a small fixed-size node on its edge, so that dot leaves room for it and
routes the edge through it; the line stops at the label's box and the label sits in the gap. The
layout therefore does not depend on the fonts a machine has installed.

Coordinates are inches (one data unit is one inch), so the measured sizes are the drawn sizes.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
import pygraphviz
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from analysis import fonts, style

POINTS = 72.0  # Graphviz works in points
SQRT2 = 2**0.5
MARGIN = 0.05  # inches kept free around the diagram
SAVE_PAD = 0.05  # inches the build pads a saved figure with on each side (render.save_figure)
NODE_FONT = 7.5  # the default; a dense diagram may go down to 7 (Spacing.font)
LABEL_FONT = 7.0
LINE = 0.7  # line width of arrows, in points
DPI = 100  # the resolution a diagram is drawn and its text measured at
TOOTH = 0.04  # inches: the teeth of an annotation's outline, which reach into its padding


def font(face: str = "normal", size: float = NODE_FONT) -> FontProperties:
    """A face of our own font files, by path: no lookup among the machine's fonts."""
    return FontProperties(fname=fonts.DIR / fonts.FILES[face], size=size)


@cache
def _measuring_figure() -> Figure:
    fig = Figure(figsize=(1, 1), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


@cache
def measure(text: str, face: str = "normal", size: float = NODE_FONT) -> tuple[float, float]:
    """The rendered width and height of ``text`` (may be several lines), in inches."""
    fig = _measuring_figure()
    artist = fig.text(0, 0, text, fontproperties=font(face, size), multialignment="center")
    box = artist.get_window_extent(fig.canvas.get_renderer())
    artist.remove()
    # Text is laid out unhinted (style.RC), so its extent in inches is the same at any resolution;
    # measured at the one the diagram is drawn at, the draw finds it measured (text_extents).
    return box.width / DPI, box.height / DPI


# Words that link rather than name, left out when a label is compared with its target.
_LINKING_WORDS = {"i", "på", "over", "fra", "til", "og", "av", "for", "etter", "med", "om", "som"}
WORD_STEM = 6  # letters that make a bokmål word the same word whatever its ending (godkjennes, godkjenner)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) - _LINKING_WORDS


def restates(label: str, target: str) -> bool:
    """Whether an arrow's ``label`` says nothing its ``target`` does not: each of its words is in
    the target, in another inflection (same stem) or as the last part of a compound (vurdering in
    inntaksvurdering). Judge it in bokmål, so that both languages leave off the same labels."""
    words = _words(target)
    return all(any(t.endswith(w) or t[:WORD_STEM] == w[:WORD_STEM] for t in words) for w in _words(label))


def wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)) or text


@dataclass(frozen=True)
class Item:
    """One line of a list node: a data row drawn as a bulleted entry instead of a node of its own.

    The bullet is a short line in the status style of the tie (``status``, ``gid``: the edge or
    group that puts the item in the list); the text carries the item's own ``text_gid``; ``mark``
    is an optional symbol after the text with its own ``mark_gid`` (e.g. a return to the start).
    """

    label: str
    status: str
    gid: str = ""
    text_gid: str = ""
    mark: str = ""
    mark_gid: str = ""
    level: int = 1  # 0: a heading within the list (italic, no bullet); 2: indented under the entry above
    column: int = 0  # a long list runs in several columns


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    shape: str  # box, round, process, annotation, list
    status: str
    order: int = 0
    stock: bool = False  # drawn as the large square box
    gid: str = ""
    items: tuple[Item, ...] = ()  # for shape="list": the entries under the label
    cluster: str = ""  # nodes of one cluster are kept together and framed
    mark: str = ""  # for shape="list": a symbol after the label, with its own gid
    mark_gid: str = ""


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str
    label: str
    status: str
    kind: str = "flow"  # "return": drawn against the ranks; "target": ties an annotation beside its node
    gid: str = ""
    minlen: int = 1  # ranks the edge spans at least (2 puts its far end a row further)
    source_cluster: str = ""  # the arrow leaves from the frame of this cluster, not from its source
    long_before_label: bool = False  # with minlen > 1: the label sits near the target, not the source


@dataclass(frozen=True)
class Spacing:
    rankdir: str = "LR"
    nodesep: float = 0.12  # inches between neighbours in a rank
    ranksep: float = 0.22  # inches between ranks
    pad: float = 0.06  # inches between a node's text and its outline
    font: float = NODE_FONT
    stock_side: float = 1.0
    cluster_margin: float = 0.1


@dataclass
class Layout:
    width: float
    height: float
    nodes: dict[str, tuple[float, float, float, float]]  # centre x, centre y, width, height
    labels: dict[str, tuple[float, float, float, float]]
    pieces: dict[str, list[np.ndarray]]  # edge id -> Bézier control points, in the edge's direction
    clusters: dict[str, tuple[float, float, float, float]]  # x0, y0, x1, y1


@dataclass
class Drawing:
    """What was drawn, for the geometry check: node outlines, arrow paths and every text."""

    figure: Figure
    nodes: dict[str, object] = field(default_factory=dict)
    paths: dict[str, list[list[tuple[float, float]]]] = field(default_factory=dict)  # polylines per arrow
    ends: dict[str, tuple[str, str]] = field(default_factory=dict)
    texts: list = field(default_factory=list)
    layout: Layout | None = None

    @property
    def axes(self):
        return self.figure.axes[0]

    def check(self) -> None:
        """The geometry check; ``session.save`` runs it before writing, so no notebook can skip it."""
        check(self)


def item_line(item: Item) -> str:
    """The entry as measured: its mark goes at the end of its first line."""
    return _marked_first_line(item.label, item.mark)


def _marked_first_line(text: str, mark: str) -> str:
    first, *rest = text.split("\n")
    return "\n".join([f"{first}  {mark}" if mark else first, *rest])


MARK_GAP = 0.06  # inches between an entry and its mark (matplotlib trims a trailing space when measuring)


BULLET = 0.17  # inches: the status line before a list item


INDENT = 0.14  # inches a level-2 entry is indented
COLUMN_GAP = 0.1


def _item_face(item: Item) -> str:
    return "italic" if item.level == 0 else "normal"


def _item_height(item: Item, size: float) -> float:
    return measure(item.label, _item_face(item), size)[1] + 0.025


def balanced(items: tuple[Item, ...], columns: int, size: float) -> tuple[Item, ...]:
    """``items`` in their order, run into at most ``columns`` columns of about equal height (the
    tallest as low as it can be). A column starts only at a heading or an entry of level 1, never
    right under a heading, so a heading keeps its first entry and an indented entry its parent."""
    heights = [_item_height(item, size) for item in items]
    starts = [i for i in range(1, len(items)) if items[i].level < 2 and items[i - 1].level != 0]
    best: tuple[float, tuple[int, ...]] = (sum(heights), ())
    for count in range(1, columns):
        for breaks in itertools.combinations(starts, count):
            edges = (0, *breaks, len(items))
            tallest = max(sum(heights[a:b]) for a, b in itertools.pairwise(edges))
            best = min(best, (tallest, breaks))
    edges = (0, *best[1], len(items))
    return tuple(
        replace(item, column=column)
        for column, (a, b) in enumerate(itertools.pairwise(edges))
        for item in items[a:b]
    )


def _list_geometry(node: Node, size: float):
    """Where each entry of a list node goes: (x offset of its text, y offset of its top, its
    column's right edge) from the node's inner top-left; and the inner width and height."""
    header_h = (
        measure(_marked_first_line(node.label, node.mark), "normal", size)[1] + 0.05 if node.label else 0.0
    )
    columns: dict[int, list[Item]] = defaultdict(list)
    for item in node.items:
        columns[item.column].append(item)
    places, x, height = {}, 0.0, 0.0
    for column in sorted(columns):
        offsets, y, width = [], header_h, 0.0
        for item in columns[column]:
            indent = 0.0 if item.level == 0 else BULLET + (INDENT if item.level == 2 else 0.0)
            iw = measure(item.label, _item_face(item), size)[0]
            if item.mark:  # the mark goes right of the entry's text block, on its first line
                iw += MARK_GAP + measure(item.mark, "normal", size)[0]
            offsets.append((item, x + indent, y))
            width = max(width, indent + iw)
            y += _item_height(item, size)
        for item, ox, oy in offsets:
            places[id(item)] = (ox, oy, x + width)
        x += width + COLUMN_GAP
        height = max(height, y)
    header_w = measure(_marked_first_line(node.label, node.mark), "normal", size)[0] if node.label else 0.0
    return places, max(header_w, x - COLUMN_GAP if columns else 0.0), max(height, header_h)


def node_size(node: Node, spacing: Spacing) -> tuple[float, float]:
    face = "bold" if node.stock else "italic" if node.shape == "annotation" else "normal"
    size = spacing.font
    if node.shape == "list":
        _, w, h = _list_geometry(node, size)
        return w + 2 * spacing.pad, h + 2 * spacing.pad
    w, h = measure(node.label, face, size) if node.label else (0.0, 0.0)
    if node.shape == "round":
        return w * SQRT2 + spacing.pad, h * SQRT2 + spacing.pad
    if node.stock:
        side = max(spacing.stock_side, w + 4 * spacing.pad, h + 4 * spacing.pad)
        return side, side
    pad = spacing.pad + TOOTH if node.shape == "annotation" else spacing.pad
    return w + 2 * pad, h + 2 * pad


def label_size(text: str) -> tuple[float, float]:
    w, h = measure(text, "normal", LABEL_FONT)
    return w + 0.06, h + 0.04


def _inches(value: str) -> tuple[float, float]:
    x, y = value.split(",")[:2]
    return float(x) / POINTS, float(y) / POINTS


def _control_points(pos: str) -> np.ndarray:
    points = [_inches(p) for p in pos.split() if not p.startswith(("e,", "s,"))]
    return np.array(points)


def layout(nodes: list[Node], edges: list[Edge], spacing: Spacing = Spacing(), hints=()) -> Layout:
    """Graphviz dot's layout of the graph, every size fixed by us; coordinates in inches.

    ``hints`` are (upper, lower, weight) pairs of nodes tied by an invisible edge, to put one part of
    a diagram under another instead of beside it.
    """
    graph = pygraphviz.AGraph(directed=True, strict=False)
    graph.graph_attr.update(
        rankdir=spacing.rankdir,
        nodesep=f"{spacing.nodesep:.4f}",
        ranksep=f"{spacing.ranksep:.4f}",
        splines="spline",
        compound="true",
        newrank="true",
        pad="0",
        margin="0",
        outputorder="edgesfirst",
    )
    graph.node_attr.update(fixedsize="true", label="", shape="box", margin="0")
    graph.edge_attr.update(dir="none", label="", arrowhead="none")
    clusters: dict[str, list[str]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (n.order, n.id)):
        w, h = node_size(node, spacing)
        shape = "ellipse" if node.shape == "round" else "box"
        graph.add_node(node.id, width=f"{w:.4f}", height=f"{h:.4f}", shape=shape)
        if node.cluster:
            clusters[node.cluster].append(node.id)
    for name, members in sorted(clusters.items()):
        graph.add_subgraph(members, name=f"cluster_{name}", margin=f"{spacing.cluster_margin * POINTS:.1f}")
    label_nodes = {}
    for a, b, weight in hints:
        graph.add_edge(a, b, key=f"hint:{a}:{b}", style="invis", weight=str(weight))
    for edge in edges:
        if edge.kind == "target":
            graph.add_subgraph([edge.source, edge.target], rank="same")
            graph.add_edge(edge.source, edge.target, key=edge.id)
            continue
        a, b = (edge.target, edge.source) if edge.kind == "return" else (edge.source, edge.target)
        if edge.label:
            w, h = label_size(edge.label)
            middle = f"label:{edge.id}"
            graph.add_node(middle, width=f"{w:.4f}", height=f"{h:.4f}")
            label_nodes[edge.id] = middle
            frame = {"ltail": f"cluster_{edge.source_cluster}"} if edge.source_cluster else {}
            if edge.kind == "return":
                frame = {"lhead": frame["ltail"]} if frame else {}
                graph.add_edge(a, middle, key=f"{edge.id}:1")
                graph.add_edge(middle, b, key=f"{edge.id}:2", minlen=str(edge.minlen), **frame)
            else:
                first, second = (edge.minlen, 1) if edge.long_before_label else (1, edge.minlen)
                graph.add_edge(a, middle, key=f"{edge.id}:1", minlen=str(first), **frame)
                graph.add_edge(middle, b, key=f"{edge.id}:2", minlen=str(second))
        else:
            graph.add_edge(a, b, key=edge.id, minlen=str(edge.minlen))
    graph.layout(prog="dot")

    def box(name: str) -> tuple[float, float, float, float]:
        node = graph.get_node(name)
        x, y = _inches(node.attr["pos"])
        return x, y, float(node.attr["width"]), float(node.attr["height"])

    def spline(u: str, v: str, key: str) -> np.ndarray:
        return _control_points(graph.get_edge(u, v, key=key).attr["pos"])

    pieces = {}
    for edge in edges:
        if edge.kind == "target":
            pieces[edge.id] = [spline(edge.source, edge.target, edge.id)]
            continue
        a, b = (edge.target, edge.source) if edge.kind == "return" else (edge.source, edge.target)
        if edge.id in label_nodes:
            parts = [
                spline(a, label_nodes[edge.id], f"{edge.id}:1"),
                spline(label_nodes[edge.id], b, f"{edge.id}:2"),
            ]
        else:
            parts = [spline(a, b, edge.id)]
        if edge.kind == "return":
            parts = [p[::-1] for p in parts[::-1]]
        pieces[edge.id] = parts
    x0, y0, x1, y1 = (float(v) / POINTS for v in graph.graph_attr["bb"].split(","))
    framed = {}
    for name in clusters:
        sub = graph.get_subgraph(f"cluster_{name}")
        cx0, cy0, cx1, cy1 = (float(v) / POINTS for v in sub.graph_attr["bb"].split(","))
        framed[name] = (cx0, cy0, cx1, cy1)
    return Layout(
        width=x1 - x0,
        height=y1 - y0,
        nodes={n.id: box(n.id) for n in nodes},
        labels={e: box(m) for e, m in label_nodes.items()},
        pieces=pieces,
        clusters=framed,
    )


def _sample(controls: np.ndarray, steps: int = 8) -> list[tuple[float, float]]:
    """Points along a piecewise cubic Bézier (Graphviz's 3n+1 control points)."""
    out = [tuple(controls[0])]
    t = np.linspace(0, 1, steps + 1)[1:, None]
    for i in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = controls[i : i + 4]
        curve = (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
        out.extend(tuple(p) for p in curve)
    return out


def _bezier_path(controls: np.ndarray) -> MplPath:
    codes = [MplPath.MOVETO] + [MplPath.CURVE4] * (len(controls) - 1)
    return MplPath(controls, codes)


def draw(
    nodes: list[Node],
    edges: list[Edge],
    width: float = style.PAGE_WIDTH_IN,
    spacing: Spacing = Spacing(),
    frames: dict[str, str] | None = None,
    hints=(),
) -> Drawing:
    """Lay out with dot and draw on a page ``width`` inches wide (wider if the layout needs it).

    ``frames`` maps a cluster name to the heading drawn in its frame.
    """
    placed = layout(nodes, edges, spacing, hints)
    page = max(width - 2 * SAVE_PAD, placed.width + 2 * MARGIN)
    height = placed.height + 2 * MARGIN
    fig = Figure(figsize=(page, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    dx = (page - placed.width) / 2
    ax.set_xlim(-dx, page - dx)
    ax.set_ylim(-MARGIN, placed.height + MARGIN)
    # The limits are fixed, so shapes go in with add_artist: add_patch would work out the data
    # limits again for every shape (an eighth of a diagram's drawing time).
    drawing = Drawing(fig, layout=placed)
    for name, heading in sorted((frames or {}).items()):
        _draw_frame(ax, drawing, placed.clusters[name], heading, spacing)
    by_id = {n.id: n for n in nodes}
    for node_id in sorted(by_id):
        _draw_node(ax, drawing, by_id[node_id], placed.nodes[node_id], spacing)
    for edge in sorted(edges, key=lambda e: e.id):
        _draw_edge(ax, drawing, edge, placed)
    return drawing


def _draw_frame(ax, drawing: Drawing, bounds, heading: str, spacing: Spacing) -> None:
    x0, y0, x1, y1 = bounds
    ax.add_artist(
        FancyBboxPatch(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            boxstyle="round,pad=0,rounding_size=0.05",
            facecolor="#f4f4f4",
            edgecolor="none",
            zorder=0,
        )
    )
    if heading:
        drawing.texts.append(
            ax.text(
                x0 + 0.04,
                y1 - 0.03,
                heading,
                fontproperties=font("bold", LABEL_FONT),
                ha="left",
                va="top",
                color=style.GREY,
                zorder=1,
            )
        )


def _draw_node(ax, drawing: Drawing, node: Node, placed, spacing: Spacing) -> None:
    cx, cy, w, h = placed
    line = {"edgecolor": style.INK, "linestyle": style.STATUS_LINESTYLE[node.status], "lw": 0.8}
    if node.shape == "round":
        patch = Ellipse((cx, cy), w, h, facecolor="white", **line)
    elif node.shape in ("process", "list"):
        patch = FancyBboxPatch(
            (cx - w / 2, cy - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor="white",
            **line,
        )
    elif node.shape == "annotation":
        patch = FancyBboxPatch(
            (cx - w / 2, cy - h / 2),
            w,
            h,
            boxstyle=f"sawtooth,pad=0,tooth_size={TOOTH}",
            facecolor=style.LIGHT,
            **{**line, "edgecolor": style.GREY, "lw": 0.6},
        )
    else:
        fill = "#ececec" if node.stock else "white"
        patch = Rectangle(
            (cx - w / 2, cy - h / 2), w, h, facecolor=fill, **{**line, "lw": 1.4 if node.stock else 0.9}
        )
    patch.set_zorder(2)
    if node.gid:
        patch.set_gid(node.gid)
    ax.add_artist(patch)
    drawing.nodes[node.id] = patch
    face = "bold" if node.stock else "italic" if node.shape == "annotation" else "normal"
    if node.shape != "list":
        drawing.texts.append(
            ax.text(
                cx,
                cy,
                node.label,
                ha="center",
                va="center",
                multialignment="center",
                fontproperties=font(face, spacing.font),
                zorder=4,
            )
        )
        return
    top, left = cy + h / 2 - spacing.pad, cx - w / 2 + spacing.pad
    size = spacing.font
    if node.label:
        drawing.texts.append(
            ax.text(left, top, node.label, ha="left", va="top", fontproperties=font("normal", size), zorder=4)
        )
        if node.mark:
            mark = ax.text(
                cx + w / 2 - spacing.pad,
                top,
                node.mark,
                ha="right",
                va="top",
                fontproperties=font("normal", size),
                zorder=4,
            )
            if node.mark_gid:
                mark.set_gid(node.mark_gid)
            drawing.texts.append(mark)
    places, _, _ = _list_geometry(node, size)
    line_height = measure("Åg", "normal", size)[1]
    for item in node.items:
        ox, oy, _ = places[id(item)]
        x, y = left + ox, top - oy
        if item.level:
            bullet = Line2D(
                [x - BULLET, x - 0.05],
                [y - line_height / 2] * 2,
                color=style.INK,
                lw=0.8,
                linestyle=style.STATUS_LINESTYLE[item.status],
                zorder=4,
            )
            if item.gid:
                bullet.set_gid(item.gid)
            ax.add_line(bullet)
        text = ax.text(
            x, y, item.label, ha="left", va="top", fontproperties=font(_item_face(item), size), zorder=4
        )
        if item.text_gid:
            text.set_gid(item.text_gid)
        drawing.texts.append(text)
        if item.mark:
            after = measure(item.label, _item_face(item), size)[0] + MARK_GAP
            mark = ax.text(
                x + after,
                y,
                item.mark,
                ha="left",
                va="top",
                fontproperties=font("normal", size),
                zorder=4,
            )
            if item.mark_gid:
                mark.set_gid(item.mark_gid)
            drawing.texts.append(mark)


def _draw_edge(ax, drawing: Drawing, edge: Edge, placed: Layout) -> None:
    linestyle = style.STATUS_LINESTYLE[edge.status]
    parts = placed.pieces[edge.id]
    for n, controls in enumerate(parts, start=1):
        artist = PathPatch(
            _bezier_path(controls),
            facecolor="none",
            edgecolor=style.INK,
            lw=LINE,
            linestyle=linestyle,
            zorder=1,
        )
        ax.add_artist(artist)
        # Every piece of the arrow leads to its row; an SVG id is unique, so a later piece is a part.
        if edge.gid:
            artist.set_gid(edge.gid if n == 1 else f"{edge.gid}#{n}")
    tip, back = parts[-1][-1], parts[-1][-2]
    if edge.kind != "target":
        head = _arrowhead(ax, back, tip)
        if edge.gid:
            head.set_gid(f"{edge.gid}#head")
    drawing.paths[edge.id] = [_sample(controls) for controls in parts]
    drawing.ends[edge.id] = (edge.source, edge.target)
    if edge.id in placed.labels:
        x, y, _, _ = placed.labels[edge.id]
        drawing.texts.append(
            ax.text(
                x,
                y,
                edge.label,
                ha="center",
                va="center",
                multialignment="center",
                fontproperties=font("normal", LABEL_FONT),
                color=style.INK,
                zorder=5,
            )
        )


def _arrowhead(ax, back, tip, length: float = 0.07, half_width: float = 0.028) -> Polygon:
    direction = np.asarray(tip) - np.asarray(back)
    norm = float(np.hypot(*direction)) or 1.0
    d = direction / norm
    n = np.array([-d[1], d[0]])
    base = np.asarray(tip) - d * length
    return ax.add_artist(
        Polygon(
            [tip, base + n * half_width, base - n * half_width],
            closed=True,
            facecolor=style.INK,
            edgecolor="none",
            zorder=3,
        )
    )


def extend(drawing: Drawing, top: float = 0.0, bottom: float = 0.0) -> tuple[float, float]:
    """Add bands above and below the diagram, keeping one data unit to the inch.

    Returns the data y of the diagram's top and bottom edges, to place text in the bands from.
    """
    fig, ax = drawing.figure, drawing.axes
    width, height = fig.get_size_inches()
    y0, y1 = ax.get_ylim()
    fig.set_size_inches(width, height + top + bottom)
    ax.set_ylim(y0 - bottom, y1 + top)
    return y1, y0


def _legend_shape(shape: str) -> HandlerPatch:
    def make(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
        x, y = -xdescent, -ydescent
        if shape == "round":
            return Ellipse((x + width / 2, y + height / 2), width, height * 1.3)
        if shape in ("process", "list"):
            return FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0,rounding_size=3")
        if shape == "annotation":
            return FancyBboxPatch((x, y), width, height, boxstyle="sawtooth,pad=0,tooth_size=2")
        return Rectangle((x, y), width, height * 1.2)

    return HandlerPatch(patch_func=make)


def frame(
    drawing: Drawing, note: str, statuses: dict[str, str], shapes: dict[str, str], extra=(), ncols: int = 2
) -> None:
    """The note above the diagram; below it a legend of line styles (``statuses``: status -> label),
    node shapes (``shapes``: shape -> label) and ``extra`` entries (text lines). No title: the
    caption belongs to the document."""
    ax = drawing.axes
    width = drawing.figure.get_size_inches()[0]
    note_lines = textwrap.wrap(note, int(width * 15))  # about 15 characters an inch at 7.5 pt
    note_text = "\n".join(note_lines)
    band = measure(note_text, "italic", 7.5)[1] + 0.1
    top_y, bottom_y = extend(drawing, top=band)
    x_left = ax.get_xlim()[0] + MARGIN
    drawing.texts.append(
        ax.text(x_left, top_y + 0.04, note_text, fontproperties=font("italic", 7.5), va="bottom")
    )
    lines = [Line2D([], [], color=style.INK, lw=0.8, linestyle=style.STATUS_LINESTYLE[s]) for s in statuses]
    patches = [Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=style.INK, lw=0.8) for _ in shapes]
    legend = ax.legend(
        lines + patches,
        [*statuses.values(), *shapes.values()],
        handler_map={patch: _legend_shape(shape) for patch, shape in zip(patches, shapes, strict=True)},
        loc="upper left",
        bbox_to_anchor=(x_left, bottom_y - 0.04),
        bbox_transform=ax.transData,
        ncols=ncols,
        prop=font("normal", 7.0),
        frameon=False,
        handlelength=2.2,
        columnspacing=1.2,
        borderaxespad=0,
        borderpad=0,
    )
    drawing.texts.append(legend)
    below = _height(drawing, legend) + 0.08
    for line in extra:
        text = ax.text(x_left, bottom_y - below, line, fontproperties=font("normal", 7.0), va="top")
        drawing.texts.append(text)
        below += _height(drawing, text) + 0.04
    extend(drawing, bottom=below)


def _height(drawing: Drawing, artist) -> float:
    box = artist.get_window_extent(drawing.figure.canvas.get_renderer())
    return box.height / drawing.figure.dpi


# --- the geometry check -------------------------------------------------------------------------


def _segments(polylines) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    return [segment for points in polylines for segment in itertools.pairwise(points)]


def _cross(p, q, r, s) -> bool:
    """Whether segments p-q and r-s properly intersect."""

    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def crossings(drawing: Drawing) -> int:
    """How many pairs of arrows cross each other (arrows sharing a node are not counted)."""
    count = 0
    items = sorted(drawing.paths.items())
    for (a, pa), (b, pb) in itertools.combinations(items, 2):
        if set(drawing.ends[a]) & set(drawing.ends[b]):
            continue
        sa, sb = _segments(pa), _segments(pb)
        if any(_cross(p, q, r, s) for p, q in sa for r, s in sb):
            count += 1
    return count


def geometry_problems(drawing: Drawing) -> list[str]:
    """Overlapping texts, text on a line, overlapping nodes, arrows through nodes, text off the
    figure: each as a sentence."""
    fig = drawing.figure
    renderer = fig.canvas.get_renderer()
    problems = []
    texts = [(_name(t), t.get_window_extent(renderer)) for t in drawing.texts]
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            if box_a.overlaps(box_b):
                problems.append(f"text {a!r} overlaps text {b!r}")
    node_boxes = {n: p.get_window_extent(renderer) for n, p in sorted(drawing.nodes.items())}
    for (a, box_a), (b, box_b) in itertools.combinations(node_boxes.items(), 2):
        if box_a.overlaps(box_b):
            problems.append(f"node {a} overlaps node {b}")
    to_pixels = drawing.axes.transData.transform
    # Boxes shrunk a little once, so that a line ending on an outline does not count as entering it.
    inner_nodes = [(n, box.expanded(0.98, 0.98)) for n, box in node_boxes.items()]
    inner_texts = [(name, box.expanded(0.96, 0.9)) for name, box in texts]
    for e_id, points in sorted(drawing.paths.items()):
        segments = _segments([[tuple(p) for p in to_pixels(line)] for line in points])
        xs = [x for p, q in segments for x in (p[0], q[0])]
        ys = [y for p, q in segments for y in (p[1], q[1])]
        extent = (min(xs), min(ys), max(xs), max(ys)) if segments else (0.0, 0.0, -1.0, -1.0)
        for n, box in inner_nodes:
            if n not in drawing.ends[e_id] and _path_hits(segments, box, extent):
                problems.append(f"arrow {e_id} crosses node {n}")
        for name, box in inner_texts:
            if _path_hits(segments, box, extent):
                problems.append(f"arrow {e_id} runs through text {name!r}")
    bounds = fig.bbox
    for name, box in texts + list(node_boxes.items()):
        if (
            box.x0 < bounds.x0 - 1
            or box.x1 > bounds.x1 + 1
            or box.y0 < bounds.y0 - 1
            or box.y1 > bounds.y1 + 1
        ):
            problems.append(f"{name!r} runs off the figure")
    return problems


def check(drawing: Drawing) -> None:
    """Raise if the geometry check finds anything: a build must not publish a cluttered figure."""
    problems = geometry_problems(drawing)
    if problems:
        raise ValueError("the figure's geometry has problems:\n" + "\n".join(problems))


def _name(artist) -> str:
    return (
        artist.get_text().replace("\n", " ") if hasattr(artist, "get_text") else type(artist).__name__.lower()
    )


def _path_hits(segments, box: Bbox, extent: tuple[float, float, float, float]) -> bool:
    """Whether any segment enters ``box``; quick tests of the path's ``extent`` (x0, y0, x1, y1)
    and of each segment's first."""
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    if extent[2] < x0 or extent[0] > x1 or extent[3] < y0 or extent[1] > y1:
        return False
    for p, q in segments:
        if max(p[0], q[0]) < x0 or min(p[0], q[0]) > x1 or max(p[1], q[1]) < y0 or min(p[1], q[1]) > y1:
            continue
        if _segment_hits(p, q, box):
            return True
    return False


def _segment_hits(p, q, box: Bbox) -> bool:
    """Whether segment p-q enters ``box`` (Liang–Barsky clipping)."""
    (x1, y1), (x2, y2) = p, q
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, x1 - box.x0), (dx, box.x1 - x1), (-dy, y1 - box.y0), (dy, box.y1 - y1)):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def print_metrics(fig: Figure) -> dict[str, float]:
    """What the figure measures when saved as the build saves it (tight box): width and height in cm,
    and the smallest text in points at that size."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)
    sizes = [
        t.get_fontsize()
        for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
        if t.get_visible() and t.get_text().strip()
    ]
    return {
        "width_cm": round(float(box.width + 2 * SAVE_PAD) * 2.54, 2),
        "height_cm": round(float(box.height + 2 * SAVE_PAD) * 2.54, 2),
        "min_text_pt": float(min(sizes)),
    }
