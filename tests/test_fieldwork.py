"""The fieldwork overview is built from the data, in both languages."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis import data, paths, qda
from analysis.artifacts import fieldwork


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_informants_list_every_person_once_without_gender(tables, lang):
    table = fieldwork.informants(tables, lang)
    assert sorted(row[0] for row in table.rows) == sorted(tables["persons"]["pseudonym"])
    assert not any("kjønn" in h.lower() or "gender" in h.lower() for h in table.header)


def test_inferred_roles_are_marked(tables):
    table = fieldwork.informants(tables, "en")
    persons = tables["persons"].set_index("pseudonym")
    for pseudonym, role, _ in table.rows:
        marked = role.endswith(("†", "?"))
        assert marked == (persons.loc[pseudonym, "status"] != "stated"), pseudonym


def test_excerpt_counts_add_up(tables):
    table = fieldwork.excerpts_by_chapter_and_setting(tables, "nb")
    originals = tables["excerpts"]["repeat_of"].isna().sum()
    assert sum(int(row[-1]) for row in table.rows) == originals
    assert table.tidy["excerpts"].sum() == originals


def test_code_frequencies_carry_their_excerpt_ids(tables):
    tidy = fieldwork.code_frequencies(tables, "en").tidy
    for row in tidy.itertuples():
        assert len(row.excerpt_ids.split(";")) == row.excerpts


@pytest.mark.parametrize("unit", ["excerpt", "conversation"])
def test_heatmap_labels_the_most_frequent_codes(tables, unit):
    fig = fieldwork.cooccurrence_heatmap(tables, "nb", top=10, unit=unit)
    labels = [t.get_text().rsplit("  ", 1) for t in fig.axes[0].get_yticklabels()]
    assert [int(k) for _, k in labels] == list(range(1, len(labels) + 1))
    coded = qda.prepare(tables["codings"], tables["excerpts"])
    frequencies = qda.code_frequencies(coded, unit=unit).head(10)
    top = tables["codes"].set_index("code_id").loc[frequencies["code_id"], "label_nb"]
    assert 0 < len(labels) <= 10 and {name for name, _ in labels} <= set(top)
    plt.close(fig)


@pytest.mark.parametrize("unit", ["excerpt", "conversation"])
def test_heatmap_diagonal_is_frequency_and_no_row_is_empty(tables, unit):
    coded = qda.prepare(tables["codings"], tables["excerpts"])
    frequency = qda.code_frequencies(coded, unit=unit).set_index("code_id")["count"]
    fig = fieldwork.cooccurrence_heatmap(tables, "en", top=20, unit=unit)
    cells = [p.get_gid() for p in fig.axes[0].patches if p.get_gid()]
    diagonal = {g.split(":")[-1] for g in cells if g.startswith("kvp:codes:")}
    pairs = [g.split(":")[-1].split("|") for g in cells if g.startswith("kvp:cooc:")]
    assert diagonal == {code for pair in pairs for code in pair}  # every code shown co-occurs
    shown = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(int(t) for t in shown if t.isdigit()) == sorted(
        [int(frequency[c]) for c in diagonal]
        + [int(qda.cooccurrence(coded, unit=unit, codes=[a, b]).iloc[0, 1]) for a, b in pairs]
    )
    plt.close(fig)


def test_related_codes_sit_together_and_the_order_is_fixed(tables):
    coded = qda.prepare(tables["codings"], tables["excerpts"])
    frequent = qda.code_frequencies(coded).head(20)["code_id"].tolist()
    matrix = qda.cooccurrence(coded, codes=frequent)
    order = fieldwork.cooccurrence_order(matrix, tables["codes"])
    reversed_matrix = matrix.loc[frequent[::-1], frequent[::-1]]
    assert fieldwork.cooccurrence_order(reversed_matrix, tables["codes"]) == order
    parents = tables["codes"].set_index("code_id")["parent_id"]
    themes = [fieldwork._theme(c, parents) for c in order]
    # Each theme is one contiguous run.
    runs = [t for i, t in enumerate(themes) if i == 0 or themes[i - 1] != t]
    assert len(runs) == len(set(themes))
