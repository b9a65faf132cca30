"""The findings of chapter 9, each tied to the chapter it summarises and to its lines in both."""

from __future__ import annotations

import pandas as pd

from analysis import i18n, style
from analysis.render import Table


def table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["findings"].sort_values(["chapter", "finding_id"], kind="stable")
    text = i18n.column("finding", lang)
    rows = tuple(
        (
            str(r.chapter),
            style.marked(getattr(r, text), r.status),
            f"{r.section} ({r.lines})",
            f"{r.summary_section} ({r.summary_lines})",
        )
        for r in frame.itertuples()
    )
    columns = ("chapter", "finding", "in-chapter-9", "summarised-from")
    return Table(
        table_id=f"findings-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in columns),
        rows=rows,
        tidy=frame[
            [
                "finding_id",
                "chapter",
                "finding_nb",
                "finding_en",
                "section",
                "lines",
                "summary_section",
                "summary_lines",
                "status",
            ]
        ].reset_index(drop=True),
        notes=(i18n.text("findings.note", lang), i18n.text("status.legend", lang)),
    )
