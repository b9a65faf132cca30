"""The identity of the reference text and the matching of evidence against it.

A locator is a line range in the reference text. A snippet matches when, with every run of
whitespace (line breaks included) folded to one space, it occurs inside the text of its lines.
The elision mark ``[…]`` lets a snippet step over debris such as a page number: each part
must then occur, in order, inside the same lines.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from analysis.errors import PathError

ELISION = "[…]"
_LINES = re.compile(r"([0-9]+)(?:-([0-9]+))?")  # ASCII digits only: \d also takes ١٢


def fold(text: str) -> str:
    """Every run of whitespace (line breaks included) as one space, none at the ends."""
    return " ".join(text.split())  # str.split() splits on exactly what the regex \\s+ matches


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_lines(value: str) -> tuple[int, int] | None:
    """``"7110-7126"`` -> (7110, 7126); ``"7110"`` -> (7110, 7110); anything else -> None."""
    match = _LINES.fullmatch(value.strip())
    if not match:
        return None
    start = int(match[1])
    end = int(match[2] or match[1])
    return (start, end) if start >= 1 and end >= start else None


@dataclass(frozen=True)
class ReferenceText:
    path: Path
    lines: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> ReferenceText:
        """The text at ``path``; PathError if it is missing, a folder, unreadable or not UTF-8 text."""
        path = Path(path)
        if not path.is_file():
            what = "a folder" if path.is_dir() else "not found"
            raise PathError(f"reference text {path}: {what} — the thesis as a UTF-8 text file")
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as error:
            raise PathError(f"reference text {path}: {error.strerror} — a readable file") from None
        except UnicodeDecodeError as error:
            raise PathError(
                f"reference text {path}: byte {error.start} is not UTF-8 — the thesis as UTF-8 text"
            ) from None
        if "\x00" in text:
            raise PathError(f"reference text {path}: holds NUL bytes — text, not a binary file")
        return cls(path=path, lines=tuple(text.split("\n")))

    @cached_property
    def sha256(self) -> str:
        return sha256_file(self.path)

    @cached_property
    def _folded(self) -> tuple[str, ...]:
        return tuple(fold(line) for line in self.lines)

    def span(self, start: int, end: int) -> str:
        """Lines ``start``..``end``, whitespace folded (each line folded once, then joined)."""
        return " ".join(line for line in self._folded[start - 1 : end] if line)

    def contains(self, snippet: str, start: int, end: int) -> bool:
        """Whether ``snippet`` occurs within lines ``start``..``end`` (1-based, inclusive)."""
        if end > len(self.lines):
            return False
        haystack = self.span(start, end)
        if ELISION not in snippet:  # the common case, without the loop over parts
            needle = fold(snippet)
            return bool(needle) and needle in haystack
        position = 0
        parts = [fold(part) for part in snippet.split(ELISION)]
        if not any(parts):
            return False
        for part in parts:
            if not part:
                continue
            found = haystack.find(part, position)
            if found < 0:
                return False
            position = found + len(part)
        return True
