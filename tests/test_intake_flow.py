"""Figur 6.1, rebuilt from the data: shapes, statuses, the note, and clean geometry."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Ellipse, Rectangle

from analysis import data, flow, paths, style
from analysis.artifacts import intake_flow


@pytest.fixture(scope="module")
def tables():
    return data.load(
        paths.DATA, names=["intake_flow_nodes", "intake_flow_edges", "intake_initiatives", "persons"]
    )


@pytest.fixture(params=[("nb", "core"), ("en", "core"), ("nb", "extended"), ("en", "extended")])
def drawn(request, tables):
    lang, view = request.param
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font (æ, ø, å) warns
        with style.thesis_style("test"):
            drawing = intake_flow.draw(tables, lang=lang, view=view)
            drawing.figure.canvas.draw()
    yield lang, view, drawing
    plt.close(drawing.figure)


def test_no_label_overlaps_and_no_arrow_crosses_a_node(drawn):
    _, _, drawing = drawn
    assert flow.geometry_problems(drawing) == []


def test_the_core_view_fits_the_page_width(tables):
    with style.thesis_style("test"):
        for lang in ("nb", "en"):
            drawing = intake_flow.draw(tables, lang=lang, view="core")
            assert drawing.figure.get_size_inches()[0] == pytest.approx(style.PAGE_WIDTH_IN)
            plt.close(drawing.figure)


def test_every_node_and_arrow_of_the_view_is_drawn(drawn, tables):
    _, view, drawing = drawn
    views = {"core"} if view == "core" else {"core", "extended"}
    nodes = tables["intake_flow_nodes"]
    edges = tables["intake_flow_edges"]
    assert set(drawing.nodes) == set(nodes.loc[nodes["view"].isin(views), "node_id"])
    assert set(drawing.paths) == set(edges.loc[edges["view"].isin(views), "edge_id"])


def test_shapes_follow_the_text(drawn, tables):
    _, _, drawing = drawn
    nodes = tables["intake_flow_nodes"].set_index("node_id")
    for node_id, patch in drawing.nodes.items():
        shape = nodes.loc[node_id, "shape"]
        if shape == "round":
            assert isinstance(patch, Ellipse), node_id
        if shape == "box":
            assert isinstance(patch, Rectangle), node_id
    stock = drawing.nodes["n-aktive"]
    assert stock.get_width() == pytest.approx(stock.get_height())  # the large square box
    assert max(p.get_width() for p in drawing.nodes.values() if isinstance(p, Rectangle)) == stock.get_width()


def test_status_shows_in_every_line(drawn, tables):
    _, _, drawing = drawn
    nodes = tables["intake_flow_nodes"].set_index("node_id")
    names = {"solid": "solid", "dashed": "dashed", "dotted": "dotted"}
    for node_id, patch in drawing.nodes.items():
        assert patch.get_linestyle() == names[style.STATUS_LINESTYLE[nodes.loc[node_id, "status"]]], node_id


def test_inflow_runs_left_to_right_into_the_active_cases(drawn, tables):
    _, _, drawing = drawn
    edges = tables["intake_flow_edges"].set_index("edge_id")
    for edge_id, points in drawing.paths.items():
        if edges.loc[edge_id, "kind"] in ("inflow", "outflow"):
            assert points[0][0] < points[-1][0], edge_id


def test_the_reconstruction_note_and_the_thesis_caption_are_shown(drawn):
    lang, _, drawing = drawn
    shown = " ".join(t.get_text() for t in drawing.axes.texts)
    note = (
        "Rekonstruert fra teksten (avsnitt 6.2.1)"
        if lang == "nb"
        else "Reconstructed from the text (section 6.2.1)"
    )
    assert note in shown
    if lang == "nb":
        assert "Figur 6.1 Tilstrømming og avvikling av saker i KVP i feltkommunen" in shown


def test_the_maaltall_is_the_target_of_the_stock(tables):
    edges = tables["intake_flow_edges"]
    target = edges[edges["kind"] == "target"]
    assert ("n-maaltall", "n-aktive") in set(zip(target["source"], target["target"], strict=True))
    nodes, _ = intake_flow.graph(tables, "nb", "core")
    assert {n.id for n in nodes if n.stock} == {"n-aktive"}


def test_initiatives_table_keeps_the_text_order_and_names_people(tables):
    table = intake_flow.initiatives(tables, "en")
    assert [int(r[0]) for r in table.rows] == sorted(tables["intake_initiatives"]["order"])
    pseudonyms = set(tables["persons"]["pseudonym"])
    named = {p.strip() for r in table.rows for p in r[3].split(",") if p.strip()}
    assert named and named <= pseudonyms
