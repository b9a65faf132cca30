"""Every figure the package draws is print-ready, measured from the rendered figure, in nb and en.

The flow diagrams of Figur 6.1 and the sanction regime are checked by their own tests for now;
every other figure function of analysis/artifacts is here, in every view.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import matplotlib.pyplot as plt
import pytest

import analysis.artifacts
from analysis import data, metrics, paths, style
from analysis.artifacts import fieldwork, kvp_mapping, policy, positions, sanctions

# (name, function, keyword arguments of the view)
FIGURES = [
    ("sanction-considerations", sanctions.considerations_figure, {}),
    ("design-steps", positions.design_timeline, {}),
    ("supervisor-positions", positions.continuum, {}),
    ("policy-timeline", policy.timeline, {}),
    ("kvp-on-table-2-1", kvp_mapping.draw, {}),
    ("code-cooccurrence-excerpt", fieldwork.cooccurrence_heatmap, {"unit": "excerpt"}),
    ("code-cooccurrence-conversation", fieldwork.cooccurrence_heatmap, {"unit": "conversation"}),
]
# Graphviz flow diagrams, measured by their own tests until they join this list.
ELSEWHERE = {"analysis.artifacts.intake_flow.draw", "analysis.artifacts.sanction_regime.draw"}
FIGURE_TYPES = {"Figure", "flow.Drawing"}


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


@pytest.fixture(scope="module")
def measured(tables):
    """(figure name, lang) -> its metrics, each figure drawn once."""
    found = {}
    for name, function, view in FIGURES:
        for lang in ("nb", "en"):
            with style.thesis_style(name):
                found[name, lang] = metrics.measure(function(tables, lang=lang, **view))
            plt.close("all")
    return found


def test_every_figure_function_is_measured():
    listed = {f"{f.__module__}.{f.__name__}" for _, f, _ in FIGURES}
    drawn = set()
    for module in pkgutil.iter_modules(analysis.artifacts.__path__):
        loaded = importlib.import_module(f"analysis.artifacts.{module.name}")
        for name, function in inspect.getmembers(loaded, inspect.isfunction):
            public = function.__module__ == loaded.__name__ and not name.startswith("_")
            if public and inspect.signature(function).return_annotation in FIGURE_TYPES:
                drawn.add(f"{loaded.__name__}.{name}")
    assert drawn - ELSEWHERE == listed


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", [name for name, _, _ in FIGURES])
def test_the_figure_fits_the_page_and_nothing_overlaps(measured, name, lang):
    assert metrics.problems(measured[name, lang]) == []


@pytest.mark.parametrize("name", [name for name, _, _ in FIGURES])
def test_nb_and_en_draw_the_same_elements(measured, name):
    nb, en = measured[name, "nb"], measured[name, "en"]
    assert nb["texts"] == en["texts"]
    assert nb["gids"] == en["gids"]


@pytest.mark.parametrize("name", [name for name, _, _ in FIGURES])
def test_data_rows_are_named_by_gid(measured, name):
    gids = measured[name, "nb"]["gids"]
    assert gids and all(gid.startswith("kvp:") for gid in gids)
