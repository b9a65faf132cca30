"""Layered flow diagrams drawn with matplotlib alone (no Graphviz), and a check of their geometry.

Layout, in the manner of Sugiyama:

1. Each node gets a rank (a column) by the longest path over the forward arrows, so that every
   arrow runs left to right. An annotation (``shape="annotation"``) sits in its target's column,
   directly above it (a second one below it).
2. An arrow that spans several columns passes through a reserved slot in each column between, so
   it never crosses a node; an arrow against the ranks is routed the same way, reversed.
3. Within a column, items are ordered by the barycentre of their neighbours in the column before
   (the ``order`` hint breaks ties), then stacked and centred.

Every path runs horizontally inside a column (through its own slot) and diagonally only across
the gaps between columns, where no node stands. Spare width widens the gaps. A label goes on its
arrow where it meets no node and no other text; one that fits nowhere becomes a number on the
arrow, keyed in ``Drawing.key``. If the diagram is too wide for the page, smaller type and
narrower wrapping are tried in turn.

Coordinates are inches (one data unit is one inch), so text measured by the renderer sizes the
nodes exactly.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field, replace

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.transforms import Bbox

from analysis import style

SQRT2 = 2**0.5
MARGIN = 0.05  # inches kept free at the left and right edges


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    shape: str  # box, round, process, annotation
    status: str
    order: int = 0
    stock: bool = False  # drawn as the large square box


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str
    label: str
    status: str
    kind: str = "flow"  # "return" arrows are left out of the ranking; "target" ties an annotation


@dataclass(frozen=True)
class Style:
    node_font: float = 7.0
    label_font: float = 6.0
    wrap: int = 18
    label_wrap: int = 20
    gap: float = 0.45  # the least room between columns, in inches
    max_gap: float = 1.5
    vgap: float = 0.16
    pad: float = 0.07
    stock_side: float = 1.05


# Tried in turn until the diagram fits the page width.
STYLES = (
    Style(),
    Style(node_font=6.5, label_font=5.8, wrap=16, label_wrap=18, gap=0.35),
    Style(node_font=6.0, label_font=5.5, wrap=14, label_wrap=16, gap=0.28, vgap=0.12),
    Style(node_font=5.5, label_font=5.5, wrap=12, label_wrap=14, gap=0.22, vgap=0.1, stock_side=0.8),
)


@dataclass
class Drawing:
    """What was drawn, for the geometry check: node outlines, arrow paths and every text."""

    figure: Figure
    nodes: dict[str, object] = field(default_factory=dict)
    paths: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    ends: dict[str, tuple[str, str]] = field(default_factory=dict)
    texts: list = field(default_factory=list)
    key: list[tuple[int, str]] = field(default_factory=list)  # numbered labels that had no room

    @property
    def axes(self):
        return self.figure.axes[0]


@dataclass
class _Slot:
    key: str  # a node id, or "edge_id#column" for the passage of an arrow
    height: float
    width: float = 0.0
    parents: list[str] = field(default_factory=list)
    y: float = 0.0


@dataclass
class _Layout:
    rank: dict[str, int]
    sizes: dict[str, tuple[float, float]]
    columns: dict[int, list[_Slot]]
    slots: dict[str, _Slot]
    routes: dict[str, list[str]]  # edge id -> the chain of keys it runs through, left to right
    left: dict[int, float] = field(default_factory=dict)
    width: dict[int, float] = field(default_factory=dict)
    height: float = 0.0

    def column(self, key: str) -> int:
        return self.rank[key] if key in self.rank else int(key.split("#")[1])

    def centre(self, key: str) -> tuple[float, float]:
        column = self.column(key)
        return self.left[column] + self.width[column] / 2, self.slots[key].y

    @property
    def content_width(self) -> float:
        last = max(self.left)
        return self.left[last] + self.width[last] - self.left[min(self.left)]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)) or text


def _ranks(nodes: dict[str, Node], edges: list[Edge]) -> dict[str, int]:
    incoming: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e.kind not in ("return", "target"):
            incoming[e.target].append(e.source)
    rank: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(node: str) -> int:
        if node not in rank:
            if node in visiting:
                raise ValueError(f"the arrows into {node!r} form a cycle; mark one of them kind='return'")
            visiting.add(node)
            rank[node] = max((visit(s) + 1 for s in incoming[node]), default=0)
            visiting.discard(node)
        return rank[node]

    for node in sorted(nodes):
        if nodes[node].shape != "annotation":
            visit(node)
    for e in edges:
        if e.kind == "target":
            rank[e.source] = rank[e.target]
    return rank


def _measure(fig: Figure, text: str, size: float) -> tuple[float, float]:
    artist = fig.text(0, 0, text, fontsize=size, ha="center", va="center", multialignment="center")
    box = artist.get_window_extent(fig.canvas.get_renderer())
    artist.remove()
    return box.width / fig.dpi, box.height / fig.dpi


def _node_size(fig: Figure, node: Node, st: Style) -> tuple[float, float]:
    w, h = _measure(fig, node.label, st.node_font)
    if node.shape == "round":
        return w * SQRT2 + st.pad, h * SQRT2 + st.pad
    if node.stock:
        side = max(st.stock_side, w + 4 * st.pad, h + 4 * st.pad)
        return side, side
    return w + 2 * st.pad, h + 2 * st.pad


def _layout(fig: Figure, nodes: dict[str, Node], edges: list[Edge], st: Style, page: float) -> _Layout:
    rank = _ranks(nodes, edges)
    sizes = {n: _node_size(fig, node, st) for n, node in nodes.items()}
    columns: dict[int, list[_Slot]] = defaultdict(list)
    slots: dict[str, _Slot] = {}
    for n in sorted(nodes, key=lambda n: (nodes[n].order, n)):
        if nodes[n].shape != "annotation":
            slots[n] = _Slot(n, sizes[n][1], sizes[n][0])
            columns[rank[n]].append(slots[n])
    routes: dict[str, list[str]] = {}
    for e in edges:
        if e.kind == "target":
            continue
        a, b = (e.source, e.target) if rank[e.source] < rank[e.target] else (e.target, e.source)
        chain = [a]
        for r in range(rank[a] + 1, rank[b]):
            slot = _Slot(f"{e.id}#{r}", 0.06, parents=[chain[-1]])
            columns[r].append(slot)
            slots[slot.key] = slot
            chain.append(slot.key)
        chain.append(b)
        slots[b].parents.append(chain[-2])
        routes[e.id] = chain
    layout = _Layout(rank, sizes, columns, slots, routes)

    # Order each column by the barycentre of its parents' positions in the column before.
    position: dict[str, float] = {}
    for r in sorted(columns):

        def sort_key(slot: _Slot, r=r) -> tuple:
            placed = [position[p] for p in slot.parents if p in position and layout.column(p) == r - 1]
            centre = sum(placed) / len(placed) if placed else float(len(position))
            return (centre, nodes[slot.key].order if slot.key in nodes else 0, slot.key)

        columns[r].sort(key=sort_key)
        for i, slot in enumerate(columns[r]):
            position[slot.key] = i

    # An annotation joins its target's column, above it (a second one below).
    placed: dict[str, int] = defaultdict(int)
    for e in sorted((e for e in edges if e.kind == "target"), key=lambda e: e.id):
        column = columns[rank[e.target]]
        slots[e.source] = _Slot(e.source, sizes[e.source][1], sizes[e.source][0])
        index = column.index(slots[e.target])
        column.insert(index + 1 if placed[e.target] % 2 else index, slots[e.source])
        placed[e.target] += 1

    # Stack and centre each column; spread the columns over the page, the gaps taking spare room.
    heights = {r: sum(s.height for s in c) + st.vgap * (len(c) - 1) for r, c in columns.items()}
    layout.height = max(heights.values())
    for r, column in columns.items():
        layout.width[r] = max([s.width for s in column] + [0.1])
        y = (layout.height + heights[r]) / 2
        for slot in column:
            slot.y = y - slot.height / 2
            y -= slot.height + st.vgap
    ranks = sorted(columns)
    spare = page - 2 * MARGIN - sum(layout.width.values()) - st.gap * (len(ranks) - 1)
    gap = st.gap + min(max(spare, 0) / max(len(ranks) - 1, 1), st.max_gap - st.gap)
    x = (page - sum(layout.width.values()) - gap * (len(ranks) - 1)) / 2
    for r in ranks:
        layout.left[r] = x
        x += layout.width[r] + gap
    return layout


def draw(nodes: list[Node], edges: list[Edge], width: float) -> Drawing:
    """Lay out and draw on a page ``width`` inches wide; returns what was drawn."""
    fig = plt.figure(figsize=(width, 4))
    for st in STYLES:
        by_id = {n.id: replace(n, label=_wrap(n.label, st.wrap)) for n in nodes}
        wrapped = [replace(e, label=_wrap(e.label, st.label_wrap)) for e in edges]
        layout = _layout(fig, by_id, wrapped, st, width)
        if layout.content_width <= width - 2 * MARGIN:
            break
    else:
        width = layout.content_width + 2 * MARGIN  # even the smallest type does not fit: widen
        layout = _layout(fig, by_id, wrapped, st, width)
    # Size the figure before anything is drawn, so that one data unit is one inch throughout.
    fig.set_size_inches(width, layout.height + 0.3)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(-0.15, layout.height + 0.15)
    drawing = Drawing(fig)
    _draw_nodes(ax, drawing, by_id, layout, st)
    sites = _draw_arrows(ax, drawing, by_id, wrapped, layout)
    _place_labels(ax, drawing, wrapped, sites, st)
    return drawing


def _draw_nodes(ax, drawing: Drawing, nodes: dict[str, Node], layout: _Layout, st: Style) -> None:
    for n, node in nodes.items():
        (cx, cy), (w, h) = layout.centre(n), layout.sizes[n]
        line = {"edgecolor": style.INK, "linestyle": style.STATUS_LINESTYLE[node.status], "lw": 0.8}
        if node.shape == "round":
            patch = Ellipse((cx, cy), w, h, facecolor="white", **line)
        elif node.shape == "process":
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
                boxstyle="sawtooth,pad=0,tooth_size=0.04",
                facecolor=style.LIGHT,
                **{**line, "edgecolor": style.GREY, "lw": 0.6},
            )
        else:
            fill = "#f2f2f2" if node.stock else "white"
            patch = Rectangle(
                (cx - w / 2, cy - h / 2), w, h, facecolor=fill, **{**line, "lw": 1.4 if node.stock else 0.9}
            )
        ax.add_patch(patch)
        drawing.nodes[n] = patch
        drawing.texts.append(
            ax.text(
                cx,
                cy,
                node.label,
                ha="center",
                va="center",
                multialignment="center",
                fontsize=st.node_font,
                weight="bold" if node.stock else "normal",
                style="italic" if node.shape == "annotation" else "normal",
                zorder=4,
            )
        )


def _ports(layout: _Layout) -> dict[tuple[str, str, str], float]:
    """Vertical offsets that spread the arrows on one side of a node, in the order of their far ends."""
    sides: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for e_id, chain in layout.routes.items():
        sides[(chain[0], "out")].append((layout.centre(chain[1])[1], e_id))
        sides[(chain[-1], "in")].append((layout.centre(chain[-2])[1], e_id))
    offsets = {}
    for (node, side), items in sides.items():
        items.sort(reverse=True)
        spread = min(layout.sizes[node][1] * 0.6, 0.09 * (len(items) - 1)) if len(items) > 1 else 0.0
        for i, (_, e_id) in enumerate(items):
            offsets[(node, side, e_id)] = spread / 2 - (
                spread * i / (len(items) - 1) if len(items) > 1 else 0
            )
    return offsets


def _boundary(layout: _Layout, shapes: dict[str, str], key: str, side: str, dy: float) -> tuple[float, float]:
    """Where an arrow meets a node's left ("in") or right ("out") side, ``dy`` off its centre."""
    (cx, cy), (w, h) = layout.centre(key), layout.sizes[key]
    sign = 1 if side == "out" else -1
    if shapes[key] == "round":
        a, b = w / 2, h / 2
        dy = max(min(dy, b * 0.8), -b * 0.8)
        return cx + sign * a * (1 - (dy / b) ** 2) ** 0.5, cy + dy
    return cx + sign * w / 2, cy + dy


def _draw_arrows(ax, drawing: Drawing, nodes: dict[str, Node], edges: list[Edge], layout: _Layout) -> dict:
    """Draw every arrow; returns, per arrow, the segments a label may sit on, best first, each with
    whether the label should lean toward the segment's far end."""
    shapes = {n: node.shape for n, node in nodes.items()}
    offsets = _ports(layout)
    fan = defaultdict(int)
    for chain in layout.routes.values():
        fan[(chain[0], "out")] += 1
        fan[(chain[-1], "in")] += 1
    sites = {}
    for e in edges:
        if e.kind == "target":
            ay, (tx, ty) = layout.centre(e.source)[1], layout.centre(e.target)
            down = ay > ty
            sy = ay - layout.sizes[e.source][1] / 2 if down else ay + layout.sizes[e.source][1] / 2
            ey = ty + layout.sizes[e.target][1] / 2 if down else ty - layout.sizes[e.target][1] / 2
            points = [(tx, sy), (tx, ey)]
        else:
            chain = layout.routes[e.id]
            start = _boundary(layout, shapes, chain[0], "out", offsets[(chain[0], "out", e.id)])
            end = _boundary(layout, shapes, chain[-1], "in", offsets[(chain[-1], "in", e.id)])
            first, last = layout.column(chain[0]), layout.column(chain[-1])
            points = [start, (layout.left[first] + layout.width[first], start[1])]
            for key in chain[1:-1]:
                r, y = layout.column(key), layout.centre(key)[1]
                points += [(layout.left[r], y), (layout.left[r] + layout.width[r], y)]
            points += [(layout.left[last], end[1]), end]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            segments = [(p, q) for p, q in itertools.pairwise(points) if abs(q[0] - p[0]) > 0.05]
            # A label reads best away from the crowded end of a fan of arrows.
            crowded_start = fan[(chain[0], "out")] >= fan[(chain[-1], "in")]
            sites[e.id] = [(seg, crowded_start) for seg in (segments[::-1] if crowded_start else segments)]
            if chain[0] != e.source:
                points = points[::-1]
        drawing.paths[e.id] = points
        drawing.ends[e.id] = (e.source, e.target)
        _arrow(ax, points, e.status)
    return sites


def _arrow(ax, points: list[tuple[float, float]], status: str) -> None:
    linestyle = style.STATUS_LINESTYLE[status]
    if len(points) > 2:
        xs, ys = zip(*points[:-1], strict=True)
        ax.add_line(Line2D(xs, ys, color=style.INK, lw=0.7, linestyle=linestyle, zorder=2))
    ax.add_patch(
        FancyArrowPatch(
            points[-2],
            points[-1],
            arrowstyle="-|>",
            mutation_scale=7,
            color=style.INK,
            lw=0.7,
            linestyle=linestyle,
            shrinkA=0,
            shrinkB=0,
            zorder=2,
        )
    )


def _place_labels(ax, drawing: Drawing, edges: list[Edge], sites, st: Style) -> None:
    """Put each label on its arrow where it meets no node and no other text; else number it."""
    renderer = drawing.figure.canvas.get_renderer()
    taken = [patch.get_window_extent(renderer) for patch in drawing.nodes.values()]

    def try_place(e_id: str, text: str, size: float) -> bool:
        for ((x1, y1), (x2, y2)), toward_end in sites[e_id]:
            fractions = (0.7, 0.8, 0.6, 0.5, 0.4, 0.3) if toward_end else (0.3, 0.2, 0.4, 0.5, 0.6, 0.7)
            for t in fractions:
                artist = ax.text(
                    x1 + (x2 - x1) * t,
                    y1 + (y2 - y1) * t,
                    text,
                    fontsize=size,
                    ha="center",
                    va="center",
                    multialignment="center",
                    color=style.INK,
                    zorder=5,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
                )
                box = artist.get_window_extent(renderer).expanded(1.06, 1.15)
                if not any(box.overlaps(other) for other in taken):
                    taken.append(box)
                    drawing.texts.append(artist)
                    return True
                artist.remove()
        return False

    for e in edges:
        if e.id not in sites or not e.label:
            continue
        if not try_place(e.id, e.label, st.label_font):
            number = len(drawing.key) + 1
            drawing.key.append((number, e.label.replace("\n", " ")))
            if not try_place(e.id, str(number), st.label_font + 0.5):
                raise ValueError(f"no room on arrow {e.id} even for its number")


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
        if shape == "process":
            return FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0,rounding_size=3")
        if shape == "annotation":
            return FancyBboxPatch((x, y), width, height, boxstyle="sawtooth,pad=0,tooth_size=2")
        return Rectangle((x, y), width, height * 1.2)

    return HandlerPatch(patch_func=make)


def frame(
    drawing: Drawing,
    title: list[str],
    note: str,
    statuses: dict[str, str],
    shapes: dict[str, str],
) -> None:
    """Title and note above the diagram; below it a legend of line styles (``statuses``: status ->
    label) and node shapes (``shapes``: shape -> label), and the key of numbered labels."""
    ax = drawing.axes
    note_lines = textwrap.wrap(note, int(drawing.figure.get_size_inches()[0] * 14))  # ~14 characters an inch
    band = 0.3 + 0.2 * len(title) + 0.14 * (len(note_lines) - 1)
    top_y, bottom_y = extend(drawing, top=band)
    title_y = top_y + band - 0.08
    drawing.texts.append(ax.text(0.05, title_y, "\n".join(title), fontsize=8.5, weight="bold", va="top"))
    drawing.texts.append(
        ax.text(0.05, top_y + 0.04, "\n".join(note_lines), fontsize=7.5, style="italic", va="bottom")
    )
    lines = [Line2D([], [], color=style.INK, lw=0.8, linestyle=style.STATUS_LINESTYLE[s]) for s in statuses]
    patches = [Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=style.INK, lw=0.8) for _ in shapes]
    legend = ax.legend(
        lines + patches,
        [*statuses.values(), *shapes.values()],
        handler_map={patch: _legend_shape(shape) for patch, shape in zip(patches, shapes, strict=True)},
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
    below = height_of(drawing, legend) + 0.1
    entries = [f"{number}  {text}" for number, text in drawing.key]
    halves = (
        [entries[: (len(entries) + 1) // 2], entries[(len(entries) + 1) // 2 :]]
        if len(entries) > 8
        else [entries]
    )
    key_height = 0.0
    for column, lines_ in enumerate(h for h in halves if h):
        x = 0.05 + column * drawing.figure.get_size_inches()[0] / 2
        key = ax.text(x, bottom_y - below, "\n".join(lines_), fontsize=6, va="top", linespacing=1.3)
        drawing.texts.append(key)
        key_height = max(key_height, height_of(drawing, key) + 0.05)
    extend(drawing, bottom=below + key_height)


def height_of(drawing: Drawing, artist) -> float:
    """An artist's rendered height, in inches (data units)."""
    box = artist.get_window_extent(drawing.figure.canvas.get_renderer())
    return box.height / drawing.figure.dpi


def geometry_problems(drawing: Drawing) -> list[str]:
    """Overlapping texts, arrows through nodes, text off the figure: each as a sentence."""
    fig = drawing.figure
    renderer = fig.canvas.get_renderer()
    problems = []
    texts = [(_name(t), t.get_window_extent(renderer)) for t in drawing.texts]
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            if box_a.overlaps(box_b):
                problems.append(f"text {a!r} overlaps text {b!r}")
    node_boxes = {n: p.get_window_extent(renderer) for n, p in drawing.nodes.items()}
    to_pixels = drawing.axes.transData.transform
    for e_id, points in drawing.paths.items():
        pixels = [tuple(to_pixels(p)) for p in points]
        for n, box in node_boxes.items():
            if n in drawing.ends[e_id]:
                continue
            inner = box.expanded(0.98, 0.98)
            if any(_segment_hits(p, q, inner) for p, q in itertools.pairwise(pixels)):
                problems.append(f"arrow {e_id} crosses node {n}")
    bounds = fig.bbox
    for text, box in texts + list(node_boxes.items()):
        if (
            box.x0 < bounds.x0 - 1
            or box.x1 > bounds.x1 + 1
            or box.y0 < bounds.y0 - 1
            or box.y1 > bounds.y1 + 1
        ):
            problems.append(f"{text!r} runs off the figure")
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
