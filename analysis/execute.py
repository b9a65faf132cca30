"""Run one notebook with papermill, failing closed.

Papermill only warns about a parameter the notebook does not declare; here it is an error, found
before a kernel starts. A failing cell is named in the error, and the executed notebook is kept.
Notebooks run on warm kernels (``Kernel``), one per build job, each run in a fresh namespace.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from analysis.errors import NotebookError


def declared_parameters(notebook: Path) -> set[str]:
    """The names assigned in the cell tagged ``parameters``."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise NotebookError(f"{notebook.name}: {error} — a notebook (nbformat JSON with cells)") from None
    if len(tagged) != 1:
        raise NotebookError(f"{notebook.name}: expected one cell tagged 'parameters', found {len(tagged)}")
    source = "".join(tagged[0]["source"])
    names = set()
    try:
        body = ast.parse(source).body
    except SyntaxError as error:
        raise NotebookError(
            f"{notebook.name}: the parameters cell, line {error.lineno}: {error.msg} — Python assignments"
        ) from None
    for node in body:
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


# Imported once per kernel, before its first run: the imports are most of a short notebook's time.
_PRELOAD = """
import importlib, pkgutil
import matplotlib
matplotlib.use("Agg")
import IPython.display, pandas, seaborn
import analysis.artifacts, analysis.refiqda, analysis.session
for _package in (analysis.artifacts, analysis.refiqda):
    for _module in pkgutil.iter_modules(_package.__path__):
        importlib.import_module(f"{_package.__name__}.{_module.name}")
"""

# Before every run: a fresh namespace, no figures or rc changes left by the last run, and the
# execution count from 1, so that an executed notebook reads the same whichever kernel ran it.
_RESET = """
get_ipython().run_line_magic("reset", "-f")
import matplotlib, matplotlib.pyplot
matplotlib.pyplot.close("all")
matplotlib.rcdefaults()
matplotlib.use("Agg")
get_ipython().execution_count = 1
"""


class Kernel:
    """One warm python3 kernel that runs notebooks one after another, each in a fresh namespace.

    Starting a kernel and importing pandas and matplotlib cost more than most of our notebooks, so
    a build starts one kernel per job and reuses it; ``_RESET`` keeps the runs apart. Its client
    (the channels) is reused too: a new client waits 0.2 s for the kernel's output channel to fall
    silent, twice per run. Messages are matched to the request that caused them, so a late message
    of one run is never taken for the next run's.
    """

    def __init__(self, cwd: Path):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._cwd = cwd
        self._km = AsyncKernelManager(kernel_name="python3")
        # The kernel talks to us over loopback only; its start-up warning about unencrypted TCP
        # would be repeated for every kernel and bury the build's own progress lines.
        run_sync(self._km.start_kernel)(cwd=str(cwd), extra_arguments=["--log-level=CRITICAL"])
        self._kc = self._km.client()
        self._kc.start_channels()
        run_sync(self._kc.wait_for_ready)(timeout=60)
        self._code(_PRELOAD)

    def _code(self, code: str) -> None:
        import nbformat
        from nbclient import NotebookClient

        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client = NotebookClient(notebook, km=self._km, resources={"metadata": {"path": str(self._cwd)}})
        client.kc = self._kc  # set after construction: the constructor clears it
        client.execute()

    def run(self, notebook: Path, executed: Path, parameters: dict) -> None:
        """Execute ``notebook`` into ``executed`` with ``parameters``; raise NotebookError on failure.

        The caller checks the parameters first (``check_parameters``), before any kernel starts.
        """
        import papermill
        from papermill.exceptions import PapermillExecutionError

        self._code(_RESET)
        executed.parent.mkdir(parents=True, exist_ok=True)
        try:
            papermill.execute_notebook(
                str(notebook),
                str(executed),
                parameters=parameters,
                engine_name=_engine(),
                kernel_name="python3",
                # No cwd: papermill would chdir this whole process, from two threads at once; the
                # kernel already runs in the notebooks' folder.
                progress_bar=False,
                log_output=False,
                report_mode=False,
                km=self._km,
                kc=self._kc,
            )
        except PapermillExecutionError as error:
            first_line = (error.source or "").strip().splitlines()[:1]
            raise NotebookError(
                f"{notebook.name} failed in {_source_cell(executed, error.cell_index)} "
                f"(execution count {error.exec_count}{': ' + first_line[0] if first_line else ''}): "
                f"{error.ename}: {error.evalue}\n  the executed notebook is kept at {executed}"
            ) from None
        except (ValueError, KeyError, OSError) as error:
            # Papermill refuses a notebook it cannot run at all (no kernel language, broken JSON).
            raise NotebookError(f"{notebook.name} could not be run: {error}") from None

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        self._kc.stop_channels()
        run_sync(self._km.shutdown_kernel)(now=True)


def _engine() -> str:
    """Papermill's nbclient engine, but on our warm kernel and its client."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, **kwargs):
            from papermill.engines import logger

            client = PapermillNotebookClient(
                nb_man,
                km=kwargs["km"],
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                timeout=kwargs.get("execution_timeout"),
            )
            client.kc = kwargs["kc"]
            return client.execute()

    papermill_engines.register("kvp-warm-kernel", WarmKernelEngine)
    return "kvp-warm-kernel"


def _source_cell(executed: Path, index: int) -> str:
    """Name a failing cell as it is in the source notebook, not counting papermill's injected cell."""
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    injected = [
        i for i, c in enumerate(cells) if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    position = index - sum(1 for i in injected if i < index)
    return f"cell {position} (id {cells[index].get('id', '?')!r})"
