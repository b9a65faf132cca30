"""Figur 6.1, rebuilt from the data: shapes, statuses, the note, clean geometry, print size."""

from __future__ import annotations

import warnings

import pytest
from matplotlib.patches import Ellipse, Rectangle

from analysis import data, flow, paths, style
from analysis.artifacts import intake_flow

PORTRAIT = (16.0, 23.0)  # cm: the thesis text block


@pytest.fixture(scope="module")
def tables():
    return data.load(
        paths.DATA, names=["intake_flow_nodes", "intake_flow_edges", "intake_initiatives", "persons"]
    )


@pytest.fixture(
    scope="module", params=[("nb", "core"), ("en", "core"), ("nb", "extended"), ("en", "extended")]
)
def drawn(request, tables):
    lang, view = request.param
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font (æ, ø, å) warns
        with style.thesis_style("test"):
            drawing = intake_flow.draw(tables, lang=lang, view=view)
            drawing.figure.canvas.draw()
    return lang, view, drawing


def _gids(drawing) -> set[str]:
    return {a.get_gid() for a in drawing.figure.findobj() if a.get_gid()}


def test_no_label_overlaps_and_no_arrow_crosses_a_node(drawn):
    _, _, drawing = drawn
    assert flow.geometry_problems(drawing) == []


def test_the_figure_fits_its_page_box_with_text_of_7_pt_or_more(drawn):
    _, _, drawing = drawn
    measured = flow.print_metrics(drawing.figure)
    assert measured["min_text_pt"] >= 7.0, measured
    # Both views fit the portrait text block (the registry declares neither landscape).
    assert measured["width_cm"] <= PORTRAIT[0] and measured["height_cm"] <= PORTRAIT[1], measured


def test_every_node_and_arrow_of_the_view_is_drawn_with_its_svg_id(drawn, tables):
    _, view, drawing = drawn
    views = {"core"} if view == "core" else {"core", "extended"}
    nodes = tables["intake_flow_nodes"]
    edges = tables["intake_flow_edges"]
    node_ids = set(nodes.loc[nodes["view"].isin(views), "node_id"])
    edge_ids = set(edges.loc[edges["view"].isin(views), "edge_id"])
    expected = {f"kvp:intake_flow_nodes:{n}" for n in node_ids} | {
        f"kvp:intake_flow_edges:{e}" for e in edge_ids
    }
    gids = [a.get_gid() for a in drawing.figure.findobj() if a.get_gid()]
    assert len(gids) == len(set(gids))
    assert expected <= set(gids)
    if view == "core":  # the core view draws every node and arrow on its own
        assert set(drawing.nodes) == node_ids and set(drawing.paths) == edge_ids


def test_the_extended_view_folds_the_fans_into_lists(tables):
    nodes, _ = intake_flow.graph(tables, "nb", "extended")
    lists = {n.id: n for n in nodes if n.shape == "list"}
    assert set(lists) == {"kilder", "utganger"}
    assert all(i.gid.startswith("kvp:intake_flow_edges:") for n in lists.values() for i in n.items)
    assert "n-permisjon" in {n.id for n in nodes}  # it has a return arrow, so it stays on its own


def test_a_refusal_that_comes_back_in_is_laid_as_an_inflow_and_leave_runs_back(tables):
    nodes, edges = intake_flow.graph(tables, "nb", "extended")
    kinds = {e.id: e.kind for e in edges}
    assert kinds["e-33"] == "flow" and kinds["e-04"] == "return"
    placed = flow.layout(nodes, edges, intake_flow.SPACING["extended"])
    # Top to bottom: the refusal sits above the active cases it feeds, the leave below them.
    assert placed.nodes["n-avslag"][1] > placed.nodes["n-aktive"][1] > placed.nodes["n-permisjon"][1]


def test_a_label_its_target_says_in_a_compound_is_left_off(tables):
    labels = {e.id: e.label for e in intake_flow.graph(tables, "nb", "extended")[1]}
    assert labels["e-19"] == ""  # planlagt tverrfaglig vurdering -> Tverrfaglig inntaksvurdering
    assert labels["e-25"] and labels["e-27"]  # "bedre egnet", "rett til" say more than their target


def test_nb_and_en_draw_the_same_elements_and_labels(tables):
    for view in intake_flow.VIEWS:
        with style.thesis_style("test"):
            nb, en = (intake_flow.draw(tables, lang, view) for lang in ("nb", "en"))
        assert _gids(nb) == _gids(en)
        labelled = [
            {e.id for e in intake_flow.graph(tables, lang, view)[1] if e.label} for lang in ("nb", "en")
        ]
        assert labelled[0] == labelled[1]


def test_the_layout_comes_from_graphviz(tables):
    nodes, edges = intake_flow.graph(tables, "nb", "core")
    placed = flow.layout(nodes, edges, intake_flow.SPACING["core"])
    with style.thesis_style("test"):
        drawing = intake_flow.draw(tables, "nb", "core")
    for node_id, patch in drawing.nodes.items():
        cx, cy = placed.nodes[node_id][:2]
        if isinstance(patch, Ellipse):
            assert patch.center == pytest.approx((cx, cy)), node_id


def test_shapes_follow_the_text(drawn, tables):
    _, _, drawing = drawn
    nodes = tables["intake_flow_nodes"].set_index("node_id")
    for node_id, patch in drawing.nodes.items():
        if node_id not in nodes.index:
            continue  # a folded list
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
    for node_id, patch in drawing.nodes.items():
        if node_id in nodes.index:
            assert patch.get_linestyle() == style.STATUS_LINESTYLE[nodes.loc[node_id, "status"]], node_id


def test_the_two_permisjon_arrows_are_apart_and_both_labelled(tables):
    with style.thesis_style("test"):
        drawing = intake_flow.draw(tables, "nb", "core")
    out, back = drawing.layout.labels["e-03"], drawing.layout.labels["e-04"]
    assert abs(out[1] - back[1]) >= (out[3] + back[3]) / 2  # stacked, not on top of each other


def test_the_reconstruction_note_is_shown_and_no_title(drawn):
    lang, _, drawing = drawn
    shown = " ".join(t.get_text() for t in drawing.axes.texts)
    note = (
        "Rekonstruert fra teksten (avsnitt 6.2.1)"
        if lang == "nb"
        else "Reconstructed from the text (section 6.2.1)"
    )
    assert note in shown
    assert "Figur 6.1" not in shown and "Figure 6.1" not in shown
    assert not drawing.figure.texts  # no suptitle


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
