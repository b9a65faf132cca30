"""The lock that keeps two builds from publishing into one figures folder at once.

The lock file is ``.<name>.build.lock`` beside the figures folder (``.figures.build.lock`` for
``figures/``), found from the folder's resolved path, whatever ``--build-dir`` says: two builds with
different build folders, or reaching one figures folder by different paths, still exclude each
other. It lies beside the folder, not in it, so that figures/ holds only what the manifest lists
(and a lock file is never removed: removing it would let two builds lock two different files).

It is a POSIX record lock (``fcntl.lockf``), not ``flock``: a record lock belongs to the process
that took it and is not inherited by the children it forks, so pool workers forked during the
build never hold it, and it is released the moment the build's own process dies, even by
SIGKILL. (``flock`` belongs to the open file, which a forked worker shares: a killed build's
workers kept it held.) The file is opened with ``O_CLOEXEC`` so that no program a worker starts
(a Jupyter kernel) even sees it.

The holder writes its pid, host, start time and command line into the file, so that a second build
can say who is running. Taking the lock also rolls back and removes the staging folders that dead
builds left in the figures folder (``publish.recover``).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from analysis import errors, publish

LOCK_SUFFIX = ".build.lock"

# A record lock does not keep out the process that holds it (and closing any descriptor of the
# file would drop it): so this process remembers the locks it holds, by file identity.
_held: set[tuple[int, int]] = set()


def _holder() -> dict:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": " ".join(sys.argv) or sys.executable,
    }


def _describe(text: str) -> str:
    try:
        holder = json.loads(text)
        return f"pid {holder['pid']} on {holder['host']}, started {holder['started']}: {holder['command']}"
    except (ValueError, KeyError, TypeError):
        return "a process that has not yet said who it is"


def lock_path(figures_dir: Path) -> Path:
    """The lock file of ``figures_dir``: beside it, named after it."""
    resolved = Path(figures_dir).resolve()
    return resolved.parent / f".{resolved.name}{LOCK_SUFFIX}"


@contextmanager
def build_lock(figures_dir: Path) -> Iterator[Path]:
    """Hold the lock on ``figures_dir`` for the duration of the block; yields the lock file's path.

    Raises ``errors.EnvironmentFault`` naming the holder if another build holds it, or if the lock
    file cannot be made (a read-only folder).
    """
    figures_dir = Path(figures_dir)
    path = lock_path(figures_dir)
    try:
        figures_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise errors.os_fault(error, f"cannot take the build lock in {figures_dir}") from None
    identity = os.fstat(fd)
    key = (identity.st_dev, identity.st_ino)
    try:
        if key in _held:
            raise errors.EnvironmentFault(f"this process already builds into {figures_dir} (it holds {path})")
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise errors.os_fault(error, f"cannot take the build lock {path}") from None
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace")
            raise errors.EnvironmentFault(
                f"another build is running into {figures_dir}: {_describe(holder)} (it holds {path})"
            ) from None
    except BaseException:
        os.close(fd)  # not ours: closing cannot drop a lock this process does not hold
        raise
    _held.add(key)
    try:
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(_holder(), sort_keys=True).encode("utf-8"), 0)
        except OSError as error:
            raise errors.os_fault(error, f"cannot write the build lock {path}") from None
        publish.recover(figures_dir)
        yield path
    finally:
        with suppress(OSError):  # the lock itself is still released below
            os.ftruncate(fd, 0)
        _held.discard(key)
        os.close(fd)  # releases the record lock
