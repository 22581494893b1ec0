"""validate stage: which Crossref record is the cited work, and what the reference gets wrong.

``resolve_reference`` finds the record (or says why not), ``check_reference`` folds the
resolution and the field comparisons into a ``CheckedReference``, ``compare_fields`` lists
the disagreements between a reference and a record.
"""

from refcheck.validate.check import check_reference
from refcheck.validate.compare import compare_fields
from refcheck.validate.match import resolve_reference

__all__ = ["check_reference", "compare_fields", "resolve_reference"]
