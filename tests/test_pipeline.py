"""The build: notebooks in both languages, caching, determinism, atomic publishing, the lock, verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis import manifest, paths, pipeline, registry, style, verify
from analysis.execute import NotebookError
from tests.conftest import write_csv

pytestmark = pytest.mark.notebook


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def build(tmp_path: Path, data_dir: Path = paths.DATA, **kwargs) -> list[str]:
    return pipeline.build(
        data_dir=data_dir,
        figures_dir=tmp_path / "figures",
        build_dir=tmp_path / "build",
        log=lambda line: None,
        **kwargs,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One full build, shared by the tests that only read it."""
    root = tmp_path_factory.mktemp("built")
    build(root)
    return root


def test_every_registered_output_is_built_in_both_languages(built):
    recorded = manifest.read(built / "figures")
    expected = {o for a in registry.ARTIFACTS for r in a.runs() for o in r.outputs()}
    files = {p.relative_to(built / "figures").as_posix() for p in (built / "figures").rglob("*.*")}
    assert files == expected | {paths.MANIFEST_NAME}
    for key, entry in recorded["runs"].items():
        for output, digest in entry["outputs"].items():
            assert manifest.sha256_path(built / "figures" / output) == digest
        run = next(r for a in registry.ARTIFACTS for r in a.runs() if r.key == key)
        assert entry["parameters"].get("lang") == run.lang
        assert set(entry["inputs"]) == set(run.artifact.inputs)
    assert recorded["packages"]["papermill"] != "missing"


def test_languages_differ_where_they_should(built):
    nb = (built / "figures/nb/table-2-1.md").read_text(encoding="utf-8")
    en = (built / "figures/en/table-2-1.md").read_text(encoding="utf-8")
    assert "Kravelementer" in nb and "Demand elements" in en


def test_a_second_build_skips_everything(built):
    assert build(built) == []


def test_builds_are_byte_identical(built, tmp_path):
    build(tmp_path, force=True)
    assert snapshot(tmp_path / "figures") == snapshot(built / "figures")


def _copy_build(built: Path, tmp_path: Path) -> None:
    """The published files and this machine's cache of them, as after a build here."""
    shutil.copytree(built / "figures", tmp_path / "figures")
    (tmp_path / "build").mkdir()
    shutil.copy(built / "build" / pipeline.CACHE_NAME, tmp_path / "build")


def test_a_fresh_clone_executes_every_run_and_reproduces_the_published_files(built, tmp_path):
    shutil.copytree(built / "figures", tmp_path / "figures")  # published, but never built here
    before = snapshot(tmp_path / "figures")
    rebuilt = build(tmp_path, only=["table-2-1", "findings"])
    assert rebuilt == ["findings/en", "findings/nb", "table-2-1/en", "table-2-1/nb"]
    assert snapshot(tmp_path / "figures") == before
    assert build(tmp_path, only=["table-2-1", "findings"]) == []


def test_a_changed_table_rebuilds_only_what_reads_it(built, tmp_path, repo_data):
    _copy_build(built, tmp_path)
    path = repo_data / "activation_elements.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Mobility grants", "Mobility aid"), encoding="utf-8"
    )
    rebuilt = build(tmp_path, data_dir=repo_data)
    readers = sorted(r.key for a in registry.ARTIFACTS if "activation_elements" in a.inputs for r in a.runs())
    assert rebuilt == readers and len(readers) < len(manifest.read(built / "figures")["runs"])
    assert "Mobility aid" in (tmp_path / "figures/en/table-2-1.md").read_text(encoding="utf-8")


def test_a_changed_schema_entry_rebuilds_only_what_reads_that_table(built, tmp_path, repo_data):
    _copy_build(built, tmp_path)
    descriptor = json.loads((repo_data / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in descriptor["resources"] if r["name"] == "findings")
    entry["description"] += " (edited)"
    (repo_data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert build(tmp_path, data_dir=repo_data) == ["findings/en", "findings/nb"]


def test_invalid_data_stops_the_build_before_any_notebook(built, tmp_path, repo_data):
    shutil.copytree(built / "figures", tmp_path / "figures")
    before = snapshot(tmp_path / "figures")
    (repo_data / "activation_elements.csv").write_bytes(b"")
    with pytest.raises(pipeline.BuildError, match=r"activation_elements\.csv:1: \(header\)"):
        build(tmp_path, data_dir=repo_data, force=True)
    assert snapshot(tmp_path / "figures") == before


def _broken_notebook(tmp_path: Path, monkeypatch) -> Path:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks)
    path = notebooks / "table-2-1.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].insert(
        3,
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "boom",
            "metadata": {},
            "outputs": [],
            "source": ["raise RuntimeError('deliberate failure')"],
        },
    )
    path.write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(paths, "NOTEBOOKS", notebooks)
    return path


def test_a_failing_notebook_publishes_nothing(built, tmp_path, monkeypatch):
    shutil.copytree(built / "figures", tmp_path / "figures")
    before = snapshot(tmp_path / "figures")
    _broken_notebook(tmp_path, monkeypatch)
    with pytest.raises(pipeline.BuildError) as caught:
        build(tmp_path, force=True, only=["table-2-1"])
    message = str(caught.value)
    assert "failed in cell 3" in message and "RuntimeError: deliberate failure" in message
    assert snapshot(tmp_path / "figures") == before
    kept = sorted((tmp_path / "build" / "executed").glob("table-2-1.*.ipynb"))
    assert kept and "deliberate failure" in kept[0].read_text(encoding="utf-8")


def test_an_unknown_parameter_is_an_error_before_any_kernel(tmp_path, monkeypatch):
    artifact = registry.by_id("table-2-1")
    odd = registry.Artifact(
        **{**artifact.__dict__, "variants": (registry.Variant("-x", (("colour", "red"),)),)}
    )
    monkeypatch.setattr(pipeline, "ARTIFACTS", (odd,))
    with pytest.raises(NotebookError, match=r"unknown parameter.*colour"):
        build(tmp_path)
    assert not (tmp_path / "build" / "executed").exists()


def test_a_second_build_waits_for_no_one_it_refuses(tmp_path):
    from analysis import buildlock, errors

    held = buildlock.build_lock(tmp_path / "figures")
    with held, pytest.raises(errors.EnvironmentFault, match="already builds into"):
        build(tmp_path)


def test_verify_passes_on_a_faithful_copy_and_names_a_difference(built, tmp_path):
    published = tmp_path / "figures"
    shutil.copytree(built / "figures", published)
    lines: list[str] = []
    assert verify.verify(figures_dir=published, log=lines.append)
    rows = [line for line in lines if line.split()[0] in {"OK", "DIFFERS", "MISSING", "EXTRA", "STRAY"}]
    assert rows and all(line.startswith("OK") for line in rows)
    assert any("built in" in line for line in lines)  # the rebuild reports its progress
    target = published / "nb" / "table-2-1.csv"
    target.write_text(target.read_text(encoding="utf-8") + "tampered\n", encoding="utf-8")
    lines.clear()
    assert not verify.verify(figures_dir=published, log=lines.append)
    assert "DIFFERS  nb/table-2-1.csv" in lines


def test_an_edited_table_input_invalidates_the_cache_key(tmp_path, repo_data):
    run = registry.by_id("table-2-1").runs()[0]
    before = manifest.input_hashes(run, manifest.table_hashes(repo_data))
    write_csv(repo_data / "activation_sides.csv", ["side"], [["krav"]])
    assert manifest.input_hashes(run, manifest.table_hashes(repo_data)) != before


@pytest.mark.parametrize(
    "output",
    [o for a in registry.ARTIFACTS for r in a.runs() for o in r.outputs() if o.endswith(".metrics.json")],
)
def test_every_published_figure_fits_the_thesis_page(built, output):
    measured = json.loads((built / "figures" / output).read_text(encoding="utf-8"))
    assert measured["problems"] == [], measured["problems"]
    assert measured["width_cm"] <= 23 and measured["smallest_text_pt"] >= 7


@pytest.mark.parametrize(
    "output",
    [o for a in registry.ARTIFACTS for r in a.runs() for o in r.outputs() if o.endswith(".metrics.json")],
)
def test_every_saved_figure_is_the_size_its_metrics_give(built, output):
    # The crop is taken once for every format; a layout engine that had not settled when it was
    # taken would save a picture of another size than the one measured (and printed).
    from PIL import Image

    measured = json.loads((built / "figures" / output).read_text(encoding="utf-8"))
    with Image.open(built / "figures" / output.replace(".metrics.json", ".png")) as png:
        width_px, height_px = png.size
    cm_per_px = 2.54 / style.RC["savefig.dpi"]
    assert width_px * cm_per_px == pytest.approx(measured["width_cm"], abs=0.03)
    assert height_px * cm_per_px == pytest.approx(measured["height_cm"], abs=0.03)
