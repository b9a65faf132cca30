"""Tabell 2.1 is laid out from the data, as the thesis prints it."""

from __future__ import annotations

from analysis import data, registry
from analysis.artifacts import table_2_1
from analysis.render import Block


def test_layout_follows_the_data(repo_data):
    tables = data.load(repo_data)
    elements = tables["activation_elements"]
    table = table_2_1.build(tables, lang="nb")
    assert table.header == ("Kravelementer", "Støtteelementer")
    assert len(table.rows) == elements["row"].nunique()
    for row_number, row in zip(sorted(elements["row"].unique()), table.rows, strict=True):
        for side, cell in zip(table_2_1.SIDES, row, strict=True):
            assert isinstance(cell, Block)
            in_cell = elements[(elements["row"] == row_number) & (elements["side"] == side)]
            assert cell.heading == in_cell.loc[in_cell["kind"] == "group", "group_nb"].iloc[0]
            items = in_cell[in_cell["kind"] == "item"].sort_values("item_order")["item_nb"]
            assert cell.items == tuple(items)


def test_every_element_reaches_the_tidy_form(repo_data):
    tables = data.load(repo_data)
    for lang in ("nb", "en"):
        tidy = table_2_1.build(tables, lang=lang).tidy
        assert len(tidy) == len(tables["activation_elements"])
        assert set(tidy["item"].dropna()) == set(tables["activation_elements"][f"item_{lang}"].dropna())


def test_english_uses_the_translation_columns(repo_data):
    tables = data.load(repo_data)
    table = table_2_1.build(tables, lang="en")
    sides = tables["activation_sides"].set_index("side")
    assert table.header == (sides.loc["krav", "label_en"], sides.loc["stotte", "label_en"])
    assert table.rows[0][0].heading in set(tables["activation_elements"]["group_en"])


def test_caption_cites_eichhorst_as_the_thesis_does():
    (product,) = registry.by_id("table-2-1").products
    assert product.caption_nb.startswith("Tabell 2.1 Aktiveringselementer (Eichhorst et al., 2010, s. 6")
    assert product.caption_en.startswith("Table 2.1 Activation elements (Eichhorst et al., 2010, p. 6")


def test_inferred_placement_is_footnoted_only_when_inferred(repo_data):
    tables = data.load(repo_data)
    assert table_2_1.build(tables, lang="nb").notes
    tables["activation_elements"]["placement_status"] = "stated"
    assert table_2_1.build(tables, lang="nb").notes == ()


def test_moving_a_bullet_moves_it_in_the_table(repo_data):
    tables = data.load(repo_data)
    elements = tables["activation_elements"]
    first_item = elements[(elements["kind"] == "item") & (elements["row"] == 1)].index[0]
    moved = elements.loc[first_item, "item_nb"]
    elements.loc[first_item, "item_order"] = 99
    table = table_2_1.build(tables, lang="nb")
    cell = next(c for c in table.rows[0] if moved in c.items)
    assert cell.items[-1] == moved
