"""The build: validate, plan, run the notebooks in parallel, then publish atomically.

- The data are validated before any notebook runs.
- A run whose inputs (notebook, parameters, input tables, the library modules its notebook
  imports, directly or not, and the lock) hash as in the manifest, and whose outputs are in
  place with their recorded hashes, is skipped.
- Every run writes into its own staging folder under ``build/``. Only when every run succeeded,
  and produced exactly its declared outputs, are the outputs moved into the figures directory;
  the manifest is replaced last. A failure leaves the figures directory as it was.
- A lock file keeps two builds from interleaving.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis import data, dependencies, manifest, paths, provenance
from analysis.execute import NotebookError, check_parameters, run_notebook
from analysis.registry import ARTIFACTS, Run, by_id
from analysis.schema import Package


class BuildError(Exception):
    """The build failed; the figures directory is unchanged."""


@dataclass(frozen=True)
class Planned:
    run: Run
    inputs: dict[str, str]
    key: str
    up_to_date: bool


@contextmanager
def build_lock(build_dir: Path):
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build is running (it holds {build_dir / '.build.lock'})") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def select_runs(only: Sequence[str] = (), langs: Sequence[str] | None = None) -> list[Run]:
    artifacts = [by_id(a) for a in only] if only else list(ARTIFACTS)
    runs = []
    for artifact in artifacts:
        runs.extend(artifact.runs(langs) if langs else artifact.runs())
    return runs


def _outputs_in_place(entry: dict | None, figures_dir: Path) -> bool:
    if not entry:
        return False
    for relative, digest in entry["outputs"].items():
        path = figures_dir / relative
        if not path.is_file() or manifest.sha256_path(path) != digest:
            return False
    return True


def plan(runs: Sequence[Run], data_dir: Path, figures_dir: Path, force: bool) -> list[Planned]:
    previous = manifest.read(figures_dir)["runs"]
    graph = dependencies.ImportGraph(paths.LIBRARY)
    library: dict[str, str] = {}  # notebook -> hash of the library modules it reaches
    lock = manifest.sha256_path(paths.LOCK_FILE)
    tables = manifest.data_hashes(data_dir)
    planned = []
    for run in runs:
        notebook = run.artifact.notebook
        if notebook not in library:
            library[notebook] = manifest.library_hash(graph.notebook_modules(paths.NOTEBOOKS / notebook))
        inputs = manifest.input_hashes(run, data_dir, tables)
        key = manifest.run_hash(run, inputs, library[notebook], lock)
        entry = previous.get(run.key)
        fresh = not force and entry is not None and entry["input_hash"] == key
        planned.append(Planned(run, inputs, key, fresh and _outputs_in_place(entry, figures_dir)))
    return planned


def executed_notebook(build_dir: Path, run: Run) -> Path:
    """Where the build keeps the executed copy of ``run``'s notebook (also after a failure)."""
    return Path(build_dir) / "executed" / f"{run.slug}.ipynb"


def _execute(run_key: str, data_dir: str, out_dir: str, executed: str) -> float:
    """Worker: run one notebook (in a child process, so runs are parallel and isolated)."""
    run = next(r for r in select_runs() if r.key == run_key)
    parameters = {**run.parameters(), "data_dir": data_dir, "out_dir": out_dir}
    started = time.perf_counter()
    run_notebook(paths.NOTEBOOKS / run.artifact.notebook, Path(executed), parameters, paths.NOTEBOOKS)
    return time.perf_counter() - started


def _check_outputs(run: Run, out_dir: Path) -> dict[str, str]:
    produced = sorted(p.name for p in out_dir.iterdir()) if out_dir.is_dir() else []
    expected = sorted(Path(o).name for o in run.outputs())
    if produced != expected:
        raise BuildError(
            f"{run.key}: the notebook wrote {produced or 'nothing'}, but the registry declares {expected}"
        )
    return {o: manifest.sha256_path(out_dir / Path(o).name) for o in run.outputs()}


def _publish(
    results: dict[str, tuple[Planned, Path, dict[str, str]]], data_dir: Path, figures_dir: Path
) -> None:
    """Move staged outputs into place, then replace the manifest (each by an atomic rename)."""
    current = manifest.read(figures_dir)
    known = {r.key for r in select_runs()}
    runs = {key: entry for key, entry in current["runs"].items() if key in known}
    for key, (planned, staged, outputs) in results.items():
        for relative in outputs:
            target = figures_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / Path(relative).name, target)
        runs[key] = manifest.entry(planned.run, planned.inputs, planned.key, outputs)
    package = Package.read(data_dir)
    body = {
        "schema": manifest.SCHEMA_VERSION,
        "source": {"path": package.source.path, "sha256": package.source.sha256} if package.source else {},
        "lock_sha256": manifest.sha256_path(paths.LOCK_FILE),
        "packages": manifest.installed_versions(manifest.locked_packages()),
        "runs": runs,
    }
    staged_manifest = figures_dir / (paths.MANIFEST_NAME + ".tmp")
    staged_manifest.write_text(manifest.dumps(body), encoding="utf-8", newline="\n")
    os.replace(staged_manifest, figures_dir / paths.MANIFEST_NAME)


def build(
    only: Sequence[str] = (),
    langs: Sequence[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    data_dir: Path = paths.DATA,
    figures_dir: Path = paths.FIGURES,
    build_dir: Path = paths.BUILD,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Build the selected artifacts; returns the keys of the runs that were executed."""
    data_dir, figures_dir, build_dir = Path(data_dir), Path(figures_dir), Path(build_dir)
    with build_lock(build_dir):
        source_path = paths.reference_text()
        source = provenance.ReferenceText.read(source_path) if source_path else None
        problems, _ = data.validate(data_dir, source)
        if problems:
            raise BuildError(str(data.DataError(problems)))
        planned = plan(select_runs(only, langs), data_dir, figures_dir, force)
        todo = [p for p in planned if not p.up_to_date]
        for p in planned:
            if p.up_to_date:
                log(f"  skip  {p.run.key} (unchanged)")
        if not todo:
            log("nothing to build: every output is up to date")
            return []
        for p in todo:  # fail on an unknown parameter before any kernel starts
            supplied = {**p.run.parameters(), "data_dir": "", "out_dir": ""}
            check_parameters(paths.NOTEBOOKS / p.run.artifact.notebook, supplied)
        staging = build_dir / "staging" / str(os.getpid())
        shutil.rmtree(staging, ignore_errors=True)
        results, failures = {}, []
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {}
            for p in todo:
                out_dir = staging / p.run.key
                executed = executed_notebook(build_dir, p.run)
                future = pool.submit(
                    _execute, p.run.key, str(data_dir.resolve()), str(out_dir.resolve()), str(executed)
                )
                futures[future] = (p, out_dir)
            for done, future in enumerate(as_completed(futures), start=1):
                p, out_dir = futures[future]
                try:
                    seconds = future.result()
                    results[p.run.key] = (p, out_dir, _check_outputs(p.run, out_dir))
                    log(f"  [{done}/{len(todo)}] {p.run.key} built in {seconds:.1f} s")
                except (NotebookError, BuildError) as error:
                    failures.append(str(error))
                    log(f"  [{done}/{len(todo)}] {p.run.key} FAILED")
        if failures:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildError("nothing was published; figures/ is unchanged.\n" + "\n".join(failures))
        _publish(results, data_dir, figures_dir)
        shutil.rmtree(staging, ignore_errors=True)
        log(f"built {len(results)} run(s) in {time.perf_counter() - started:.1f} s with {workers} job(s)")
        return sorted(results)
