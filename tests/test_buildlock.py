"""The build lock: on figures/ itself, named holder, and gone with its build even when workers live on."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import buildlock, errors, paths, publish

# Takes the lock, forks a child that keeps running (as a pool worker would), prints the child's pid.
HOLDER = """
import os, sys, time
from pathlib import Path
from analysis import buildlock
with buildlock.build_lock(Path(sys.argv[1])):
    child = os.fork()
    if child == 0:
        time.sleep(60)
        os._exit(0)
    print(child, flush=True)
    time.sleep(60)
"""


def _start_holder(figures: Path) -> tuple[subprocess.Popen, int]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(figures)], stdout=subprocess.PIPE, text=True, cwd=paths.ROOT
    )
    child = int(holder.stdout.readline())
    return holder, child


def _reap(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def test_another_build_is_refused_and_its_holder_named(tmp_path):
    figures = tmp_path / "figures"
    holder, child = _start_holder(figures)
    try:
        with pytest.raises(errors.EnvironmentFault) as raised, buildlock.build_lock(figures):
            pass
        message = str(raised.value)
        assert f"pid {holder.pid} on " in message and "another build is running" in message
        assert "started 20" in message and "-c" in message  # the start time and the command
    finally:
        holder.kill()
        holder.wait()
        _reap(child)


def test_the_lock_dies_with_its_build_though_a_forked_worker_lives_on(tmp_path):
    figures = tmp_path / "figures"
    holder, child = _start_holder(figures)
    try:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        os.kill(child, 0)  # the forked child is still alive, holding the inherited descriptor
        with buildlock.build_lock(figures) as lock:
            assert lock == tmp_path / ".figures.build.lock"
            assert json.loads(lock.read_text())["pid"] == os.getpid()
    finally:
        _reap(child)


def test_the_lock_guards_the_figures_folder_whatever_the_build_folder(tmp_path):
    figures = tmp_path / "figures"
    with buildlock.build_lock(figures) as lock:
        assert lock.parent == figures.parent and not (figures / lock.name).exists()
        (tmp_path / "sub").mkdir()
        again = buildlock.build_lock(tmp_path / "sub" / ".." / "figures")
        with pytest.raises(errors.EnvironmentFault, match="already builds into"), again:
            pass
    with buildlock.build_lock(figures):  # released on leaving the block
        pass


def test_taking_the_lock_rolls_back_and_removes_a_dead_builds_staging(tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "MANIFEST.json").write_text("old manifest")
    # A dead build (pid 2**22 + 1 is above Linux's pid limit) had moved the manifest aside and
    # put a new output in place when it died.
    staging = publish.staging_dir(figures, pid=2**22 + 1)
    (staging / "old").mkdir(parents=True)
    os.replace(figures / "MANIFEST.json", staging / "old" / "MANIFEST.json")
    (figures / "new.svg").write_text("half published")
    journal = {"names": ["new.svg", "MANIFEST.json"], "existed": {"new.svg": False, "MANIFEST.json": True}}
    (staging / publish.JOURNAL).write_text(json.dumps({**journal, "made": []}))
    (figures / ".staging-7").mkdir()  # an empty leftover of another dead build
    with buildlock.build_lock(figures):
        assert sorted(p.name for p in figures.iterdir()) == ["MANIFEST.json"]
        assert (figures / "MANIFEST.json").read_text() == "old manifest"


def test_a_lock_that_cannot_be_made_is_a_clean_error(tmp_path):
    blocker = tmp_path / "figures"
    blocker.write_text("a file where the folder should be")
    lock = buildlock.build_lock(blocker)
    with pytest.raises(errors.EnvironmentFault, match="cannot take the build lock"), lock:
        pass
