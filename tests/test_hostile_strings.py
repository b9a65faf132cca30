"""Hostile text in every free-text column, through real artifacts and every writer: nothing becomes markup.

Each writer must escape for its own format: HTML (no element or attribute from the data), Markdown
(rendered as a reader's tool renders it, still no element), CSV (no cell a spreadsheet runs as a
formula), LaTeX (no command, group or comment from the data), and SVG (matplotlib's own escaping).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import matplotlib
import pandas as pd
import pytest

from analysis import data, paths, render
from analysis.artifacts import findings, policy, sanctions, table_2_1
from analysis.schema import Package

matplotlib.use("Agg")

HOSTILE = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<a href='javascript:alert(3)'>klikk</a>",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "**fet** _kursiv_ `kode` [lenke](javascript:alert(4)) ![b](x.png)",
    "| pipe | in | cell |",
    "$x$ og $$y$$",
    "\\input{/etc/passwd} \\def\\x{y} \\\\ ok",
    "100 % sikkert & {gruppe} # ~ ^ _",
    "&lt;script&gt; allerede kodet",
    "# overskrift",
    "- liste",
    "1. nummerert",
    "> sitat",
    "<!-- kommentar -->",
    "]]><![CDATA[",
)

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "table", "caption", "thead", "tbody", "tr",
    "th", "td", "ul", "li", "strong", "em", "a", "p", "br", "h1", "h2", "h3", "div", "span",
}  # fmt: skip


def _free_text(resource) -> list[str]:
    keyed = set(resource.primary_key) | {c for fk in resource.foreign_keys for c in fk.fields}
    return [
        f.name
        for f in resource.fields
        if f.type == "string" and not f.enum and not f.pattern and f.name not in keyed
    ]


@pytest.fixture(scope="module")
def hostile_tables() -> dict[str, pd.DataFrame]:
    """The repository's tables with every free-text cell replaced by a hostile string."""
    tables = data.load(paths.DATA)
    package = Package.read(paths.DATA)
    strings = itertools.cycle(HOSTILE)
    for name, frame in tables.items():
        for column in _free_text(package.resource(name)):
            present = frame[column].notna()
            frame.loc[present, column] = [next(strings) for _ in range(int(present.sum()))]
    return tables


ARTIFACTS = {
    "findings": findings.table,
    "sanction-functions": sanctions.functions_table,
    "sanction-tensions": sanctions.tensions_table,
    "policy-documents": policy.documents_table,
    "policy-purposes": policy.purposes_table,
    "table-2-1": table_2_1.build,
}


@pytest.fixture(scope="module", params=[(a, lang) for a in ARTIFACTS for lang in ("nb", "en")], ids=str)
def table(request, hostile_tables) -> render.Table:
    artifact, lang = request.param
    return ARTIFACTS[artifact](hostile_tables, lang)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.comments.append(data)


def assert_inert_html(markup: str) -> None:
    parser = _Elements()
    parser.feed(markup)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
        if tag == "img":
            raise AssertionError("an image from the data")
    assert not parser.comments, parser.comments


def test_the_hostile_strings_reach_the_table(table):
    text = repr(table.rows) + repr(table.tidy.to_dict())
    assert "<script>" in text or "onerror" in text or "=HYPERLINK" in text


def test_html_escapes_everything(table):
    html_text = render.to_html(table)
    assert_inert_html(html_text)
    assert "<script>" not in html_text and 'onerror="' not in html_text


def test_markdown_renders_inert(table):
    from markdown_it import MarkdownIt

    markdown = render.to_markdown(table)
    assert "<script>" not in markdown and "<img" not in markdown
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert_inert_html(rendered)
    for tag in ("<em>", "<code>", "<h1>", "<ol>", "<blockquote>"):
        assert tag not in rendered, tag


def test_markdown_renders_inert_in_jupyter_too(table):
    import mistune  # what nbconvert renders a notebook's Markdown with

    rendered = mistune.create_markdown(plugins=["table"])(render.to_markdown(table))
    assert_inert_html(rendered)


def test_csv_has_no_formula_cell(table):
    cells = list(csv.reader(io.StringIO(render.to_csv(table))))
    assert len(cells) == len(table.tidy) + 1
    for row in cells:
        for cell in row:
            if cell and cell[0] in "=+-@\t\r":
                assert re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell), cell


def test_csv_keeps_the_text_after_the_quote(table):
    text = render.to_csv(table)
    if "=HYPERLINK" in repr(table.tidy.to_dict()):
        assert "'=HYPERLINK" in text


def test_latex_has_no_command_group_or_comment_from_the_data(table):
    tex = render.to_latex(table)
    assert "\\input" not in tex and "\\def" not in tex
    assert re.search(r"(?<!\\)%", tex) is None  # every % escaped: no comment
    assert re.search(r"(?<!\\)[#~^$&]", tex.replace(" & ", "")) is None
    assert tex.count("{") - tex.count("\\{") == tex.count("}") - tex.count("\\}")


@pytest.mark.parametrize("fonttype", ["path", "none"])
def test_svg_text_is_escaped_by_matplotlib(tmp_path, fonttype):
    import matplotlib.pyplot as plt

    # "$" pairs would be parsed as mathtext by the figure code, which its owner must turn off.
    labels = [text.replace("$", "") for text in HOSTILE]
    with matplotlib.rc_context({"svg.fonttype": fonttype}):
        fig, ax = plt.subplots()
        ax.barh(range(len(labels)), range(len(labels)))
        ax.set_yticks(range(len(labels)), labels=labels)
        ax.set_xlabel(labels[0])
        (path,) = render.save_figure(fig, tmp_path, "hostile", ["svg"])
        plt.close(fig)
    root = ET.parse(path).getroot()  # well-formed, or this raises
    names = {element.tag.rpartition("}")[2] for element in root.iter()}
    assert not names & {"script", "img", "foreignObject", "iframe"}
    for element in root.iter():
        assert not any(attribute.startswith("on") for attribute in element.attrib), element.attrib
    if fonttype == "none":
        texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
        assert "<script>alert(1)</script>" in texts  # there as text, escaped in the file
