"""The number macros keep the thesis's hedges and the rows' statuses in every published form."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis import data, paths
from analysis.artifacts import numbers_macros

LANGS = ("nb", "en")

# How each qualifier must read, written out here independently of the module: a published number
# without its hedge reads more exact than its row.
MUST_READ = {
    "nb": {
        "about": r"^ca\. ",
        "more_than": r"^mer enn ",
        "less_than": r"^under ",
        "at_least": r"^minst ",
        "at_most": r"^høyst ",
    },
    "en": {
        "about": r"^about ",
        "more_than": r"^more than ",
        "less_than": r"^under ",
        "at_least": r"^at least ",
        "at_most": r"^at most ",
    },
}
ANY_HEDGE = {lang: "|".join(patterns.values()) for lang, patterns in MUST_READ.items()}
# Hedges in the thesis's own words; evidence with one of them cannot be an exact number.
_NUMBER = r"(?:\d|en\b|ett\b|én\b|to\b|tre\b|fire\b|fem\b|seks\b|halv)"
THESIS_HEDGES = re.compile(
    rf"\bca\.|\bover (?:halvparten|\d)|\bmer enn\b|\bdrøye\b|\bsnaut|\binntil {_NUMBER}|\bmaksimalt\b"
    rf"|\bminst\b|\bnærmer seg\b|\bet par\b|\bnoen og\b|\bunder {_NUMBER}|\bkanskje\b"
)
MARK = {"stated": "", "inferred": "†", "uncertain": "?"}
TEX_MARK = {"stated": "", "inferred": "\\textsuperscript{\\dag}", "uncertain": "\\textsuperscript{?}"}


@pytest.fixture(scope="module")
def numbers():
    return data.load(paths.DATA, names=["numbers"])["numbers"]


def _stated(numbers):
    return numbers[numbers["kind"] == "stated"]


def _macros(tex: str) -> dict[str, str]:
    found = re.findall(r"\\newcommand\{\\(\w+)\}\{(.*)\}$", tex, flags=re.MULTILINE)
    assert len(found) == len(dict(found)), "two macros share a name"
    return dict(found)


def _published(numbers, lang) -> dict[str, dict[str, str]]:
    """number_id -> {form: the published text}, read back from each format."""
    macros = _macros(numbers_macros.to_tex(numbers, lang))
    entries = json.loads(numbers_macros.to_json(numbers, lang))["numbers"]
    markdown = {
        cells[0].strip("` \\"): cells[1].strip()
        for line in numbers_macros.to_markdown(numbers, lang).splitlines()
        if line.startswith("| `")
        for cells in [line.strip("|").split("|")]
    }
    forms = {}
    for row in _stated(numbers).itertuples():
        name = numbers_macros.macro_name(row.number_id)
        forms[row.number_id] = {
            "tex": macros[name],
            "json": entries[row.number_id]["text"],
            "md": markdown[name],
        }
    return forms


@pytest.mark.parametrize("lang", LANGS)
def test_no_published_number_reads_more_exact_than_its_row(numbers, lang):
    published = _published(numbers, lang)
    for row in _stated(numbers).itertuples():
        for form, text in published[row.number_id].items():
            plain = text.replace("--", "–").replace("\\,", "\u202f")
            mark = TEX_MARK[row.status] if form == "tex" else MARK[row.status]
            assert plain.endswith(mark), (row.number_id, form, text, row.status)
            if row.qualifier in MUST_READ[lang]:
                assert re.search(MUST_READ[lang][row.qualifier], plain), (
                    row.number_id,
                    form,
                    text,
                    row.qualifier,
                )
            elif row.qualifier == "range":
                assert re.search(r"\d–\d", plain), (row.number_id, form, text)
            else:
                assert not re.search(ANY_HEDGE[lang], plain), (row.number_id, form, text)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bare_number_is_published_only_as_a_named_bound(numbers, lang):
    macros = _macros(numbers_macros.to_tex(numbers, lang))
    exact_years = {
        numbers_macros.macro_name(r.number_id)
        for r in _stated(numbers).itertuples()
        if r.qualifier == "exact" and r.unit == "year"
    }
    for name, body in macros.items():
        if re.fullmatch(r"[\d.,\\]+", body) and name not in exact_years:  # a calendar year is its own phrase
            assert name.endswith(("LowerBound", "UpperBound")), (name, body)
    entries = json.loads(numbers_macros.to_json(numbers, lang))["numbers"]
    expected = {
        "more_than": "LowerBound",
        "at_least": "LowerBound",
        "less_than": "UpperBound",
        "at_most": "UpperBound",
    }
    for number_id, entry in entries.items():
        bound, qualifier = entry.get("bound_macro"), entry["qualifier"]
        if qualifier in expected:
            assert bound is not None and bound.endswith(expected[qualifier]), (number_id, bound)
        elif number_id.endswith(("-min", "-max")) and qualifier in ("range", "about"):
            assert bound.endswith("LowerBound" if number_id.endswith("-min") else "UpperBound"), number_id
        else:
            assert bound is None, (number_id, bound)


def test_hedged_evidence_never_has_an_exact_qualifier(numbers):
    hedged = numbers[numbers["evidence"].str.contains(THESIS_HEDGES)]
    assert len(hedged) >= 10  # the pattern finds the hedges at all
    exact = hedged[hedged["qualifier"] == "exact"]
    assert exact.empty, exact[["number_id", "evidence"]].to_string()


def test_every_range_end_has_its_other_end(numbers):
    ends = numbers[numbers["qualifier"] == "range"]
    assert len(ends)
    ids = set(numbers["number_id"])
    for number_id in ends["number_id"]:
        assert number_id.endswith(("-min", "-max")), number_id
        other = number_id[:-4] + ("-max" if number_id.endswith("-min") else "-min")
        assert other in ids, number_id


def test_a_range_shows_both_ends_in_both_macros(numbers):
    macros = _macros(numbers_macros.to_tex(numbers, "nb"))
    assert macros["KVPcaseloadMin"] == macros["KVPcaseloadMax"] == "12--17 deltakere"
    assert macros["KVPcaseloadMinLowerBound"] == "12"
    assert macros["KVPcaseloadMaxUpperBound"] == "17"


def test_the_examples_of_the_issue_keep_their_hedges(numbers):
    nb = _macros(numbers_macros.to_tex(numbers, "nb"))
    en = _macros(numbers_macros.to_tex(numbers, "en"))
    assert nb["KVPdischargedShareAfterAssessment"] == "mer enn 50 prosent"
    assert en["KVPdischargedShareAfterAssessment"] == "more than 50 per cent"
    assert en["KVPsupervisorsFollowedMin"] == "more than 20 supervisors"
    assert en["KVPanalysisBreakYears"] == "under 1 year"
    assert en["KVPfieldworkTotalYears"] == "more than 2 years"
    assert en["KVPerikaParticipantAge"] == "under 50 years"
    assert en["KVPteamSizeMin"].endswith("\\textsuperscript{?}")


def test_derived_and_figurative_numbers_get_no_macro(numbers):
    other = numbers[numbers["kind"] != "stated"]
    assert len(other)
    for lang in LANGS:
        macros = _macros(numbers_macros.to_tex(numbers, lang))
        for number_id in other["number_id"]:
            assert not any(name.startswith(numbers_macros.macro_name(number_id)) for name in macros), (
                number_id
            )


def test_both_languages_publish_the_same_macros(numbers):
    nb, en = (set(_macros(numbers_macros.to_tex(numbers, lang))) for lang in LANGS)
    assert nb == en
    assert all(re.fullmatch(r"KVP[A-Za-z]+", name) for name in nb)


def test_numbers_are_written_as_each_language_writes_them():
    assert numbers_macros.number_text(37.5, "nb") == "37,5"
    assert numbers_macros.number_text(37.5, "en") == "37.5"
    assert numbers_macros.number_text(30000, "nb") == "30\u202f000"
    assert numbers_macros.number_text(30000, "en") == "30,000"
    assert numbers_macros.number_text(2012, "en") == "2012"


def _row(**values):
    base = {
        "number_id": "x",
        "unit": "years",
        "value": 2.0,
        "qualifier": "exact",
        "status": "stated",
        "kind": "stated",
    }
    return next(pd.DataFrame([{**base, **values}]).itertuples())


def test_an_unknown_unit_or_a_lone_range_end_is_a_clear_error():
    with pytest.raises(numbers_macros.NumbersError, match="unit 'fortnights'"):
        numbers_macros.phrase(_row(unit="fortnights"), "en")
    with pytest.raises(numbers_macros.NumbersError, match="needs the row 'team-max'"):
        numbers_macros.phrase(_row(number_id="team-min", qualifier="range"), "en", {})
    with pytest.raises(ValueError, match="lang must be one of"):
        numbers_macros.phrase(_row(), "de")


def test_macro_names_are_camel_case():
    assert numbers_macros.macro_name("caseload-min") == "KVPcaseloadMin"
    assert numbers_macros.macro_name("fieldwork-years") == "KVPfieldworkYears"
