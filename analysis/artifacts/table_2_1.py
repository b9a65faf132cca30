"""Tabell 2.1 Aktiveringselementer, laid out as the thesis prints it.

Two columns (Kravelementer, Støtteelementer); each row of the table pairs one group of demand
elements with one group of support elements; each group is a heading over its bullets. In HTML every
heading and bullet is anchored by its ``element_id``, every column by its side.
"""

from __future__ import annotations

import pandas as pd

from analysis import i18n
from analysis.render import Block, Table

SIDES = ("krav", "stotte")


def build(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    elements = tables["activation_elements"]
    sides = tables["activation_sides"].set_index("side")
    label = i18n.column("label", lang)
    group, item = i18n.column("group", lang), i18n.column("item", lang)
    ordered = elements.sort_values(["row", "side", "group_order", "item_order"], kind="stable")

    rows = []
    for _, in_row in ordered.groupby("row", sort=True):
        cells = []
        for side in SIDES:
            cell = in_row[in_row["side"] == side]
            heads = cell[cell["kind"] == "group"]
            bullets = cell[cell["kind"] == "item"]
            cells.append(
                Block(
                    heads[group].iloc[0] if len(heads) else "",
                    tuple(bullets[item]),
                    heading_id=heads["element_id"].iloc[0] if len(heads) else "",
                    item_ids=tuple(bullets["element_id"]),
                )
            )
        rows.append(tuple(cells))

    tidy = ordered[["side", "row", "group_order", "item_order", "kind", group, item, "section", "lines"]]
    tidy = tidy.rename(columns={group: "group", item: "item"}).reset_index(drop=True)
    notes = []
    if (elements["placement_status"] != "stated").any():
        notes.append(i18n.text("table-2-1.placement-note", lang))
    return Table(
        table_id=f"table-2-1-{lang}",
        lang=lang,
        header=tuple(sides.loc[side, label] for side in SIDES),
        header_ids=SIDES,  # a column is a row of activation_sides
        rows=tuple(rows),
        tidy=tidy,
        notes=tuple(notes),
    )
