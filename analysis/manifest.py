"""Hashes and the manifest of what was built, from what, with which packages.

The manifest is deterministic: sorted keys, no timestamps, paths relative to the repository.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from analysis import errors, paths
from analysis.dependencies import CodeMemo, fingerprint, package_data
from analysis.registry import Run
from analysis.schema import Package

SCHEMA_VERSION = 1


def sha256_bytes(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def sha256_path(path: Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def library_hash(files: list[Path], memo: CodeMemo, library: Path = paths.LIBRARY) -> str:
    """One hash over the given library modules (those a notebook reaches), by their code alone, and
    over their packages' data files, by their bytes."""
    parts = [(path, memo.facts(path)["fingerprint"]) for path in sorted(files)]
    parts += [(path, sha256_path(path)) for path in package_data(files)]
    digest = hashlib.sha256()
    for path, part in parts:
        digest.update(f"{path.relative_to(library).as_posix()}\0{part}\0".encode())
    return digest.hexdigest()


def notebook_hash(notebook: Path) -> str:
    """The notebook as it runs and reads: code cells by their AST, markdown cells as written.

    Code that cannot be parsed is hashed as it stands (the run will fail and say so).
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    parts = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            with contextlib.suppress(SyntaxError):
                source = fingerprint(ast.parse(source))
        parts.append([cell["cell_type"], cell.get("metadata", {}).get("tags", []), source])
    return sha256_bytes(json.dumps(parts, sort_keys=True).encode())


def table_hashes(data_dir: Path, package: Package | None = None) -> dict[str, str]:
    """table name -> sha256 of its CSV and of its own entry in ``datapackage.json``.

    A table's hash moves when its rows or its schema do, and not when another table's entry or the
    package's metadata change.
    """
    package = package or Package.read(data_dir)
    entries = {spec["name"]: spec for spec in package.descriptor.get("resources", [])}
    hashes = {}
    for resource in package.resources:
        entry = json.dumps(entries.get(resource.name, {}), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(entry.encode())
        digest.update(b"\0")
        digest.update((data_dir / resource.path).read_bytes())
        hashes[resource.name] = digest.hexdigest()
    return hashes


def input_hashes(run: Run, tables: dict[str, str]) -> dict[str, str]:
    """table -> hash (``table_hashes``) of the tables a run reads."""
    return {name: tables[name] for name in run.artifact.inputs}


def run_hash(run: Run, notebook: str, inputs: dict[str, str], library: str, lock: str) -> str:
    """The cache key of a run: notebook, parameters (its registry spec), input tables, code, lock."""
    payload = json.dumps(
        {
            "notebook": notebook,
            "parameters": run.parameters(),
            "inputs": inputs,
            "library": library,
            "lock": lock,
        },
        sort_keys=True,
    )
    return sha256_bytes(payload.encode())


_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def locked_packages(lock_file: Path = paths.LOCK_FILE) -> dict[str, str]:
    pins = {}
    for line in lock_file.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def installed_versions(names) -> dict[str, str]:
    """The version of each package as installed (``missing`` where it is not)."""
    versions = {}
    for name in sorted(names):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def read(figures_dir: Path) -> dict:
    path = figures_dir / paths.MANIFEST_NAME
    if not path.is_file():
        return {"schema": SCHEMA_VERSION, "runs": {}}
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(recorded.get("runs"), dict):
            raise ValueError("no runs")
    except (ValueError, UnicodeDecodeError, AttributeError) as error:
        raise errors.DataError(
            f"{path}: not a manifest ({error}); restore it with `git checkout -- {path}`, "
            "or delete it to publish afresh"
        ) from None
    return recorded


def dumps(manifest: dict) -> str:
    return json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def entry(run: Run, inputs: dict[str, str], key: str, outputs: dict[str, str]) -> dict:
    captions = {
        f"{out['stem']}.{out['kind']}": out["caption"] for out in run.spec()["outputs"] if out["caption"]
    }
    return {
        "artifact": run.artifact.id,
        "thesis_ref": {"nb": run.artifact.thesis_ref_nb, "en": run.artifact.thesis_ref_en},
        "captions": captions,
        "notebook": f"notebooks/{run.artifact.notebook}",
        "parameters": {**run.arguments(), "data_dir": "data", "out_dir": str(Path("figures", run.folder))},
        "inputs": inputs,
        "input_hash": key,
        "outputs": outputs,
    }
