"""The privacy lint, run as part of validation (``analysis.validate``).

It looks in every text cell for what must never be in the data: something shaped like a
Norwegian national identity number (fødselsnummer), a phone number or an e-mail address. The
identifier, enum and patterned columns are searched too: a pattern that admits digits admits a
fødselsnummer used as a ``person_id``.

It also fails a pseudonym or label (``pseudonym``, ``speaker_label_nb``, ``label_nb``, ``who``, in
every table) that names one of the real people the thesis cites or thanks (``real_people.csv``):
they are not informants. Names are compared as a reader sees them: in NFC (PDF extraction yields
decomposed letters), without format characters such as the zero-width space, case-folded, and split
into words on anything that is not a letter (``Fosse-støl`` has the words ``fosse`` and ``støl``,
but ``Skår-Hansen`` has ``skår``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata

from analysis.data import Problem, RawTable

# Eleven digits, optionally split 6+5 as written on forms. Years, section numbers and line ranges
# are never this long, so there is no need to validate the check digits and miss a mistyped one.
_FODSELSNUMMER = re.compile(r"(?<![\d-])\d{6}[ ]?\d{5}(?![\d-])")
# Norwegian phone numbers: eight digits, optionally after +47/0047, grouped 2-2-2-2, 3-2-3 or 4-4.
_PHONE = re.compile(
    r"(?<![\w-])(?:(?:\+|00)47[ ]?)?(?:\d{8}|\d{2} \d{2} \d{2} \d{2}|\d{3} \d{2} \d{3}|\d{4} \d{4})(?![\w-])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PATTERNS = (
    (_FODSELSNUMMER, "no national identity number (fødselsnummer)"),
    (_EMAIL, "no e-mail address"),
    (_PHONE, "no phone number"),
)


def _real_names(tables: dict[str, RawTable]) -> list[tuple[tuple[str, ...], str, str]]:
    """(the name's words, how it must match, the name as written) for each row of real_people.csv."""
    table = tables.get("real_people")
    if table is None or not {"name", "match"} <= set(table.header):
        return []
    return [
        (words(name), match, name)
        for name, match in zip(table.column("name"), table.column("match"), strict=True)
        if words(name)
    ]


_NOT_A_LETTER = re.compile(r"[\W\d_]+")


def words(text: str) -> tuple[str, ...]:
    """The words of a name as a reader sees it: NFC, no format characters, case-folded, letters only."""
    composed = unicodedata.normalize("NFC", text)
    visible = "".join(ch for ch in composed if unicodedata.category(ch) != "Cf")
    return tuple(word for word in _NOT_A_LETTER.split(visible.casefold()) if word)


def _names_real_person(cell: str, real: list[tuple[tuple[str, ...], str, str]]) -> str | None:
    found = words(cell)
    for parts, match, name in real:
        if match == "full" and _contains(found, parts):
            return name
        if match == "surname" and parts[-1] in found:
            return name
    return None


def _contains(found: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Whether the words ``parts`` occur in ``found`` in a row."""
    width = len(parts)
    return any(found[i : i + width] == parts for i in range(len(found) - width + 1))


def name_columns(table: RawTable) -> list[str]:
    """The columns that name or label a person or case: pseudonyms, labels, who took part."""
    return [
        f.name
        for f in table.resource.fields
        if f.type == "string"
        and f.name in table.header
        and not f.enum
        and (f.name == "pseudonym" or f.name == "who" or "label" in f.name.split("_"))
    ]


def _text_columns(table: RawTable) -> list[str]:
    """Every text column; enums cannot hold an identifier, any other column (ids included) can."""
    return [
        f.name for f in table.resource.fields if f.type == "string" and not f.enum and f.name in table.header
    ]


def _matches(cells: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """(row offset, match, expected) for the first identifier-like text in each cell.

    A column is searched as one text, cells joined by line breaks (no pattern spans one), which
    is far faster than a search per cell on a large corpus.
    """
    text = "\n".join(cells)
    if not any(mark in text for mark in "0123456789@"):
        return []
    starts = list(itertools.accumulate((len(c) + 1 for c in cells), initial=0))
    found: dict[int, tuple[str, str]] = {}
    for pattern, expected in PATTERNS:
        for match in pattern.finditer(text):
            offset = bisect.bisect_right(starts, match.start()) - 1
            found.setdefault(offset, (match[0], expected))
    return [(offset, value, expected) for offset, (value, expected) in sorted(found.items())]


def lint(tables: dict[str, RawTable]) -> list[Problem]:
    problems = []
    real = _real_names(tables)
    for name, table in tables.items():
        if name == "real_people":
            continue
        path = table.resource.path
        for column in _text_columns(table):
            for offset, value, expected in _matches(table.column(column)):
                problems.append(Problem(path, table.line(offset), column, value, expected))
        if not real:
            continue
        for column in name_columns(table):
            for offset, cell in enumerate(table.column(column)):
                hit = _names_real_person(cell, real) if cell else None
                if hit:
                    expected = f"a pseudonym or label, not a real person the thesis names ({hit})"
                    problems.append(Problem(path, table.line(offset), column, cell, expected))
    return problems
