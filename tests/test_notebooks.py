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
            assert set(run.parameters()) <= declared, run.key


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


def test_notebooks_read_tables_only_through_their_session():
    # A notebook that loaded tables itself could read one its registry entry does not declare.
    for path in notebooks():
        code = "".join(
            "".join(c["source"])
            for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"
        )
        assert "data.load" not in code and "import data" not in code and "read_csv" not in code, path.name
        assert "figures" not in code and "out_dir" not in code, path.name


def test_each_notebook_is_in_sync_with_its_py_percent_pair():
    import jupytext

    for path in notebooks():
        pair = path.parent / "scripts" / path.with_suffix(".py").name
        assert pair.is_file(), f"{path.name} has no py:percent pair"
        text = jupytext.read(pair)
        stored = json.loads(path.read_text(encoding="utf-8"))
        ours = [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in text.cells]
        theirs = [
            (c["cell_type"], "".join(c["source"]), c["metadata"].get("tags", [])) for c in stored["cells"]
        ]
        assert ours == theirs, f"{path.name} and {pair.name} differ: run `jupytext --sync {pair}`"
