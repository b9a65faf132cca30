"""What a notebook holds: its run's declared tables, and one call that builds and saves an output.

A notebook starts a session with its artifact id, its ``run`` parameter and its other parameters:

    kvp = session.start("figure-6-1", run, lang=lang, view=view)
    drawing = kvp.save(intake_flow.draw)

The build passes ``run``: the run's part of the registry (input tables, and per output stem the
builder, formats and caption) and the folders to read and write. A notebook run by hand (JupyterLab,
nbconvert) has ``run = None``; the session then takes the same part of the registry itself and
writes under ``build/notebook-runs/<lang>/``, so that only the build ever writes ``figures/``.

``save`` finds the output by the builder function it is given, so a notebook names no stem and no
table; it builds the output from the declared tables, applies the per-output SVG salt, runs the
figure's geometry check, and writes every declared format; for a figure also its caption sidecars
and its print measurements (``<stem>.metrics.json``: size, smallest text, overlaps, and what breaks
the thesis page, which the tests fail on).
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from analysis import captions, data, metrics, paths, render, style

# The PNG each figure was saved as, so that showing it does not render it once more.
_SAVED_PNG: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class SessionError(Exception):
    """A notebook asked for a table or an output its registry entry does not declare."""


class DeclaredTables(Mapping):
    """The tables a run declares; asking for any other is an error, not a silent extra input."""

    def __init__(self, tables: dict, artifact: str):
        self._tables = tables
        self._artifact = artifact

    def __getitem__(self, name: str):
        if name not in self._tables:
            raise SessionError(
                f"{self._artifact} reads table {name!r}, which its registry entry does not declare "
                f"(declared: {', '.join(self._tables)}); add it to the artifact's inputs in the registry"
            )
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def by_hand(artifact_id: str, arguments: dict) -> dict:
    """The run spec for a notebook run outside the build, from the registry."""
    from analysis import registry

    artifact = registry.by_id(artifact_id)
    for run in artifact.runs():
        if run.arguments() == arguments:
            return {
                **run.spec(),
                "data_dir": str(paths.DATA),
                "out_dir": str(paths.BUILD / "notebook-runs" / run.folder),
            }
    known = "; ".join(str(r.arguments()) for r in artifact.runs())
    raise SessionError(f"{artifact_id} has no run with the parameters {arguments}; it has: {known}")


@dataclasses.dataclass
class Session:
    spec: dict
    tables: DeclaredTables

    @property
    def out_dir(self) -> Path:
        return Path(self.spec["out_dir"])

    def _output(self, builder: Callable) -> dict:
        name = f"{builder.__module__}:{builder.__qualname__}"
        for output in self.spec["outputs"]:
            if output["builder"] == name:
                return output
        declared = ", ".join(o["builder"] for o in self.spec["outputs"])
        raise SessionError(
            f"{self.spec['artifact']} declares no output built by {name} (declared: {declared})"
        )

    def save(self, builder: Callable, **options):
        """Build the output ``builder`` makes, write all its declared formats, and return it."""
        output = self._output(builder)
        made = builder(self.tables, **self.spec["arguments"], **options)
        writers = {"figure": self._save_figure, "table": self._save_table, "files": self._save_files}
        return writers[output["kind"]](made, output["stem"], output)

    def _save_figure(self, made, stem: str, output: dict):
        # A diagram laid out by Graphviz carries its layout and its own geometry check; every figure's
        # print measurements (below) are checked against the page by the tests.
        check = made.check if getattr(made, "layout", None) is not None else None
        figure = getattr(made, "figure", made)
        with style.thesis_style(stem):  # the stem salts the SVG ids
            written = render.save_figure(figure, self.out_dir, stem, output["formats"])
            if check is not None:
                # A diagram: no overlapping labels, no arrow through a node. Checked as saved, after
                # any layout engine has placed everything; a failure stops the run, so the staged
                # files are never published.
                check()
            kind = "flow" if check is not None else None
            measured = metrics.measure(made, kind=kind, landscape=output["landscape"])
        if check is not None:
            # In a flow diagram arrows are patches that end on their nodes; which shapes may touch is
            # known to the diagram's own geometry check (passed above), not to a count of patches.
            measured["node_overlaps"] = []
        measured["problems"] = metrics.problems(measured, landscape=output["landscape"])
        sidecars = {
            **captions.sidecars(stem, output["caption"], output["landscape"]),
            "metrics.json": json.dumps(measured, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
        }
        self._write_texts(stem, {fmt: text for fmt, text in sidecars.items() if fmt in output["formats"]})
        for path in written:
            if path.suffix == ".png":
                _SAVED_PNG[figure] = path.read_bytes()
        return made

    def _save_table(self, made: render.Table, stem: str, output: dict):
        table = dataclasses.replace(made, caption=output["caption"])
        render.save_table(table, self.out_dir, stem, output["formats"])
        return table

    def _save_files(self, made: dict, stem: str, output: dict):
        if sorted(made) != sorted(output["formats"]):
            raise SessionError(
                f"{stem}: the builder made {sorted(made)}, the registry declares {output['formats']}"
            )
        self._write_texts(stem, made)
        return made

    def _write_texts(self, stem: str, contents: dict) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for fmt, content in contents.items():
            path = self.out_dir / f"{stem}.{fmt}"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")


def start(artifact_id: str, run: dict | None = None, **arguments) -> Session:
    """Open a notebook's session: the registry's spec for this run, and its declared tables."""
    spec = run if run is not None else by_hand(artifact_id, arguments)
    if spec["artifact"] != artifact_id or spec["arguments"] != arguments:
        raise SessionError(
            f"the run is {spec['artifact']} with {spec['arguments']}, but the notebook is {artifact_id} "
            f"with {arguments}"
        )
    style.apply()
    tables = data.load(Path(spec["data_dir"]), names=spec["inputs"])
    return Session(spec, DeclaredTables(tables, artifact_id))


def show(*made):
    """What a notebook displays for its outputs: figures as PNG, tables as HTML, an export's file names."""
    from IPython.display import HTML

    if all(isinstance(m, render.Table) for m in made):
        return HTML("".join(render.to_html(m) for m in made))
    (one,) = made  # figures and exports are shown one at a time
    if isinstance(one, dict):
        return sorted(one)
    figure = getattr(one, "figure", one)
    return render.show(_SAVED_PNG.get(figure, figure))
