"""Time drawing the flow diagrams in one process: layout, drawing, geometry check and an SVG save.

Run: .venv/bin/python bench/flow_draw_times.py   (prints the best of three runs per figure)
"""

from __future__ import annotations

import io
import time

from analysis import data, flow, paths, style
from analysis.artifacts import intake_flow, sanction_regime

RUNS = 3


def best_of(draw) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        with style.thesis_style("bench"):
            drawing = draw()
            flow.check(drawing)
            drawing.figure.savefig(io.BytesIO(), format="svg")
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    tables = data.load(paths.DATA, names=["intake_flow_nodes", "intake_flow_edges", *sanction_regime.INPUTS])
    for lang in ("nb", "en"):
        for view in intake_flow.VIEWS:
            seconds = best_of(lambda lang=lang, view=view: intake_flow.draw(tables, lang, view))
            print(f"{intake_flow.stem(view)} {lang}: {seconds:.2f} s")
        seconds = best_of(lambda lang=lang: sanction_regime.draw(tables, lang))
        print(f"{sanction_regime.STEM} {lang}: {seconds:.2f} s")


if __name__ == "__main__":
    main()
