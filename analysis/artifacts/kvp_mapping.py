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

from analysis import flow, i18n, style
from analysis.artifacts.table_2_1 import SIDES
from analysis.render import Block, Table


def _groups(tables: dict[str, pd.DataFrame], lang: str) -> list[tuple[int, str, str, str]]:
    """(row, side, group_nb, group label in lang) of every Tabell 2.1 group, in table order."""
    elements = tables["activation_elements"]
    heads = elements[elements["kind"] == "group"].sort_values(["row", "side"], kind="stable")
    label = i18n.column("group", lang)
    return [(r.row, r.side, r.group_nb, getattr(r, label)) for r in heads.itertuples()]


def _features(mapping: pd.DataFrame, side: str, group_nb: str | None, lang: str) -> list[tuple[str, str]]:
    """(label in lang, status) of the features placed on ``side`` in ``group_nb`` (None: no group)."""
    on_side = mapping[mapping["side"] == side]
    chosen = (
        on_side[on_side["group_nb"].isna()] if group_nb is None else on_side[on_side["group_nb"] == group_nb]
    )
    label = i18n.column("feature", lang)
    return [
        (getattr(r, label), r.status) for r in chosen.sort_values("feature_id", kind="stable").itertuples()
    ]


def table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    mapping = tables["kvp_activation_mapping"]
    groups = _groups(tables, lang)
    rows = []
    for row in sorted({g[0] for g in groups}):
        cells = []
        for side in SIDES:
            _, _, group_nb, heading = next(g for g in groups if g[0] == row and g[1] == side)
            items = tuple(
                style.marked(text, status) for text, status in _features(mapping, side, group_nb, lang)
            )
            cells.append(Block(heading, items))
        rows.append(tuple(cells))
    rows.append(
        tuple(
            Block(
                i18n.text("kvp-mapping.no-group", lang),
                tuple(style.marked(t, s) for t, s in _features(mapping, side, None, lang)),
            )
            for side in SIDES
        )
    )
    sides = tables["activation_sides"].set_index("side")[i18n.column("label", lang)]
    return Table(
        table_id=f"kvp-on-table-2-1-{lang}",
        lang=lang,
        caption=i18n.text("kvp-mapping.caption", lang),
        header=tuple(sides[s] for s in SIDES),
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
    width = style.PAGE_WIDTH_IN
    column_w = (width - 0.3) / 2
    fig = plt.figure(figsize=(width, 8))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    drawing = flow.Drawing(fig)
    renderer = fig.canvas.get_renderer()
    panels = []  # (side, heading, features) in drawing order, row by row
    for row in sorted({g[0] for g in groups}):
        for side in SIDES:
            _, _, group_nb, heading = next(g for g in groups if g[0] == row and g[1] == side)
            panels.append((row, side, heading, _features(mapping, side, group_nb, lang)))
    no_group = i18n.text("kvp-mapping.no-group", lang)
    panels += [(99, side, no_group, _features(mapping, side, None, lang)) for side in SIDES]

    # Lay out top-down in inches: each row of panels as tall as its taller panel.
    ax.set_xlim(0, width)
    ax.set_ylim(0, 8)
    wrap = int(column_w * 13)
    y = 7.4
    top_texts = [
        ax.text(0.1, 7.9, i18n.text("kvp-mapping.caption", lang), fontsize=8.5, weight="bold", va="top"),
        ax.text(
            0.1,
            7.72,
            textwrap.fill(i18n.text("kvp-mapping.note", lang), 120),
            fontsize=6.5,
            style="italic",
            va="top",
        ),
    ]
    for side in SIDES:
        x = 0.1 + SIDES.index(side) * (column_w + 0.1)
        top_texts.append(ax.text(x, y, sides[side], fontsize=8, weight="bold", va="top"))
    drawing.texts += top_texts
    y -= 0.3
    for row in sorted({p[0] for p in panels}):
        heights = []
        for _, side, heading, features in [p for p in panels if p[0] == row]:
            x = 0.1 + SIDES.index(side) * (column_w + 0.1)
            cursor = y - 0.06
            head = ax.text(
                x + 0.06, cursor, textwrap.fill(heading, wrap), fontsize=7, weight="bold", va="top"
            )
            drawing.texts.append(head)
            cursor -= head.get_window_extent(renderer).height / fig.dpi + 0.08
            for text, status in features:
                label = ax.text(
                    x + 0.14,
                    cursor - 0.035,
                    textwrap.fill(style.marked(text, status), wrap - 3),
                    fontsize=6.5,
                    va="top",
                    zorder=3,
                )
                h = label.get_window_extent(renderer).height / fig.dpi
                chip = FancyBboxPatch(
                    (x + 0.1, cursor - h - 0.07),
                    column_w - 0.2,
                    h + 0.07,
                    boxstyle="round,pad=0,rounding_size=0.04",
                    facecolor="white",
                    edgecolor=style.INK,
                    lw=0.7,
                    linestyle=style.STATUS_LINESTYLE[status],
                )
                ax.add_patch(chip)
                drawing.texts.append(label)
                drawing.nodes[f"{side}:{text}:{row}"] = chip
                cursor -= h + 0.13
            heights.append(y - cursor)
        row_h = max(heights) + 0.05
        for _, side, _, _ in [p for p in panels if p[0] == row]:
            x = 0.1 + SIDES.index(side) * (column_w + 0.1)
            ax.add_patch(
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
        y -= row_h + 0.12
    handles = [
        Line2D([], [], color=style.INK, lw=0.8, linestyle=ls) for ls in style.STATUS_LINESTYLE.values()
    ]
    labels = [i18n.text(f"kvp-mapping.status.{s}", lang) for s in style.STATUS_LINESTYLE]
    legend = ax.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.1, y),
        bbox_transform=ax.transData,
        fontsize=6.5,
        frameon=False,
        ncols=3,
    )
    drawing.texts.append(legend)
    bottom = y - legend.get_window_extent(renderer).height / fig.dpi - 0.1
    # Crop to what was drawn, keeping one data unit to the inch.
    fig.set_size_inches(width, 8 - bottom)
    ax.set_ylim(bottom, 8)
    return drawing
