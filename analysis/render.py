"""Deterministic writers: figures to svg/pdf/png, tables to html/tex/md/csv.

Every writer produces the same bytes for the same input on every run and machine: no dates,
no software versions, fixed element ids, stable row order, LF line endings.

Each writer escapes text for its own format, so no cell can become markup: HTML escapes every
special character, Markdown escapes HTML and its own syntax (``<script>`` stays text), CSV
defuses a cell a spreadsheet would run as a formula, and matplotlib escapes SVG text itself.
A link's target is kept only if it is a fragment (``#row``), a relative path or an http(s) URL.
"""

from __future__ import annotations

import html
import io
import math
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from analysis.formats import ALL_FORMATS, IMAGE_FORMATS, TABLE_FORMATS
from analysis.latex import latex_escape

# Metadata that would otherwise carry the date or the matplotlib version into the file.
_METADATA = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    "png": {"Software": None},
}


@dataclass(frozen=True)
class Linked:
    """Text followed by links to where it comes from, e.g. a consideration and its excerpts.

    In HTML and Markdown each link is ``[label](href)``; in LaTeX the labels are plain text.
    """

    text: str
    links: tuple[tuple[str, str], ...] = ()  # (label, href)


Inline = str | Linked


@dataclass(frozen=True)
class Block:
    """A table cell that holds a heading and a list of items, as in Tabell 2.1.

    ``heading_id`` and ``item_ids`` are the data rows they show, as anchors in HTML: each item is a
    row of its own, so that the reader edition can show its evidence.
    """

    heading: str
    items: tuple[Inline, ...] = ()
    heading_id: str = ""
    item_ids: tuple[str, ...] = ()


Cell = Inline | Block


@dataclass(frozen=True)
class Table:
    """A table ready to write: what a reader sees (``header``, ``rows``) and a tidy CSV form.

    The caption is the registry's: the build's session fills it in when it saves the table.
    """

    table_id: str
    lang: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    tidy: pd.DataFrame = field(compare=False)
    caption: str = ""
    notes: tuple[str, ...] = ()
    row_ids: tuple[str, ...] = ()  # anchors, so that other tables can link to a row
    header_ids: tuple[str, ...] = ()  # anchors of the columns, when a column is a data row


def _own_formats(formats: Sequence[str], own: Sequence[str]) -> list[str]:
    """The formats of ``formats`` that this kind of output takes; a format nobody takes is an error.

    A notebook gets one ``formats`` list for all it writes, figures and tables alike.
    """
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        known = ", ".join(ALL_FORMATS)
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; expected some of {known}")
    return [f for f in own if f in formats]


PAD_IN = 0.05  # inches of white kept around a figure's drawn extent
SETTLE_PASSES = 8  # layout passes allowed before the layout is fixed where it is
SETTLED = 1e-4  # figure fraction (about 0.02 mm) an axes may still move once settled


def settle(fig: Figure) -> None:
    """Run the figure's layout engine until nothing moves, then fix the layout there.

    Constrained layout places the axes again on every draw, and an equal-aspect grid with long
    labels creeps for several passes. The crop, every format and the print measurements must all
    see one picture, so once the axes stop moving the engine is switched off for later draws.
    Drawn at the dpi the caller set (the one the files are written at).
    """
    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        return
    before = None
    for _ in range(SETTLE_PASSES):
        fig.draw_without_rendering()
        now = [bound for ax in fig.axes for bound in ax.get_position().bounds]
        if before is not None and max(abs(a - b) for a, b in zip(now, before, strict=True)) < SETTLED:
            break
        before = now
    fig.set_layout_engine("none")


def _tight_box(fig: Figure):
    """The figure's drawn extent, padded, in inches: the crop every format and the display share.

    Laid out once at the dpi the files are written at; ``bbox_inches="tight"`` would lay the figure
    out again for each format, which costs as much as a third of saving it.
    """
    screen_dpi = fig.dpi
    saved_dpi = matplotlib.rcParams["savefig.dpi"]
    fig.set_dpi(screen_dpi if saved_dpi == "figure" else saved_dpi)
    try:
        settle(fig)
        fig.draw_without_rendering()
        return fig.get_tightbbox().padded(PAD_IN)
    finally:
        fig.set_dpi(screen_dpi)


def save_figure(fig: Figure, out_dir: Path, stem: str, formats: Sequence[str]) -> list[Path]:
    """Write ``fig`` as ``out_dir/stem.<format>`` for each figure format in ``formats``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    box = _tight_box(fig)
    written = []
    for fmt in _own_formats(formats, IMAGE_FORMATS):
        path = out_dir / f"{stem}.{fmt}"
        fig.savefig(path, format=fmt, metadata=_METADATA[fmt], bbox_inches=box)
        written.append(path)
    return written


def png(fig: Figure) -> bytes:
    """The figure as the PNG that ``save_figure`` writes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata=_METADATA["png"], bbox_inches=_tight_box(fig))
    return buffer.getvalue()


def show(fig: Figure | bytes):
    """The figure (or its saved PNG) as an image for a notebook to display (the build runs
    matplotlib without a display)."""
    from IPython.display import Image

    return Image(data=fig if isinstance(fig, bytes) else png(fig), format="png")


def save_table(table: Table, out_dir: Path, stem: str, formats: Sequence[str]) -> list[Path]:
    """Write ``table`` as ``out_dir/stem.<format>`` for each table format in ``formats``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = {"html": to_html, "tex": to_latex, "md": to_markdown, "csv": to_csv}
    written = []
    for fmt in _own_formats(formats, TABLE_FORMATS):
        path = out_dir / f"{stem}.{fmt}"
        path.write_text(writers[fmt](table), encoding="utf-8", newline="\n")
        written.append(path)
    return written


# A spreadsheet runs a cell that starts with one of these as a formula (=1+1, +cmd|..., @SUM(...));
# tab and carriage return lead some into the same. A quote in front makes it text (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?")


def csv_cell(value):
    """``value`` as a spreadsheet reads it as text: a leading formula character gets a quote before it.

    A negative number stays a number: it cannot be a formula.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    tidy = table.tidy.copy()
    for column in tidy.columns:
        if tidy[column].dtype == object or pd.api.types.is_string_dtype(tidy[column].dtype):
            tidy[column] = tidy[column].map(csv_cell, na_action="ignore")
    tidy.columns = [csv_cell(str(column)) for column in tidy.columns]
    return tidy.to_csv(index=False, lineterminator="\n")


def safe_href(href: str) -> str:
    """A link target that cannot run script: a fragment, a relative path or an http(s) URL, quoted."""
    scheme = urllib.parse.urlsplit(href).scheme.lower()
    if scheme not in ("", "http", "https") or href.lstrip().startswith("//"):
        return "#"
    return urllib.parse.quote(href, safe="/#?=&.-_~%:+,")


def _html_inline(item: Inline) -> str:
    if isinstance(item, str):
        return html.escape(item)
    links = " ".join(
        f'<a href="{html.escape(safe_href(href))}">{html.escape(label)}</a>' for label, href in item.links
    )
    return html.escape(item.text) + (f" [{links}]" if links else "")


def _anchor(row_id: str) -> str:
    return f' id="{html.escape(row_id)}"' if row_id else ""


def _html_cell(cell: Cell) -> str:
    if not isinstance(cell, Block):
        return _html_inline(cell)
    ids = cell.item_ids or ("",) * len(cell.items)
    items = "".join(
        f"<li{_anchor(i)}>{_html_inline(item)}</li>" for i, item in zip(ids, cell.items, strict=True)
    )
    heading = (
        f"<strong{_anchor(cell.heading_id)}>{html.escape(cell.heading)}</strong>" if cell.heading else ""
    )
    return heading + (f"<ul>{items}</ul>" if items else "")


_HTML_STYLE = """table.kvp{border-collapse:collapse;font-family:"DejaVu Sans",sans-serif;font-size:0.9rem}
table.kvp caption{caption-side:top;text-align:left;font-weight:bold;padding-bottom:0.4em}
table.kvp th,table.kvp td{vertical-align:top;text-align:left;padding:0.3em 0.8em}
table.kvp thead th{border-top:2px solid #000;border-bottom:1px solid #000}
table.kvp tbody tr:last-child td{border-bottom:2px solid #000}
table.kvp ul{margin:0.2em 0 0.4em 0;padding-left:1.2em}
p.kvp-note{font-family:"DejaVu Sans",sans-serif;font-size:0.8rem}"""


def to_html(table: Table) -> str:
    """A standalone, offline HTML page holding the table."""
    header_ids = table.header_ids or ("",) * len(table.header)
    head = "".join(
        f"<th{_anchor(i)}>{html.escape(h)}</th>" for i, h in zip(header_ids, table.header, strict=True)
    )
    anchors = [_anchor(i) for i in table.row_ids] or [""] * len(table.rows)
    body = "\n".join(
        f"<tr{anchor}>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>"
        for anchor, row in zip(anchors, table.rows, strict=True)
    )
    notes = "\n".join(f'<p class="kvp-note">{html.escape(n)}</p>' for n in table.notes)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{table.lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(table.caption)}</title>\n<style>\n{_HTML_STYLE}\n</style>\n</head>\n<body>\n"
        f'<table class="kvp" id="{html.escape(table.table_id)}">\n'
        f"<caption>{html.escape(table.caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
        f"{notes}\n</body>\n</html>\n"
    )


def _plain(cell: Cell) -> str:
    """What a cell says, for weighing column widths."""
    if isinstance(cell, Block):
        return " ".join([cell.heading, *(_plain(item) for item in cell.items)])
    if isinstance(cell, Linked):
        return " ".join([cell.text, *(label for label, _ in cell.links)])
    return cell


def _fit(weight: list[float], floor: list[float]) -> list[float]:
    """Shares of the line in proportion to ``weight``, lifting a column to its floor at the others' cost."""
    shares = [w / sum(weight) for w in weight]
    for _ in range(len(shares)):
        lifted = [max(s, f) for s, f in zip(shares, floor, strict=True)]
        free = [i for i, (s, f) in enumerate(zip(lifted, floor, strict=True)) if s > f]
        excess = sum(lifted) - 1.0
        if excess <= 1e-9 or not free:
            shares = lifted
            break
        room = sum(lifted[i] for i in free)
        shares = [s - excess * s / room if i in free else s for i, s in enumerate(lifted)]
    total = sum(shares)
    return [s / total for s in shares]


def _column_shares(table: Table) -> tuple[list[float], bool]:
    """Each column's share of the line, and whether the header must be turned on its side.

    A share follows how much a column holds and is never less than its longest word (the tables
    are set in footnotesize on the thesis's 16 cm block). When the header's words alone need more
    than the line, as in a matrix of cases against themes, the header is set rotated, and only
    the body's words and the rotated header's few lines count.
    """
    columns = list(zip(table.header, *table.rows, strict=True))
    texts = [[_plain(cell) for cell in column] for column in columns]
    body_word = [max((len(w) for t in column[1:] for w in t.split()), default=1) for column in texts]
    # A bold header word is about a tenth wider than the same word in the body.
    header_word = [max((BOLD_WIDTH * len(w) for w in column[0].split()), default=1) for column in texts]
    # A list's items are indented: its longest word needs the indent beside it.
    listed = [any(isinstance(c, Block) and c.items for c in column[1:]) for column in columns]
    body_word = [b + LIST_INDENT_CHARS * has for b, has in zip(body_word, listed, strict=True)]
    weight = [max(sum(map(len, column)) / len(column), 1.0) for column in texts]
    floor = [(max(h, b) + 1.5) / LATEX_LINE_CHARS for h, b in zip(header_word, body_word, strict=True)]
    if sum(floor) <= 1:
        return _fit(weight, floor), False
    rotated = [
        math.ceil(BOLD_WIDTH * len(column[0]) / ROTATED_HEADER_CHARS) * LINE_HEIGHT_CHARS for column in texts
    ]
    floor = [(max(r, b) + 1.5) / LATEX_LINE_CHARS for r, b in zip(rotated, body_word, strict=True)]
    weight = [max(sum(map(len, column[1:])) / max(len(column) - 1, 1), 1.0) for column in texts]
    return _fit(weight, floor), True


LATEX_LINE_CHARS = 85  # footnotesize characters on the 16 cm line, counted generously
LIST_INDENT_CHARS = 1.6  # a list's \leftmargini (1em) and bullet, in the same characters
BOLD_WIDTH = 1.12
# A rotated header is a box this wide (in cm, before turning), holding about this many characters
# a line; each of its lines then takes about LINE_HEIGHT_CHARS characters of the column's width.
ROTATED_HEADER_CM = 3.5
ROTATED_HEADER_CHARS = 17
LINE_HEIGHT_CHARS = 2.3
WIDE_TABLE_COLUMNS = 6

# A caption that starts with the thesis's own number ("Tabell 2.1 ...", "Table 2.1: ...").
THESIS_NUMBER = re.compile(r"^(Tabell|Table|Figur|Figure)\s+\d+(\.\d+)*[:.]?\s")


def _latex_inline(item: Inline) -> str:
    if isinstance(item, str):
        return latex_escape(item)
    labels = ", ".join(label for label, _ in item.links)
    return latex_escape(item.text + (f" [{labels}]" if labels else ""))


def _latex_cell(cell: Cell) -> str:
    if not isinstance(cell, Block):
        return _latex_inline(cell)
    items = "".join(f"\\item {_latex_inline(item)}\n" for item in cell.items)
    heading = f"\\textbf{{{latex_escape(cell.heading)}}}" if cell.heading else ""
    if not items:
        return heading
    lists = "\\setlength\\leftmargini{1em}\\begin{itemize}\\setlength\\itemsep{0pt}\n"
    return f"{heading}\n{lists}{items}\\end{{itemize}}"


def _latex_caption(table: Table) -> str:
    """A numbered caption, or, for a table the thesis numbers, that name in an unnumbered one.

    "Tabell 2.1" is what a reader cites; a second number from the host document ("Table 16:
    Tabell 2.1") would contradict it. Our own tables have no thesis number, so LaTeX numbers them.
    """
    caption = latex_escape(table.caption)
    if THESIS_NUMBER.match(table.caption):
        return f"\\caption*{{{caption}}}\\\\\n"
    return f"\\caption{{{caption}}}\\label{{tab:{table.table_id}}}\\\\\n"


def to_latex(table: Table) -> str:
    """A booktabs longtable that breaks across pages; needs what ``kvp-analysis.sty`` loads."""
    n = len(table.header)
    available = f"(\\linewidth-{2 * (n - 1)}\\tabcolsep)"
    # Ragged right, so a narrow column never stretches a line; \hspace{0pt} lets TeX hyphenate
    # a cell's first word too, which a long header word in a narrow column needs.
    shares, rotated = _column_shares(table)
    spec = "".join(
        f">{{\\raggedright\\arraybackslash\\hspace{{0pt}}}}"
        f"p{{\\dimexpr{available}*{round(share * 1000)}/1000\\relax}}"
        for share in shares
    )
    # Many columns: less space between them, more for their words.
    spacing = "\\setlength\\tabcolsep{3pt}\n" if n >= WIDE_TABLE_COLUMNS else ""
    cells = [f"\\textbf{{{latex_escape(h)}}}" for h in table.header]
    if rotated:
        box = f"\\parbox{{{ROTATED_HEADER_CM}cm}}{{\\raggedright "
        cells = [f"\\rotatebox{{90}}{{{box}{cell}}}}}" for cell in cells]
    header = " & ".join(cells) + " \\\\\n"
    head = f"\\toprule\n{header}\\midrule\n"
    rows = "".join(" & ".join(_latex_cell(c) for c in row) + " \\\\\n" for row in table.rows)
    notes = "".join(f"\\par {latex_escape(n)}\n" for n in table.notes)
    return (
        f"{{\\footnotesize\n{spacing}"
        f"\\begin{{longtable}}{{@{{}}{spec}@{{}}}}\n{_latex_caption(table)}{head}\\endfirsthead\n"
        f"{head}\\endhead\n\\bottomrule\n\\endlastfoot\n{rows}\\end{{longtable}}\n{notes}}}\n"
    )


# HTML's three become entities (a Markdown renderer passes raw HTML through); Markdown's own
# inline syntax, the table's pipe and TeX's dollar (Jupyter renders $…$ as maths) get a backslash.
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_BACKSLASHED = set("\\`*_[]|~$")  # a link or image needs [ ]; parentheses alone are text
# Line breaks and control characters would end a table row: they read as a space.
_MD_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown: no HTML, emphasis, link, code, maths or table syntax survives."""
    text = _MD_BREAKS.sub(" ", text)
    return "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in _MD_BACKSLASHED else ch) for ch in text)


def _md_block_start(text: str) -> str:
    """A paragraph that starts like a list item or heading stays a paragraph (a quote's > is an entity)."""
    text = re.sub(r"^([-+]|#{1,6})(?=\s|$)", r"\\\1", text)
    return re.sub(r"^([0-9]+)([.)])(?=\s|$)", r"\1\\\2", text)


def _md_inline(item: Inline) -> str:
    if isinstance(item, str):
        return markdown_escape(item)
    links = " ".join(f"[{markdown_escape(label)}]({safe_href(href)})" for label, href in item.links)
    return markdown_escape(item.text) + (f" ({links})" if links else "")


def _md_cell(cell: Cell) -> str:
    if not isinstance(cell, Block):
        return _md_inline(cell)
    heading = [f"**{markdown_escape(cell.heading)}**"] if cell.heading else []
    return "<br>".join([*heading, *(f"• {_md_inline(i)}" for i in cell.items)])


def to_markdown(table: Table) -> str:
    header = "| " + " | ".join(markdown_escape(h) for h in table.header) + " |"
    rule = "|" + "|".join("---" for _ in table.header) + "|"
    rows = "\n".join("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows)
    notes = "".join(f"\n{_md_block_start(markdown_escape(n))}\n" for n in table.notes)
    caption = f"**{markdown_escape(table.caption)}**\n\n" if table.caption else ""
    return f"{caption}{header}\n{rule}\n{rows}\n{notes}"
