"""Load the data package into typed pandas tables, and check it against its contract with precise errors.

Checking reads every table once, checks all of it, and returns every problem it finds, each
naming the file, the row (the CSV line where the row starts, the header being line 1), the column
and the value, and saying what was expected. Loading refuses a package that does not pass.

The privacy lint is not run here but in ``analysis.validate``, which the build and the command line
use: a notebook that loads tables then does not depend on the lint (its cache key stays apart).
"""

from __future__ import annotations

import csv
import dataclasses
import gc
import io
import math
import re
import sys
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import errors, provenance
from analysis.schema import LIST_SEPARATOR, Package, Resource

if TYPE_CHECKING:
    import pandas as pd

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | str
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{self.file}:{self.row}: {self.column}: {value!r} — {self.expected}"


class DataError(errors.DataError):
    """The data package did not validate; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"... and {len(self.problems) - 50} more")
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n" + "\n".join(lines))


@dataclass
class RawTable:
    """A table as read from disk: the header and the rows, all cells as text."""

    resource: Resource
    header: list[str]
    rows: list[list[str]]
    starts: list[int] = dataclasses.field(default_factory=list)  # the CSV line each row starts on

    def line(self, offset: int) -> int:
        """The CSV line on which row ``offset`` starts (a quoted cell may span several lines)."""
        return self.starts[offset] if self.starts else offset + 2

    @cached_property
    def _columns(self) -> list[tuple[str, ...]]:
        width = len(self.header)
        rows = self.rows
        if set(map(len, rows)) - {width}:
            rows = [row[:width] + [""] * (width - len(row)) for row in rows]
        columns = list(zip(*rows, strict=True))
        return columns or [() for _ in self.header]

    def column(self, name: str) -> tuple[str, ...]:
        """Every cell of one column (a short row reads as empty cells), read once and kept."""
        return self._columns[self.header.index(name)]


# A cell may be of any size (a long excerpt is valid data): the csv module's default limit of
# 128 KiB would otherwise fail valid files. Python's own str limit is the only bound left.
csv.field_size_limit(sys.maxsize)


def read_raw(path: Path, resource: Resource, problems: list[Problem]) -> RawTable | None:
    """Read one CSV as text, reporting file-level problems; None if nothing usable was read."""
    name = path.name
    if not path.is_file():
        problems.append(Problem(name, "-", "(file)", str(path), "a file, as datapackage.json declares"))
        return None
    try:
        payload = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, "-", "(file)", str(path), f"a readable file ({error.strerror})"))
        return None
    if payload.startswith(BOM):
        problems.append(Problem(name, 1, "(encoding)", "BOM", "UTF-8 without a byte-order mark"))
        payload = payload[len(BOM) :]
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as error:
        line = payload[: error.start].count(b"\n") + 1
        bad = payload[error.start : error.start + 4]
        problems.append(Problem(name, line, "(encoding)", repr(bad), "UTF-8 text"))
        return None
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(name, line, "(line ending)", "\\r", "LF line endings"))
        text = text.replace("\r\n", "\n")
    if not text.strip():
        expected = "a header row: " + ",".join(resource.columns)
        problems.append(Problem(name, 1, "(header)", "", expected))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, starts = [], []
    try:
        line = 1
        for record in reader:
            records.append(record)
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, "(csv)", str(error), "well-formed CSV"))
        return None
    header, rows = records[0], records[1:]
    return RawTable(resource=resource, header=header, rows=rows, starts=starts[1:])


def _check_header(table: RawTable, problems: list[Problem]) -> bool:
    name = table.resource.path
    ok = True
    for column in table.resource.columns:
        if column not in table.header:
            problems.append(Problem(name, 1, column, "(missing)", f"a column named {column!r}"))
            ok = False
    for column in table.header:
        if column not in table.resource.columns:
            problems.append(
                Problem(name, 1, column, column, "only the columns that datapackage.json declares")
            )
    seen = set()
    for column in table.header:
        if column in seen:
            problems.append(Problem(name, 1, column, column, "each column once"))
            ok = False
        seen.add(column)
    return ok


# Strict forms: Python's int() and float() also take "1_0", " 1", Arabic-Indic digits, "nan" and
# "inf", none of which the Table Schema allows.
_INTEGER = r"-?[0-9]+"
_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_INTEGER_RE, _NUMBER_RE = re.compile(_INTEGER), re.compile(_NUMBER)
# An integer of more digits is no count or rank, and pandas could not hold it (Int64).
MAX_INTEGER_DIGITS = 18
# What no cell may hold: C0 controls (NUL included), DEL, C1 controls and the Unicode line and
# paragraph separators. A one-line column also refuses line feeds and tabs; a column marked
# ``kvp:multiline`` in the descriptor allows those two.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
_ONE_LINE_BAD = re.compile(f"[{_CONTROL}\n\t]")
_MULTILINE_BAD = re.compile(f"[{_CONTROL}]")


def _bad_characters(field) -> re.Pattern[str]:
    return _MULTILINE_BAD if field.multiline else _ONE_LINE_BAD


def _control_problem(field, cell: str) -> str | None:
    found = _bad_characters(field).search(cell)
    if found is None:
        return None
    what = f"U+{ord(found[0]):04X}"
    if field.multiline:
        return f"no control character ({what} found)"
    return f"one line of text: no line break, tab or control character ({what} found)"


INTEGER_EXPECTED = f"a whole number of ASCII digits (at most {MAX_INTEGER_DIGITS})"


def _is_integer(item: str) -> bool:
    return _INTEGER_RE.fullmatch(item) is not None and len(item.removeprefix("-")) <= MAX_INTEGER_DIGITS


def _number(field, item: str) -> float | int | None:
    """The value of a numeric cell, or None if it is not strictly of the field's type."""
    if field.type == "integer":
        return int(item) if _is_integer(item) else None
    if not _NUMBER_RE.fullmatch(item) or len(item) > 100:
        return None
    number = float(item)
    return number if math.isfinite(number) else None


def _cell_problem(field, item: str) -> str | None:
    if field.type in ("integer", "number"):
        number = _number(field, item)
        if number is None:
            if field.type == "integer":
                return INTEGER_EXPECTED
            return "a finite decimal number such as 12, 0.5 or 1e3 (no NaN or infinity)"
        if field.minimum is not None and number < field.minimum:
            return f"a number of at least {field.minimum}"
    if field.enum and item not in field.enum:
        return "one of " + ", ".join(field.enum)
    if field.pattern and not field.pattern.fullmatch(item):
        return f"text matching {field.pattern.pattern}"
    return None


ANY = "*"  # kvp:requiredWhen's "equals" for "whenever the other column has a value"


def _applies(wanted: str, value: str) -> bool:
    return bool(value) if wanted == ANY else value == wanted


def items(field, cell: str) -> list[str]:
    """The values a cell holds: one, or for a list field each ``;``-separated item."""
    if not field.is_list:
        return [cell] if cell else []
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _all_match(pattern: str, values: set[str]) -> bool:
    """Whether every value fully matches ``pattern``, tested in one regex pass over them all."""
    joined = re.compile(rf"(?:{pattern})(?:\n(?:{pattern}))*")
    return joined.fullmatch("\n".join(values)) is not None


def _plainly_valid(field, cells: tuple[str, ...]) -> bool:
    """A quick proof that a column has no problem, using set operations and one regex pass.

    Valid data is the common case, and on a large corpus the per-cell checks are what cost; they
    run only for a column this cannot clear, to say exactly which cells are wrong.
    """
    distinct = set(cells)
    if field.unique and len(distinct) != len(cells):
        return False
    if "" in distinct:
        if field.required or field.required_when:
            return False
        distinct.discard("")
    if field.is_list:
        return False
    values = list(distinct)
    if values != list(map(str.strip, values)):  # map with a C method: no Python call per cell
        return False
    if not distinct:
        return True
    if _bad_characters(field).search("".join(values)):
        return False
    if field.enum and not distinct <= set(field.enum):
        return False
    if field.type == "integer":
        if not _all_match(_INTEGER, distinct) or max(map(len, distinct)) > MAX_INTEGER_DIGITS:
            return False
        return field.minimum is None or min(map(int, distinct)) >= field.minimum
    if field.type == "number":
        return all(_cell_problem(field, value) is None for value in distinct)
    return field.pattern is None or _all_match(field.pattern.pattern, distinct)


def _check_cells(table: RawTable, problems: list[Problem]) -> None:
    name = table.resource.path
    width = len(table.header)
    if set(map(len, table.rows)) - {width}:
        for offset, row in enumerate(table.rows):
            if len(row) != width:
                problems.append(
                    Problem(name, table.line(offset), "(row)", f"{len(row)} cells", f"{width} cells")
                )
    for field in table.resource.fields:
        if field.name not in table.header:
            continue
        cells = table.column(field.name)
        if _plainly_valid(field, cells):
            continue
        seen: dict[str, int] = {}
        condition = None
        if field.required_when and field.required_when[0] in table.header:
            condition = table.column(field.required_when[0])
        for offset, cell in enumerate(cells):
            row = table.line(offset)
            control = _control_problem(field, cell)
            if control:
                problems.append(Problem(name, row, field.name, cell, control))
                continue
            if cell != cell.strip():
                problems.append(Problem(name, row, field.name, cell, "no leading or trailing spaces"))
            if not cell:
                if field.required:
                    problems.append(Problem(name, row, field.name, "", "a value (required)"))
                elif condition is not None and _applies(field.required_when[1], condition[offset]):
                    other, value = field.required_when
                    where = f"{other} is given" if value == ANY else f"{other} is {value}"
                    problems.append(Problem(name, row, field.name, "", f"a value where {where}"))
                continue
            for item in items(field, cell):
                expected = _cell_problem(field, item)
                if expected:
                    problems.append(Problem(name, row, field.name, item, expected))
            if field.unique:
                if cell in seen:
                    problems.append(
                        Problem(name, row, field.name, cell, f"a unique value (row {seen[cell]} has it)")
                    )
                else:
                    seen[cell] = row


def _check_primary_key(table: RawTable, problems: list[Problem]) -> None:
    key = table.resource.primary_key
    if not key or any(column not in table.header for column in key):
        return
    name = table.resource.path
    columns = [table.column(column) for column in key]
    keys = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
    if len(set(keys)) == len(keys):
        return  # all distinct: no need to find which rows repeat
    seen: dict[tuple[str, ...], int] = {}
    for offset, value in enumerate(zip(*columns, strict=True)):
        row = table.line(offset)
        if value in seen:
            problems.append(
                Problem(
                    name,
                    row,
                    ",".join(key),
                    ",".join(value),
                    f"a unique primary key (row {seen[value]} has it)",
                )
            )
        else:
            seen[value] = row


def _check_foreign_keys(tables: dict[str, RawTable], problems: list[Problem]) -> None:
    for table in tables.values():
        resource = table.resource
        for fk in resource.foreign_keys:
            target = tables.get(fk.resource)
            if target is None or any(c not in target.header for c in fk.reference_fields):
                continue
            if any(column not in table.header for column in fk.fields):
                continue
            fields = [resource.field(column) for column in fk.fields]
            columns = [table.column(column) for column in fk.fields]
            if len(fields) == 1 and not fields[0].is_list:
                values = set(columns[0]) - {""}
                if values <= set(target.column(fk.reference_fields[0])):
                    continue  # every reference resolves: no need to walk the rows
            known = set(zip(*(target.column(c) for c in fk.reference_fields), strict=True))
            for offset, cells in enumerate(zip(*columns, strict=True)):
                if not all(cells):
                    continue
                for value in _expand(fields, cells):
                    if value not in known:
                        problems.append(
                            Problem(
                                resource.path,
                                table.line(offset),
                                ",".join(fk.fields),
                                ",".join(value),
                                f"a {','.join(fk.reference_fields)} of {target.resource.path}",
                            )
                        )


def _expand(fields, cells: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    if len(cells) == 1:
        return [(item,) for item in items(fields[0], cells[0])]
    return [cells]


def _spans(
    table: RawTable, column: str, source: provenance.ReferenceText | None, problems: list[Problem]
) -> list[tuple[int, int] | None]:
    """The parsed line range of every row, reporting the malformed and the out-of-range."""
    name = table.resource.path
    spans = []
    for offset, cell in enumerate(table.column(column)):
        span = provenance.parse_lines(cell) if cell else None
        if cell and span is None:
            problems.append(Problem(name, table.line(offset), column, cell, "a line range N or N-M, N <= M"))
        elif span and source is not None and span[1] > len(source.lines):
            problems.append(
                Problem(name, table.line(offset), column, cell, f"lines within 1-{len(source.lines)}")
            )
            span = None
        spans.append(span)
    return spans


def check_evidence(table: RawTable, source: provenance.ReferenceText | None, problems: list[Problem]) -> None:
    """Snippets: at least three words, and (given the text) found within their own line range."""
    resource = table.resource
    if not resource.has_evidence:
        return
    name = resource.path
    spans_of: dict[str, list] = {}
    for column, lines_column in resource.verbatim:
        if column not in table.header or lines_column not in table.header:
            continue
        if lines_column not in spans_of:
            spans_of[lines_column] = _spans(table, lines_column, source, problems)
        for offset, (snippet, span) in enumerate(
            zip(table.column(column), spans_of[lines_column], strict=True)
        ):
            if not snippet:
                continue
            if column != "text_nb" and len(snippet.split()) < 3:
                problems.append(Problem(name, table.line(offset), column, snippet, "at least 3 words"))
            elif span and source is not None and not source.contains(snippet, *span):
                where = f"{span[0]}-{span[1]}"
                problems.append(
                    Problem(name, table.line(offset), column, snippet, f"verbatim text of lines {where}")
                )


def read_tables(package: Package, problems: list[Problem]) -> dict[str, RawTable]:
    tables = {}
    inside = package.directory.resolve()
    for resource in package.resources:
        path = package.directory / resource.path
        if not path.resolve().is_relative_to(inside):  # a symbolic link out of the folder
            expected = "a file inside the data folder (it is not read)"
            problems.append(Problem(resource.path, "-", "(file)", resource.path, expected))
            continue
        table = read_raw(path, resource, problems)
        if table is not None and _check_header(table, problems):
            tables[resource.name] = table
    return tables


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while tables are read.

    A large corpus is millions of small strings and tuples, none of them in a cycle; the collector
    would otherwise walk them over and over as they are made (about 40% of the time at 100,000
    excerpts). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _section_ranges(tables: dict[str, RawTable], problems: list[Problem]) -> dict[str, tuple[int, int]]:
    """Each section's line range, from thesis_sections.csv; a malformed bound is reported (in the
    words of the cell check, so that one problem is not listed twice) and its section left out."""
    table = tables.get("thesis_sections")
    if table is None or not {"section", "line_start", "line_end"} <= set(table.header):
        return {}
    ranges = {}
    columns = [table.column(c) for c in ("section", "line_start", "line_end")]
    for offset, (section, start, end) in enumerate(zip(*columns, strict=True)):
        wrong = [(n, b) for n, b in (("line_start", start), ("line_end", end)) if not _is_integer(b)]
        for name, bound in wrong:
            if bound:  # an empty bound is the cell check's to report, as a missing value
                problems.append(
                    Problem(table.resource.path, table.line(offset), name, bound, INTEGER_EXPECTED)
                )
        if not wrong:
            ranges[section] = (int(start), int(end))
    return ranges


# (section column, its line-range column): every row's lines must fall inside its cited section.
SECTION_SPANS = (("section", "lines"), ("summary_section", "summary_lines"))


def check_sections(tables: dict[str, RawTable], problems: list[Problem]) -> None:
    """Every cited section is one of thesis_sections.csv, and the row's lines lie within it.

    This needs only the data package, not the reference text: the section table holds the ranges.
    """
    ranges = _section_ranges(tables, problems)
    if not ranges:
        return
    for table in tables.values():
        if table.resource.name == "thesis_sections":
            continue
        name = table.resource.path
        for section_column, lines_column in SECTION_SPANS:
            if section_column not in table.header or lines_column not in table.header:
                continue
            cells = zip(table.column(section_column), table.column(lines_column), strict=True)
            for offset, (section, lines) in enumerate(cells):
                if not section:
                    continue
                if section not in ranges:
                    problems.append(
                        Problem(
                            name,
                            table.line(offset),
                            section_column,
                            section,
                            "a section of thesis_sections.csv",
                        )
                    )
                    continue
                span = provenance.parse_lines(lines) if lines else None
                first, last = ranges[section]
                if span is not None and (span[0] < first or span[1] > last):
                    problems.append(
                        Problem(
                            name,
                            table.line(offset),
                            lines_column,
                            lines,
                            f"lines within section {section} ({first}-{last})",
                        )
                    )


def check(
    data_dir: Path, source: provenance.ReferenceText | None = None
) -> tuple[list[Problem], dict[str, RawTable]]:
    """Every problem of the data package in ``data_dir`` against its contract, and the tables as read.

    Snippets are matched against ``source`` when one is given; without it their form is still
    checked. The privacy lint is ``analysis.validate``'s part; this does not run it.
    Raises ``errors.DescriptorError`` if datapackage.json cannot be read as a package.
    """
    problems: list[Problem] = []
    descriptor = data_dir / "datapackage.json"
    if not descriptor.is_file():
        problems.append(Problem("datapackage.json", "-", "(file)", str(descriptor), "a data package"))
        return problems, {}
    package = Package.read(data_dir)
    if source is not None and package.source and source.sha256 != package.source.sha256:
        problems.append(
            Problem(
                "datapackage.json",
                "-",
                "sources.sha256",
                source.sha256,
                f"the reference text recorded in the package ({package.source.sha256})",
            )
        )
        source = None
    tables = read_tables(package, problems)
    for table in tables.values():
        _check_cells(table, problems)
        _check_primary_key(table, problems)
        check_evidence(table, source, problems)
    _check_foreign_keys(tables, problems)
    check_sections(tables, problems)
    return sorted(set(problems), key=problem_order), tables


def problem_order(problem: Problem) -> tuple:
    row = problem.row if isinstance(problem.row, int) else -1
    return (problem.file, row, problem.column, problem.value, problem.expected)


def _typed(table: RawTable) -> pd.DataFrame:
    import pandas as pd  # not at the top: validating before a build should not pay for pandas

    columns = {}
    for field in table.resource.fields:
        cells = table.column(field.name)
        if field.type == "integer":
            columns[field.name] = pd.array([int(v) if v else None for v in cells], dtype="Int64")
        elif field.type == "number":
            columns[field.name] = pd.array([float(v) if v else None for v in cells], dtype="Float64")
        else:  # empty means unknown, so it loads as missing, not as an empty string
            text = pd.Series(cells, dtype="string")
            columns[field.name] = text.mask(text == "")
    return pd.DataFrame(columns)


def load(
    data_dir: Path,
    names: Sequence[str] | None = None,
    source: provenance.ReferenceText | None = None,
) -> dict[str, pd.DataFrame]:
    """Check the package and return its tables (or just ``names``) as typed DataFrames.

    Raises DataError listing every problem if the package does not pass its contract, and
    DataError too for a name that is not one of its tables.
    """
    with _collector_paused():
        problems, tables = check(Path(data_dir), source)
        if problems:
            raise DataError(problems)
        wanted = names if names is not None else list(tables)
        unknown = [name for name in wanted if name not in tables]
        if unknown:
            known = ", ".join(sorted(tables))
            raise DataError(
                [
                    Problem(
                        "datapackage.json",
                        "-",
                        "resources",
                        n,
                        f"a table it has (it has no table {n!r}, only {known})",
                    )
                    for n in unknown
                ]
            )
        return {name: _typed(tables[name]) for name in wanted}
