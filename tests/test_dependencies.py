"""The cache key follows the library modules a notebook reaches, and no others."""

from __future__ import annotations

import dataclasses
import json
import shutil

from analysis import dependencies, manifest, paths, registry


def test_a_notebook_reaches_what_it_imports_and_what_those_import():
    graph = dependencies.ImportGraph(paths.LIBRARY)
    files = {
        p.relative_to(paths.LIBRARY).as_posix()
        for p in graph.notebook_modules(paths.NOTEBOOKS / "table-2-1.ipynb")
    }
    assert {"artifacts/table_2_1.py", "session.py"} <= files  # imported by the notebook
    assert {"render.py", "data.py", "i18n.py", "formats.py", "schema.py"} <= files  # imported by those
    assert "registry.py" not in files  # a run hashes its own registry entry instead
    assert {"__init__.py", "artifacts/__init__.py"} <= files  # run on import
    assert "artifacts/sanctions.py" not in files and "flow.py" not in files


def _key(library, notebook: str) -> str:
    graph = dependencies.ImportGraph(library)
    files = graph.notebook_modules(paths.NOTEBOOKS / notebook)
    return manifest.library_hash(files, graph.memo, library)


def test_editing_another_artifacts_module_leaves_the_key_alone_but_a_shared_one_does_not(tmp_path):
    library = tmp_path / "analysis"
    shutil.copytree(paths.LIBRARY, library, ignore=shutil.ignore_patterns("__pycache__"))
    before = _key(library, "table-2-1.ipynb")
    with open(library / "artifacts" / "sanctions.py", "a", encoding="utf-8") as handle:
        handle.write("\n# an edit elsewhere\n")
    assert _key(library, "table-2-1.ipynb") == before
    with open(library / "render.py", "a", encoding="utf-8") as handle:
        handle.write("\n# a comment in a writer every table uses\n")
    assert _key(library, "table-2-1.ipynb") == before  # comments and docstrings are not code
    with open(library / "render.py", "a", encoding="utf-8") as handle:
        handle.write("\nWRITER_EDIT = 1\n")
    assert _key(library, "table-2-1.ipynb") != before


def test_a_package_data_file_counts_for_the_runs_that_reach_its_package(tmp_path):
    library = tmp_path / "analysis"
    shutil.copytree(paths.LIBRARY, library, ignore=shutil.ignore_patterns("__pycache__"))
    keys = [_key(library, "figure-6-1.ipynb")]
    css = library / "report" / "assets" / "report.css"  # the reader edition's, not a notebook's
    css.write_text(css.read_text(encoding="utf-8") + "p{}\n", encoding="utf-8")
    keys.append(_key(library, "figure-6-1.ipynb"))
    font = library / "fonts" / "KVPSans.ttf"  # the figures draw with it
    font.write_bytes(font.read_bytes() + b"\0")
    keys.append(_key(library, "figure-6-1.ipynb"))
    assert keys[0] == keys[1] != keys[2]


def test_every_registered_notebook_reaches_its_artifact_module():
    graph = dependencies.ImportGraph(paths.LIBRARY)
    for artifact in registry.ARTIFACTS:
        files = graph.notebook_modules(paths.NOTEBOOKS / artifact.notebook)
        assert any(p.parent.name in ("artifacts", "refiqda", "latex") for p in files), artifact.id


def test_unparsable_notebook_code_depends_on_everything(tmp_path):
    notebook = tmp_path / "odd.ipynb"
    notebook.write_text(
        '{"cells": [{"cell_type": "code", "source": ["%matplotlib inline\\n", "import analysis"]}]}',
        encoding="utf-8",
    )
    files = dependencies.ImportGraph(paths.LIBRARY).notebook_modules(notebook)
    assert set(files) == set(paths.LIBRARY.rglob("*.py"))


def test_a_caption_changes_the_key_of_its_own_runs_only():
    artifacts = registry.ARTIFACTS
    before = {r.key: json.dumps(r.parameters(), sort_keys=True) for a in artifacts for r in a.runs()}
    findings = registry.by_id("findings")
    product = dataclasses.replace(findings.products[0], caption_en="Findings, recaptioned")
    edited = dataclasses.replace(findings, products=(product,))
    after = {
        r.key: json.dumps(r.parameters(), sort_keys=True)
        for a in artifacts
        for r in (edited if a.id == "findings" else a).runs()
    }
    assert {k for k in before if before[k] != after[k]} == {"findings/en"}
