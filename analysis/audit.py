"""The evidence audit: is every snippet really in the reference text, where the row says?

Checks the reference text's sha256 against the data package, then every verbatim cell (evidence,
excerpt text) against its row's lines, and every row's lines against its cited section's range
in ``thesis_sections`` (which ``validate`` also checks, without the text).
"""

from __future__ import annotations

from pathlib import Path

from analysis import data, provenance
from analysis.data import Problem
from analysis.schema import Package


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
    data.check_sections(tables, problems)
    return sorted(set(problems), key=data.problem_order)
