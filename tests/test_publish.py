"""Publishing is all or nothing: a fault at any step leaves figures/ byte for byte as it was."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from analysis import errors, publish

FAULTS = (errno.ENOSPC, errno.EIO, errno.EACCES)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``."""
    return {
        str(path.relative_to(root)): (path.read_bytes() if path.is_file() else None)
        for path in sorted(root.rglob("*"))
    }


@pytest.fixture
def figures(tmp_path: Path) -> Path:
    root = tmp_path / "figures"
    (root / "nb").mkdir(parents=True)
    (root / "MANIFEST.json").write_text('{"old": true}\n')
    (root / "nb" / "a.svg").write_text("old a")
    (root / "nb" / "b.csv").write_text("old b")
    return root


@pytest.fixture
def staged(tmp_path: Path) -> dict[str, Path]:
    out = tmp_path / "build" / "staging"
    out.mkdir(parents=True)
    files = {"nb/a.svg": "new a", "nb/c.md": "new c", "en/deep/d.svg": "new d"}
    result = {}
    for name, text in files.items():
        path = out / name.replace("/", "_")
        path.write_text(text)
        result[name] = path
    return result


def test_publish_puts_every_output_and_the_manifest_in_place(figures, staged):
    publish.publish(figures, staged, '{"new": true}\n')
    assert snapshot(figures) == {
        "MANIFEST.json": b'{"new": true}\n',
        "en": None,
        "en/deep": None,
        "en/deep/d.svg": b"new d",
        "nb": None,
        "nb/a.svg": b"new a",
        "nb/b.csv": b"old b",
        "nb/c.md": b"new c",
    }


# Every call publishing makes that a full disk, an I/O error or a permission can fail (the
# clean-up of the staging folder afterwards ignores its faults: the next build's lock removes it).
STEPS = [
    (os, "replace"),
    (shutil, "copyfile"),
    (Path, "write_text"),
    (Path, "mkdir"),
]


def _count_calls(monkeypatch, figures, staged, tmp_path) -> dict[tuple, int]:
    """How often a clean publish (into a copy) calls each step."""
    counts = {}
    copy = tmp_path / "dry-run"
    shutil.copytree(figures, copy)
    for owner, name in STEPS:
        real = getattr(owner, name)
        calls = [0]

        def counting(*args, _real=real, _calls=calls, **kwargs):
            _calls[0] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)
        counts[(owner, name)] = calls
    publish.publish(copy, staged, '{"new": true}\n')
    monkeypatch.undo()
    return {key: calls[0] for key, calls in counts.items()}


def _fail_once(monkeypatch, owner, name: str, nth: int, code: int, always_after: bool = False):
    real = getattr(owner, name)
    calls = [0]

    def failing(*args, **kwargs):
        calls[0] += 1
        if calls[0] == nth or (always_after and calls[0] > nth):
            raise OSError(code, os.strerror(code), str(args[0]) if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def test_a_fault_at_any_step_leaves_figures_as_it_was(monkeypatch, figures, staged, tmp_path):
    before = snapshot(figures)
    counts = _count_calls(monkeypatch, figures, staged, tmp_path)
    assert counts[(os, "replace")] >= 4  # the swap really is several renames
    tried = 0
    for (owner, name), count in counts.items():
        for nth in range(1, count + 1):
            for code in FAULTS:
                _fail_once(monkeypatch, owner, name, nth, code)
                try:
                    with pytest.raises(errors.EnvironmentFault) as raised:
                        publish.publish(figures, staged, '{"new": true}\n')
                finally:
                    monkeypatch.undo()
                message = str(raised.value)
                assert "\n" not in message and os.strerror(code) in message, message
                assert "nothing was changed" in message
                assert snapshot(figures) == before, (name, nth, code)
                assert not list(figures.glob(".staging-*"))
                tried += 1
    assert tried >= 3 * 10


def test_a_failed_roll_back_is_finished_by_recover(monkeypatch, figures, staged):
    before = snapshot(figures)
    # The sixth rename (putting the new nb/a.svg in place) and every one after fail: the swap is
    # half done and cannot be undone now.
    _fail_once(monkeypatch, os, "replace", 6, errno.EIO, always_after=True)
    with pytest.raises(errors.EnvironmentFault, match="the next build rolls it back"):
        publish.publish(figures, staged, '{"new": true}\n')
    monkeypatch.undo()
    assert snapshot(figures) != before  # half published, with the journal kept
    assert publish.recover(figures) == [publish.staging_dir(figures)]
    assert snapshot(figures) == before


def test_an_interrupt_during_the_swap_is_rolled_back(monkeypatch, figures, staged):
    before = snapshot(figures)
    real = os.replace
    calls = [0]

    def interrupted(*args):
        calls[0] += 1
        if calls[0] == 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(figures, staged, '{"new": true}\n')
    monkeypatch.undo()
    assert snapshot(figures) == before


@pytest.mark.parametrize("name", ["../escape.svg", "/etc/x", ".staging-1/x"])
def test_an_output_outside_figures_is_refused(figures, tmp_path, name):
    before = snapshot(figures)
    source = tmp_path / "x"
    source.write_text("x")
    with pytest.raises(errors.PathError):
        publish.publish(figures, {name: source}, "{}\n")
    assert snapshot(figures) == before
