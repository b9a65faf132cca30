"""The privacy lint, run as part of validation.

It looks in every free-text cell (identifiers, enums and patterned columns are held to their own
patterns) for what must never be in the data: something shaped like a Norwegian
national identity number (fødselsnummer), a phone number or an e-mail address. It also fails a
``persons`` row whose pseudonym names one of the real people the thesis cites or thanks
(``real_people.csv``): they are not informants.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def _real_names(tables: dict[str, RawTable]) -> list[tuple[str, str]]:
    """(name as written, how it must match) for each real person in real_people.csv."""
    table = tables.get("real_people")
    if table is None:
        return []
    return list(zip(table.column("name"), table.column("match"), strict=True))


def _names_real_person(pseudonym: str, real: list[tuple[str, str]]) -> str | None:
    words = pseudonym.casefold().split()
    for name, match in real:
        parts = name.casefold().split()
        if match == "full" and words == parts:
            return name
        if match == "surname" and parts and parts[-1] in words:
            return name
    return None


def _free_text_columns(table: RawTable) -> list[str]:
    """Columns that can hold anything: identifiers, enums and patterned cells are checked elsewhere."""
    resource = table.resource
    keyed = set(resource.primary_key) | {c for fk in resource.foreign_keys for c in fk.fields}
    return [
        f.name
        for f in resource.fields
        if f.type == "string"
        and not f.enum
        and not f.pattern
        and f.name not in keyed
        and f.name in table.header
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
    from analysis.data import Problem

    problems = []
    for name, table in tables.items():
        if name == "real_people":
            continue
        for column in _free_text_columns(table):
            for offset, value, expected in _matches(table.column(column)):
                problems.append(Problem(table.resource.path, offset + 2, column, value, expected))
    persons = tables.get("persons")
    real = _real_names(tables)
    if persons is not None and real and "pseudonym" in persons.header:
        for offset, pseudonym in enumerate(persons.column("pseudonym")):
            hit = _names_real_person(pseudonym, real)
            if hit:
                problems.append(
                    Problem(
                        persons.resource.path,
                        offset + 2,
                        "pseudonym",
                        pseudonym,
                        f"a pseudonym, not a real person the thesis names ({hit})",
                    )
                )
    return problems
