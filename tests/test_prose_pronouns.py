"""Our own prose never genders a supervisor or a participant; the thesis's verbatim words stay as they are.

Covered: every column we write in every table (glosses, notes, descriptions, English labels, our
bokmål labels), every string in analysis/ (captions, labels) and every notebook's markdown. A
gendered bokmål pronoun in a ``*_nb`` column passes only where the row's own verbatim text has it
with the same next word: then the label quotes the thesis.
"""

from __future__ import annotations

import ast
import csv
import json
import re

import pytest

from analysis import paths
from analysis.schema import Package

EN = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)
NB = re.compile(r"\b(?:han|hun|ham|henne|hans|hennes)\b(?:\s+\w+)?", re.IGNORECASE)
VERBATIM_ALWAYS = ("evidence", "text_nb")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _hits(resource, directory) -> list[str]:
    verbatim = {column for column, _ in resource.verbatim} | set(VERBATIM_ALWAYS)
    with open(directory / resource.path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits = []
    for number, row in enumerate(rows, start=2):
        quoted = _fold(" ".join(row.get(column) or "" for column in verbatim))
        for column, value in row.items():
            if column in verbatim or not value:
                continue
            if column.endswith("_nb"):
                found = [m.group(0) for m in NB.finditer(value) if _fold(m.group(0)) not in quoted]
            else:
                found = EN.findall(value)
            hits += [f"{resource.path}:{number}: {column}: {word!r} in {value!r}" for word in found]
    return hits


@pytest.mark.parametrize("resource", [pytest.param(r, id=r.name) for r in Package.read(paths.DATA).resources])
def test_no_table_genders_a_person_in_our_own_words(resource):
    hits = _hits(resource, paths.DATA)
    assert not hits, "\n".join(hits)


def test_the_rule_finds_a_gendered_gloss_and_lets_a_quoted_label_pass(tmp_path):
    resource = Package.read(paths.DATA).resource("excerpts")
    header = [f.name for f in resource.fields]
    row = dict.fromkeys(header, "")
    row.update(
        text_nb="Han er for lat til å jobbe.", gloss_en="He is too lazy to work.", speaker_label_nb="han er"
    )
    with open(tmp_path / resource.path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    hits = _hits(resource, tmp_path)
    assert len(hits) == 1 and "gloss_en" in hits[0]


def _library_strings():
    for path in sorted(paths.LIBRARY.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{path.relative_to(paths.ROOT)}:{node.lineno}", node.value


def _notebook_markdown():
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.relative_to(paths.ROOT)} cell {index}", "".join(cell["source"])


def test_captions_labels_and_notebook_narrative_are_neutral():
    hits = [
        f"{where}: {word!r}"
        for where, text in [*_library_strings(), *_notebook_markdown()]
        for word in [*EN.findall(text), *re.findall(r"\b(?:han|hun|ham|henne|hennes)\b", text)]
    ]
    assert not hits, "\n".join(hits)
