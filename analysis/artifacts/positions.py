"""Chapter 7: the supervisor positions (7.4.2) and the design of individual programmes (7.2).

The three positions sit on the continuum the thesis describes, evenly spaced: the thesis gives
their order, not distances, counts or frequencies, and the figure shows none.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import FancyArrowPatch, Rectangle

from analysis import flow, i18n, metrics, style
from analysis.gids import gid
from analysis.render import Block, Table

DIMENSIONS = (
    "premises",
    "knowledge_of_consequences",
    "responsibility",
    "participation_rung",
    "supervisor_role",
    "realism",
    "exemplar_supervisor",
    "exemplar_case",
    "example_section",
)
_TEXT = {
    "positions.example-row": {"nb": "Eksempel (veileder: sak)", "en": "Example (supervisor: case)"},
    "design.key": {
        "nb": "I fet skrift: hva som skjedde, med våre ord (†: trinnets plass er vår lesning). "
        "I anførselstegn: avhandlingens ord.",
        "en": "In bold: what happened, in our words (†: the step's place is our reading). "
        "In quotation marks: the thesis's words (our translation).",
    },
}
THEMES = ("7.2.1", "7.2.2", "7.2.3", "7.2.4", "7.2.5", "7.2.6", "7.2.7", "7.3.1", "7.3.2", "7.3.3")


def _values(tables: dict[str, pd.DataFrame], lang: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(position, dimension) -> [(value in lang, status)] in data order."""
    frame = tables["supervisor_position_values"]
    value = "value_nb" if lang == "nb" else "value_en"
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for r in frame.itertuples():
        found.setdefault((r.position_id, r.dimension), []).append((getattr(r, value), r.status))
    return found


def _ordered(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return tables["supervisor_positions"].sort_values("rank", kind="stable")


def dimensions_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    positions = _ordered(tables)
    values = _values(tables, lang)
    name = i18n.column("name", lang)
    rows = []
    for dimension in DIMENSIONS:
        cells = [
            Block("", tuple(style.marked(v, s) for v, s in values.get((p, dimension), [])))
            for p in positions["position_id"]
        ]
        rows.append((i18n.text(f"dimension.{dimension}", lang), *cells))
    return Table(
        table_id=f"supervisor-positions-{lang}",
        lang=lang,
        header=(i18n.text("column.dimension", lang), *positions[name]),
        rows=tuple(rows),
        tidy=tables["supervisor_position_values"][
            ["position_id", "dimension", "value_nb", "value_en", "section", "lines", "status"]
        ].reset_index(drop=True),
        notes=(i18n.text("positions.note", lang), i18n.text("status.legend", lang)),
    )


CONTINUUM_ROWS = ("exemplar", "participation_rung", "supervisor_role")
EXEMPLAR_DIMENSIONS = ("exemplar_supervisor", "exemplar_case")  # what the exemplar row shows


def _value_keys(position_id: str, row: str) -> tuple[str, ...]:
    """The key parts of the values a row of the continuum shows (position, dimension, for each)."""
    dimensions = EXEMPLAR_DIMENSIONS if row == "exemplar" else (row,)
    return tuple(part for d in dimensions for part in (position_id, d))


def continuum(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    """The positions along the continuum, one column each; each dimension on its own aligned row.

    Rows: the exemplar (supervisor and case), the rung of the participation ladder, the
    supervisor's role. Every row is as tall as its tallest cell, so a row reads across.
    """
    positions = _ordered(tables)
    values = _values(tables, lang)
    names = tables["persons"].set_index("person_id")["pseudonym"]
    cases = tables["cases"].set_index("case_id")[i18n.column("label", lang)]
    width = metrics.FIGURE_WIDTH_IN
    top = 10.0  # drawn top-down in inches, then cropped to what was drawn
    fig = plt.figure(figsize=(width, top))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, top)
    drawing = flow.Drawing(fig)
    renderer = fig.canvas.get_renderer()

    def height(text) -> float:
        return text.get_window_extent(renderer).height / fig.dpi

    label_w, gap = 1.45, 0.06
    column_w = (width - label_w - gap * len(positions)) / len(positions)
    xs = [label_w + gap + i * (column_w + gap) for i in range(len(positions))]
    wrap = int(column_w * 18)

    note = ax.text(
        0, top - 0.02, textwrap.fill(i18n.text("positions.figure-note", lang), 120), fontsize=7, va="top"
    )
    note.set_style("italic")
    drawing.texts.append(note)
    line_y = top - 0.02 - height(note) - 0.2
    ax.add_patch(
        FancyArrowPatch(
            (xs[0], line_y),
            (width - 0.02, line_y),
            arrowstyle="<|-|>",
            mutation_scale=9,
            color=style.INK,
            lw=0.8,
        )
    )
    ends = [values.get((p, "continuum_end"), []) for p in positions["position_id"]]
    end_texts = []
    for (text, status), x, ha in ((ends[0][0], xs[0], "left"), (ends[-1][0], width - 0.02, "right")):
        end = ax.text(
            x, line_y - 0.1, textwrap.fill(f"«{style.marked(text, status)}»", 46), fontsize=7, ha=ha, va="top"
        )
        end.set_style("italic")
        end_texts.append(end)
    drawing.texts += end_texts
    y = line_y - 0.1 - max(height(t) for t in end_texts) - 0.12

    heads = []
    for x, p in zip(xs, positions.itertuples(), strict=True):
        (dot,) = ax.plot([x + column_w / 2], [line_y], marker="o", markersize=6, color=style.INK)
        dot.set_gid(
            gid("supervisor_positions", p.position_id, part="dot")
        )  # the position's place, its row too
        head = ax.text(
            x + column_w / 2,
            y,
            textwrap.fill(getattr(p, i18n.column("name", lang)).capitalize(), int(column_w * 12)),
            fontsize=8,
            weight="bold",
            ha="center",
            va="top",
        )
        head.set_gid(gid("supervisor_positions", p.position_id))
        heads.append(head)
    drawing.texts += heads
    y -= max(height(h) for h in heads) + 0.1

    for row in CONTINUUM_ROWS:
        name = (
            i18n.pick(_TEXT, "positions.example-row", lang)
            if row == "exemplar"
            else i18n.text(f"dimension.{row}", lang)
        )
        label = ax.text(0, y - 0.05, textwrap.fill(name, 20), fontsize=7, weight="bold", va="top")
        drawing.texts.append(label)
        cells = []
        for x, p in zip(xs, positions.itertuples(), strict=True):
            if row == "exemplar":
                supervisor = values.get((p.position_id, "exemplar_supervisor"), [("", "stated")])[0]
                entries = [(f"{names[p.exemplar_supervisor_id]}: {cases[p.exemplar_case_id]}", supervisor[1])]
            else:
                entries = values.get((p.position_id, row), [])[:1]
            body = "\n".join(textwrap.fill(style.marked(v, st), wrap) for v, st in entries)
            cell = ax.text(x + 0.06, y - 0.05, body, fontsize=7, va="top", linespacing=1.2)
            cells.append(cell)
        drawing.texts += cells
        row_h = max(height(t) for t in [label, *cells]) + 0.1
        for x, p in zip(xs, positions.itertuples(), strict=True):
            box = ax.add_patch(
                Rectangle((x, y - row_h), column_w, row_h, facecolor="#f4f4f4", edgecolor="none", zorder=0)
            )
            box.set_gid(gid("supervisor_position_values", *_value_keys(p.position_id, row)))
        y -= row_h + gap
    fig.set_size_inches(width, top - y + 0.02)
    ax.set_ylim(y - 0.02, top)
    return drawing


def programme_matrix(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    """Which case of chapter 7 illustrates which theme of 7.2.1–7.2.7 (and of participation, 7.3.1–7.3.3).

    A mark, not a count."""
    elements = tables["programme_elements"]
    sections = tables["thesis_sections"].set_index("section")[i18n.column("title", lang)]
    cases = tables["cases"].set_index("case_id")
    label = i18n.column("label", lang)
    present = set(zip(elements["case_id"], elements["theme_section"], strict=True))
    case_ids = sorted(set(elements["case_id"]), key=lambda c: (c != "case-mona", c))
    rows = tuple(
        (cases.loc[c, label], *("●" if (c, theme) in present else "" for theme in THEMES)) for c in case_ids
    )
    tidy = (
        elements[elements["theme_section"].isin(THEMES)]
        .groupby(["case_id", "theme_section"], sort=True)
        .size()
        .rename("elements")
        .reset_index()
    )
    return Table(
        table_id=f"programme-design-{lang}",
        lang=lang,
        header=(i18n.text("column.case", lang), *(f"{t} {sections[t]}" for t in THEMES)),
        rows=rows,
        tidy=tidy,
        notes=(i18n.text("programme-matrix.note", lang),),
    )


def design_timeline(tables: dict[str, pd.DataFrame], lang: str = "nb") -> flow.Drawing:
    """The worked example's meetings, top to bottom: what happened (our phrase), and the thesis's words.

    Each step's left column is our summary in bold with the meeting as the thesis names it below;
    the right column is the passage it rests on (in English, our translation of it).
    """
    steps = tables["design_steps"].sort_values("step", kind="stable")
    width = metrics.FIGURE_WIDTH_IN
    top = 20.0  # drawn top-down in inches, then cropped to what was drawn
    fig = plt.figure(figsize=(width, top))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, top)
    drawing = flow.Drawing(fig)
    renderer = fig.canvas.get_renderer()
    dot_x, left_x, quote_x = 0.12, 0.3, 3.3

    def height(text) -> float:
        return text.get_window_extent(renderer).height / fig.dpi

    # Wrapped: italic glyphs run wider in the PDF than Agg measures them, so no line may fill the block.
    key_text = textwrap.fill(i18n.pick(_TEXT, "design.key", lang), 110)
    key = ax.text(0, top - 0.02, key_text, fontsize=7, style="italic", va="top")
    drawing.texts.append(key)
    y = top - 0.02 - height(key) - 0.15
    dots = []
    for s in steps.itertuples():
        summary = getattr(s, i18n.column("summary", lang))
        meeting = getattr(s, i18n.column("meeting", lang))
        quote = s.evidence_en if lang == "en" else s.evidence
        head = ax.text(
            left_x,
            y,
            textwrap.fill(style.marked(f"{s.step}. {summary}", s.status), 44),
            fontsize=7.5,
            weight="bold",
            va="top",
            linespacing=1.2,
        )
        where = ax.text(
            left_x,
            y - height(head) - 0.05,
            textwrap.fill(f"{meeting} ({s.section})", 48),
            fontsize=7,
            color=style.GREY,
            va="top",
        )
        said = ax.text(
            quote_x, y, textwrap.fill(f"«{quote}»", 54), fontsize=7, style="italic", va="top", linespacing=1.2
        )
        head.set_gid(gid("design_steps", str(s.step)))
        said.set_gid(gid("design_steps", str(s.step), part="quote"))
        drawing.texts += [head, where, said]
        (dot,) = ax.plot([dot_x], [y - 0.06], marker="o", markersize=5, color=style.INK)
        dot.set_gid(
            gid("design_steps", str(s.step), part="dot")
        )  # the step's marker on the timeline, its row too
        dots.append(y - 0.06)
        y -= max(height(head) + 0.05 + height(where), height(said)) + 0.2
    ax.plot([dot_x, dot_x], [dots[0], dots[-1]], color=style.GREY, lw=0.8, zorder=0)
    fig.set_size_inches(width, top - y + 0.05)
    ax.set_ylim(y + 0.1, top)
    return drawing


def schedule_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    """What survives of Mona's weekly programme, in source order; the lost part marked, nothing added."""
    frame = tables["weekly_schedule"]
    activity = i18n.column("activity", lang)
    rows = tuple(
        (r.slot_id, getattr(r, activity), i18n.text(f"preserved.{r.preserved}", lang), r.lines)
        for r in frame.itertuples()
    )
    return Table(
        table_id=f"weekly-schedule-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("fragment", "text", "preserved", "lines")),
        rows=rows,
        tidy=frame[
            ["slot_id", "day_nb", "time_nb", "activity_nb", "activity_en", "preserved", "lines", "status"]
        ],
        notes=(i18n.text("schedule.note", lang),),
    )


def stances_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["unclassified_stances"]
    names = tables["persons"].set_index("person_id")["pseudonym"]
    rows = tuple(
        (
            "" if pd.isna(r.speaker_id) else names[r.speaker_id],
            style.marked(r.description_en if lang == "en" else f"«{r.evidence}»", r.status),
            f"{r.section} ({r.lines})",
        )
        for r in frame.itertuples()
    )
    return Table(
        table_id=f"unclassified-stances-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("speaker", "stance", "where")),
        rows=rows,
        tidy=frame[["stance_id", "speaker_id", "description_en", "section", "lines", "status"]],
        notes=(i18n.text("stances.note", lang), i18n.text("status.legend", lang)),
    )
