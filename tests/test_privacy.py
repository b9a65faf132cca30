from __future__ import annotations

import pytest

from analysis import data, validate
from tests.conftest import write_csv

HEADER = ["remark_id", "speaker_id", "section", "lines", "evidence", "status"]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ("født 010203 12345 i feltet", "fødselsnummer"),
        ("nummeret 01020312345 står", "fødselsnummer"),
        ("ring meg på 912 34 567 senere", "phone"),
        ("ring +47 91234567 senere", "phone"),
        ("skriv til veileder@nav.no straks", "e-mail"),
    ],
)
def test_identifiers_are_caught(mini_package, evidence, expected):
    write_csv(mini_package / "remarks.csv", HEADER, [["r1", "eli", "1", "3-5", evidence, "stated"]])
    found, _ = validate.validate(mini_package)
    assert any(p.column == "evidence" and expected in p.expected for p in found), found


@pytest.mark.parametrize(
    "evidence", ["mellom 12 og 17 deltakere", "lovens § 36 fra 2007", "linjene 7110-7126 og 2 G"]
)
def test_ordinary_numbers_pass(mini_package, evidence):
    write_csv(mini_package / "remarks.csv", HEADER, [["r1", "eli", "1", "3-5", evidence, "stated"]])
    found, _ = validate.validate(mini_package)
    assert found == []


def test_a_pseudonym_naming_a_real_person_fails(repo_data):
    import csv

    path = repo_data / "persons.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    clone = list(rows[1])
    clone[header.index("person_id")] = "bjoerg-fossestoel"
    clone[header.index("pseudonym")] = "Bjørg Fossestøl"
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(clone)
    found, _ = validate.validate(repo_data)
    assert [p.value for p in found if p.column == "pseudonym"] == ["Bjørg Fossestøl"]


def test_a_shared_first_name_alone_is_not_a_real_person(repo_data):
    # The thesis's pseudonyms include first names that thanked colleagues also have (Lene, Hilde).
    tables = data.load(repo_data, names=["persons", "real_people"])
    pseudonyms = set(tables["persons"]["pseudonym"])
    real_first_names = {name.split()[0] for name in tables["real_people"]["name"]}
    assert pseudonyms & real_first_names  # the case this test is about exists in the data
