"""The executed notebooks as pages: offline, with no path of the building machine, links that resolve.

A build runs each notebook with absolute ``data_dir`` and ``out_dir`` (a staging folder) and
papermill writes them into the injected-parameters cell. The page shows instead what the notebook
would be given in the repository, relative to ``notebooks/`` as its own parameters cell is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from analysis import paths
from analysis.registry import Run

# nbconvert's lab template, less every script it would load from a CDN, plus a way back.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
<nav style="padding:0.5em 1em;font-family:sans-serif"><a href="../index.html">All figures and tables</a>
{%- if resources.kvp_page %} ·
<a href="{{ resources.kvp_page }}">{{ resources.kvp_page_label }}</a>{% endif %}</nav>
{%- endblock body_header -%}
"""


def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", embed_images=True, raw_template=_TEMPLATE)


def repository_value(name: str, value: str, run: Run, build_dir: Path) -> str:
    """An absolute path parameter as the repository's notebook would have it."""
    if name == "out_dir":
        return f"../figures/{run.folder}".rstrip("/")
    path = Path(value)
    if path.is_relative_to(paths.ROOT):
        return Path(os.path.relpath(path, paths.NOTEBOOKS)).as_posix()
    if name == "data_dir":
        return "../data"
    return "<a path of the building machine>"


def _replace_everywhere(node, old: str, new: str) -> None:
    for cell in node.cells:
        cell.source = cell.source.replace(old, new)
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text = output.text.replace(old, new)
            for kind, payload in output.get("data", {}).items():
                if kind.startswith("text/") and isinstance(payload, str):
                    output.data[kind] = payload.replace(old, new)


def scrub(node, run: Run, build_dir: Path) -> None:
    """Put repository-relative values where the build injected absolute paths."""
    meta = node.metadata.get("papermill", {})
    for name, value in sorted(meta.get("parameters", {}).items()):
        if isinstance(value, str) and os.path.isabs(value):
            new = repository_value(name, value, run, build_dir)
            _replace_everywhere(node, value, new)
            meta["parameters"][name] = new
    for key in ("input_path", "output_path"):
        if isinstance(meta.get(key), str):
            meta[key] = Path(meta[key]).name
    # A path that survives elsewhere (a log line, a warning): the roots, at least, go.
    for root, stand_in in ((str(Path(build_dir).resolve()), "build"), (str(paths.ROOT), ".")):
        _replace_everywhere(node, root, stand_in)


_HREF = re.compile(r'href="([^"#:]*\.html)(#[^"]*)?"')


def retarget(page: str, pages: Callable[[str], str | None]) -> str:
    """Links to a published HTML output (``excerpts.html#x8-005``, ``../figures/nb/excerpts.html``)
    rewritten to the report page that shows it; ``pages`` maps a file name to that page or None."""

    def swap(match: re.Match) -> str:
        target = pages(Path(match[1]).name)
        return f'href="{target}{match[2] or ""}"' if target else match[0]

    return _HREF.sub(swap, page)


def render(
    exporter,
    notebook: Path,
    target: Path,
    run: Run,
    build_dir: Path,
    pages: Callable[[str], str | None],
    back,
) -> bool:
    """Write ``notebook`` as HTML to ``target``; True if its run failed (papermill records that)."""
    import nbformat

    node = nbformat.read(notebook, as_version=4)
    scrub(node, run, build_dir)
    resources = {"metadata": {"name": run.key}, "kvp_page": back[0], "kvp_page_label": back[1]}
    body, _ = exporter.from_notebook_node(node, resources=resources)
    body = retarget(body, pages)
    for root in (str(Path(build_dir).resolve()), str(paths.ROOT)):
        body = body.replace(root, ".")
    target.write_text(body, encoding="utf-8", newline="\n")
    return bool(node.metadata.get("papermill", {}).get("exception"))
