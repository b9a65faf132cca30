"""Evidence at every mark of the published outputs: every gid of every published SVG names data
rows that carry their snippet, section and lines; every figure names exactly the rows of its input
tables it draws; every item of Tabell 2.1 and of the KVP mapping carries its row's anchor.

The published files are read from ``figures/`` (run ``python -m analysis build`` first); the
expected rows come from ``data/``, not from the drawing code.
"""

from __future__ import annotations

import html
import inspect
import itertools
import re
from pathlib import Path

import pytest

from analysis import data, paths, qda, registry
from analysis.artifacts import fieldwork, positions
from analysis.i18n import LANGS
from analysis.report import artifact_page, svg
from analysis.report.evidence import KEY_JOIN, Data


@pytest.fixture(scope="module")
def repository() -> Data:
    return Data.read(paths.DATA)


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


def published(stem: str, lang: str, kind: str) -> Path:
    path = paths.FIGURES / lang / f"{stem}.{kind}"
    assert path.is_file(), f"{path} is not published: run `python -m analysis build`"
    return path


FIGURES = [
    (product.stem + run.variant.suffix, run.lang)
    for artifact in registry.ARTIFACTS
    for run in artifact.runs()
    for product in artifact.products
    if product.kind == "figure" and "svg" in product.formats
]


def drawn_rows(repository: Data, drawing: str) -> set[tuple[str, str]]:
    """(table, row id) of every data row a gid of ``drawing`` names; a gid naming nothing fails."""
    rows = set()
    for gid in svg.gids(drawing):
        record = repository.lookup(gid)
        assert record is not None, f"{gid} names no data row"
        table = record["table"]
        if table == "cooc":
            rows.add((table, record["id"]))
            continue
        for row in repository.named_rows(table, record["id"]):
            rows.add((table, KEY_JOIN.join(row[k] for k in repository.keys[table])))
    return rows


@pytest.mark.parametrize(("stem", "lang"), FIGURES)
def test_every_gid_of_a_published_figure_leads_to_evidence(repository, stem, lang):
    drawing = published(stem, lang, "svg").read_text(encoding="utf-8")
    gids = svg.gids(drawing)
    assert gids, f"{stem} ({lang}) names no data row"
    excerpts = repository.rows["excerpts"]
    for gid in gids:
        record = repository.lookup(gid)
        assert record is not None, f"{gid} names no data row"
        if record["table"] in ("cooc", "codes"):
            assert record["excerpts"] and set(record["excerpts"]) <= set(excerpts), gid
            continue
        for row in repository.named_rows(record["table"], record["id"]):
            assert row["evidence"] and row["section"] and row["lines"], gid
            assert row["evidence"] in record["evidence"] and row["lines"] in record["lines"], gid


def _all(repository: Data, table: str) -> set[tuple[str, str]]:
    return {(table, row_id) for row_id in repository.rows[table]}


def _in_view(repository: Data, view: str) -> set[tuple[str, str]]:
    views = {"core"} if view == "core" else {"core", "extended"}
    return {
        (table, row_id)
        for table in ("intake_flow_nodes", "intake_flow_edges")
        for row_id, row in repository.rows[table].items()
        if row["view"] in views
    }


def _continuum_values(repository: Data) -> set[tuple[str, str]]:
    """The positions, and their values on the dimensions the continuum's rows show (a stated
    subset: the figure is the continuum, the table ``supervisor-positions`` has every dimension)."""
    shown = set(positions.EXEMPLAR_DIMENSIONS) | set(positions.CONTINUUM_ROWS)
    values = data.load(paths.DATA)["supervisor_position_values"]
    return _all(repository, "supervisor_positions") | {
        ("supervisor_position_values", f"{r.position_id}{KEY_JOIN}{r.dimension}")
        for r in values.itertuples()
        if r.dimension in shown
    }


def _frequent_codes_and_pairs(repository: Data) -> set[tuple[str, str]]:
    """Every pair of the heatmap's top codes (by excerpts) that at least one excerpt carries
    together, and each code of such a pair (a stated subset: a code that shares no excerpt with
    another top code would be an empty row, and is left out); re-quotations are not counted."""
    loaded = data.load(paths.DATA)
    coded = qda.prepare(loaded["codings"], loaded["excerpts"])
    top = inspect.signature(fieldwork.cooccurrence_heatmap).parameters["top"].default
    frequent = set(qda.code_frequencies(coded).head(top)["code_id"])
    counted = set(loaded["excerpts"].loc[loaded["excerpts"]["repeat_of"].fillna("") == "", "excerpt_id"])
    by_excerpt: dict[str, set[str]] = {}
    for coding in loaded["codings"].itertuples():
        if coding.excerpt_id in counted and coding.code_id in frequent:
            by_excerpt.setdefault(coding.excerpt_id, set()).add(coding.code_id)
    pairs = {
        ("cooc", KEY_JOIN.join(pair))
        for codes in by_excerpt.values()
        for pair in itertools.combinations(sorted(codes), 2)
    }
    return {("codes", c) for _, pair in pairs for c in pair.split(KEY_JOIN)} | pairs


def _groups_of_table_2_1(repository: Data) -> set[tuple[str, str]]:
    elements = repository.rows["activation_elements"]
    return {("activation_elements", e) for e, row in elements.items() if row["kind"] == "group"}


EXPECTED = {
    "figure-6-1": lambda r: _in_view(r, "core"),
    "figure-6-1-extended": lambda r: _in_view(r, "extended"),
    "sanction-regime": lambda r: _all(r, "sanction_regime_nodes") | _all(r, "sanction_regime_edges"),
    "sanction-considerations": lambda r: _all(r, "sanction_considerations"),
    "kvp-on-table-2-1": lambda r: _all(r, "kvp_activation_mapping") | _groups_of_table_2_1(r),
    "policy-timeline": lambda r: _all(r, "policy_documents"),
    "design-steps": lambda r: _all(r, "design_steps"),
    "supervisor-positions": _continuum_values,
    "code-cooccurrence": _frequent_codes_and_pairs,
}


def test_every_published_figure_has_its_expected_rows():
    assert {stem for stem, _ in FIGURES} == set(EXPECTED)


@pytest.mark.parametrize(("stem", "lang"), FIGURES)
def test_a_figure_names_exactly_the_rows_it_draws(repository, stem, lang):
    drawing = published(stem, lang, "svg").read_text(encoding="utf-8")
    assert drawn_rows(repository, drawing) == EXPECTED[stem](repository)


def test_a_bar_names_each_consideration_it_counts_and_no_other_bar_does(repository):
    drawing = published("sanction-considerations", "en", "svg").read_text(encoding="utf-8")
    named = [row for gid in svg.gids(drawing) for row in gid.rsplit(":", 1)[1].split(KEY_JOIN)]
    assert sorted(named) == sorted(repository.rows["sanction_considerations"])


def test_a_gid_naming_several_rows_shows_each_snippet_and_a_missing_one_names_nothing(repository):
    first, second = sorted(repository.rows["sanction_considerations"])[:2]
    record = repository.lookup(f"kvp:sanction_considerations:{first}|{second}")
    assert record["rows"] == [first, second]
    for row_id in (first, second):
        assert repository.rows["sanction_considerations"][row_id]["evidence"] in record["evidence"]
    assert repository.lookup(f"kvp:sanction_considerations:{first}|no-such-row") is None
    assert repository.lookup(f"kvp:sanction_considerations:{first}#head") == repository.lookup(
        f"kvp:sanction_considerations:{first}"
    )
    assert repository.lookup("kvp:cooc:no-such-code|other") is None


def _anchored_items(page: str, tag: str) -> dict[str, str]:
    """id -> data-kvp of every ``tag`` with both in a report page."""
    return {
        html.unescape(i): html.unescape(g)
        for i, g in re.findall(rf'<{tag} id="([^"]*)" data-kvp="([^"]*)">', page)
    }


def _page(repository: Data, artifact_id: str, lang: str) -> str:
    artifact = registry.by_id(artifact_id)
    return artifact_page.artifact_html(artifact, lang, paths.FIGURES, repository, {}, {}, "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_item_of_table_2_1_carries_its_row_in_the_published_table_and_the_report(repository, lang):
    table = published("table-2-1", lang, "html").read_text(encoding="utf-8")
    elements = repository.rows["activation_elements"]
    anchors = set(re.findall(r'<(?:strong|li) id="([^"]*)">', table))
    assert anchors == set(elements)
    assert set(re.findall(r'<th id="([^"]*)">', table)) == set(repository.rows["activation_sides"])
    page = _page(repository, "table-2-1", lang)
    items = _anchored_items(page, "strong") | _anchored_items(page, "li")
    assert items == {e: f"kvp:activation_elements:{e}" for e in elements}
    assert set(_anchored_items(page, "th").values()) == {
        f"kvp:activation_sides:{s}" for s in repository.rows["activation_sides"]
    }
    assert all(f'"{gid}"' in page for gid in items.values())  # its evidence is on the page


@pytest.mark.parametrize("lang", LANGS)
def test_every_kvp_mapping_item_carries_its_row_in_the_published_table_and_the_report(repository, lang):
    table = published("kvp-on-table-2-1", lang, "html").read_text(encoding="utf-8")
    mapping = repository.rows["kvp_activation_mapping"]
    assert {html.unescape(i) for i in re.findall(r'<li id="([^"]*)">', table)} == set(mapping)
    page = _page(repository, "kvp-on-table-2-1", lang)
    assert _anchored_items(page, "li") == {m: f"kvp:kvp_activation_mapping:{m}" for m in mapping}
    headings = _anchored_items(page, "strong")
    assert {("activation_elements", e) for e in headings} == _groups_of_table_2_1(repository)
