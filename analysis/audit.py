"""The evidence audit: is every snippet really in the reference text, where the row says?

Checks the reference text's sha256 against the data package, then every verbatim cell (evidence,
excerpt text) against its row's lines, and every row's lines against its cited section's range
in ``thesis_sections``.
"""

from __future__ import annotations

from pathlib import Path

from analysis import data, provenance
from analysis.data import Problem
from analysis.schema import Package


def _section_ranges(tables: dict[str, data.RawTable]) -> dict[str, tuple[int, int]]:
    table = tables.get("thesis_sections")
    if table is None:
        return {}
    return {
        section: (int(start), int(end))
        for section, start, end in zip(
            table.column("section"), table.column("line_start"), table.column("line_end"), strict=True
        )
    }


def _check_sections(tables: dict[str, data.RawTable], problems: list[Problem]) -> None:
    ranges = _section_ranges(tables)
    if not ranges:
        return
    for table in tables.values():
        if not table.resource.has_evidence or "section" not in table.header:
            continue
        for offset, (section, lines) in enumerate(
            zip(table.column("section"), table.column("lines"), strict=True)
        ):
            span = provenance.parse_lines(lines)
            if span is None or not section:
                continue
            if section not in ranges:
                problems.append(
                    Problem(
                        table.resource.path,
                        offset + 2,
                        "section",
                        section,
                        "a section of thesis_sections.csv",
                    )
                )
                continue
            first, last = ranges[section]
            if span[0] < first or span[1] > last:
                problems.append(
                    Problem(
                        table.resource.path,
                        offset + 2,
                        "lines",
                        lines,
                        f"lines within section {section} ({first}-{last})",
                    )
                )


def audit(data_dir: Path, source_path: Path) -> list[Problem]:
    """Every miss of the evidence audit."""
    source = provenance.ReferenceText.read(source_path)
    package = Package.read(data_dir)
    problems: list[Problem] = []
    if package.source is None or package.source.sha256 != source.sha256:
        recorded = package.source.sha256 if package.source else "(none)"
        problems.append(
            Problem(source_path.name, "-", "sha256", source.sha256, f"the text the data cite ({recorded})")
        )
        return problems
    tables = data.read_tables(package, problems)
    for table in tables.values():
        data.check_evidence(table, source, problems)
    _check_sections(tables, problems)
    return sorted(set(problems), key=data.problem_order)
