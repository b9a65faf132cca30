"""Full validation of the data package: its contract (``analysis.data``) and the privacy lint.

The build and ``python -m analysis validate`` run this. It lives apart from ``analysis.data`` so
that a notebook, which imports ``analysis.data`` to load its tables, does not import the lint.
"""

from __future__ import annotations

from pathlib import Path

from analysis import data, privacy, provenance


def validate(
    data_dir: Path, source: provenance.ReferenceText | None = None
) -> tuple[list[data.Problem], dict[str, data.RawTable]]:
    """Every problem of the package in ``data_dir`` (contract and privacy), and the tables as read."""
    problems, tables = data.check(Path(data_dir), source)
    problems.extend(privacy.lint(tables))
    return sorted(set(problems), key=data.problem_order), tables


def require_valid(data_dir: Path, source: provenance.ReferenceText | None = None) -> None:
    """Raise ``data.DataError`` listing every problem unless the package validates."""
    problems, _ = validate(data_dir, source)
    if problems:
        raise data.DataError(problems)
