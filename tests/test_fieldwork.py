"""The fieldwork overview is built from the data, in both languages."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from analysis import data, paths
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
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 10 and set(labels) <= set(tables["codes"]["label_nb"])
    plt.close(fig)
