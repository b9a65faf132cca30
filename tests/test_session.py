"""A notebook's session: only declared tables, only declared outputs, and hand runs kept out of figures/."""

from __future__ import annotations

import pytest

from analysis import paths, registry, session
from analysis.artifacts import findings, table_2_1


def _spec(artifact_id: str, lang: str, out_dir) -> dict:
    (run,) = [r for r in registry.by_id(artifact_id).runs() if r.lang == lang]
    return {**run.spec(), "data_dir": str(paths.DATA), "out_dir": str(out_dir)}


def test_save_writes_every_declared_format_with_the_registry_caption(tmp_path):
    kvp = session.start("findings", _spec("findings", "en", tmp_path), lang="en")
    table = kvp.save(findings.table)
    (product,) = registry.by_id("findings").products
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"findings.{f}" for f in product.formats)
    assert table.caption == product.caption_en
    assert f"<caption>{product.caption_en}</caption>" in (tmp_path / "findings.html").read_text(
        encoding="utf-8"
    )


def test_a_table_the_registry_does_not_declare_cannot_be_read(tmp_path):
    kvp = session.start("findings", _spec("findings", "nb", tmp_path), lang="nb")
    with pytest.raises(session.SessionError, match="does not declare"):
        kvp.tables["excerpts"]


def test_an_output_the_registry_does_not_declare_cannot_be_saved(tmp_path):
    kvp = session.start("findings", _spec("findings", "nb", tmp_path), lang="nb")
    with pytest.raises(session.SessionError, match="declares no output built by"):
        kvp.save(table_2_1.build)
    assert not list(tmp_path.iterdir())


def test_a_run_for_another_language_is_refused(tmp_path):
    with pytest.raises(session.SessionError, match="but the notebook is"):
        session.start("findings", _spec("findings", "nb", tmp_path), lang="en")


def test_a_run_by_hand_writes_under_build_in_its_language():
    spec = session.by_hand("figure-6-1", {"lang": "en", "view": "extended"})
    assert spec["out_dir"] == str(paths.BUILD / "notebook-runs" / "en")
    assert [o["stem"] for o in spec["outputs"]] == ["figure-6-1-extended"]
    with pytest.raises(session.SessionError, match="has no run with"):
        session.by_hand("figure-6-1", {"lang": "en", "view": "sideways"})
