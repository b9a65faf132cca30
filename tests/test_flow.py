"""The flow layout and its geometry check, on small graphs made for the purpose."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis import flow, style


def small_graph():
    nodes = [
        flow.Node("a", "Kilde", "round", "stated", 1),
        flow.Node("b", "Aktive saker", "box", "inferred", 1, stock=True),
        flow.Node("c", "Utgang én", "round", "uncertain", 1),
        flow.Node("d", "Utgang to", "round", "stated", 2),
        flow.Node("t", "Måltall", "annotation", "stated", 1),
    ]
    edges = [
        flow.Edge("e1", "a", "b", "inn", "stated"),
        flow.Edge("e2", "b", "c", "ut", "inferred"),
        flow.Edge("e3", "b", "d", "ut igjen", "uncertain"),
        flow.Edge("e4", "c", "b", "tilbake", "uncertain", kind="return"),
        flow.Edge("e5", "a", "d", "forbi", "stated"),
        flow.Edge("e6", "t", "b", "", "stated", kind="target"),
    ]
    return nodes, edges


@pytest.fixture
def drawing():
    with style.thesis_style("test"):
        made = flow.draw(*small_graph(), width=style.PAGE_WIDTH_IN)
        yield made
        plt.close(made.figure)


def test_ranks_put_every_forward_arrow_left_to_right():
    nodes, edges = small_graph()
    rank = flow._ranks({n.id: n for n in nodes}, edges)
    assert rank["a"] < rank["b"] < rank["c"]
    assert rank["t"] == rank["b"]


def test_a_cycle_of_forward_arrows_is_refused():
    nodes, edges = small_graph()
    looped = [*edges, flow.Edge("e9", "c", "a", "", "stated")]
    with pytest.raises(ValueError, match="cycle"):
        flow._ranks({n.id: n for n in nodes}, looped)


def test_the_small_graph_draws_cleanly(drawing):
    assert flow.geometry_problems(drawing) == []


def test_arrows_run_left_to_right_and_a_skipping_arrow_goes_around(drawing):
    for e_id, points in drawing.paths.items():
        if e_id in ("e4", "e6"):
            continue
        xs = [x for x, _ in points]
        assert xs == sorted(xs), e_id
    assert len(drawing.paths["e5"]) > 2  # a → d skips b's column through a slot of its own


def test_status_shows_in_the_line_style(drawing):
    shown = {n: drawing.nodes[n].get_linestyle() for n in "abc"}
    assert shown == {"a": "solid", "b": "dashed", "c": "dotted"}


def test_the_stock_is_a_large_square(drawing):
    box = drawing.nodes["b"]
    assert box.get_width() == pytest.approx(box.get_height())
    assert box.get_width() >= flow.Style().stock_side


def test_the_check_finds_overlapping_text(drawing):
    x, y = drawing.nodes["a"].center
    drawing.texts.append(drawing.axes.text(x, y, "Kilde igjen", fontsize=7, ha="center", va="center"))
    assert any("overlaps" in p for p in flow.geometry_problems(drawing))
    with pytest.raises(ValueError, match="overlaps"):
        flow.check(drawing)


def test_the_check_finds_an_arrow_through_a_node(drawing):
    (ax, ay), (cx, cy) = drawing.nodes["a"].center, drawing.nodes["c"].center
    drawing.paths["bad"] = [(ax, ay), (cx, cy)]  # straight through the stock between them
    drawing.ends["bad"] = ("a", "c")
    assert "arrow bad crosses node b" in flow.geometry_problems(drawing)
