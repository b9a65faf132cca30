"""Write the codebook and the coded excerpts as a REFI-QDA project (.qdpx) and codebook (.qdc)."""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.i18n import pick, text
from analysis.refiqda.common import (
    CASE_COLUMNS,
    CODE_ELEMENT_COLUMNS,
    CODEBOOK_NS,
    CREATED,
    EXCERPT_ELEMENT_COLUMNS,
    ID_VARIABLE,
    KIND_VARIABLE,
    MEMO_KEY,
    ORIGIN,
    PROJECT_NS,
    ROW_KEY,
    USER_GUID,
    encode_record,
    guid,
    memo_digest,
    record_name,
)

TABLES = ("codes", "codings", "excerpts", "persons", "settings", "cases")
FORMATS = ("qdpx", "qdc")

# Light colours, so that black text stays legible where a QDA tool paints a code behind it.
PALETTE = (
    "#A6CEE3", "#B2DF8A", "#FB9A99", "#FDBF6F", "#CAB2D6", "#FFFF99",
    "#8DD3C7", "#BEBADA", "#FB8072", "#80B1D3", "#FDB462", "#B3DE69",
)  # fmt: skip

_TEXT = {
    "project": {
        "nb": "Brodtkorb (2017): sitater fra feltarbeidet og kodingen av dem",
        "en": "Brodtkorb (2017): fieldwork excerpts and their coding",
    },
    "lines": {"nb": "linje", "en": "lines"},
    "conversation": {"nb": "samtale", "en": "conversation"},
    "setting": {"nb": "møtetype", "en": "setting"},
    "no setting": {"nb": "møtetype ikke oppgitt", "en": "setting not stated"},
    "chapter": {"nb": "kapittel", "en": "chapter"},
    "role": {"nb": "rolle", "en": "role"},
    "speakers": {"nb": "talere", "en": "speakers"},
    "unnamed": {"nb": "{label}", "en": "unnamed speaker («{label}» in the thesis)"},
    "source memo": {
        "nb": "{turns} replikk(er) fra avhandlingen, ordrett. Talere og linjetall er satt inn av oss.",
        "en": "{turns} turn(s) from the thesis, verbatim (Norwegian). Speakers and line numbers are ours.",
    },
    "kind.block": {"nb": "blokksitat", "en": "block quotation"},
    "kind.inline": {"nb": "sitat i løpende tekst", "en": "inline quotation"},
    "kind.document": {"nb": "sitert dokument", "en": "quoted document"},
    "speaker": {"nb": "Taler", "en": "Speaker"},
    "case": {"nb": "sak", "en": "case"},
    "gloss": {"nb": "Vår oversettelse (engelsk): {text}", "en": "Our English translation: {text}"},
    "note": {"nb": "Vår merknad (finnes bare på engelsk): {text}", "en": "Our note: {text}"},
    "definition": {"nb": "Definisjon (finnes bare på engelsk): {text}", "en": "Definition: {text}"},
    "origin.thesis": {"nb": "Avhandlingens eget begrep", "en": "The thesis's own concept"},
    "origin.analyst": {"nb": "Vår analytiske kode", "en": "Our analytic code"},
    "evidence": {"nb": "Belegg", "en": "Evidence"},
    "label.en": {"nb": "Engelsk navn (vårt): {text}", "en": "English name: {text}"},
    "label.nb": {"nb": "Norsk navn: {text}", "en": "Norwegian name: {text}"},
}

# A zip entry carries a date; a fixed one (the earliest a zip can hold) keeps the bytes stable.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Characters a QDA tool cannot put in a file name: QualCoder copies each source to
# documents/<name>.txt, so a source's name must be a valid file name everywhere.
_NOT_IN_NAMES = str.maketrans({char: "-" for char in '\\/:*?"<>|'})

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


def colour(code_id: str) -> str:
    """A code's colour, from its id alone: the same on every run, whatever the order of the codebook."""
    return PALETTE[int(hashlib.sha256(code_id.encode("utf-8")).hexdigest(), 16) % len(PALETTE)]


def _lines(lines: str) -> str:
    return lines.replace("-", "–")


def _locator(section: str, lines: str, lang: str) -> str:
    return f"{section}, {pick(_TEXT, 'lines', lang)} {_lines(lines)}"


def code_memo(code: Row, lang: str) -> str:
    """What a QDA user reads as the code's memo: definition, origin and evidence, language said."""
    other = "en" if lang == "nb" else "nb"
    parts = [pick(_TEXT, f"label.{other}", lang).format(text=code[f"label_{other}"])]
    if code["definition_en"] is not None:
        parts.append(pick(_TEXT, "definition", lang).format(text=code["definition_en"]))
    if code.get("origin") in ("thesis", "analyst"):
        parts.append(pick(_TEXT, f"origin.{code['origin']}", lang))
    if code.get("evidence"):
        where = _locator(code["section"] or "", code["lines"] or "", lang)
        status = f" · {text('status.' + code['status'], lang)}" if code.get("status") else ""
        parts.append(f"{pick(_TEXT, 'evidence', lang)} ({where}): «{code['evidence']}»{status}")
    return "\n".join(parts)


def _add_codes(
    parent: ET.Element, codes: list[Row], lang: str, notes: dict[str, str], memos: dict[str, str]
) -> None:
    """The codes nested by ``parent_id``, siblings in table order; each with its memo and its note."""
    children: dict[str | None, list[Row]] = {}
    for code in codes:
        children.setdefault(code["parent_id"], []).append(code)
    placed = set()

    def place(into: ET.Element, code: Row) -> None:
        code_id = code["code_id"]
        placed.add(code_id)
        element = _add(
            into,
            "Code",
            guid=guid("code", code_id),
            name=code[f"label_{lang}"],
            isCodable="true",
            color=colour(code_id),
        )
        if memos[code_id]:
            _add(element, "Description", memos[code_id])
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


def _stamp(user: str = USER_GUID, created: str = CREATED, modified: bool = False) -> dict[str, str]:
    """Who made an element and when: our one user, at the one fixed instant.

    QualCoder's import reads a Note's creationDateTime unguarded (a Note without one aborts it), and a
    selection without a declared creatingUser becomes the coder "default", whose codings it hides.
    It dates an annotation by its modifiedDateTime, so notes carry that too.
    """
    stamp = {"creatingUser": user, "creationDateTime": created}
    if modified:
        stamp |= {"modifyingUser": user, "modifiedDateTime": created}
    return stamp


class _Records:
    """The record notes: the columns of a row that the project holds in no element of its own."""

    def __init__(self, created: str) -> None:
        self.created = created
        # guid, name, text, and the selection the note annotates (source guid, start, end) if any
        self.notes: list[tuple[str, str, str, tuple[str, int, int] | None]] = []

    def add(
        self,
        table: str,
        row_id: str,
        number: int,
        row: Row,
        carried: Sequence[str],
        memo: str,
        span: tuple[str, int, int] | None = None,
    ) -> str:
        fields = {
            column: value for column, value in row.items() if column not in carried and value is not None
        }
        note_guid = guid("note", f"{table}:{row_id}")
        record = encode_record({**fields, ROW_KEY: str(number), MEMO_KEY: memo_digest(memo)})
        self.notes.append((note_guid, record_name(table, row_id), record, span))
        return note_guid

    def write(self, root: ET.Element) -> None:
        if not self.notes:
            return
        notes = _add(root, "Notes")
        for note_guid, name, content, span in self.notes:
            stamp = _stamp(created=self.created, modified=True)
            note = _add(notes, "Note", guid=note_guid, name=name, **stamp)
            _add(note, "PlainTextContent", content)
            if span is not None:
                # The note's own selection is what QualCoder anchors an annotation to.
                _, start, end = span
                _add(
                    note,
                    "PlainTextSelection",
                    guid=guid("note-selection", name),
                    startPosition=str(start),
                    endPosition=str(end),
                    **_stamp(created=self.created),
                )


def _need(tables: dict[str, pd.DataFrame], names: Sequence[str]) -> None:
    missing = [name for name in names if name not in tables]
    if missing:
        raise ValueError(f"the export needs the table(s) {', '.join(missing)}")


class _People:
    """Names for speakers, settings and cases in the project's language."""

    def __init__(self, tables: dict[str, pd.DataFrame], lang: str):
        self.lang = lang
        self.persons = {row["person_id"]: row for row in _rows(tables["persons"])}
        self.settings = {row["setting_id"]: row[f"name_{lang}"] for row in _rows(tables["settings"])}
        self.cases = {row["case_id"]: row[f"label_{lang}"] for row in _rows(tables["cases"])}

    def speaker(self, excerpt: Row) -> str:
        """How the source text labels a turn: the thesis's designation (the pseudonym in English)."""
        person = self.persons.get(excerpt["speaker_id"] or "")
        label = excerpt.get("speaker_label_nb") or (person["pseudonym"] if person else "?")
        if self.lang == "en":
            return person["pseudonym"] if person else pick(_TEXT, "unnamed", "en").format(label=label)
        return label

    def role(self, person_id: str | None) -> str | None:
        person = self.persons.get(person_id or "")
        if person is None:
            return None
        return person["role"] if self.lang == "nb" else person.get("role_en") or person["role"]

    def setting(self, setting_id: str | None) -> str:
        if setting_id is None:
            return pick(_TEXT, "no setting", self.lang)
        return self.settings[setting_id]


def excerpt_memo(excerpt: Row, people: _People) -> str:
    """What a QDA user reads beside a coded turn: locator, speaker, setting, our gloss and note."""
    lang = people.lang
    head = f"Brodtkorb (2017), {_locator(excerpt['section'], excerpt['lines'], lang)}"
    if excerpt.get("kind"):
        head += f" · {pick(_TEXT, 'kind.' + excerpt['kind'], lang)}"
    if excerpt.get("status"):
        head += f" · {text('status.' + excerpt['status'], lang)}"
    who = f"{pick(_TEXT, 'speaker', lang)}: {people.speaker(excerpt)}"
    role = people.role(excerpt["speaker_id"])
    if role:
        who += f" ({role})"
    who += f" · {pick(_TEXT, 'setting', lang)}: {people.setting(excerpt['setting_id'])}"
    if excerpt["case_id"] is not None:
        who += f" · {pick(_TEXT, 'case', lang)}: {people.cases[excerpt['case_id']]}"
    parts = [head, who]
    if excerpt.get("gloss_en"):
        parts.append(pick(_TEXT, "gloss", lang).format(text=excerpt["gloss_en"]))
    if excerpt.get("note"):
        parts.append(pick(_TEXT, "note", lang).format(text=excerpt["note"]))
    return "\n".join(parts)


def _conversation_order(conversation_id: str) -> tuple[int, int, str]:
    chapter, _, number = conversation_id.removeprefix("c").partition("-")
    digits = chapter.isdigit() and number.isdigit()
    return (int(chapter), int(number), "") if digits else (10**9, 0, conversation_id)


def _variable_value(parent: ET.Element, variable_key: str, value: str) -> None:
    holder = _add(parent, "VariableValue")
    _add(holder, "VariableRef", targetGUID=guid("variable", variable_key))
    _add(holder, "TextValue", value)


# The variables: key (for the GUID) and the name a QDA user sees, per language. Our import finds
# our Cases by the first two, whose names never change.
VARIABLE_KEYS = (
    KIND_VARIABLE,
    ID_VARIABLE,
    "role",
    "source:conversation",
    "source:setting",
    "source:chapter",
    "source:speakers",
)


def _variable_names(lang: str) -> dict[str, str]:
    return {
        KIND_VARIABLE: KIND_VARIABLE,
        ID_VARIABLE: ID_VARIABLE,
        "role": pick(_TEXT, "role", lang),
        "source:conversation": pick(_TEXT, "conversation", lang),
        "source:setting": pick(_TEXT, "setting", lang),
        "source:chapter": pick(_TEXT, "chapter", lang),
        "source:speakers": pick(_TEXT, "speakers", lang),
    }


def _cases(
    parent: ET.Element,
    people: _People,
    tables: dict[str, pd.DataFrame],
    excerpts: list[Row],
    selections: dict[str, str],
) -> None:
    """Variables and Cases: a Case for every person, setting and participant's case, with its selections."""
    lang = people.lang
    entries = {}  # (kind, id) -> name, role
    for person in _rows(tables["persons"]):
        entries["person", person["person_id"]] = person["pseudonym"], people.role(person["person_id"])
    for setting_id, name in people.settings.items():
        entries["setting", setting_id] = name, None
    for case_id, label in people.cases.items():
        entries["case", case_id] = label, None
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
    variables = _add(parent, "Variables")
    for key, name in _variable_names(lang).items():
        _add(variables, "Variable", guid=guid("variable", key), name=name, typeOfVariable="Text")
    if not entries:
        return
    cases = _add(parent, "Cases")
    for (kind, row_id), (name, role) in entries.items():
        case = _add(cases, "Case", guid=guid(kind, row_id), name=name)
        values = {KIND_VARIABLE: kind, ID_VARIABLE: row_id, "role": role}
        for variable, value in values.items():
            if value is not None:
                _variable_value(case, variable, value)
        for selection in members[kind, row_id]:
            _add(case, "SelectionRef", targetGUID=selection)


def _conversations(excerpts: list[Row]) -> dict[str, list[tuple[int, Row]]]:
    """The excerpts by conversation, each in turn order (then table order), with its table row number."""
    conversations: dict[str, list[tuple[int, Row]]] = {}
    for number, excerpt in enumerate(excerpts, start=1):
        conversations.setdefault(excerpt["conversation_id"], []).append((number, excerpt))
    for turns in conversations.values():
        turns.sort(key=lambda item: (int(item[1]["turn"]), item[0]))
    return {key: conversations[key] for key in sorted(conversations, key=_conversation_order)}


def _span(turns: list[tuple[int, Row]], lang: str) -> str:
    sections = list(dict.fromkeys(excerpt["section"] for _, excerpt in turns))
    numbers = [int(n) for _, excerpt in turns for n in excerpt["lines"].split("-")]
    first, last = min(numbers), max(numbers)
    lines = str(first) if first == last else f"{first}-{last}"
    return _locator(", ".join(sections), lines, lang)


def project(tables: dict[str, pd.DataFrame], lang: str = "nb", created: str = CREATED) -> dict[str, bytes]:
    """The archive's entries: ``project.qde`` and one ``sources/<GUID>.txt`` per conversation."""
    _need(tables, TABLES)
    people = _People(tables, lang)
    codes, excerpts = _rows(tables["codes"]), _rows(tables["excerpts"])
    records = _Records(created)
    code_memos = {code["code_id"]: code_memo(code, lang) for code in codes}
    code_notes = {
        code["code_id"]: records.add(
            "codes", code["code_id"], number, code, CODE_ELEMENT_COLUMNS, code_memos[code["code_id"]]
        )
        for number, code in enumerate(codes, start=1)
    }
    selections = {excerpt["excerpt_id"]: guid("excerpt", excerpt["excerpt_id"]) for excerpt in excerpts}
    coded: dict[str, list[str]] = {}
    for coding in _rows(tables["codings"]):
        excerpt_id, code_id = coding["excerpt_id"], coding["code_id"]
        if excerpt_id not in selections or code_id not in code_notes:
            raise ValueError(f"codings.csv: {excerpt_id},{code_id} — a known excerpt_id and code_id")
        coded.setdefault(excerpt_id, []).append(code_id)

    root = _root(
        "Project",
        PROJECT_NS,
        name=pick(_TEXT, "project", lang),
        origin=ORIGIN,  # QualCoder reads origin unguarded; a name with "ATLAS" changes its offsets
        creatingUserGUID=USER_GUID,
        creationDateTime=created,
    )
    _add(_add(root, "Users"), "User", guid=USER_GUID, name=ORIGIN)
    if codes:
        codebook = _add(_add(root, "CodeBook"), "Codes")
        _add_codes(codebook, codes, lang, code_notes, code_memos)
    _cases(root, people, tables, excerpts, selections)

    files = {}
    conversations = _conversations(excerpts)
    sources = _add(root, "Sources") if conversations else None
    for conversation_id, turns in conversations.items():
        source_guid = guid("source", f"conversation-{conversation_id}")
        setting_ids = list(dict.fromkeys(e["setting_id"] for _, e in turns if e["setting_id"] is not None))
        setting = ", ".join(people.setting(s) for s in setting_ids) or people.setting(None)
        locator = _span(turns, lang)
        source = _add(
            sources,
            "TextSource",
            guid=source_guid,
            name=f"{conversation_id} · {locator} · {setting}".translate(_NOT_IN_NAMES),
            plainTextPath=f"internal://{source_guid}.txt",
            **_stamp(created=created),
        )
        _add(source, "Description", pick(_TEXT, "source memo", lang).format(turns=len(turns)))
        conversation = pick(_TEXT, "conversation", lang)
        content = f"Brodtkorb (2017) · {conversation} {conversation_id} · {setting}\n{locator}\n"
        references = []
        for number, excerpt in turns:
            excerpt_id = excerpt["excerpt_id"]
            label = f"{people.speaker(excerpt)} ({_locator(excerpt['section'], excerpt['lines'], lang)})"
            content += f"\n{label}:\n"
            # Python counts a str in code points, as the standard counts characters.
            start, content = len(content), content + excerpt["text_nb"]
            end = len(content)
            content += "\n"
            memo = excerpt_memo(excerpt, people)
            selection = _add(
                source,
                "PlainTextSelection",
                guid=selections[excerpt_id],
                name=excerpt_id,
                startPosition=str(start),
                endPosition=str(end),
                **_stamp(created=created),
            )
            _add(selection, "Description", memo)
            for code_id in coded.get(excerpt_id, []):
                coding = _add(
                    selection,
                    "Coding",
                    guid=guid("coding", f"{excerpt_id}/{code_id}"),
                    **_stamp(created=created),
                )
                _add(coding, "CodeRef", targetGUID=guid("code", code_id))
            span = (source_guid, start, end)
            note = records.add("excerpts", excerpt_id, number, excerpt, EXCERPT_ELEMENT_COLUMNS, memo, span)
            _add(selection, "NoteRef", targetGUID=note)
            references.append(note)
        # QualCoder reads a source's NoteRefs (not a selection's) as its annotations.
        for note in references:
            _add(source, "NoteRef", targetGUID=note)
        values = {
            "source:conversation": conversation_id,
            "source:setting": setting,
            "source:chapter": ", ".join(dict.fromkeys(e["section"].split(".")[0] for _, e in turns)),
            # QualCoder reads no Case's selections: a source's speakers as a file attribute let its
            # user find a person's conversations there too.
            "source:speakers": "; ".join(dict.fromkeys(people.speaker(e) for _, e in turns)),
        }
        for key, value in values.items():
            _variable_value(source, key, value)
        # LF only and no byte-order mark: QualCoder counts positions in the text as read, and shifts
        # every line of a file whose first line ends in CRLF.
        files[f"sources/{source_guid}.txt"] = content.encode("utf-8")

    records.write(root)
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


def export_qdpx(
    tables: dict[str, pd.DataFrame], out_path: Path, lang: str = "nb", created: str = CREATED
) -> Path:
    """Write the project: codebook, one source per conversation, every excerpt a coded selection.

    ``lang`` names the codes, sources, settings and cases (``label_nb`` or ``label_en``); both
    labels travel in the record notes, so an import reads either file the same.
    """
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(archive(project(tables, lang, created)))
    return out_path


def codebook(tables: dict[str, pd.DataFrame], lang: str = "nb") -> bytes:
    _need(tables, ("codes",))
    root = _root("CodeBook", CODEBOOK_NS, origin=ORIGIN)
    codes = _rows(tables["codes"])
    if codes:
        memos = {code["code_id"]: code_memo(code, lang) for code in codes}
        _add_codes(_add(root, "Codes"), codes, lang, notes={}, memos=memos)
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
