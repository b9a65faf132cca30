"""REFI-QDA interchange: the codebook and the coded excerpts for QDA tools (ATLAS.ti, MAXQDA, NVivo, …).

How our tables map onto the standard (QDA-XML 1.0, ``Project-mrt2019.xsd``):

- **codes** become the CodeBook: nested by ``parent_id``, named by ``label_nb`` (or ``label_en``),
  with ``definition_en`` as the Description;
- **excerpts** become PlainTextSelections named by ``excerpt_id``, with ``gloss_en`` as the
  Description, in one plain-text source per chapter (the first number of ``section``): the
  chapter's ``text_nb`` joined in table order by a blank line. Positions count characters
  (Unicode code points) from 0, the end exclusive, so ``text[start:end]`` is the excerpt;
- **codings** become the selections' Codings;
- **persons**, **settings** and participants' **cases** become Cases, each with its selections
  and the variables ``kvp:kind`` and ``kvp:id`` (and a person's ``role``);
- every other column of a code or an excerpt (its evidence: section, lines, status, …) is in a
  note named ``kvp:<table>:<id>``, one ``column: value`` line each, with the row's place in its
  table, so that an import gives back the same tables, row for row.

GUIDs derive from our ids (UUID 5), so they are the same on every run; nothing in the files
carries a date, and the zip's entries are sorted, dated 1980-01-01 and stored uncompressed.
"""

from analysis.refiqda.common import DEFAULT_SCHEMA, QdpxError
from analysis.refiqda.export import FORMATS, export_qdc, export_qdpx, files
from analysis.refiqda.importer import import_qdpx

__all__ = ["DEFAULT_SCHEMA", "FORMATS", "QdpxError", "export_qdc", "export_qdpx", "files", "import_qdpx"]
