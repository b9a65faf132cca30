"""Validation reports every problem as file:row: column: value — expected, on a corpus of broken data."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import data, provenance, validate
from tests.conftest import write_csv


def problems_of(data_dir: Path, source: Path | None = None) -> list[str]:
    text = provenance.ReferenceText.read(source) if source else None
    found, _ = validate.validate(data_dir, text)
    return [str(p) for p in found]


def test_valid_package_has_no_problems(mini_package, synthetic_source):
    assert problems_of(mini_package, synthetic_source) == []


def test_missing_file(mini_package):
    (mini_package / "remarks.csv").unlink()
    assert any(p.startswith("remarks.csv:-: (file):") for p in problems_of(mini_package))


def test_missing_column(mini_package):
    write_csv(
        mini_package / "people.csv",
        ["person_id", "rank", "section", "lines", "evidence", "status"],
        [["eli", "1", "1", "5", "og Eli sa at", "stated"]],
    )
    assert "people.csv:1: role: '(missing)' — a column named 'role'" in problems_of(mini_package)


def test_bad_enum_names_row_column_value_and_expectation(mini_package):
    write_csv(
        mini_package / "people.csv",
        ["person_id", "role", "rank", "section", "lines", "evidence", "status"],
        [
            ["eli", "gruppeleder", "1", "1", "5", "og Eli sa at", "stated"],
            ["ola", "sjef", "2", "1", "5", "og Eli sa at", "stated"],
        ],
    )
    assert problems_of(mini_package) == ["people.csv:3: role: 'sjef' — one of veileder, gruppeleder"]


def test_bad_integer(mini_package):
    write_csv(
        mini_package / "people.csv",
        ["person_id", "role", "rank", "section", "lines", "evidence", "status"],
        [["eli", "gruppeleder", "først", "1", "5", "og Eli sa at", "stated"]],
    )
    assert problems_of(mini_package) == [
        "people.csv:2: rank: 'først' — a whole number of ASCII digits (at most 18)"
    ]


def test_duplicate_key(mini_package):
    row = ["eli", "gruppeleder", "1", "1", "5", "og Eli sa at", "stated"]
    write_csv(
        mini_package / "people.csv",
        ["person_id", "role", "rank", "section", "lines", "evidence", "status"],
        [row, row],
    )
    assert any(
        p.startswith("people.csv:3: person_id: 'eli' — a unique primary key (row 2")
        for p in problems_of(mini_package)
    )


def test_dangling_foreign_key(mini_package):
    write_csv(
        mini_package / "remarks.csv",
        ["remark_id", "speaker_id", "section", "lines", "evidence", "status"],
        [["r1", "kari", "1", "3-5", "måltallet hver uke i KVP-møtet", "stated"]],
    )
    assert problems_of(mini_package) == ["remarks.csv:2: speaker_id: 'kari' — a person_id of people.csv"]


def test_not_utf8(mini_package):
    (mini_package / "people.csv").write_bytes(
        b"person_id,role,rank,section,lines,evidence,status\nm\xf8ller,veileder,1,1,5,og Eli sa at,stated\n"
    )
    assert any(
        p.startswith("people.csv:2: (encoding):") and "UTF-8 text" in p for p in problems_of(mini_package)
    )


def test_bom(mini_package):
    path = mini_package / "people.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_of(mini_package) == ["people.csv:1: (encoding): 'BOM' — UTF-8 without a byte-order mark"]


def test_empty_file(mini_package):
    (mini_package / "people.csv").write_bytes(b"")
    found = problems_of(mini_package)
    assert any(p.startswith("people.csv:1: (header): ''") for p in found)


def test_evidence_not_within_its_lines(mini_package, synthetic_source):
    # The words exist in the text, but on line 7, not within the cited lines 3-5.
    write_csv(
        mini_package / "remarks.csv",
        ["remark_id", "speaker_id", "section", "lines", "evidence", "status"],
        [["r1", "eli", "1", "3-5", "noe helt annet om tiltak", "stated"]],
    )
    assert problems_of(mini_package, synthetic_source) == [
        "remarks.csv:2: evidence: 'noe helt annet om tiltak' — verbatim text of lines 3-5"
    ]
    # Without the reference text only the snippet's form can be checked.
    assert problems_of(mini_package) == []


def test_short_evidence_and_bad_line_range(mini_package):
    write_csv(
        mini_package / "remarks.csv",
        ["remark_id", "speaker_id", "section", "lines", "evidence", "status"],
        [["r1", "eli", "1", "5-3", "Eli sa", "stated"]],
    )
    found = problems_of(mini_package)
    assert "remarks.csv:2: lines: '5-3' — a line range N or N-M, N <= M" in found
    assert "remarks.csv:2: evidence: 'Eli sa' — at least 3 words" in found


def test_every_problem_is_reported_not_just_the_first(mini_package):
    write_csv(
        mini_package / "people.csv",
        ["person_id", "role", "rank", "section", "lines", "evidence", "status"],
        [
            ["eli", "sjef", "x", "1", "5", "og Eli sa at", "kanskje"],
            ["eli", "veileder", "2", "1", "5", "og Eli sa at", "stated"],
        ],
    )
    found = problems_of(mini_package)
    assert len(found) == 4
    assert {p.split(": ")[1] for p in found} == {"role", "rank", "status", "person_id"}


def test_source_with_another_hash_is_refused(mini_package, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("en annen tekst", encoding="utf-8")
    found = problems_of(mini_package, other)
    assert len(found) == 1 and "sources.sha256" in found[0]


def test_load_refuses_invalid_data(mini_package):
    (mini_package / "people.csv").write_bytes(b"")
    with pytest.raises(data.DataError) as caught:
        data.load(mini_package)
    assert "people.csv:1: (header)" in str(caught.value)


def test_load_types_columns(mini_package):
    tables = data.load(mini_package)
    assert str(tables["people"]["rank"].dtype) == "Int64"
    assert tables["people"].loc[0, "person_id"] == "eli"


def _add_background_columns(mini_package: Path, row: list[str]) -> None:
    import json

    descriptor = json.loads((mini_package / "datapackage.json").read_text(encoding="utf-8"))
    people = descriptor["resources"][0]
    people["kvp:verbatim"] = ["evidence", "background_evidence@background_lines"]
    people["schema"]["fields"] += [
        {"name": "background", "type": "string"},
        {
            "name": "background_lines",
            "type": "string",
            "kvp:requiredWhen": {"field": "background", "equals": "*"},
        },
        {"name": "background_evidence", "type": "string"},
    ]
    (mini_package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    write_csv(
        mini_package / "people.csv",
        [
            "person_id",
            "role",
            "rank",
            "section",
            "lines",
            "evidence",
            "status",
            "background",
            "background_lines",
            "background_evidence",
        ],
        [["eli", "gruppeleder", "1", "1", "5", "og Eli sa at", "stated", *row]],
    )


def test_a_second_claim_is_checked_against_its_own_lines(mini_package, synthetic_source):
    _add_background_columns(mini_package, ["tiltak", "7", "om tiltak og stønader"])
    assert problems_of(mini_package, synthetic_source) == []
    _add_background_columns(mini_package, ["tiltak", "5", "om tiltak og stønader"])
    assert problems_of(mini_package, synthetic_source) == [
        "people.csv:2: background_evidence: 'om tiltak og stønader' — verbatim text of lines 5-5"
    ]


def test_required_when_another_column_has_a_value(mini_package):
    _add_background_columns(mini_package, ["tiltak", "", ""])
    assert problems_of(mini_package) == [
        "people.csv:2: background_lines: '' — a value where background is given"
    ]
    _add_background_columns(mini_package, ["", "", ""])
    assert problems_of(mini_package) == []


def test_a_list_foreign_key_checks_every_item(mini_package):
    import json

    descriptor = json.loads((mini_package / "datapackage.json").read_text(encoding="utf-8"))
    remarks = descriptor["resources"][1]["schema"]
    remarks["fields"][1]["kvp:list"] = True
    remarks["kvp:foreignKeys"] = remarks.pop("foreignKeys")
    (mini_package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    write_csv(
        mini_package / "remarks.csv",
        ["remark_id", "speaker_id", "section", "lines", "evidence", "status"],
        [["r1", "eli; kari", "1", "3-5", "måltallet hver uke i KVP-møtet", "stated"]],
    )
    assert problems_of(mini_package) == ["remarks.csv:2: speaker_id: 'kari' — a person_id of people.csv"]


def test_loading_tables_does_not_reach_the_privacy_lint():
    # A notebook imports analysis.data to load its tables; its cache key must not cover the lint.
    from analysis import dependencies, paths

    reached = dependencies.ImportGraph(paths.LIBRARY).closure({"analysis.data"})
    assert paths.LIBRARY / "data.py" in reached
    assert paths.LIBRARY / "privacy.py" not in reached


def test_row_numbers_count_the_lines_of_a_multiline_cell(mini_package):
    import json

    descriptor = mini_package / "datapackage.json"
    body = json.loads(descriptor.read_text(encoding="utf-8"))
    evidence = next(f for f in body["resources"][0]["schema"]["fields"] if f["name"] == "evidence")
    evidence["kvp:multiline"] = True
    descriptor.write_text(json.dumps(body), encoding="utf-8")
    header = ["person_id", "role", "rank", "section", "lines", "evidence", "status"]
    write_csv(
        mini_package / "people.csv",
        header,
        [
            ["eli", "gruppeleder", "1", "1", "5", "og Eli\nsa\nat", "stated"],
            ["kari", "veileder", "2", "1", "5", "og Eli sa at", "kanskje"],
        ],
    )
    assert [p for p in problems_of(mini_package) if "status" in p] == [
        "people.csv:5: status: 'kanskje' — one of stated, inferred, uncertain"
    ]


def test_a_shared_field_is_checked_as_its_one_declaration_says(repo_data):
    import csv
    import json

    descriptor = json.loads((repo_data / "datapackage.json").read_text(encoding="utf-8"))
    findings = next(r for r in descriptor["resources"] if r["name"] == "findings")
    assert {"name": "status", "type": "string", "kvp:field": "status"} in findings["schema"]["fields"]
    path = repo_data / "findings.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("status")] = "guessed"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    problems, _ = validate.validate(repo_data)
    assert any("findings.csv:2: status: 'guessed'" in str(p) and "stated" in str(p) for p in problems), (
        problems
    )


def test_a_reference_to_no_shared_field_is_a_descriptor_error(repo_data):
    import json

    from analysis import errors
    from analysis.schema import Package

    path = repo_data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][-1]["kvp:field"] = "stauts"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(errors.DescriptorError, match="kvp:field 'stauts'"):
        Package.read(repo_data)
