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


def _bar_labels(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def test_our_classification_is_marked_as_ours_and_one_form_is_one_bar(tables):
    considerations = tables["sanction_considerations"]
    keys = sanctions.reasoning_keys(considerations)
    labels = _bar_labels(sanctions.considerations_figure(tables, "nb"))
    assert len(labels) == len(set(labels)) == keys.nunique()
    own = considerations["reasoning_form"].notna()
    classified = considerations["reasoning_form_analyst"].notna() & ~own
    marked = {label.removesuffix(" †") for label in labels if label.endswith("†")}
    assert len(marked) == keys[classified].nunique()
    # A form is keyed, not spelled: the thesis's other spelling of the means–end form is one bar too.
    respelled = considerations.copy()
    first = respelled.index[respelled["reasoning_form"] == "mål–middel-orientert"][0]
    respelled.loc[first, "reasoning_form"] = "mål–middel-orientering"
    assert sanctions.reasoning_keys(respelled).equals(keys)
    bars = [p for p in sanctions.considerations_figure(tables, "en").axes[0].patches if p.get_gid()]
    counted = sorted(i for bar in bars for i in bar.get_gid().split(":")[-1].split("|"))
    assert counted == sorted(considerations["consideration_id"])


def test_the_english_considerations_show_no_thesis_spelling(tables):
    english = _bar_labels(sanctions.considerations_figure(tables, "en"))
    spellings = set(tables["sanction_considerations"]["reasoning_form"].dropna())
    assert not spellings & set(english)


def test_an_unknown_thesis_term_is_a_clear_error(tables):
    considerations = tables["sanction_considerations"].copy()
    considerations.loc[considerations.index[0], "reasoning_form"] = "ny-form"
    with pytest.raises(ValueError, match="reasoning_form: 'ny-form' is not a known thesis term"):
        sanctions.reasoning_keys(considerations)


def test_tables_of_functions_and_tensions_follow_the_data(tables):
    functions = sanctions.functions_table(tables, "en")
    assert len(functions.rows) == len(tables["sanction_functions"])
    tensions = sanctions.tensions_table(tables, "nb")
    assert [r[1] for r in tensions.rows] == list(
        tables["sanction_tensions"].sort_values("order")["pole_b_nb"]
    )
