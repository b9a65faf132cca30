"""The thesis's own slips and contradictions: both sides located, both readings kept, affected rows real."""

from __future__ import annotations

import pytest

from analysis import data, paths, provenance
from analysis.schema import Package

# A speaker or a case the thesis itself gives two ways: a row resting on it cannot be "stated".
UNSETTLING_KINDS = ("speaker", "case")


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


@pytest.fixture(scope="module")
def discrepancies(tables):
    return tables["thesis_discrepancies"]


def _keys(package: Package, tables, name: str) -> dict[str, dict]:
    """Every row of ``name`` under each key an ``affected_rows`` item may use for it."""
    frame = tables[name]
    primary = package.resource(name).primary_key
    columns = list(primary) if primary else list(frame.columns[:2])
    keyed: dict[str, list] = {}
    for number, row in enumerate(frame.to_dict("records"), start=2):  # #N: line N of the file
        keyed.setdefault("/".join(str(row[c]) for c in columns), []).append(row)
        if not primary:
            keyed[f"#{number}"] = [row]
    return keyed


def _affected(package, tables, item: str) -> tuple[str, dict]:
    name, _, key = item.partition(":")
    assert name in tables, f"{item}: no table {name!r}"
    rows = _keys(package, tables, name).get(key, [])
    assert len(rows) == 1, f"{item}: {len(rows)} rows have this key"
    return name, rows[0]


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def test_the_two_known_slips_are_on_record(discrepancies):
    by_lines = {(r.lines, r.lines_b) for r in discrepancies.itertuples()}
    assert ("10477-10480", "10487-10489") in by_lines  # Trude's turn called Hilde's
    assert ("9246", "9292-9294") in by_lines  # Tone on the goal's realism


def test_both_sides_lie_in_their_sections_and_differ(tables, discrepancies):
    ranges = {r.section: (r.line_start, r.line_end) for r in tables["thesis_sections"].itertuples()}
    for row in discrepancies.itertuples():
        for section, lines in ((row.section, row.lines), (row.section_b, row.lines_b)):
            span = provenance.parse_lines(lines)
            assert span is not None, (row.discrepancy_id, lines)
            first, last = ranges[section]
            assert first <= span[0] and span[1] <= last, (row.discrepancy_id, section, lines)
        assert row.lines != row.lines_b and row.evidence != row.evidence_b, row.discrepancy_id
        assert row.reading_en != row.reading_b_en, row.discrepancy_id


def test_every_affected_row_exists(tables, discrepancies):
    package = Package.read(paths.DATA)
    for row in discrepancies.itertuples():
        items = _items(row.affected_rows)
        assert items, row.discrepancy_id
        for item in items:
            _affected(package, tables, item)


def test_affected_rows_say_so_in_their_notes(tables, discrepancies):
    package = Package.read(paths.DATA)
    for row in discrepancies.itertuples():
        for item in _items(row.affected_rows):
            _, affected = _affected(package, tables, item)
            if "note" in affected:  # every table with a note column says so there
                assert row.discrepancy_id in str(affected["note"] or ""), (row.discrepancy_id, item)


def test_a_row_resting_on_a_contested_speaker_or_case_is_not_stated(tables, discrepancies):
    package = Package.read(paths.DATA)
    contested = discrepancies[
        discrepancies["kind"].isin(UNSETTLING_KINDS) & (discrepancies["status"] == "inferred")
    ]
    assert len(contested)
    for row in contested.itertuples():
        for item in _items(row.affected_rows):
            _, affected = _affected(package, tables, item)
            if "status" in affected:
                assert affected["status"] != "stated", (row.discrepancy_id, item)
