"""The archive in and the tables out: reading a .qdpx safely, the XSD check, writing all or nothing.

Reading is bounded: the project and the source texts are size-checked from the archive's directory
before a byte is inflated (a zip bomb is refused, not read), at most the declared size is read,
and the XML may nest only so deep (the importer walks the code tree recursively). The few
children the importer follows (a Coding's CodeRef, a VariableValue's VariableRef) are checked to
be there, so a project that breaks the schema fails cleanly when no schema is at hand.
"""

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

MAX_PROJECT_BYTES = 64 << 20  # project.qde, inflated; the thesis's own export is well under 1 MiB
MAX_TOTAL_BYTES = 256 << 20  # project.qde and every source text read, inflated
MAX_DEPTH = 64  # element nesting; a REFI-QDA code tree a few levels deep sits at about 10
# (element, the child it must have, the attribute that child must carry)
_REQUIRED = (("Coding", "CodeRef", "targetGUID"), ("VariableValue", "VariableRef", "targetGUID"))


def member(source: ET.Element) -> str | None:
    """The archive entry holding a source's plain text, if it is inside the archive."""
    path = source.get("plainTextPath") or ""
    return "sources/" + path.removeprefix("internal://") if path.startswith("internal://") else None


def _read_member(archive: zipfile.ZipFile, name: str, limit: int, where: str) -> bytes:
    """One member, refused from its declared size if over ``limit``; never more than that is read."""
    size = archive.getinfo(name).file_size
    if size > limit:
        raise QdpxError(f"{where}: {name} inflates to {size} bytes — at most {limit} (a zip bomb?)")
    with archive.open(name) as handle:
        return handle.read(limit + 1)[:limit]


def _parse(payload: bytes, where: str) -> ET.Element:
    """The XML tree, refused if it nests deeper than MAX_DEPTH (counted while parsing)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    try:
        parser.feed(payload)
        parser.close()
        for event, element in parser.read_events():
            depth += 1 if event == "start" else -1
            if depth > MAX_DEPTH:
                tag = element.tag.rpartition("}")[2]
                raise QdpxError(f"{where}: {tag} nests {depth} deep — at most {MAX_DEPTH} levels")
    except ET.ParseError as error:
        raise QdpxError(f"{where}: {error} — well-formed XML") from None
    return element  # the last "end" event is the root's


def _check_required(root: ET.Element, where: str) -> None:
    for parent, child, attribute in _REQUIRED:
        for element in root.iter(qname(parent)):
            found = element.find(qname(child))
            if found is None or not found.get(attribute):
                guid = element.get("guid", "?")
                raise QdpxError(
                    f"{where}: {parent} {guid}: no {child} with {attribute} — one, naming its target"
                )


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
            project = _read_member(archive, "project.qde", MAX_PROJECT_BYTES, str(in_path))
            root = _parse(project, where)
            texts = sorted({member(source) for source in root.iter(qname("TextSource"))} & names)
            total = len(project) + sum(archive.getinfo(name).file_size for name in texts)
            if total > MAX_TOTAL_BYTES:
                what = f"the project and its texts inflate to {total} bytes"
                raise QdpxError(f"{in_path}: {what} — at most {MAX_TOTAL_BYTES}")
            files = {name: _read_member(archive, name, MAX_TOTAL_BYTES, str(in_path)) for name in texts}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as error:
        raise QdpxError(f"{in_path}: {error} — a zip archive (a .qdpx is one)") from error
    except (NotImplementedError, RuntimeError) as error:  # an unsupported compression, encryption
        raise QdpxError(f"{in_path}: {error} — a plain zip archive (a .qdpx is one)") from None
    if root.tag != qname("Project"):
        raise QdpxError(f"{where}: root element {root.tag} — {qname('Project')}")
    _check_required(root, where)
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
