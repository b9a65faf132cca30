"""The reader edition's parts, without a browser: evidence lookup, inline SVG, scrubbed notebooks,
retargeted links, and the sanction case table's links to the excerpts."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis import data, paths, registry
from analysis.artifacts import fieldwork, sanctions
from analysis.report import notebooks, svg
from analysis.report.evidence import Data

FIXTURE_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt" height="50pt" viewBox="0 0 100 50"
 xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
 <defs><clipPath id="p0a"><rect x="0" y="0" width="10" height="10"/></clipPath>
 <path id="DejaVuSans-41" d="M 0 0 L 1 1"/></defs>
 <g id="kvp:intake_flow_nodes:n-aktive"><path clip-path="url(#p0a)" d="M 0 0 L 5 5"/></g>
 <g id="text_1"><use xlink:href="#DejaVuSans-41"/></g>
</svg>
"""


@pytest.fixture(scope="module")
def repository() -> Data:
    return Data.read(paths.DATA)


def test_a_gid_names_its_row_with_snippet_section_and_lines(repository):
    record = repository.lookup("kvp:intake_flow_nodes:n-aktive")
    row = repository.rows["intake_flow_nodes"]["n-aktive"]
    assert record["evidence"] == row["evidence"] and record["evidence"]
    assert (record["section"], record["lines"], record["status"]) == (
        row["section"],
        row["lines"],
        row["status"],
    )
    assert repository.lookup("kvp:intake_flow_nodes:no-such-node") is None
    assert repository.lookup("patch_1") is None


def test_a_code_and_a_cooccurrence_lead_to_the_excerpts_that_carry_them(repository):
    codings = data.load(paths.DATA)["codings"]
    code = codings["code_id"].value_counts().index[0]
    expected = sorted(codings.loc[codings["code_id"] == code, "excerpt_id"])
    assert repository.lookup(f"kvp:codes:{code}")["excerpts"] == expected
    by_excerpt = codings.groupby("excerpt_id")["code_id"].apply(set)
    other = next(c for c in sorted(by_excerpt[expected[0]]) if c != code)
    both = sorted(e for e, codes in by_excerpt.items() if {code, other} <= codes)
    assert repository.lookup(f"kvp:cooc:{code}|{other}")["excerpts"] == both


def test_a_fieldwork_row_leads_to_the_excerpts_quoted_in_its_lines(repository):
    tables = data.load(paths.DATA)
    linked = sanctions.excerpts_for(tables["sanction_considerations"], tables["excerpts"])
    some = next(c for c, excerpts in sorted(linked.items()) if excerpts)
    assert repository.lookup(f"kvp:sanction_considerations:{some}")["excerpts"] == sorted(linked[some])


def test_an_inline_svg_keeps_its_gids_and_prefixes_every_id_and_reference():
    inlined = svg.inline(FIXTURE_SVG, "f3", "figure-6-1")
    assert svg.gids(FIXTURE_SVG) == ["kvp:intake_flow_nodes:n-aktive"]
    assert not inlined.startswith("<?xml") and "<metadata>" not in inlined and "DOCTYPE" not in inlined
    assert 'data-kvp="kvp:intake_flow_nodes:n-aktive"' in inlined
    assert 'clip-path="url(#f3-p0a)"' in inlined and 'id="f3-p0a"' in inlined
    assert 'xlink:href="#f3-DejaVuSans-41"' in inlined
    assert set(re.findall(r'\bid="([^"]+)"', inlined)) == {
        "f3-p0a",
        "f3-DejaVuSans-41",
        "f3-kvp_intake_flow_nodes_n-aktive",
        "f3-text_1",
    }
    assert 'width="100pt"' not in inlined and 'viewBox="0 0 100 50"' in inlined


def test_the_injected_parameters_are_shown_as_the_repository_has_them(tmp_path):
    run = registry.by_id("table-2-1").runs()[1]
    staging = tmp_path / "build" / "staging" / "77" / run.key
    node = nbformat.v4.new_notebook()
    injected = f'data_dir = "{paths.DATA}"\nout_dir = "{staging}"\n'
    node.cells = [nbformat.v4.new_code_cell(injected, metadata={"tags": ["injected-parameters"]})]
    node.cells[0].outputs = [nbformat.v4.new_output("stream", text=f"wrote {staging}/table-2-1.csv\n")]
    node.metadata["papermill"] = {
        "parameters": {"data_dir": str(paths.DATA), "out_dir": str(staging), "lang": "en"},
        "input_path": str(paths.NOTEBOOKS / "table-2-1.ipynb"),
        "output_path": str(tmp_path / "build" / "executed" / "table-2-1.en.ipynb"),
    }
    notebooks.scrub(node, run, tmp_path / "build")
    text = nbformat.writes(node)
    assert str(tmp_path) not in text and str(paths.ROOT) not in text
    assert node.cells[0].source == 'data_dir = "../data"\nout_dir = "../figures/en"\n'
    assert node.cells[0].outputs[0].text == "wrote ../figures/en/table-2-1.csv\n"
    assert node.metadata.papermill.parameters["lang"] == "en"


def test_links_to_a_published_table_are_sent_to_the_page_that_shows_it():
    page = '<a href="excerpts.html#x8-005">a</a> <a href="../figures/nb/excerpts.html#x8-007">b</a>'
    page += ' <a href="other.html">c</a> <a href="#top">d</a>'
    shown = {"excerpts.html": "../nb/fieldwork-overview.html"}
    retargeted = notebooks.retarget(page, shown.get)
    assert retargeted.count('href="../nb/fieldwork-overview.html#x8-00') == 2
    assert 'href="other.html"' in retargeted and 'href="#top"' in retargeted


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_case_table_link_opens_an_excerpt_row_and_the_published_default_is_unchanged(lang):
    tables = data.load(paths.DATA)
    excerpt_rows = set(fieldwork.excerpts_table(tables, lang).row_ids)
    for page in (sanctions.EXCERPTS_PAGE, f"../figures/{lang}/excerpts.html"):
        cases = sanctions.case_matrix(tables, lang, excerpts_page=page)
        hrefs = [
            href for row in cases.rows for cell in row[1:] for item in cell.items for _, href in item.links
        ]
        assert hrefs, "the case table links to no excerpt"
        assert {h.partition("#")[0] for h in hrefs} == {page}
        assert {h.partition("#")[2] for h in hrefs} <= excerpt_rows
    assert sanctions.case_matrix(tables, lang) == sanctions.case_matrix(tables, lang, sanctions.EXCERPTS_PAGE)
