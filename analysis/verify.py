"""Rebuild everything in a temporary directory and compare with the published outputs."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from analysis import manifest, paths, pipeline


def compare(published_dir: Path, rebuilt_dir: Path) -> list[tuple[str, str]]:
    """(status, output) for every output that either manifest lists, and every other file in the
    published folder; status is OK, DIFFERS, MISSING (not published), EXTRA (published but not
    rebuilt) or STRAY (a file no manifest names)."""
    published = manifest.read(published_dir)["runs"]
    rebuilt = manifest.read(rebuilt_dir)["runs"]
    want = {o: h for e in rebuilt.values() for o, h in e["outputs"].items()}
    have = {o: h for e in published.values() for o, h in e["outputs"].items()}
    rows = []
    for output in sorted(set(want) | set(have)):
        path = published_dir / output
        if output not in have:
            rows.append(("MISSING", output))
        elif output not in want:
            rows.append(("EXTRA", output))
        elif not path.is_file():
            rows.append(("MISSING", output))
        else:
            same = have[output] == want[output] == manifest.sha256_path(path)
            rows.append(("OK" if same else "DIFFERS", output))
    listed = set(want) | set(have) | {paths.MANIFEST_NAME}
    for path in sorted(published_dir.rglob("*")):
        relative = path.relative_to(published_dir).as_posix()
        hidden = any(part.startswith(".") for part in path.relative_to(published_dir).parts)
        if path.is_file() and not hidden and relative not in listed:
            rows.append(("STRAY", relative))  # in figures/, but no build writes it
    same_manifest = (published_dir / paths.MANIFEST_NAME).read_bytes() == (
        rebuilt_dir / paths.MANIFEST_NAME
    ).read_bytes()
    rows.append(("OK" if same_manifest else "DIFFERS", paths.MANIFEST_NAME))
    return rows


def verify(
    jobs: int | None = None,
    figures_dir: Path = paths.FIGURES,
    data_dir: Path = paths.DATA,
    log: Callable[[str], None] = print,
) -> bool:
    """True when a fresh build reproduces every published output byte for byte."""
    with tempfile.TemporaryDirectory(prefix="kvp-verify-") as scratch:
        rebuilt = Path(scratch) / "figures"
        log("rebuilding every run in a scratch folder ...")
        pipeline.build(
            jobs=jobs,
            force=True,
            data_dir=data_dir,
            figures_dir=rebuilt,
            build_dir=Path(scratch) / "build",
            log=log,
        )
        rows = compare(Path(figures_dir), rebuilt)
    for status, output in rows:
        log(f"{status:8} {output}")
    bad = sum(status != "OK" for status, _ in rows)
    log(f"{len(rows) - bad} OK, {bad} differ" if bad else f"all {len(rows)} outputs reproduce exactly")
    return bad == 0
