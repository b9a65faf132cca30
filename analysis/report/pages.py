"""The reader edition's pages: one per artifact and language, navigation by the thesis's chapters,
a language switch, and a search page; every script and style inline, so a page works from file://.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from importlib.resources import files

from analysis.i18n import LANGS
from analysis.registry import ARTIFACTS, Artifact

_TEXT = {
    "lang.name": {"nb": "Norsk (bokmål)", "en": "English"},
    "site": {
        "nb": "Figurer og tabeller fra Brodtkorb (2017)",
        "en": "Figures and tables of Brodtkorb (2017)",
    },
    "overview": {"nb": "Oversikt og proveniens", "en": "Overview and provenance"},
    "search": {"nb": "Søk i sitatene", "en": "Search the excerpts"},
    "search.go": {"nb": "Søk", "en": "Search"},
    "chapter": {"nb": "Kapittel", "en": "Chapter"},
    "across": {"nb": "På tvers av avhandlingen", "en": "Across the thesis"},
    "notebook": {"nb": "Den kjørte notatboken", "en": "The executed notebook"},
    "download": {"nb": "Last ned", "en": "Download"},
    "not-built": {
        "nb": "Ikke bygget: den siste byggingen laget ikke dette.",
        "en": "Not built: the last build did not make this.",
    },
    "data": {"nb": "Dataradene bak merkene", "en": "The data rows behind the marks"},
    "data.hint": {
        "nb": "Pek på et merke i en figur eller en rad i en tabell for å se belegget; klikk for å åpne den.",
        "en": "Point at a mark in a figure or a row of a table to see its evidence; click to open the row.",
    },
    "column.table": {"nb": "Tabell", "en": "Table"},
    "column.row": {"nb": "Rad", "en": "Row"},
    "column.evidence": {"nb": "Belegg (ordrett)", "en": "Evidence (verbatim)"},
    "column.where": {"nb": "Avsnitt, linjer", "en": "Section, lines"},
    "column.status": {"nb": "Status", "en": "Status"},
    "column.excerpts": {"nb": "Sitater", "en": "Excerpts"},
    "section": {"nb": "avsnitt", "en": "section"},
    "lines": {"nb": "linjer", "en": "lines"},
    "excerpts": {"nb": "sitater", "en": "excerpts"},
    "hits": {"nb": "sitater funnet", "en": "excerpts found"},
    "field.q": {"nb": "Ord", "en": "Words"},
    "field.speaker": {"nb": "Taler", "en": "Speaker"},
    "field.setting": {"nb": "Møtetype", "en": "Setting"},
    "field.case": {"nb": "Sak", "en": "Case"},
    "field.code": {"nb": "Kode", "en": "Code"},
    "any": {"nb": "alle", "en": "any"},
}


def text(key: str, lang: str) -> str:
    return _TEXT[key][lang]


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def asset(name: str) -> str:
    return files("analysis.report").joinpath("assets", name).read_text(encoding="utf-8")


def json_script(element_id: str, payload: object) -> str:
    """Data for a page's script, inert until read; ``</`` cannot close the element early."""
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{body}</script>'


def words(lang: str) -> dict[str, str]:
    return {k: text(k, lang) for k in ("section", "lines", "excerpts", "hits")}


CURRENT = ' aria-current="page"'


def chapter(artifact: Artifact) -> int | None:
    """The chapter an artifact belongs to: the first number of its English thesis reference."""
    found = re.search(r"\d+", artifact.thesis_ref_en)
    return int(found[0]) if found else None


@dataclass(frozen=True)
class Chapters:
    """Chapter number -> title in each language, from data/thesis_sections.csv."""

    titles: dict[int, dict[str, str]]

    def nav(self, lang: str, current: str | None) -> str:
        groups: dict[int | None, list[Artifact]] = {}
        for artifact in ARTIFACTS:
            groups.setdefault(chapter(artifact), []).append(artifact)
        parts = [
            f'<p><a href="../index.html">{esc(text("overview", lang))}</a></p>',
            f'<form action="search.html" method="get"><input type="search" name="q" '
            f'aria-label="{esc(text("search", lang))}" placeholder="{esc(text("search", lang))}"></form>',
        ]
        for number in sorted(groups, key=lambda n: (n is None, n or 0)):
            if number is None:
                heading = text("across", lang)
            else:
                title = self.titles.get(number, {}).get(lang, "")
                heading = f"{text('chapter', lang)} {number} {title}".strip()
            items = "".join(
                f'<li><a href="{esc(a.id)}.html"{CURRENT if a.id == current else ""}>'
                f"{esc(a.thesis_ref_nb if lang == 'nb' else a.thesis_ref_en)}</a></li>"
                for a in groups[number]
            )
            parts.append(f"<h2>{esc(heading)}</h2><ul>{items}</ul>")
        return f'<nav class="chapters" aria-label="{esc(text("chapter", lang))}">{"".join(parts)}</nav>'


def page(lang: str, title: str, nav: str, switch_to: str, body: str, scripts: str = "") -> str:
    """A whole page: the navigation, a switch to the same page in the other language, the body."""
    others = "".join(
        f'<a class="lang-switch" href="../{other}/{esc(switch_to)}" hreflang="{other}" lang="{other}">'
        f"{esc(text('lang.name', other))}</a>"
        for other in LANGS
        if other != lang
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · {esc(text('site', lang))}</title><style>{asset('report.css')}</style></head>"
        f'<body><div class="layout">{nav}<main>{others}<h1>{esc(title)}</h1>{body}</main></div>'
        f'<div id="kvp-tip" role="tooltip" hidden></div>{scripts}</body></html>\n'
    )


def search_body(lang: str, excerpts: list[dict]) -> str:
    """The search form: a word box and one choice per facet, filled from the excerpts themselves."""
    facets = []
    for field in ("speaker", "setting", "case", "code"):
        values = sorted({v for e in excerpts for v in e[field + "s"]}, key=str.casefold)
        options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
        facets.append(
            f'<label>{esc(text("field." + field, lang))} <select name="{field}">'
            f'<option value="">{esc(text("any", lang))}</option>{options}</select></label>'
        )
    return (
        f'<form id="kvp-search" class="search-form" role="search"><label>{esc(text("field.q", lang))} '
        f'<input type="search" name="q" autofocus></label>{"".join(facets)}'
        f'<button type="submit">{esc(text("search.go", lang))}</button></form><div id="kvp-hits"></div>'
    )
