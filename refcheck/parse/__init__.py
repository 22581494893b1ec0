"""parse stage: a printed (or BibTeX/RIS-structured) reference -> ``Reference``.

``parse_reference(raw)`` never raises; what it cannot read it reports as ``parse`` findings
(codes RC001-RC009, documented in docs/findings/). Modules, in the order the grammar runs:
``normalise`` (dashes, quotes, spaces, printed numbers), ``identifiers`` (DOI, PMID, PMCID,
URL and access notes), ``authors`` (the author list and group authors), ``source`` (journal
anchors such as ``2012;25(2):195-206`` and the title/journal split), ``text_grammar`` (the
reference types: article, chapter, book, thesis, report, web page), ``structured``
(BibTeX/RIS fields), ``pages`` (``expand_page_range``).
"""

from refcheck.parse.normalise import normalise_text
from refcheck.parse.pages import expand_page_range
from refcheck.parse.reference import parse_reference

__all__ = ["expand_page_range", "normalise_text", "parse_reference"]
