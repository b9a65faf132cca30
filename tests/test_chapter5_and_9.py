"""KVP on Tabell 2.1, the policy timeline, the four purposes, the findings, and the number macros."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis import data, flow, paths, registry, style
from analysis.artifacts import findings, kvp_mapping, policy
from analysis.render import Block


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


def test_a_feature_on_both_sides_appears_on_both(tables):
    mapping = tables["kvp_activation_mapping"]
    sides = mapping.groupby("feature_id")["side"].nunique()
    assert (sides == 2).any()
    table = kvp_mapping.table(tables, "nb")
    for row in mapping[mapping["feature_id"].isin(sides[sides == 2].index)].itertuples():
        column = ("krav", "stotte").index(row.side)
        shown = {item.rstrip("†?") for table_row in table.rows for item in table_row[column].items}
        assert row.feature_nb in shown, (row.feature_id, row.side)


def test_every_placement_lands_in_its_group_with_its_marker(tables):
    mapping = tables["kvp_activation_mapping"]
    table = kvp_mapping.table(tables, "en")
    cells = [cell for row in table.rows for cell in row]
    assert all(isinstance(cell, Block) for cell in cells)
    placed = sum(len(cell.items) for cell in cells)
    assert placed == len(mapping)
    for row in mapping.itertuples():
        marked = style.marked(row.feature_en, row.status)
        holders = [c for c in cells if marked in c.items]
        assert holders, row.feature_id


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_figures_have_clean_geometry(tables, lang):
    with style.thesis_style("test"):
        for drawing in (kvp_mapping.draw(tables, lang), policy.timeline(tables, lang)):
            assert flow.geometry_problems(drawing) == []
            plt.close(drawing.figure)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_timeline_shows_every_document_in_order(tables, lang):
    with style.thesis_style("test"):
        drawing = policy.timeline(tables, lang)
    docs = tables["policy_documents"]
    labels = [
        t.get_text() for t in drawing.axes.texts if t.get_rotation() == 90 and not t.get_text().isdigit()
    ]
    assert sorted(labels) == sorted(style.marked(r[f"label_{lang}"], r["status"]) for _, r in docs.iterrows())
    # In time order: a document's label never comes before an earlier year's.
    start = dict(zip(docs[f"label_{lang}"], docs["year"].str[:4].astype(int), strict=True))
    years = [start[label.rstrip("†?")] for label in labels]
    assert years == sorted(years)
    plt.close(drawing.figure)


def test_a_timeline_marker_means_one_kind(tables):
    with style.thesis_style("test"):
        drawing = policy.timeline(tables, "nb")
    docs = tables["policy_documents"].set_index("document_id")
    shape_of_kind: dict[str, set[str]] = {}
    for line in drawing.axes.lines:
        if (line.get_gid() or "").startswith("kvp:policy_documents:"):
            kind = policy._kind(docs.loc[line.get_gid().split(":")[-1], "doc_type"])
            shape_of_kind.setdefault(line.get_marker(), set()).add(kind)
            assert line.get_markerfacecolor() == line.get_markeredgecolor()  # no second meaning in the fill
    assert all(len(kinds) == 1 for kinds in shape_of_kind.values())
    legend = drawing.axes.get_legend()
    assert len(legend.legend_handles) == len(shape_of_kind)
    plt.close(drawing.figure)


def test_doubtful_citations_are_marked_not_corrected(tables):
    docs = tables["policy_documents"]
    table = policy.documents_table(tables, "en")
    for row, doc in zip(table.rows, docs.sort_values(["year", "document_id"]).itertuples(), strict=True):
        assert row[1] == style.marked(doc.short_ref, doc.status)


def test_the_four_purposes_in_the_white_papers_order(tables):
    table = policy.purposes_table(tables, "en")
    assert [r[1] for r in table.rows] == list(
        tables["activity_requirement_purposes"].sort_values("order")["name_en"]
    )
    (source,) = tables["activity_requirement_purposes"]["source_ref"].unique()
    product = next(p for p in registry.by_id("policy-timeline").products if p.stem == table.table_id[:-3])
    assert source in product.caption_en and source in product.caption_nb


def test_findings_cover_chapters_five_to_eight_with_both_locators(tables):
    table = findings.table(tables, "nb")
    assert {r[0] for r in table.rows} == {"5", "6", "7", "8"}
    assert all("(" in r[2] and "(" in r[3] for r in table.rows)
