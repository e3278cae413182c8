"""Official seals (公章): red stamps by colour, grey photocopied ones by structure.

Interface used by ``api``; the detector itself is being written (issue 5).
"""

from __future__ import annotations

from collections.abc import Sequence

from redactor.options import Identity
from redactor.types import Finding, Page, TextLine


def find_seals(page: Page, lines: Sequence[TextLine] = ()) -> list[Finding]:
    """Every seal on the page: kind ``seal``, ``outline`` the polygon to fill (margin included),
    ``text`` what its arc reads (may be empty). ``lines`` are the page's text lines, for telling a
    seal's arc from printed text."""
    return []


def seal_names_unit(text: str, identity: Identity) -> bool:
    """Whether a seal's arc text names the applicant's unit (or one of its aliases)."""
    return False
