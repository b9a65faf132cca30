"""What export and import share: namespaces, GUIDs, the record notes and the error type."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from analysis import paths
from analysis.errors import ArchiveError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "kvp-analysis"
# The standard's XSD is not ours to ship: it lies beside the checkout, or where KVP_REFIQDA_XSD says.
DEFAULT_SCHEMA = Path(
    os.environ.get("KVP_REFIQDA_XSD") or paths.ROOT.parent / "shared" / "refi-qda" / "Project-mrt2019.xsd"
)

# Never change this: every GUID derives from it, and a QDA tool that imported an earlier export
# recognises our codes, sources and selections again only by their GUIDs.
GUID_NAMESPACE = uuid.UUID("232c1981-ea98-42f6-a51d-9a6ce56bc631")

# Every date we write: the data hold no date of coding, and the clock would change the bytes on every
# run, so creationDateTime is one fixed instant (the zip entries' date), plainly not a real date.
CREATED = "1980-01-01T00:00:00Z"

# A note whose name starts so holds one row's columns that the project has no element for.
RECORD_PREFIX = "kvp:"
# The row's place in its table, so that a round trip keeps the table's order; a hyphen keeps it
# apart from any column name.
ROW_KEY = "kvp-row"
# The Case variables that say which person, setting or participant's case a Case stands for.
KIND_VARIABLE, ID_VARIABLE = "kvp:kind", "kvp:id"
CASE_COLUMNS = {"person": "speaker_id", "setting": "setting_id", "case": "case_id"}
# The columns the project holds in its own elements; a record note carries every other column.
# (A Description is a memo written for the reader in the project's language, not a column.)
CODE_ELEMENT_COLUMNS = ("parent_id",)  # the Code's nesting
EXCERPT_ELEMENT_COLUMNS = ("excerpt_id", "text_nb", *CASE_COLUMNS.values())
# The digest of the memo we wrote into an element's Description, kept in its record: a Description
# that no longer matches was written by someone else, and an import keeps it as their memo.
MEMO_KEY = "kvp-memo-sha256"


class QdpxError(ArchiveError):
    """A REFI-QDA file that cannot be read: the message names the file, the element and what was expected."""


def guid(kind: str, key: str) -> str:
    """The stable GUID of one thing we export (``kind`` keeps a code and a person of one id apart)."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}")).upper()


USER_GUID = guid("user", ORIGIN)  # the one user, standing for no person


def normal_guid(value: str) -> str:
    """A GUID as the standard allows it (braces, either case), in the one form we compare."""
    return value.strip().strip("{}").upper()


def qname(tag: str) -> str:
    """A project element's name as ElementTree reads it."""
    return f"{{{PROJECT_NS}}}{tag}"


def memo_digest(memo: str) -> str:
    return hashlib.sha256(memo.encode("utf-8")).hexdigest()[:16]


def record_name(table: str, row_id: str) -> str:
    return f"{RECORD_PREFIX}{table}:{row_id}"


def record_table(name: str | None) -> str | None:
    """The table a record note belongs to, or None for a note that is not one of ours."""
    if not name or not name.startswith(RECORD_PREFIX):
        return None
    return name[len(RECORD_PREFIX) :].split(":", 1)[0]


def _escape(value: str) -> str:
    # One field per line: a line break inside a value must not start a new field, and XML
    # would turn a carriage return into a line feed.
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append({"n": "\n", "r": "\r"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def encode_record(fields: dict[str, str]) -> str:
    """``key: value`` lines, readable in any QDA tool's note view."""
    return "\n".join(f"{key}: {_escape(value)}" for key, value in fields.items())


def decode_record(text: str, where: str) -> dict[str, str]:
    fields = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        key, colon, value = line.partition(": ")
        if not colon:
            key, colon, value = line.partition(":")  # a field whose value is empty
        if not colon or not key:
            raise QdpxError(f"{where}: line {number} {line!r} — a 'column: value' line")
        fields[key.strip()] = _unescape(value)
    return fields
