"""Time the build against a sequential `jupyter nbconvert --execute` baseline, side by side.

Three scenarios, each timed as whole commands (interpreter start included), alternating with the
baseline doing the same work, repeated; the medians and their ratios are printed:

- clean:     every run into an empty figures directory and an empty build cache (a fresh clone);
- no-op:     the same again, with nothing changed (the baseline has no cache, so it reruns all);
- one-table: after one input table changes (the baseline reruns the notebooks that read it).

A second baseline is the notebooks' own work: their code executed in one process, without kernels
(``bench/in_process.py``). What a clean build costs beyond it is the price of the kernels.
Last, each figure's drawing time in process.

Targets on the 2-core reference machine: no-op under 0.5 s; clean at most 0.15x the nbconvert
baseline and at most 1.5x the in-process time.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from in_process import figure_times

from analysis import paths, registry

PY = sys.executable


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=paths.ROOT)
    return time.perf_counter() - started


def prepare_baseline(runs: list[registry.Run], data_dir: Path, work: Path) -> list[Path]:
    """Parameterised copies of each run's notebook, as nbconvert cannot pass parameters itself."""
    import papermill

    work.mkdir(parents=True, exist_ok=True)
    prepared = []
    for run in runs:
        target = work / f"{run.key.replace('/', '.')}.ipynb"
        out_dir = work / "out" / run.key
        spec = {**run.spec(), "data_dir": str(data_dir), "out_dir": str(out_dir)}
        parameters = {**run.arguments(), "run": spec}
        notebook = str(paths.NOTEBOOKS / run.artifact.notebook)
        papermill.execute_notebook(notebook, str(target), parameters=parameters, prepare_only=True)
        prepared.append(target)
    return prepared


def baseline(notebooks: list[Path]) -> float:
    started = time.perf_counter()
    for notebook in notebooks:
        subprocess.run(
            [
                PY,
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                str(notebook),
                "--output",
                notebook.stem + ".out",
            ],
            check=True,
            capture_output=True,
            cwd=paths.NOTEBOOKS,
        )
    return time.perf_counter() - started


def ours(figures: Path, build: Path, data_dir: Path, force: bool = False) -> float:
    command = [PY, "-m", "analysis", "build", "--data-dir", str(data_dir), "--figures-dir", str(figures)]
    command += ["--build-dir", str(build)] + (["--force"] if force else [])
    return timed(command)


def touch_one_table(data_dir: Path, name: str) -> None:
    """Change one free-text cell of the table (its first row's note), so its content hash changes."""
    path = data_dir / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("note")
    marker = " (benchmark edit)"
    cell = rows[1][column]
    rows[1][column] = cell[: -len(marker)] if cell.endswith(marker) else cell + marker
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--table", default="activation_elements", help="the table changed in one-table")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kvp-bench-") as scratch:
        work = Path(scratch)
        data_dir = work / "data"
        shutil.copytree(paths.DATA, data_dir)
        all_runs = [r for a in registry.ARTIFACTS for r in a.runs()]
        readers = [r for r in all_runs if args.table in r.artifact.inputs]
        base_all = prepare_baseline(all_runs, data_dir, work / "base")
        base_one = [p for p, r in zip(base_all, all_runs, strict=True) if r in readers]

        results: dict[str, tuple[list[float], list[float]]] = {
            k: ([], []) for k in ("clean", "no-op", "one-table")
        }
        in_process: list[float] = []
        for round_ in range(args.repeat):
            print(f"round {round_ + 1} of {args.repeat} ...", flush=True)
            figures, build = work / f"figures-{round_}", work / f"build-{round_}"
            in_process.append(timed([PY, "bench/in_process.py", "--data-dir", str(data_dir)]))
            results["clean"][1].append(baseline(base_all))
            results["clean"][0].append(ours(figures, build, data_dir))
            results["no-op"][1].append(baseline(base_all))
            results["no-op"][0].append(ours(figures, build, data_dir))
            touch_one_table(data_dir, args.table)
            results["one-table"][1].append(baseline(base_one))
            results["one-table"][0].append(ours(figures, build, data_dir))

    print(f"{len(all_runs)} runs ({len(readers)} read {args.table}); medians of {args.repeat} rounds")
    print(f"{'scenario':10} {'build (s)':>10} {'baseline (s)':>13} {'ratio':>7}")
    for name, (mine, theirs) in results.items():
        a, b = statistics.median(mine), statistics.median(theirs)
        print(f"{name:10} {a:10.2f} {b:13.2f} {a / b:7.2f}")
    clean_build = statistics.median(results["clean"][0])
    clean = clean_build / statistics.median(results["clean"][1])
    kernels = clean_build / statistics.median(in_process)
    print(f"{'in-process':10} {statistics.median(in_process):10.2f}   (the notebooks' code, no kernels)")
    noop = statistics.median(results["no-op"][0])
    print(
        f"targets: no-op < 0.5 s: {'met' if noop < 0.5 else 'MISSED'}; "
        f"clean <= 0.15x nbconvert: {'met' if clean <= 0.15 else 'MISSED'} ({clean:.2f}x); "
        f"clean <= 1.5x in-process: {'met' if kernels <= 1.5 else 'MISSED'} ({kernels:.2f}x)"
    )
    print("\nin-process drawing time per figure (best of 3):")
    for key, seconds in sorted(figure_times().items()):
        print(f"  {key:40} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
