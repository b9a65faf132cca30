"""The bad-input corpus: every way a user or an unlucky machine can feed the package, and what it owes.

Each ``Case`` says what it breaks (``setup`` on a fresh workspace), which command it runs (``argv``,
or ``call`` for a library entry point a notebook uses), and what must follow: the exit status
(2 for a user's problem, 0 where the input is in fact valid, 130 for an interrupt) and a piece of
the message. The runner (tests/test_bad_inputs.py) also requires, of every case, no traceback,
a message of one line (or one ``file:row: column: value — expected`` line per problem), and the
figures folder byte for byte as it was.

Placeholders in ``argv``: {data} the package (a copy of the small synthetic one, or of the
repository's with ``package="repo"``), {source} its reference text, {tmp} a scratch folder,
{figures} a published figures folder.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.refiqda.common import PROJECT_NS

KINDS = ("data", "descriptor", "cli", "notebook", "archive", "environment")


@dataclass(frozen=True)
class Workspace:
    data: Path
    source: Path
    tmp: Path
    figures: Path
    monkeypatch: object


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    expect: str  # a piece of the message (stdout and stderr together)
    setup: Callable[[Workspace], None] = lambda ws: None
    argv: tuple[str, ...] = ("validate", "{data}", "--source", "{source}")
    exit: int = 2
    package: str = "mini"  # "mini" (synthetic, fast) or "repo" (a copy of data/)
    call: Callable[[Workspace], object] | None = None  # a library call instead of the CLI
    problem_lines: bool = field(default=False)  # the message is a list of file:row: problems


CASES: list[Case] = []


def case(*args, **kwargs) -> None:
    CASES.append(Case(*args, **kwargs))


# --- helpers that break a workspace -------------------------------------------------------------


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(file: str, column: str, value: str, row: int = 1) -> Callable[[Workspace], None]:
    """Set one cell (row 1 = the first data row)."""

    def setup(ws: Workspace) -> None:
        rows = rows_of(ws.data / file)
        rows[row][rows[0].index(column)] = value
        write_rows(ws.data / file, rows)

    return setup


def set_cells(file: str, changes: dict[str, str], row: int = 1) -> Callable[[Workspace], None]:
    def setup(ws: Workspace) -> None:
        for column, value in changes.items():
            set_cell(file, column, value, row)(ws)

    return setup


def add_row(file: str, changes: dict[str, str], like: int = 1) -> Callable[[Workspace], None]:
    """Append a copy of row ``like`` with ``changes``."""

    def setup(ws: Workspace) -> None:
        rows = rows_of(ws.data / file)
        clone = list(rows[like])
        for column, value in changes.items():
            clone[rows[0].index(column)] = value
        write_rows(ws.data / file, [*rows, clone])

    return setup


def write_bytes(file: str, payload: bytes) -> Callable[[Workspace], None]:
    def setup(ws: Workspace) -> None:
        (ws.data / file).write_bytes(payload)

    return setup


def descriptor(change: Callable[[dict], object]) -> Callable[[Workspace], None]:
    """Edit datapackage.json as JSON."""

    def setup(ws: Workspace) -> None:
        path = ws.data / "datapackage.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        change(body)
        path.write_text(json.dumps(body), encoding="utf-8")

    return setup


def people_field(name: str) -> Callable[[dict], dict]:
    return lambda body: next(f for f in body["resources"][0]["schema"]["fields"] if f["name"] == name)


def add_people_field(spec: dict, value: str) -> Callable[[Workspace], None]:
    """A new column in the synthetic people.csv, declared by ``spec``, holding ``value``."""

    def setup(ws: Workspace) -> None:
        descriptor(lambda body: body["resources"][0]["schema"]["fields"].append(spec))(ws)
        rows = rows_of(ws.data / "people.csv")
        write_rows(ws.data / "people.csv", [[*rows[0], spec["name"]], [*rows[1], value]])

    return setup


def both(*setups: Callable[[Workspace], None]) -> Callable[[Workspace], None]:
    def setup(ws: Workspace) -> None:
        for one in setups:
            one(ws)

    return setup


def failing(owner, name: str, code: int, when: Callable[..., bool] = lambda *a, **k: True):
    """Make ``owner.name`` raise OSError(code) on the calls ``when`` picks."""

    def setup(ws: Workspace) -> None:
        real = getattr(owner, name)

        def broken(*args, **kwargs):
            if when(*args, **kwargs):
                raise OSError(code, os.strerror(code), str(args[0]) if args else None)
            return real(*args, **kwargs)

        ws.monkeypatch.setattr(owner, name, broken)

    return setup


# --- data: the tables break their contract ---------------------------------------------------------

for value, expect in [
    ("x", "a whole number"),
    ("1_0", "a whole number"),
    ("١٢", "a whole number"),  # Arabic-Indic digits
    ("１", "a whole number"),  # a fullwidth digit
    ("1.0", "a whole number"),
    ("+1", "a whole number"),
    ("0x10", "a whole number"),
    ("1e3", "a whole number"),
    ("9" * 19, "at most 18"),
    ("9" * 5000, "at most 18"),  # more digits than Python converts
    ("-" + "9" * 4301, "at most 18"),
    (" 1", "a whole number"),
    ("1 000", "a whole number"),
    ("²", "a whole number"),  # a superscript digit
]:
    case(
        f"integer-{value[:12]}-{len(value)}",
        "data",
        expect,
        set_cell("people.csv", "rank", value),
        problem_lines=True,
    )

for value in ["NaN", "nan", "inf", "-inf", "Infinity", "1e999", "1,5", "1_0.5", "٣.٥", "0x1p3", "--1", "."]:
    case(
        f"number-{value}",
        "data",
        "a finite decimal number",
        add_people_field({"name": "share", "type": "number"}, value),
        problem_lines=True,
    )
case("number-valid", "data", "OK", add_people_field({"name": "share", "type": "number"}, "-1.5e3"), exit=0)

for name, char in [
    ("nul", "\x00"),
    ("newline", "\n"),
    ("tab", "\t"),
    ("escape", "\x1b"),
    ("delete", "\x7f"),
    ("c1-next-line", "\x85"),
    ("line-separator", "\u2028"),
    ("paragraph-separator", "\u2029"),
    ("bell", "\x07"),
]:
    case(
        f"control-{name}",
        "data",
        "U+",
        set_cell("people.csv", "evidence", f"og Eli{char}sa at"),
        problem_lines=True,
    )
case(
    "control-carriage-return-inside",
    "data",
    "LF line endings",
    set_cell("people.csv", "evidence", "og Eli\rsa at"),
    problem_lines=True,
)
case("control-in-id", "data", "U+0000", set_cell("people.csv", "person_id", "el\x00i"), problem_lines=True)
case(
    "multiline-column-allows-a-line-break",
    "data",
    "OK",
    both(
        descriptor(lambda body: people_field("evidence")(body).update({"kvp:multiline": True})),
        set_cell("people.csv", "evidence", "og Eli\nsa at"),
    ),
    exit=0,
)
case(
    "multiline-column-still-refuses-nul",
    "data",
    "no control character",
    both(
        descriptor(lambda body: people_field("evidence")(body).update({"kvp:multiline": True})),
        set_cell("people.csv", "evidence", "og Eli\x00sa at"),
    ),
    problem_lines=True,
)

for column, value, expect in [
    ("role", "sjef", "one of veileder, gruppeleder"),
    ("status", "kanskje", "one of stated"),
    ("status", "", "a value (required)"),
    ("person_id", "", "a value (required)"),
    ("evidence", "og Eli", "at least 3 words"),
    ("evidence", "noe som ikke står der", "verbatim text of lines 5-5"),
    ("lines", "abc", "a line range"),
    ("lines", "5-3", "a line range"),
    ("lines", "0", "a line range"),
    ("lines", "99", "lines within 1-7"),
    ("lines", "١", "a line range"),
    ("section", "9", "a section of thesis_sections.csv"),
    ("section", "1.1", "lines within section 1.1 (6-7)"),  # line 5 is in section 1, not 1.1
    ("evidence", " og Eli sa at", "no leading or trailing spaces"),
]:
    case(
        f"cell-{column}-{value[:10]}",
        "data",
        expect,
        set_cell("people.csv", column, value),
        problem_lines=True,
    )

case(
    "remark-lines-outside-section",
    "data",
    "lines within section 1 (1-5)",
    set_cell("remarks.csv", "lines", "3-6"),
)
case(
    "dangling-foreign-key", "data", "a person_id of people.csv", set_cell("remarks.csv", "speaker_id", "ola")
)
case("duplicate-primary-key", "data", "a unique primary key", add_row("people.csv", {}))
case(
    "duplicate-rank",
    "data",
    "a unique value (row 2 has it)",
    both(
        descriptor(lambda body: people_field("rank")(body).update({"constraints": {"unique": True}})),
        add_row("people.csv", {"person_id": "kari"}),
    ),
)
case(
    "pattern-mismatch",
    "data",
    "text matching [a-z]+",
    both(
        descriptor(
            lambda body: people_field("person_id")(body).update({"constraints": {"pattern": "[a-z]+"}})
        ),
        set_cell("people.csv", "person_id", "Eli1"),
        set_cell("remarks.csv", "speaker_id", "Eli1"),
    ),
)
case(
    "below-minimum",
    "data",
    "a number of at least 2",
    descriptor(lambda body: people_field("rank")(body).update({"constraints": {"minimum": 2}})),
)


def _multiline_then_bad(ws: Workspace) -> None:
    descriptor(lambda body: people_field("evidence")(body).update({"kvp:multiline": True}))(ws)
    rows = rows_of(ws.data / "people.csv")
    first = list(rows[1])
    first[rows[0].index("evidence")] = "og Eli\nsa at"
    second = list(rows[1])
    second[rows[0].index("person_id")], second[rows[0].index("status")] = "kari", "kanskje"
    write_rows(ws.data / "people.csv", [rows[0], first, second])


case("row-number-after-a-multiline-cell", "data", "people.csv:4: status: 'kanskje'", _multiline_then_bad)

for name, change, expect in [
    ("missing-column", lambda rows: [r[:-1] for r in rows], "a column named 'status'"),
    (
        "extra-column",
        lambda rows: [[*r, "x"] for r in rows],
        "only the columns that datapackage.json declares",
    ),
    ("duplicated-column", lambda rows: [[*r, r[-1]] for r in rows], "each column once"),
    ("too-many-cells", lambda rows: [rows[0], [*rows[1], "x"]], "7 cells"),
    ("too-few-cells", lambda rows: [rows[0], rows[1][:-2]], "7 cells"),
    ("header-only", lambda rows: [rows[0]], "a person_id of people.csv"),
]:

    def _reshape(ws: Workspace, change=change) -> None:
        write_rows(ws.data / "people.csv", change(rows_of(ws.data / "people.csv")))

    case(f"shape-{name}", "data", expect, _reshape)

_PEOPLE = "person_id,role,rank,section,lines,evidence,status\n"
for name, payload, expect in [
    (
        "bom",
        b"\xef\xbb\xbf" + _PEOPLE.encode() + b"eli,,1,1,5,og Eli sa at,stated\n",
        "UTF-8 without a byte-order mark",
    ),
    ("latin-1", (_PEOPLE + "eli,,1,1,5,og Eli sa år,stated\n").encode("latin-1"), "UTF-8 text"),
    ("utf-16", _PEOPLE.encode("utf-16"), "UTF-8"),
    (
        "crlf",
        _PEOPLE.replace("\n", "\r\n").encode() + b"eli,,1,1,5,og Eli sa at,stated\r\n",
        "LF line endings",
    ),
    ("empty", b"", "a header row"),
    ("whitespace-only", b"  \n\n", "a header row"),
    ("unterminated-quote", (_PEOPLE + 'eli,,1,1,5,"og Eli sa at,stated\n').encode(), "well-formed CSV"),
    ("quote-inside-field", (_PEOPLE + 'eli,,1,1,5,"og" Eli sa at,stated\n').encode(), "well-formed CSV"),
    ("binary", bytes(range(256)), "UTF-8 text"),
]:
    case(f"encoding-{name}", "data", expect, write_bytes("people.csv", payload))

case(  # the newline would end the TeX comment in figures/numbers.tex and run the next line
    "numbers-refers-to-tex-breakout",
    "data",
    "one line of text",
    set_cell("numbers.csv", "refers_to_en", "deltakere\n\\input{/etc/passwd}"),
    package="repo",
    argv=("validate", "{data}"),
    problem_lines=True,
)
case(
    "numbers-script-in-a-cell",
    "data",
    "OK",  # valid data: it is the writers' part to escape it (tests/test_hostile_strings.py)
    set_cell("numbers.csv", "refers_to_en", '<img src=x onerror="alert(2)">'),
    package="repo",
    argv=("validate", "{data}"),
    exit=0,
)
case(
    "huge-cell-refused-cleanly",
    "data",
    "one of veileder, gruppeleder",
    set_cell("people.csv", "role", "x" * 300_000),
    problem_lines=True,
)
case(
    "huge-cell-valid",
    "data",
    "OK",
    set_cell("persons.csv", "note", " ".join(["lang"] * 60_000)),
    package="repo",
    exit=0,
    argv=("validate", "{data}"),
)


def _remove(name: str) -> Callable[[Workspace], None]:
    return lambda ws: (ws.data / name).unlink()


def _folder_instead(name: str) -> Callable[[Workspace], None]:
    def setup(ws: Workspace) -> None:
        (ws.data / name).unlink()
        (ws.data / name).mkdir()

    return setup


case("table-missing", "data", "a file, as datapackage.json declares", _remove("people.csv"))
case("table-is-a-folder", "data", "a file, as datapackage.json declares", _folder_instead("people.csv"))


def _symlink_out(ws: Workspace) -> None:
    secret = ws.tmp / "secret.csv"
    secret.write_text("hemmelig første linje\n", encoding="utf-8")
    (ws.data / "people.csv").unlink()
    (ws.data / "people.csv").symlink_to(secret)


case("table-symlinked-out-of-data", "data", "inside the data folder", _symlink_out)

# --- data: the privacy lint -------------------------------------------------------------------------


def _rename_person(new_id: str) -> Callable[[Workspace], None]:
    return both(set_cell("people.csv", "person_id", new_id), set_cell("remarks.csv", "speaker_id", new_id))


for value, expect in [
    ("01020312345", "fødselsnummer"),
    ("010203 12345", "fødselsnummer"),
    ("91234567", "phone"),
    ("+4791234567", "phone"),
    ("eli@nav.no", "e-mail"),
]:
    case(f"privacy-id-{value}", "data", expect, _rename_person(value))

for value, expect in [
    ("ring 912 34 567 i dag", "phone"),
    ("nummer 01020312345 står", "fødselsnummer"),
    ("skriv til eli@nav.no i dag", "e-mail"),
]:
    case(f"privacy-text-{value[:14]}", "data", expect, set_cell("people.csv", "evidence", value))


def _real_name(file: str, column: str, name: str) -> Callable[[Workspace], None]:
    def setup(ws: Workspace) -> None:
        rows = rows_of(ws.data / file)
        index = rows[0].index(column)
        row = next(i for i, r in enumerate(rows[1:], start=1) if r[index])
        set_cell(file, column, name, row)(ws)

    return setup


for file, column, name in [
    ("persons.csv", "pseudonym", "Randi Skår"),
    ("persons.csv", "pseudonym", "Randi Ska\u030ar"),  # decomposed å, as PDF extraction gives it
    ("persons.csv", "pseudonym", "Randi Sk\u200bår"),  # a zero-width space inside
    ("persons.csv", "pseudonym", "Anne Skår-Hansen"),  # a hyphenated surname
    ("persons.csv", "pseudonym", "RANDI SKÅR"),
    ("cases.csv", "pseudonym", "Cato Wadel"),
    ("cases.csv", "label_nb", "Saken til Offe"),
    ("excerpts.csv", "speaker_label_nb", "Repstad"),
    ("sanction_considerations.csv", "speaker_label_nb", "Lausund"),
]:
    case(
        f"privacy-real-name-{file.split('.')[0]}-{column}-{name.encode('ascii', 'replace').decode()[:12]}",
        "data",
        "not a real person the thesis names",
        _real_name(file, column, name),
        package="repo",
        argv=("validate", "{data}"),
    )
case(
    "privacy-shared-first-name-passes",
    "data",
    "OK",
    _real_name("persons.csv", "pseudonym", "Randi"),
    package="repo",
    argv=("validate", "{data}"),
    exit=0,
)

# --- descriptor: datapackage.json cannot be read as a package ---------------------------------------

for name, payload, expect in [
    ("not-json", b"this is not json", "valid JSON"),
    ("truncated", b'{"resources": [{"name": "people", "pa', "valid JSON"),
    ("bom", b'\xef\xbb\xbf{"resources": []}', "byte-order mark"),
    ("latin-1", '{"name": "før", "resources": []}'.encode("latin-1"), "not UTF-8"),
    ("empty", b"", "valid JSON"),
    ("array", b"[]", "not a JSON object"),
    ("string", b'"package"', "not a JSON object"),
    ("no-resources", b'{"name": "x"}', "no 'resources'"),
    ("empty-resources", b'{"resources": []}', "no resources"),
    ("resources-not-a-list", b'{"resources": 5}', "a data package with resources"),
    ("deeply-nested", b"[" * 100_000 + b"]" * 100_000, "datapackage.json"),
    ("nul", b'{"resources": [\x00]}', "valid JSON"),
]:
    case(f"descriptor-{name}", "descriptor", expect, write_bytes("datapackage.json", payload))


def _resource(change: Callable[[dict], object]) -> Callable[[Workspace], None]:
    return descriptor(lambda body: change(body["resources"][0]))


for name, change, expect in [
    ("no-path", lambda r: r.pop("path"), "no 'path'"),
    ("no-schema", lambda r: r.pop("schema"), "no 'schema'"),
    ("no-name", lambda r: r.pop("name"), "no 'name'"),
    ("fields-not-a-list", lambda r: r["schema"].update({"fields": 3}), "a data package with resources"),
    ("field-without-name", lambda r: r["schema"]["fields"].append({"type": "string"}), "no 'name'"),
    ("absolute-path", lambda r: r.update({"path": "/etc/passwd"}), "a relative path inside the data folder"),
    (
        "parent-path",
        lambda r: r.update({"path": "../../etc/passwd"}),
        "a relative path inside the data folder",
    ),
    ("hidden-parent-path", lambda r: r.update({"path": "sub/../../x.csv"}), "a relative path inside"),
    ("windows-path", lambda r: r.update({"path": "C:\\x.csv"}), "a relative path inside"),
    ("null-path", lambda r: r.update({"path": None}), "a file name such as table.csv"),
    (
        "bad-regex",
        lambda r: r["schema"]["fields"][0].update({"constraints": {"pattern": "("}}),
        "valid regular",
    ),
    (
        "regex-not-text",
        lambda r: r["schema"]["fields"][0].update({"constraints": {"pattern": 5}}),
        "valid regular",
    ),
    ("unknown-type", lambda r: r["schema"]["fields"][2].update({"type": "date"}), "one of string, integer"),
    (
        "text-minimum",
        lambda r: r["schema"]["fields"][2].update({"constraints": {"minimum": "a"}}),
        "a number",
    ),
    ("enum-not-a-list", lambda r: r["schema"]["fields"][1].update({"constraints": {"enum": 5}}), "resources"),
    ("required-when-broken", lambda r: r["schema"]["fields"][1].update({"kvp:requiredWhen": 1}), "resources"),
    (
        "foreign-key-broken",
        lambda r: r["schema"].update({"foreignKeys": [{"fields": "x"}]}),
        "no 'reference'",
    ),
]:
    case(f"descriptor-{name}", "descriptor", expect, _resource(change))

case(
    "descriptor-duplicate-resource",
    "descriptor",
    "each table once",
    descriptor(lambda body: body["resources"].append(body["resources"][0])),
)
case(
    "descriptor-source-no-sha",
    "descriptor",
    "no 'sha256'",
    descriptor(lambda b: b["sources"][0].pop("sha256")),
)
case(
    "descriptor-other-text",
    "descriptor",
    "the reference text recorded in the package",
    descriptor(lambda b: b["sources"][0].update({"sha256": "0" * 64})),
)
case("descriptor-missing", "descriptor", "a data package", _remove("datapackage.json"))
case("descriptor-is-a-folder", "descriptor", "datapackage.json", _folder_instead("datapackage.json"))
case(
    "descriptor-secret-not-echoed",
    "descriptor",
    "a relative path inside the data folder",
    _resource(lambda r: r.update({"path": "../secret.csv"})),
)

# --- cli: the command line itself --------------------------------------------------------------------

for argv, expect in [
    (("build", "--jobs", "0"), "at least 1"),
    (("build", "--jobs", "-1"), "at least 1"),
    (("build", "--jobs", "x"), "not a whole number"),
    (("verify", "--jobs", "0"), "at least 1"),
    (("build", "--lang", "de"), "invalid choice"),
    (("bogus",), "invalid choice"),
    ((), "required"),
    (("validate", "--source"), "expected one argument"),
    (("audit",), "--source"),
    (("import-qdpx",), "required"),
    (("export-qdpx", "{tmp}/x.qdpx", "--lang", "fr"), "invalid choice"),
]:
    case(f"cli-usage-{'-'.join(argv)[:24] or 'nothing'}", "cli", expect, argv=argv)

case("cli-unknown-artifact", "cli", "no artifact 'figure-0-0'", argv=("build", "--only", "figure-0-0"))
case(
    "cli-two-unknown-artifacts",
    "cli",
    "'x', 'y'",
    argv=("build", "--only", "x", "--only", "y", "--figures-dir", "{figures}"),
)
case("cli-source-missing", "cli", "not found", argv=("validate", "{data}", "--source", "{tmp}/none.txt"))
case("cli-source-folder", "cli", "a folder", argv=("validate", "{data}", "--source", "{tmp}"))


def _binary_source(ws: Workspace) -> None:
    (ws.tmp / "binary.txt").write_bytes(b"\xff\xfe\x00\x01" * 100)


def _nul_source(ws: Workspace) -> None:
    (ws.tmp / "nul.txt").write_bytes(b"tekst\x00mer tekst")


case(
    "cli-source-binary",
    "cli",
    "is not UTF-8",
    _binary_source,
    argv=("validate", "{data}", "--source", "{tmp}/binary.txt"),
)
case(
    "cli-source-nul",
    "cli",
    "holds NUL bytes",
    _nul_source,
    argv=("validate", "{data}", "--source", "{tmp}/nul.txt"),
)
case(
    "cli-kvp-source-binary",
    "environment",
    "is not UTF-8",
    both(_binary_source, lambda ws: ws.monkeypatch.setenv("KVP_SOURCE", str(ws.tmp / "binary.txt"))),
    argv=("validate", "{data}"),
)
case("cli-data-dir-missing", "cli", "a data package", argv=("validate", "{tmp}/nowhere"))
case("cli-data-dir-is-a-file", "cli", "a data package", _binary_source, argv=("validate", "{tmp}/binary.txt"))
case(
    "cli-audit-source-missing",
    "cli",
    "not found",
    argv=("audit", "--source", "{tmp}/x.txt", "--data-dir", "{data}"),
)
case(
    "cli-audit-source-folder", "cli", "a folder", argv=("audit", "--source", "{tmp}", "--data-dir", "{data}")
)
case(
    "cli-audit-data-missing",
    "cli",
    "datapackage.json",
    argv=("audit", "--source", "{source}", "--data-dir", "{tmp}/none"),
)
for value in ("x", "1_0", "", "٣"):
    case(
        f"cli-audit-line-start-{value or 'empty'}",
        "cli",
        "thesis_sections.csv" if value else "a section of thesis_sections.csv",
        set_cell("thesis_sections.csv", "line_start", value),
        argv=("audit", "--source", "{source}", "--data-dir", "{data}"),
    )
    case(
        f"validate-line-start-{value or 'empty'}",
        "data",
        "thesis_sections.csv",
        set_cell("thesis_sections.csv", "line_start", value),
        problem_lines=True,
    )


def _other_text(ws: Workspace) -> None:
    (ws.tmp / "binary.txt").write_text("en annen tekst", encoding="utf-8")


case(
    "cli-audit-other-text",
    "cli",
    "sha256",
    _other_text,
    argv=("audit", "--source", "{tmp}/binary.txt", "--data-dir", "{data}"),
)
case(
    "cli-export-mini-has-no-codes",
    "cli",
    "has no table 'codes'",
    argv=("export-qdc", "{tmp}/x.qdc", "--data-dir", "{data}"),
)
case(
    "cli-export-invalid-data",
    "cli",
    "origin",
    set_cell("codes.csv", "origin", "someone"),
    package="repo",
    argv=("export-qdc", "{tmp}/x.qdc", "--data-dir", "{data}"),
)
case(
    "cli-export-private-data",
    "cli",
    "fødselsnummer",
    set_cell("codes.csv", "definition_en", "see 01020312345 for details"),
    package="repo",
    argv=("export-qdc", "{tmp}/x.qdc", "--data-dir", "{data}"),
)
case(
    "cli-export-into-a-folder",
    "cli",
    "Is a directory",
    package="repo",
    argv=("export-qdc", "{tmp}", "--data-dir", "{data}"),
)
case(
    "cli-report-without-build",
    "cli",
    "no build has run",
    argv=("report", "--figures-dir", "{figures}", "--build-dir", "{tmp}/b"),
)
case("cli-import-missing", "cli", "not found", argv=("import-qdpx", "{tmp}/none.qdpx", "{tmp}/out"))
case("cli-import-folder", "cli", "a folder", argv=("import-qdpx", "{tmp}", "{tmp}/out"))
case("cli-version", "cli", "kvp-analysis ", argv=("--version",), exit=0)
for command in (
    "build",
    "verify",
    "validate",
    "audit",
    "list",
    "report",
    "export-qdpx",
    "export-qdc",
    "import-qdpx",
    "compare-coding",
):
    case(f"cli-help-{command}", "cli", "exit status: 0", argv=(command, "--help"), exit=0)

# --- notebook: the library calls a notebook makes --------------------------------------------------


def _load(names):
    def call(ws: Workspace):
        from analysis import data

        return data.load(ws.data, names)

    return call


case("notebook-load-unknown-table", "notebook", "it has no table 'nothing'", call=_load(["nothing"]))
case(
    "notebook-load-invalid-data",
    "notebook",
    "a whole number",
    set_cell("people.csv", "rank", "x"),
    call=_load(None),
)
case(
    "notebook-load-nan",
    "notebook",
    "no NaN",
    add_people_field({"name": "share", "type": "number"}, "NaN"),
    call=_load(None),
)
case(
    "notebook-load-bad-descriptor",
    "notebook",
    "valid JSON",
    write_bytes("datapackage.json", b"{"),
    call=_load(None),
)
case(
    "notebook-load-missing-data",
    "notebook",
    "a data package",
    call=lambda ws: __import__("analysis.data").data.load(ws.tmp / "none"),
)

# --- archive: import-qdpx on a bad project ----------------------------------------------------------

IMPORT = ("import-qdpx", "{tmp}/in.qdpx", "{tmp}/out", "--schema", "{tmp}/no-schema.xsd")
NS = f' xmlns="{PROJECT_NS}"'


def _qdpx(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> Callable[[Workspace], None]:
    def setup(ws: Workspace) -> None:
        with zipfile.ZipFile(ws.tmp / "in.qdpx", "w", compression) as archive:
            for name, payload in members.items():
                archive.writestr(name, payload)

    return setup


def _raw_qdpx(payload: bytes) -> Callable[[Workspace], None]:
    return lambda ws: (ws.tmp / "in.qdpx").write_bytes(payload)


def _project(body: str) -> Callable[[Workspace], None]:
    return _qdpx(
        {"project.qde": f'<?xml version="1.0" encoding="utf-8"?><Project{NS} name="p">{body}</Project>'}
    )


def _truncated(ws: Workspace) -> None:
    _project("<CodeBook><Codes/></CodeBook>")(ws)
    payload = (ws.tmp / "in.qdpx").read_bytes()
    (ws.tmp / "in.qdpx").write_bytes(payload[: len(payload) // 2])


_DEEP_CODES = "".join(f'<Code guid="{i:08d}-0000-0000-0000-000000000000" name="c{i}">' for i in range(2000))
_CODING = '<Coding guid="c0000000-0000-0000-0000-000000000000">{}</Coding>'
_SOURCE = (
    '<Sources><TextSource guid="s0000000-0000-0000-0000-000000000000" name="s" '
    'plainTextPath="internal://s.txt"><PlainTextSelection guid="p0000000-0000-0000-0000-000000000000" '
    'startPosition="0" endPosition="2">{}</PlainTextSelection></TextSource></Sources>'
)
_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + f"]><Project{NS}>&i;</Project>"
)

for name, setup, expect in [
    ("not-a-zip", _raw_qdpx(b"just text"), "a zip archive"),
    ("empty-file", _raw_qdpx(b""), "a zip archive"),
    ("truncated-zip", _truncated, "a zip archive"),
    ("no-project", _qdpx({"other.txt": "x"}), "no project.qde"),
    ("other-qde", _qdpx({"other.qde": "<x/>"}), "it holds other.qde"),
    ("project-not-xml", _qdpx({"project.qde": "not xml"}), "well-formed XML"),
    ("project-empty", _qdpx({"project.qde": ""}), "well-formed XML"),
    ("project-truncated-xml", _qdpx({"project.qde": f"<Project{NS}><CodeBook>"}), "well-formed XML"),
    ("wrong-root", _qdpx({"project.qde": "<Codebook/>"}), "root element"),
    (
        "deep-nesting-2000",
        _project(f"<CodeBook><Codes>{_DEEP_CODES}{'</Code>' * 2000}</Codes></CodeBook>"),
        "at most 64",
    ),
    ("coding-without-coderef", _project(_SOURCE.format(_CODING.format(""))), "no CodeRef"),
    (
        "coderef-without-target",
        _project(_SOURCE.format(_CODING.format("<CodeRef/>"))),
        "no CodeRef with targetGUID",
    ),
    (
        "variable-value-without-ref",
        _project('<Cases><Case guid="a0000000-0000-0000-0000-000000000000"><VariableValue/></Case></Cases>'),
        "no VariableRef",
    ),
    ("entity-bomb", _qdpx({"project.qde": _BOMB}), "well-formed XML"),
    (
        "external-entity",
        _qdpx(
            {
                "project.qde": f'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project{NS}>&x;</Project>'
            }
        ),
        "XML",
    ),
    ("zip-bomb-project", _qdpx({"project.qde": b"\0" * (65 << 20)}), "a zip bomb"),
]:
    case(f"archive-{name}", "archive", expect, setup, argv=IMPORT)


def _small_limits(ws: Workspace) -> None:
    from analysis.refiqda import archive

    ws.monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)
    _qdpx({"project.qde": f"<Project{NS}>{_SOURCE.format('')}</Project>", "sources/s.txt": "x" * 2000})(ws)


case("archive-texts-over-total-limit", "archive", "at most 1000", _small_limits, argv=IMPORT)

# --- environment: the machine refuses ---------------------------------------------------------------

for code in (errno.ENOSPC, errno.EIO, errno.EACCES):
    case(
        f"environment-export-write-{errno.errorcode[code]}",
        "environment",
        os.strerror(code),
        failing(Path, "write_bytes", code, lambda self, *a: self.suffix == ".qdc"),
        package="repo",
        argv=("export-qdc", "{tmp}/x.qdc", "--data-dir", "{data}"),
    )
    case(
        f"environment-read-table-{errno.errorcode[code]}",
        "environment",
        "a readable file",
        failing(Path, "read_bytes", code, lambda self, *a: self.name == "people.csv"),
    )
    case(
        f"environment-read-descriptor-{errno.errorcode[code]}",
        "environment",
        "a readable data package descriptor",
        failing(Path, "read_bytes", code, lambda self, *a: self.name == "datapackage.json"),
    )


def _exported(ws: Workspace) -> None:
    from analysis import data, refiqda

    refiqda.export_qdpx(data.load(ws.data, list(refiqda.export.TABLES)), ws.tmp / "in.qdpx")


case("archive-valid-round-trip", "archive", "imported", _exported, package="repo", argv=IMPORT, exit=0)
for code in (errno.ENOSPC, errno.EIO):
    case(
        f"environment-import-write-{errno.errorcode[code]}",
        "environment",
        os.strerror(code),
        both(_exported, failing(Path, "write_text", code, lambda self, *a, **k: self.suffix == ".csv")),
        package="repo",
        argv=IMPORT,
    )


def _interrupt(ws: Workspace) -> None:
    from analysis import data

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    ws.monkeypatch.setattr(data, "check", interrupted)


case("environment-ctrl-c", "environment", "interrupted", _interrupt, exit=130)


def _publish_fault(code: int):
    def call(ws: Workspace):
        from analysis import publish

        staged = ws.tmp / "staged.svg"
        staged.write_text("<svg/>")
        failing(os, "replace", code)(ws)
        publish.publish(ws.figures, {"nb/new.svg": staged}, "{}\n")

    return call


for code in (errno.ENOSPC, errno.EIO, errno.EACCES, errno.EROFS, errno.EXDEV):
    case(
        f"environment-publish-{errno.errorcode[code]}",
        "environment",
        os.strerror(code),
        call=_publish_fault(code),
    )


def _lock_on_a_file(ws: Workspace):
    from analysis import buildlock

    (ws.tmp / "plain-file").write_text("x")
    with buildlock.build_lock(ws.tmp / "plain-file"):
        pass


case("environment-lock-cannot-be-made", "environment", "cannot take the build lock", call=_lock_on_a_file)
