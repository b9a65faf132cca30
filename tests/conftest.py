"""Shared fixtures: a synthetic reference text and small data packages built from it."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from analysis import paths

SYNTHETIC_TEXT = "\n".join(
    [
        "1 Innledning",  # 1
        "",  # 2
        "Veilederne diskuterte måltallet hver uke i",  # 3
        "",  # 4
        "KVP-møtet, og Eli sa at programmet var for ambisiøst.",  # 5
        "1.1 Videre",  # 6
        "Her står det noe helt annet om tiltak og stønader.",  # 7
    ]
)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def synthetic_source(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.txt"
    path.write_text(SYNTHETIC_TEXT, encoding="utf-8")
    return path


def _evidence_fields() -> list[dict]:
    return [
        {"name": "section", "type": "string", "constraints": {"required": True}},
        {"name": "lines", "type": "string", "constraints": {"required": True}},
        {"name": "evidence", "type": "string", "constraints": {"required": True}},
        {
            "name": "status",
            "type": "string",
            "constraints": {"required": True, "enum": ["stated", "inferred", "uncertain"]},
        },
    ]


@pytest.fixture
def mini_package(tmp_path: Path, synthetic_source: Path) -> Path:
    """A valid two-table package (people, remarks -> people) citing the synthetic text."""
    root = tmp_path / "data"
    root.mkdir()
    sha = hashlib.sha256(synthetic_source.read_bytes()).hexdigest()
    descriptor = {
        "name": "mini",
        "sources": [{"title": "synthetic", "path": synthetic_source.name, "sha256": sha}],
        "resources": [
            {
                "name": "people",
                "path": "people.csv",
                "schema": {
                    "fields": [
                        {"name": "person_id", "type": "string", "constraints": {"required": True}},
                        {
                            "name": "role",
                            "type": "string",
                            "constraints": {"enum": ["veileder", "gruppeleder"]},
                        },
                        {"name": "rank", "type": "integer"},
                        *_evidence_fields(),
                    ],
                    "primaryKey": ["person_id"],
                },
            },
            {
                "name": "remarks",
                "path": "remarks.csv",
                "schema": {
                    "fields": [
                        {"name": "remark_id", "type": "string", "constraints": {"required": True}},
                        {"name": "speaker_id", "type": "string"},
                        *_evidence_fields(),
                    ],
                    "primaryKey": ["remark_id"],
                    "foreignKeys": [
                        {
                            "fields": ["speaker_id"],
                            "reference": {"resource": "people", "fields": ["person_id"]},
                        }
                    ],
                },
            },
            {
                "name": "thesis_sections",
                "path": "thesis_sections.csv",
                "schema": {
                    "fields": [
                        {"name": "section", "type": "string"},
                        {"name": "line_start", "type": "integer"},
                        {"name": "line_end", "type": "integer"},
                    ],
                    "primaryKey": ["section"],
                },
            },
        ],
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    write_csv(
        root / "people.csv",
        ["person_id", "role", "rank", "section", "lines", "evidence", "status"],
        [["eli", "gruppeleder", "1", "1", "5", "og Eli sa at", "stated"]],
    )
    write_csv(
        root / "remarks.csv",
        ["remark_id", "speaker_id", "section", "lines", "evidence", "status"],
        [["r1", "eli", "1", "3-5", "måltallet hver uke i KVP-møtet", "stated"]],
    )
    write_csv(
        root / "thesis_sections.csv",
        ["section", "line_start", "line_end"],
        [["1", "1", "5"], ["1.1", "6", "7"]],
    )
    return root


@pytest.fixture
def repo_data(tmp_path: Path) -> Path:
    """A scratch copy of the repository's data package."""
    target = tmp_path / "repo-data"
    shutil.copytree(paths.DATA, target)
    return target
