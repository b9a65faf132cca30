"""Publishing a build's outputs and its manifest into figures/, all together or not at all.

``publish(figures_dir, staged, manifest_text)`` works in three steps:

1. Copy every staged output, and write the new manifest, into ``figures_dir/.staging-<pid>/new/``.
   The staging folder is inside the figures folder, so every later rename stays on one filesystem
   (a rename across filesystems is a copy, and not atomic). A failure here (a full disk, an I/O
   error, a read-only folder) leaves ``figures_dir`` untouched.
2. Write a journal listing every file about to be replaced and whether it existed.
3. Swap: for each output, then the manifest last, move the published file aside into
   ``.staging-<pid>/old/`` and the new one into its place, each by an atomic rename. If any rename
   fails, every swap already done is undone in reverse order, and ``figures_dir`` is byte for byte
   as it was.

If the process dies during the swap (a SIGKILL, a power cut), the journal stays behind;
``recover(figures_dir)``, which the build lock runs before a build starts, rolls such a half swap
back from it and removes the staging folders of dead builds.

Every failure is raised as ``errors.EnvironmentFault`` with one line saying what the system refused.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path, PurePosixPath

from analysis import errors, paths

STAGING_PREFIX = ".staging-"
JOURNAL = "journal.json"


def staging_dir(figures_dir: Path, pid: int | None = None) -> Path:
    """The folder this process stages into, inside ``figures_dir`` (so renames stay on one filesystem)."""
    return Path(figures_dir) / f"{STAGING_PREFIX}{os.getpid() if pid is None else pid}"


def _relative(name: str) -> PurePosixPath:
    """An output's path inside figures/, refused if it could land anywhere else."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0].startswith(STAGING_PREFIX):
        raise errors.PathError(f"output {name!r} — a relative path inside the figures folder")
    return path


def _stage(
    figures_dir: Path, staged: Mapping[str, Path], manifest_text: str, manifest_name: str
) -> tuple[Path, list[str]]:
    """Copy the outputs and write the manifest into a fresh staging folder; the names to swap."""
    staging = staging_dir(figures_dir)
    shutil.rmtree(staging, ignore_errors=True)
    new = staging / "new"
    names = sorted(str(_relative(name)) for name in staged)
    for name in names:
        target = new / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staged[name], target)
    (new / manifest_name).write_text(manifest_text, encoding="utf-8", newline="\n")
    return staging, [*names, manifest_name]  # the manifest last: it is what says the set is complete


def _swap(figures_dir: Path, staging: Path, names: list[str]) -> None:
    """Move each new file into place, keeping the old one aside; undo everything on a failure."""
    journal = {"names": names, "existed": {n: (figures_dir / n).exists() for n in names}, "made": []}
    _write_journal(staging, journal)
    done: list[str] = []
    try:
        for name in names:
            target = figures_dir / name
            for parent in reversed(PurePosixPath(name).parents[:-1]):
                folder = figures_dir / parent
                if not folder.is_dir():
                    folder.mkdir()
                    journal["made"].append(str(parent))
                    _write_journal(staging, journal)
            if journal["existed"][name]:
                aside = staging / "old" / name
                aside.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, aside)
            done.append(name)
            os.replace(staging / "new" / name, target)
    except BaseException as error:  # an OSError, or Ctrl-C in the middle: either way undo
        try:
            _roll_back(figures_dir, staging, journal, done)
        except OSError as undo:
            raise _RollBackFailed(error, undo) from None
        raise


class _RollBackFailed(Exception):
    """A swap failed and so did undoing it: the journal must stay for ``recover``."""

    def __init__(self, error: BaseException, undo: OSError):
        super().__init__(error, undo)
        self.error, self.undo = error, undo


def _write_journal(staging: Path, journal: dict) -> None:
    temporary = staging / (JOURNAL + ".tmp")
    temporary.write_text(json.dumps(journal, sort_keys=True), encoding="utf-8")
    os.replace(temporary, staging / JOURNAL)


def _roll_back(figures_dir: Path, staging: Path, journal: dict, done: list[str]) -> None:
    """Put every file named in ``done`` back as it was, newest first, then remove folders we made."""
    for name in reversed(done):
        target, aside = figures_dir / name, staging / "old" / name
        if journal["existed"][name]:
            if aside.exists():  # else the move aside itself failed, and the old file is in place
                os.replace(aside, target)
        elif target.exists():
            os.unlink(target)
    for folder in reversed(journal["made"]):
        with suppress(OSError):  # not empty: something else lives there now; not ours to remove
            (figures_dir / folder).rmdir()


def publish(
    figures_dir: Path,
    staged: Mapping[str, Path],
    manifest_text: str,
    manifest_name: str = paths.MANIFEST_NAME,
) -> None:
    """Make ``staged`` (output path inside figures/ -> file holding it) and the new manifest visible
    in ``figures_dir`` together, or leave ``figures_dir`` exactly as it was.

    Raises ``errors.EnvironmentFault`` (one line) if the system refuses a step, and
    ``errors.PathError`` for an output path that leaves ``figures_dir``.
    """
    figures_dir = Path(figures_dir)
    staging = staging_dir(figures_dir)
    keep = False
    try:
        figures_dir.mkdir(parents=True, exist_ok=True)
        staging, names = _stage(figures_dir, staged, manifest_text, manifest_name)
        _swap(figures_dir, staging, names)
    except _RollBackFailed as failed:
        keep = True  # the journal is what lets the next build put figures/ back
        raise errors.EnvironmentFault(
            f"publishing to {figures_dir} failed ({failed.error}), and so did undoing it "
            f"({failed.undo}); the next build rolls it back from {staging}"
        ) from None
    except OSError as error:
        raise errors.os_fault(error, f"publishing to {figures_dir} failed, nothing was changed") from None
    finally:
        if not keep:
            shutil.rmtree(staging, ignore_errors=True)


def recover(figures_dir: Path) -> list[Path]:
    """Roll back the half swap of any dead build and remove its staging folder; the folders removed.

    Call this only while holding the build lock: then no staging folder belongs to a live build.
    """
    figures_dir = Path(figures_dir)
    if not figures_dir.is_dir():
        return []
    removed = []
    for staging in sorted(figures_dir.glob(STAGING_PREFIX + "*")):
        journal_path = staging / JOURNAL
        try:
            if journal_path.is_file():
                journal = json.loads(journal_path.read_text(encoding="utf-8"))
                _roll_back(figures_dir, staging, journal, list(journal["names"]))
            shutil.rmtree(staging)
        except (OSError, ValueError, KeyError) as error:
            raise errors.EnvironmentFault(
                f"{staging}: a dead build's half-published outputs could not be rolled back ({error}); "
                "restore figures/ with git, then remove this folder"
            ) from None
        removed.append(staging)
    return removed
