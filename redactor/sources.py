"""Files -> pages. Reads PDFs with pymupdf and images with Pillow; never modifies an input.

Every failure to read becomes an ``InputError`` subclass with a one-line message; callers name the
file, so messages here do not repeat it.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from redactor.detect.text import boxes_cover, text_layer_lines
from redactor.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    TooLargeInputError,
    UnsupportedInputError,
)
from redactor.types import BBox, Page

# Formats redactor reads and writes; folders are walked for these extensions.
EXTENSIONS = {
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".bmp": "bmp",
    ".webp": "webp",
}
_PIL_FORMATS = {
    "JPEG": "jpeg",
    "PNG": "png",
    "TIFF": "tiff",
    "BMP": "bmp",
    "WEBP": "webp",
    "MPO": "jpeg",
}
# Files that come with folders and are nobody's attachment.
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}
_MIN_DPI = 72


@dataclass
class SourceFile:
    """An opened input: its format, page count and what the writer needs to match it."""

    path: Path
    fmt: str
    page_count: int
    # Encoder hints for the output (JPEG quantisation tables, PDF page sizes, ...). Picklable.
    hints: dict[str, Any] = field(default_factory=dict)
    # A PDF stays open from open_source to the last page (opened once); close() lets it go.
    document: Any = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        if self.document is not None:
            self.document.close()
            self.document = None


def is_candidate(path: Path) -> bool:
    """Whether a file found while walking a folder should be processed (or reported)."""
    name = path.name.lower()
    return not name.startswith(".") and name not in _JUNK and not name.startswith("~$")


def sniff_format(path: Path) -> str:
    """The file's real format from its first bytes (extensions lie); raises on empty/unknown."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise CorruptInputError(f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise EmptyInputError("file is empty (0 bytes)")
    if b"%PDF-" in head:
        return "pdf"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as im:
                fmt = _PIL_FORMATS.get(im.format or "")
    except UnidentifiedImageError:
        fmt = None
    except Exception as exc:  # Pillow raises many types on garbage
        raise CorruptInputError(f"cannot read image: {exc}") from exc
    if fmt is None:
        ext = path.suffix.lower()
        if ext in EXTENSIONS:
            raise CorruptInputError(f"not a valid {EXTENSIONS[ext].upper()} file")
        raise UnsupportedInputError(
            "unsupported file type (supported: PDF, JPEG, PNG, TIFF, BMP, WebP)"
        )
    return fmt


def open_source(path: Path) -> SourceFile:
    fmt = sniff_format(path)
    if fmt == "pdf":
        doc = _open_pdf(path)
        try:
            sizes = [(p.rect.width, p.rect.height) for p in doc]
        except Exception:
            doc.close()
            raise
        return SourceFile(path, fmt, len(sizes), {"page_sizes": sizes}, doc)
    hints: dict[str, Any] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                count = getattr(im, "n_frames", 1) if fmt == "tiff" else 1
                if fmt == "jpeg":
                    from PIL import JpegImagePlugin

                    # Re-using the input's quantisation keeps the output about the input's size.
                    hints["qtables"] = getattr(im, "quantization", None)
                    hints["subsampling"] = JpegImagePlugin.get_sampling(im)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooLargeInputError(f"image too large ({exc})") from exc
    except Exception as exc:
        raise CorruptInputError(f"cannot read image: {exc}") from exc
    return SourceFile(path, fmt, count, hints)


def _open_pdf(path: Path):  # noqa: ANN202 - pymupdf.Document
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:
        raise CorruptInputError(f"cannot open PDF: {exc}") from exc
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedInputError("PDF is password-protected; remove the password and try again")
    if doc.page_count == 0:
        doc.close()
        raise EmptyInputError("PDF has no pages")
    return doc


def iter_pages(source: SourceFile, display: str, dpi: int, max_pixels: int) -> Iterator[Page]:
    """The file's pages as images, one at a time (a 300-page PDF is never all in memory)."""
    if source.fmt == "pdf":
        yield from _pdf_pages(source, display, dpi, max_pixels)
    else:
        yield from _image_pages(source.path, display, max_pixels)


def _pdf_pages(source: SourceFile, display: str, dpi: int, max_pixels: int) -> Iterator[Page]:
    own = source.document is None  # already closed: open it again for this walk
    doc = _open_pdf(source.path) if own else source.document
    try:
        for index in range(doc.page_count):
            try:
                page = doc.load_page(index)
                rect = page.rect
                page_dpi = float(dpi)
                area_in = (rect.width / 72) * (rect.height / 72)
                if area_in <= 0:
                    raise CorruptInputError(f"page {index + 1} has no size")
                # A poster-sized page at full resolution would not fit in memory: lower the
                # resolution to fit, down to screen resolution, then give up.
                if area_in * page_dpi**2 > max_pixels:
                    page_dpi = math.floor(math.sqrt(max_pixels / area_in))
                    if page_dpi < _MIN_DPI:
                        raise TooLargeInputError(
                            f"page {index + 1} is too large ({rect.width / 72:.0f}x"
                            f"{rect.height / 72:.0f} in)"
                        )
                scale = page_dpi / 72
                pix = page.get_pixmap(
                    matrix=pymupdf.Matrix(scale, scale), alpha=False, colorspace=pymupdf.csRGB
                )
                image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, 3).copy()
                lines = text_layer_lines(page, scale)
                ocr_boxes = _pdf_ocr_boxes(page, scale, bool(lines), image.shape)
            except (TooLargeInputError, CorruptInputError):
                raise
            except Exception as exc:
                raise CorruptInputError(f"cannot render page {index + 1}: {exc}") from exc
            yield Page(display, index + 1, image, page_dpi, lines, ocr_boxes)
    finally:
        if own:
            doc.close()


def _pdf_ocr_boxes(page, scale: float, has_text: bool, shape: tuple[int, ...]) -> list[BBox] | None:  # noqa: ANN001
    """What to OCR on a PDF page: everything on a scan, else just its pictures and annotations."""
    if not has_text:
        return None
    h, w = shape[:2]
    boxes: list[BBox] = []
    matrix = page.rotation_matrix
    rects = [info["bbox"] for info in page.get_image_info()]
    rects += [annot.rect for annot in page.annots() or []]
    rects += [widget.rect for widget in page.widgets() or []]
    for r in rects:
        rr = pymupdf.Rect(r) * matrix
        if rr.is_empty or rr.is_infinite:
            continue
        boxes.append(BBox(rr.x0 * scale, rr.y0 * scale, rr.x1 * scale, rr.y1 * scale).clip(w, h))
    if boxes_cover(w, h, boxes):
        return None  # a scan with an OCR text layer: read the picture itself too
    return [b for b in boxes if b.width >= 16 and b.height >= 16]


def _to_rgb(frame: Image.Image) -> np.ndarray:
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, rgba)
    elif frame.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(frame, dtype=np.float64)
        top = arr.max() or 1.0
        frame = Image.fromarray((arr * (255.0 / top)).astype(np.uint8), "L")
    return np.asarray(frame.convert("RGB"), dtype=np.uint8).copy()


def _image_pages(path: Path, display: str, max_pixels: int) -> Iterator[Page]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                dpi_info = im.info.get("dpi", (0, 0))
                for number, frame in enumerate(ImageSequence.Iterator(im), start=1):
                    if frame.width * frame.height > max_pixels:
                        raise TooLargeInputError(
                            f"image too large ({frame.width}x{frame.height} pixels)"
                        )
                    upright = ImageOps.exif_transpose(frame) if number == 1 else frame
                    image = _to_rgb(upright)
                    dpi = float(dpi_info[0] if isinstance(dpi_info, tuple) else dpi_info or 0)
                    yield Page(display, number, image, round(dpi, 2), [], None)
    except (TooLargeInputError, CorruptInputError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise TooLargeInputError(f"image too large ({exc})") from exc
    except Exception as exc:  # truncated or broken image data
        raise CorruptInputError(f"cannot decode image: {exc}") from exc


def walk_inputs(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """Expand files and folders into (file, path relative to its input root) pairs, sorted."""
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        if item.is_dir():
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    p = Path(root) / name
                    if is_candidate(p):
                        found.append((p, p.relative_to(item)))
        else:
            found.append((item, Path(item.name)))
    return found
