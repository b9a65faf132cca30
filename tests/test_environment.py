"""The pins: exact in the lock, mirrored in environment.yml, covering what the project declares."""

from __future__ import annotations

import re
import tomllib

from analysis import manifest, paths

PIN = re.compile(r"^\s*-\s+([A-Za-z0-9_.\-]+)==(\S+)\s*$")


def environment_pins() -> dict[str, str]:
    text = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    return {m[1].lower().replace("_", "-"): m[2] for m in map(PIN.match, text.splitlines()) if m}


def test_every_lock_line_is_an_exact_pin():
    for line in paths.LOCK_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line), line


def test_environment_yml_and_the_lock_agree():
    assert environment_pins() == manifest.locked_packages()
    assert "python=3.11" in (paths.ROOT / "environment.yml").read_text(encoding="utf-8")


def test_declared_dependencies_are_locked():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = manifest.locked_packages()
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement)[0].lower().replace("_", "-")
        assert name in locked, name


def test_the_installed_environment_is_the_locked_one():
    locked = manifest.locked_packages()
    installed = manifest.installed_versions(locked)
    assert {name: v for name, v in installed.items() if v != locked[name]} == {}
