"""What the report shows behind a mark: the data row a gid names, its evidence, and its excerpts.

Figures name their data rows by SVG gid (``analysis.gids``; ``kvp:codes:<code_id>`` and
``kvp:cooc:<code_a>|<code_b>`` for the QDA figures); tables by the row anchors they publish. The
tables are read straight from ``data/`` (strings, as the CSV holds them), with the primary keys
``datapackage.json`` declares.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from analysis.gids import KEY_JOIN, PART, gid

# Tables that declare no primary key (a row is one value of many), and the columns a mark names
# them by: a key may name several rows, which the mark then stands for together.
MARK_KEYS = {"supervisor_position_values": ("position_id", "dimension")}


def row_gid(gid: str) -> str:
    """The gid without its ``#part``: what names the data rows."""
    return gid.partition(PART)[0]


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
    _marked: dict[str, dict[str, list[dict[str, str]]]] = field(default_factory=dict)  # MARK_KEYS tables

    @classmethod
    def read(cls, data_dir: Path) -> Data:
        descriptor = json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))
        rows, keys, marked = {}, {}, {}
        for resource in descriptor["resources"]:
            key = resource.get("schema", {}).get("primaryKey") or ()
            key = (key,) if isinstance(key, str) else tuple(key)
            path = Path(data_dir) / resource["path"]
            key = key or MARK_KEYS.get(resource["name"], ())
            if not key or not path.is_file():
                continue
            with open(path, encoding="utf-8", newline="") as handle:
                table = list(csv.DictReader(handle))
            keys[resource["name"]] = key
            if resource["name"] in MARK_KEYS:
                for r in table:
                    marked.setdefault(resource["name"], {}).setdefault(
                        KEY_JOIN.join(r[k] for k in key), []
                    ).append(r)
            else:
                rows[resource["name"]] = {KEY_JOIN.join(r[k] for k in key): r for r in table}
        data = cls(rows, keys, _marked=marked)
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

    def named_rows(self, table: str, row_id: str) -> list[dict[str, str]] | None:
        """The rows ``row_id`` names in ``table``: one key or several in a row; None if any is missing."""
        key = self.keys.get(table)
        parts = row_id.split(KEY_JOIN)
        if not key or not row_id or len(parts) % len(key):
            return None
        found = []
        for i in range(0, len(parts), len(key)):
            one = KEY_JOIN.join(parts[i : i + len(key)])
            named = self._marked[table].get(one) if table in self._marked else [self.rows[table].get(one)]
            if not named or None in named:
                return None
            found += named
        return found

    def _record(self, table: str, row: dict[str, str]) -> dict:
        return {
            "label": next(
                (row[c] for c in ("label_nb", "name_nb", "pseudonym", "text_nb", "value_nb") if row.get(c)),
                "",
            ),
            "label_en": next(
                (row[c] for c in ("label_en", "name_en", "gloss_en", "value_en") if row.get(c)), ""
            ),
            "section": row.get("section", ""),
            "lines": row.get("lines", ""),
            "evidence": row.get("evidence") or row.get("text_nb", ""),
            "status": row.get("status", ""),
            "excerpts": self.excerpts_of(table, row),
        }

    def lookup(self, gid: str) -> dict | None:
        """The evidence record a gid names, or None if the data have no such row.

        A gid that names several rows gets one record: their labels, snippets and places in order,
        each snippet after the id of its row, and every excerpt of any of them.
        """
        prefix, _, rest = row_gid(gid).partition(":")
        table, _, row_id = rest.partition(":")
        if prefix != "kvp":
            return None
        if table == "cooc":
            a, _, b = row_id.partition(KEY_JOIN)
            if not {a, b} <= set(self.rows.get("codes", {})):
                return None
            both = sorted(set(self._codings.get(a, [])) & set(self._codings.get(b, [])))
            return {"table": "cooc", "id": row_id, "excerpts": both, "label": f"{a} × {b}"}
        rows = self.named_rows(table, row_id)
        if rows is None:
            return None
        records = [self._record(table, row) for row in rows]
        if len(records) == 1:
            return {"table": table, "id": row_id, **records[0]}
        ids = [KEY_JOIN.join(row[k] for k in self.keys[table]) for row in rows]

        def joined(field: str, sep: str = "; ") -> str:
            return sep.join(dict.fromkeys(r[field] for r in records if r[field]))

        return {
            "table": table,
            "id": row_id,
            "rows": ids,
            "label": joined("label"),
            "label_en": joined("label_en"),
            "section": joined("section", ", "),
            "lines": "; ".join(r["lines"] for r in records if r["lines"]),
            "evidence": " ".join(f"[{i}] {r['evidence']}" for i, r in zip(ids, records, strict=True)),
            "status": joined("status", ", "),
            "excerpts": sorted({e for r in records for e in r["excerpts"]}),
        }

    def find_row(self, row_id: str, tables: tuple[str, ...]) -> str | None:
        """The gid of the first of ``tables`` holding ``row_id``: what a table's row anchor names."""
        for table in tables:
            if row_id in self.rows.get(table, {}):
                return gid(table, row_id)
        return None
