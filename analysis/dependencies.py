"""Which library modules a notebook's output can depend on: the closure of its imports.

The cache key of a run hashes these files only, so that editing one artifact's module rebuilds
that artifact alone. Imports are found statically (every ``import`` and ``from … import`` in a
module, also those inside functions); a notebook whose code cannot be parsed depends, to be safe,
on the whole library.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

PACKAGE = "analysis"

# A run's cache key hashes its own part of the registry (``Run.spec``) directly; the module as a
# whole stays out of the closure, or editing one artifact's caption would rebuild every artifact.
NOT_CODE_DEPENDENCIES = {"analysis.registry"}


def _module_file(library: Path, name: str) -> Path | None:
    """``analysis.render`` -> library/render.py (or a package's __init__.py); None if not ours."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = library.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # ``from analysis import render`` names a module, not just an attribute.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.split(".")[0] == PACKAGE and n not in NOT_CODE_DEPENDENCIES}


def _with_parents(library: Path, path: Path) -> set[Path]:
    """A module and the __init__.py of every package above it, which Python runs on import."""
    found = {path}
    folder = path.parent
    while folder != library.parent and folder.is_relative_to(library):
        found.add(folder / "__init__.py")
        folder = folder.parent
    return {p for p in found if p.is_file()}


class ImportGraph:
    """The library's import graph, each module parsed at most once (one graph serves one build plan)."""

    def __init__(self, library: Path):
        self.library = library
        self._imports: dict[Path, set[Path]] = {}

    def _modules_imported_by(self, path: Path) -> set[Path]:
        if path not in self._imports:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found = (_module_file(self.library, name) for name in _imported(tree))
            self._imports[path] = {f for f in found if f}
        return self._imports[path]

    def closure(self, names: set[str]) -> list[Path]:
        seen: set[Path] = set()
        todo = [f for f in (_module_file(self.library, name) for name in names) if f]
        while todo:
            for module in _with_parents(self.library, todo.pop()) - seen:
                seen.add(module)
                todo.extend(self._modules_imported_by(module) - seen)
        return sorted(seen)

    def notebook_modules(self, notebook: Path) -> list[Path]:
        """The library files that ``notebook``'s code reaches, sorted."""
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        names: set[str] = set()
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            try:
                names |= _imported(ast.parse("".join(cell["source"])))
            except SyntaxError:
                return sorted(self.library.rglob("*.py"))
        return self.closure(names)
