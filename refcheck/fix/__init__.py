"""fix stage: checked references -> corrected references, and the file rewritten with them.

``correct`` decides each reference's corrected text (record values for the wrong fields, in a
style); ``text_edit``, ``bib_edit`` and ``docx_edit`` put those texts back into a manuscript of
their format, changing nothing else; ``diff`` shows the change; ``write`` writes it atomically.
"""

from refcheck.fix.correct import FIXABLE_FIELDS, Correction, FixOptions, correct_reference

__all__ = ["FIXABLE_FIELDS", "Correction", "FixOptions", "correct_reference"]
