"""Chapter 7: the supervisor positions, the programme matrix, the design steps and the schedule."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis import data, flow, paths, style
from analysis.artifacts import positions


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


def test_three_positions_in_the_order_of_the_continuum(tables):
    ordered = positions._ordered(tables)
    assert list(ordered["rank"]) == sorted(ordered["rank"])
    table = positions.dimensions_table(tables, "nb")
    assert table.header[1:] == tuple(ordered["name_nb"])


def test_every_value_reaches_the_table_with_its_status(tables):
    values = tables["supervisor_position_values"]
    shown = positions.dimensions_table(tables, "en")
    items = {item for row in shown.rows for cell in row[1:] for item in cell.items}
    for r in values[values["dimension"].isin(positions.DIMENSIONS)].itertuples():
        assert style.marked(r.value_en, r.status) in items, (r.position_id, r.dimension)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_continuum_shows_positions_and_end_points_and_no_numbers(tables, lang):
    with style.thesis_style("test"):
        drawing = positions.continuum(tables, lang)
    assert flow.geometry_problems(drawing) == []
    shown = " ".join(" ".join(t.get_text().split()) for t in drawing.axes.texts)
    for name in tables["supervisor_positions"][f"name_{lang}"]:
        assert name.capitalize() in shown
    ends = tables["supervisor_position_values"]
    ends = ends[ends["dimension"] == "continuum_end"]
    value = "value_nb" if lang == "nb" else "value_en"
    for text in ends[value]:
        assert text.split()[0] in shown
    assert not any(
        ch.isdigit() for t in drawing.axes.texts[2:] for ch in t.get_text() if t.get_text().isdigit()
    )
    plt.close(drawing.figure)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_each_dimension_is_one_aligned_row_across_the_positions(tables, lang):
    with style.thesis_style("test"):
        drawing = positions.continuum(tables, lang)
    cells = [
        p for p in drawing.axes.patches if (p.get_gid() or "").startswith("kvp:supervisor_position_values:")
    ]
    n = len(tables["supervisor_positions"])
    assert len(cells) == n * len(positions.CONTINUUM_ROWS)
    for row in positions.CONTINUUM_ROWS:
        shown = positions.EXEMPLAR_DIMENSIONS if row == "exemplar" else (row,)
        mine = [c for c in cells if c.get_gid().split(":")[-1].split("|")[1::2] == list(shown)]
        assert len(mine) == n
        assert len({(round(c.get_y(), 6), round(c.get_height(), 6)) for c in mine}) == 1
    plt.close(drawing.figure)


def test_the_matrix_marks_exactly_the_themes_each_case_illustrates(tables):
    table = positions.programme_matrix(tables, "en")
    elements = tables["programme_elements"]
    labels = tables["cases"].set_index("case_id")["label_en"]
    for row in table.rows:
        case_id = labels[labels == row[0]].index[0]
        themes = set(elements.loc[elements["case_id"] == case_id, "theme_section"])
        marked = {t for t, cell in zip(positions.THEMES, row[1:], strict=True) if cell == "●"}
        assert marked == themes & set(positions.THEMES)


def test_design_steps_in_order(tables):
    with style.thesis_style("test"):
        drawing = positions.design_timeline(tables, "nb")
    assert flow.geometry_problems(drawing) == []
    heads = [t.get_text() for t in drawing.axes.texts if t.get_text()[:1].isdigit()]
    assert [int(h.split(".")[0]) for h in heads] == sorted(tables["design_steps"]["step"])
    plt.close(drawing.figure)


def test_the_schedule_invents_nothing_and_marks_the_loss(tables):
    schedule = tables["weekly_schedule"]
    table = positions.schedule_table(tables, "nb")
    assert len(table.rows) == len(schedule)
    assert schedule.iloc[-1]["preserved"] == "lost"
    assert schedule["time_nb"].isna().all()  # no time of day survives, and none is added


def test_unclassified_stances_stay_unclassified(tables):
    stances = tables["unclassified_stances"]
    assert "position_id" not in stances.columns
    assert len(positions.stances_table(tables, "en").rows) == len(stances)
