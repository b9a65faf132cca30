"""Chapter 8: the considerations, the case matrix and its links to excerpts."""

from __future__ import annotations

import pytest

from analysis import data, paths, render
from analysis.artifacts import sanctions


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


def test_every_case_has_an_outcome_and_unknown_where_none_is_reported(tables):
    cases = tables["sanction_cases"]
    assert cases["outcome"].notna().all()
    unknown = cases[cases["outcome"] == "unknown"]
    assert len(unknown) and unknown["outcome_en"].str.contains("no decision", case=False).all()


def test_the_matrix_holds_every_consideration_once_under_its_direction(tables):
    table = sanctions.case_matrix(tables, "en")
    considerations = tables["sanction_considerations"]
    shown = sum(len(cell.items) for row in table.rows for cell in row[1:])
    assert shown == len(considerations)
    for row, case_id in zip(table.rows, table.row_ids, strict=True):
        about = considerations[considerations["case_id"] == case_id]
        for column, direction in enumerate(sanctions.DIRECTIONS, start=1):
            assert len(row[column].items) == (about["direction"] == direction).sum()


def test_links_point_at_excerpts_that_exist_and_overlap(tables):
    links = sanctions.excerpts_for(tables["sanction_considerations"], tables["excerpts"])
    excerpts = tables["excerpts"].set_index("excerpt_id")
    linked = [e for ids in links.values() for e in ids]
    assert linked and set(linked) <= set(excerpts.index)
    html = render.to_html(sanctions.case_matrix(tables, "nb"))
    for excerpt_id in set(linked):
        assert f'href="excerpts.html#{excerpt_id}"' in html


def test_our_classification_is_marked_as_ours(tables):
    reasoning = sanctions._reasoning(tables["sanction_considerations"], "nb")
    own = tables["sanction_considerations"]["reasoning_form"].notna()
    assert not reasoning[own].str.endswith("†").any()
    classified = tables["sanction_considerations"]["reasoning_form_analyst"].notna() & ~own
    assert reasoning[classified].str.endswith("†").all()


def test_tables_of_functions_and_tensions_follow_the_data(tables):
    functions = sanctions.functions_table(tables, "en")
    assert len(functions.rows) == len(tables["sanction_functions"])
    tensions = sanctions.tensions_table(tables, "nb")
    assert [r[1] for r in tensions.rows] == list(
        tables["sanction_tensions"].sort_values("order")["pole_b_nb"]
    )
