"""Chapter 8: how the supervisors handled breaches of the activity requirements.

The considerations by reasoning form and direction (the regime as a flow is in
``sanction_regime``); a matrix of cases against considerations, each linked to the
excerpts it rests on; and the tables of 8.3.5 and 8.4.2.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import i18n, metrics, provenance, style
from analysis.artifacts.fieldwork import speaker_names
from analysis.gids import gid
from analysis.render import Block, Linked, Table

DIRECTIONS = ("for_sanction", "against_sanction", "alternative_response", "none")
EXCERPTS_PAGE = "excerpts.html"  # the fieldwork overview's list of excerpts, beside these outputs


# The thesis names a reasoning form for a few considerations, in its own words; each term is keyed
# here, so that two spellings of one form ("mål–middel-orientert", "mål–middel-orientering") make one
# bar, and the English figure shows an English name.
_THESIS_FORMS = {"mål–middel-orientert": "means-end", "mål–middel-orientering": "means-end"}
_THESIS_KEYS = frozenset(_THESIS_FORMS.values())

_TEXT = {
    "reasoning.means-end": {"nb": "mål–middel-orientering", "en": "means–end orientation"},
    "reasoning.none": {"nb": "ikke klassifisert", "en": "not classified"},
    "reasoning.participant-responsibility": {
        "nb": "deltakerens ansvar",
        "en": "participant's responsibility",
    },
    "reasoning.supervisor-responsibility": {"nb": "veilederens ansvar", "en": "supervisor's responsibility"},
    "reasoning.cause-oriented": {"nb": "årsakorientering", "en": "cause-oriented"},
    "reasoning.consequence-oriented": {"nb": "konsekvensorientering", "en": "consequence-oriented"},
    "reasoning.resource-based": {"nb": "ressurser og oppfølging", "en": "resources and follow-up"},
    "reasoning.preconditions": {"nb": "forutsetninger for sanksjon", "en": "preconditions for sanction"},
    "reasoning.procedural": {"nb": "prosedyre (varsel, dokumentasjon)", "en": "procedure (warning, records)"},
    "reasoning.rule-oriented": {"nb": "regelorientert", "en": "rule-oriented"},
    "reasoning.instrumental": {"nb": "sanksjon som virkemiddel", "en": "sanction as an instrument"},
    "reasoning.participation": {"nb": "medvirkning", "en": "participation"},
    "reasoning.kvp-limits": {"nb": "KVPs grenser", "en": "the limits of KVP"},
    "considerations.count": {
        "nb": "antall hensyn (gjengitt i kapittel 8)",
        "en": "considerations (as printed in ch. 8)",
    },
    "considerations.note": {
        "nb": "Uten †: avhandlingens egen betegnelse. Med †: vår klassifisering. Tallene teller hensyn i "
        "avhandlingens gjengivelser, ikke hendelser i feltet.",
        "en": "Without †: the thesis's own term. With †: our classification. The counts are of "
        "considerations in the thesis's printed discussions, not of events in the field.",
    },
}


def reasoning_keys(considerations: pd.DataFrame) -> pd.Series:
    """The key of each consideration's reasoning form: the thesis's own term keyed, else our slug."""
    keys = []
    for row in considerations.itertuples():
        if pd.notna(row.reasoning_form) and row.reasoning_form != "":
            if row.reasoning_form not in _THESIS_FORMS:
                raise ValueError(
                    f"sanction_considerations.csv: {row.consideration_id}: reasoning_form: "
                    f"{row.reasoning_form!r} is not a known thesis term (expected one of "
                    f"{', '.join(sorted(_THESIS_FORMS))})"
                )
            keys.append(_THESIS_FORMS[row.reasoning_form])
        elif pd.notna(row.reasoning_form_analyst) and row.reasoning_form_analyst != "":
            keys.append(row.reasoning_form_analyst)
        else:
            keys.append("none")
    return pd.Series(keys, index=considerations.index, name="reasoning")


def _reasoning_label(key: str, lang: str) -> str:
    label = i18n.pick(_TEXT, f"reasoning.{key}", lang)
    return label if key in _THESIS_KEYS or key == "none" else f"{label} †"


def considerations_figure(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Figure:
    """Considerations counted by reasoning form and direction (as printed in chapter 8).

    One bar per reasoning form and direction; each bar's gid names the considerations it counts
    (``kvp:sanction_considerations:k8-001|k8-004``).
    """
    frame = tables["sanction_considerations"].copy()
    frame["key"] = reasoning_keys(frame)
    counts = frame.groupby(["key", "direction"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(DIRECTIONS), fill_value=0)
    totals = counts.sum(axis=1)
    order = sorted(counts.index, key=lambda k: (k == "none", -totals[k], k))
    fig, ax = plt.subplots(figsize=(metrics.FIGURE_WIDTH_IN, 0.27 * len(order) + 1.5), layout="constrained")
    bar_h = 0.8 / len(DIRECTIONS)
    shades = ("#1a1a1a", "#8c8c8c", "#d0d0d0", "#ffffff")
    for i, key in enumerate(order):
        # A form's bars sit together, centred on its label: empty directions leave no gap.
        present = [(j, d) for j, d in enumerate(DIRECTIONS) if counts.loc[key, d]]
        for slot, (j, direction) in enumerate(present):
            n = int(counts.loc[key, direction])
            ids = frame[(frame["key"] == key) & (frame["direction"] == direction)]["consideration_id"]
            (bar,) = ax.barh(
                i + bar_h * (slot - (len(present) - 1) / 2),
                n,
                height=bar_h,
                color=shades[j],
                edgecolor=style.INK,
                linewidth=0.5,
            )
            bar.set_gid(gid("sanction_considerations", *sorted(ids)))
    ax.set_yticks(range(len(order)), [_reasoning_label(k, lang) for k in order])
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.tick_params(axis="both", labelsize=7.5)
    ax.set_xlabel(i18n.pick(_TEXT, "considerations.count", lang), fontsize=7.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    handles = [Patch(facecolor=shade, edgecolor=style.INK, linewidth=0.5) for shade in shades]
    fig.legend(
        handles,
        [i18n.text(f"direction.{d}", lang) for d in DIRECTIONS],
        loc="outside lower center",
        ncols=len(DIRECTIONS),
        fontsize=7.5,
        frameon=False,
        title=textwrap.fill(i18n.pick(_TEXT, "considerations.note", lang), 110),
        title_fontproperties={"size": 7, "style": "italic"},
    )
    return fig


def excerpts_for(considerations: pd.DataFrame, excerpts: pd.DataFrame) -> dict[str, list[str]]:
    """consideration_id -> the excerpts whose lines overlap the consideration's, in the same section."""
    spans = [(r.excerpt_id, r.section, provenance.parse_lines(r.lines)) for r in excerpts.itertuples()]
    linked = {}
    for c in considerations.itertuples():
        first, last = provenance.parse_lines(c.lines)
        linked[c.consideration_id] = [
            e for e, section, (a, b) in spans if section == c.section and a <= last and first <= b
        ]
    return linked


def case_matrix(
    tables: dict[str, pd.DataFrame], lang: str = "nb", excerpts_page: str = EXCERPTS_PAGE
) -> Table:
    """Cases (rows) against the considerations raised about them, by direction (columns).

    Each consideration links to the excerpts it rests on, in the excerpt list at ``excerpts_page``:
    beside this table where it is published; a notebook that shows the table from ``notebooks/``
    passes the published list's path from there (``../figures/nb/excerpts.html``).
    """
    cases = tables["sanction_cases"]
    considerations = tables["sanction_considerations"]
    links = excerpts_for(considerations, tables["excerpts"])
    names = speaker_names(tables)
    labels = tables["cases"].set_index("case_id")[i18n.column("label", lang)]
    text = i18n.column("consideration", lang)
    breach = i18n.column("breach", lang)

    def who(cell) -> str:
        return "" if pd.isna(cell) else ", ".join(names[p] for p in cell.split(";"))

    rows, row_ids = [], []
    for case in cases.itertuples():
        about = considerations[considerations["case_id"] == case.case_id]
        cells = []
        for direction in DIRECTIONS:
            items = tuple(
                Linked(
                    style.marked(f"{who(c.speaker_id) or c.speaker_label_nb}: {getattr(c, text)}", c.status),
                    tuple((e, f"{excerpts_page}#{e}") for e in links[c.consideration_id]),
                )
                for c in about[about["direction"] == direction].itertuples()
            )
            cells.append(Block("", items))
        outcome = i18n.text(f"outcome.{case.outcome}", lang)
        summary = f"{labels[case.case_id]} — {getattr(case, breach)} ({who(case.raised_by)}). {outcome}"
        rows.append((style.marked(summary, case.status), *cells))
        row_ids.append(case.case_id)
    tidy = considerations.assign(
        excerpt_ids=[";".join(links[c]) for c in considerations["consideration_id"]]
    )[
        [
            "consideration_id",
            "case_id",
            "speaker_id",
            "direction",
            "reasoning_form",
            "reasoning_form_analyst",
            "excerpt_ids",
            "section",
            "lines",
            "status",
        ]
    ]
    return Table(
        table_id=f"sanction-cases-{lang}",
        lang=lang,
        header=(i18n.text("column.case", lang), *(i18n.text(f"direction.{d}", lang) for d in DIRECTIONS)),
        rows=tuple(rows),
        tidy=tidy.reset_index(drop=True),
        notes=(i18n.text("sanction-cases.note", lang), i18n.text("status.legend", lang)),
        row_ids=tuple(row_ids),
    )


def functions_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["sanction_functions"].sort_values("order", kind="stable")
    name = i18n.column("name", lang)
    rows = tuple(
        (
            str(r.order),
            style.marked(getattr(r, name), r.status),
            r.description_en if lang == "en" else f"«{r.evidence}»",
            f"{r.section} ({r.lines})",
        )
        for r in frame.itertuples()
    )
    return Table(
        table_id=f"sanction-functions-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("order", "function", "description", "where")),
        rows=rows,
        tidy=frame[
            ["function_id", "order", "name_nb", "name_en", "description_en", "section", "lines", "status"]
        ].reset_index(drop=True),
        notes=(i18n.text("status.legend", lang),),
    )


def tensions_table(tables: dict[str, pd.DataFrame], lang: str = "nb") -> Table:
    frame = tables["sanction_tensions"].sort_values("order", kind="stable")
    a, b = i18n.column("pole_a", lang), i18n.column("pole_b", lang)
    rows = tuple(
        (
            style.marked(getattr(r, a), r.status),
            getattr(r, b),
            r.description_en if lang == "en" else f"«{r.evidence}»",
            f"{r.section} ({r.lines})",
        )
        for r in frame.itertuples()
    )
    return Table(
        table_id=f"sanction-tensions-{lang}",
        lang=lang,
        header=tuple(i18n.text(f"column.{c}", lang) for c in ("pole-a", "pole-b", "description", "where")),
        rows=rows,
        tidy=frame[
            [
                "tension_id",
                "order",
                "pole_a_nb",
                "pole_a_en",
                "pole_b_nb",
                "pole_b_en",
                "section",
                "lines",
                "status",
            ]
        ].reset_index(drop=True),
        notes=(i18n.text("status.legend", lang),),
    )
