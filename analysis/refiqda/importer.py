"""Read a REFI-QDA project (.qdpx) back into codes.csv, codings.csv and excerpts.csv.

Every element of the project is either mapped into a row, kept as a memo, or reported: an element
nothing maps (a PDF source, a Case that is none of ours), and an attribute nothing reads (a colour or a
creation date other than the ones we write), each named with how often it occurs and one GUID to
find it by. Memos another tool added (a note on a selection or a source, a Description that is no
longer the one we wrote) go to memos.csv, with their author and date. Broken input (not
a zip, no project.qde, XML the schema rejects, a reference to a GUID that is not there, a selection
outside its source) raises QdpxError, and nothing is written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from analysis import paths
from analysis.refiqda import archive
from analysis.refiqda.common import (
    CASE_COLUMNS,
    CODE_ELEMENT_COLUMNS,
    CREATED,
    DEFAULT_SCHEMA,
    EXCERPT_ELEMENT_COLUMNS,
    ID_VARIABLE,
    KIND_VARIABLE,
    MEMO_KEY,
    RECORD_PREFIX,
    ROW_KEY,
    USER_GUID,
    QdpxError,
    decode_record,
    guid,
    memo_digest,
    normal_guid,
    qname,
    record_table,
)
from analysis.refiqda.export import VARIABLE_KEYS, colour
from analysis.schema import DESCRIPTOR, Package

TABLES = ("codes", "codings", "excerpts")
MEMOS = "memos.csv"
MEMO_COLUMNS = ("memo_id", "target_table", "target_id", "user", "created", "text")
# Attributes whose value, where it is the one our export writes, says nothing the tables lack.
_USERS = ("creatingUser", "modifyingUser", "creatingUserGUID", "modifyingUserGUID")
_DATES = ("creationDateTime", "modifiedDateTime")
_SOURCES = ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")
_SELECTIONS = ("PlainTextSelection", "PictureSelection", "PDFSelection", "AudioSelection", "VideoSelection")
# What each kind of reference must point at.
_TARGETS = {
    "CodeRef": ("Code",),
    "MemberCode": ("Code",),
    "NoteRef": ("Note",),
    "MemberNote": ("Note",),
    "VariableRef": ("Variable",),
    "SourceRef": _SOURCES,
    "MemberSource": _SOURCES,
    "SelectionRef": (*_SELECTIONS, "TranscriptSelection"),
}
_CONTAINERS = {"Users", "CodeBook", "Codes", "Variables", "Cases", "Sources", "Notes"}
# Attributes that are read, or that describe the file rather than the data (the project's name).
_KNOWN = {
    "Project": {"name", "origin", "creatingUserGUID"},
    "User": {"guid", "name", "id"},
    "Code": {"guid", "name", "isCodable"},
    "Variable": {"guid", "name", "typeOfVariable"},
    "Case": {"guid", "name"},
    "TextSource": {"guid", "name", "plainTextPath"},
    "PlainTextSelection": {"guid", "name", "startPosition", "endPosition"},
    "Coding": {"guid"},
    "Note": {"guid", "name"},
    **{tag: {"targetGUID"} for tag in _TARGETS},
}
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_OUR_VARIABLES = {guid("variable", key) for key in VARIABLE_KEYS}
_KEYS = {"codes": "code_id", "excerpts": "excerpt_id"}
_WHY = {
    **{tag: "only plain-text sources become excerpts" for tag in _SOURCES if tag != "TextSource"},
    "Case": f"a Case without {KIND_VARIABLE} and {ID_VARIABLE} is none of our persons, settings or cases",
    "Note": f"only {RECORD_PREFIX} record notes map to columns, and only a memo's PlainTextContent is read",
    "User": "our tables hold no users",
    "Variable": "only the variables of our own Cases map",
    **{tag: f"our tables hold no {tag.lower()}" for tag in ("Sets", "Links", "Graphs")},
}


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


class _Project:
    """One project.qde being mapped: its elements by GUID, what has been claimed, what is reported."""

    def __init__(self, root: ET.Element, files: dict[str, bytes], where: str):
        self.root, self.files, self.where = root, files, where
        self.parents = {child: parent for parent in root.iter() for child in parent}
        self.claimed: set[ET.Element] = set()
        self.reasons: dict[ET.Element, str] = {}
        self.notes: list[str] = []
        self.memos: list[dict] = []
        self.colours: dict[ET.Element, str] = {}  # our codes' colours, as we write them
        self.users = {
            normal_guid(user.get("guid")): user.get("name") or "" for user in root.iter(qname("User"))
        }
        self.by_guid: dict[str, ET.Element] = {}
        for element in root.iter():
            if element.get("guid") is None:
                continue
            key = normal_guid(element.get("guid"))
            if key in self.by_guid:
                raise QdpxError(
                    f"{where}: {self.name(element)}: its GUID is also {self.name(self.by_guid[key])}'s"
                )
            self.by_guid[key] = element
        self._check_references()

    def name(self, element: ET.Element) -> str:
        """The element as a reader can find it: tag, name and GUID, inside its nearest owner."""
        label = f"{_tag(element)} {element.get('guid', '')}".rstrip()
        if element.get("name"):
            label += f" ({element.get('name')!r})"
        owner = self.parents.get(element)
        while owner is not None and owner.get("guid") is None:
            owner = self.parents.get(owner)
        return label if owner is None else f"{label} in {_tag(owner)} {owner.get('guid')}"

    def _check_references(self) -> None:
        for element in self.root.iter():
            wanted = _TARGETS.get(_tag(element))
            if wanted is None:
                continue
            target = element.get("targetGUID", "")
            found = self.by_guid.get(normal_guid(target))
            if found is None or _tag(found) not in wanted:
                what = "nothing" if found is None else f"a {_tag(found)}"
                owner = self.name(self.parents[element])
                raise QdpxError(
                    f"{self.where}: {_tag(element)} targetGUID {target} of {owner} points at {what} — "
                    f"expected the GUID of a {' or '.join(wanted)} in the project"
                )

    def target(self, reference: ET.Element) -> ET.Element:
        return self.by_guid[normal_guid(reference.get("targetGUID"))]

    def claim(self, *elements: ET.Element) -> None:
        self.claimed.update(elements)

    def text_of(self, element: ET.Element, tag: str) -> str | None:
        child = element.find(qname(tag))
        if child is None:
            return None
        self.claim(child)
        return child.text or None

    def record(self, element: ET.Element, table: str) -> dict[str, str] | None:
        """The fields of the element's record note for ``table``, or None if it has none."""
        found = None
        for reference in element.findall(qname("NoteRef")):
            note = self.target(reference)
            content = note.find(qname("PlainTextContent"))
            if record_table(note.get("name")) != table or content is None:
                continue
            if found is not None:
                raise QdpxError(f"{self.where}: {self.name(element)}: two {RECORD_PREFIX}{table} notes — one")
            found = decode_record(content.text or "", f"{self.where}: {self.name(note)}")
            self.claim(reference, note, content)
        return found

    def row(self, element: ET.Element, table: str, number: int) -> dict:
        """A row begun from the record note, placed in the table's order (its own row, else after)."""
        fields = self.record(element, table)
        row = dict(fields or {})
        position = row.pop(ROW_KEY, None)
        if position is not None and not position.isdecimal():
            raise QdpxError(f"{self.where}: {self.name(element)}: {ROW_KEY} {position!r} — a row number")
        row["_order"] = (0, int(position), 0) if position is not None else (1, 0, number)
        row["_memo"] = row.pop(MEMO_KEY, None)
        row["_record"] = fields is not None
        row["_guid"] = normal_guid(element.get("guid"))
        return row

    def ours(self, element: ET.Element, attribute: str) -> bool:
        """Whether an attribute holds what our export writes there (our user, our date, our colour)."""
        value = element.get(attribute) or ""
        if attribute in _USERS:
            return normal_guid(value) == USER_GUID
        if attribute in _DATES:
            return value == CREATED
        return attribute == "color" and self.colours.get(element) == value.upper()

    def memo(self, element: ET.Element, table: str, target_id: str, text: str, own: bool = True) -> None:
        """Keep a memo; ``own``: the element is the memo (a note), so its creator wrote it. A changed
        Description is dated and signed only by the element's modifier, where the tool names one."""
        user = element.get("modifyingUser") or (element.get("creatingUser") if own else None) or ""
        created = element.get("modifiedDateTime") or (element.get("creationDateTime") if own else None)
        self.memos.append(
            {
                "memo_id": normal_guid(element.get("guid", "")),
                "target_table": table,
                "target_id": target_id,
                "user": self.users.get(normal_guid(user), ""),
                "created": created or "",
                "text": text,
            }
        )

    def description(self, element: ET.Element, row: dict, table: str) -> str | None:
        """The element's Description as a column value: None where it is our memo (which the record
        holds) or another's memo on one of our rows (kept as that memo)."""
        text = self.text_of(element, "Description")
        if not row["_record"]:
            return text
        if text is not None and memo_digest(text) != row["_memo"]:
            self.memo(element, table, row[_KEYS[table]], text, own=False)
        return None

    def foreign_notes(self, holder: ET.Element, table: str, target_id: str) -> None:
        """Notes another tool hung on one of our rows (not our record notes): kept as memos."""
        for reference in holder.findall(qname("NoteRef")):
            note = self.target(reference)
            if reference in self.claimed or record_table(note.get("name")) is not None:
                continue
            self.note_memo(note, table, target_id)
            self.claim(reference)

    def note_memo(self, note: ET.Element, table: str, target_id: str) -> None:
        content = note.find(qname("PlainTextContent"))
        if content is None:
            return  # its text is in a file: reported as not mapped
        self.claim(note, content, *note.findall(qname("PlainTextSelection")))
        self.memo(note, table, target_id, content.text or "")

    def source_notes(self, source: ET.Element, spans: list[tuple[int, int, str]]) -> None:
        """A source's NoteRefs: to our record notes (QualCoder's annotations), or another's memos,
        kept on the excerpts their own selection overlaps (else on the source)."""
        for reference in source.findall(qname("NoteRef")):
            note = self.target(reference)
            if record_table(note.get("name")) is not None:
                self.claim(reference, *note.findall(qname("PlainTextSelection")))
                continue
            where = note.find(qname("PlainTextSelection"))
            targets = []
            if where is not None and where.get("startPosition", "").isdecimal():
                start, end = int(where.get("startPosition")), int(where.get("endPosition", "0") or 0)
                targets = [key for first, last, key in spans if first < end and start < last]
            for target_id in targets or [source.get("name") or normal_guid(source.get("guid"))]:
                self.note_memo(note, "excerpts" if targets else "sources", target_id)
            self.claim(reference)

    def source_variables(self, source: ET.Element) -> None:
        for holder in source.findall(qname("VariableValue")):
            reference = holder.find(qname("VariableRef"))
            if normal_guid(reference.get("targetGUID")) in _OUR_VARIABLES:
                self.claim(holder, *holder.iter(), self.target(reference))

    def source_text(self, source: ET.Element) -> str | None:
        path, member = source.get("plainTextPath"), archive.member(source)
        if path is None:
            return self.text_of(source, "PlainTextContent") or ""
        if member is None:
            self.reasons[source] = (
                f"its text is outside the archive ({path}), so its selections map to nothing"
            )
            return None
        if member not in self.files:
            raise QdpxError(
                f"{self.where}: {self.name(source)}: plainTextPath {path} — a file {member} in the archive"
            )
        try:
            return self.files[member].decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise QdpxError(f"{self.where}: {member}: byte {error.start} — UTF-8 text") from error

    def codes(self) -> list[dict]:
        rows: list[dict] = []

        def visit(code: ET.Element, parent_id: str | None) -> None:
            self.claim(code)
            row = self.row(code, "codes", len(rows))
            if not row["_record"]:
                row["code_id"], row["label_nb"] = row["_guid"].lower(), code.get("name")
                row["definition_en"] = self.description(code, row, "codes")
            else:
                self.description(code, row, "codes")
                self.colours[code] = colour(row["code_id"])
            row["parent_id"] = parent_id
            self.foreign_notes(code, "codes", row["code_id"])
            rows.append(row)
            for child in code.findall(qname("Code")):
                visit(child, row["code_id"])

        for code in self.root.iterfind(f"{qname('CodeBook')}/{qname('Codes')}/{qname('Code')}"):
            visit(code, None)
        return rows

    def excerpts(self, code_ids: dict[str, str]) -> tuple[list[dict], list[dict]]:
        excerpts: list[dict] = []
        codings: list[dict] = []
        for source in self.root.iterfind(f"{qname('Sources')}/{qname('TextSource')}"):
            text = self.source_text(source)
            if text is None:
                continue
            self.claim(source)
            first, spans = len(excerpts), []
            for selection in source.findall(qname("PlainTextSelection")):
                excerpts.append(self._excerpt(selection, source, text, len(excerpts)))
                codings.extend(self._codings(selection, excerpts[-1], code_ids))
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                spans.append((start, end, excerpts[-1]["excerpt_id"]))
            ours = bool(spans) and all(row["_record"] for row in excerpts[first:])
            memo = self.text_of(source, "Description")
            if memo is not None and not ours:
                self.memo(source, "sources", source.get("name") or normal_guid(source.get("guid")), memo)
            self.source_notes(source, spans)
            self.source_variables(source)
            # Our sources are named after a chapter, which each excerpt's section gives back; another
            # tool's source name (the interview, say) has no column to go to.
            if source.get("name") and not all(row["_record"] for row in excerpts[first:]):
                self.notes.append(
                    f"{self.name(source)}: its name is not kept (excerpts have no source column)"
                )
        return excerpts, codings

    def _excerpt(self, selection: ET.Element, source: ET.Element, text: str, number: int) -> dict:
        self.claim(selection)
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError) as error:
            raise QdpxError(
                f"{self.where}: {self.name(selection)}: start/endPosition — whole numbers"
            ) from error
        if not 0 <= start <= end <= len(text):
            raise QdpxError(
                f"{self.where}: {self.name(selection)}: startPosition {start}, endPosition {end} — "
                f"0 <= start <= end <= {len(text)}, the length of {self.name(source)} in characters"
            )
        row = self.row(selection, "excerpts", number)
        if row["_record"] and not selection.get("name"):
            raise QdpxError(f"{self.where}: {self.name(selection)}: no name — its excerpt_id")
        row["excerpt_id"] = selection.get("name") if row["_record"] else row["_guid"].lower()
        row["text_nb"] = text[start:end]
        gloss = self.description(selection, row, "excerpts")
        if not row["_record"]:
            row["gloss_en"] = gloss
        self.foreign_notes(selection, "excerpts", row["excerpt_id"])
        return row

    def _codings(self, selection: ET.Element, excerpt: dict, code_ids: dict[str, str]) -> Iterator[dict]:
        seen = set()
        for coding in selection.findall(qname("Coding")):
            reference = coding.find(qname("CodeRef"))
            self.claim(coding, reference)
            code_id = code_ids[normal_guid(reference.get("targetGUID"))]
            if code_id in seen:
                self.notes.append(f"{self.name(coding)}: codes {code_id} a second time; kept once")
                continue
            seen.add(code_id)
            yield {"excerpt_id": excerpt["excerpt_id"], "code_id": code_id, "_order": excerpt["_order"]}

    def cases(self, excerpts: dict[str, dict]) -> None:
        """Fill speaker_id, setting_id and case_id from our Cases' selections."""
        for case in self.root.iterfind(f"{qname('Cases')}/{qname('Case')}"):
            values, variables = {}, []
            for holder in case.findall(qname("VariableValue")):
                reference = holder.find(qname("VariableRef"))
                variables.append(self.target(reference))
                values[variables[-1].get("name")] = self.text_of(holder, "TextValue")
            kind, row_id = values.get(KIND_VARIABLE), values.get(ID_VARIABLE)
            if kind not in CASE_COLUMNS or not row_id:
                continue
            # Our Cases' other variables (a person's role) come from persons.csv and the like, which
            # an import does not rewrite: only the id goes back, onto the excerpts.
            self.claim(*case.iter(), *variables)
            column = CASE_COLUMNS[kind]
            for reference in case.findall(qname("SelectionRef")):
                excerpt = excerpts.get(normal_guid(reference.get("targetGUID")))
                if excerpt is None:
                    self.notes.append(
                        f"{self.name(case)}: its {self.name(self.target(reference))} maps to no excerpt"
                    )
                elif excerpt.get(column) not in (None, row_id):
                    self.notes.append(
                        f"{self.name(case)}: {excerpt['excerpt_id']} has {column} {excerpt[column]} already; "
                        f"{row_id} not mapped"
                    )
                else:
                    excerpt[column] = row_id

    def unclaimed(self) -> list[str]:
        """Every element nothing mapped and every attribute nothing read, counted by kind."""
        found: dict[str, list[ET.Element]] = {}

        def walk(element: ET.Element, path: str) -> None:
            tag = _tag(element)
            here = f"{path}/{tag}" if path else tag
            mapped = element is self.root or tag in _CONTAINERS or element in self.claimed
            if not mapped:
                found.setdefault(here, []).append(element)
                return
            for attribute in element.attrib:
                known = attribute in _KNOWN.get(tag, ()) or attribute.startswith(_XSI)
                if not known and not self.ours(element, attribute):
                    found.setdefault(f"{here}@{attribute}", []).append(element)
            for child in element:
                walk(child, here)

        walk(self.root, "")
        lines = []
        for what, elements in found.items():
            first = elements[0]
            why = self.reasons.get(first) or _WHY.get(what.rpartition("/")[2], "")
            example = f"e.g. {self.name(first)}" if "@" not in what or first.get("guid") else ""
            detail = "; ".join(part for part in (f"{len(elements)}×", example, why) if part)
            lines.append(f"{what}: not mapped ({detail})")
        return lines


def _without_record(rows: list[dict], table: str, columns: tuple[str, ...], how: str) -> list[str]:
    bare = [row for row in rows if not row["_record"]]
    if not bare:
        return []
    carried = {
        "codes": ("code_id", "label_nb", "definition_en", *CODE_ELEMENT_COLUMNS),
        "excerpts": (*EXCERPT_ELEMENT_COLUMNS, "gloss_en"),
    }
    empty = [column for column in columns if column not in carried[table]]
    return [
        f"{len(bare)} row(s) of {table}.csv have no {RECORD_PREFIX}{table} record note (e.g. GUID "
        f"{bare[0]['_guid']}): {how}; {', '.join(empty)} left empty"
    ]


def _strays(tables: dict[str, list[dict]], columns: dict[str, tuple[str, ...]]) -> list[str]:
    """Record fields that name no column of the table (a column since dropped, say)."""
    lines = []
    for table, rows in tables.items():
        counts: dict[str, int] = {}
        for row in rows:
            for key in row:
                if not key.startswith("_") and key not in columns[table]:
                    counts[key] = counts.get(key, 0) + 1
        lines += [f"{table} records: {key!r} is no column of {table}.csv ({n}×)" for key, n in counts.items()]
    return lines


def import_qdpx(in_path: Path, data_dir: Path, schema: Path | None = DEFAULT_SCHEMA) -> list[str]:
    """Read ``in_path`` into ``data_dir``'s codes.csv, codings.csv and excerpts.csv; what did not map.

    The project is checked against the REFI-QDA ``schema`` (None: not checked). The columns are
    those of ``data_dir``'s datapackage.json, or the repository's where it has none.
    """
    in_path, data_dir = Path(in_path), Path(data_dir)
    if schema is not None and not Path(schema).is_file():
        raise FileNotFoundError(f"no REFI-QDA schema at {schema} (schema=None skips the check)")
    root, files, where = archive.read(in_path)
    if schema is not None:
        archive.validate(root, Path(schema), where)
    project = _Project(root, files, where)
    codes = project.codes()
    code_ids = {row["_guid"]: row["code_id"] for row in codes}
    excerpts, codings = project.excerpts(code_ids)
    project.cases({row["_guid"]: row for row in excerpts})
    project.claim(*(user for user in root.iter(qname("User")) if normal_guid(user.get("guid")) == USER_GUID))
    for table, rows, key in (("codes", codes, "code_id"), ("excerpts", excerpts, "excerpt_id")):
        seen = set()
        for row in rows:
            if row[key] in seen:
                raise QdpxError(f"{where}: {table}: {key} {row[key]!r} twice (GUID {row['_guid']}) — once")
            seen.add(row[key])

    package = Package.read(data_dir if (data_dir / DESCRIPTOR).is_file() else paths.DATA)
    columns = {table: package.resource(table).columns for table in TABLES}
    unmapped = _without_record(codes, "codes", columns["codes"], "code_id is the GUID, label_nb the name")
    unmapped += _without_record(
        excerpts, "excerpts", columns["excerpts"], "excerpt_id is the GUID (a selection's name is not kept)"
    )
    for note in root.iterfind(f"{qname('Notes')}/{qname('Note')}"):
        if note not in project.claimed and record_table(note.get("name")) is None:
            project.note_memo(note, "project", "")  # a memo on nothing in particular: the project's
    tables = {"codes": codes, "codings": codings, "excerpts": excerpts}
    unmapped = project.unclaimed() + project.notes + unmapped
    unmapped += _strays(tables, columns)
    ordered = {table: sorted(rows, key=lambda row: row["_order"]) for table, rows in tables.items()}
    files = {f"{table}.csv": archive.csv_text(columns[table], ordered[table]) for table in TABLES}
    if project.memos:
        files[MEMOS] = archive.csv_text(MEMO_COLUMNS, project.memos)
    archive.publish(data_dir, files)
    return unmapped
