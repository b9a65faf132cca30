"""Which library modules a notebook's output can depend on: the closure of its imports.

The cache key of a run hashes these files only, so that editing one artifact's module rebuilds
that artifact alone. Imports are found statically (every ``import`` and ``from … import`` in a
module, also those inside functions); a notebook whose code cannot be parsed depends, to be safe,
on the whole library.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
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


def package_data(modules: list[Path]) -> list[Path]:
    """The data files of the packages these modules belong to (fonts, a LaTeX style, report assets):
    every file of a package's folder that is not Python, also in its folders that are not packages.
    A run depends on them as much as on the code that reads them."""
    found = set()
    for folder in {module.parent for module in modules}:
        todo = [folder]
        while todo:
            for entry in todo.pop().iterdir():
                if entry.is_dir() and entry.name != "__pycache__" and not (entry / "__init__.py").exists():
                    todo.append(entry)
                elif entry.is_file() and entry.suffix not in (".py", ".pyc"):
                    found.add(entry)
    return sorted(found)


def fingerprint(tree: ast.AST) -> str:
    """What a module does, without its comments, docstrings or layout: a hash of its syntax tree."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree, include_attributes=False).encode()).hexdigest()


class CodeMemo:
    """What parsing a module tells the build (its imports, its fingerprint), remembered by the
    module's bytes in a file under build/, so that a build with nothing to do parses nothing."""

    def __init__(self, path: Path | None = None):
        self._path = path
        try:
            self._facts = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):
            self._facts = {}  # none yet, or damaged: parse again
        self._dirty = False

    def facts(self, module: Path) -> dict:
        raw = module.read_bytes()
        key = hashlib.sha256(raw).hexdigest()
        if key not in self._facts:
            tree = ast.parse(raw)
            self._facts[key] = {"imports": sorted(_imported(tree)), "fingerprint": fingerprint(tree)}
            self._dirty = True
        return self._facts[key]

    def save(self) -> None:
        if self._path and self._dirty:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._facts, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self._path)


class ImportGraph:
    """The library's import graph, each module parsed at most once (one graph serves one build plan)."""

    def __init__(self, library: Path, memo: CodeMemo | None = None):
        self.library = library
        self.memo = memo or CodeMemo()
        self._imports: dict[Path, set[Path]] = {}

    def _modules_imported_by(self, path: Path) -> set[Path]:
        if path not in self._imports:
            found = (_module_file(self.library, name) for name in self.memo.facts(path)["imports"])
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
