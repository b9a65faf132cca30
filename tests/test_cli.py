"""The command line, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

from analysis import paths, registry


def cli(*args: str, cwd=paths.ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_list_names_notebook_inputs_outputs_and_thesis_reference():
    result = cli("list")
    assert result.returncode == 0
    for artifact in registry.ARTIFACTS:
        assert artifact.id in result.stdout
        assert f"notebooks/{artifact.notebook}" in result.stdout
        assert artifact.thesis_ref_en in result.stdout
        for run in artifact.runs():
            for output in run.outputs():
                assert f"figures/{output}" in result.stdout


def test_validate_passes_on_the_repository_data():
    result = cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_exits_2_and_lists_every_problem(mini_package, synthetic_source):
    (mini_package / "people.csv").write_text(
        "person_id,role,rank,section,lines,evidence,status\neli,sjef,x,1,5,og Eli sa at,kanskje\n",
        encoding="utf-8",
    )
    result = cli("validate", str(mini_package), "--source", str(synthetic_source))
    assert result.returncode == 2
    assert "people.csv:2: role: 'sjef' — one of veileder, gruppeleder" in result.stdout
    assert "people.csv:2: rank: 'x' — a whole number" in result.stdout
    assert "people.csv:2: status: 'kanskje'" in result.stdout


def test_audit_reports_each_miss_and_exits_non_zero(mini_package, synthetic_source):
    assert cli("audit", "--source", str(synthetic_source), "--data-dir", str(mini_package)).returncode == 0
    (mini_package / "remarks.csv").write_text(
        "remark_id,speaker_id,section,lines,evidence,status\n"
        "r1,eli,1.1,3-5,måltallet hver uke i KVP-møtet,stated\n",
        encoding="utf-8",
    )
    result = cli("audit", "--source", str(synthetic_source), "--data-dir", str(mini_package))
    assert result.returncode == 2
    assert "remarks.csv:2: lines: '3-5' — lines within section 1.1 (6-7)" in result.stdout


def test_audit_refuses_a_different_text(mini_package, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("noe annet", encoding="utf-8")
    result = cli("audit", "--source", str(other), "--data-dir", str(mini_package))
    assert result.returncode == 2 and "sha256" in result.stdout


def test_build_of_an_unknown_artifact_fails_clearly():
    result = cli("build", "--only", "figure-0-0")
    assert result.returncode == 2
    assert "no artifact 'figure-0-0'" in result.stderr
