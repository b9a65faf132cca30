"""The archive in and the tables out: reading a .qdpx safely, the XSD check, writing all or nothing."""

from __future__ import annotations

import csv
import functools
import io
import os
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

from analysis.refiqda.common import QdpxError, qname


def member(source: ET.Element) -> str | None:
    """The archive entry holding a source's plain text, if it is inside the archive."""
    path = source.get("plainTextPath") or ""
    return "sources/" + path.removeprefix("internal://") if path.startswith("internal://") else None


def read(in_path: Path) -> tuple[ET.Element, dict[str, bytes], str]:
    """The project's XML and the plain texts of its sources (media the project may hold stay unread)."""
    where = f"{in_path} › project.qde"
    try:
        with zipfile.ZipFile(in_path) as archive:
            names = set(archive.namelist())
            if "project.qde" not in names:
                others = sorted(name for name in names if name.endswith(".qde"))
                also = f" (it holds {', '.join(others)})" if others else ""
                raise QdpxError(f"{in_path}: no project.qde{also} — a .qdpx holds its project as project.qde")
            try:
                root = ET.fromstring(archive.read("project.qde"))
            except ET.ParseError as error:
                raise QdpxError(f"{where}: {error} — well-formed XML") from error
            texts = {member(source) for source in root.iter(qname("TextSource"))} & names
            files = {name: archive.read(name) for name in sorted(texts)}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as error:
        raise QdpxError(f"{in_path}: {error} — a zip archive (a .qdpx is one)") from error
    if root.tag != qname("Project"):
        raise QdpxError(f"{where}: root element {root.tag} — {qname('Project')}")
    return root, files, where


@functools.lru_cache(maxsize=2)
def _schema(path: Path):
    import xmlschema  # not at the top: exporting and the rest of the package do without it

    return xmlschema.XMLSchema(str(path))


def validate(root: ET.Element, schema: Path, where: str) -> None:
    errors = list(_schema(schema).iter_errors(root))
    if errors:
        shown = "\n".join(f"  {error.path}: {error.reason}" for error in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise QdpxError(f"{where}: {len(errors)} error(s) against {schema.name}:\n{shown}{more}")


def csv_text(columns: tuple[str, ...], rows: list[dict]) -> str:
    """A table as the data package writes it: a header, minimal quoting, LF, empty for unknown."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(column) or "" for column in columns] for row in rows)
    return buffer.getvalue()


def publish(data_dir: Path, files: dict[str, str]) -> None:
    """Write the files beside ``data_dir``, then move them in; a failed write leaves ``data_dir`` alone."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir.parent, prefix=f".{data_dir.name}-import-") as staging:
        for name, text in files.items():
            Path(staging, name).write_text(text, encoding="utf-8", newline="")
        data_dir.mkdir(exist_ok=True)
        for name in files:
            os.replace(Path(staging, name), data_dir / name)
