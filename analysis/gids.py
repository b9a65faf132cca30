"""The SVG ids that tie a drawn mark to the data rows it shows: ``kvp:<table>:<row id>[#<part>]``.

A row id is a primary key, its parts joined by ``|``; a mark that stands for several rows names
them all, joined the same way. SVG ids are unique, so a further mark of the same rows (an arrow's
head, a dot beside a label) adds ``#<part>``. The reader edition reads them (``report.evidence``).
"""

from __future__ import annotations

KEY_JOIN = "|"
PART = "#"


def gid(table: str, *keys: str, part: str = "") -> str:
    """The id of a mark showing the rows of ``table`` with these key parts (one key or several)."""
    return f"kvp:{table}:{KEY_JOIN.join(keys)}" + (f"{PART}{part}" if part else "")
