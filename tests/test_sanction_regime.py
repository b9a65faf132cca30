"""The sanction regime (chapter 8): grouped, every data row represented, clean, and its table."""

from __future__ import annotations

import warnings

import pytest

from analysis import data, flow, paths, render, style
from analysis.artifacts import sanction_regime

PORTRAIT = (16.0, 23.0)


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA, names=["sanction_regime_nodes", "sanction_regime_edges"])


@pytest.fixture(scope="module", params=["nb", "en"])
def drawn(request, tables):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font warns
        with style.thesis_style("test"):
            drawing = sanction_regime.draw(tables, request.param)
            drawing.figure.canvas.draw()
    return request.param, drawing


def _gids(drawing) -> list[str]:
    return [a.get_gid() for a in drawing.figure.findobj() if a.get_gid()]


def test_the_geometry_is_clean(drawn):
    _, drawing = drawn
    assert flow.geometry_problems(drawing) == []


def test_every_node_and_edge_of_the_data_is_represented_once(drawn, tables):
    _, drawing = drawn
    gids = _gids(drawing)
    assert len(gids) == len(set(gids))  # unique ids per figure
    nodes = {f"kvp:sanction_regime_nodes:{n}" for n in tables["sanction_regime_nodes"]["node_id"]}
    edges = {f"kvp:sanction_regime_edges:{e}" for e in tables["sanction_regime_edges"]["edge_id"]}
    assert nodes | edges <= set(gids)


def test_the_alternatives_are_one_block_and_the_returns_one_arrow(tables):
    nodes, edges = sanction_regime.graph(tables, "nb")
    frame = tables["sanction_regime_nodes"]
    alternatives = set(frame.loc[frame["system"] == "alternativ", "node_id"])
    drawn_ids = {n.id for n in nodes}
    assert not (alternatives & drawn_ids)  # none drawn as a node of its own
    (block,) = [n for n in nodes if n.id == sanction_regime.BLOCK]
    assert {i.text_gid.rsplit(":", 1)[1] for i in block.items if i.text_gid} == alternatives
    loops = tables["sanction_regime_edges"]
    back_to = set(loops.loc[loops["group"] == "tilbake", "target"])
    returns = [e for e in edges if e.kind == "return" and e.target in back_to]
    assert len(returns) == 1
    marked = {i.mark_gid.rsplit(":", 1)[1] for i in block.items if i.mark_gid}
    assert marked == set(loops.loc[loops["group"] == "tilbake", "edge_id"])


def test_no_text_is_drawn_twice_and_for_eksempel_is_no_edge_label(drawn, tables):
    lang, drawing = drawn
    shown = [t.get_text() for t in drawing.texts if hasattr(t, "get_text") and t.get_text()]
    words = [t for t in shown if t != sanction_regime.RETURN]  # the ↩ marks are one symbol, on purpose
    assert len(words) == len(set(words))
    _, edges = sanction_regime.graph(tables, lang)
    assert all("eksempel" not in e.label and "example" not in e.label for e in edges)


def test_nb_and_en_draw_the_same_elements(tables):
    with style.thesis_style("test"):
        nb, en = (sanction_regime.draw(tables, lang) for lang in ("nb", "en"))
    assert sorted(_gids(nb)) == sorted(_gids(en))
    labelled = [{e.id for e in sanction_regime.graph(tables, lang)[1] if e.label} for lang in ("nb", "en")]
    assert labelled[0] == labelled[1]


def test_the_figure_fits_the_page_with_text_of_7_pt_or_more(drawn):
    _, drawing = drawn
    measured = flow.print_metrics(drawing.figure)
    assert measured["min_text_pt"] >= 7.0, measured
    assert measured["width_cm"] <= PORTRAIT[0] and measured["height_cm"] <= PORTRAIT[1], measured


def test_the_layout_comes_from_graphviz_with_the_loop_running_back(tables):
    nodes, edges = sanction_regime.graph(tables, "nb")
    placed = flow.layout(nodes, edges, sanction_regime.SPACING, sanction_regime.HINTS)
    loop = placed.pieces["e8-17"]  # deduction -> investigation, against the ranks (TB: upward)
    assert loop[0][0][1] < loop[-1][-1][1]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_table_lists_every_element_with_evidence_lines_and_status(tables, lang):
    table = sanction_regime.table(tables, lang)
    nodes, edges = tables["sanction_regime_nodes"], tables["sanction_regime_edges"]
    assert set(table.row_ids) == set(nodes["node_id"]) | set(edges["edge_id"])
    evidence = dict(zip(table.row_ids, (r[4] for r in table.rows), strict=True))
    for r in edges.itertuples():
        assert evidence[r.edge_id] == f"«{r.evidence}»"
    assert set(table.tidy["status"]) <= {"stated", "inferred", "uncertain"}
    assert render.to_markdown(table)  # writes


def test_the_table_says_the_same_in_both_languages(tables):
    nb, en = (sanction_regime.table(tables, lang) for lang in ("nb", "en"))
    assert nb.row_ids == en.row_ids
    assert nb.tidy.equals(en.tidy)
