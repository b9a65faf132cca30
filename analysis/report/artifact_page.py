"""One page per artifact and language: figures inline with the evidence of their marks, tables
rendered with an anchor on every row, the data rows behind the marks, downloads; and the search page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from analysis.gids import gid
from analysis.i18n import LANGS
from analysis.registry import ARTIFACTS, Artifact, Run
from analysis.report import notebooks, pages, svg
from analysis.report.evidence import Data
from analysis.report.pages import esc, text

EXCERPTS_ARTIFACT = "fieldwork-overview"  # the page whose excerpts table every excerpt link opens

_TABLE = re.compile(r'<table class="kvp".*?</table>', re.S)
_NOTE = re.compile(r'<p class="kvp-note">.*?</p>', re.S)
_BODY = re.compile(r"(<tbody>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r'<tr( id="([^"]*)")?>')
_ITEM = re.compile(r'<(th|strong|li) id="([^"]*)">')  # a column, a heading or a bullet that is a row


def _anchored(table: str, stem: str, data: Data, inputs: tuple[str, ...]) -> tuple[str, list[str]]:
    """The table with an anchor on every body row, and the gid of each row, column, heading and
    bullet that is a data row."""
    found: list[str] = []
    count = 0

    def item(match: re.Match) -> str:
        gid = data.find_row(html.unescape(match[2]), inputs)
        if gid is None:
            return match[0]
        found.append(gid)
        return f'<{match[1]} id="{match[2]}" data-kvp="{esc(gid)}">'

    def anchor(match: re.Match) -> str:
        nonlocal count
        count += 1
        row_id = html.unescape(match[2]) if match[2] else None
        if row_id is None:
            return f'<tr id="{esc(stem)}-row-{count}">'
        gid = data.find_row(row_id, inputs)
        if gid is None:
            return match[0]
        found.append(gid)
        return f'<tr id="{esc(row_id)}" data-kvp="{esc(gid)}">'

    def rows(match: re.Match) -> str:
        return match[1] + _ROW.sub(anchor, match[2]) + match[3]

    return _ITEM.sub(item, _BODY.sub(rows, table, count=1)), found


def _json_table(published: Path, stem: str, table_name: str) -> tuple[str, list[str]]:
    """A JSON output of ``{row_id: {field: value}}`` (numbers.json) as a table, a row per entry."""
    entries = json.loads(published.read_text(encoding="utf-8"))
    entries = entries.get("numbers", entries)  # numbers.json: {"lang": ..., "numbers": {id: {...}}}
    fields = sorted({f for entry in entries.values() for f in entry})
    head = "".join(f"<th>{esc(f)}</th>" for f in ["id", *fields])
    keys = sorted(entries)
    gids = [gid(table_name, key) for key in keys]
    body = "".join(
        f'<tr id="{esc(key)}" data-kvp="{esc(row)}"><td>{esc(key)}</td>'
        + "".join(f"<td>{esc(entries[key].get(f, ''))}</td>" for f in fields)
        + "</tr>"
        for key, row in zip(keys, gids, strict=True)
    )
    return (
        f'<table class="kvp" id="{esc(stem)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
        gids,
    )


def _product(
    run: Run,
    stem: str,
    formats: tuple[str, ...],
    figures_dir: Path,
    data: Data,
    shown: dict[str, str],
    n: int,
) -> tuple[str, list[str]]:
    outputs = {fmt: f"{run.folder}/{stem}.{fmt}".lstrip("/") for fmt in formats}
    present = {fmt: o for fmt, o in outputs.items() if (figures_dir / o).is_file()}
    lang = run.lang or LANGS[0]
    parts, gids = [f'<section class="product" id="{esc(stem)}"><h2>{esc(stem)}</h2>'], []
    if not present:
        parts.append(f'<p class="missing">{esc(text("not-built", lang))}</p></section>')
        return "".join(parts), gids
    if "svg" in present:
        drawing = (figures_dir / present["svg"]).read_text(encoding="utf-8")
        gids += svg.gids(drawing)
        parts.append(f'<div class="figure">{svg.inline(drawing, f"f{n}", esc(stem))}</div>')
    elif "png" in present:
        parts.append(
            f'<div class="figure"><img src="../files/{esc(present["png"])}" alt="{esc(stem)}"></div>'
        )
    if "html" in present:
        published = (figures_dir / present["html"]).read_text(encoding="utf-8")
        for table in _TABLE.findall(published):
            table, rows = _anchored(table, stem, data, run.artifact.inputs)
            parts.append(
                notebooks.retarget(table, lambda name: f"{shown[name]}.html" if name in shown else None)
            )
            gids += rows
        parts += _NOTE.findall(published)
    elif "json" in present and run.artifact.inputs:
        table, rows = _json_table(figures_dir / present["json"], stem, run.artifact.inputs[0])
        parts.append(table)
        gids += rows
    links = " · ".join(f'<a href="../files/{esc(o)}">{fmt}</a>' for fmt, o in present.items())
    parts.append(f'<p class="downloads">{esc(text("download", lang))}: {links}</p></section>')
    return "".join(parts), gids


def _evidence_panel(records: dict[str, dict], data: Data, lang: str) -> str:
    """Every data row a mark on the page names, each anchored, with its excerpts' words."""
    if not records:
        return ""
    excerpts = data.rows.get("excerpts", {})
    head = "".join(
        f"<th>{esc(text('column.' + c, lang))}</th>"
        for c in ("table", "row", "evidence", "where", "status", "excerpts")
    )
    rows = []
    for mark, record in sorted(records.items()):
        quoted = "".join(
            f'<li><a href="{EXCERPTS_ARTIFACT}.html#{esc(e)}">{esc(e)}</a> '
            f"<q>{esc(excerpts[e]['text_nb'])}</q></li>"
            for e in record["excerpts"]
            if e in excerpts
        )
        label = record.get("label_en") if lang == "en" and record.get("label_en") else record.get("label", "")
        rows.append(
            f'<tr id="row:{esc(mark)}"><td>{esc(record["table"])}</td>'
            f"<td>{esc(record['id'])}<br>{esc(label)}</td>"
            f"<td><q>{esc(record.get('evidence', ''))}</q></td>"
            f"<td>{esc(record.get('section', ''))} ({esc(record.get('lines', ''))})</td>"
            f"<td>{esc(record.get('status', ''))}</td><td><ul>{quoted}</ul></td></tr>"
        )
    return (
        f'<details id="kvp-data" class="product">'
        f"<summary>{esc(text('data', lang))} ({len(records)})</summary>"
        f'<p>{esc(text("data.hint", lang))}</p><table class="evidence"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def artifact_html(
    artifact: Artifact,
    lang: str,
    figures_dir: Path,
    data: Data,
    built: dict[str, tuple[str, bool]],
    shown: dict[str, str],
    nav: str,
) -> str:
    parts, gids, n = [], [], 0
    title = artifact.thesis_ref_nb if lang == "nb" else artifact.thesis_ref_en
    for run in artifact.runs(langs=(lang,)):
        if run.key in built:
            parts.append(
                f'<p><a href="../notebooks/{esc(built[run.key][0])}">{esc(text("notebook", lang))}</a>'
                f" ({esc(run.key)})</p>"
            )
        for product in artifact.products:
            n += 1
            section, found = _product(
                run, product.stem + run.variant.suffix, product.formats, figures_dir, data, shown, n
            )
            parts.append(section)
            gids += found
    records = {gid: record for gid in sorted(set(gids)) if (record := data.lookup(gid))}
    parts.append(_evidence_panel(records, data, lang))
    scripts = (
        pages.json_script("kvp-evidence", records)
        + pages.json_script("kvp-words", pages.words(lang))
        + f"<script>{pages.asset('evidence.js')}</script>"
    )
    return pages.page(lang, title, nav, f"{artifact.id}.html", "".join(parts), scripts)


def search_index(data: Data, lang: str) -> list[dict]:
    """Every excerpt with what it can be found by: its words, speakers, setting, case and codes."""
    persons = data.rows.get("persons", {})
    settings = data.rows.get("settings", {})
    cases = data.rows.get("cases", {})
    codes = data.rows.get("codes", {})
    coded: dict[str, list[str]] = {}
    for coding in data.rows.get("codings", {}).values():
        code = codes.get(coding["code_id"], {})
        coded.setdefault(coding["excerpt_id"], []).append(code.get(f"label_{lang}") or coding["code_id"])
    found = []
    for excerpt_id, e in sorted(data.rows.get("excerpts", {}).items()):
        speakers = [persons[p]["pseudonym"] for p in e.get("speaker_id", "").split(";") if p in persons]
        found.append(
            {
                "id": excerpt_id,
                "text": e.get("text_nb", ""),
                "gloss": e.get("gloss_en", ""),
                "speakers": speakers or ([e["speaker_label_nb"]] if e.get("speaker_label_nb") else []),
                "settings": [settings[e["setting_id"]][f"name_{lang}"]]
                if e.get("setting_id") in settings
                else [],
                "cases": [cases[e["case_id"]][f"label_{lang}"]] if e.get("case_id") in cases else [],
                "codes": sorted(coded.get(excerpt_id, [])),
                "section": e.get("section", ""),
                "lines": e.get("lines", ""),
                "href": f"{EXCERPTS_ARTIFACT}.html#{excerpt_id}",
            }
        )
    return found


def write_all(
    out_dir: Path,
    figures_dir: Path,
    data: Data,
    built: dict[str, tuple[str, bool]],
    html_outputs: Callable[[str | None], dict[str, str]],
) -> int:
    """Write every artifact page and the search page in each language; the number of pages."""
    chapters = pages.Chapters(
        {
            int(row["chapter"]): {"nb": row["title_nb"], "en": row["title_en"]}
            for row in data.rows.get("thesis_sections", {}).values()
            if row.get("level") == "1"
        }
    )
    written = 0
    for lang in LANGS:
        folder = out_dir / lang
        folder.mkdir(parents=True, exist_ok=True)
        shown = html_outputs(lang)
        for artifact in ARTIFACTS:
            body = artifact_html(
                artifact, lang, figures_dir, data, built, shown, chapters.nav(lang, artifact.id)
            )
            (folder / f"{artifact.id}.html").write_text(body, encoding="utf-8", newline="\n")
            written += 1
        excerpts = search_index(data, lang)
        scripts = (
            pages.json_script("kvp-excerpts", excerpts)
            + pages.json_script("kvp-words", pages.words(lang))
            + f"<script>{pages.asset('search.js')}</script>"
        )
        search = pages.page(
            lang,
            text("search", lang),
            chapters.nav(lang, None),
            "search.html",
            pages.search_body(lang, excerpts),
            scripts,
        )
        (folder / "search.html").write_text(search, encoding="utf-8", newline="\n")
        written += 1
    return written
