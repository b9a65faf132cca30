"""The .tex outputs compile: each \\input into a plain document under pdflatex, with kvp-analysis.sty."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis import latex, paths, render

PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None, reason="no pdflatex on PATH; `.ci/run` installs TeX Live from Debian"
)
# Overfull lines up to this much are invisible in print; anything wider is a layout fault.
OVERFULL_TOLERANCE_PT = 1.0

DOCUMENT = r"""\documentclass[a4paper,11pt]{article}
\setlength\textwidth{16cm}\setlength\oddsidemargin{0cm}
\usepackage{kvp-analysis}
\begin{document}
\input{%s}
\end{document}
"""


def compile_tex(tex: Path, workdir: Path) -> tuple[str, int]:
    """pdflatex a document that \\inputs ``tex``; the log and the page count."""
    workdir.mkdir(parents=True, exist_ok=True)
    document = DOCUMENT % tex.resolve().as_posix()
    # A figure's snippet finds its PDF through \kvpfigures, as an author's document would set it.
    folder = f"\\newcommand{{\\kvpfigures}}{{{tex.parent.resolve().as_posix()}/}}\n"
    (workdir / "doc.tex").write_text(
        document.replace("\\begin{document}", folder + "\\begin{document}"), encoding="utf-8"
    )
    result = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
        cwd=workdir,
        env={"PATH": "/usr/bin:/bin", "TEXINPUTS": f"{latex.STY.parent}:", "HOME": str(workdir)},
        capture_output=True,
        timeout=300,
    )
    log = (workdir / "doc.log").read_text(encoding="latin-1")
    assert result.returncode == 0, f"{tex}: pdflatex failed:\n" + "\n".join(
        line for line in log.splitlines() if line.startswith("!") or "Error" in line
    )
    pages = re.search(r"Output written on doc\.pdf \((\d+) pages?", log)
    return log, int(pages[1]) if pages else 0


def layout_faults(log: str) -> list[str]:
    """Overfull boxes beyond the tolerance, and characters the font could not set."""
    faults = [
        match[0]
        for match in re.finditer(r"Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too \w+\)[^\n]*", log)
        if float(match[1]) > OVERFULL_TOLERANCE_PT
    ]
    return faults + re.findall(r"Missing character: [^\n]*", log)


def published_tex() -> list[Path]:
    return sorted(paths.FIGURES.rglob("*.tex"))


def long_table(rows: int) -> render.Table:
    body = tuple(
        (
            f"r{i}",
            render.Linked(f"«Sitat {i}» – æøå ÆØÅ § 20 ● † … → 50 % & _", (("x8-005", "e.html#x8-005"),)),
            render.Block("Overskrift", ("a|b", "c<d>e")),
        )
        for i in range(rows)
    )
    return render.Table(
        table_id="long-nb",
        lang="nb",
        caption="Tabell 2.1 Aktiveringselementer",
        header=("Id", "Tekst", "Liste"),
        rows=body,
        tidy=pd.DataFrame({"x": [1]}),
        notes=("† antatt.",),
    )


def test_a_character_without_a_latex_form_is_refused_with_its_name():
    with pytest.raises(ValueError, match=r"U\+2603 SNOWMAN"):
        latex.latex_escape("kaldt ☃")


def test_a_thesis_numbered_caption_gets_no_second_number_and_ours_are_numbered():
    thesis = render.to_latex(long_table(1))
    assert "\\caption*{Tabell 2.1 Aktiveringselementer}" in thesis
    ours = render.to_latex(render.Table("t-en", "en", ("a",), (("x",),), pd.DataFrame(), caption="Our table"))
    assert "\\caption{Our table}\\label{tab:t-en}" in ours
    assert "longtable" in ours


@needs_pdflatex
def test_a_long_table_with_every_guarded_character_breaks_across_pages(tmp_path):
    tex = tmp_path / "long.tex"
    tex.write_text(render.to_latex(long_table(150)), encoding="utf-8")
    log, pages = compile_tex(tex, tmp_path / "doc")
    assert pages >= 3
    assert layout_faults(log) == []


@needs_pdflatex
@pytest.mark.skipif(not published_tex(), reason="no .tex output in figures/: run the build first")
@pytest.mark.parametrize(
    "tex",
    published_tex(),
    ids=lambda p: p.relative_to(paths.FIGURES).as_posix(),
)
def test_every_published_tex_output_compiles_without_overfull_boxes(tex, tmp_path):
    log, pages = compile_tex(tex, tmp_path)
    assert pages >= 1 or tex.name == "numbers.tex"  # numbers.tex only defines macros
    assert layout_faults(log) == [], tex
