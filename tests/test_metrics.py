"""analysis.metrics on constructed figures: ones that must pass and ones that must fail."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import FancyArrowPatch, Rectangle
from PIL import Image

from analysis import metrics, render, style

CM = style.CM


def _canvas(width_cm=12.0, height_cm=6.0):
    fig = plt.figure(figsize=(width_cm * CM, height_cm * CM))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width_cm)
    ax.set_ylim(0, height_cm)
    return fig, ax


@pytest.fixture(autouse=True)
def _thesis_style():
    with style.thesis_style("metrics-test"):
        yield
    plt.close("all")


def test_measured_at_the_size_the_writer_saves():
    fig, ax = _canvas(12, 6)
    ax.add_patch(Rectangle((1, 1), 3, 2, facecolor="white", edgecolor="k"))
    ax.text(2.5, 2, "inside its box", ha="center", va="center", fontsize=8)
    ax.text(8, 5, "free text", fontsize=9)
    ax.text(11.5, 0.5, "beyond the axes", fontsize=8, clip_on=False)
    m = metrics.measure(fig)
    assert m["texts_outside_canvas"] == ["«beyond the axes»"]
    # The size is the one the writer saves: the tight box plus its pad, here wider than the canvas.
    with tempfile.TemporaryDirectory() as tmp:
        (png,) = render.save_figure(fig, Path(tmp), "f", ["png"])
        with Image.open(png) as image:
            saved_cm = [pixels / plt.rcParams["savefig.dpi"] / CM for pixels in image.size]
    assert m["width_cm"] == pytest.approx(saved_cm[0], abs=0.03)
    assert m["height_cm"] == pytest.approx(saved_cm[1], abs=0.03)
    assert m["width_cm"] > 12.25
    assert m["smallest_text_pt"] == 8.0
    assert m["texts"] == 3


def test_a_clean_figure_passes():
    fig, ax = _canvas(12, 6)
    ax.add_patch(Rectangle((1, 1), 3, 2, facecolor="white", edgecolor="k"))
    ax.text(2.5, 2, "inside its box", ha="center", va="center", fontsize=8)
    ax.text(8, 5, "free text", fontsize=9)
    assert metrics.problems(metrics.measure(fig)) == []


def test_measurements_are_json_and_the_same_every_time():
    def build():
        fig, ax = _canvas()
        ax.text(1, 1, "b", fontsize=8)
        ax.text(1.05, 1.05, "a", fontsize=8)
        return metrics.measure(fig, kind="flow")

    first = build()
    assert json.dumps(first, sort_keys=True) == json.dumps(build(), sort_keys=True)
    assert first["text_overlaps"] == ["«a» | «b»"]


def test_too_wide_and_too_tall_fail_portrait_but_landscape_fits():
    fig, ax = _canvas(22, 15)
    ax.plot([0.2, 21.8], [0.2, 14.8], color="k")
    m = metrics.measure(fig, landscape=True)
    assert metrics.problems(m, landscape=True) == []
    portrait = metrics.problems(metrics.measure(fig))
    assert any("wide" in p for p in portrait)

    fig, ax = _canvas(15, 26)
    ax.plot([0.2, 14.8], [0.2, 25.8], color="k")
    assert any("tall" in p for p in metrics.problems(metrics.measure(fig)))


def test_small_text_fails_and_is_named():
    fig, ax = _canvas()
    ax.text(1, 1, "tiny words", fontsize=6.5)
    ax.text(1, 3, "fine words", fontsize=7)
    m = metrics.measure(fig)
    assert m["smallest_text_pt"] == 6.5
    assert m["small_texts"] == ["«tiny words»"]
    assert len(metrics.problems(m)) == 1


def test_text_is_scaled_with_a_figure_wider_than_the_block():
    fig, ax = _canvas(32, 6)  # printed at half size to fit 16 cm
    ax.plot([0.1, 31.9], [0.1, 5.9], color="k", lw=0.3)
    ax.text(20, 1, "ten point", fontsize=10)
    m = metrics.measure(fig)
    assert m["print_scale"] == pytest.approx(0.5, abs=0.01)
    assert m["smallest_text_pt"] == pytest.approx(5.0, abs=0.1)


def test_text_on_a_line_fails_and_text_beside_it_passes():
    fig, ax = _canvas()
    ax.plot([0, 12], [3, 3], color="k", gid="kvp:test:line")
    ax.text(2, 3, "across the line", va="center", fontsize=8)
    ax.text(7, 3.3, "above the line", va="bottom", fontsize=8)
    m = metrics.measure(fig)
    assert m["text_on_lines"] == ["kvp:test:line | «across the line»"]


def test_text_crossing_a_box_edge_fails_but_text_inside_a_box_passes():
    fig, ax = _canvas()
    ax.add_patch(Rectangle((1, 1), 3, 2, fill=False, edgecolor="k", gid="kvp:test:box"))
    ax.text(3.5, 2, "sticks out of its box", va="center", fontsize=8)
    ax.add_patch(Rectangle((8, 1), 3.5, 2, fill=False, edgecolor="k", gid="kvp:test:other"))
    ax.text(8.3, 2, "inside", va="center", fontsize=8)
    m = metrics.measure(fig)
    assert m["text_on_lines"] == ["kvp:test:box | «sticks out of its box»"]


def test_overlapping_nodes_fail_nested_and_touching_pass():
    fig, ax = _canvas()
    ax.add_patch(Rectangle((1, 1), 3, 3, gid="kvp:test:a"))
    ax.add_patch(Rectangle((3, 2), 3, 3, gid="kvp:test:b"))
    ax.add_patch(Rectangle((7, 1), 4, 4, gid="kvp:test:panel"))
    ax.add_patch(Rectangle((8, 2), 1, 1, gid="kvp:test:chip"))
    ax.add_patch(Rectangle((9, 2), 1, 1, gid="kvp:test:neighbour"))  # shares an edge with the chip
    m = metrics.measure(fig)
    assert m["node_overlaps"] == ["kvp:test:a | kvp:test:b"]
    assert m["gids"] == sorted(
        ["kvp:test:a", "kvp:test:b", "kvp:test:panel", "kvp:test:chip", "kvp:test:neighbour"]
    )


def test_crossing_edges_are_counted_for_flow_diagrams_only():
    fig, ax = _canvas()
    ax.add_patch(FancyArrowPatch((1, 1), (6, 5), arrowstyle="-|>", mutation_scale=8, gid="kvp:e:1"))
    ax.add_patch(FancyArrowPatch((1, 5), (6, 1), arrowstyle="-|>", mutation_scale=8, gid="kvp:e:2"))
    # Two edges leaving the same node meet at their ends: not a crossing.
    ax.add_patch(FancyArrowPatch((8, 3), (11, 5), arrowstyle="-|>", mutation_scale=8, gid="kvp:e:3"))
    ax.add_patch(FancyArrowPatch((8, 3), (11, 1), arrowstyle="-|>", mutation_scale=8, gid="kvp:e:4"))
    m = metrics.measure(fig, kind="flow")
    assert m["edge_crossings"] == ["kvp:e:1 | kvp:e:2"]
    assert "edge_crossings" not in metrics.measure(fig)
    assert any("edges cross" in p for p in metrics.problems(m))


def test_text_outside_the_canvas_fails():
    fig, ax = _canvas()
    ax.text(11.5, 3, "runs off the right edge", fontsize=8)
    assert any("outside the canvas" in p for p in metrics.problems(metrics.measure(fig)))


def test_only_drawn_texts_count():
    fig, ax = _canvas()
    ax.text(1, 1, "hidden", fontsize=4).set_visible(False)
    ax.text(1, 3, "", fontsize=4)
    ax.text(1, 5, "shown", fontsize=8)
    assert metrics.measure(fig)["smallest_text_pt"] == 8.0


def test_a_non_figure_is_a_clear_error():
    with pytest.raises(TypeError, match="Figure"):
        metrics.measure("not a figure")


def test_multi_line_texts_count():
    fig, ax = _canvas()
    ax.text(1, 1, "two\nlines", fontsize=6)
    assert metrics.measure(fig)["smallest_text_pt"] == 6.0


def _creeping_grid(labels):
    """An equal-aspect grid with long labels: constrained layout needs several passes for it."""
    fig, ax = plt.subplots(figsize=(15 * CM, 9 * CM), layout="constrained")
    ax.set_xlim(-0.5, 18.5)
    ax.set_ylim(18.5, -0.5)
    ax.set_aspect("equal")
    ax.set_yticks(range(19), labels)
    ax.xaxis.tick_top()
    fig.supxlabel("a note under the whole figure, " * 4, fontsize=7)
    return fig, ax


def test_a_figure_with_a_layout_engine_is_measured_as_saved():
    fig, _ = _creeping_grid([f"a rather long tick label on the left {k}" for k in range(19)])
    m = metrics.measure(fig)
    with tempfile.TemporaryDirectory() as tmp:
        (png,) = render.save_figure(fig, Path(tmp), "f", ["png"])
        with Image.open(png) as image:
            saved_cm = [pixels / plt.rcParams["savefig.dpi"] / CM for pixels in image.size]
    assert m["width_cm"] == pytest.approx(saved_cm[0], abs=0.03)
    assert m["height_cm"] == pytest.approx(saved_cm[1], abs=0.03)


def test_a_settled_layout_stays_where_it_was_cropped():
    # Once settled, a further draw (another format, the measurements) must not move the axes again.
    fig, ax = _creeping_grid([f"a label of {'some ' * (k % 5)}length {k}" for k in range(19)])
    render.settle(fig)
    settled = ax.get_position().bounds
    fig.draw_without_rendering()
    assert ax.get_position().bounds == settled
