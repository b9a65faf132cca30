"""LICENSE, CITATION.cff and the data package's licence, contributors and version."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import yaml

from analysis import paths

# The Citation File Format's own schema, as cffconvert 2.0.0 ships it (cffconvert itself pins
# jsonschema<4, which the lock cannot hold).
CFF_SCHEMA = paths.ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json"


def citation() -> dict:
    return yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_file_is_valid_cff():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(citation(), schema, format_checker=jsonschema.FormatChecker())


def test_citation_cites_the_package_and_the_thesis():
    cff = citation()
    assert cff["type"] == "software" and cff["license"] == "MIT"
    project = (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{cff["version"]}"' in project
    (thesis,) = [r for r in cff["references"] if r["type"] == "thesis"]
    assert thesis["title"] == "Individualisering av tjenester i et aktiveringsprogram"
    assert thesis["year"] == 2017
    assert thesis["authors"] == [{"family-names": "Brodtkorb", "given-names": "Elisabeth"}]


def test_the_licence_is_mit_for_the_code_and_leaves_the_thesis_to_its_author():
    text = (paths.ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "stay with its author" in text


def test_the_data_package_carries_licence_contributors_and_version():
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == citation()["version"]
    (licence,) = descriptor["licenses"]
    assert "Brodtkorb" in licence["title"] and "author" in licence["title"]
    assert {c["role"] for c in descriptor["contributors"]} == {"author", "contributor"}


def test_frictionless_still_validates_the_data_package():
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(paths.DATA / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-2000:]
