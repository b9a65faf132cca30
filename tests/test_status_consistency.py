"""Status, strictly (DATA_MODEL.md): checkable rules for when a row may say `stated`.

Each rule reads the row's own evidence snippet, so equal evidence gets equal status: a row is `stated`
only if its snippet carries the words that say the claim (a for or against, a role title, a position's
name, a decision). Each rule is also run on a made-up row that breaks it, so the test can fail.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import data, paths

HEDGE = re.compile(r"\b(kanskje|tror|trolig|nok|muligens|antakelig)\b", re.IGNORECASE)

# The words in which chapter 8 says a sanction is wanted, refused, or replaced by another measure.
SANCTION = r"(ut av programmet|trekk\w*|stans\w*|stopp\w*|reduser\w*|sluppet|skrives ut)"
FOR_SANCTION = re.compile(rf"\b{SANCTION}", re.IGNORECASE)
AGAINST_SANCTION = re.compile(
    rf"\bikke\b[^.?!]*\b{SANCTION}|\b(ha|beholde) (ham|henne|deltakeren) i programmet|\bforsøke en runde",
    re.IGNORECASE,
)
ALTERNATIVE = re.compile(
    r"\b(avklaring|koble|uføretrygd|test|legen|utredning|hjem til|spørre|brev|permisjon)\w*", re.IGNORECASE
)
NEGATION = re.compile(r"\bikke\b", re.IGNORECASE)


def _folded(text: str) -> str:
    return " ".join(str(text).split())


def direction_problems(frame: pd.DataFrame) -> list[str]:
    """A `stated` direction needs its marker in the evidence; a stated for or against may not be hedged."""
    problems = []
    for row in frame.itertuples():
        if row.status != "stated":
            continue
        evidence = _folded(row.evidence)
        if row.direction == "for_sanction":
            ok = (
                FOR_SANCTION.search(evidence) and not NEGATION.search(evidence) and not HEDGE.search(evidence)
            )
        elif row.direction == "against_sanction":
            ok = AGAINST_SANCTION.search(evidence) and not HEDGE.search(evidence)
        else:
            ok = ALTERNATIVE.search(evidence)
        if not ok:
            problems.append(
                f"{row.consideration_id}: {row.direction} stated, but the evidence does not say it"
            )
    return problems


def role_problems(frame: pd.DataFrame) -> list[str]:
    """A role is `stated` exactly when the snippet puts the title next to the pseudonym ('veileder Lene')."""
    problems = []
    for row in frame.itertuples():
        if row.role == "annen":
            continue  # a relation ('sin sønn Adrian'), not a title
        name, role = re.escape(row.pseudonym), re.escape(row.role)
        titled = re.search(
            rf"\b{role}(en)?\s+{name}s?\b|\b{name},?\s+(som er\s+)?{role}",
            _folded(row.evidence),
            re.IGNORECASE,
        )
        if bool(titled) != (row.status == "stated"):
            problems.append(
                f"{row.person_id}: role {row.status}, but the evidence {'does' if titled else 'does not'}"
                " title the person"
            )
    return problems


POSITION_STEMS = {
    "formynderen": "formynder",
    "tilretteleggeren": "tilrettelegger",
    "den-abdiserte": "abdiser",
}
RANK_WORDS = re.compile(r"\b(første|tredje|ytterpunkt\w*|rangert|rangering|rang)\b", re.IGNORECASE)


def position_problems(positions: pd.DataFrame, values: pd.DataFrame) -> list[str]:
    """A rank is stated only where the snippet ranks; a value only where its snippet names the position.

    Values drawn from a case in 7.3 describe a supervisor; tying them to a 7.4.2 position is a link
    across passages, so `inferred`, unless the cited words themselves name the position.
    """
    problems = [
        f"supervisor_positions {row.position_id}: stated, but the evidence gives no rank"
        for row in positions.itertuples()
        if row.status == "stated" and not RANK_WORDS.search(_folded(row.evidence))
    ]
    for row in values.itertuples():
        if row.status == "stated" and POSITION_STEMS[row.position_id] not in _folded(row.evidence).lower():
            problems.append(
                f"supervisor_position_values {row.position_id}/{row.dimension}: stated, "
                "but the evidence does not name the position"
            )
        if row.dimension in ("rank", "continuum_end") and row.status == "stated":
            problems.append(
                f"supervisor_position_values {row.position_id}/{row.dimension}: a place on the "
                "continuum is our reading"
            )
    return problems


DECISION = re.compile(
    r"\b(besluttet|vedtok|vedtak om|ble (stanset|trukket|skrevet ut|avsluttet)"
    r"|konkluderte (de|teamet|møtet) med)\b",
    re.IGNORECASE,
)


def outcome_problems(frame: pd.DataFrame) -> list[str]:
    """An outcome other than unknown needs evidence of a decision, never the prior practice's evidence."""
    problems = []
    for row in frame.itertuples():
        if row.outcome == "unknown":
            if "no decision" not in row.outcome_en.lower():
                problems.append(
                    f"{row.case_id}: unknown outcome, but outcome_en does not say no decision is reported"
                )
            continue
        if not DECISION.search(_folded(row.evidence)):
            problems.append(f"{row.case_id}: outcome {row.outcome}, but the evidence states no decision")
        prior = row.prior_practice_evidence
        if isinstance(prior, str) and _folded(prior) in _folded(row.evidence):
            problems.append(f"{row.case_id}: outcome {row.outcome} rests on the supervisor's prior practice")
    return problems


TENSION_WORDS = re.compile(r"spenning|motstrid|motsetning|dilemma", re.IGNORECASE)


def tension_problems(frame: pd.DataFrame) -> list[str]:
    return [
        f"{row.tension_id}: stated, but the evidence does not name a tension"
        for row in frame.itertuples()
        if row.status == "stated" and not TENSION_WORDS.search(_folded(row.evidence))
    ]


def label_key(label: str) -> str:
    """Fold the forms of one term ('mål–middel-orientert', 'mål–middel-orientering') to one key."""
    key = re.sub(r"[\s\-–—/]+", "", label.lower())
    return re.sub(r"(ering|ert|ing|ene|en|et|e)$", "", key)


def duplicate_labels(values: pd.Series) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for value in sorted(values.dropna().unique()):
        key = label_key(value)
        if key in seen:
            problems.append(f"{seen[key]!r} and {value!r} name one concept")
        seen.setdefault(key, value)
    return problems


# The tables this sweep covers; numbers, excerpts, codes and the figure data have their own tests.
SWEPT = [
    "persons",
    "cases",
    "supervisor_positions",
    "supervisor_position_values",
    "sanction_cases",
    "sanction_considerations",
    "sanction_functions",
    "sanction_tensions",
    "programme_elements",
    "weekly_schedule",
    "unclassified_stances",
    "findings",
    "intake_initiatives",
    "activity_requirement_purposes",
    "activation_sides",
    "activation_elements",
    "settings",
    "thesis_sections",
    "real_people",
]


@pytest.fixture(scope="module")
def tables():
    return data.load(paths.DATA)


def _rows(columns: str, *values: tuple) -> pd.DataFrame:
    return pd.DataFrame(values, columns=columns.split())


# Each rule, the tables it reads, and made-up rows that break it (with how many problems they must raise).
RULES = {
    "a direction is stated only where the evidence says it": (
        direction_problems,
        ["sanction_considerations"],
        [
            _rows(
                "consideration_id direction status evidence",
                ("k8-900", "for_sanction", "stated", "Han er for lat til å jobbe."),
                ("k8-901", "for_sanction", "stated", "Jeg kan ikke se per i dag at vi kan stoppe summen."),
                ("k8-902", "against_sanction", "stated", "Kanskje vi ikke har blitt kjent med ham"),
                ("k8-903", "for_sanction", "inferred", "Han er for lat til å jobbe."),
            )
        ],
        3,
    ),
    "equal evidence gives a role equal status, both ways": (
        role_problems,
        ["persons"],
        [
            _rows(
                "person_id pseudonym role status evidence",
                ("tone", "Tone", "veileder", "stated", "en deltaker Tone hadde ansvaret for"),
                (
                    "lene",
                    "Lene",
                    "veileder",
                    "inferred",
                    "veileder Lene, sosionom med erfaring fra sosialtjenesten",
                ),
            )
        ],
        2,
    ),
    "positions claim no rank or link the text does not give": (
        position_problems,
        ["supervisor_positions", "supervisor_position_values"],
        [
            _rows("position_id status evidence", ("formynderen", "stated", "tre ulike veilederposisjoner")),
            _rows(
                "position_id dimension status evidence",
                (
                    "tilretteleggeren",
                    "premises",
                    "stated",
                    "Deltakeren får tilgang til premissene for å ta valg",
                ),
            ),
        ],
        2,
    ),
    "an outcome is only what the thesis reports, never the prior practice": (
        outcome_problems,
        ["sanction_cases"],
        [
            _rows(
                "case_id outcome outcome_en evidence prior_practice_evidence",
                (
                    "case-x",
                    "deduction",
                    "deduction",
                    "Jeg trekker for alt, men han gir f.",
                    "Jeg trekker for alt",
                ),
            )
        ],
        2,
    ),
    "a tension is stated only where the text names one": (
        tension_problems,
        ["sanction_tensions"],
        [_rows("tension_id status evidence", ("s8-900", "stated", "Sanksjonsregimet er standardisert"))],
        1,
    ),
}


@pytest.mark.parametrize("rule", RULES)
def test_the_data_keep_the_rule(tables, rule):
    check, names, _, _ = RULES[rule]
    assert check(*(tables[name] for name in names)) == []


@pytest.mark.parametrize("rule", RULES)
def test_the_rule_catches_rows_that_break_it(rule):
    check, _, bad, expected = RULES[rule]
    assert len(check(*bad)) == expected


def test_prior_practice_is_kept_apart_from_the_outcome(tables):
    cases = tables["sanction_cases"]
    with_practice = cases[cases["prior_practice_nb"].notna()]
    assert len(with_practice)  # Hilde's 'Jeg trekker for alt' (10397)
    assert (
        with_practice[["prior_practice_en", "prior_practice_lines", "prior_practice_evidence"]]
        .notna()
        .all()
        .all()
    )


def test_every_reading_says_why_in_its_note(tables):
    for name in SWEPT:
        frame = tables[name]
        if "note" not in frame.columns:
            continue
        unexplained = frame[(frame["status"] != "stated") & frame["note"].isna()]
        assert unexplained.empty, (
            f"{name}.csv rows {list(unexplained.index + 2)}: inferred or uncertain without a note"
        )


ENUMERATED_LABELS = [
    ("sanction_considerations", "reasoning_form"),
    ("sanction_considerations", "reasoning_form_analyst"),
    ("programme_elements", "category"),
    ("persons", "role"),
    ("settings", "name_nb"),
    ("supervisor_position_values", "dimension"),
]


@pytest.mark.parametrize(("table", "column"), ENUMERATED_LABELS)
def test_one_concept_has_one_label(tables, table, column):
    assert duplicate_labels(tables[table][column]) == []


def test_the_label_rule_folds_forms_of_one_term():
    assert duplicate_labels(
        pd.Series(["mål–middel-orientert", "mål–middel-orientering", "regelorientert"])
    ) == ["'mål–middel-orientering' and 'mål–middel-orientert' name one concept"]
