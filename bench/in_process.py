"""The notebooks' own work, without kernels: the baseline the build's overhead is measured against.

Every run's notebook code is executed in this one process, one run after another, each in a fresh
namespace, with the parameters the build would pass. What the build spends beyond this is the
price of kernels (start-up, imports, messaging). With ``--figures`` it also times drawing each
registered figure alone, in process, from tables loaded once.

    python bench/in_process.py [--figures]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from analysis import data, paths, registry


def notebook_code(run: registry.Run, data_dir: Path, out_dir: Path) -> str:
    """The notebook's code cells, the build's parameters taking the place of the parameters cell."""
    cells = json.loads((paths.NOTEBOOKS / run.artifact.notebook).read_text(encoding="utf-8"))["cells"]
    spec = {**run.spec(), "data_dir": str(data_dir), "out_dir": str(out_dir)}
    parameters = {**run.arguments(), "run": spec}
    injected = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    code = []
    for cell in cells:
        if cell["cell_type"] == "code":
            code.append("".join(cell["source"]))
            if "parameters" in cell["metadata"].get("tags", []):
                code.append(injected)
    return "\n\n".join(code)


def run_all(runs: list[registry.Run], data_dir: Path, out_root: Path) -> dict[str, float]:
    import matplotlib.pyplot as plt

    os.chdir(paths.NOTEBOOKS)
    seconds = {}
    for run in runs:
        started = time.perf_counter()
        exec(compile(notebook_code(run, data_dir, out_root / run.key), run.artifact.notebook, "exec"), {})
        plt.close("all")
        seconds[run.key] = time.perf_counter() - started
    return seconds


def figure_times(repeat: int = 3) -> dict[str, float]:
    """figure stem/lang -> the best of ``repeat`` in-process drawings, seconds."""
    import matplotlib.pyplot as plt

    from analysis import style

    style.apply()
    tables = data.load(paths.DATA)
    best = {}
    for artifact in registry.ARTIFACTS:
        for run in artifact.runs():
            for output in run.spec()["outputs"]:
                if output["kind"] != "figure":
                    continue
                module, _, name = output["builder"].partition(":")
                builder = getattr(importlib.import_module(module), name)
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    made = builder(tables, **run.arguments())
                    getattr(made, "figure", made).canvas.draw()
                    times.append(time.perf_counter() - started)
                    plt.close("all")
                best[f"{output['stem']}/{run.lang}"] = min(times)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=paths.DATA)
    parser.add_argument("--figures", action="store_true", help="time drawing each figure instead")
    args = parser.parse_args()
    if args.figures:
        for key, seconds in sorted(figure_times().items()):
            print(f"{key:40} {seconds:6.2f} s")
        return 0
    runs = [r for a in registry.ARTIFACTS for r in a.runs()]
    with tempfile.TemporaryDirectory(prefix="kvp-inprocess-") as scratch:
        seconds = run_all(runs, args.data_dir.resolve(), Path(scratch))
    print(f"{len(runs)} runs in process: {sum(seconds.values()):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
