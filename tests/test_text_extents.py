"""The shared text-extent cache returns what each renderer would have measured itself."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from analysis import style, text_extents

CASES = [
    ("Kvalifiseringsprogrammet", FontProperties(family="KVP Sans", size=7.5), 100),
    ("Kvalifiseringsprogrammet", FontProperties(family="KVP Sans", size=9), 100),
    ("Kvalifiseringsprogrammet", FontProperties(family="KVP Sans", size=7.5), 200),
    ("Kvalifiseringsprogrammet", FontProperties(family="KVP Sans", weight="bold", size=7.5), 100),
    ("søknad → vedtak", FontProperties(family="KVP Sans", style="italic", size=7), 72),
]


def _own(s, prop, dpi):
    return text_extents._measure(RendererAgg(100, 100, dpi), s, prop, False)


@pytest.fixture
def shared(monkeypatch):
    """The cache installed on a clean slate, undone afterwards so no other test sees it."""
    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", text_extents._shared)
    monkeypatch.setattr(text_extents, "_extents", {})
    with style.thesis_style("text-extents"):
        yield


def test_each_size_face_and_resolution_gets_its_own_extent(shared):
    # One after another in a single cache: a key missing any of these would hand back the
    # previous case's extent.
    for s, prop, dpi in CASES:
        assert RendererAgg(100, 100, dpi).get_text_width_height_descent(s, prop, False) == _own(s, prop, dpi)


def test_hinting_is_part_of_the_key(shared):
    # Hinted glyphs are wider than the thesis style's unhinted ones, so a stale hit shows.
    s, prop, dpi = CASES[0]
    RendererAgg(100, 100, dpi).get_text_width_height_descent(s, prop, False)
    with matplotlib.rc_context({"text.hinting": "auto"}):
        expected = _own(s, prop, dpi)
        got = RendererAgg(100, 100, dpi).get_text_width_height_descent(s, prop, False)
    assert got == expected


def test_a_second_renderer_does_not_shape_the_string_again(shared, monkeypatch):
    calls = []
    measure = text_extents._measure
    monkeypatch.setattr(text_extents, "_measure", lambda *args: calls.append(args[1]) or measure(*args))
    s, prop, dpi = CASES[0]
    for _ in range(3):
        RendererAgg(100, 100, dpi).get_text_width_height_descent(s, prop, False)
    assert calls == [s]


def test_mathtext_is_left_to_matplotlib(shared):
    prop = FontProperties(family="KVP Sans", size=8)
    RendererAgg(100, 100, 100).get_text_width_height_descent(r"$x^2$", prop, True)
    assert text_extents._extents == {}
