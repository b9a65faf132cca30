"""Counting codes, with every count traceable to the excerpts behind it.

``prepare`` joins the codings to their excerpts once, turning every id into an integer code, so
that each analysis after it is integer arithmetic (the corpus can be large). The unit of counting
is stated with each function:

- an **excerpt** (one speaker's turn) counts once for a code however the code was applied;
- a **conversation** (the turns of one quoted exchange, ``conversation_id``) counts once for a
  code if any of its turns carries the code.

Re-quotations (``repeat_of`` set) repeat words already counted, so ``prepare`` leaves them out
unless ``include_repeats=True``. Each counting function has a ``*_ids`` twin that returns the
excerpt ids behind one cell, so a reader can go from any number to the quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

UNITS = ("excerpt", "conversation")
GROUPINGS = ("case_id", "setting_id")


@dataclass(frozen=True)
class Coded:
    """One row per distinct (excerpt, code), every id an integer into its ``labels`` (-1: none)."""

    codes: np.ndarray
    columns: dict[str, np.ndarray]  # excerpt_id, conversation_id, case_id, setting_id -> codes
    labels: dict[str, pd.Index]  # the same keys and code_id -> the ids the integers stand for

    def ids(self, rows: np.ndarray) -> list[str]:
        """The sorted excerpt ids of the selected rows."""
        excerpts = np.unique(self.columns["excerpt_id"][rows])
        return sorted(self.labels["excerpt_id"][excerpts])

    def code(self, code_id: str) -> int:
        return int(self.labels["code_id"].get_indexer([code_id])[0])


def prepare(codings: pd.DataFrame, excerpts: pd.DataFrame, include_repeats: bool = False) -> Coded:
    """Join ``codings`` to ``excerpts`` (codings of unknown excerpts are dropped) and encode the ids."""
    if not include_repeats:
        repeat = excerpts["repeat_of"]
        excerpts = excerpts[repeat.isna() | (repeat == "")]
    excerpt_index = pd.Index(excerpts["excerpt_id"])
    position = excerpt_index.get_indexer(codings["excerpt_id"])
    known = position >= 0
    code_numbers, code_labels = pd.factorize(codings["code_id"].to_numpy()[known], sort=True)
    columns, labels = {"excerpt_id": position[known]}, {"excerpt_id": excerpt_index}
    for name in ("conversation_id", "case_id", "setting_id"):
        values = excerpts[name].to_numpy(dtype=object, na_value=None)
        values[values == ""] = None
        numbers, names = pd.factorize(values, sort=True, use_na_sentinel=True)
        columns[name], labels[name] = numbers[columns["excerpt_id"]], pd.Index(names)
    # A coding listed twice counts once.
    pair = columns["excerpt_id"].astype(np.int64) * max(len(code_labels), 1) + code_numbers
    first = np.flatnonzero(~pd.Series(pair).duplicated().to_numpy())
    labels["code_id"] = pd.Index(code_labels)
    return Coded(
        codes=code_numbers[first],
        columns={name: column[first] for name, column in columns.items()},
        labels=labels,
    )


def _unit_column(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    return "excerpt_id" if unit == "excerpt" else "conversation_id"


def _distinct(units: np.ndarray, codes: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    pair = pd.unique(units.astype(np.int64) * n_codes + codes)  # a hash table: faster than sorting
    return pair // n_codes, pair % n_codes


def code_frequencies(coded: Coded, codes: pd.DataFrame | None = None, unit: str = "excerpt") -> pd.DataFrame:
    """How many excerpts (or conversations) carry each code, most frequent first.

    With ``codes`` (the codebook), every code is listed, the unused with 0.
    """
    n_codes = len(coded.labels["code_id"])
    _, codes_seen = _distinct(coded.columns[_unit_column(unit)], coded.codes, n_codes)
    counts = pd.Series(
        np.bincount(codes_seen, minlength=n_codes), index=coded.labels["code_id"], name="count"
    )
    if codes is not None:
        counts = counts.reindex(codes["code_id"], fill_value=0)
    frame = counts.rename_axis("code_id").reset_index()
    return frame.sort_values(["count", "code_id"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def code_frequency_ids(coded: Coded, code_id: str) -> list[str]:
    return coded.ids(coded.codes == coded.code(code_id))


def cooccurrence(coded: Coded, unit: str = "excerpt", codes: list[str] | None = None) -> pd.DataFrame:
    """Square code × code matrix: the number of units carrying both codes.

    Rule: two codes co-occur in a unit when each is applied to the unit (an excerpt), or to at
    least one of its turns (a conversation). The diagonal is the number of units carrying the
    code. The matrix is symmetric, in ``codes`` order (default: every code, sorted by id).
    """
    all_codes = coded.labels["code_id"]
    wanted = all_codes if codes is None else pd.Index(codes)
    units, code_numbers = _distinct(coded.columns[_unit_column(unit)], coded.codes, len(all_codes))
    position = wanted.get_indexer(all_codes)[code_numbers]
    keep = position >= 0
    # Pair every code of a unit with every code of the same unit (a self-join on the unit), then
    # count the pairs: linear in the codings, where a unit × code product would not be.
    pairs = pd.DataFrame({"unit": units[keep], "code": position[keep]})
    pairs = pairs.merge(pairs, on="unit")
    size = len(wanted)
    flat = np.bincount(pairs["code_x"].to_numpy() * size + pairs["code_y"].to_numpy(), minlength=size * size)
    index = wanted.rename("code_id")
    return pd.DataFrame(flat.reshape(size, size).astype(np.int64), index=index, columns=index)


def cooccurrence_ids(coded: Coded, code_a: str, code_b: str, unit: str = "excerpt") -> list[str]:
    """The excerpts behind one cell of ``cooccurrence``.

    For excerpts: the excerpts carrying both codes. For conversations: within the conversations
    where both codes occur, the turns carrying either; their distinct conversation ids number
    exactly the cell's count.
    """
    units = coded.columns[_unit_column(unit)]
    is_a, is_b = coded.codes == coded.code(code_a), coded.codes == coded.code(code_b)
    both = np.intersect1d(units[is_a], units[is_b])
    return coded.ids(np.isin(units, both) & (is_a | is_b))


def code_by(coded: Coded, by: str) -> pd.DataFrame:
    """Code × ``by`` matrix (``by`` is ``case_id`` or ``setting_id``): excerpts carrying the code there.

    Excerpts with no value in ``by`` (no case, setting not stated) are left out, not guessed.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    groups = coded.columns[by]
    present = groups >= 0
    n_codes, n_groups = len(coded.labels["code_id"]), len(coded.labels[by])
    flat = np.bincount(coded.codes[present] * n_groups + groups[present], minlength=n_codes * n_groups)
    counts = pd.DataFrame(
        flat.reshape(n_codes, n_groups),
        index=coded.labels["code_id"].rename("code_id"),
        columns=coded.labels[by].rename(by),
    )
    return counts[counts.sum(axis=1) > 0]


def code_by_ids(coded: Coded, by: str, code_id: str, value: str) -> list[str]:
    group = coded.labels[by].get_indexer([value])[0]
    return coded.ids((coded.codes == coded.code(code_id)) & (coded.columns[by] == group))
