"""Drawing every figure in one process, now against a baseline revision, side by side.

Each tree (this checkout and ``--baseline``, exported with ``git archive``) runs its own figure
notebooks' code in one process, no kernels, cell by cell, with its own registry, data and library,
in this venv. A cell's time counts for the figures whose SVG it wrote; loading the tables is left
out in both. Three modes, each including the one before: "layout" replaces writing, showing and
measuring by a layout pass without rasterizing (the figure's building, its layout and geometry
check: the code issue 12 asks to halve); "draw" rasterizes the figure once instead (matplotlib's
own glyph and path rendering, the same library in both trees); "save" runs the cells as they are
(every format written, the print measurements taken, the figure shown). The trees
alternate, ``--repeat`` times, and the best time per figure is kept. The default baseline is the
revision the issue was filed against.

    python bench/figure_bench.py [--baseline REV] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from analysis import paths

BASELINE = "3d97573"  # main when issue 12 was filed
MODES = {
    "layout": "laying out each figure (build, lay out, check; issue 12: total <= 0.5x)",
    "draw": "drawing each figure (the above, plus one full raster render)",
    "save": "drawing and saving each figure (the above, plus every format written, measured and shown)",
}

# Runs in a fresh interpreter inside one tree: prints {"<stem>/<lang>": seconds} as JSON.
_TIMER = r"""
import json, os, sys, tempfile, time
from pathlib import Path

tree, mode = Path(sys.argv[1]).resolve(), sys.argv[2]
sys.path.insert(0, str(tree))
import matplotlib.pyplot as plt
from analysis import registry, render

if mode in ("layout", "draw"):
    # Drawing without writing or showing: one layout pass, or one full render, stands in for the saves.
    def save_figure(figure, out_dir, stem, formats):
        svg = Path(out_dir) / f"{stem}.svg"  # marks which figure the cell made
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.touch()
        figure.draw_without_rendering() if mode == "layout" else figure.canvas.draw()
        return [svg]

    render.save_figure = save_figure
    render.show = lambda figure: None
    try:  # the print measurements are new since the baseline: not drawing, so left out here too
        from analysis import metrics
        metrics.measure = lambda *args, **kwargs: {}
        metrics.problems = lambda *args, **kwargs: []
    except ImportError:
        pass

def figure_runs():
    for artifact in registry.ARTIFACTS:
        for run in artifact.runs():
            if hasattr(run, "spec"):
                if any(o["kind"] == "figure" for o in run.spec()["outputs"]):
                    yield run
            elif any("svg" in p.formats for p in artifact.products):
                yield run

def parameters(run, out_dir):
    data_dir = str(tree / "data")
    if hasattr(run, "spec"):
        return {**run.arguments(), "run": {**run.spec(), "data_dir": data_dir, "out_dir": out_dir}}
    return {**run.parameters(), "data_dir": data_dir, "out_dir": out_dir}

os.chdir(tree / "notebooks")
seconds = {}
with tempfile.TemporaryDirectory() as scratch:
    for run in figure_runs():
        out_dir = Path(scratch) / run.slug
        cells = json.loads((tree / "notebooks" / run.artifact.notebook).read_text("utf-8"))["cells"]
        namespace = {}
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            code = "".join(cell["source"])
            if "parameters" in cell["metadata"].get("tags", []):
                # As papermill does: the defaults, then the injected values.
                injected = (f"{k} = {v!r}" for k, v in parameters(run, str(out_dir)).items())
                code += "\n" + "\n".join(injected)
            before = set(out_dir.glob("*.svg")) if out_dir.is_dir() else set()
            started = time.perf_counter()
            exec(compile(code, run.artifact.notebook, "exec"), namespace)
            spent = time.perf_counter() - started
            made = sorted((set(out_dir.glob("*.svg")) if out_dir.is_dir() else set()) - before)
            for svg in made:
                seconds[f"{svg.stem}/{run.lang}"] = spent / len(made)
        plt.close("all")
print(json.dumps(seconds))
"""


def export(revision: str, target: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", revision], cwd=paths.ROOT, check=True, capture_output=True
    ).stdout
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def times(tree: Path, mode: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _TIMER, str(tree), mode], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def best(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {key: min(r[key] for r in rounds if key in r) for key in sorted(set().union(*rounds))}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", default=BASELINE, help=f"the revision to compare with (default {BASELINE})"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kvp-figure-bench-") as scratch:
        then_tree = export(args.baseline, Path(scratch) / "baseline")
        rounds = {(tree, mode): [] for tree in ("then", "now") for mode in MODES}
        for round_ in range(args.repeat):
            print(f"round {round_ + 1} of {args.repeat} ...", flush=True)
            for mode in MODES:
                rounds["then", mode].append(times(then_tree, mode))
                rounds["now", mode].append(times(paths.ROOT, mode))
    for mode, title in MODES.items():
        report(best(rounds["then", mode]), best(rounds["now", mode]), args.baseline, args.repeat, title)
    return 0


def report(then: dict[str, float], now: dict[str, float], baseline: str, repeat: int, title: str) -> None:
    print(f"\n{title}, in process, best of {repeat}:")
    print(f"{'figure':36} {baseline:>9} {'now':>7} {'ratio':>6}")
    for key in sorted(set(then) | set(now)):
        a, b = then.get(key), now.get(key)
        ratio = f"{b / a:6.2f}" if a and b else "     –"
        then_s, now_s = (f"{x:.2f}" if x is not None else "–" for x in (a, b))
        print(f"{key:36} {then_s:>9} {now_s:>7} {ratio}")
    total_then, total_now = sum(then.values()), sum(now.values())
    ratio = total_now / total_then
    print(f"{'total':36} {total_then:9.2f} {total_now:7.2f} {ratio:6.2f}")


if __name__ == "__main__":
    sys.exit(main())
