"""Counting rules on a hand-made example, and traceability of every count on the real data."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from analysis import data, paths, qda


@pytest.fixture
def small():
    excerpts = pd.DataFrame(
        {
            "excerpt_id": ["x1", "x2", "x3", "x4"],
            "conversation_id": ["c1", "c1", "c2", "c2"],
            "case_id": ["k1", "k1", pd.NA, "k2"],
            "setting_id": ["teammote", pd.NA, "teammote", "teammote"],
            "repeat_of": [pd.NA, pd.NA, pd.NA, "x1"],
        }
    )
    codings = pd.DataFrame(
        {
            "excerpt_id": ["x1", "x1", "x2", "x3", "x4", "x4"],
            "code_id": ["a", "b", "c", "a", "a", "b"],
        }
    )
    return codings, excerpts


def test_frequencies_count_excerpts_and_leave_out_requotations(small):
    codings, excerpts = small
    counts = qda.code_frequencies(qda.prepare(codings, excerpts)).set_index("code_id")["count"]
    assert counts.to_dict() == {"a": 2, "b": 1, "c": 1}  # x4 re-quotes x1, so it is not counted
    with_repeats = qda.prepare(codings, excerpts, include_repeats=True)
    assert qda.code_frequencies(with_repeats).set_index("code_id").loc["a", "count"] == 3


def test_a_coding_listed_twice_counts_once(small):
    codings, excerpts = small
    doubled = pd.concat([codings, codings.iloc[:1]], ignore_index=True)
    counts = qda.code_frequencies(qda.prepare(doubled, excerpts)).set_index("code_id")["count"]
    assert counts["a"] == 2


def test_cooccurrence_within_an_excerpt_and_within_a_conversation(small):
    coded = qda.prepare(*small)
    by_excerpt = qda.cooccurrence(coded, unit="excerpt")
    assert by_excerpt.loc["a", "b"] == 1  # only x1 carries both
    assert by_excerpt.loc["a", "c"] == 0
    by_conversation = qda.cooccurrence(coded, unit="conversation")
    assert by_conversation.loc["a", "c"] == 1  # c1: a on x1, c on x2
    assert by_conversation.loc["a", "a"] == 2  # diagonal: conversations carrying a
    assert (by_conversation.values == by_conversation.values.T).all()


def test_code_by_case_leaves_unknown_cases_out(small):
    matrix = qda.code_by(qda.prepare(*small), "case_id")
    assert list(matrix.columns) == ["k1"]
    assert matrix.loc["a", "k1"] == 1 and matrix.loc["c", "k1"] == 1


def test_unknown_unit_is_an_error(small):
    with pytest.raises(ValueError, match="unit"):
        qda.cooccurrence(qda.prepare(*small), unit="chapter")


@pytest.fixture(scope="module")
def real():
    tables = data.load(paths.DATA, names=["excerpts", "codings"])
    return qda.prepare(tables["codings"], tables["excerpts"]), tables["excerpts"]


def test_every_frequency_traces_to_its_excerpts(real):
    coded, _ = real
    for row in qda.code_frequencies(coded).itertuples():
        assert len(qda.code_frequency_ids(coded, row.code_id)) == row.count


@pytest.mark.parametrize("unit", ["excerpt", "conversation"])
def test_every_cooccurrence_traces_to_its_excerpts(real, unit):
    coded, excerpts = real
    matrix = qda.cooccurrence(coded, unit=unit)
    conversation = excerpts.set_index("excerpt_id")["conversation_id"]
    pairs = list(itertools.combinations(matrix.index, 2))
    nonzero = [(a, b) for a, b in pairs if matrix.loc[a, b]]
    assert nonzero
    for a, b in pairs:
        ids = qda.cooccurrence_ids(coded, a, b, unit=unit)
        traced = len(ids) if unit == "excerpt" else conversation.loc[ids].nunique() if ids else 0
        assert traced == matrix.loc[a, b], (a, b)


@pytest.mark.parametrize("by", ["case_id", "setting_id"])
def test_every_code_by_cell_traces_to_its_excerpts(real, by):
    coded, _ = real
    matrix = qda.code_by(coded, by)
    assert matrix.values.sum() > 0
    for code, value in itertools.product(matrix.index, matrix.columns):
        assert len(qda.code_by_ids(coded, by, code, value)) == matrix.loc[code, value]
