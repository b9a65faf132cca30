"""Run the bad-input corpus (tests/bad_inputs/cases.py): a clean message and exit 2, never a traceback.

The command line runs in-process (``analysis.__main__.main``), so the whole corpus takes seconds;
a few cases run as a real subprocess to prove the exit status the shell sees.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import errors, paths
from analysis.__main__ import main
from tests.bad_inputs.cases import CASES, KINDS, Case, Workspace
from tests.test_publish import snapshot

# file:row: column: 'value' — expected
PROBLEM = re.compile(r"^[^:\s]+:(\d+|-): [^:]+: .* — .+$")


@pytest.fixture
def figures(tmp_path: Path) -> Path:
    root = tmp_path / "figures"
    (root / "nb").mkdir(parents=True)
    (root / paths.MANIFEST_NAME).write_text('{"runs": {}}\n')
    (root / "nb" / "table.csv").write_text("a,b\n1,2\n")
    return root


def _workspace(request, case: Case, tmp_path: Path, figures: Path, monkeypatch) -> Workspace:
    source = request.getfixturevalue("synthetic_source")
    data = request.getfixturevalue("repo_data" if case.package == "repo" else "mini_package")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.delenv("KVP_SOURCE", raising=False)
    return Workspace(data=data, source=source, tmp=scratch, figures=figures, monkeypatch=monkeypatch)


def _run(case: Case, ws: Workspace, capsys) -> tuple[int, str]:
    if case.call is not None:
        try:
            case.call(ws)
        except errors.UserError as error:
            return 2, str(error)
        return 0, ""
    argv = [part.format(data=ws.data, source=ws.source, tmp=ws.tmp, figures=ws.figures) for part in case.argv]
    try:
        status = main(argv)
    except SystemExit as exit:  # argparse: usage errors (2) and --help/--version (0)
        status = exit.code
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, request, tmp_path, figures, monkeypatch, capsys):
    ws = _workspace(request, case, tmp_path, figures, monkeypatch)
    case.setup(ws)
    before = snapshot(figures)
    status, message = _run(case, ws, capsys)
    monkeypatch.undo()
    assert "Traceback" not in message, message
    assert status == case.exit, message
    assert case.expect in message, message
    assert snapshot(figures) == before
    if case.problem_lines:
        problems = [line for line in message.splitlines() if PROBLEM.match(line)]
        assert problems, message
        assert all(len(line) < 400 for line in problems), "a problem line quotes a whole huge cell"
    if status == 2 and case.call is None and "usage:" not in message:
        # One line saying what is wrong, plus (for a list) one line per problem.
        lines = [line for line in message.splitlines() if line and not line.startswith("note:")]
        other = [line for line in lines if not PROBLEM.match(line)]
        assert len(other) == 1, message


def test_the_corpus_covers_every_kind_with_enough_cases():
    kinds = {case.kind for case in CASES}
    assert kinds == set(KINDS)
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


def test_a_secret_outside_the_data_folder_is_never_read_or_echoed(mini_package, tmp_path, capsys):
    secret = tmp_path / "secret.csv"
    secret.write_text("hemmelig første linje\n", encoding="utf-8")
    descriptor = mini_package / "datapackage.json"
    descriptor.write_text(descriptor.read_text().replace('"people.csv"', '"../secret.csv"'))
    assert main(["validate", str(mini_package)]) == 2
    assert "hemmelig" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["--version"], 0),
        (["build", "--jobs", "0"], 2),
        (["validate", "{data}", "--source", "{data}"], 2),
        (["import-qdpx", "{data}/datapackage.json", "{data}/out"], 2),
    ],
)
def test_the_shell_sees_the_exit_status(argv, status, mini_package):
    argv = [part.format(data=mini_package) for part in argv]
    result = subprocess.run(
        [sys.executable, "-m", "analysis", *argv], capture_output=True, text=True, cwd=paths.ROOT, timeout=120
    )
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr


def test_no_staging_is_left_in_figures(figures):
    assert not list(figures.glob(".staging-*"))
    shutil.rmtree(figures)
