"""Run one notebook with papermill, failing closed.

Papermill only warns about a parameter the notebook does not declare; here it is an error, found
before a kernel starts. A failing cell is named in the error, and the executed notebook is kept.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path


class NotebookError(Exception):
    """A notebook could not run, or failed; the message says which and where."""


def declared_parameters(notebook: Path) -> set[str]:
    """The names assigned in the cell tagged ``parameters``."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise NotebookError(f"{notebook.name}: expected one cell tagged 'parameters', found {len(tagged)}")
    source = "".join(tagged[0]["source"])
    names = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def check_parameters(notebook: Path, parameters: dict) -> None:
    unknown = sorted(set(parameters) - declared_parameters(notebook))
    if unknown:
        raise NotebookError(
            f"{notebook.name}: unknown parameter(s) {', '.join(unknown)}; "
            f"the notebook declares {', '.join(sorted(declared_parameters(notebook)))}"
        )


def run_notebook(notebook: Path, executed: Path, parameters: dict, cwd: Path) -> None:
    """Execute ``notebook`` into ``executed`` with ``parameters``; raise NotebookError on failure.

    The caller checks the parameters first (``check_parameters``), before any kernel starts.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            report_mode=False,
            # The kernel talks to us over loopback only; its start-up warning about unencrypted TCP
            # would be repeated for every run and bury the build's own progress lines.
            extra_arguments=["--log-level=ERROR"],
        )
    except PapermillExecutionError as error:
        first_line = (error.source or "").strip().splitlines()[:1]
        raise NotebookError(
            f"{notebook.name} failed in {_source_cell(executed, error.cell_index)} "
            f"(execution count {error.exec_count}{': ' + first_line[0] if first_line else ''}): "
            f"{error.ename}: {error.evalue}\n  the executed notebook is kept at {executed}"
        ) from None


def _source_cell(executed: Path, index: int) -> str:
    """Name a failing cell as it is in the source notebook, not counting papermill's injected cell."""
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    injected = [
        i for i, c in enumerate(cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    position = index - sum(1 for i in injected if i < index)
    return f"cell {position} (id {cells[index].get('id', '?')!r})"
