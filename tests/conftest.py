"""Shared fixtures and helpers for the tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest

from redactor.types import OCR, Quad, TextChar, TextLine

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"


def make_line(
    text: str, x: float = 50, y: float = 50, size: float = 20, source: str = OCR
) -> TextLine:
    """A line of text with exact per-character boxes, as a PDF text layer would give."""
    chars = []
    cx = x
    for ch in text:
        w = size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.55
        chars.append(
            TextChar(ch, Quad(((cx, y), (cx + w, y), (cx + w, y + size), (cx, y + size))), 1.0)
        )
        cx += w
    quad = Quad(((x, y), (cx, y), (cx, y + size), (x, y + size)))
    return TextLine(tuple(chars), quad, 1.0, source)


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not here (only in the project's own workspace)")
    return REALDATA


FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def draw_text_page(lines: list[str], size: int = 32, width: int = 1100) -> np.ndarray:
    """A small white page with ``lines`` of text: for tests that need some real page to read."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed (make fonts)")
    font = ImageFont.truetype(str(FONT), size)
    height = 80 + len(lines) * size * 2
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((50, 40 + i * size * 2), text, font=font, fill=(20, 20, 20))
    return np.asarray(img)
