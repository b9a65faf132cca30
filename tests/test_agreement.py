"""compare-coding: hand-worked agreement on constructed codings, a second coder's .qdpx, bad input."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import agreement, data, paths, refiqda
from analysis.__main__ import main
from analysis.agreement_report import TABLES, disagreements_table, draw, scores_table
from analysis.report import evidence

P = "{urn:QDA-XML:project:1.0}"

# Ten excerpts, two codes. X: we coded e1–e4, the second coder e1–e3 and e5. Y: we coded e10 alone,
# the second coder never used it.
UNITS = [f"e{n}" for n in range(1, 11)]
CODES = pd.DataFrame({"code_id": ["X", "Y", "Z"], "label_nb": ["x", "y", "z"], "label_en": ["x", "y", "z"]})
OURS = {("e1", "X"), ("e2", "X"), ("e3", "X"), ("e4", "X"), ("e10", "Y")}
THEIRS = {("e1", "X"), ("e2", "X"), ("e3", "X"), ("e5", "X")}


def by_code(comparison: agreement.Comparison) -> dict:
    return {score.code_id: score for score in comparison.scores}


def test_code_x_worked_by_hand():
    x = by_code(agreement.compare(CODES, UNITS, OURS, THEIRS))["X"]
    # The coders differ on e4 and e5 only: p_o = 8/10.
    assert x.percent == pytest.approx(80.0)
    # Each coder says yes to 4 of 10: p_e = 0.4·0.4 + 0.6·0.6 = 0.16 + 0.36 = 0.52;
    # kappa = (0.8 − 0.52) / (1 − 0.52) = 0.28 / 0.48 = 7/12.
    assert x.kappa == pytest.approx(7 / 12)
    # Alpha (nominal, two coders, no missing values): n = 20 pairable values, 8 yes and 12 no;
    # the two disagreeing units put 2 + 2 in the off-diagonal cells of the coincidence matrix.
    # alpha = 1 − (n − 1)·o_yes,no·2 / (2·n_yes·n_no) = 1 − 19·4 / (2·8·12) = 1 − 76/192 = 29/48.
    assert x.alpha == pytest.approx(29 / 48)
    assert (x.units, x.ours, x.theirs, x.both) == (10, 4, 4, 3)


def test_code_y_worked_by_hand():
    y = by_code(agreement.compare(CODES, UNITS, OURS, THEIRS))["Y"]
    # They differ on e10: p_o = 9/10. We say yes to 1 of 10, they to none:
    # p_e = 0.1·0 + 0.9·1 = 0.9, kappa = (0.9 − 0.9) / (1 − 0.9) = 0.
    assert y.percent == pytest.approx(90.0)
    assert y.kappa == pytest.approx(0.0)
    # n = 20, 1 yes and 19 no, e10 gives 1 + 1 off the diagonal: alpha = 1 − 19·2 / (2·1·19) = 0.
    assert y.alpha == pytest.approx(0.0)


def test_all_codes_pooled_worked_by_hand():
    comparison = agreement.compare(CODES, UNITS, OURS, THEIRS)
    pooled = comparison.scores[-1]
    assert pooled.code_id is None and [s.code_id for s in comparison.scores[:-1]] == ["X", "Y"]
    # Z was used by neither coder: left out, and counted as such.
    assert comparison.unused == 1
    # 20 judgements (10 excerpts × X, Y); they differ on 3: p_o = 17/20 = 0.85.
    assert pooled.units == 20 and pooled.percent == pytest.approx(85.0)
    # We say yes 5 times of 20 (0.25), they 4 times (0.2): p_e = 0.25·0.2 + 0.75·0.8 = 0.05 + 0.6 = 0.65;
    # kappa = (0.85 − 0.65) / 0.35 = 4/7.
    assert pooled.kappa == pytest.approx(4 / 7)
    # n = 40, 9 yes and 31 no, 3 disagreements give 6 off the diagonal:
    # alpha = 1 − 39·6 / (2·9·31) = 1 − 234/558 = 18/31.
    assert pooled.alpha == pytest.approx(18 / 31)
    assert comparison.disagreements.values.tolist() == [
        ["e4", "X", True, False],
        ["e5", "X", False, True],
        ["e10", "Y", True, False],
    ]


def test_perfect_agreement_and_the_undefined_case():
    same = by_code(agreement.compare(CODES, UNITS, OURS, OURS))
    assert same["X"].kappa == pytest.approx(1.0) and same["X"].alpha == pytest.approx(1.0)
    # A code on every unit by both coders: p_e = 1, so kappa and alpha are 0/0, reported as undefined.
    everywhere = {(unit, "X") for unit in UNITS}
    x = by_code(agreement.compare(CODES, UNITS, everywhere, everywhere))["X"]
    assert x.percent == 100.0 and math.isnan(x.kappa) and math.isnan(x.alpha)


def test_no_codings_from_the_second_coder_is_an_error():
    with pytest.raises(agreement.AgreementError, match="no codings"):
        agreement.compare(CODES, UNITS, OURS, set())


# --- on our data -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return data.load(paths.DATA, list(TABLES))


def other_csv(path: Path, tables, drop: int = 0, add: tuple[str, str] | None = None) -> Path:
    codings = tables["codings"].drop(index=drop)
    if add is not None:
        codings = pd.concat([codings, pd.DataFrame([add], columns=["excerpt_id", "code_id"])])
    codings.to_csv(path, index=False)
    return path


def test_the_cli_writes_a_table_and_a_figure_in_every_format(tmp_path, tables, capsys):
    codings = tables["codings"]
    # Drop a coding of an excerpt that keeps another, so that every conversation stays recoded.
    drop = int(codings.index[codings["excerpt_id"].duplicated(keep=False)][0])
    dropped = tuple(codings.iloc[drop])
    other = other_csv(tmp_path / "other.csv", tables, drop=drop, add=("x6-004", dropped[1]))
    out = tmp_path / "out"
    assert main(["compare-coding", str(other), "--out", str(out), "--lang", "en"]) == 0
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(
        [f"coding-agreement.{ext}" for ext in ("html", "tex", "md", "csv", "svg", "pdf", "png")]
        + [f"coding-disagreements.{ext}" for ext in ("html", "tex", "md", "csv")]
    )
    scores = pd.read_csv(out / "coding-agreement.csv", dtype={"code_id": str})
    row = scores.set_index("code_id").loc[dropped[1]]
    assert row["units"] == len(tables["excerpts"])  # a CSV's units: every excerpt
    disagreements = pd.read_csv(out / "coding-disagreements.csv")
    assert sorted(disagreements["excerpt_id"]) == sorted([dropped[0], "x6-004"])
    assert "The unit is the excerpt (one speaker's turn)" in (out / "coding-agreement.md").read_text()
    assert main(["compare-coding", str(other), "--out", str(tmp_path / "nb"), "--lang", "nb"]) == 0
    norsk = (tmp_path / "nb" / "coding-agreement.md").read_text()
    assert "Enheten er sitatet (én talers replikk)" in norsk and "| 100,0 |" in norsk and "100.0" not in norsk
    assert "129 excerpts" in capsys.readouterr().out


BAD = {
    "unknown excerpt": (
        "excerpt_id,code_id\nx9-999,t-arbeidsmarked\n",
        "'x9-999' — an excerpt_id of excerpts.csv",
    ),
    "another codebook": ("excerpt_id,code_id\nx6-004,no-such-code\n", "the codebooks differ"),
    "empty": ("excerpt_id,code_id\n", "no codings"),
    "not our format": ("excerpt,code\nx6-004,t-arbeidsmarked\n", "no column(s) excerpt_id, code_id"),
    "not a table": ("", "a codings CSV"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_clear_line_exit_2_and_nothing_written(tmp_path, case, capsys):
    text, expected = BAD[case]
    other = tmp_path / "other.csv"
    other.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["compare-coding", str(other), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert expected in error and str(other) in error and "Traceback" not in error
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.csv"]


# --- a second coder's project -------------------------------------------------------------------

SECOND = "5EC0DC0D-0000-4000-8000-000000000002"


def recoded(tables, path: Path, edit) -> Path:
    """Our export, as a second coder left it: our codings gone, theirs (``edit``) in their place."""
    source = refiqda.export_qdpx(tables, path.with_name("ours.qdpx"))
    with zipfile.ZipFile(source) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    root = ET.fromstring(files["project.qde"])
    ET.SubElement(root.find(f"{P}Users"), f"{P}User", guid=SECOND, name="Andre koder")
    for selection in root.iter(f"{P}PlainTextSelection"):
        for coding in selection.findall(f"{P}Coding"):
            selection.remove(coding)
    edit(root)
    files["project.qde"] = ET.tostring(root)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in files.items():
            archive.writestr(name, payload)
    path.write_bytes(buffer.getvalue())
    return path


def code(selection: ET.Element, code_id: str, user: str = SECOND) -> None:
    """Add a Coding where the XSD wants it: after the Description, before the NoteRefs."""
    coding = ET.Element(
        f"{P}Coding", guid=refiqda.common.guid("test-coding", selection.get("guid") + code_id)
    )
    coding.set("creatingUser", user)
    ET.SubElement(coding, f"{P}CodeRef", targetGUID=refiqda.common.guid("code", code_id))
    selection.insert(list(selection).index(selection.find(f"{P}NoteRef")), coding)


def first_source(root: ET.Element) -> ET.Element:
    return next(root.iter(f"{P}TextSource"))


def test_a_recoded_project_is_compared_excerpt_by_excerpt(tmp_path, tables):
    codings = tables["codings"]

    def recode(root):
        source = first_source(root)
        for selection in source.findall(f"{P}PlainTextSelection"):
            for code_id in codings.loc[codings["excerpt_id"] == selection.get("name"), "code_id"]:
                code(selection, code_id)
        # A second coder who marks a few words of a turn still codes that turn.
        selection = source.find(f"{P}PlainTextSelection")
        start = int(selection.get("startPosition"))
        part = ET.Element(
            f"{P}PlainTextSelection",
            guid="5EC0DC0D-0000-4000-8000-000000000010",
            startPosition=str(start + 2),
            endPosition=str(start + 6),
            creatingUser=SECOND,
        )
        ET.SubElement(part, f"{P}Coding", guid="5EC0DC0D-0000-4000-8000-000000000011").append(
            ET.Element(f"{P}CodeRef", targetGUID=refiqda.common.guid("code", "t-arbeidsmarked"))
        )
        source.insert(list(source).index(selection) + 1, part)

    other = recoded(tables, tmp_path / "recoded.qdpx", recode)
    comparison = agreement.compare_with(
        other, tables, refiqda.DEFAULT_SCHEMA if refiqda.DEFAULT_SCHEMA.is_file() else None
    )
    root = ET.fromstring(zipfile.ZipFile(other).read("project.qde"))
    first = [s.get("name") for s in first_source(root).findall(f"{P}PlainTextSelection") if s.get("name")]
    # The units are the excerpts of the sources the project holds: here one conversation's.
    assert list(comparison.units) == first
    assert comparison.disagreements.values.tolist() == [[first[0], "t-arbeidsmarked", False, True]]


def test_a_project_with_only_our_codings_is_refused(tmp_path, tables, capsys):
    def ours_only(root):
        code(
            first_source(root).find(f"{P}PlainTextSelection"),
            "t-arbeidsmarked",
            user=refiqda.common.USER_GUID,
        )

    other = recoded(tables, tmp_path / "ours.qdpx", ours_only)
    assert main(["compare-coding", str(other), "--out", str(tmp_path / "out")]) == 2
    assert "every coding in it is ours" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_project_with_another_codebook_is_refused(tmp_path, tables):
    def new_code(root):
        codes = root.find(f"{P}CodeBook/{P}Codes")
        ET.SubElement(
            codes, f"{P}Code", guid="5EC0DC0D-0000-4000-8000-000000000020", name="Ny kode", isCodable="true"
        )

    other = recoded(tables, tmp_path / "codebook.qdpx", new_code)
    with pytest.raises(agreement.AgreementError, match=r"(?s)the codebooks differ.*'Ny kode'"):
        agreement.compare_with(other, tables)


def test_a_selection_outside_every_turn_or_an_edited_text_is_refused(tmp_path, tables):
    def header(root):
        selection = first_source(root).find(f"{P}PlainTextSelection")
        code(selection, "t-arbeidsmarked")
        selection.set("startPosition", "0")
        selection.set("endPosition", "5")  # the source's heading, no one's words

    other = recoded(tables, tmp_path / "header.qdpx", header)
    with pytest.raises(agreement.AgreementError, match="covers no turn"):
        agreement.compare_with(other, tables)
    with zipfile.ZipFile(other) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    text = next(name for name in files if name.startswith("sources/"))
    files[text] = files[text].replace(b"Brodtkorb", b"Brodkorb", 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in files.items():
            archive.writestr(name, payload)
    edited = tmp_path / "edited.qdpx"
    edited.write_bytes(buffer.getvalue())
    with pytest.raises(agreement.AgreementError, match="not the text we exported"):
        agreement.compare_with(edited, tables)


def test_tables_and_figure_label_every_code_in_the_language_asked(tables):
    units = list(tables["excerpts"]["excerpt_id"])
    ours = set(tables["codings"].itertuples(index=False, name=None))
    theirs = set(list(ours)[1:])
    comparison = agreement.compare(tables["codes"], units, ours, theirs)
    for lang, column in (("nb", "label_nb"), ("en", "label_en")):
        table = scores_table(comparison, tables["codes"], lang)
        labels = set(tables["codes"][column])
        assert all(row[0] in labels for row in table.rows[:-1])
        assert len(disagreements_table(comparison, tables, lang).rows) == 1
        figure = draw(comparison, tables["codes"], lang)
        ticks = [label.get_text() for label in figure.axes[0].get_yticklabels()]
        assert len(ticks) == len(comparison.scores)
        gids = [line.get_gid() for line in figure.axes[0].lines if line.get_gid()]
        assert len(gids) == len(set(gids))
        named = {evidence.row_gid(gid) for gid in gids}
        assert named == {f"kvp:codes:{s.code_id}" for s in comparison.scores if s.code_id}


def test_a_project_qualcoder_exported_again_is_matched_by_names_and_texts(tmp_path, tables):
    # QualCoder's RefiExport gives every source, code, user and selection a new uuid4, writes the
    # source texts as utf-8-sig (with a byte-order mark) and names users by name only.
    codings = tables["codings"]
    renamed: dict[str, str] = {}

    def new_guid(element: ET.Element) -> None:
        fresh = f"5EC0DC0D-0000-4000-8000-{len(renamed):012X}"
        renamed[element.get("guid")] = fresh
        element.set("guid", fresh)

    def as_qualcoder_exports(root):
        source = first_source(root)
        for selection in source.findall(f"{P}PlainTextSelection"):
            for code_id in codings.loc[codings["excerpt_id"] == selection.get("name"), "code_id"]:
                code(selection, code_id)
        # A coding of ours left in: not the second coder's, so not compared.
        code(source.find(f"{P}PlainTextSelection"), "t-arbeidsmarked", user=refiqda.common.USER_GUID)
        # Our user under a new GUID, known by its name alone; new GUIDs for sources and codes.
        ours = root.find(f"{P}Users/{P}User")
        for element in [*root.iter(f"{P}TextSource"), *root.iter(f"{P}Code"), ours]:
            new_guid(element)
        for reference in root.iter(f"{P}CodeRef"):
            reference.set("targetGUID", renamed.get(reference.get("targetGUID"), reference.get("targetGUID")))
        for element in root.iter():
            for key in ("creatingUser", "creatingUserGUID", "modifyingUser"):
                if element.get(key) == refiqda.common.USER_GUID:
                    element.set(key, ours.get("guid"))
        for reference in root.iter(f"{P}SourceRef"):
            reference.set("targetGUID", renamed.get(reference.get("targetGUID"), reference.get("targetGUID")))

    other = recoded(tables, tmp_path / "qualcoder.qdpx", as_qualcoder_exports)
    with zipfile.ZipFile(other) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files = {
        name: b"\xef\xbb\xbf" + payload if name.startswith("sources/") else payload
        for name, payload in files.items()
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in files.items():
            archive.writestr(name, payload)
    other.write_bytes(buffer.getvalue())
    comparison = agreement.compare_with(other, tables)
    first = first_source(ET.fromstring(files["project.qde"]))
    turns = [s.get("name") for s in first.findall(f"{P}PlainTextSelection")]
    assert comparison.conversations == 1 and list(comparison.units) == turns
    # Our coding of t-arbeidsmarked left in the project is not counted as theirs: no disagreement.
    assert comparison.disagreements.empty and comparison.scores[-1].percent == 100.0


def test_a_data_package_without_our_coding_or_a_missing_file_is_exit_2(tmp_path, mini_package, capsys):
    other = tmp_path / "other.csv"
    other.write_text("excerpt_id,code_id\nx6-004,t-arbeidsmarked\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["compare-coding", str(other), "--out", str(out), "--data-dir", str(mini_package)]) == 2
    assert "has no table" in capsys.readouterr().err
    assert main(["compare-coding", str(tmp_path / "none.qdpx"), "--out", str(out)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["compare-coding", str(tmp_path), "--out", str(out)]) == 2
    assert "a folder" in capsys.readouterr().err
    assert not out.exists()
