"""What every report formatter offers: a name and ``render(report) -> str``."""

from __future__ import annotations

from typing import Protocol

from refcheck.models import Report


class Formatter(Protocol):
    #: The name chosen with ``--format``.
    name: str
    #: True when the output is meant for a program (clean stdout, no colour, no banner).
    machine_readable: bool

    def render(self, report: Report) -> str:
        """The whole report as text, ending with a newline."""
        ...
