"""REFI-QDA interchange: the codebook and the coded excerpts for QDA tools (ATLAS.ti, MAXQDA, NVivo, …).

How our tables map onto the standard (QDA-XML 1.0, ``Project-mrt2019.xsd``), and what real QDA
tools need beyond it (QualCoder's importer read line by line: see docs/refi-qda.md):

- **codes** become the CodeBook: nested by ``parent_id``, named by ``label_nb`` (or ``label_en``),
  coloured from their id, with a memo in the project's language as the Description (the
  definition, which exists only in English and says so, the other language's name, the evidence);
- **excerpts** become PlainTextSelections named by ``excerpt_id``, in one plain-text source per
  conversation (``conversation_id``), turns in ``turn`` order, each preceded by a line with the
  speaker and the thesis locator. Positions count characters (Unicode code points) from 0, the
  end exclusive, so ``text[start:end]`` is exactly the turn's words (``text_nb``). Each selection's
  Description is its memo (locator, speaker, setting, our gloss and note, labelled by language);
- **codings** become the selections' Codings;
- **persons**, **settings** and participants' **cases** become Cases, each with its selections
  and the variables ``kvp:kind`` and ``kvp:id`` (and a person's role); every source carries the
  conversation, setting and chapter as variables;
- every other column of a code or an excerpt (its evidence: section, lines, status, …) is in a
  note named ``kvp:<table>:<id>``, one ``column: value`` line each, with the row's place in its
  table and the digest of the memo we wrote, so that an import gives back the same tables, row
  for row, and keeps as memos what another tool changed or added. An excerpt's note is also
  anchored to its turn and referenced from its source, which is how QualCoder reads annotations.

GUIDs derive from our ids (UUID 5), so they are the same on every run. One user, ``kvp-analysis``
(standing for no person), creates everything, at one fixed instant (``CREATED``): the data hold no
date of coding, and the clock would change the bytes. The zip's entries are sorted, dated
1980-01-01 and stored uncompressed.
"""

from analysis.refiqda.common import DEFAULT_SCHEMA, QdpxError
from analysis.refiqda.export import FORMATS, export_qdc, export_qdpx, files
from analysis.refiqda.importer import import_qdpx

__all__ = ["DEFAULT_SCHEMA", "FORMATS", "QdpxError", "export_qdc", "export_qdpx", "files", "import_qdpx"]
