"""Where things live. Nothing else in the package knows a path."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIGURES = ROOT / "figures"
BUILD = ROOT / "build"
NOTEBOOKS = ROOT / "notebooks"
LIBRARY = ROOT / "analysis"
LOCK_FILE = ROOT / "requirements.lock"
MANIFEST_NAME = "MANIFEST.json"

# The reference text is not ours to redistribute, so it stays outside the repository:
# beside the checkout, as the project's shared/ folder lays it out, unless KVP_SOURCE says otherwise.
_DEFAULT_SOURCE = ROOT.parent / "shared" / "thesis" / "brodtkorb-2017.txt"


def reference_text() -> Path | None:
    """The reference text if it can be found, else None; a KVP_SOURCE that names no file is an error."""
    configured = os.environ.get("KVP_SOURCE")
    if configured and not Path(configured).is_file():
        from analysis.errors import PathError

        raise PathError(f"KVP_SOURCE={configured}: no such file — the reference text (brodtkorb-2017.txt)")
    candidate = Path(configured) if configured else _DEFAULT_SOURCE
    return candidate if candidate.is_file() else None
