"""Write environment.yml from requirements.lock, so conda users get exactly the same pins."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def render(lock_text: str) -> str:
    pins = [line.strip() for line in lock_text.splitlines() if line.strip() and not line.startswith("#")]
    body = "".join(f"      - {pin}\n" for pin in pins)
    return (
        "# Generated from requirements.lock by tools/sync_environment.py (make lock); do not edit.\n"
        "name: kvp-analysis\n"
        "channels:\n  - conda-forge\n"
        "dependencies:\n  - python=3.11\n  - pip\n  - pip:\n" + body + "      - -e .\n"
    )


if __name__ == "__main__":
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    (ROOT / "environment.yml").write_text(render(lock), encoding="utf-8")
    sys.exit(0)
