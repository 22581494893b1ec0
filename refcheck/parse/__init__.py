"""parse stage: a printed (or BibTeX/RIS-structured) reference -> ``Reference``."""

from refcheck.parse.normalise import normalise_text
from refcheck.parse.pages import expand_page_range
from refcheck.parse.reference import parse_reference

__all__ = ["expand_page_range", "normalise_text", "parse_reference"]
