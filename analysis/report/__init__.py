"""The reader edition: a page per artifact and language, the executed notebooks, and an overview.

``render`` writes, into ``build/report/`` by default:

- ``nb/<artifact>.html`` and ``en/<artifact>.html``: the artifact's figures inline (SVG, with the
  evidence of every mark that carries a ``kvp:<table>:<row>`` gid) and its tables rendered, with a
  navigation by the thesis's chapters and a switch to the other language;
- ``nb/search.html``, ``en/search.html``: search over the excerpts by word, speaker, setting, case
  and code;
- ``index.html``: every artifact's thesis reference, thumbnail or preview, downloads and provenance;
- ``notebooks/<artifact>.<lang>.html``: the executed notebooks of ``build/executed/``, with the
  build's absolute paths replaced by the repository's relative ones;
- ``files/``: copies of the published outputs, and ``thumbnails/``.

The report is read from file:// on a machine that may be offline, so it loads nothing from the
internet: scripts and styles are inline, images embedded or copied beside the pages.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from analysis import manifest, paths
from analysis.errors import UserError
from analysis.i18n import LANGS
from analysis.pipeline import executed_notebook
from analysis.registry import ARTIFACTS, Artifact, Run
from analysis.report import artifact_page, notebooks
from analysis.report.evidence import Data

# What the report writes and so may clear on a re-render; anything else in out_dir is left alone.
_OWN = ("index.html", "notebooks", "files", "thumbnails", *LANGS)

THUMBNAIL_BOX = (320, 320)
PREVIEW_ROWS = 3

# The packages that compute, draw and run the outputs; the manifest lists every installed one.
KEY_PACKAGES = (
    "pandas",
    "matplotlib",
    "seaborn",
    "pillow",
    "papermill",
    "nbconvert",
    "ipykernel",
    "jupyterlab",
)

_STYLE = """
body{font-family:"DejaVu Sans",sans-serif;max-width:70em;margin:1em auto;padding:0 1em;color:#222}
section{border-top:2px solid #333;margin-top:2em}
article{border-top:1px solid #bbb;padding:0.5em 0}
.ref{font-size:1.1em}
.product{display:inline-block;vertical-align:top;margin:0.5em 1.5em 0.5em 0;max-width:34em}
.product img{border:1px solid #ccc;max-width:100%}
.preview{border-collapse:collapse;font-size:0.75em;display:block;overflow-x:auto}
.preview td,.preview th{border:1px solid #ccc;padding:0.1em 0.4em;text-align:left}
.preview td{max-width:12em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.missing,.failed,.differs{color:#a00;font-weight:bold}
code{font-size:0.85em;word-break:break-all}
details{margin:0.4em 0}
table.provenance td{vertical-align:top;padding:0.1em 0.6em 0.1em 0}
"""


class ReportError(UserError):
    """The report cannot be made; the message says why."""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _thumbnail(png: Path, target: Path) -> None:
    """A downscaled copy of a published PNG: same input, same bytes (no metadata, fixed filter)."""
    from PIL import Image

    with Image.open(png) as image:
        image.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, format="PNG")


def _table_preview(figures_dir: Path, outputs: dict[str, str]) -> str:
    """The table's caption (from its HTML) and its first rows (from its CSV)."""
    parts = []
    published_html = figures_dir / outputs["html"] if "html" in outputs else None
    if published_html and published_html.is_file():
        caption = re.search(r"<caption>(.*?)</caption>", published_html.read_text(encoding="utf-8"), re.S)
        if caption:
            text = html.unescape(re.sub(r"<[^>]+>", "", caption[1]))
            parts.append(f"<p><em>{_esc(text)}</em></p>")
    published_csv = figures_dir / outputs["csv"] if "csv" in outputs else None
    if published_csv and published_csv.is_file():
        with open(published_csv, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        if rows:
            header, body = rows[0], rows[1:]
            cells = "".join(f"<th>{_esc(c)}</th>" for c in header)
            lines = [f"<tr>{cells}</tr>"]
            for row in body[:PREVIEW_ROWS]:
                lines.append("<tr>" + "".join(f'<td title="{_esc(c)}">{_esc(c)}</td>' for c in row) + "</tr>")
            parts.append(f'<table class="preview">{"".join(lines)}</table>')
            parts.append(f"<p>First {min(PREVIEW_ROWS, len(body))} of {len(body)} rows of the CSV.</p>")
    return "".join(parts)


def _provenance(entry: dict | None, hashes: dict[str, str]) -> str:
    """The manifest's record of a run, and whether each published file still has its recorded hash."""
    if entry is None:
        return '<p class="missing">The manifest has no record of this run.</p>'
    rows = [
        f"<tr><td>notebook</td><td><code>{_esc(entry['notebook'])}</code></td></tr>",
        f"<tr><td>parameters</td><td><code>{_esc(json.dumps(entry['parameters'], sort_keys=True))}"
        "</code></td></tr>",
        f"<tr><td>run hash</td><td><code>{_esc(entry['input_hash'])}</code></td></tr>",
    ]
    for name, digest in sorted(entry["inputs"].items()):
        rows.append(
            f"<tr><td>input <code>data/{_esc(name)}</code></td><td><code>{_esc(digest)}</code></td></tr>"
        )
    for name, digest in sorted(entry["outputs"].items()):
        if name not in hashes:
            state = ' <span class="missing">the published file is missing</span>'
        elif hashes[name] != digest:
            state = ' <span class="differs">the published file differs</span>'
        else:
            state = ""
        rows.append(
            f"<tr><td>output <code>{_esc(name)}</code></td><td><code>{_esc(digest)}</code>{state}</td></tr>"
        )
    return (
        f'<details><summary>Provenance</summary><table class="provenance">{"".join(rows)}</table></details>'
    )


def _copy_outputs(run: Run, figures_dir: Path, out_dir: Path) -> dict[str, str]:
    """Copy the run's published files into ``files/``; their hashes, by output path."""
    hashes = {}
    for output in run.outputs():
        if (figures_dir / output).is_file():
            target = out_dir / "files" / output
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(figures_dir / output, target)
            hashes[output] = manifest.sha256_path(target)
    return hashes


def _run_html(
    artifact: Artifact,
    run: Run,
    figures_dir: Path,
    out_dir: Path,
    entry: dict | None,
    page: tuple[str, bool] | None,
    hashes: dict[str, str],
) -> str:
    parts = [f'<article id="{_esc(run.slug)}"><h3>{_esc(run.key)}</h3>']
    if page is None and entry is None and not hashes:
        parts.append('<p class="missing">Not built: no executed notebook, no manifest record, no file.</p>')
        return "".join([*parts, "</article>"])
    reader = [
        f'<a href="{lang}/{_esc(artifact.id)}.html">{lang}</a>'
        for lang in ([run.lang] if run.lang else LANGS)
    ]
    parts.append(f"<p>Read it: {' · '.join(reader)}</p>")
    if page is None:
        parts.append('<p class="missing">No executed notebook: the last build did not run this.</p>')
    else:
        name, failed = page
        parts.append(f'<p><a href="notebooks/{_esc(name)}">The executed notebook</a></p>')
        if failed:
            parts.append(
                '<p class="failed">This notebook failed in the last build; see where it stopped.</p>'
            )
    by_name = {Path(output).name: output for output in run.outputs()}
    for product in artifact.products:
        stem = product.stem + run.variant.suffix
        outputs = {fmt: by_name[f"{stem}.{fmt}"] for fmt in product.formats}
        links = [f'<a href="files/{_esc(o)}">{fmt}</a>' for fmt, o in outputs.items() if o in hashes]
        parts.append(f'<div class="product"><h4>{_esc(stem)}</h4>')
        if (output := outputs.get("png")) and output in hashes:
            _thumbnail(figures_dir / output, out_dir / "thumbnails" / output)
            image = f'<img src="thumbnails/{_esc(output)}" alt="{_esc(stem)}">'
            parts.append(f'<a href="files/{_esc(output)}">{image}</a>')
        elif "png" in outputs:
            pass
        elif "csv" in outputs or "html" in outputs:
            parts.append(_table_preview(figures_dir, outputs))
        else:
            parts.append(f"<p>No preview for {', '.join(outputs)}; the files are below.</p>")
        if links:
            parts.append(f"<p>Download: {' · '.join(links)}</p>")
        else:
            parts.append('<p class="missing">Not published in this figures directory.</p>')
        parts.append("</div>")
    parts.append(_provenance(entry, hashes))
    parts.append("</article>")
    return "".join(parts)


def _packages_html(recorded: dict) -> str:
    packages = recorded.get("packages", {})
    if not packages:
        return '<p class="missing">The manifest records no package versions.</p>'
    key = ", ".join(f"{name} {_esc(packages[name])}" for name in KEY_PACKAGES if name in packages)
    every = "".join(f"<li>{_esc(name)} {_esc(version)}</li>" for name, version in sorted(packages.items()))
    return (
        f"<p>Built with {key}.</p>"
        f"<details><summary>All {len(packages)} installed packages</summary><ul>{every}</ul></details>"
    )


def _index_html(recorded: dict, sections: str) -> str:
    source = recorded.get("source", {})
    contents = "".join(f'<li><a href="#{_esc(a.id)}">{_esc(a.thesis_ref_en)}</a></li>' for a in ARTIFACTS)
    first = ARTIFACTS[0].id
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>kvp-analysis: figures and tables</title><style>{_STYLE}</style></head><body>"
        "<h1>Figures and tables of Brodtkorb (2017), <i>Individualisering av tjenester i et "
        "aktiveringsprogram</i></h1>"
        f'<p class="ref">Read them by chapter: <a href="nb/{first}.html" hreflang="nb" lang="nb">på norsk '
        f'(bokmål)</a> · <a href="en/{first}.html" hreflang="en">in English</a> · search the excerpts '
        '<a href="nb/search.html" lang="nb">på norsk</a>, <a href="en/search.html">in English</a>.</p>'
        "<p>Every figure and table this package rebuilds from the thesis's text, in Norwegian (nb) and "
        "English (en), with the notebook that made it, its files and the hashes that tie it to its data.</p>"
        f"<p>Reference text sha256 <code>{_esc(source.get('sha256', 'not recorded'))}</code>; "
        f"<code>requirements.lock</code> sha256 <code>{_esc(recorded.get('lock_sha256', 'not recorded'))}"
        f"</code>.</p>{_packages_html(recorded)}<ul>{contents}</ul>{sections}</body></html>\n"
    )


def _html_outputs(lang: str | None) -> dict[str, str]:
    """Published HTML file name -> the artifact page that shows it, for one language's runs."""
    found = {}
    for artifact in ARTIFACTS:
        for run in artifact.runs():
            if run.lang in (lang, None):
                for output in run.outputs():
                    if output.endswith(".html"):
                        found.setdefault(Path(output).name, artifact.id)
    return found


def render(
    figures_dir: Path = paths.FIGURES,
    build_dir: Path = paths.BUILD,
    out_dir: Path | None = None,
    log: Callable[[str], None] = print,
    data_dir: Path = paths.DATA,
) -> Path:
    """Write the report (``build_dir/report`` unless ``out_dir``) and return its index page."""
    figures_dir, build_dir = Path(figures_dir), Path(build_dir)
    out_dir = Path(out_dir) if out_dir else build_dir / "report"
    runs = [run for artifact in ARTIFACTS for run in artifact.runs()]
    executed = {run.key: executed_notebook(build_dir, run) for run in runs}
    if not any(path.is_file() for path in executed.values()):
        raise ReportError(
            f"no build has run: {build_dir / 'executed'} holds no executed notebook; "
            "run `make reproduce` (python -m analysis build) first"
        )
    for name in _OWN:
        target = out_dir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)

    exporter = notebooks.exporter()
    pages_built: dict[str, tuple[str, bool]] = {}
    for run in runs:
        if executed[run.key].is_file():
            lang = run.lang or LANGS[-1]
            shown = _html_outputs(run.lang)
            failed = notebooks.render(
                exporter,
                executed[run.key],
                out_dir / "notebooks" / f"{run.slug}.html",
                run,
                build_dir,
                lambda name, shown=shown, lang=lang: (
                    f"../{lang}/{shown[name]}.html" if name in shown else None
                ),
                (f"../{lang}/{run.artifact.id}.html", run.artifact.thesis_ref_en),
            )
            pages_built[run.key] = (f"{run.slug}.html", failed)
            log(f"  notebook  {run.key}{'  (failed in the last build)' if failed else ''}")

    recorded = manifest.read(figures_dir)
    hashes = {run.key: _copy_outputs(run, figures_dir, out_dir) for run in runs}
    sections = []
    for artifact in ARTIFACTS:
        inputs = ", ".join(f"<code>data/{_esc(name)}.csv</code>" for name in artifact.inputs)
        sections.append(
            f'<section id="{_esc(artifact.id)}"><h2>{_esc(artifact.id)}</h2>'
            f'<p class="ref"><span lang="nb">{_esc(artifact.thesis_ref_nb)}</span> · '
            f'<span lang="en">{_esc(artifact.thesis_ref_en)}</span></p>'
            f"<p>Notebook <code>notebooks/{_esc(artifact.notebook)}</code>, reading {inputs}.</p>"
        )
        for run in artifact.runs():
            entry = recorded["runs"].get(run.key)
            sections.append(
                _run_html(
                    artifact, run, figures_dir, out_dir, entry, pages_built.get(run.key), hashes[run.key]
                )
            )
        sections.append("</section>")
    index = out_dir / "index.html"
    index.write_text(_index_html(recorded, "".join(sections)), encoding="utf-8", newline="\n")

    data = Data.read(data_dir)
    written = artifact_page.write_all(out_dir, figures_dir, data, pages_built, _html_outputs)
    log(f"report: {len(pages_built)} notebook(s), {written} page(s); open {index}")
    return index
