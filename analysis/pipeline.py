"""The build: plan, validate, run the notebooks on warm kernels, then publish atomically.

- A run's cache key (``manifest.run_hash``) covers exactly what its result depends on: its
  notebook, its part of the registry (inputs, stems, formats, captions), its own tables' rows and
  descriptor entries, the code its notebook reaches (comments and docstrings aside) and the lock.
- What this machine has executed is a local cache, ``build/cache.json``. A run is skipped when the
  cache has its key, ``figures/`` holds the outputs the cache recorded, and the published manifest
  records the same key. A fresh clone has no cache, so its first build executes every notebook
  (and so reproduces the published files, or shows that it does not).
- The data are validated before any notebook runs.
- Every run writes into its own staging folder under ``build/``. Only when every run succeeded,
  and produced exactly its declared outputs, are the outputs moved into the figures directory;
  the manifest is replaced last. A failure leaves the figures directory as it was.
- A lock file keeps two builds from interleaving.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from analysis import buildlock, data, dependencies, errors, manifest, paths, provenance, publish, validate
from analysis.execute import Kernel, NotebookError, check_parameters
from analysis.registry import ARTIFACTS, Run, by_id
from analysis.schema import Package

CACHE_NAME = "cache.json"


class BuildError(errors.UserError):
    """The build failed; the figures directory is unchanged."""


@dataclass(frozen=True)
class Planned:
    run: Run
    inputs: dict[str, str]
    key: str
    up_to_date: bool


def select_runs(only: Sequence[str] = (), langs: Sequence[str] | None = None) -> list[Run]:
    artifacts = [by_id(a) for a in only] if only else list(ARTIFACTS)
    runs = []
    for artifact in artifacts:
        runs.extend(artifact.runs(langs) if langs else artifact.runs())
    return runs


def read_cache(build_dir: Path) -> dict:
    """run key -> {input_hash, outputs, seconds} of what this machine last built there."""
    try:
        return json.loads((Path(build_dir) / CACHE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no cache (a fresh clone) or a damaged one: everything is built again


def _write_cache(build_dir: Path, cache: dict) -> None:
    path = Path(build_dir) / CACHE_NAME
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(cache, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _outputs_in_place(outputs: dict[str, str], figures_dir: Path) -> bool:
    for relative, digest in outputs.items():
        path = figures_dir / relative
        if not path.is_file() or manifest.sha256_path(path) != digest:
            return False
    return True


def plan(
    runs: Sequence[Run], data_dir: Path, figures_dir: Path, build_dir: Path, force: bool = False
) -> list[Planned]:
    published = manifest.read(figures_dir)["runs"]
    cache = read_cache(build_dir)
    memo = dependencies.CodeMemo(Path(build_dir) / "code-facts.json")
    graph = dependencies.ImportGraph(paths.LIBRARY, memo)
    code: dict[str, tuple[str, str]] = {}  # notebook -> (its own hash, hash of the library it reaches)
    lock = manifest.sha256_path(paths.LOCK_FILE)
    tables = manifest.table_hashes(data_dir)
    planned = []
    for run in runs:
        notebook = run.artifact.notebook
        if notebook not in code:
            path = paths.NOTEBOOKS / notebook
            code[notebook] = (
                manifest.notebook_hash(path),
                manifest.library_hash(graph.notebook_modules(path), memo),
            )
        inputs = manifest.input_hashes(run, tables)
        key = manifest.run_hash(run, code[notebook][0], inputs, code[notebook][1], lock)
        built = cache.get(run.key, {})
        fresh = (
            not force
            and built.get("input_hash") == key
            and published.get(run.key, {}).get("input_hash") == key
            and _outputs_in_place(built.get("outputs", {}), figures_dir)
        )
        planned.append(Planned(run, inputs, key, fresh))
    memo.save()
    return planned


def _remove_dead_staging(folder: Path) -> None:
    """Remove the staging folders (named by pid) of builds that are no longer running."""
    for staged in folder.glob("*") if folder.is_dir() else ():
        alive = True
        try:
            os.kill(int(staged.name), 0)
        except ProcessLookupError:
            alive = False
        except (ValueError, PermissionError):
            pass  # not ours to judge: a name that is no pid, or another user's live process
        if not alive or staged.name == str(os.getpid()):
            shutil.rmtree(staged, ignore_errors=True)


def executed_notebook(build_dir: Path, run: Run) -> Path:
    """Where the build keeps the executed copy of ``run``'s notebook (also after a failure)."""
    return Path(build_dir) / "executed" / f"{run.slug}.ipynb"


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
    """Publish the staged outputs and the new manifest together, or nothing (analysis.publish)."""
    current = manifest.read(figures_dir)
    known = {r.key for r in select_runs()}
    runs = {key: entry for key, entry in current["runs"].items() if key in known}
    staged = {}
    for key, (planned, out_dir, outputs) in results.items():
        staged.update({relative: out_dir / Path(relative).name for relative in outputs})
        runs[key] = manifest.entry(planned.run, planned.inputs, planned.key, outputs)
    package = Package.read(data_dir)
    body = {
        "schema": manifest.SCHEMA_VERSION,
        "source": {"path": package.source.path, "sha256": package.source.sha256} if package.source else {},
        "lock_sha256": manifest.sha256_path(paths.LOCK_FILE),
        "packages": manifest.installed_versions(manifest.locked_packages()),
        "runs": runs,
    }
    publish.publish(figures_dir, staged, manifest.dumps(body))


def _run_all(
    todo: list[Planned], staging: Path, data_dir: Path, build_dir: Path, workers: int, log
) -> tuple[dict, list[str], dict[str, float]]:
    """Execute the runs on ``workers`` warm kernels, longest first; report each as it ends."""
    kernels: dict[int, Kernel] = {}
    guard = threading.Lock()

    def execute(planned: Planned) -> float:
        thread = threading.get_ident()
        if thread not in kernels:
            kernel = Kernel(paths.NOTEBOOKS)
            with guard:
                kernels[thread] = kernel
        out_dir = staging / planned.run.key
        started = time.perf_counter()
        run = planned.run
        parameters = {
            **run.arguments(),
            "run": {**run.spec(), "data_dir": str(data_dir.resolve()), "out_dir": str(out_dir.resolve())},
        }
        kernels[thread].run(
            paths.NOTEBOOKS / run.artifact.notebook, executed_notebook(build_dir, run), parameters
        )
        return time.perf_counter() - started

    results, failures, seconds = {}, [], {}
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kvp-run")
    try:
        futures = {pool.submit(execute, p): p for p in todo}
        for done, future in enumerate(as_completed(futures), start=1):
            p = futures[future]
            out_dir = staging / p.run.key
            try:
                seconds[p.run.key] = future.result()
                results[p.run.key] = (p, out_dir, _check_outputs(p.run, out_dir))
                log(f"  [{done}/{len(todo)}] {p.run.key} built in {seconds[p.run.key]:.1f} s")
            except (NotebookError, BuildError) as error:
                failures.append(str(error))
                log(f"  [{done}/{len(todo)}] {p.run.key} FAILED")
    finally:
        # On Ctrl-C, queued runs are dropped and the kernels shut down, which ends the running ones.
        pool.shutdown(wait=False, cancel_futures=True)
        with guard:
            for kernel in kernels.values():
                kernel.close()
    return results, failures, seconds


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
    with buildlock.build_lock(figures_dir):
        planned = plan(select_runs(only, langs), data_dir, figures_dir, build_dir, force)
        todo = [p for p in planned if not p.up_to_date]
        if not todo:
            log(f"nothing to build: all {len(planned)} run(s) are up to date ({build_dir / CACHE_NAME})")
            return []
        log(f"{len(planned) - len(todo)} run(s) up to date, {len(todo)} to build")
        source_path = paths.reference_text()
        source = provenance.ReferenceText.read(source_path) if source_path else None
        if source is None:
            log("note: no reference text found; evidence snippets are checked for form only (KVP_SOURCE)")
        problems, _ = validate.validate(data_dir, source)
        if problems:
            raise BuildError(str(data.DataError(problems)))
        for p in todo:  # fail on an unknown parameter before any kernel starts
            check_parameters(paths.NOTEBOOKS / p.run.artifact.notebook, p.run.parameters())
        cache = read_cache(build_dir)
        # Longest first (by this machine's last timings), so that no job waits alone at the end.
        todo.sort(key=lambda p: -cache.get(p.run.key, {}).get("seconds", 60.0))
        _remove_dead_staging(build_dir / "staging")
        staging = build_dir / "staging" / str(os.getpid())
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        started = time.perf_counter()
        try:
            results, failures, seconds = _run_all(todo, staging, data_dir, build_dir, workers, log)
            if failures:
                raise BuildError("nothing was published; figures/ is unchanged.\n" + "\n".join(failures))
            _publish(results, data_dir, figures_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for key, (p, _, outputs) in results.items():
            cache[key] = {"input_hash": p.key, "outputs": outputs, "seconds": round(seconds[key], 1)}
        _write_cache(build_dir, cache)
        log(f"built {len(results)} run(s) in {time.perf_counter() - started:.1f} s with {workers} job(s)")
        return sorted(results)
