"""What one edit rebuilds: runs and wall time, each edit made on a scratch clone and then undone.

The edits are those of issue 13's table: a comment in a module every notebook reaches, one
caption, one artifact's module, one table's schema entry and one data cell. Each is measured as
`python -m analysis build` after a build that left everything up to date.

    python bench/incremental.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from analysis import paths


def _append(path: Path, text: str) -> Callable[[], None]:
    def edit() -> None:
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _replace(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        content = path.read_text(encoding="utf-8")
        assert old in content, f"{path.name}: {old!r} not found"
        path.write_text(content.replace(old, new, 1), encoding="utf-8")

    return edit


def _schema_entry(descriptor: Path, table: str) -> Callable[[], None]:
    def edit() -> None:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        entry = next(r for r in package["resources"] if r["name"] == table)
        entry["description"] = entry.get("description", "") + " (edited)"
        descriptor.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    return edit


def edits(root: Path) -> list[tuple[str, Callable[[], None]]]:
    library, data_dir = root / "analysis", root / "data"
    return [
        ("a comment in privacy.py", _append(library / "privacy.py", "\n# a benchmark comment\n")),
        ("a comment in render.py", _append(library / "render.py", "\n# a benchmark comment\n")),
        (
            "one English caption (findings)",
            _replace(library / "registry.py", '"Findings of chapter 9', '"The findings of chapter 9'),
        ),
        (
            "one artifact's module (findings.py)",
            _append(library / "artifacts" / "findings.py", "\nEDITED = 1\n"),
        ),
        ("one table's schema entry (findings)", _schema_entry(data_dir / "datapackage.json", "findings")),
        (
            "one data cell (activation_elements)",
            _replace(data_dir / "activation_elements.csv", "Mobility", "Mobile"),
        ),
    ]


def build(root: Path, log: bool = False) -> tuple[int, float]:
    """(runs executed, wall seconds) of one build in the scratch clone."""
    env = {**os.environ, "PYTHONPATH": str(root)}  # ahead of the venv's .pth to the repository
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "build"], cwd=root, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr or done.stdout)
    if log:
        print(done.stdout.rstrip())
    built = re.search(r"built (\d+) run", done.stdout)
    return (int(built[1]) if built else 0), seconds


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kvp-incremental-") as scratch:
        root = Path(scratch) / "clone"
        subprocess.run(["git", "clone", "-q", str(paths.ROOT), str(root)], check=True)
        print("first build of the scratch clone (every run, as on a fresh clone) ...", flush=True)
        total, seconds = build(root)
        print(f"  {total} runs in {seconds:.1f} s")
        rows = []
        for name, edit in edits(root):
            print(f"{name} ...", flush=True)
            edit()
            rows.append((name, *build(root)))
            subprocess.run(["git", "checkout", "-q", "--", "analysis", "data"], cwd=root, check=True)
            build(root)  # back to up to date before the next edit
        runs, seconds = build(root)
        rows.append(("nothing (a second build)", runs, seconds))
    print(f"\n| edit | runs rebuilt, of {total} | wall (s) |\n|---|---|---|")
    for name, runs, seconds in rows:
        print(f"| {name} | {runs} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
