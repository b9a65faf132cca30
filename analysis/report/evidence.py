"""What the report shows behind a mark: the data row a gid names, its evidence, and its excerpts.

Figures name their data rows by SVG gid, ``kvp:<table>:<row_id>`` (``kvp:codes:<code_id>`` and
``kvp:cooc:<code_a>|<code_b>`` for the QDA figures); tables by the row anchors they publish. The
tables are read straight from ``data/`` (strings, as the CSV holds them), with the primary keys
``datapackage.json`` declares.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

# A composite primary key's parts, joined as a gid's row id.
KEY_JOIN = "|"


def _span(lines: str) -> tuple[int, int] | None:
    """``"4317-4319"`` -> (4317, 4319); the first range of a list; None if there is none."""
    first = lines.split(";")[0].strip()
    if not first:
        return None
    start, _, end = first.partition("-")
    try:
        return int(start), int(end or start)
    except ValueError:
        return None


@dataclass
class Data:
    """The data package's tables as rows of strings, indexed by primary key."""

    rows: dict[str, dict[str, dict[str, str]]]  # table -> row id -> row
    keys: dict[str, tuple[str, ...]]
    _codings: dict[str, list[str]] = field(default_factory=dict)  # code -> excerpts

    @classmethod
    def read(cls, data_dir: Path) -> Data:
        descriptor = json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))
        rows, keys = {}, {}
        for resource in descriptor["resources"]:
            key = resource.get("schema", {}).get("primaryKey") or ()
            key = (key,) if isinstance(key, str) else tuple(key)
            path = Path(data_dir) / resource["path"]
            if not key or not path.is_file():
                continue
            with open(path, encoding="utf-8", newline="") as handle:
                table = list(csv.DictReader(handle))
            keys[resource["name"]] = key
            rows[resource["name"]] = {KEY_JOIN.join(r[k] for k in key): r for r in table}
        data = cls(rows, keys)
        for coding in rows.get("codings", {}).values():
            data._codings.setdefault(coding["code_id"], []).append(coding["excerpt_id"])
        return data

    def excerpts_of(self, table: str, row: dict[str, str]) -> list[str]:
        """The fieldwork excerpts a row rests on: named by it, coded with it, or quoted in its lines."""
        excerpts = self.rows.get("excerpts", {})
        if table == "excerpts":
            return [row["excerpt_id"]]
        if row.get("excerpt_id") in excerpts:
            return [row["excerpt_id"]]
        if table == "codes":
            return sorted(self._codings.get(row["code_id"], []))
        span = _span(row.get("lines", ""))
        if span is None or not row.get("section"):
            return []
        first, last = span
        found = []
        for excerpt_id, excerpt in excerpts.items():
            other = _span(excerpt["lines"])
            if excerpt["section"] == row["section"] and other and other[0] <= last and first <= other[1]:
                found.append(excerpt_id)
        return sorted(found)

    def lookup(self, gid: str) -> dict | None:
        """The evidence record a gid names, or None if the data have no such row."""
        prefix, _, rest = gid.partition(":")
        table, _, row_id = rest.partition(":")
        if prefix != "kvp":
            return None
        if table == "cooc":
            a, _, b = row_id.partition(KEY_JOIN)
            both = sorted(set(self._codings.get(a, [])) & set(self._codings.get(b, [])))
            return {"table": "cooc", "id": row_id, "excerpts": both, "label": f"{a} × {b}"}
        row = self.rows.get(table, {}).get(row_id)
        if row is None:
            return None
        return {
            "table": table,
            "id": row_id,
            "label": next(
                (row[c] for c in ("label_nb", "name_nb", "pseudonym", "text_nb") if row.get(c)), ""
            ),
            "label_en": next((row[c] for c in ("label_en", "name_en", "gloss_en") if row.get(c)), ""),
            "section": row.get("section", ""),
            "lines": row.get("lines", ""),
            "evidence": row.get("evidence") or row.get("text_nb", ""),
            "status": row.get("status", ""),
            "excerpts": self.excerpts_of(table, row),
        }

    def find_row(self, row_id: str, tables: tuple[str, ...]) -> str | None:
        """The gid of the first of ``tables`` holding ``row_id``: what a table's row anchor names."""
        for table in tables:
            if row_id in self.rows.get(table, {}):
                return f"kvp:{table}:{row_id}"
        return None
