"""Files -> pages. Reads PDFs with pymupdf and images with Pillow; never modifies an input.

Every failure to read becomes an ``InputError`` subclass with a one-line message; callers name the
file, so messages here do not repeat it.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import math
import os
import stat
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageOps, ImageSequence

from redactor.detect.text import (
    boxes_cover,
    decodes,
    judge_fonts,
    layer_matrix,
    span_boxes,
    text_layer_lines,
)
from redactor.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    TooLargeInputError,
    UnsupportedInputError,
)
from redactor.types import BBox, Page, TextLine

if TYPE_CHECKING:
    import pymupdf

# pymupdf (0.2 CPU s to import) is imported by the functions that read a PDF, so a run of
# images only never loads it.

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
# The leading bytes (at offset 0) of each image format read. They are checked before the PDF
# header, so a JPEG whose comment holds "%PDF-" is a JPEG (WebP is RIFF....WEBP, see _sniff_bytes).
_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
)
# PDF readers accept the %PDF- header anywhere in the first 1024 bytes (junk before it happens).
_PDF_HEADER_WINDOW = 1024
# Formats whose files may hold several pages (TIFF) or frames (animated PNG and WebP): each is a
# page in the audit and a frame in the output. A JPEG's extra MPO images are not read or written.
_MULTI_FRAME = {"tiff", "png", "webp"}
# Files that come with folders and are nobody's attachment.
_JUNK = {".ds_store", "thumbs.db", "desktop.ini"}
_MIN_DPI = 72


@dataclass(frozen=True)
class PdfDamageSigns:
    """What MuPDF says when a PDF has lost data, as opposed to a harmless repair.

    MuPDF opens a PDF cut short by rebuilding its cross-reference table and then renders what is
    left: missing content streams and images silently become blank or partial pages. A rebuilt
    table alone is harmless (producers often write wrong offsets); lost data is not, so a file
    is refused when one of these signs appears (substrings of MuPDF's warnings).
    """

    # At open: an object cut off in the middle (the file ends inside it).
    truncated: tuple[str, ...] = ("missing 'endobj'", "premature end", "truncated")
    # While a page is loaded, rendered or its text read: something it needs is not there.
    page: tuple[str, ...] = (
        "cannot load content stream",
        "object is not a stream",
        "non-page object in page tree",
        "page tree load failed",
        "cannot find object",
        "premature end",
        "truncated",
        "read error",
    )


PDF_DAMAGE = PdfDamageSigns()


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
    """The file's real format from its leading signature (extensions lie); raises on
    empty/unknown. Only the first bytes decide: a search of the whole file would call a JPEG
    whose comment contains "%PDF-" a PDF."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_PDF_HEADER_WINDOW)
    except OSError as exc:
        raise CorruptInputError(f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise EmptyInputError("file is empty (0 bytes)")
    fmt = _sniff_bytes(head)
    if fmt is None:
        ext = path.suffix.lower()
        if ext in EXTENSIONS:
            raise CorruptInputError(f"not a valid {EXTENSIONS[ext].upper()} file")
        raise UnsupportedInputError(
            "unsupported file type (supported: PDF, JPEG, PNG, TIFF, BMP, WebP)"
        )
    return fmt


def _sniff_bytes(head: bytes) -> str | None:
    """The format named by a file's first bytes, or None."""
    for signature, fmt in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return "pdf"
    return None


@contextlib.contextmanager
def _open_image(path: Path) -> Iterator[Image.Image]:
    """Open an image with Pillow's own size warning off: the limit that holds is redactor's
    (``MaskOptions.max_pixels``, checked on each frame's size before it is decoded). Pillow still
    refuses images beyond twice its cap (about 179 Mpx) before reading them; that is too_large
    as well."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = Image.open(path)
        except Image.DecompressionBombError as exc:
            raise TooLargeInputError(f"image too large ({exc})") from exc
        with im:
            yield im


def open_source(path: Path) -> SourceFile:
    fmt = sniff_format(path)
    if fmt == "pdf":
        import pymupdf

        doc = _open_pdf(path)
        try:
            sizes = [(p.rect.width, p.rect.height) for p in doc]
        except pymupdf.mupdf.FzErrorBase as exc:
            # A page tree that names pages it does not hold (a damaged file, found by fuzzing):
            # the file is corrupt, not a bug in redactor.
            doc.close()
            raise CorruptInputError(f"cannot read the PDF's pages: {exc}") from exc
        except Exception:
            doc.close()
            raise
        return SourceFile(path, fmt, len(sizes), {"page_sizes": sizes}, doc)
    hints: dict[str, Any] = {}
    try:
        with _open_image(path) as im:
            count = _frame_count(im, fmt)
            if fmt == "jpeg":
                from PIL import JpegImagePlugin

                # Re-using the input's quantisation keeps the output about the input's size.
                hints["qtables"] = getattr(im, "quantization", None)
                hints["subsampling"] = JpegImagePlugin.get_sampling(im)
            resolution = _resolution(im.info.get("dpi"))
            if resolution and im.getexif().get(EXIF_ORIENTATION) in EXIF_QUARTER_TURNS:
                resolution = (resolution[1], resolution[0])  # shown turned, as the output is
            if resolution:
                # The output keeps the input's resolution: a fax's 204 x 98 dpi pixels are
                # twice as tall as wide, and without it a viewer shows the page squashed.
                hints["dpi"] = resolution
            if fmt != "jpeg" and count > 1:
                # An animation keeps its timing (the first frame's duration for every frame).
                hints["duration"] = im.info.get("duration") or 100
                hints["loop"] = im.info.get("loop", 0)
    except TooLargeInputError:
        raise
    except Exception as exc:
        raise CorruptInputError(f"cannot read image: {exc}") from exc
    return SourceFile(path, fmt, count, hints)


EXIF_ORIENTATION = 0x0112
EXIF_QUARTER_TURNS = (5, 6, 7, 8)  # orientations that show the stored image turned by 90


def _resolution(dpi: object) -> tuple[float, float] | None:
    """An image's (x, y) dpi as Pillow reports it, or None when it holds none that is sane
    (Pillow gives (1, 1) for a TIFF without a resolution unit)."""
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return None
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError):
        return None
    return (x, y) if 10 <= x <= 10000 and 10 <= y <= 10000 else None


def _frame_count(im: Image.Image, fmt: str) -> int:
    return int(getattr(im, "n_frames", 1)) if fmt in _MULTI_FRAME else 1


def _open_pdf(path: Path):  # noqa: ANN202 - pymupdf.Document
    import pymupdf

    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:
        raise CorruptInputError(f"cannot open PDF: {exc}") from exc
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedInputError("PDF is password-protected; remove the password and try again")
    try:
        damage = _open_damage(doc, pymupdf.TOOLS.mupdf_warnings())
    except RuntimeError as exc:  # MuPDF cannot even count the pages
        damage = str(exc)
    if damage:
        doc.close()
        raise CorruptInputError(f"PDF is damaged or cut short ({damage}); no page was masked")
    if doc.page_count == 0:
        doc.close()
        raise EmptyInputError("PDF has no pages")
    return doc


def _open_damage(doc, warnings_text: str) -> str:  # noqa: ANN001 - pymupdf.Document
    """Why a just-opened PDF cannot be trusted to hold all its pages ('' when it can)."""
    if not doc.is_repaired:
        return ""
    sign = _first_sign(warnings_text, PDF_DAMAGE.truncated)
    if sign:
        return sign
    if doc.page_count == 0:
        return "no page left after repair"
    declared = _declared_page_count(doc)
    if declared is not None and declared != doc.page_count:
        return f"{doc.page_count} of {declared} pages found"
    return ""


def _declared_page_count(doc) -> int | None:  # noqa: ANN001 - pymupdf.Document
    """The page count the PDF's page tree declares, or None when it cannot be read."""
    try:
        kind, ref = doc.xref_get_key(doc.pdf_catalog(), "Pages")
        if kind != "xref":
            return None
        kind, count = doc.xref_get_key(int(ref.split()[0]), "Count")
        return int(count) if kind == "int" else None
    except (ValueError, RuntimeError):
        return None


def _first_sign(warnings_text: str, signs: tuple[str, ...]) -> str:
    """The first of MuPDF's warning lines that contains one of ``signs`` ('' if none)."""
    for line in warnings_text.splitlines():
        if any(sign in line for sign in signs):
            return line.strip()
    return ""


def _page_damage(doc, warnings_text: str) -> str:  # noqa: ANN001 - pymupdf.Document
    """Why a page just loaded and rendered is not whole ('' when it is). On a repaired file any
    warning counts: its page may lean on an object the repair could not recover."""
    sign = _first_sign(warnings_text, PDF_DAMAGE.page)
    if sign or not doc.is_repaired:
        return sign
    lines = [line.strip() for line in warnings_text.splitlines() if line.strip()]
    return lines[0] if lines else ""


def iter_pages(source: SourceFile, display: str, dpi: int, max_pixels: int) -> Iterator[Page]:
    """The file's pages as images, one at a time (a 300-page PDF is never all in memory)."""
    if source.fmt == "pdf":
        yield from _pdf_pages(source, display, dpi, max_pixels)
    else:
        yield from _image_pages(source.path, source.fmt, display, max_pixels)


def _glyph_image(*args: Any) -> np.ndarray | None:
    from redactor.pdf_glyphs import glyph_image  # OpenCV: not needed by a run of images only

    return glyph_image(*args)


def _pdf_pages(source: SourceFile, display: str, dpi: int, max_pixels: int) -> Iterator[Page]:
    import pymupdf

    own = source.document is None  # already closed: open it again for this walk
    doc = _open_pdf(source.path) if own else source.document
    # Per font of this file: whether its text layer says what it draws (text.judge_fonts).
    font_verdicts: dict[str, bool] = {}
    try:
        for index in range(doc.page_count):
            pymupdf.TOOLS.reset_mupdf_warnings()
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
                image = np.frombuffer(pix.samples_mv, np.uint8).reshape(pix.h, pix.w, 3).copy()
                # Asked once, and only where needed: by the layer's spaced-out glyphs (their
                # table rules) or below, by a page with a text layer.
                drawings_of = functools.cache(page.get_drawings)
                lines, unread = _trusted_layer(page, scale, image, font_verdicts, drawings_of)
                drawings = drawings_of() if lines else []
                # Placed images, annotations and fields: listed once (pymupdf builds a text page
                # of the whole page to list the images) for both uses below.
                pictures = _picture_rects(page) if lines else []
                ocr_boxes = _pdf_ocr_boxes(
                    page, scale, drawings, pictures, bool(lines), image.shape, unread
                )
                seal_boxes = _pdf_seal_boxes(
                    page, scale, drawings, pictures, ocr_boxes, image.shape
                )
                glyphs = (
                    _glyph_image(page, drawings, pictures, scale, image.shape)
                    if seal_boxes
                    else None
                )
            except (TooLargeInputError, CorruptInputError):
                raise
            except Exception as exc:
                raise CorruptInputError(f"cannot render page {index + 1}: {exc}") from exc
            # A page that lost part of its content renders blank or partial without an error:
            # masking it would report a clean page that is not the applicant's page.
            damage = _page_damage(doc, pymupdf.TOOLS.mupdf_warnings())
            if damage:
                raise CorruptInputError(
                    f"page {index + 1} of the PDF is damaged or cut short ({damage})"
                )
            yield Page(display, index + 1, image, page_dpi, lines, ocr_boxes, seal_boxes, glyphs)
    finally:
        if own:
            doc.close()


@dataclass(frozen=True)
class VectorTextSettings:
    """Which vector drawings on a born-digital page may be text drawn as outlines (WordArt, text
    boxes exported "as curves", a letterhead or seal pasted as vector art). The text layer does
    not hold such text, so these regions are OCR'd like the page's pictures. In points."""

    # Glyph outlines are paths of many segments; a cell's shading or a rule is one rectangle.
    min_segments: int = 6
    # Fills thinner than this are rules and borders.
    min_side: float = 2.0
    # Fills taller than this are pictures or backgrounds, not a line of text (seals' text, up
    # to a 45 mm seal, stays under it).
    max_height: float = 140.0
    # Fills nearer than this many of their own size (the smaller side, a glyph's size) join one
    # word or line.
    join: float = 0.8
    # Beyond this many glyph-like fills the page is mostly text as outlines: OCR all of it
    # (also bounds the joining, which compares every pair).
    max_fills: int = 400


VECTOR_TEXT = VectorTextSettings()


def _vector_text_rects(drawings: list[dict[str, Any]]) -> list[pymupdf.Rect] | None:
    """Regions of filled vector paths that may be glyphs, joined into words and lines; None
    when there are so many that the whole page should be OCR'd."""
    import pymupdf

    cfg = VECTOR_TEXT
    fills = [
        pymupdf.Rect(d["rect"])
        for d in drawings
        if is_glyph_like_fill(d) and min(d["rect"].width, d["rect"].height) >= cfg.min_side
    ]
    if len(fills) > cfg.max_fills:
        return None
    return _joined(fills, cfg.join)


def is_glyph_like_fill(drawing: dict[str, Any], cfg: VectorTextSettings = VECTOR_TEXT) -> bool:
    """Whether a drawing of pymupdf's ``get_drawings`` is a filled path shaped like a glyph:
    many segments, no taller than a line of text (see VectorTextSettings)."""
    return (
        "f" in (drawing.get("type") or "")
        and len(drawing.get("items", ())) >= cfg.min_segments
        and drawing["rect"].height <= cfg.max_height
    )


def _joined(rects: list[pymupdf.Rect], join: float) -> list[pymupdf.Rect]:
    """Rects merged while any two, each grown by ``join`` x its size, touch."""
    import pymupdf

    groups = [pymupdf.Rect(r) for r in rects]
    merged = True
    while merged:
        merged = False
        out: list[pymupdf.Rect] = []
        for r in groups:
            grown = _grown(r, join)
            for i, o in enumerate(out):
                if grown.intersects(_grown(o, join)):
                    out[i] = o | r
                    merged = True
                    break
            else:
                out.append(r)
        groups = out
    return groups


def _grown(r: pymupdf.Rect, join: float) -> pymupdf.Rect:
    import pymupdf

    pad = join * min(r.height, r.width, 40.0)
    return pymupdf.Rect(r.x0 - pad, r.y0 - pad / 2, r.x1 + pad, r.y1 + pad / 2)


# A margin round a region to OCR on a born-digital page, in points: OCR's line detector needs
# some paper round the text.
_OCR_MARGIN_PT = 3.0


def _trusted_layer(
    page,  # noqa: ANN001 - pymupdf.Page
    scale: float,
    image: np.ndarray,
    font_verdicts: dict[str, bool],
    drawings: Callable[[], list[dict[str, Any]]],
) -> tuple[list[TextLine], list[BBox]]:
    """The page's text-layer lines that say what the page shows, and the boxes (page-image
    pixels) to read from its picture instead: lines that do not decode (TextLayerTrust) and the
    spans of fonts whose layer does not read as what they draw (FontCheckSettings)."""
    raw = page.get_text("rawdict", flags=0)
    matrix = layer_matrix(page, scale)
    # A page with no embedded font uses standard fonts (base 14, Adobe's CJK fonts), whose
    # maps are the reader's own: only an embedded font carries a map that can be wrong.
    if raw.get("blocks") and any(font[1] != "n/a" for font in page.get_fonts()):
        judge_fonts(raw, image, matrix, font_verdicts)
    distrusted = frozenset(font for font, ok in font_verdicts.items() if not ok)
    layer = text_layer_lines(page, scale, raw, distrusted, drawings)
    readable = [decodes(line) for line in layer]
    lines = list(itertools.compress(layer, readable))
    undecoded = [ln.quad.bbox for ln, ok in zip(layer, readable, strict=True) if not ok]
    return lines, undecoded + span_boxes(raw, set(distrusted), matrix)


def _pdf_ocr_boxes(
    page,  # noqa: ANN001 - pymupdf.Page
    scale: float,
    drawings: list[dict[str, Any]],
    pictures: list[pymupdf.Rect],
    has_text: bool,
    shape: tuple[int, ...],
    unread: list[BBox],
) -> list[BBox] | None:
    """What to OCR on a PDF page: everything on a scan, else just its ``pictures`` (images,
    annotations, fields: _picture_rects), vector drawings that may be text drawn as outlines
    and ``unread``, the text whose layer is not what the page shows (_trusted_layer; page-image
    pixels)."""
    if not has_text:
        return None
    vector_text = _vector_text_rects(drawings)
    if vector_text is None:
        return None
    h, w = shape[:2]
    rects = list(pictures)
    rects += [
        r + (-_OCR_MARGIN_PT, -_OCR_MARGIN_PT, _OCR_MARGIN_PT, _OCR_MARGIN_PT) for r in vector_text
    ]
    boxes = _page_boxes(page, scale, rects, w, h)
    grow = _OCR_MARGIN_PT * scale
    boxes += [BBox(b.x0 - grow, b.y0 - grow, b.x1 + grow, b.y1 + grow).clip(w, h) for b in unread]
    if boxes_cover(w, h, boxes):
        return None  # a scan with an OCR text layer: read the picture itself too
    return [b for b in boxes if b.width >= 16 and b.height >= 16]


def _picture_rects(page) -> list[pymupdf.Rect]:  # noqa: ANN001 - pymupdf.Page
    """The page's placed images, annotations (a stamp annotation) and form fields, in points."""
    import pymupdf

    rects = [pymupdf.Rect(info["bbox"]) for info in page.get_image_info()]
    rects += [annot.rect for annot in page.annots() or []]
    rects += [widget.rect for widget in page.widgets() or []]
    return rects


def _page_boxes(page, scale: float, rects: list[pymupdf.Rect], w: int, h: int) -> list[BBox]:  # noqa: ANN001
    """``rects`` (unrotated points) as boxes in the page image's pixels."""
    import pymupdf

    boxes: list[BBox] = []
    matrix = page.rotation_matrix
    for r in rects:
        rr = pymupdf.Rect(r) * matrix
        if rr.is_empty or rr.is_infinite:
            continue
        boxes.append(BBox(rr.x0 * scale, rr.y0 * scale, rr.x1 * scale, rr.y1 * scale).clip(w, h))
    return boxes


# A segment this close to horizontal or vertical (points) is a table rule or a border.
_RULE_SLANT_PT = 0.5


def _is_rectilinear(drawing: dict[str, Any]) -> bool:
    """Whether a vector path is only straight rules and rectangles (a table, an underline, a
    cell's shading): no curve, no slanted line, so no ring, star or glyph of a seal."""
    for item in drawing.get("items", ()):
        op = item[0]
        if op == "re":
            continue
        if op == "qu" and item[1].is_rectangular:
            continue
        if op == "l":
            a, b = item[1], item[2]
            if min(abs(a.x - b.x), abs(a.y - b.y)) <= _RULE_SLANT_PT:
                continue
        return False
    return True


def _pdf_seal_boxes(
    page,  # noqa: ANN001 - pymupdf.Page
    scale: float,
    drawings: list[dict[str, Any]],
    pictures: list[pymupdf.Rect],
    ocr_boxes: list[BBox] | None,
    shape: tuple[int, ...],
) -> list[BBox] | None:
    """Where a seal may be on a PDF page: anywhere (None) on a scan or a page without text
    layer; on a born-digital page, only in its pictures, annotations and vector drawings other
    than straight rules and rectangles (a seal is a placed image or drawn as paths: a ring is a
    curve). An empty list: no seal can be on the page, and the seal search is skipped."""
    import pymupdf

    if ocr_boxes is None:
        return None
    rects = list(pictures)
    rects += [pymupdf.Rect(d["rect"]) for d in drawings if not _is_rectilinear(d)]
    return _page_boxes(page, scale, rects, shape[1], shape[0])


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


def _image_pages(path: Path, fmt: str, display: str, max_pixels: int) -> Iterator[Page]:
    try:
        with _open_image(path) as im:
            dpi_info = im.info.get("dpi", (0, 0))
            frames = itertools.islice(ImageSequence.Iterator(im), _frame_count(im, fmt))
            for number, frame in enumerate(frames, start=1):
                if frame.width * frame.height > max_pixels:
                    raise TooLargeInputError(
                        f"image too large ({frame.width}x{frame.height} pixels; the limit is "
                        f"{max_pixels / 1e6:g} Mpx)"
                    )
                upright = ImageOps.exif_transpose(frame) if number == 1 else frame
                image = _to_rgb(upright)
                dpi = float(dpi_info[0] if isinstance(dpi_info, tuple) else dpi_info or 0)
                yield Page(display, number, image, round(dpi, 2), [], None)
    except (TooLargeInputError, CorruptInputError):
        raise
    except Exception as exc:  # truncated or broken image data
        raise CorruptInputError(f"cannot decode image: {exc}") from exc


@dataclass(frozen=True)
class SkippedEntry:
    """An entry of an input folder that is listed, never opened, with the reason why."""

    path: Path  # as found (under the given input)
    relative: Path
    reason: str


@dataclass
class InputScan:
    """What walking the inputs found: files to process, and entries skipped with a reason."""

    files: list[tuple[Path, Path]] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)


def walk_inputs(inputs: list[Path]) -> list[tuple[Path, Path]]:
    """Expand files and folders into (file, path relative to its input root) pairs, sorted."""
    return scan_inputs(inputs).files


def scan_inputs(inputs: list[Path]) -> InputScan:
    """Walk the inputs. Symbolic links to folders are followed once: a folder reached again (a
    link cycle, or a second link to it) is listed as skipped. Links that loop or point nowhere,
    FIFOs, sockets and devices are listed as skipped and never opened (opening a FIFO waits
    forever). Hidden files and folders and OS junk files are left out."""
    scan = InputScan()
    for item in inputs:
        status = _entry_status(item)
        if isinstance(status, str):
            scan.skipped.append(SkippedEntry(item, Path(item.name), status))
        elif stat.S_ISDIR(status.st_mode):
            _walk_folder(item, item, {(status.st_dev, status.st_ino): item}, scan)
        else:
            scan.files.append((item, Path(item.name)))
    return scan


def _walk_folder(
    root: Path, folder: Path, walked: dict[tuple[int, int], Path], scan: InputScan
) -> None:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        reason = f"cannot list folder: {exc.strerror or exc}"
        scan.skipped.append(SkippedEntry(folder, folder.relative_to(root), reason))
        return
    for name in names:
        path = folder / name
        if name.startswith(".") or not is_candidate(path):
            continue
        relative = path.relative_to(root)
        status = _entry_status(path)
        if isinstance(status, str):
            scan.skipped.append(SkippedEntry(path, relative, status))
        elif stat.S_ISDIR(status.st_mode):
            key = (status.st_dev, status.st_ino)
            if key in walked:
                reason = (
                    f"symbolic link to a folder already walked ({walked[key]}); not followed again"
                )
                scan.skipped.append(SkippedEntry(path, relative, reason))
                continue
            walked[key] = path
            _walk_folder(root, path, walked, scan)
        else:
            scan.files.append((path, relative))


def _entry_status(path: Path) -> os.stat_result | str:
    """The stat of a folder or regular file (links followed), or why the entry is skipped."""
    try:
        status = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop; not opened"
        if path.is_symlink():
            return "broken symbolic link (its target does not exist); not opened"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode):
        return status
    return f"not a regular file ({_special_kind(status.st_mode)}); not opened"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
