"""Chapter 5: KVP's formal features placed on the two columns of Tabell 2.1.

A feature the thesis places on both sides appears on both. A placement the thesis makes is drawn
solid; one that is ours (``inferred``) dashed, an uncertain one dotted, and marked † or ? in tables.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Rectangle

from analysis import flow, i18n, metrics, style
from analysis.artifacts.table_2_1 import SIDES
from analysis.gids import gid
from analysis.render import Block, Table


def _groups(tables: dict[str, pd.DataFrame], lang: str) -> list[tuple[int, str, str, str, str]]:
    """(row, side, group_nb, group label in lang, element_id) of every Tabell 2.1 group, in table order."""
    elements = tables["activation_elements"]
    heads = elements[elements["kind"] == "group"].sort_values(["row", "side"], kind="stable")
    label = i18n.column("group", lang)
    return [(r.row, r.side, r.group_nb, getattr(r, label), r.element_id) for r in heads.itertuples()]


def _features(
    mapping: pd.DataFrame, side: str, group_nb: str | None, lang: str
) -> list[tuple[str, str, str]]:
    """(feature_id, label in lang, status) of the features on ``side`` in ``group_nb`` (None: no group)."""
    on_side = mapping[mapping["side"] == side]
    chosen = (
        on_side[on_side["group_nb"].isna()] if group_nb is None else on_side[on_side["group_nb"] == group_nb]
    )
    label = i18n.column("feature", lang)
    return [
        (r.feature_id, getattr(r, label), r.status)
        for r in chosen.sort_values("feature_id", kind="stable").itertuples()
    ]


def _block(heading: str, element_id: str, side: str, features: list[tuple[str, str, str]]) -> Block:
    """A cell of the table: the Tabell 2.1 group (anchored by its element) over the features placed
    in it, each anchored by its row's key (feature|side)."""
    return Block(
        heading,
        tuple(style.marked(text, status) for _, text, status in features),
        heading_id=element_id,
        item_ids=tuple(f"{feature_id}|{side}" for feature_id, _, _ in features),
    )


def table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    mapping = tables["kvp_activation_mapping"]
    groups = _groups(tables, lang)
    rows = []
    for row in sorted({g[0] for g in groups}):
        cells = []
        for side in SIDES:
            _, _, group_nb, heading, element_id = next(g for g in groups if g[0] == row and g[1] == side)
            cells.append(_block(heading, element_id, side, _features(mapping, side, group_nb, lang)))
        rows.append(tuple(cells))
    no_group = i18n.text("kvp-mapping.no-group", lang)
    rows.append(tuple(_block(no_group, "", side, _features(mapping, side, None, lang)) for side in SIDES))
    sides = tables["activation_sides"].set_index("side")[i18n.column("label", lang)]
    return Table(
        table_id=f"kvp-on-table-2-1-{lang}",
        lang=lang,
        header=tuple(sides[s] for s in SIDES),
        header_ids=SIDES,  # a column is a row of activation_sides
        rows=tuple(rows),
        tidy=mapping[
            [
                "feature_id",
                "feature_nb",
                "feature_en",
                "side",
                "group_nb",
                "legal_basis",
                "section",
                "lines",
                "status",
            ]
        ]
        .sort_values(["side", "feature_id"], kind="stable")
        .reset_index(drop=True),
        notes=(i18n.text("kvp-mapping.note", lang), i18n.text("status.legend", lang)),
    )


def draw(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    """The two columns of Tabell 2.1, each group a panel holding the KVP features placed in it."""
    mapping = tables["kvp_activation_mapping"]
    groups = _groups(tables, lang)
    sides = tables["activation_sides"].set_index("side")[i18n.column("label", lang)]
    width = metrics.FIGURE_WIDTH_IN
    column_w = (width - 0.1) / 2
    fig = plt.figure(figsize=(width, 8))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    drawing = flow.Drawing(fig)
    renderer = fig.canvas.get_renderer()
    panels = []  # (row, side, heading, features, group element) in drawing order, row by row
    for row in sorted({g[0] for g in groups}):
        for side in SIDES:
            _, _, group_nb, heading, element_id = next(g for g in groups if g[0] == row and g[1] == side)
            panels.append((row, side, heading, _features(mapping, side, group_nb, lang), element_id))
    no_group = i18n.text("kvp-mapping.no-group", lang)
    panels += [(99, side, no_group, _features(mapping, side, None, lang), "") for side in SIDES]

    # Lay out top-down in inches: each row of panels as tall as its taller panel.
    ax.set_xlim(0, width)
    ax.set_ylim(0, 8)
    wrap = int(column_w * 16.5)
    note = ax.text(
        0, 7.98, textwrap.fill(i18n.text("kvp-mapping.note", lang), 125), fontsize=7, style="italic", va="top"
    )
    y = 7.98 - note.get_window_extent(renderer).height / fig.dpi - 0.12
    top_texts = [note]
    for side in SIDES:
        x = SIDES.index(side) * (column_w + 0.1)
        top_texts.append(ax.text(x, y, sides[side], fontsize=8, weight="bold", va="top"))
    drawing.texts += top_texts
    y -= 0.25
    for row in sorted({p[0] for p in panels}):
        heights = []
        for _, side, heading, features, _ in [p for p in panels if p[0] == row]:
            x = SIDES.index(side) * (column_w + 0.1)
            cursor = y - 0.05
            head = ax.text(
                x + 0.05,
                cursor,
                textwrap.fill(heading, int(column_w * 13.5)),
                fontsize=7.5,
                weight="bold",
                va="top",
            )
            drawing.texts.append(head)
            cursor -= head.get_window_extent(renderer).height / fig.dpi + 0.06
            for feature_id, text, status in features:
                label = ax.text(
                    x + 0.12,
                    cursor - 0.03,
                    textwrap.fill(style.marked(text, status), wrap - 3),
                    fontsize=7,
                    va="top",
                    zorder=3,
                )
                h = label.get_window_extent(renderer).height / fig.dpi
                chip = FancyBboxPatch(
                    (x + 0.08, cursor - h - 0.06),
                    column_w - 0.16,
                    h + 0.06,
                    boxstyle="round,pad=0,rounding_size=0.04",
                    facecolor="white",
                    edgecolor=style.INK,
                    lw=0.7,
                    linestyle=style.STATUS_LINESTYLE[status],
                )
                # The row's key (feature_id, side), joined as the reader edition reads a gid.
                chip.set_gid(gid("kvp_activation_mapping", feature_id, side))
                ax.add_patch(chip)
                drawing.texts.append(label)
                drawing.nodes[f"{side}:{feature_id}:{row}"] = chip
                cursor -= h + 0.1
            heights.append(y - cursor)
        row_h = max(heights) + 0.03
        for _, side, _, _, element_id in [p for p in panels if p[0] == row]:
            x = SIDES.index(side) * (column_w + 0.1)
            panel = ax.add_patch(
                Rectangle(
                    (x, y - row_h),
                    column_w,
                    row_h,
                    facecolor="#f7f7f7",
                    edgecolor=style.GREY,
                    lw=0.6,
                    zorder=0,
                )
            )
            if element_id:  # a group of Tabell 2.1 (the features without one share no row)
                panel.set_gid(gid("activation_elements", element_id))
        y -= row_h + 0.08
    shown = [s for s in style.STATUS_LINESTYLE if s in set(mapping["status"])]
    handles = [Line2D([], [], color=style.INK, lw=0.8, linestyle=style.STATUS_LINESTYLE[s]) for s in shown]
    labels = [i18n.text(f"kvp-mapping.status.{s}", lang) for s in shown]
    legend = ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0, y),
        bbox_transform=ax.transData,
        fontsize=7,
        frameon=False,
        ncols=3,
    )
    drawing.texts.append(legend)
    bottom = y - legend.get_window_extent(renderer).height / fig.dpi - 0.1
    # Crop to what was drawn, keeping one data unit to the inch.
    fig.set_size_inches(width, 8 - bottom)
    ax.set_ylim(bottom, 8)
    return drawing
