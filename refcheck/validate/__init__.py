"""validate stage: which Crossref record is the cited work, and what the reference gets wrong.

Pure: it judges the records resolve/ retrieved and sends no request. ``match`` decides
which record is the cited work (``refcheck.resolve.resolve_reference`` asks it at each step
of retrieval), ``check_reference`` folds the resolution and the field comparisons into a
``CheckedReference``, ``compare_fields`` lists the disagreements between a reference and a
record.
"""

from refcheck.validate.check import check_reference
from refcheck.validate.compare import compare_fields

__all__ = ["check_reference", "compare_fields"]
