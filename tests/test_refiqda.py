"""REFI-QDA interchange: the standard's schema, stable bytes, exact round trips, bad input, other tools."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import data, paths, refiqda
from analysis.__main__ import main
from analysis.refiqda.export import TABLES

SCHEMA = refiqda.DEFAULT_SCHEMA
P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"
ROUND_TRIP = ("codes", "codings", "excerpts")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return data.load(paths.DATA, list(TABLES))


@pytest.fixture(scope="module")
def xsd():
    import xmlschema

    if not SCHEMA.is_file():
        pytest.skip("the REFI-QDA XSD is not beside this checkout")
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture
def qdpx(tmp_path, tables) -> Path:
    return refiqda.export_qdpx(tables, tmp_path / "export" / "kvp.qdpx")


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in files.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


def rezip(path: Path, files: dict[str, bytes]) -> Path:
    path.write_bytes(zipped(files))
    return path


def project_of(path: Path) -> ET.Element:
    return ET.fromstring(entries(path)["project.qde"])


def selections(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{P}PlainTextSelection"))


def schema_or_none() -> Path | None:
    return SCHEMA if SCHEMA.is_file() else None


def import_into(qdpx_path: Path, data_dir: Path) -> list[str]:
    return refiqda.import_qdpx(qdpx_path, data_dir, schema=schema_or_none())


# --- the standard ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_project_validates_against_the_xsd(tmp_path, tables, xsd, lang):
    path = refiqda.export_qdpx(tables, tmp_path / "kvp.qdpx", lang=lang)
    assert list(xsd.iter_errors(project_of(path))) == []


def test_the_codebook_is_the_standards_codebook(tmp_path, tables, xsd):
    qdc = refiqda.export_qdc(tables, tmp_path / "kvp.qdc")
    root = ET.fromstring(qdc.read_bytes())
    assert root.tag == f"{C}CodeBook"
    assert set(root.attrib) == {"origin"}
    assert [child.tag for child in root] == [f"{C}Codes"]
    # The codebook XSD is not beside the checkout; its Code is the project's Code without NoteRef,
    # so the same codes moved into a project must validate against the project XSD.
    codes = ET.tostring(root[0], encoding="unicode").replace(C[1:-1], P[1:-1])
    wrapped = f'<Project xmlns="{P[1:-1]}" name="check"><CodeBook>{codes}</CodeBook></Project>'
    assert list(xsd.iter_errors(ET.fromstring(wrapped))) == []
    assert {child.tag for code in root.iter(f"{C}Code") for child in code} <= {f"{C}Description", f"{C}Code"}
    assert len(list(root.iter(f"{C}Code"))) == len(tables["codes"])


# --- stable bytes -------------------------------------------------------------------------------


def test_export_gives_the_same_bytes_in_another_process(tmp_path, tables):
    ours = refiqda.export_qdpx(tables, tmp_path / "a" / "kvp.qdpx").read_bytes()
    again = refiqda.export_qdpx(tables, tmp_path / "b" / "kvp.qdpx").read_bytes()
    # Another interpreter has another hash seed: no set or dict order may leak into the file.
    for command, name in (("export-qdpx", "kvp.qdpx"), ("export-qdc", "kvp.qdc")):
        result = subprocess.run(
            [sys.executable, "-m", "analysis", command, str(tmp_path / "c" / name)],
            capture_output=True,
            text=True,
            cwd=paths.ROOT,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
    assert ours == again == (tmp_path / "c" / "kvp.qdpx").read_bytes()
    qdc = refiqda.export_qdc(tables, tmp_path / "a" / "kvp.qdc").read_bytes()
    assert qdc == (tmp_path / "c" / "kvp.qdc").read_bytes()


def test_zip_entries_are_sorted_and_carry_no_build_date(qdpx):
    with zipfile.ZipFile(qdpx) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names) and names[0] == "project.qde"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    # Every date in the project is the one fixed instant, never the time of the build.
    stamps = [element.attrib.items() for element in project_of(qdpx).iter()]
    dates = {value for attributes in stamps for key, value in attributes if "DateTime" in key}
    assert dates == {refiqda.common.CREATED}


def test_guids_come_from_ids_not_from_labels_or_order(tmp_path, tables):
    before = project_of(refiqda.export_qdpx(tables, tmp_path / "1.qdpx"))
    first = {s.get("name"): s.get("guid") for s in selections(before)}
    changed = {name: table.copy() for name, table in tables.items()}
    changed["codes"]["label_nb"] = changed["codes"]["label_nb"] + " (ny)"
    changed["excerpts"] = changed["excerpts"].iloc[::-1].reset_index(drop=True)
    root = project_of(refiqda.export_qdpx(changed, tmp_path / "2.qdpx"))
    assert {s.get("name"): s.get("guid") for s in selections(root)} == first
    codes_before = {c.get("guid") for c in before.iter(f"{P}Code")}
    assert {c.get("guid") for c in root.iter(f"{P}Code")} == codes_before
    assert len(codes_before) == len(tables["codes"]) and len(set(first.values())) == len(first)


def test_a_codes_guid_never_changes():
    # A QDA tool that imported an earlier export matches our codes by GUID; this one is pinned so
    # that a change of namespace or key scheme cannot pass unnoticed.
    assert refiqda.common.guid("code", "t-arbeidsmarked") == "15DF473E-F63D-56EB-B46D-0642C72ADC77"


# --- offsets and letters ------------------------------------------------------------------------


def test_each_selection_slices_its_excerpt_out_of_its_source(qdpx, tables):
    files, root = entries(qdpx), project_of(qdpx)
    text_of = dict(zip(tables["excerpts"]["excerpt_id"], tables["excerpts"]["text_nb"], strict=True))
    seen = []
    for source in root.iter(f"{P}TextSource"):
        text = files["sources/" + source.get("plainTextPath").removeprefix("internal://")].decode("utf-8")
        for selection in source.iter(f"{P}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == text_of[selection.get("name")]
            seen.append(selection.get("name"))
    assert sorted(seen) == sorted(text_of)


def test_one_source_per_conversation_its_turns_in_order(qdpx, tables):
    root = project_of(qdpx)
    excerpts = tables["excerpts"].set_index("excerpt_id")
    sources = list(root.iter(f"{P}TextSource"))
    assert len(sources) == tables["excerpts"]["conversation_id"].nunique()
    for source in sources:
        chosen = [excerpts.loc[s.get("name")] for s in source.iter(f"{P}PlainTextSelection")]
        assert len({row["conversation_id"] for row in chosen}) == 1
        assert source.get("name").startswith(chosen[0]["conversation_id"] + " · ")
        assert [int(row["turn"]) for row in chosen] == sorted(int(row["turn"]) for row in chosen)


def test_each_turn_is_labelled_with_its_speaker_and_locator(qdpx, tables):
    files, root = entries(qdpx), project_of(qdpx)
    excerpts = tables["excerpts"].set_index("excerpt_id")
    for source in root.iter(f"{P}TextSource"):
        text = files["sources/" + source.get("plainTextPath").removeprefix("internal://")].decode("utf-8")
        assert text.startswith("Brodtkorb (2017) · samtale ")
        for selection in source.iter(f"{P}PlainTextSelection"):
            row = excerpts.loc[selection.get("name")]
            start = int(selection.get("startPosition"))
            label = f"{row['speaker_label_nb']} ({row['section']}, linje {row['lines'].replace('-', '–')}):\n"
            assert text[:start].endswith(label)


def with_text(tables, texts: dict[str, str], label: str | None = None) -> dict[str, pd.DataFrame]:
    changed = {name: table.copy() for name, table in tables.items()}
    excerpts = changed["excerpts"]
    for excerpt_id, text in texts.items():
        excerpts.loc[excerpts["excerpt_id"] == excerpt_id, "text_nb"] = text
    if label is not None:
        changed["codes"].loc[0, "label_nb"] = label
    return changed


def test_positions_count_code_points_not_utf16_units(tmp_path, tables):
    excerpts = tables["excerpts"]
    conversation = excerpts["conversation_id"].value_counts().index[0]
    turns = excerpts.loc[excerpts["conversation_id"] == conversation].sort_values("turn")
    first, second = turns["excerpt_id"][:2]
    changed = with_text(tables, {first: "𝄞 notene", second: "etter 𝄞"})
    path = refiqda.export_qdpx(changed, tmp_path / "k.qdpx")
    root = project_of(path)
    chosen = {s.get("name"): s for s in selections(root)}
    one, two = chosen[first], chosen[second]
    assert int(one.get("endPosition")) - int(one.get("startPosition")) == len("𝄞 notene") == 8
    assert int(two.get("endPosition")) - int(two.get("startPosition")) == len("etter 𝄞") == 7
    source = next(s for s in root.iter(f"{P}TextSource") if one in list(s))
    text = entries(path)["sources/" + source.get("plainTextPath")[len("internal://") :]].decode("utf-8")
    # In UTF-16 the clef alone is two units: the second turn would start one later.
    assert text[int(two.get("startPosition")) :].startswith("etter 𝄞")


def test_norwegian_letters_survive_export_and_import(tmp_path, tables):
    excerpt_id = tables["excerpts"]["excerpt_id"][3]
    text, label = "Blåbærsyltetøy på Ærøy – «ÆØÅ» og …", "særskilt ønske å Øve"
    path = refiqda.export_qdpx(with_text(tables, {excerpt_id: text}, label), tmp_path / "k.qdpx")
    raw = entries(path)["project.qde"]
    assert label.encode("utf-8") in raw  # as UTF-8 letters, not character references
    import_into(path, tmp_path / "back")
    codes = pd.read_csv(tmp_path / "back" / "codes.csv", dtype=str, keep_default_na=False)
    excerpts = pd.read_csv(tmp_path / "back" / "excerpts.csv", dtype=str, keep_default_na=False)
    assert codes["label_nb"][0] == label
    assert excerpts.set_index("excerpt_id").loc[excerpt_id, "text_nb"] == text


# --- round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_export_then_import_gives_back_the_same_tables(tmp_path, tables, repo_data, lang):
    path = refiqda.export_qdpx(tables, tmp_path / f"kvp-{lang}.qdpx", lang=lang)
    for name in ROUND_TRIP:
        (repo_data / f"{name}.csv").write_text("", encoding="utf-8")  # proof the import wrote them
    assert import_into(path, repo_data) == []
    back = data.load(repo_data, list(ROUND_TRIP))  # the whole package still validates
    for name in ROUND_TRIP:
        pd.testing.assert_frame_equal(back[name], tables[name])
        assert (repo_data / f"{name}.csv").read_bytes() == (paths.DATA / f"{name}.csv").read_bytes()


def test_speakers_settings_and_cases_travel_as_cases(qdpx, tables):
    root = project_of(qdpx)
    guid_to_name = {s.get("guid"): s.get("name") for s in selections(root)}
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{P}Variable")}
    carried = {}
    for case in root.iter(f"{P}Case"):
        values = {
            variables[value.find(f"{P}VariableRef").get("targetGUID")]: value.find(f"{P}TextValue").text
            for value in case.iter(f"{P}VariableValue")
        }
        column = {"person": "speaker_id", "setting": "setting_id", "case": "case_id"}[values["kvp:kind"]]
        for reference in case.iter(f"{P}SelectionRef"):
            carried[guid_to_name[reference.get("targetGUID")], column] = values["kvp:id"]
    excerpts = tables["excerpts"].set_index("excerpt_id")
    expected = {
        (excerpt_id, column): value
        for column in ("speaker_id", "setting_id", "case_id")
        for excerpt_id, value in excerpts[column].dropna().items()
    }
    assert carried == expected
    every = len(tables["persons"]) + len(tables["settings"]) + len(tables["cases"])
    assert len(list(root.iter(f"{P}Case"))) == every


def test_pyrefiqda_reads_what_we_wrote(tmp_path, qdpx, tables):
    from pyrefiqda import RefiCodebook, RefiProject

    project = RefiProject.load(qdpx, extract_dir=str(tmp_path / "extracted"))

    def count(codes) -> int:
        return sum(1 + count(code.code) for code in codes)

    sources = project.sources.text_source
    chosen = [selection for source in sources for selection in source.plain_text_selection]
    assert count(project.code_book.codes.code) == len(tables["codes"])
    assert len(sources) == tables["excerpts"]["conversation_id"].nunique()
    assert len(chosen) == len(tables["excerpts"])
    assert sum(len(selection.coding) for selection in chosen) == len(tables["codings"])
    codebook = RefiCodebook.load(refiqda.export_qdc(tables, tmp_path / "kvp.qdc"))
    assert count(codebook.codes.code) == len(tables["codes"])


def test_files_are_the_project_and_the_codebook_as_export_writes_them(tmp_path, tables):
    written = refiqda.files(tables, lang="en")
    assert sorted(written) == ["qdc", "qdpx"]
    assert written["qdpx"] == refiqda.export_qdpx(tables, tmp_path / "k.qdpx", lang="en").read_bytes()
    assert written["qdc"] == refiqda.export_qdc(tables, tmp_path / "k.qdc", lang="en").read_bytes()


# --- bad input ------------------------------------------------------------------------------------


def edited(files: dict[str, bytes], edit) -> bytes:
    root = ET.fromstring(files["project.qde"])
    edit(root)
    return zipped({**files, "project.qde": ET.tostring(root)})


STRANGER = "0BADC0DE-0000-4000-8000-000000000000"
# Each: the broken file made from a good export, and what the error must say.
BROKEN = {
    "not a zip": (lambda files: b"PK\x03\x04 not really a zip", "a zip archive"),
    "no project.qde": (
        lambda files: zipped({k: v for k, v in files.items() if k != "project.qde"}),
        "no project.qde",
    ),
    "not XML": (lambda files: zipped({**files, "project.qde": b"<Project"}), "well-formed XML"),
    "selection outside its source": (
        lambda files: edited(files, lambda root: selections(root)[0].set("endPosition", "999999")),
        "endPosition 999999 — 0 <= start <= end <=",
    ),
    "coding of an unknown code": (
        lambda files: edited(files, lambda root: next(root.iter(f"{P}CodeRef")).set("targetGUID", STRANGER)),
        f"CodeRef targetGUID {STRANGER} of Coding",
    ),
    "fails the XSD": (
        lambda files: edited(files, lambda root: selections(root)[0].set("startPosition", "early")),
        "error(s) against Project-mrt2019.xsd",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path, qdpx, case, capsys):
    if case == "fails the XSD" and not SCHEMA.is_file():
        pytest.skip("the REFI-QDA XSD is not beside this checkout")
    make, expected = BROKEN[case]
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(make(entries(qdpx)))
    target = tmp_path / "target"
    target.mkdir()
    (target / "codes.csv").write_text("kept\n", encoding="utf-8")
    with pytest.raises(refiqda.QdpxError) as error:
        import_into(bad, target)
    assert expected in str(error.value) and str(bad) in str(error.value)
    assert main(["import-qdpx", str(bad), str(target), "--schema", str(SCHEMA)]) == 2
    assert expected in capsys.readouterr().err
    assert [path.name for path in target.iterdir()] == ["codes.csv"]
    assert (target / "codes.csv").read_text(encoding="utf-8") == "kept\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.qdpx", "export", "target"]  # no staging


def test_export_refuses_data_that_do_not_validate(tmp_path, repo_data, mini_package, capsys):
    codes = repo_data / "codes.csv"
    codes.write_text(codes.read_text(encoding="utf-8").replace(",analyst,", ",someone,", 1), encoding="utf-8")
    out = tmp_path / "out.qdpx"
    assert main(["export-qdpx", str(out), "--data-dir", str(repo_data)]) == 2
    assert "codes.csv:2: origin: 'someone'" in capsys.readouterr().err
    assert main(["export-qdc", str(out), "--data-dir", str(mini_package)]) == 2
    assert "has no table" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_schema_is_a_note_not_a_failure(tmp_path, qdpx, capsys):
    assert (
        main(["import-qdpx", str(qdpx), str(tmp_path / "out"), "--schema", str(tmp_path / "none.xsd")]) == 0
    )
    assert "XSD validation was skipped" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "codes.csv",
        "codings.csv",
        "excerpts.csv",
    ]


def test_a_record_field_with_no_column_is_reported_not_dropped(tmp_path, qdpx):
    def add_field(root):
        next(root.iter(f"{P}PlainTextContent")).text += "\nmood: glad"

    path = tmp_path / "extra.qdpx"
    path.write_bytes(edited(entries(qdpx), add_field))
    assert import_into(path, tmp_path / "out") == ["codes records: 'mood' is no column of codes.csv (1×)"]


# --- a project from another tool ----------------------------------------------------------------

OTHER_TOOL = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Intervjuer" origin="AnotherQDA 9">
  <Users><User guid="11111111-1111-4111-8111-111111111111" name="Kari Forsker"/></Users>
  <CodeBook><Codes>
    <Code guid="22222222-2222-4222-8222-222222222222" name="Arbeid" isCodable="true" color="#FF0000">
      <Description>Alt om arbeid</Description>
      <Code guid="33333333-3333-4333-8333-333333333333" name="Jobbsøking" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Cases><Case guid="44444444-4444-4444-8444-444444444444" name="Informant 1">
    <SourceRef targetGUID="55555555-5555-4555-8555-555555555555"/>
  </Case></Cases>
  <Sources>
    <TextSource guid="55555555-5555-4555-8555-555555555555" name="Intervju 1">
      <PlainTextContent>Jeg søkte jobb på sagbruket i Årdal.</PlainTextContent>
      <PlainTextSelection guid="66666666-6666-4666-8666-666666666666" startPosition="4" endPosition="14"
          creationDateTime="2019-03-18T10:00:00">
        <Coding guid="77777777-7777-4777-8777-777777777777">
          <CodeRef targetGUID="33333333-3333-4333-8333-333333333333"/>
        </Coding>
        <NoteRef targetGUID="88888888-8888-4888-8888-888888888888"/>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="99999999-9999-4999-8999-999999999999" name="Rapport" path="internal://rapport.pdf"/>
  </Sources>
  <Notes><Note guid="88888888-8888-4888-8888-888888888888" name="Memo">
    <PlainTextContent>Viktig sitat</PlainTextContent>
  </Note></Notes>
  <Sets><Set guid="AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA" name="Tema">
    <MemberCode targetGUID="22222222-2222-4222-8222-222222222222"/>
  </Set></Sets>
</Project>
"""


@pytest.fixture
def other_tool(tmp_path) -> Path:
    return rezip(
        tmp_path / "other.qdpx", {"project.qde": OTHER_TOOL.encode(), "sources/rapport.pdf": b"%PDF-1.4"}
    )


def test_the_other_tools_project_is_standard(other_tool, xsd):
    assert list(xsd.iter_errors(project_of(other_tool))) == []


def test_another_tools_project_imports_what_maps_and_reports_the_rest(tmp_path, other_tool):
    unmapped = import_into(other_tool, tmp_path / "out")
    read = {name: pd.read_csv(tmp_path / "out" / f"{name}.csv", dtype=str) for name in ROUND_TRIP}
    codes = read["codes"].set_index("code_id")
    assert (
        codes.loc["33333333-3333-4333-8333-333333333333", "parent_id"]
        == "22222222-2222-4222-8222-222222222222"
    )
    assert codes.loc["22222222-2222-4222-8222-222222222222", "definition_en"] == "Alt om arbeid"
    assert codes["label_nb"].tolist() == ["Arbeid", "Jobbsøking"]
    assert read["excerpts"]["text_nb"].tolist() == ["søkte jobb"]
    assert read["codings"].values.tolist() == [
        ["66666666-6666-4666-8666-666666666666", "33333333-3333-4333-8333-333333333333"]
    ]
    report = "\n".join(unmapped)
    for lost in (
        "PDFSource",
        "Cases/Case",
        "Users/User",
        "Project/Sets",
        "Code@color",
        "@creationDateTime",
    ):
        assert lost in report, lost
    assert "99999999-9999-4999-8999-999999999999" in report  # the PDF can be found by its GUID
    assert "no kvp:codes record" in report and "no kvp:excerpts record" in report
    assert "('Intervju 1'): its name is not kept" in report


def test_the_cli_prints_what_did_not_map(tmp_path, other_tool, capsys):
    assert main(["import-qdpx", str(other_tool), str(tmp_path / "out"), "--schema", str(SCHEMA)]) == 0
    printed = capsys.readouterr().out
    assert "not mapped: Project/Sources/PDFSource" in printed


def test_an_unknown_element_is_reported_without_the_schema_and_refused_with_it(tmp_path):
    odd = OTHER_TOOL.replace("<Notes>", '<Extension xmlns="urn:example:vendor"><Setting/></Extension><Notes>')
    path = rezip(tmp_path / "odd.qdpx", {"project.qde": odd.encode()})
    unmapped = refiqda.import_qdpx(path, tmp_path / "out", schema=None)
    assert any(line.startswith("Project/Extension: not mapped") for line in unmapped)
    if SCHEMA.is_file():
        with pytest.raises(refiqda.QdpxError, match=r"Project-mrt2019\.xsd"):
            refiqda.import_qdpx(path, tmp_path / "strict", schema=SCHEMA)
        assert not (tmp_path / "strict").exists()


def test_the_report_names_each_kind_once_with_a_count(tmp_path, other_tool):
    files = entries(other_tool)
    twice = files["project.qde"].replace(
        b'<PDFSource guid="99999999-9999-4999-8999-999999999999" name="Rapport" path="internal://rapport.pdf"/>',
        b'<PDFSource guid="99999999-9999-4999-8999-999999999999" name="Rapport" path="internal://rapport.pdf"/>'
        b'<PDFSource guid="99999999-9999-4999-8999-999999999990" name="Vedlegg"/>',
    )
    path = rezip(tmp_path / "two.qdpx", {**files, "project.qde": twice})
    lines = [line for line in import_into(path, tmp_path / "out") if "PDFSource" in line]
    assert len(lines) == 1 and "2×" in lines[0]


# --- what QualCoder's importer needs beyond the XSD ------------------------------------------------
#
# Read from QualCoder's source (src/qualcoder/refi.py, class RefiImport, import_project and the methods
# it calls); none of its code is here. QualCoder is not installed: `qualcoder_reading` applies the
# same rules to our file and says what QualCoder would keep, drop, or abort on.

QUALCODER_NOW = "the clock"  # where QualCoder falls back to datetime.now(): not reproducible


class QualCoderAborts(Exception):
    pass


def qualcoder_reading(path: Path) -> dict:
    files, root = entries(path), project_of(path)
    # parse_project_tag: `"ATLAS" in self.software_name.upper()` when there is no basePath, so a
    # project without `origin` aborts with AttributeError; "ATLAS" in it changes how offsets are read.
    if root.get("basePath") is None and root.get("origin") is None:
        raise QualCoderAborts("Project has no origin: 'NoneType' object has no attribute 'upper'")
    # parse_users: name and guid of each User; the first becomes the coder name, and the import
    # ends warning that codings of any other coder "may appear uncoded".
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{P}User")}
    reading = {
        "coder": next(iter(users.values()), None),
        "codes": {},
        "codings": [],
        "annotations": [],
        "journals": [],
        "dropped notes": [],
        "clock": 0,
        "cases": {},
        "file attributes": {},
    }
    # sub_codes: a Code without `color` gets a random one, one not of 7 characters a grey; a name
    # already taken is an IntegrityError, and the second code's codings go to the first.
    code_names = {}
    for code in root.iter(f"{P}Code"):
        assert code.get("name") not in reading["codes"], f"code name {code.get('name')!r} twice"
        reading["codes"][code.get("name")] = code.get("color")
        code_names[code.get("guid")] = code.get("name")
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{P}Variable")}

    def owner(element) -> str:
        return users.get(element.get("creatingUser") or element.get("modifyingUser"), "default")

    def date(element, *keys) -> str:
        value = next((element.get(key) for key in keys if element.get(key) is not None), None)
        if value is None:
            reading["clock"] += 1
            return QUALCODER_NOW
        return value.replace("T", " ").replace("Z", "")

    def values(holder) -> dict:
        out = {}
        for value in holder.findall(f"{P}VariableValue"):
            out[variables[value.find(f"{P}VariableRef").get("targetGUID")]] = value.find(f"{P}TextValue").text
        return out

    spans = set()

    def annotate(name: str, start: int, end: int, memo: str, who: str) -> None:
        # The annotation table is unique(fid, pos0, pos1, owner), and its inserts are not guarded:
        # two annotations of one span by one owner abort the import with an IntegrityError.
        if (name, start, end, who) in spans:
            raise QualCoderAborts(f"{name}: two annotations of {start}-{end}: UNIQUE constraint failed")
        spans.add((name, start, end, who))
        reading["annotations"].append((name, start, end, memo))

    annotated = {}
    for source in root.iter(f"{P}TextSource"):
        # name_creating_user_create_date_source_path_helper: an internal plainTextPath, read from
        # the archive's sources/ (or Sources/) folder; load_text_source reads it as UTF-8 (a
        # byte-order mark stays a character) and, when the first line ends in CRLF, puts an extra
        # character after every line feed, which moves every later position.
        member = "sources/" + source.get("plainTextPath").split("internal://")[1]
        text = files[member].decode("utf-8")
        if "\r\n" in text.split("\n", 1)[0] + "\n":
            text = text.replace("\n", "\n ")
        name = source.get("name")
        date(source, "creationDateTime", "modifiedDateTime")
        keys = set()
        for selection in source.findall(f"{P}PlainTextSelection"):
            # load_codings_for_text: the owner is the selection's creatingUser (else "default"),
            # the date its creationDateTime (else the clock), the Description the coding memo; a
            # selection without a Coding becomes an annotation; the Coding's first child is its
            # CodeRef; a second coding of the same code, span and owner is an IntegrityError, dropped.
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            who = owner(selection)
            date(selection, "creationDateTime", "modifiedDateTime")
            memo = selection.findtext(f"{P}Description") or ""
            codings = selection.findall(f"{P}Coding")
            if not codings:
                annotate(name, start, end, memo, who)
            for coding in codings:
                code = code_names[coding[0].get("targetGUID")]
                key = (code, start, end, who)
                if key not in keys:
                    keys.add(key)
                    reading["codings"].append(
                        {"source": name, "code": code, "text": text[start:end], "owner": who, "memo": memo}
                    )
        # load_text_source: only a source's own NoteRefs (not a selection's) become annotations.
        for reference in source.findall(f"{P}NoteRef"):
            annotated.setdefault(reference.get("targetGUID"), (name, text))
        # parse_variable_value: a source's VariableValues become its file attributes.
        reading["file attributes"][name] = values(source)
    for note in root.iter(f"{P}Note"):
        # parse_notes: `create_date.replace('T', ' ')` on creationDateTime, else modifiedDateTime:
        # a note with neither aborts the import (AttributeError: 'NoneType' ... 'replace').
        if note.get("creationDateTime") is None and note.get("modifiedDateTime") is None:
            raise QualCoderAborts(
                f"Note {note.get('guid')}: no date: 'NoneType' object has no attribute 'replace'"
            )
        if note.get("guid") in annotated:
            # insert_annotation: needs PlainTextContent and the note's own PlainTextSelection, else
            # it returns silently; dated by modifiedDateTime (else the clock).
            name, text = annotated[note.get("guid")]
            where, content = note.find(f"{P}PlainTextSelection"), note.findtext(f"{P}PlainTextContent")
            if where is None or content is None:
                reading["dropped notes"].append(note)
                continue
            date(note, "modifiedDateTime")
            start, end = int(where.get("startPosition")), int(where.get("endPosition"))
            annotate(name, start, end, content, owner(note))
        elif note.get("plainTextPath") is not None and note.get("name") != "":
            reading["journals"].append(note.get("name"))  # a journal: its text read from the file
        else:
            reading["dropped notes"].append(note)  # neither: QualCoder keeps nothing of it
    # parse_cases: a named Case with its Description and VariableValues (SelectionRef and SourceRef of
    # a named Case are not read); parse_variables: a variable name twice is refused.
    assert len(set(variables.values())) == len(variables)
    for case in root.iter(f"{P}Case"):
        # The cases table is unique(name): a second Case of one name is refused, and lost.
        assert case.get("name") not in {name for name, _ in reading["cases"]}, case.get("name")
        if case.get("name") is not None:
            reading["cases"][case.get("name"), values(case).get("kvp:kind")] = values(case)
    return reading


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_qualcoder_would_import_every_coding_note_and_speaker(tmp_path, tables, lang):
    path = refiqda.export_qdpx(tables, tmp_path / f"kvp-{lang}.qdpx", lang=lang)
    reading = qualcoder_reading(path)
    # Every coding arrives, under the coder QualCoder selects on import: none "appears uncoded".
    assert len(reading["codings"]) == len(tables["codings"])
    assert {coding["owner"] for coding in reading["codings"]} == {reading["coder"]} == {"kvp-analysis"}
    # Nothing is dated by the clock: a second import gives the same project.
    assert reading["clock"] == 0
    # Every excerpt's note is an annotation on exactly that turn, holding its record.
    excerpts = tables["excerpts"].set_index("excerpt_id")
    root = project_of(path)
    span = {s.get("name"): (int(s.get("startPosition")), int(s.get("endPosition"))) for s in selections(root)}
    notes = {(name, start, end): memo for name, start, end, memo in reading["annotations"]}
    assert len(notes) == len(reading["annotations"]) == len(excerpts)
    for excerpt_id in excerpts.index:
        memo = next(memo for (_, s, e), memo in notes.items() if (s, e) == span[excerpt_id])
        assert f"section: {excerpts.loc[excerpt_id, 'section']}" in memo
    # QualCoder has no notes on codes: a code's record note is dropped, and its facts are in the
    # code's memo (the Description), which it keeps.
    dropped = reading["dropped notes"]
    assert {note.get("name").split(":")[1] for note in dropped} == {"codes"}
    assert len(dropped) == len(tables["codes"])
    memos = {c.get("name"): c.findtext(f"{P}Description") for c in root.iter(f"{P}Code")}
    other = "en" if lang == "nb" else "nb"
    for code in tables["codes"].itertuples():
        memo = memos[getattr(code, f"label_{lang}")]
        assert getattr(code, f"label_{other}") in memo
        assert code.definition_en in memo
        if isinstance(code.evidence, str):
            assert code.evidence in memo and code.lines.replace("-", "–") in memo
    # Speakers: as labelled text before each turn (tested above), and as Cases with variables.
    persons = {(row.pseudonym, "person") for row in tables["persons"].itertuples()}
    assert persons <= set(reading["cases"])
    for (_, kind), values in reading["cases"].items():
        assert values["kvp:id"] and kind in {"person", "setting", "case"}
    role = "rolle" if lang == "nb" else "role"
    roles = [values.get(role) for (_, kind), values in reading["cases"].items() if kind == "person"]
    assert len(roles) == len(tables["persons"]) and None not in roles
    speakers = "talere" if lang == "nb" else "speakers"
    for attributes in reading["file attributes"].values():
        assert attributes[speakers] and attributes["samtale" if lang == "nb" else "conversation"]
    named = {row.pseudonym for row in tables["persons"].itertuples()}
    listed = {name for a in reading["file attributes"].values() for name in a[speakers].split("; ")}
    assert named & listed == set(
        tables["excerpts"]["speaker_id"].dropna().map(tables["persons"].set_index("person_id")["pseudonym"])
    )


def test_the_qualcoder_reading_aborts_where_qualcoder_aborts(tmp_path, qdpx):
    # The report: our <Note> elements carried no date, and QualCoder's import died on it.
    def undate(root):
        for note in root.iter(f"{P}Note"):
            for key in ("creationDateTime", "modifiedDateTime"):
                note.attrib.pop(key)

    path = tmp_path / "undated.qdpx"
    path.write_bytes(edited(entries(qdpx), undate))
    with pytest.raises(QualCoderAborts, match="replace"):
        qualcoder_reading(path)


def test_every_user_we_name_is_declared_and_ours_comes_first(qdpx):
    root = project_of(qdpx)
    users = [user.get("guid") for user in root.iter(f"{P}User")]
    named = {
        value
        for element in root.iter()
        for key, value in element.attrib.items()
        if key in ("creatingUser", "modifyingUser", "creatingUserGUID", "modifyingUserGUID")
    }
    assert named == {users[0]} and users[0] == refiqda.common.USER_GUID
    for tag in ("PlainTextSelection", "Coding", "Note", "TextSource"):
        for element in root.iter(f"{P}{tag}"):
            assert element.get("creatingUser") and element.get("creationDateTime"), tag


def test_codes_have_colours_that_come_from_their_ids(tmp_path, tables):
    # sub_codes: no colour is a random one; color_matcher takes "#RRGGBB" and greys anything else.
    first = {
        c.get("guid"): c.get("color")
        for c in project_of(refiqda.export_qdpx(tables, tmp_path / "a.qdpx")).iter(f"{P}Code")
    }
    shuffled = {name: table.copy() for name, table in tables.items()}
    shuffled["codes"] = shuffled["codes"].iloc[::-1].reset_index(drop=True)
    shuffled["codes"]["label_nb"] = shuffled["codes"]["label_nb"] + " (ny)"
    again = project_of(refiqda.export_qdpx(shuffled, tmp_path / "b.qdpx"))
    assert {c.get("guid"): c.get("color") for c in again.iter(f"{P}Code")} == first
    assert all(re.fullmatch("#[0-9A-F]{6}", colour) for colour in first.values())
    assert len(set(first.values())) > 6  # not one colour for all


def test_source_files_are_what_qualcoder_counts_positions_in(qdpx):
    root, files = project_of(qdpx), entries(qdpx)
    assert "ATLAS" not in root.get("origin").upper()
    names = [source.get("name") for source in root.iter(f"{P}TextSource")]
    # load_text_source: a name taken twice gets a prefix; the text is copied to documents/<name>.txt.
    assert len(set(names)) == len(names)
    assert not any(set(name) & set('\\/:*?"<>|') for name in names)
    for name, payload in files.items():
        if name.startswith("sources/"):
            assert not payload.startswith(b"\xef\xbb\xbf") and b"\r" not in payload, name


# --- after a QDA tool: users, dates, colours and memos added ---------------------------------------

SECOND = "5EC0DC0D-0000-4000-8000-000000000002"


def as_qualcoder_left_it(root: ET.Element) -> None:
    """What a second user's session in a QDA tool adds to our project, as QualCoder exports it."""
    ET.SubElement(root.find(f"{P}Users"), f"{P}User", guid=SECOND, name="Andre koder")
    code = next(root.iter(f"{P}Code"))
    code.set("color", "#F5A9A9")
    code.find(f"{P}Description").text += "\nHusk: se også kapittel 8."
    source = next(root.iter(f"{P}TextSource"))
    selection = source.find(f"{P}PlainTextSelection")
    coding = selection.find(f"{P}Coding")
    coding.set("creationDateTime", "2024-05-02T10:00:00Z")
    selection.find(f"{P}Description").text += "\nUklart hvem hun snakker til."
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    note_guid = "5EC0DC0D-0000-4000-8000-000000000003"
    note = ET.SubElement(
        root.find(f"{P}Notes"),
        f"{P}Note",
        guid=note_guid,
        creatingUser=SECOND,
        creationDateTime="2024-05-02T10:05:00Z",
    )
    ET.SubElement(note, f"{P}PlainTextContent").text = "Viktig formulering"
    ET.SubElement(
        note,
        f"{P}PlainTextSelection",
        guid="5EC0DC0D-0000-4000-8000-000000000004",
        startPosition=str(start + 1),
        endPosition=str(end - 1),
    )
    # The XSD's order: a source's NoteRefs come before its VariableValues.
    place = list(source).index(source.find(f"{P}VariableValue"))
    reference = ET.Element(f"{P}NoteRef", targetGUID=note_guid)
    source.insert(place, reference)


def test_a_project_a_qda_tool_changed_keeps_our_codings_and_its_memos(tmp_path, qdpx, tables):
    path = tmp_path / "after-qualcoder.qdpx"
    path.write_bytes(edited(entries(qdpx), as_qualcoder_left_it))
    # import_into checks it against the XSD where the XSD is beside the checkout
    unmapped = "\n".join(import_into(path, tmp_path / "back"))
    read = {name: pd.read_csv(tmp_path / "back" / f"{name}.csv", dtype=str) for name in ROUND_TRIP}
    for name in ROUND_TRIP:
        assert (tmp_path / "back" / f"{name}.csv").read_bytes() == (paths.DATA / f"{name}.csv").read_bytes()
    memos = pd.read_csv(tmp_path / "back" / "memos.csv", dtype=str, keep_default_na=False)
    root = project_of(path)
    first_code = tables["codes"]["code_id"][0]
    first_excerpt = next(root.iter(f"{P}PlainTextSelection")).get("name")
    assert memos[["target_table", "target_id", "user"]].values.tolist() == [
        ["codes", first_code, ""],  # a changed Description names no author
        ["excerpts", first_excerpt, ""],
        ["excerpts", first_excerpt, "Andre koder"],
    ]
    assert memos["text"][0].endswith("Husk: se også kapittel 8.")
    assert memos["text"][1].endswith("Uklart hvem hun snakker til.")
    assert memos["text"][2] == "Viktig formulering" and memos["created"][2] == "2024-05-02T10:05:00Z"
    # What the tables have no place for is named, not silently dropped.
    assert "Users/User: not mapped (1×" in unmapped and "Andre koder" in unmapped
    assert "Code@color: not mapped (1×" in unmapped
    assert "Coding@creationDateTime: not mapped (1×" in unmapped
    assert read["codings"].shape[0] == len(tables["codings"])
