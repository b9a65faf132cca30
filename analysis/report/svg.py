"""A published SVG, made fit to sit inline in a page beside others.

matplotlib names its groups ``patch_1``, ``text_2`` and its glyphs and clip paths by content, so
two figures on one page would share ids and clip each other. Every id gets a per-figure prefix
(and every reference to it follows); a gid of the ``kvp:<table>:<row>`` convention is kept as
``data-kvp``, which is what the page's script reads, without the ``#part`` that keeps a further
mark of the same rows unique: every part of a mark shows the same evidence.
"""

from __future__ import annotations

import re

from analysis.report.evidence import row_gid

_ID = re.compile(r'\bid="([^"]+)"')
_PROLOG = re.compile(r"\A\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SIZE = re.compile(r'(<svg\b[^>]*?)\swidth="[^"]*"\sheight="[^"]*"')


def gids(svg: str) -> list[str]:
    """The convention's gids in ``svg`` (each without its ``#part``), sorted."""
    return sorted({row_gid(i) for i in _ID.findall(svg) if i.startswith("kvp:")})


def inline(svg: str, prefix: str, label: str) -> str:
    """``svg`` without its prolog and metadata, ids prefixed, scaled to its container."""
    svg = _METADATA.sub("", _PROLOG.sub("", svg))
    ids = set(_ID.findall(svg))

    def rename(match: re.Match) -> str:
        old = match[1]
        new = f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '_', old)}"
        return f'id="{new}" data-kvp="{row_gid(old)}"' if old.startswith("kvp:") else f'id="{new}"'

    svg = _ID.sub(rename, svg)
    svg = re.sub(
        r'(url\(#|href="#)([^)"]+)',
        lambda m: f"{m[1]}{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '_', m[2])}" if m[2] in ids else m[0],
        svg,
    )
    return _SIZE.sub(rf'\1 role="img" aria-label="{label}" class="kvp-figure"', svg, count=1)
