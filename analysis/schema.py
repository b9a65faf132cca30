"""The data contract, read from ``datapackage.json``.

Only the parts of the Frictionless Table Schema that the package uses are modelled: field types
(string, integer, number), the constraints required, enum, pattern, unique and minimum, primary keys and
foreign keys. Two project properties ride along in the descriptor:

- ``kvp:verbatim`` on a resource lists the columns whose text must be found in the reference text
  within the row's ``lines`` (``evidence`` by default, ``text_nb`` for excerpts); an entry
  ``"background_evidence@background_lines"`` checks a second claim against its own line range;
- ``kvp:list`` on a field marks a ``;``-separated list, whose items each obey the field's
  constraints and foreign keys;
- ``kvp:requiredWhen`` on a field (``{"field": "origin", "equals": "thesis"}``) makes it required
  on the rows where another column has that value (``"*"``: any value);
- ``kvp:foreignKeys`` in a schema: foreign keys on list fields, which Frictionless cannot check;
- ``kvp:fields`` at the top: field definitions shared by many tables (the evidence fields), which a
  field takes with ``"kvp:field": "<name>"``;
- ``kvp:multiline`` on a field allows line breaks and tabs in its cells; every other text column
  holds one line, so that no writer (a LaTeX comment, a Markdown table row) can be broken out of.

A descriptor that cannot be read as such a package raises ``DescriptorError`` saying where and why;
a resource path must be relative and stay inside the package's folder (it is never read otherwise).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analysis.errors import DescriptorError

DESCRIPTOR = "datapackage.json"
LIST_SEPARATOR = ";"
EVIDENCE_COLUMNS = ("section", "lines", "evidence", "status")
TYPES = ("string", "integer", "number")


def _compiled(name: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as error:
        raise DescriptorError(
            f"{DESCRIPTOR}: field {name}: pattern {pattern!r}: {error} — a valid regular expression"
        ) from None


def _inside(path: object) -> str:
    """``path`` if it names a file inside the package folder; DescriptorError otherwise."""
    if not isinstance(path, str) or not path:
        raise DescriptorError(f"{DESCRIPTOR}: resource path {path!r} — a file name such as table.csv")
    parts = PurePosixPath(path).parts
    if path.startswith(("/", "\\")) or "\\" in path or ":" in path or ".." in parts:
        raise DescriptorError(
            f"{DESCRIPTOR}: resource path {path!r} — a relative path inside the data folder (no /, .. or \\)"
        )
    return path


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    unique: bool = False
    minimum: float | None = None
    is_list: bool = False
    required_when: tuple[str, str] | None = None
    description: str = ""
    multiline: bool = False

    @classmethod
    def from_descriptor(cls, spec: dict) -> Field:
        constraints = spec.get("constraints", {})
        pattern = constraints.get("pattern")
        when = spec.get("kvp:requiredWhen")
        kind, minimum = spec.get("type", "string"), constraints.get("minimum")
        if kind not in TYPES:
            raise DescriptorError(
                f"{DESCRIPTOR}: field {spec['name']}: type {kind!r} — one of {', '.join(TYPES)}"
            )
        if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int | float)):
            raise DescriptorError(f"{DESCRIPTOR}: field {spec['name']}: minimum {minimum!r} — a number")
        return cls(
            name=spec["name"],
            type=kind,
            required=bool(constraints.get("required", False)),
            enum=tuple(str(value) for value in constraints.get("enum", ())),
            pattern=_compiled(spec["name"], pattern) if pattern else None,
            unique=bool(constraints.get("unique", False)),
            minimum=minimum,
            is_list=bool(spec.get("kvp:list", False)),
            required_when=(when["field"], str(when["equals"])) if when else None,
            description=spec.get("description", ""),
            multiline=bool(spec.get("kvp:multiline", False)),
        )


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    verbatim: tuple[tuple[str, str], ...] = ()  # (text column, its line-range column)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def has_evidence(self) -> bool:
        return all(column in self.columns for column in ("section", "lines", "status")) and bool(
            self.verbatim
        )

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @classmethod
    def from_descriptor(cls, spec: dict) -> Resource:
        schema = spec["schema"]
        fields = tuple(Field.from_descriptor(f) for f in schema["fields"])
        primary_key = schema.get("primaryKey", ())
        if isinstance(primary_key, str):
            primary_key = (primary_key,)
        foreign_keys = []
        # Frictionless cannot check a key inside a ;-separated list, so such keys are declared
        # under kvp:foreignKeys, which only this package reads.
        for fk in [*schema.get("foreignKeys", ()), *schema.get("kvp:foreignKeys", ())]:
            own = fk["fields"]
            ref = fk["reference"]
            theirs = ref["fields"]
            foreign_keys.append(
                ForeignKey(
                    fields=(own,) if isinstance(own, str) else tuple(own),
                    resource=ref.get("resource") or spec["name"],
                    reference_fields=(theirs,) if isinstance(theirs, str) else tuple(theirs),
                )
            )
        names = {f.name for f in fields}
        default_verbatim = ("evidence",) if "evidence" in names else ()
        return cls(
            name=spec["name"],
            path=_inside(spec["path"]),
            fields=fields,
            primary_key=tuple(primary_key),
            foreign_keys=tuple(foreign_keys),
            verbatim=tuple(
                tuple(entry.split("@")) if "@" in entry else (entry, "lines")
                for entry in spec.get("kvp:verbatim", default_verbatim)
            ),
        )


@dataclass(frozen=True)
class Source:
    title: str
    path: str
    sha256: str


@dataclass(frozen=True)
class Package:
    directory: Path
    resources: tuple[Resource, ...]
    source: Source | None = None
    descriptor: dict = field(default_factory=dict, compare=False, repr=False)

    def resource(self, name: str) -> Resource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(f"{name!r} is not a table of {self.directory / DESCRIPTOR}")

    @classmethod
    def read(cls, directory: Path) -> Package:
        """The package described by ``directory/datapackage.json``; DescriptorError if it is not one."""
        where = Path(directory) / DESCRIPTOR
        try:
            payload = where.read_bytes()
        except OSError as error:
            raise DescriptorError(f"{where}: {error.strerror} — a readable data package descriptor") from None
        if payload.startswith(b"\xef\xbb\xbf"):
            raise DescriptorError(f"{where}: starts with a byte-order mark — UTF-8 without a BOM")
        try:
            descriptor = json.loads(payload.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise DescriptorError(f"{where}: byte {error.start}: not UTF-8 — UTF-8 JSON") from None
        except json.JSONDecodeError as error:
            raise DescriptorError(
                f"{where}:{error.lineno}: column {error.colno}: {error.msg} — valid JSON"
            ) from None
        except RecursionError:
            raise DescriptorError(f"{where}: nested too deeply — a data package descriptor") from None
        try:
            return cls._from_descriptor(Path(directory), descriptor)
        except DescriptorError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
            what = f"no {error}" if isinstance(error, KeyError) else str(error)
            raise DescriptorError(
                f"{where}: {what} — a data package with resources, each with name, path and schema.fields"
            ) from None

    @classmethod
    def _from_descriptor(cls, directory: Path, descriptor: dict) -> Package:
        if not isinstance(descriptor, dict):
            raise DescriptorError(f"{directory / DESCRIPTOR}: not a JSON object — a data package descriptor")
        descriptor = _with_shared_fields(directory, descriptor)
        sources = descriptor.get("sources") or []
        source = None
        if sources:
            first = sources[0]
            source = Source(title=first["title"], path=first["path"], sha256=first["sha256"])
        resources = tuple(Resource.from_descriptor(spec) for spec in descriptor["resources"])
        if not resources:
            raise DescriptorError(f"{directory / DESCRIPTOR}: no resources — at least one table")
        names = [r.name for r in resources]
        if len(set(names)) != len(names):
            raise DescriptorError(f"{directory / DESCRIPTOR}: a resource name repeats — each table once")
        return cls(directory=directory, resources=resources, source=source, descriptor=descriptor)


def _with_shared_fields(directory: Path, descriptor: dict) -> dict:
    """The descriptor with every ``kvp:field`` reference replaced by the shared definition it names.

    The evidence fields (section, lines, evidence, status) are declared once, under ``kvp:fields``;
    a resource's field ``{"name": "status", "type": "string", "kvp:field": "status"}`` takes that
    definition, its own keys (a description, say) overriding. Frictionless, which knows no such
    reference, still sees each field by name and type.
    """
    shared = descriptor.get("kvp:fields", {})
    resolved = {**descriptor, "resources": []}
    for spec in descriptor["resources"]:
        fields = []
        for own in spec["schema"]["fields"]:
            name = own.get("kvp:field")
            if name is None:
                fields.append(own)
                continue
            if name not in shared:
                raise DescriptorError(
                    f"{directory / DESCRIPTOR}: {spec.get('name')}.{own.get('name')}: kvp:field {name!r} "
                    f"— one of the shared fields ({', '.join(sorted(shared)) or 'none declared'})"
                )
            merged = {**shared[name], **{k: v for k, v in own.items() if k != "kvp:field"}}
            fields.append(merged)
        resolved["resources"].append({**spec, "schema": {**spec["schema"], "fields": fields}})
    return resolved
