"""Write the codebook and the coded excerpts as a REFI-QDA project (.qdpx) and codebook (.qdc)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.refiqda.common import (
    CASE_COLUMNS,
    CODE_ELEMENT_COLUMNS,
    CODEBOOK_NS,
    EXCERPT_ELEMENT_COLUMNS,
    ID_VARIABLE,
    KIND_VARIABLE,
    ORIGIN,
    PROJECT_NS,
    ROW_KEY,
    SEPARATOR,
    USER_GUID,
    chapter_of,
    encode_record,
    guid,
    record_name,
)

TABLES = ("codes", "codings", "excerpts", "persons", "settings", "cases")
FORMATS = ("qdpx", "qdc")
ROLE_VARIABLE = "role"

_TEXT = {
    "nb": {
        "project": "Brodtkorb (2017): sitater fra feltarbeidet og kodingen av dem",
        "source": "Kapittel {chapter}: sitater",
    },
    "en": {
        "project": "Brodtkorb (2017): fieldwork excerpts and their coding",
        "source": "Chapter {chapter}: excerpts",
    },
}

# A zip entry carries a date; a fixed one (the earliest a zip can hold) keeps the bytes stable.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

Row = dict[str, str | None]


def _rows(table: pd.DataFrame) -> list[Row]:
    return [
        {column: None if pd.isna(value) else str(value) for column, value in record.items()}
        for record in table.to_dict("records")
    ]


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _root(tag: str, ns: str, **attributes: str) -> ET.Element:
    # The namespace as a plain xmlns attribute on the root, the children unqualified: ElementTree
    # cannot write a default namespace when attributes have none (and ours have none).
    return ET.Element(tag, {"xmlns": ns, **attributes})


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()


def _add_codes(parent: ET.Element, codes: list[Row], lang: str, notes: dict[str, str]) -> None:
    """The codes nested by ``parent_id``, siblings in table order; each with its note where one is given."""
    children: dict[str | None, list[Row]] = {}
    for code in codes:
        children.setdefault(code["parent_id"], []).append(code)
    placed = set()

    def place(into: ET.Element, code: Row) -> None:
        code_id = code["code_id"]
        placed.add(code_id)
        element = _add(into, "Code", guid=guid("code", code_id), name=code[f"label_{lang}"], isCodable="true")
        if code["definition_en"] is not None:
            _add(element, "Description", code["definition_en"])
        if code_id in notes:
            _add(element, "NoteRef", targetGUID=notes[code_id])
        for child in children.get(code_id, []):
            place(element, child)

    for code in children.get(None, []):
        place(parent, code)
    stray = sorted({code["code_id"] for code in codes} - placed)
    if stray:
        raise ValueError(
            f"codes.csv: {', '.join(stray)}: parent_id — a chain of parents ending in a top code"
        )


class _Records:
    """The record notes: the columns of a row that the project holds in no element of its own."""

    def __init__(self) -> None:
        self.notes: list[tuple[str, str, str]] = []  # guid, name, text

    def add(self, table: str, row_id: str, number: int, row: Row, carried: Sequence[str]) -> str:
        fields = {
            column: value for column, value in row.items() if column not in carried and value is not None
        }
        note_guid = guid("note", f"{table}:{row_id}")
        self.notes.append(
            (note_guid, record_name(table, row_id), encode_record({**fields, ROW_KEY: str(number)}))
        )
        return note_guid


def _need(tables: dict[str, pd.DataFrame], names: Sequence[str]) -> None:
    missing = [name for name in names if name not in tables]
    if missing:
        raise ValueError(f"the export needs the table(s) {', '.join(missing)}")


def _chapter_order(chapter: str) -> tuple[bool, int, str]:
    return (not chapter.isdigit(), int(chapter) if chapter.isdigit() else 0, chapter)


def _cases(
    parent: ET.Element,
    tables: dict[str, pd.DataFrame],
    lang: str,
    excerpts: list[Row],
    selections: dict[str, str],
) -> None:
    """Variables and Cases: a Case for every person, setting and participant's case, with its selections."""
    entries = {}  # (kind, id) -> name, role
    for person in _rows(tables["persons"]):
        entries["person", person["person_id"]] = person["pseudonym"], person["role"]
    for setting in _rows(tables["settings"]):
        entries["setting", setting["setting_id"]] = setting[f"name_{lang}"], None
    for case in _rows(tables["cases"]):
        entries["case", case["case_id"]] = case[f"label_{lang}"], None
    members: dict[tuple[str, str], list[str]] = {key: [] for key in entries}
    for excerpt in excerpts:
        for kind, column in CASE_COLUMNS.items():
            value = excerpt[column]
            if value is None:
                continue
            if (kind, value) not in members:
                raise ValueError(
                    f"excerpts.csv: {excerpt['excerpt_id']}: {column} {value!r} — a known {kind}"
                )
            members[kind, value].append(selections[excerpt["excerpt_id"]])
    if not entries:
        return
    variables = _add(parent, "Variables")
    for name in (KIND_VARIABLE, ID_VARIABLE, ROLE_VARIABLE):
        _add(variables, "Variable", guid=guid("variable", name), name=name, typeOfVariable="Text")
    cases = _add(parent, "Cases")
    for (kind, row_id), (name, role) in entries.items():
        case = _add(cases, "Case", guid=guid(kind, row_id), name=name)
        values = {KIND_VARIABLE: kind, ID_VARIABLE: row_id, ROLE_VARIABLE: role}
        for variable, value in values.items():
            if value is not None:
                holder = _add(case, "VariableValue")
                _add(holder, "VariableRef", targetGUID=guid("variable", variable))
                _add(holder, "TextValue", value)
        for selection in members[kind, row_id]:
            _add(case, "SelectionRef", targetGUID=selection)


def project(tables: dict[str, pd.DataFrame], lang: str = "nb") -> dict[str, bytes]:
    """The archive's entries: ``project.qde`` and one ``sources/<GUID>.txt`` per chapter."""
    _need(tables, TABLES)
    text = _TEXT[lang]
    codes, excerpts = _rows(tables["codes"]), _rows(tables["excerpts"])
    records = _Records()
    code_notes = {
        code["code_id"]: records.add("codes", code["code_id"], number, code, CODE_ELEMENT_COLUMNS)
        for number, code in enumerate(codes, start=1)
    }
    selections = {excerpt["excerpt_id"]: guid("excerpt", excerpt["excerpt_id"]) for excerpt in excerpts}
    coded: dict[str, list[str]] = {}
    for coding in _rows(tables["codings"]):
        excerpt_id, code_id = coding["excerpt_id"], coding["code_id"]
        if excerpt_id not in selections or code_id not in code_notes:
            raise ValueError(f"codings.csv: {excerpt_id},{code_id} — a known excerpt_id and code_id")
        coded.setdefault(excerpt_id, []).append(code_id)

    root = _root("Project", PROJECT_NS, name=text["project"], origin=ORIGIN, creatingUserGUID=USER_GUID)
    users = _add(root, "Users")
    _add(users, "User", guid=USER_GUID, name=ORIGIN)
    if codes:
        codebook = _add(_add(root, "CodeBook"), "Codes")
        _add_codes(codebook, codes, lang, code_notes)
    _cases(root, tables, lang, excerpts, selections)

    chapters: dict[str, list[tuple[int, Row]]] = {}
    for number, excerpt in enumerate(excerpts, start=1):
        chapters.setdefault(chapter_of(excerpt["section"]), []).append((number, excerpt))
    files = {}
    sources = _add(root, "Sources") if chapters else None
    for chapter in sorted(chapters, key=_chapter_order):
        source_guid = guid("source", f"chapter-{chapter}")
        source = _add(
            sources,
            "TextSource",
            guid=source_guid,
            name=text["source"].format(chapter=chapter),
            plainTextPath=f"internal://{source_guid}.txt",
        )
        content = ""
        for index, (number, excerpt) in enumerate(chapters[chapter]):
            excerpt_id = excerpt["excerpt_id"]
            if index:
                content += SEPARATOR
            # Python counts a str in code points, as the standard counts characters.
            start, content = len(content), content + excerpt["text_nb"]
            selection = _add(
                source,
                "PlainTextSelection",
                guid=selections[excerpt_id],
                name=excerpt_id,
                startPosition=str(start),
                endPosition=str(len(content)),
            )
            if excerpt["gloss_en"] is not None:
                _add(selection, "Description", excerpt["gloss_en"])
            for code_id in coded.get(excerpt_id, []):
                coding = _add(selection, "Coding", guid=guid("coding", f"{excerpt_id}/{code_id}"))
                _add(coding, "CodeRef", targetGUID=guid("code", code_id))
            note = records.add("excerpts", excerpt_id, number, excerpt, EXCERPT_ELEMENT_COLUMNS)
            _add(selection, "NoteRef", targetGUID=note)
        files[f"sources/{source_guid}.txt"] = content.encode("utf-8")

    if records.notes:
        notes = _add(root, "Notes")
        for note_guid, name, content in records.notes:
            note = _add(notes, "Note", guid=note_guid, name=name)
            _add(note, "PlainTextContent", content)
    return {"project.qde": _serialise(root), **files}


def archive(entries: dict[str, bytes]) -> bytes:
    """The project's entries as a zip, byte-stable: sorted, dated 1980-01-01, stored uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            # Stored, not deflated: deflate's bytes depend on the zlib build (zlib-ng differs), and a
            # rebuild elsewhere must give the same file.
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3  # Unix, wherever it is built
            info.external_attr = 0o644 << 16
            zipped.writestr(info, entries[name])
    return buffer.getvalue()


def export_qdpx(tables: dict[str, pd.DataFrame], out_path: Path, lang: str = "nb") -> Path:
    """Write the project: codebook, one source per chapter, every excerpt a coded selection.

    ``lang`` names the codes, sources, settings and cases (``label_nb`` or ``label_en``); both
    labels travel in the record notes, so an import reads either file the same.
    """
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(archive(project(tables, lang)))
    return out_path


def codebook(tables: dict[str, pd.DataFrame], lang: str = "nb") -> bytes:
    _need(tables, ("codes",))
    root = _root("CodeBook", CODEBOOK_NS, origin=ORIGIN)
    codes = _rows(tables["codes"])
    if codes:
        _add_codes(_add(root, "Codes"), codes, lang, notes={})
    return _serialise(root)


def export_qdc(tables: dict[str, pd.DataFrame], out_path: Path, lang: str = "nb") -> Path:
    """Write the codebook alone: the code hierarchy with each definition as its Description."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(codebook(tables, lang))
    return out_path


def files(tables: dict[str, pd.DataFrame], lang: str = "nb") -> dict[str, bytes]:
    """The project (``qdpx``) and the codebook alone (``qdc``), for the build to write."""
    return {"qdpx": archive(project(tables, lang)), "qdc": codebook(tables, lang)}
