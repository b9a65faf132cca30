"""Hashes and the manifest of what was built, from what, with which packages.

The manifest is deterministic: sorted keys, no timestamps, paths relative to the repository.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from analysis import paths
from analysis.registry import Run
from analysis.schema import Package

SCHEMA_VERSION = 1


def sha256_bytes(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def sha256_path(path: Path) -> str:
    return sha256_bytes(Path(path).read_bytes())


def library_hash(files: list[Path], library: Path = paths.LIBRARY) -> str:
    """One hash over the given library files (those a notebook reaches), names and contents."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(library).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def data_hashes(data_dir: Path) -> dict[str, tuple[str, str]]:
    """table name -> (file, sha256) for every table of the package, and the descriptor itself."""
    package = Package.read(data_dir)
    hashes = {"": ("datapackage.json", sha256_path(data_dir / "datapackage.json"))}
    for resource in package.resources:
        hashes[resource.name] = (resource.path, sha256_path(data_dir / resource.path))
    return hashes


def input_hashes(
    run: Run, data_dir: Path, hashes: dict[str, tuple[str, str]] | None = None
) -> dict[str, str]:
    """file -> sha256 of what a run reads: the descriptor and its input tables.

    A build plan hashes the package once (``data_hashes``) and passes it to every run.
    """
    hashes = hashes if hashes is not None else data_hashes(data_dir)
    return dict(hashes[name] for name in ("", *run.artifact.inputs))


def run_hash(run: Run, inputs: dict[str, str], library: str, lock: str) -> str:
    """The cache key of a run: notebook, parameters, input tables, the library code it reaches, lock."""
    notebook = sha256_path(paths.NOTEBOOKS / run.artifact.notebook)
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
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(manifest: dict) -> str:
    return json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def entry(run: Run, inputs: dict[str, str], key: str, outputs: dict[str, str]) -> dict:
    return {
        "artifact": run.artifact.id,
        "thesis_ref": {"nb": run.artifact.thesis_ref_nb, "en": run.artifact.thesis_ref_en},
        "notebook": f"notebooks/{run.artifact.notebook}",
        "parameters": {**run.parameters(), "data_dir": "data", "out_dir": str(Path("figures", run.folder))},
        "inputs": inputs,
        "input_hash": key,
        "outputs": outputs,
    }
