from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import render, style


def small_table(**changes) -> render.Table:
    fields = dict(
        table_id="t-nb",
        lang="nb",
        caption="Tabell 9.9 Ærlig & «rett» 100 %",
        header=("Krav", "Støtte"),
        rows=((render.Block("Gruppe_1", ("a|b", "c")), "ren tekst"),),
        tidy=pd.DataFrame({"x": ["ø", "å"]}),
        notes=("Merknad.",),
    )
    fields.update(changes)
    return render.Table(**fields)


def test_html_escapes_and_declares_language():
    page = render.to_html(small_table())
    assert '<html lang="nb">' in page
    assert "Ærlig &amp; «rett»" in page
    assert "<li>a|b</li>" in page
    assert 'id="t-nb"' in page


def test_latex_escapes_specials_and_uses_booktabs():
    tex = render.to_latex(small_table())
    assert r"Ærlig \& «rett» 100 \%" in tex
    assert r"Gruppe\_1" in tex
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex


def test_markdown_escapes_pipes():
    md = render.to_markdown(small_table())
    assert "a\\|b" in md
    assert md.count("\n| ") == 2  # header row and one body row


def test_table_files_are_byte_stable(tmp_path):
    first = render.save_table(small_table(), tmp_path / "a", "t", ["html", "tex", "md", "csv"])
    second = render.save_table(small_table(), tmp_path / "b", "t", ["html", "tex", "md", "csv"])
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
    assert b"\r" not in first[-1].read_bytes()


def _figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [1, 0])
    ax.set_title("Tilstrømming og avvikling – æøå")
    return fig


def test_figures_are_byte_stable_and_carry_no_dates_or_versions(tmp_path):
    outputs = []
    for name in ("a", "b"):
        with style.thesis_style("salt"):
            fig = _figure()
            outputs.append(render.save_figure(fig, tmp_path / name, "f", ["svg", "pdf", "png"]))
            plt.close(fig)
    for one, two in zip(*outputs, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name
    svg = outputs[0][0].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"CreationDate" not in outputs[0][1].read_bytes()


def test_unknown_format_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        render.save_table(small_table(), tmp_path, "t", ["docx"])


def test_show_gives_a_notebook_a_png_of_the_figure():
    with style.thesis_style("salt"):
        fig = _figure()
        image = render.show(fig)
        plt.close(fig)
    assert image.format == "png" and image.data.startswith(b"\x89PNG")
