"""Page images for people to look at: small thumbnails for the report, and a page at the
plan's own pixel size for ``redactor review``.

A PDF page is rendered straight at the size wanted (a thumbnail never costs a full 200 dpi
raster); an image is decoded as ``redactor mask`` decodes it (EXIF orientation applied, every
frame a page), so what is shown has the geometry the plan's polygons refer to.
"""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from redactor.options import DEFAULT_MAX_PIXELS
from redactor.sources import iter_pages, open_source

if TYPE_CHECKING:
    import pymupdf


def thumbnails(path: Path, numbers: Iterable[int], box: tuple[int, int]) -> dict[int, Image.Image]:
    """The pages ``numbers`` (1-based) of ``path``, each scaled to fit in ``box`` (w, h)."""
    wanted = set(numbers)
    with contextlib.closing(open_source(path)) as source:
        if source.fmt == "pdf":
            return {n: _pdf_page(source.document, n, box=box) for n in sorted(wanted)}
        out = {}
        for page in _image_pages(source, max(wanted, default=0)):
            if page.number in wanted:
                image = Image.fromarray(page.image)
                image.thumbnail(box, Image.Resampling.LANCZOS)
                out[page.number] = image
        return out


def full_page(path: Path, number: int, dpi: float, size: tuple[int, int]) -> Image.Image:
    """Page ``number`` of ``path`` at the pixel size its plan was made at (``size``)."""
    with contextlib.closing(open_source(path)) as source:
        if source.fmt == "pdf":
            image = _pdf_page(source.document, number, dpi=dpi)
        else:
            pages = [p for p in _image_pages(source, number) if p.number == number]
            if not pages:
                raise ValueError(f"{path.name} has no page {number}")
            image = Image.fromarray(pages[0].image)
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _image_pages(source, last: int):  # noqa: ANN001, ANN202 - SourceFile -> Iterator[Page]
    pages = iter_pages(source, source.path.name, 72, DEFAULT_MAX_PIXELS)
    return itertools.islice(pages, last)


def _pdf_page(
    doc: pymupdf.Document, number: int, box: tuple[int, int] | None = None, dpi: float = 72
) -> Image.Image:
    import pymupdf  # only for a PDF's pages: a report of images never loads it

    page = doc.load_page(number - 1)
    if box is not None:
        scale = min(box[0] / page.rect.width, box[1] / page.rect.height)
    else:
        scale = dpi / 72
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(scale, scale), alpha=False, colorspace=pymupdf.csRGB
    )
    array = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, 3)
    return Image.fromarray(array.copy())
