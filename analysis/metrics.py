"""Print-readiness of a figure, measured from the figure as it is rendered and saved.

``measure`` draws the figure once with the Agg renderer, records which texts were actually drawn,
and measures everything at the size the writer saves it: the tight bounding box plus the pad of
``render.save_figure``. ``problems`` turns the measurements into sentences against the thesis page:
a portrait text block 16 cm wide and at most 23 cm tall (or 23 x 16 cm landscape), text of at least
7 pt, and nothing overlapping.

Geometry is compared in display pixels at the figure's dpi; sizes are reported in cm and pt,
rounded, and every offending element is named (by its SVG gid where it has one, else by its text),
so the result is the same JSON on every machine.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from analysis.render import PAD_IN, settle

CM_PER_IN = 2.54
PORTRAIT_CM = (16.0, 23.0)
LANDSCAPE_CM = (23.0, 16.0)
MIN_TEXT_PT = 7.0
# The widest canvas that, saved with its pad, fits the portrait block (with 1 mm to spare for
# glyphs that reach a hair past the canvas edge).
FIGURE_WIDTH_IN = (PORTRAIT_CM[0] - 0.1) / CM_PER_IN - 2 * PAD_IN
FLOW_KINDS = frozenset({"flow"})
TOLERANCE_PT = 0.75  # how far two outlines may touch before it counts as an overlap
NAME_CHARS = 40


@dataclass(frozen=True)
class _Drawn:
    name: str
    box: Bbox  # display pixels


def measure(fig, kind: str | None = None, landscape: bool = False) -> dict:
    """Measurements of ``fig`` (a Figure, or an object with ``.figure``) as saved.

    ``kind`` is the figure's declared kind; ``"flow"`` adds edge crossings. ``landscape`` chooses
    the block the print scale fits into.
    """
    fig = _figure(fig)
    screen_dpi = fig.dpi
    fig.set_dpi(_saved_dpi(fig))  # text extents depend on the dpi glyphs are laid out at
    try:
        return _measure(fig, kind, landscape)
    finally:
        fig.set_dpi(screen_dpi)


def _measure(fig: Figure, kind: str | None, landscape: bool) -> dict:
    renderer, drawn_texts = _render(fig)
    px_per_pt = fig.dpi / 72
    tol = TOLERANCE_PT * px_per_pt

    tight = fig.get_tightbbox(renderer)  # inches
    width_cm = float(tight.width + 2 * PAD_IN) * CM_PER_IN
    height_cm = float(tight.height + 2 * PAD_IN) * CM_PER_IN
    block_w, block_h = LANDSCAPE_CM if landscape else PORTRAIT_CM
    scale = min(1.0, block_w / width_cm, block_h / height_cm)

    texts = [(t, _Drawn(_text_name(t), t.get_window_extent(renderer))) for t in drawn_texts]
    sizes = [float(t.get_fontsize()) * scale for t, _ in texts]
    smallest = min(sizes) if sizes else None
    small = sorted({d.name for (t, d), s in zip(texts, sizes, strict=True) if s < MIN_TEXT_PT - 1e-9})

    canvas = fig.bbox
    outside = sorted(
        {
            d.name
            for _, d in texts
            if d.box.x0 < canvas.x0 - tol
            or d.box.y0 < canvas.y0 - tol
            or d.box.x1 > canvas.x1 + tol
            or d.box.y1 > canvas.y1 + tol
        }
    )

    text_overlaps = sorted(
        _pair(a.name, b.name)
        for (_, a), (_, b) in itertools.combinations(texts, 2)
        if _intersect(a.box, b.box, tol)
    )

    strokes, nodes, markers = _shapes(fig, renderer, drawn_texts)
    # Each stroke's extent, so that a text is tested only against the strokes that reach it.
    extents = [_extent(segments) for _, _, segments, _ in strokes]
    on_lines = set()
    for text, d in texts:
        inner = _shrunk(d.box, tol)
        if inner is None:
            continue
        for (name, owner, segments, _), extent in zip(strokes, extents, strict=True):
            if extent is None or owner is text or not _intersect(inner, extent, 0):
                continue
            if _segments_cross(inner, segments):
                on_lines.add(_pair(d.name, name))
        for name, box in markers:
            if _intersect(d.box, box, tol):
                on_lines.add(_pair(d.name, name))

    node_overlaps = sorted(
        _pair(a.name, b.name)
        for a, b in itertools.combinations(nodes, 2)
        if _intersect(a.box, b.box, tol) and not _contains(a.box, b.box) and not _contains(b.box, a.box)
    )

    result = {
        "width_cm": round(width_cm, 2),
        "height_cm": round(height_cm, 2),
        "print_scale": round(scale, 3),
        "smallest_text_pt": None if smallest is None else round(smallest, 2),
        "texts": len(texts),
        "gids": sorted(_gids(fig)),
        "small_texts": small,
        "texts_outside_canvas": outside,
        "text_overlaps": text_overlaps,
        "text_on_lines": sorted(on_lines),
        "node_overlaps": node_overlaps,
    }
    if kind in FLOW_KINDS:
        result["edge_crossings"] = _edge_crossings(strokes, tol)
    return result


def problems(metrics: dict, landscape: bool = False) -> list[str]:
    """Every way ``metrics`` (from ``measure``) breaks the thesis page, one sentence each."""
    found = []
    block_w, block_h = LANDSCAPE_CM if landscape else PORTRAIT_CM
    page = "landscape" if landscape else "portrait"
    if metrics["width_cm"] > block_w:
        found.append(f"{metrics['width_cm']} cm wide; the {page} block is {block_w:g} cm")
    if metrics["height_cm"] > block_h:
        found.append(f"{metrics['height_cm']} cm tall; the {page} block is at most {block_h:g} cm")
    smallest = metrics["smallest_text_pt"]
    if smallest is not None and smallest < MIN_TEXT_PT:
        names = "; ".join(metrics["small_texts"])
        found.append(f"smallest text {smallest} pt, under {MIN_TEXT_PT:g} pt: {names}")
    labels = {
        "texts_outside_canvas": "text outside the canvas",
        "text_overlaps": "text overlaps text",
        "text_on_lines": "text sits on a line or outline",
        "node_overlaps": "node overlaps node",
        "edge_crossings": "edges cross",
    }
    for key, label in labels.items():
        for item in metrics.get(key, []):
            found.append(f"{label}: {item}")
    return found


def _figure(fig) -> Figure:
    fig = getattr(fig, "figure", fig)
    if not isinstance(fig, Figure):
        raise TypeError(f"expected a matplotlib Figure or an object with .figure, got {type(fig).__name__}")
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig


def _saved_dpi(fig: Figure) -> float:
    dpi = matplotlib.rcParams["savefig.dpi"]
    return fig.dpi if dpi == "figure" else float(dpi)


def _render(fig: Figure):
    """Draw ``fig`` once; return the renderer and the Text artists that drew glyphs, in order.

    The renderer is told which Text a multi-line string belongs to only for single lines, so the
    Text being drawn is tracked around ``Text.draw``.
    """
    settle(fig)  # as the writer does before it saves: measure the layout that is saved
    renderer = fig.canvas.get_renderer()
    drawn: dict[int, Text] = {}
    current: list[Text] = []
    draw_text, text_draw = renderer.draw_text, Text.draw

    def recording(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if current and s.strip():
            drawn.setdefault(id(current[-1]), current[-1])
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    def tracked(text, *args, **kwargs):
        current.append(text)
        try:
            return text_draw(text, *args, **kwargs)
        finally:
            current.pop()

    renderer.draw_text, Text.draw = recording, tracked
    try:
        fig.draw(renderer)
    finally:
        del renderer.draw_text
        Text.draw = text_draw
    return renderer, list(drawn.values())


def _text_name(text: Text) -> str:
    gid = text.get_gid()
    words = " ".join(text.get_text().split())
    short = words if len(words) <= NAME_CHARS else words[: NAME_CHARS - 1] + "…"
    return f"{short} [{gid}]" if gid else f"«{short}»"


def _artist_name(artist) -> str:
    gid = artist.get_gid()
    if gid:
        return gid
    label = artist.get_label()
    kind = type(artist).__name__
    return f"{kind} {label}" if label and not label.startswith("_") else kind


def _gids(fig: Figure) -> set[str]:
    return {a.get_gid() for a in fig.findobj(lambda a: bool(a.get_gid()))}


def _pair(a: str, b: str) -> str:
    return " | ".join(sorted((a, b)))


def _intersect(a: Bbox, b: Bbox, tol: float) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol


def _contains(outer: Bbox, inner: Bbox) -> bool:
    return outer.x0 <= inner.x0 and outer.y0 <= inner.y0 and outer.x1 >= inner.x1 and outer.y1 >= inner.y1


def _shrunk(box: Bbox, by: float) -> Bbox | None:
    if box.width <= 2 * by or box.height <= 2 * by:
        return None
    return Bbox.from_extents(box.x0 + by, box.y0 + by, box.x1 - by, box.y1 - by)


def _edge_drawn(patch: Patch) -> bool:
    return patch.get_linewidth() > 0 and patch.get_edgecolor()[3] > 0


def _segments(path) -> np.ndarray:
    """(n, 4) array of x0, y0, x1, y1 line segments of a display-space path (curves flattened)."""
    parts = [np.asarray(p) for p in path.to_polygons(closed_only=False) if len(p) >= 2]
    if not parts:
        return np.empty((0, 4))
    return np.concatenate([np.hstack([p[:-1], p[1:]]) for p in parts])


def _shapes(fig: Figure, renderer, texts: list[Text]):
    """Strokes (name, owner text, segments, is an edge), nodes and markers drawn in ``fig``.

    An outline owned by a text (its background box) is skipped for that text; legend frames,
    axes backgrounds and the figure's own patch are neither nodes nor strokes.
    """
    text_boxes = {id(t.get_bbox_patch()): t for t in texts if t.get_bbox_patch() is not None}
    backgrounds = {id(fig.patch)} | {id(ax.patch) for ax in fig.axes}
    legend_frames = {id(leg.legendPatch) for leg in fig.findobj(Legend)}
    strokes, nodes, markers = [], [], []
    for artist in fig.findobj(lambda a: isinstance(a, (Line2D, Patch))):
        if not artist.get_visible() or id(artist) in backgrounds or id(artist) in legend_frames:
            continue
        name = _artist_name(artist)
        if isinstance(artist, Line2D):
            if artist.get_linestyle() not in ("None", "none", "", " ") and artist.get_linewidth() > 0:
                path = artist.get_transform().transform_path(artist.get_path())
                strokes.append((name, None, _segments(path), True))
            if artist.get_marker() not in (None, "None", "none", "", " "):
                xy = artist.get_transform().transform(artist.get_xydata())
                r = artist.get_markersize() * fig.dpi / 72 / 2
                markers += [(name, Bbox.from_extents(x - r, y - r, x + r, y + r)) for x, y in xy]
            continue
        owner = text_boxes.get(id(artist))
        if _edge_drawn(artist):
            path = artist.get_transform().transform_path(artist.get_path())
            strokes.append((name, owner, _segments(path), isinstance(artist, FancyArrowPatch)))
        if owner is None and not isinstance(artist, (FancyArrowPatch, Spine)):
            box = artist.get_window_extent(renderer)
            if box.width > 0 and box.height > 0:
                nodes.append(_Drawn(name, box))
    return strokes, nodes, markers


def _extent(segments: np.ndarray) -> Bbox | None:
    if len(segments) == 0:
        return None
    xs, ys = segments[:, 0::2], segments[:, 1::2]
    # Widened by a pixel so that a horizontal or vertical stroke has an area to intersect.
    return Bbox.from_extents(xs.min() - 1, ys.min() - 1, xs.max() + 1, ys.max() + 1)


def _segments_cross(box: Bbox, segments: np.ndarray) -> bool:
    """Whether any segment passes through ``box`` (Liang–Barsky clipping, vectorised)."""
    if len(segments) == 0:
        return False
    x0, y0, x1, y1 = segments.T
    dx, dy = x1 - x0, y1 - y0
    lo = np.zeros(len(segments))
    hi = np.ones(len(segments))
    ok = np.ones(len(segments), dtype=bool)
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        lo = np.where(~parallel & (p < 0), np.maximum(lo, t), lo)
        hi = np.where(~parallel & (p > 0), np.minimum(hi, t), hi)
    return bool(np.any(ok & (lo <= hi)))


def _edge_crossings(strokes, tol: float) -> list[str]:
    """Pairs of edges (lines and arrows) that cross away from their ends; edges meeting at a node
    do not cross."""
    edges = [s for s in strokes if s[3]]
    found = set()
    for (a, _, sa, _), (b, _, sb, _) in itertools.combinations(edges, 2):
        if len(sa) == 0 or len(sb) == 0 or a == b:
            continue
        ends = np.array([sa[0, :2], sa[-1, 2:], sb[0, :2], sb[-1, 2:]])
        for point in _crossing_points(sa, sb):
            if np.min(np.hypot(*(ends - point).T)) > 4 * tol:
                found.add(_pair(a, b))
                break
    return sorted(found)


def _crossing_points(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    """Points where a segment of ``sa`` properly crosses a segment of ``sb``."""
    p = sa[:, None, :2]
    r = (sa[:, 2:] - sa[:, :2])[:, None, :]
    q = sb[None, :, :2]
    s = (sb[:, 2:] - sb[:, :2])[None, :, :]
    denom = r[..., 0] * s[..., 1] - r[..., 1] * s[..., 0]
    qp = q - p
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[..., 0] * s[..., 1] - qp[..., 1] * s[..., 0]) / denom
        u = (qp[..., 0] * r[..., 1] - qp[..., 1] * r[..., 0]) / denom
    hit = (denom != 0) & (t > 0) & (t < 1) & (u > 0) & (u < 1)
    i, j = np.nonzero(hit)
    return p[i, 0] + t[i, j, None] * r[i, 0]
