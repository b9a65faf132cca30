"""The thesis's numbers as LaTeX macros (and JSON and Markdown), so running text cannot drift.

Every number the text itself states (``kind == "stated"``) becomes ``\\KVP<camelCaseId>``; derived
and figurative numbers are left out, as they are not the thesis's figures.

A macro expands to the number *as the text hedges it*, in the output's language: "over halvparten"
(``qualifier=more_than``, 50 percent) is ``mer enn 50 prosent`` in ``nb/numbers.tex`` and
``more than 50 per cent`` in ``en/numbers.tex``, never a bare ``50``. One end of a stated range
(``range``, or ``about`` for "ca. 5–7", the two rows ``<id>-min`` and ``<id>-max``) expands to the
whole range. The bare number is published only where the row is hedged, and then under a name that
says which bound it is (``\\KVPdischargedShareAfterAssessmentLowerBound``). A row that is not
``stated`` carries its status mark (``†`` inferred, ``?`` uncertain) in every form.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pandas as pd

from analysis import i18n

PREFIX = "KVP"
STATUS_MARK = {"stated": "", "inferred": "†", "uncertain": "?"}
_TEX_MARK = {"†": "\\textsuperscript{\\dag}", "?": "\\textsuperscript{?}"}
NARROW_SPACE = "\u202f"

# How each qualifier reads, per language; {v} is the number with its unit.
HEDGE = {
    "exact": {"nb": "{v}", "en": "{v}"},
    "about": {"nb": "ca. {v}", "en": "about {v}"},
    "more_than": {"nb": "mer enn {v}", "en": "more than {v}"},
    "less_than": {"nb": "under {v}", "en": "under {v}"},
    "at_least": {"nb": "minst {v}", "en": "at least {v}"},
    "at_most": {"nb": "høyst {v}", "en": "at most {v}"},
    "range": {"nb": "{v}", "en": "{v}"},
}
# Which bound a hedged row's bare value is; "about" and "exact" have none.
BOUND = {
    "more_than": "LowerBound",
    "at_least": "LowerBound",
    "less_than": "UpperBound",
    "at_most": "UpperBound",
}
RANGE_ENDS = {"-min": "LowerBound", "-max": "UpperBound"}

# unit -> (nb singular, nb plural, en singular, en plural); "" prints the bare number (a year); a
# wording with {v} takes the number inside it.
UNITS = {
    "year": ("", "", "", ""),
    "decade of age": ("i {v}-årene", "i {v}-årene", "in the {v}s", "in the {v}s"),
    "men": ("mann", "menn", "man", "men"),
    "years": ("år", "år", "year", "years"),
    "months": ("måned", "måneder", "month", "months"),
    "weeks": ("uke", "uker", "week", "weeks"),
    "days": ("dag", "dager", "day", "days"),
    "hours": ("time", "timer", "hour", "hours"),
    "minutes": ("minutt", "minutter", "minute", "minutes"),
    "semesters": ("semester", "semestre", "semester", "semesters"),
    "days per week": ("dag i uken", "dager i uken", "day a week", "days a week"),
    "hours per week": ("time i uken", "timer i uken", "hour a week", "hours a week"),
    "times per week": ("gang i uken", "ganger i uken", "time a week", "times a week"),
    "times per year": ("gang i året", "ganger i året", "time a year", "times a year"),
    "entries per day": ("innførsel per dag", "innførsler per dag", "entry a day", "entries a day"),
    "times": ("gang", "ganger", "time", "times"),
    "percent": ("prosent", "prosent", "per cent", "per cent"),
    "G": ("G", "G", "G", "G"),
    "fraction of 2G": ("av 2G", "av 2G", "of 2G", "of 2G"),
    "participants": ("deltaker", "deltakere", "participant", "participants"),
    "persons": ("person", "personer", "person", "people"),
    "users": ("bruker", "brukere", "user", "users"),
    "applicants": ("søker", "søkere", "applicant", "applicants"),
    "staff": ("ansatt", "ansatte", "member of staff", "members of staff"),
    "supervisors": ("veileder", "veiledere", "supervisor", "supervisors"),
    "members": ("medlem", "medlemmer", "member", "members"),
    "team leaders": ("teamleder", "teamledere", "team leader", "team leaders"),
    "colleagues": ("kollega", "kolleger", "colleague", "colleagues"),
    "teams": ("team", "team", "team", "teams"),
    "meeting types": ("møtetype", "møtetyper", "type of meeting", "types of meeting"),
    "meetings": ("møte", "møter", "meeting", "meetings"),
    "pages": ("side", "sider", "page", "pages"),
    "children": ("barn", "barn", "child", "children"),
    "workplaces": ("arbeidsplass", "arbeidsplasser", "workplace", "workplaces"),
    "governance lines": ("styringslinje", "styringslinjer", "line of governance", "lines of governance"),
    "parts": ("del", "deler", "part", "parts"),
    "provisions": ("bestemmelse", "bestemmelser", "provision", "provisions"),
}

_TEXT = {
    "title": {"nb": "Tall avhandlingen oppgir", "en": "Numbers stated in the thesis"},
    "header": {
        "nb": "| makro | slik teksten sier det | forbehold | status | gjelder (engelsk) | avsnitt | linjer |",
        "en": "| macro | as the text hedges it | qualifier | status | refers to | section | lines |",
    },
    "qualifier.exact": {"nb": "eksakt", "en": "exact"},
    "qualifier.about": {"nb": "omtrent", "en": "about"},
    "qualifier.more_than": {"nb": "mer enn", "en": "more than"},
    "qualifier.less_than": {"nb": "under", "en": "under"},
    "qualifier.at_least": {"nb": "minst", "en": "at least"},
    "qualifier.at_most": {"nb": "høyst", "en": "at most"},
    "qualifier.range": {"nb": "spenn", "en": "range"},
    "legend": {
        "nb": "† utledet fra teksten, ? usikker lesning; uten merke: uttrykt i teksten.",
        "en": "† inferred from the text, ? uncertain reading; no mark: stated in the text.",
    },
}


class NumbersError(ValueError):
    """A numbers row the writers cannot publish faithfully (unknown unit, range without its other end)."""


def macro_name(number_id: str) -> str:
    """``caseload-min`` -> ``KVPcaseloadMin`` (letters only, as TeX control words need)."""
    first, *rest = number_id.split("-")
    return PREFIX + first + "".join(part.capitalize() for part in rest)


def bound_macro_name(row) -> str | None:
    """The name of the bare-value macro of a hedged row, saying which bound it is; None if it has none."""
    if row.qualifier in BOUND:
        return macro_name(row.number_id) + BOUND[row.qualifier]
    end = _range_end(row)
    if end is not None:
        return macro_name(row.number_id) + RANGE_ENDS[end]
    return None


def _range_end(row) -> str | None:
    if row.qualifier not in ("range", "about"):
        return None
    return next((end for end in RANGE_ENDS if row.number_id.endswith(end)), None)


def number_text(value: float, lang: str) -> str:
    """The number as ``lang`` writes it: ``37,5`` and ``30 000`` in nb, ``37.5`` and ``30,000`` in en.

    Digits are grouped from five on, so a year stays ``2012``; nb groups with a narrow no-break space.
    """
    value = float(value)
    grouping = "," if abs(value) >= 10_000 else ""
    text = f"{value:{grouping}.0f}" if value.is_integer() else f"{value:{grouping}.4f}".rstrip("0")
    if lang == "nb":
        return text.replace(",", NARROW_SPACE).replace(".", ",")
    return text


def _fraction(value: float) -> str:
    """A fraction as the thesis writes it (``2/3``), not as a rounded decimal."""
    fraction = Fraction(float(value)).limit_denominator(12)
    return f"{fraction.numerator}/{fraction.denominator}"


def _unit(row, lang: str, plural: bool) -> str:
    if row.unit not in UNITS:
        raise NumbersError(
            f"numbers.csv: {row.number_id}: unit {row.unit!r} has no wording; known: {sorted(UNITS)}"
        )
    nb_one, nb_many, en_one, en_many = UNITS[row.unit]
    if lang == "nb":
        return nb_many if plural else nb_one
    return en_many if plural else en_one


def _partner(row, by_id: dict) -> object:
    end = _range_end(row)
    other = row.number_id[: -len(end)] + ("-max" if end == "-min" else "-min")
    if other not in by_id or by_id[other].qualifier != row.qualifier:
        raise NumbersError(
            f"numbers.csv: {row.number_id}: qualifier {row.qualifier!r} on a range end needs"
            f" the row {other!r} with the same qualifier"
        )
    return by_id[other]


def phrase(row, lang: str, by_id: dict | None = None) -> str:
    """The number as the text hedges it, with its unit, in ``lang`` (no status mark)."""
    if _range_end(row) is not None:
        partner = _partner(row, by_id or {})
        low, high = sorted((row, partner), key=lambda r: float(r.value))
        value = f"{number_text(low.value, lang)}–{number_text(high.value, lang)}"
        unit = _unit(row, lang, plural=True)
    elif row.qualifier == "range":
        raise NumbersError(
            f"numbers.csv: {row.number_id}: qualifier 'range' needs an id ending in -min or -max"
        )
    else:
        value = _fraction(row.value) if row.unit.startswith("fraction") else number_text(row.value, lang)
        unit = _unit(row, lang, plural=float(row.value) != 1)
    if "{v}" in unit:  # the number goes inside the wording ("i 40-årene")
        return i18n.pick(HEDGE, row.qualifier, lang).format(v=unit.format(v=value))
    with_unit = f"{value} {unit}" if unit else value
    return i18n.pick(HEDGE, row.qualifier, lang).format(v=with_unit)


def marked(row, lang: str, by_id: dict | None = None) -> str:
    """The phrase and, for a row not ``stated``, its status mark."""
    return phrase(row, lang, by_id) + STATUS_MARK[row.status]


def stated(numbers: pd.DataFrame) -> pd.DataFrame:
    return numbers[numbers["kind"] == "stated"].sort_values("number_id", kind="stable")


def _rows(numbers: pd.DataFrame) -> tuple[list, dict]:
    rows = list(stated(numbers).itertuples())
    return rows, {row.number_id: row for row in rows}


def _tex_escape(text: str) -> str:
    text = text.replace("–", "--").replace(NARROW_SPACE, "\\,")
    for mark, tex in _TEX_MARK.items():
        if text.endswith(mark):
            text = text[: -len(mark)] + tex
    return text


def to_tex(numbers: pd.DataFrame, lang: str) -> str:
    lines = [
        f"% Generated by kvp-analysis from data/numbers.csv ({lang}): the numbers Brodtkorb (2017) states,",
        "% each as the text hedges it. \\input this file; do not edit it (edit the CSV and rebuild).",
        "% A bare number exists only as a ...LowerBound or ...UpperBound macro of a hedged row.",
        "% Marks: \\dag inferred, ? uncertain (the row's status); no mark: stated.",
    ]
    rows, by_id = _rows(numbers)
    for row in rows:
        lines.append(
            f"% {row.number_id}: {row.refers_to_en}; qualifier {row.qualifier}, status {row.status};"
            f" section {row.section}, lines {row.lines}"
        )
        lines.append(
            f"\\newcommand{{\\{macro_name(row.number_id)}}}{{{_tex_escape(marked(row, lang, by_id))}}}"
        )
        bound = bound_macro_name(row)
        if bound:
            lines.append(f"\\newcommand{{\\{bound}}}{{{_tex_escape(number_text(row.value, lang))}}}")
    return "\n".join(lines) + "\n"


def to_json(numbers: pd.DataFrame, lang: str) -> str:
    rows, by_id = _rows(numbers)
    body = {}
    for row in rows:
        entry = {
            "macro": "\\" + macro_name(row.number_id),
            "text": marked(row, lang, by_id),
            "qualifier": row.qualifier,
            "value": float(row.value) if not float(row.value).is_integer() else int(row.value),
            "unit": row.unit,
            "refers_to_en": row.refers_to_en,
            "section": row.section,
            "lines": row.lines,
            "status": row.status,
        }
        bound = bound_macro_name(row)
        if bound:
            entry["bound_macro"] = "\\" + bound
        body[row.number_id] = entry
    return json.dumps({"lang": lang, "numbers": body}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_markdown(numbers: pd.DataFrame, lang: str) -> str:
    rows, by_id = _rows(numbers)
    lines = [
        f"| `\\{macro_name(r.number_id)}` | {marked(r, lang, by_id)} "
        f"| {i18n.pick(_TEXT, 'qualifier.' + r.qualifier, lang)} | {i18n.text('status.' + r.status, lang)} "
        f"| {r.refers_to_en} | {r.section} | {r.lines} |"
        for r in rows
    ]
    header = i18n.pick(_TEXT, "header", lang) + "\n|---|---|---|---|---|---|---|"
    title = f"**{i18n.pick(_TEXT, 'title', lang)}**"
    return f"{title}\n\n{header}\n" + "\n".join(lines) + f"\n\n{i18n.pick(_TEXT, 'legend', lang)}\n"


WRITERS = {"tex": to_tex, "json": to_json, "md": to_markdown}


def files(tables: dict[str, pd.DataFrame], lang: str = "nb") -> dict[str, str]:
    """Every published form of the numbers in ``lang``, for the build to write as ``numbers.<format>``."""
    return {fmt: writer(tables["numbers"], lang) for fmt, writer in WRITERS.items()}
