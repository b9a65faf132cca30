"""The repository's own data package: valid by our validator, by frictionless, and by the audit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import audit, data, paths, provenance, validate
from analysis.schema import Package


def test_the_data_package_validates():
    problems, tables = validate.validate(paths.DATA)
    assert problems == []
    assert set(tables) == {r.name for r in Package.read(paths.DATA).resources}


def test_frictionless_accepts_the_data_package():
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(paths.DATA / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_package_records_the_reference_text():
    source = Package.read(paths.DATA).source
    assert source is not None and len(source.sha256) == 64


def test_every_extracted_row_carries_the_four_evidence_columns():
    for resource in Package.read(paths.DATA).resources:
        if resource.name in ("codings",):
            continue  # our coding acts, not claims about the text
        assert resource.has_evidence, resource.name
        for column in ("section", "lines", "status"):
            assert column in resource.columns, (resource.name, column)


def test_every_excerpt_is_coded_and_conversations_are_ordered():
    tables = data.load(paths.DATA, names=["excerpts", "codings"])
    excerpts, codings = tables["excerpts"], tables["codings"]
    assert set(excerpts["excerpt_id"]) == set(codings["excerpt_id"])
    for _, turns in excerpts.groupby("conversation_id"):
        assert sorted(turns["turn"]) == list(range(1, len(turns) + 1))


def test_no_gender_column_anywhere():
    for resource in Package.read(paths.DATA).resources:
        assert not {"gender", "kjonn", "kjønn", "sex"} & set(resource.columns), resource.name


@pytest.mark.skipif(paths.reference_text() is None, reason="the reference text is not beside this checkout")
def test_the_evidence_audit_passes_on_the_reference_text():
    # Runs wherever shared/thesis is laid out beside the checkout, as in CI.
    source = paths.reference_text()
    assert audit.audit(paths.DATA, source) == []
    problems, _ = validate.validate(paths.DATA, provenance.ReferenceText.read(source))
    assert problems == []


def test_our_own_english_prose_assigns_no_gender():
    # Our notes, labels, descriptions and translations never give anyone a gender (the thesis gave a
    # man a woman's name). Excerpt glosses (gloss_en) are swept separately with the excerpts.
    import re

    pronoun = re.compile(r"\b(she|he|her|him|his|hers|herself|himself)\b", re.IGNORECASE)
    tables = data.load(paths.DATA)
    for name, frame in tables.items():
        for column in frame.columns:
            if column == "gloss_en" or not (column.endswith("_en") or column == "note"):
                continue
            for row, value in frame[column].dropna().items():
                assert not pronoun.search(value), f"{name}.csv:{row + 2}: {column}: {value}"
