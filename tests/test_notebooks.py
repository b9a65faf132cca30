"""Notebooks stay thin: committed without outputs, parameterised, registered."""

from __future__ import annotations

import json

from analysis import paths, registry
from analysis.execute import declared_parameters


def notebooks():
    return sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_notebooks_are_committed_without_outputs():
    for path in notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


def test_every_notebook_is_registered_and_every_registered_notebook_exists():
    registered = {a.notebook for a in registry.ARTIFACTS}
    assert {p.name for p in notebooks()} == registered


def test_every_notebook_declares_what_the_build_passes_it():
    for artifact in registry.ARTIFACTS:
        declared = declared_parameters(paths.NOTEBOOKS / artifact.notebook)
        for run in artifact.runs():
            assert set(run.parameters()) | {"data_dir", "out_dir"} <= declared, run.key


def test_notebooks_hold_no_logic_beyond_calls():
    # Thin means: no function or class definitions and no loops; those belong in analysis/.
    for path in notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                for keyword in ("def ", "class ", "for ", "while "):
                    assert not any(line.lstrip().startswith(keyword) for line in source.splitlines()), (
                        f"{path.name}: {keyword.strip()} in a cell"
                    )
