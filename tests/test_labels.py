"""One concept, one label: no two spellings or inflections of one term among codes and label columns.

Labels are compared after normalising case, dashes and hyphenation, and the inflection endings of
bokmål (-ert/-ering, -en/-et/-ene, -er/-e) and English (-ed, -ing, -ation, -s), so that
"mål–middel-orientert" and "mål–middel-orientering" meet while "måltall" and "måltallstrykk" do not.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import pytest

from analysis import data, paths
from analysis.schema import Package

ENDINGS = (
    "eringene", "eringen", "eringer", "ering", "erte", "ert", "ende", "ene", "en", "et", "er", "e",
    "ations", "ation", "ing", "ed", "es", "s",
)  # fmt: skip
MIN_STEM = 4
# Columns that name a concept or a category (besides every enumerated field). thesis_sections is
# left out: its titles are the thesis's own headings, and two sections may share a word.
LABEL_PREFIXES = ("label_", "name_", "title_", "group_", "item_", "element_", "meeting_", "value_")
LABEL_COLUMNS = (
    "role", "category", "kind", "dimension", "direction", "outcome", "side", "shape", "view",
    "reasoning_form",
)  # fmt: skip
NOT_COMPARED = ("thesis_sections",)


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def normalise(label: str) -> str:
    text = re.sub(r"[\u2010-\u2015\-/()«»'\".,:;!?]", " ", label.casefold())
    return " ".join(stem(word) for word in text.split())


def near_duplicates(values) -> list[list[str]]:
    """Groups of labels that differ (beyond case) yet normalise alike."""
    groups = defaultdict(set)
    for value in values:
        groups[normalise(value)].add(value)
    return [sorted(group) for group in groups.values() if len({v.casefold() for v in group}) > 1]


def test_the_normaliser_meets_inflections_and_keeps_compounds_apart():
    assert normalise("mål–middel-orientert") == normalise("mål–middel-orientering")
    assert normalise("Goal–means oriented") == normalise("goal-means-oriented")
    assert normalise("måltall") != normalise("måltallstrykk")
    assert near_duplicates(["Rule oriented", "rule oriented"]) == []  # case alone is one label
    assert near_duplicates(["rule-oriented", "rule oriented"]) == [["rule oriented", "rule-oriented"]]
    assert near_duplicates(["regelorientert", "regelorientering"]) == [["regelorientering", "regelorientert"]]


@pytest.fixture(scope="module")
def codes():
    return data.load(paths.DATA, names=["codes"])["codes"]


@pytest.mark.parametrize("column", ["label_nb", "label_en"])
def test_no_two_codes_share_a_label(codes, column):
    labels = codes[column].tolist()
    assert not near_duplicates(labels)
    assert len({normalise(label) for label in labels}) == len(labels)


@pytest.mark.parametrize("column", ["label_nb", "label_en"])
def test_no_code_label_repeats_an_alternative_of_another(codes, column):
    """'the supervisor community / collegial discussion' would repeat 'the supervisor community'."""
    whole = {normalise(label): code for code, label in zip(codes["code_id"], codes[column], strict=True)}
    for code, label in zip(codes["code_id"], codes[column], strict=True):
        parts = [normalise(part) for part in label.split(" / ")]
        for part in parts if len(parts) > 1 else ():
            assert whole.get(part, code) == code, (code, label, whole.get(part))


def _label_columns() -> dict[str, list[tuple[str, str]]]:
    """column name -> [(table, value)] over every table, for the label and enumerated columns."""
    package = Package.read(paths.DATA)
    columns = defaultdict(list)
    for resource in package.resources:
        if resource.name in NOT_COMPARED:
            continue
        verbatim = {column for column, _ in resource.verbatim}
        chosen = [
            f
            for f in resource.fields
            if f.name not in verbatim
            and (f.enum or f.name.startswith(LABEL_PREFIXES) or f.name.startswith(LABEL_COLUMNS))
        ]
        with open(package.directory / resource.path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for f in chosen:
            for row in rows:
                items = row.get(f.name, "").split(";") if f.is_list else [row.get(f.name, "")]
                columns[f.name] += [(resource.name, item.strip()) for item in items if item.strip()]
    return columns


_COLUMNS = _label_columns()


@pytest.mark.parametrize("column", sorted(_COLUMNS))
def test_one_concept_one_label_across_tables(column):
    found = near_duplicates({value for _, value in _COLUMNS[column]})
    assert not found, found
