"""Write a synthetic fieldwork corpus at scale: a reference text and a data package citing it.

Defaults: 100,000 excerpts in 25,000 conversations, 200 codes, 2,000 cases, 300 persons; two or
three codes per excerpt. Everything is drawn from a seeded generator, so a corpus is the same on
every run. Used by bench/scale_bench.py; ``python bench/synthetic_corpus.py DIR`` writes one.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
from pathlib import Path

from analysis import paths

CORE = ("persons", "settings", "cases", "excerpts", "codes", "codings")
WORDS = tuple(
    [
        "deltakeren",
        "programmet",
        "veilederen",
        "praksis",
        "kurs",
        "trekk",
        "stønad",
        "møtet",
        "tiltak",
        "arbeid",
        "helse",
        "tid",
        "oppfølging",
        "avtale",
        "plan",
        "familie",
        "bolig",
        "norsk",
        "språk",
        "lege",
        "behandling",
        "jobb",
        "skole",
        "ansvar",
        "vurdering",
        "samarbeid",
        "kollega",
        "leder",
        "måltall",
        "inntak",
        "skjønn",
        "sanksjon",
        "permisjon",
        "fravær",
        "motivasjon",
    ]
)


def _write(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _name(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join(letters[(index // 26**k) % 26] for k in range(3))


def generate(
    target: Path,
    excerpts: int = 100_000,
    codes: int = 200,
    cases: int = 2_000,
    persons: int = 300,
    seed: int = 7,
) -> Path:
    """Write the corpus into ``target`` (a data dir and ``source.txt`` beside it); returns the source."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []

    def cite(text: str) -> str:
        lines.append(text)
        return str(len(lines))

    person_rows = []
    for i in range(persons):
        pid = f"p-{_name(i)}"
        line = cite(f"Veileder {pid.title()} sa dette i feltet")
        person_rows.append(
            [pid, pid.title(), "veileder", "supervisor", "4.1", line, f"Veileder {pid.title()} sa", "stated"]
        )
    settings = ["kvp-mote", "teammote", "uformell"]
    setting_rows = [
        [s, s, s, "synthetic", "4.2", cite(f"Møtetypen {s} ble brukt"), f"Møtetypen {s} ble", "stated"]
        for s in settings
    ]
    case_rows = []
    for i in range(cases):
        cid = f"case-{_name(i)}-{_name(i // 7)}"
        line = cite(f"Saken {cid} ble drøftet av veilederne")
        case_rows.append(
            [
                cid,
                cid,
                cid,
                "",
                rng.choice(person_rows)[0],
                "8",
                "8.3",
                line,
                f"Saken {cid} ble drøftet",
                "stated",
            ]
        )
    code_rows = [
        [f"k-{_name(i)}", f"kode {i}", f"code {i}", "", "synthetic", "analyst", "", "", "", ""]
        for i in range(codes)
    ]
    excerpt_rows, coding_rows = [], []
    for i in range(excerpts):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
        line = cite(text)
        chapter = rng.choice((6, 7, 8))
        excerpt_id = f"x{chapter}-{i:06d}"
        conversation = f"c{chapter}-{i // 4:06d}"
        excerpt_rows.append(
            [
                excerpt_id,
                conversation,
                str(i % 4 + 1),
                "block",
                f"{chapter}.1",
                line,
                rng.choice(person_rows)[0],
                "",
                rng.choice([*settings, ""]),
                rng.choice(case_rows)[0] if rng.random() < 0.7 else "",
                text,
                "gloss",
                "",
                "stated",
                "",
            ]
        )
        for code in rng.sample(code_rows, rng.randint(2, 3)):
            coding_rows.append([excerpt_id, code[0]])

    source = target.parent / "source.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    descriptor = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in CORE]
    descriptor["sources"][0]["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
    (target / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    header = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}
    padded = {
        "persons": [[*row, "", "", "", ""] for row in person_rows],
        "settings": [[*row, ""] for row in setting_rows],
        "cases": [[*row, ""] for row in case_rows],
        "excerpts": excerpt_rows,
        "codes": code_rows,
        "codings": sorted(set(map(tuple, coding_rows))),
    }
    for name in CORE:
        _write(target / f"{name}.csv", header[name], padded[name])
    return source


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--excerpts", type=int, default=100_000)
    args = parser.parse_args()
    print(generate(args.target, excerpts=args.excerpts))
