"""The Graphviz layout, its independence from the machine's fonts, the drawing and the geometry check."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from matplotlib.text import Text

from analysis import flow, fonts, paths, style


def small_graph():
    nodes = [
        flow.Node("a", "Kilde", "round", "stated", 1, gid="kvp:t:a"),
        flow.Node("b", "Aktive saker", "box", "inferred", 1, stock=True, gid="kvp:t:b"),
        flow.Node("c", "Utgang én", "round", "uncertain", 1, gid="kvp:t:c"),
        flow.Node("d", "Utgang to", "round", "stated", 2, gid="kvp:t:d"),
        flow.Node("t", "Måltall", "annotation", "stated", 1, gid="kvp:t:t"),
    ]
    edges = [
        flow.Edge("e1", "a", "b", "inn", "stated", gid="kvp:e:e1"),
        flow.Edge("e2", "b", "c", "ut", "inferred", gid="kvp:e:e2"),
        flow.Edge("e3", "b", "d", "ut igjen", "uncertain", gid="kvp:e:e3"),
        flow.Edge("e4", "c", "b", "tilbake", "uncertain", kind="return", gid="kvp:e:e4"),
        flow.Edge("e6", "t", "b", "", "stated", kind="target", gid="kvp:e:e6"),
    ]
    return nodes, edges


@pytest.fixture
def drawing():
    with style.thesis_style("test"):
        made = flow.draw(*small_graph())
        made.figure.canvas.draw()
        yield made


def test_graphviz_ranks_the_nodes_left_to_right():
    placed = flow.layout(*small_graph())
    x = {n: placed.nodes[n][0] for n in "abc"}
    assert x["a"] < x["b"] < x["c"]
    assert placed.nodes["t"][0] == pytest.approx(placed.nodes["b"][0])  # the target sits beside its stock


def test_graphviz_gets_the_sizes_we_measured():
    nodes, edges = small_graph()
    placed = flow.layout(nodes, edges)
    for node in nodes:
        w, h = flow.node_size(node, flow.Spacing())
        assert placed.nodes[node.id][2:] == pytest.approx((w, h), abs=1e-3), node.id
    w, h = flow.label_size("ut igjen")
    assert placed.labels["e3"][2:] == pytest.approx((w, h), abs=1e-3)


def test_an_edge_runs_through_its_label_and_a_return_runs_back(drawing):
    lx, _, lw, _ = drawing.layout.labels["e2"]
    first, second = drawing.paths["e2"]
    assert first[-1][0] <= lx - lw / 2 + 0.02 and second[0][0] >= lx + lw / 2 - 0.02  # stops at the label
    back = drawing.paths["e4"]
    assert back[0][0][0] > back[-1][-1][0]  # from c, right, back to b


LAYOUT_SCRIPT = """
import json
from analysis import data, flow, paths
from analysis.artifacts import intake_flow
from tests.test_flow import small_graph
tables = data.load(paths.DATA, names=["intake_flow_nodes", "intake_flow_edges"])
out = {}
for name, graph in [("small", small_graph()), ("core", intake_flow.graph(tables, "nb", "core"))]:
    placed = flow.layout(*graph, spacing=intake_flow.SPACING["core"])
    out[name] = {"nodes": placed.nodes, "labels": placed.labels,
                 "pieces": {k: [p.tolist() for p in v] for k, v in placed.pieces.items()}}
print(json.dumps(out, sort_keys=True))
"""


def _layout_in_subprocess(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", LAYOUT_SCRIPT],
        cwd=paths.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_layout_does_not_depend_on_the_machines_fonts(tmp_path):
    """With no font configuration at all, Graphviz and matplotlib lay out the same coordinates."""
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FONTCONFIG", "XDG_", "MPL"))}
    ordinary = _layout_in_subprocess({**base, "MPLCONFIGDIR": str(tmp_path / "mpl-a")})
    bare = _layout_in_subprocess(
        {
            **base,
            "FONTCONFIG_FILE": str(empty),
            "FONTCONFIG_PATH": str(tmp_path),
            "HOME": str(tmp_path / "no-home"),
            "XDG_CACHE_HOME": str(tmp_path / "no-cache"),
            "XDG_DATA_HOME": str(tmp_path / "no-data"),
            "MPLCONFIGDIR": str(tmp_path / "mpl-b"),
        }
    )
    assert bare == ordinary
    assert ordinary["core"]["nodes"]  # something was laid out


def test_the_small_graph_draws_cleanly(drawing):
    assert flow.geometry_problems(drawing) == []
    assert flow.crossings(drawing) == 0


def test_status_shows_in_the_line_style(drawing):
    shown = {n: drawing.nodes[n].get_linestyle() for n in "abc"}
    assert shown == {"a": "solid", "b": "dashed", "c": "dotted"}


def test_the_stock_is_a_large_square(drawing):
    box = drawing.nodes["b"]
    assert box.get_width() == pytest.approx(box.get_height())
    assert box.get_width() >= flow.Spacing().stock_side


def test_every_node_and_edge_carries_its_svg_id(drawing):
    gids = {a.get_gid() for a in drawing.figure.findobj() if a.get_gid()}
    assert {f"kvp:t:{n}" for n in "abcdt"} | {f"kvp:e:{e}" for e in ("e1", "e2", "e3", "e4", "e6")} <= gids


def test_text_is_drawn_from_the_bundled_font_files(drawing):
    for text in drawing.figure.findobj(Text):
        if text.get_text() and text in drawing.texts:
            assert str(fonts.DIR) in str(text.get_fontproperties().get_file())


def test_a_list_node_draws_its_entries_with_bullets_and_marks():
    item = flow.Item("første", "inferred", gid="kvp:e:x", text_gid="kvp:n:x", mark="↩", mark_gid="kvp:e:y")
    nodes = [flow.Node("l", "Liste", "list", "stated", items=(item, flow.Item("andre", "stated")))]
    with style.thesis_style("test"):
        made = flow.draw(nodes, [])
    gids = {a.get_gid(): a for a in made.figure.findobj() if a.get_gid()}
    assert gids["kvp:e:x"].get_linestyle() == "--"
    assert gids["kvp:n:x"].get_text() == "første" and gids["kvp:e:y"].get_text() == "↩"
    assert flow.geometry_problems(made) == []


def test_a_long_list_runs_in_columns_of_even_height_keeping_each_heading_with_its_entry():
    def entry(text, lines=1):
        return flow.Item("\n".join([text] * lines), "stated")

    items = (
        flow.Item("Overskrift", "stated", level=0),
        entry("a", 3),
        entry("b"),
        flow.Item("Neste", "stated", level=0),
        entry("c"),
        entry("d", 2),
        entry("e"),
        entry("f"),
    )
    # Columns of four, three and four lines: none lower is possible in three.
    assert [i.column for i in flow.balanced(items, 3, 7.0)] == [0, 0, 1, 1, 1, 2, 2, 2]
    assert [i.column for i in flow.balanced(items, 1, 7.0)] == [0] * len(items)
    # Even columns of four lines would leave "Neste" at the foot of the first, away from c.
    short = (items[0], entry("a", 2), items[3], entry("c", 2), entry("d", 2))
    assert [i.column for i in flow.balanced(short, 2, 7.0)] == [0, 0, 1, 1, 1]


def test_the_check_finds_overlapping_text(drawing):
    x, y = drawing.nodes["a"].center
    drawing.texts.append(drawing.axes.text(x, y, "Kilde igjen", fontsize=7, ha="center", va="center"))
    assert any("overlaps text" in p for p in flow.geometry_problems(drawing))
    with pytest.raises(ValueError, match="overlaps"):
        flow.check(drawing)


def test_the_check_finds_an_arrow_through_a_node_and_text_on_a_line(drawing):
    (ax, ay), (cx, cy) = drawing.nodes["a"].center, drawing.nodes["c"].center
    drawing.paths["bad"] = [[(ax, ay), (cx, cy)]]  # straight through the stock between them
    drawing.ends["bad"] = ("a", "c")
    problems = flow.geometry_problems(drawing)
    assert "arrow bad crosses node b" in problems
    assert any(p.startswith("arrow bad runs through text") for p in problems)


def test_the_check_finds_overlapping_nodes(drawing):
    drawing.nodes["copy"] = drawing.axes.add_patch(
        type(drawing.nodes["d"])(drawing.nodes["d"].center, 0.3, 0.2, facecolor="none")
    )
    assert any(p.startswith("node ") and "overlaps node" in p for p in flow.geometry_problems(drawing))


def test_crossings_are_counted(drawing):
    drawing.paths["x1"] = [[(0, 0), (1, 1)]]
    drawing.paths["x2"] = [[(0, 1), (1, 0)]]
    drawing.ends["x1"], drawing.ends["x2"] = ("p", "q"), ("r", "s")
    assert flow.crossings(drawing) >= 1
