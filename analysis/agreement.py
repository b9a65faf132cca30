"""Inter-coder agreement: a second coder's coding of our excerpts against ours.

The **unit is the excerpt** (one speaker's turn). For every code, each coder either applied it to
an excerpt or did not, so each code is a yes/no judgement per excerpt. For each code, and over all
codes pooled (every excerpt × code judgement), we report:

- **percent agreement**: the share of excerpts on which the two coders made the same judgement;
- **Cohen's kappa**: agreement corrected for the agreement the coders' own rates would give by
  chance, ``(p_o - p_e) / (1 - p_e)``; undefined where ``p_e = 1`` (a code neither coder used, or one
  both used everywhere);
- **Krippendorff's alpha** (nominal), from the ``krippendorff`` package; undefined likewise.

The second coder's work is a codings CSV in our format (``excerpt_id,code_id``), or a ``.qdpx`` that
a QDA tool exported after recoding the sources we exported. In a project, a coded selection counts
for every excerpt whose turn it overlaps, and where it still holds our own codings (made by our
user), only the other users' codings count. The units are the excerpts of the conversations (one
source each) in which the second coder coded anything: a conversation left uncoded is taken as not
recoded, not as a string of "no" verdicts.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.refiqda import archive, export
from analysis.refiqda.common import ORIGIN, USER_GUID, QdpxError, guid, normal_guid, qname

CODING_COLUMNS = ("excerpt_id", "code_id")


class AgreementError(Exception):
    """Input that cannot be compared: the message names the file, the place and what was expected."""


@dataclass(frozen=True)
class Score:
    """Agreement on one code (``code_id``), or on all codes pooled (``code_id`` None)."""

    code_id: str | None
    units: int  # judgements: excerpts (× codes, when pooled)
    ours: int  # of them, how many we coded yes
    theirs: int
    both: int
    percent: float
    kappa: float  # nan where undefined
    alpha: float  # nan where undefined


@dataclass(frozen=True)
class Comparison:
    units: tuple[str, ...]  # the excerpt ids compared, in table order
    conversations: int  # how many conversations they lie in
    scores: tuple[Score, ...]  # one per code either coder used (codebook order), then the pooled one
    disagreements: pd.DataFrame  # excerpt_id, code_id, ours, theirs (True: coded)
    unused: int  # codes of the codebook that neither coder applied to these units


def cohen_kappa(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Cohen's kappa for two coders' yes/no judgements of the same units."""
    observed = float(np.mean(ours == theirs))
    p_ours, p_theirs = float(np.mean(ours)), float(np.mean(theirs))
    expected = p_ours * p_theirs + (1 - p_ours) * (1 - p_theirs)
    return math.nan if math.isclose(expected, 1.0) else (observed - expected) / (1 - expected)


def krippendorff_alpha(ours: np.ndarray, theirs: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) for two coders' yes/no judgements, from the krippendorff package."""
    import krippendorff  # not at the top: only compare-coding needs it

    data = np.vstack([ours, theirs]).astype(float)
    if len(np.unique(data)) < 2:
        return math.nan  # one value throughout: alpha is 0/0 (the package refuses it)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def score(code_id: str | None, ours: np.ndarray, theirs: np.ndarray) -> Score:
    return Score(
        code_id=code_id,
        units=len(ours),
        ours=int(ours.sum()),
        theirs=int(theirs.sum()),
        both=int((ours & theirs).sum()),
        percent=100 * float(np.mean(ours == theirs)),
        kappa=cohen_kappa(ours, theirs),
        alpha=krippendorff_alpha(ours, theirs),
    )


def compare(
    codes: pd.DataFrame,
    units: list[str],
    ours: set[tuple[str, str]],
    theirs: set[tuple[str, str]],
    conversations: int = 1,
) -> Comparison:
    """Score ``theirs`` against ``ours`` (sets of (excerpt_id, code_id)) on ``units`` (excerpt ids)."""
    if not theirs:
        raise AgreementError("the second coder's work holds no codings of these excerpts — at least one")
    in_units = set(units)
    ours = {pair for pair in ours if pair[0] in in_units}
    used = {code_id for _, code_id in ours | theirs}
    code_ids = [code_id for code_id in codes["code_id"] if code_id in used]
    index = {excerpt_id: row for row, excerpt_id in enumerate(units)}

    def matrix(pairs: set[tuple[str, str]]) -> np.ndarray:
        out = np.zeros((len(code_ids), len(units)), dtype=bool)
        column = {code_id: row for row, code_id in enumerate(code_ids)}
        for excerpt_id, code_id in pairs:
            out[column[code_id], index[excerpt_id]] = True
        return out

    mine, other = matrix(ours), matrix(theirs)
    scores = [score(code_id, mine[row], other[row]) for row, code_id in enumerate(code_ids)]
    scores.append(score(None, mine.ravel(), other.ravel()))
    rows = [
        {
            "excerpt_id": units[unit],
            "code_id": code_ids[row],
            "ours": bool(mine[row, unit]),
            "theirs": bool(other[row, unit]),
        }
        for unit in range(len(units))
        for row in range(len(code_ids))
        if mine[row, unit] != other[row, unit]
    ]
    disagreements = pd.DataFrame(rows, columns=["excerpt_id", "code_id", "ours", "theirs"])
    return Comparison(tuple(units), conversations, tuple(scores), disagreements, len(codes) - len(code_ids))


# --- reading the second coder's work ---------------------------------------------------------------


def _fail(where: str, problems: list[str]) -> None:
    if problems:
        shown = "\n".join(f"  {problem}" for problem in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise AgreementError(f"{where}: {len(problems)} problem(s):\n{shown}{more}")


def read_csv(path: Path, codes: pd.DataFrame, excerpts: pd.DataFrame) -> tuple[list[str], set]:
    """A codings CSV in our format: its units are all our excerpts."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise AgreementError(f"{path}: {error} — a codings CSV with the header excerpt_id,code_id") from error
    missing = [column for column in CODING_COLUMNS if column not in frame.columns]
    if missing:
        raise AgreementError(
            f"{path}: no column(s) {', '.join(missing)} — a codings CSV with the header excerpt_id,code_id"
        )
    known_excerpts, known_codes = set(excerpts["excerpt_id"]), set(codes["code_id"])
    problems = []
    for row, (excerpt_id, code_id) in enumerate(frame[list(CODING_COLUMNS)].itertuples(index=False), start=2):
        if excerpt_id not in known_excerpts:
            problems.append(
                f"row {row}: excerpt_id: {excerpt_id!r} — an excerpt_id of excerpts.csv (unknown excerpt)"
            )
        if code_id not in known_codes:
            problems.append(
                f"row {row}: code_id: {code_id!r} — a code_id of codes.csv (the codebooks differ)"
            )
    _fail(str(path), problems)
    return list(excerpts["excerpt_id"]), set(frame[list(CODING_COLUMNS)].itertuples(index=False, name=None))


@dataclass(frozen=True)
class _OurSource:
    conversation_id: str
    texts: tuple[str, ...]  # the source's text in each language we export
    spans: tuple[tuple[tuple[int, int, str], ...], ...]  # per language: (start, end, excerpt_id)
    names: tuple[str, ...]


def _our_sources(tables: dict[str, pd.DataFrame]) -> dict[str, _OurSource]:
    """Our exported sources by GUID, in both languages: the second coder may have recoded either."""
    found: dict[str, dict] = {}
    for lang in ("nb", "en"):
        entries = export.project(tables, lang)
        root = ET.fromstring(entries["project.qde"])
        for source in root.iter(qname("TextSource")):
            text = entries[archive.member(source)].decode("utf-8")
            spans = tuple(
                (int(s.get("startPosition")), int(s.get("endPosition")), s.get("name"))
                for s in source.iter(qname("PlainTextSelection"))
            )
            entry = found.setdefault(normal_guid(source.get("guid")), {"texts": [], "spans": [], "names": []})
            entry["texts"].append(text)
            entry["spans"].append(spans)
            entry["names"].append(source.get("name"))
    return {
        key: _OurSource(
            value["names"][0].split(" · ")[0],
            tuple(value["texts"]),
            tuple(value["spans"]),
            tuple(value["names"]),
        )
        for key, value in found.items()
    }


def _code_ids(root: ET.Element, codes: pd.DataFrame, where: str) -> dict[str, str]:
    """The project's codable codes mapped to our code_ids, by our GUID or else by our label."""
    by_guid = {guid("code", code_id): code_id for code_id in codes["code_id"]}
    by_name = {}
    for column in ("label_nb", "label_en"):
        by_name.update(dict(zip(codes[column], codes["code_id"], strict=True)))
    mapped, problems = {}, []
    for code in root.iter(qname("Code")):
        if code.get("isCodable") == "false":
            continue
        key = normal_guid(code.get("guid", ""))
        code_id = by_guid.get(key) or by_name.get(code.get("name"))
        if code_id is None:
            problems.append(
                f"Code {key} ({code.get('name')!r}): neither its GUID nor its name is a code of codes.csv"
            )
        else:
            mapped[key] = code_id
    if problems:
        raise AgreementError(
            f"{where}: the codebooks differ — {len(problems)} code(s) not in ours:\n  "
            + "\n  ".join(problems[:20])
        )
    return mapped


def read_qdpx(
    path: Path, tables: dict[str, pd.DataFrame], schema: Path | None
) -> tuple[list[str], set[tuple[str, str]]]:
    """A project a QDA tool exported after recoding our sources: the units are the excerpts of the
    sources it holds; its codings are those of its users other than ours, if it has any."""
    root, files, where = archive.read(path)
    if schema is not None:
        archive.validate(root, schema, where)
    code_ids = _code_ids(root, tables["codes"], where)
    ours_by_guid = _our_sources(tables)
    ours_by_name = {name: key for key, source in ours_by_guid.items() for name in source.names}
    users = {normal_guid(u.get("guid", "")): u.get("name") for u in root.iter(qname("User"))}
    units: list[str] = []
    coded: list[tuple[str, str, bool]] = []  # excerpt_id, code_id, by our user
    problems = []
    for source in root.iter(qname("TextSource")):
        label = f"TextSource {source.get('guid')} ({source.get('name')!r})"
        key = normal_guid(source.get("guid", ""))
        ours = ours_by_guid.get(key) or ours_by_guid.get(ours_by_name.get(source.get("name"), ""))
        if ours is None:
            problems.append(f"{label}: none of the sources we export (unknown excerpts)")
            continue
        member = archive.member(source)
        if member is None:
            text = source.findtext(qname("PlainTextContent")) or ""
        elif member in files:
            text = files[member].decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
        else:
            raise QdpxError(f"{where}: {label}: plainTextPath — a file {member} in the archive")
        if text not in ours.texts:
            problems.append(
                f"{label}: its text is not the text we exported for conversation {ours.conversation_id} "
                "— recode the exported sources without editing their text"
            )
            continue
        spans = ours.spans[ours.texts.index(text)]
        units.extend(excerpt_id for _, _, excerpt_id in spans)
        for selection in source.iter(qname("PlainTextSelection")):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            hit = [excerpt_id for first, last, excerpt_id in spans if first < end and start < last]
            codings = selection.findall(qname("Coding"))
            if codings and not hit:
                problems.append(
                    f"{label}: PlainTextSelection {selection.get('guid')} at {start}–{end} covers no turn "
                    "(unknown excerpt) — a selection within a speaker's words"
                )
            for coding in codings:
                user = normal_guid(coding.get("creatingUser") or selection.get("creatingUser") or "")
                ours_made = user == USER_GUID or users.get(user) == ORIGIN
                code_id = code_ids[normal_guid(coding.find(qname("CodeRef")).get("targetGUID"))]
                coded.extend((excerpt_id, code_id, ours_made) for excerpt_id in hit)
    _fail(where, problems)
    theirs = {(e, c) for e, c, ours_made in coded if not ours_made}
    if coded and not theirs:
        raise AgreementError(
            f"{where}: every coding in it is ours (user {ORIGIN}) — a second coder's codings"
        )
    order = {excerpt_id: n for n, excerpt_id in enumerate(tables["excerpts"]["excerpt_id"])}
    return sorted(set(units), key=order.__getitem__), theirs


def compare_with(other: Path, tables: dict[str, pd.DataFrame], schema: Path | None = None) -> Comparison:
    """Compare ``other`` (a .qdpx or a codings .csv) with our codings in ``tables``."""
    other = Path(other)
    if not other.is_file():
        found = "a folder" if other.is_dir() else "no such file"
        raise AgreementError(f"{other}: {found} — a .qdpx or a codings .csv")
    if other.suffix.lower() == ".qdpx":
        units, theirs = read_qdpx(other, tables, schema)
    elif other.suffix.lower() == ".csv":
        units, theirs = read_csv(other, tables["codes"], tables["excerpts"])
    else:
        raise AgreementError(f"{other}: suffix {other.suffix!r} — .qdpx or .csv")
    if not theirs:
        raise AgreementError(f"{other}: no codings of our excerpts — a second coder's codings (at least one)")
    conversation = dict(
        zip(tables["excerpts"]["excerpt_id"], tables["excerpts"]["conversation_id"], strict=True)
    )
    recoded = {conversation[excerpt_id] for excerpt_id, _ in theirs}
    units = [excerpt_id for excerpt_id in units if conversation[excerpt_id] in recoded]
    ours = set(tables["codings"][list(CODING_COLUMNS)].itertuples(index=False, name=None))
    return compare(tables["codes"], units, ours, theirs, len(recoded))
