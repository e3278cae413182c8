"""The identity in free strings (metadata, bookmarks, form fields, file names, a QR code's
payload), matched exactly as ``mask`` matches page text: the strings become pseudo text lines for
``find_identity``."""

from __future__ import annotations

import re

from redactor.detect.match import find_identity
from redactor.options import Identity
from redactor.types import TEXT_LAYER, Finding, Quad, TextChar, TextLine

# Pseudo geometry: each character a 10 x 10 box on its own row, so lines never join.
_CHAR = 10.0
_ROW = 40.0
# Control characters and other noise that split a string into lines.
_BREAK = re.compile(r"[\x00-\x1f\x7f\ufffd]+")
# Longest piece matched at a time; longer strings are cut (with overlap) so matching stays cheap.
_PIECE = 400
_OVERLAP = 60


def _pieces(text: str) -> list[str]:
    out: list[str] = []
    for part in _BREAK.split(text):
        part = part.strip()
        start = 0
        while part[start:]:
            out.append(part[start : start + _PIECE])
            if start + _PIECE >= len(part):
                break
            start += _PIECE - _OVERLAP
    return out


def _line(text: str, row: int) -> TextLine:
    y0 = row * _ROW
    chars = tuple(
        TextChar(
            c,
            Quad(
                (
                    (i * _CHAR, y0),
                    ((i + 1) * _CHAR, y0),
                    ((i + 1) * _CHAR, y0 + _CHAR),
                    (i * _CHAR, y0 + _CHAR),
                )
            ),
            1.0,
        )
        for i, c in enumerate(text)
    )
    return TextLine(chars, Quad.span(chars[0].quad, chars[-1].quad), 1.0, TEXT_LAYER)


def identity_in_text(text: str, identity: Identity) -> list[Finding]:
    """Where the name or unit (aliases, pinyin, OCR-slip tolerance included) appears in ``text``."""
    lines = [_line(p, i) for i, p in enumerate(_pieces(text)) if p]
    return find_identity(lines, identity) if lines else []


def decoded_strings(blob: bytes) -> str:
    """A binary blob (EXIF, XMP, an attachment) read every way text is commonly stored in it,
    joined by line breaks, so a name in UTF-8, UTF-16 or GB18030 is found."""
    parts = []
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
        parts.append(blob.decode(codec, errors="ignore"))
    return "\n".join(parts)
