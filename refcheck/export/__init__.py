"""export stage: checked references -> BibTeX or CSL-JSON."""

from refcheck.export.bibtex import escape_latex, to_bibtex
from refcheck.export.csl_json import to_csl_json

EXPORT_FORMAT_NAMES: tuple[str, ...] = ("bibtex", "csl-json")

__all__ = ["EXPORT_FORMAT_NAMES", "escape_latex", "to_bibtex", "to_csl_json"]
