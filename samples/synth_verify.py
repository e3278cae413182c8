"""Applicant-masked files with known truth, for ``redactor verify``'s tests and benchmark.

Every case starts from a page of ``samples.synth`` (exact target boxes in its truth) and masks
it the way applicants do, well or badly:

- raster pages (PNG / JPEG) with every target covered by a fill a reader cannot see through
  (black, white, a colour, a strong mosaic, a strong blur): must pass;
- the same with one target missed, half covered (a fill thinner than the line, one eye only),
  weakly blurred or lightly pixelated: must fail with the reason for that target's kind;
- born-digital PDFs whose targets were removed properly (redaction applied): must pass; the same
  with a leak in the structure: boxes drawn over live text, boxes drawn over an intact scan,
  metadata, an annotation, an attachment, a bookmark, a form field, an incremental save that
  keeps the unmasked revision, a hidden layer: must fail;
- JPEGs masked well but with the name in EXIF or a comment: must fail.

Each case is a ``Case``: the file written, whether a correct verifier passes it, and the reason
codes (any one of them) a failure must give.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pymupdf
from PIL import Image

from samples.synth import (
    IDENTITIES,
    TARGET_KINDS,
    BornDigitalSpec,
    Identity,
    Item,
    SynthPage,
    load_face_photos,
    make_born_digital_pdf,
    make_page,
    write_scanned_pdf,
)

Rng = np.random.Generator

CLEAN_STYLES = ("black", "white", "colour", "mosaic", "blur")
LEAK_STYLES = ("missed", "half", "weak_blur", "light_mosaic")
STRUCTURE_LEAKS = (
    "box_over_text",
    "box_over_image",
    "metadata",
    "annotation",
    "attachment",
    "bookmark",
    "form_field",
    "incremental",
    "hidden_layer",
)
# What a failure must say, per leaking target kind / structure leak.
VISIBLE_CODE = {
    "name": "visible_text",
    "unit": "visible_text",
    "seal": "visible_seal",
    "eyes": "visible_eyes",
    "signature": "visible_signature",
}
STRUCTURE_CODES = {
    "box_over_text": ("hidden_text",),
    "box_over_image": ("hidden_image",),
    "metadata": ("metadata",),
    "annotation": ("annotation",),
    "attachment": ("attachment",),
    "bookmark": ("bookmark",),
    "form_field": ("form_field",),
    "incremental": ("earlier_revision",),
    "hidden_layer": ("hidden_layer", "hidden_text"),
}
# Raster page kinds that hold targets of every kind between them.
RASTER_KINDS = ("form", "appraisal", "certificate", "photos", "paper", "summary")


@dataclass(frozen=True)
class MaskStyle:
    """Strengths of the masks drawn (in units of the target's height; eyes: of the eye gap)."""

    # Mosaic cells are drawn between these (a strong one hides, a light one leaves strokes).
    strong_block: tuple[float, float] = (0.6, 1.2)
    strong_sigma: float = 0.6
    light_block: tuple[float, float] = (0.08, 0.22)
    weak_sigma: float = 0.06
    # Margin of an applicant's fill around a target, in target heights.
    margin: float = 0.25
    # A thin fill covers this share of its line (the bottom part).
    thin_share: float = 0.45


STYLE = MaskStyle()


@dataclass
class Case:
    path: Path
    family: str  # raster, structure, exif, mask_output
    style: str  # masking style or structure leak
    should_pass: bool
    codes: tuple[str, ...] = ()  # a failure must give one of these
    pages: int = 1
    identity: Identity | None = None
    leak_kind: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "path": self.path.name,
            "family": self.family,
            "style": self.style,
            "should_pass": self.should_pass,
            "codes": list(self.codes),
            "leak_kind": self.leak_kind,
        }


# --- painting -----------------------------------------------------------------------------


def _target_polygon(item: Item, w: int, h: int, s: MaskStyle) -> np.ndarray:
    """The polygon an applicant fills over a target, in page pixels (margin included)."""
    if item.ellipse is not None:
        cx, cy, rx, ry, ang = item.ellipse
        pts = cv2.ellipse2Poly(
            (int(cx), int(cy)), (int(rx * 1.15) + 3, int(ry * 1.15) + 3), int(ang), 0, 360, 8
        )
        return pts.astype(np.float64)
    q = np.asarray(item.quad, np.float64) * [w, h]
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    m = 0.5 * (y1 - y0) if item.kind == "eyes" else s.margin * (y1 - y0) + 2
    return np.array([[x0 - m, y0 - m], [x1 + m, y0 - m], [x1 + m, y1 + m], [x0 - m, y1 + m]])


def _size(item: Item, w: int, h: int) -> float:
    """A target's scale: text height, seal radius, or an eye's width."""
    if item.ellipse is not None:
        return float(min(item.ellipse[2], item.ellipse[3]))
    q = np.asarray(item.quad, np.float64) * [w, h]
    return (
        float(min(np.ptp(q[:, 0]), np.ptp(q[:, 1])))
        if item.kind != "eyes"
        else float(np.ptp(q[:, 0]))
    )


def _mask_of(poly: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    m = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(m, [np.round(poly).astype(np.int32)], 1)
    return m.astype(bool)


def _mosaic(image: np.ndarray, poly: np.ndarray, block: int) -> np.ndarray:
    out = image.copy()
    x0, y0 = np.floor(poly.min(axis=0)).astype(int)
    x1, y1 = np.ceil(poly.max(axis=0)).astype(int)
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(image.shape[1], x1), min(image.shape[0], y1)
    block = max(2, block)
    region = out[y0:y1, x0:x1]
    for by in range(0, region.shape[0], block):
        for bx in range(0, region.shape[1], block):
            cell = region[by : by + block, bx : bx + block]
            cell[:] = cell.reshape(-1, 3).mean(axis=0).astype(np.uint8)
    return out


def _blur(image: np.ndarray, poly: np.ndarray, sigma: float) -> np.ndarray:
    blurred = cv2.GaussianBlur(image, (0, 0), max(0.5, sigma))
    out = image.copy()
    m = _mask_of(poly, image.shape)
    out[m] = blurred[m]
    return out


def paint(image: np.ndarray, item: Item, style: str, rng: Rng, s: MaskStyle = STYLE) -> np.ndarray:
    """``image`` with ``item`` masked in ``style`` (a clean or leaking style)."""
    h, w = image.shape[:2]
    poly = _target_polygon(item, w, h, s)
    size = _size(item, w, h)
    if style in ("black", "white", "colour"):
        colour = {"black": (0, 0, 0), "white": (255, 255, 255)}.get(
            style, tuple(int(v) for v in rng.integers(30, 220, 3))
        )
        out = image.copy()
        cv2.fillPoly(out, [np.round(poly).astype(np.int32)], colour)
        return out
    if style == "mosaic":
        return _mosaic(image, poly, int(round(rng.uniform(*s.strong_block) * max(size, 8))))
    if style == "blur":
        return _blur(image, poly, s.strong_sigma * max(size, 8))
    if style == "light_mosaic":
        return _mosaic(image, poly, int(round(rng.uniform(*s.light_block) * size)))
    if style == "weak_blur":
        return _blur(image, poly, s.weak_sigma * size)
    if style == "half":
        if item.kind == "eyes":  # the caller covers the other eye only
            return image.copy()
        y0, y1 = poly[:, 1].min(), poly[:, 1].max()
        thin = poly.copy()
        thin[:, 1] = np.clip(thin[:, 1], y1 - s.thin_share * (y1 - y0), y1)
        out = image.copy()
        cv2.fillPoly(out, [np.round(thin).astype(np.int32)], (0, 0, 0))
        return out
    if style == "missed":
        return image.copy()
    raise ValueError(f"unknown style {style!r}")


def _targets(page: SynthPage) -> list[Item]:
    return [it for it in page.items if it.kind in TARGET_KINDS]


def _fragment(item: Item, targets: list[Item]) -> bool:
    """Whether ``item`` is part of a unit wrapped over lines (another target's text holds it
    and is longer)."""
    return item.kind == "unit" and any(
        t.kind == "unit" and item.text != t.text and item.text in t.text for t in targets
    )


def _under_another(item: Item, targets: list[Item], shape: tuple[int, ...]) -> bool:
    """Whether another target's fill covers part of ``item``'s text (eyes: of the eye band)."""
    h, w = shape[:2]
    mine = _mask_of(_target_polygon(item, w, h, STYLE), shape)
    for t in targets:
        if t is item or t.kind == item.kind == "eyes":
            continue
        if (mine & _mask_of(_target_polygon(t, w, h, STYLE), shape)).sum() > 0.1 * mine.sum():
            return True
    return False


def mask_raster(page: SynthPage, style: str, rng: Rng) -> tuple[np.ndarray, str]:
    """The page masked in ``style``: clean styles cover every target; leaking ones leave one
    target (chosen at random) missed, half covered, weakly blurred or lightly pixelated, and
    cover the others in black. Returns the image and the leaking target's kind ("" if none)."""
    targets = _targets(page)
    image = page.image
    leak = -1
    if style in LEAK_STYLES and targets:
        # A fragment of a unit wrapped over two lines is not the unit: leaving one fragment
        # in view (its other part covered) shows part of the name, which no matcher can tell
        # from any other text. The leaking target is a whole one.
        # Nor one that another target's fill covers (a unit under the unit's seal).
        choices = [
            i
            for i, t in enumerate(targets)
            if (style != "half" or t.kind != "seal")
            and not _fragment(t, targets)
            and not _under_another(t, targets, page.image.shape)
        ] or [0]
        leak = int(rng.choice(choices))
    for i, item in enumerate(targets):
        if i == leak:
            if style == "half" and item.kind == "eyes":
                continue  # this eye stays in view; the other is covered below
            image = paint(image, item, style, rng)
        else:
            image = paint(image, item, "black" if style in LEAK_STYLES else style, rng)
    return image, (targets[leak].kind if leak >= 0 else "")


# --- raster cases -------------------------------------------------------------------------


def raster_case(
    out_dir: Path, idx: int, style: str, seed: int, photos: Sequence, dpi: int = 120
) -> Case:
    rng = np.random.default_rng([seed, idx, 11])
    idt = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
    kind = RASTER_KINDS[idx % len(RASTER_KINDS)]
    page = make_page(kind, idt, rng, dpi=dpi, photos=photos)
    image, leak_kind = mask_raster(page, style, rng)
    fmt = "png" if idx % 2 else "jpeg"
    path = out_dir / f"r{idx:03d}_{style}.{'png' if fmt == 'png' else 'jpg'}"
    Image.fromarray(image).save(path, "PNG" if fmt == "png" else "JPEG", quality=92)
    clean = style in CLEAN_STYLES or not leak_kind
    codes = () if clean else (VISIBLE_CODE[leak_kind],)
    if style == "half" and leak_kind in ("name", "unit", "signature"):
        codes = (*codes, "partly_covered")
    if style == "light_mosaic" and leak_kind in ("name", "unit", "signature"):
        codes = (*codes, "weak_mosaic")
    return Case(path, "raster", style, clean, codes, 1, idt, leak_kind, {"page_kind": kind})


def exif_case(out_dir: Path, idx: int, seed: int, photos: Sequence, dpi: int = 120) -> Case:
    """A page masked well, saved as JPEG with the applicant in EXIF or a JPEG comment."""
    rng = np.random.default_rng([seed, idx, 13])
    idt = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
    page = make_page("plain", idt, rng, dpi=dpi, photos=photos)
    image, _ = mask_raster(page, "black", rng)
    exif = Image.Exif()
    where = ("description", "artist", "xp_author", "comment")[idx % 4]
    value = f"{idt.name} {idt.unit}" if idx % 2 else idt.name
    kw: dict = {}
    # Phone apps and editors write UTF-8 (or GB18030) into the ASCII tags.
    if where == "description":
        exif[0x010E] = value.encode("utf-8")
    elif where == "artist":
        exif[0x013B] = value.encode("gb18030")
    elif where == "xp_author":
        exif[0x9C9D] = value.encode("utf-16-le") + b"\0\0"
    else:
        kw["comment"] = value.encode("utf-8")
    path = out_dir / f"x{idx:03d}_exif_{where}.jpg"
    Image.fromarray(image).save(path, "JPEG", quality=92, exif=exif.tobytes(), **kw)
    return Case(path, "exif", where, False, ("metadata",), 1, idt)


# --- PDF cases ----------------------------------------------------------------------------


def _pdf_target_rects(
    page: pymupdf.Page, truth_items: list[Item]
) -> list[tuple[Item, pymupdf.Rect]]:
    w, h = page.rect.width, page.rect.height
    out = []
    for it in truth_items:
        if it.kind not in TARGET_KINDS:
            continue
        q = np.asarray(it.quad, np.float64) * [w, h]
        r = pymupdf.Rect(q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max())
        grow = 0.6 * r.height if it.kind == "eyes" else 0.2 * r.height + 1
        if it.kind == "seal":
            grow = 0.15 * max(r.width, r.height) + 2
        out.append((it, r + (-grow, -grow, grow, grow)))
    return out


def _redact_properly(doc: pymupdf.Document, truths: list) -> None:
    for page, truth in zip(doc, truths, strict=True):
        for _, rect in _pdf_target_rects(page, truth.items):
            page.add_redact_annot(rect, fill=(0, 0, 0))
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)


def _draw_boxes(doc: pymupdf.Document, truths: list) -> None:
    for page, truth in zip(doc, truths, strict=True):
        for _, rect in _pdf_target_rects(page, truth.items):
            page.draw_rect(rect, color=None, fill=(0, 0, 0), overlay=True)


def pdf_case(out_dir: Path, idx: int, leak: str, seed: int, photos: Sequence) -> Case:
    """A one-page born-digital PDF, masked properly (``leak`` "clean") or with one structure
    leak (see STRUCTURE_LEAKS)."""
    rng = np.random.default_rng([seed, idx, 17])
    idt = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
    kind = ("appraisal", "certificate", "paper", "form")[idx % 4]
    src = out_dir / f".src{idx:03d}.pdf"
    path = out_dir / f"p{idx:03d}_{leak}.pdf"
    if leak == "box_over_image":
        page = make_page(kind, idt, rng, dpi=120, photos=photos)
        write_scanned_pdf([page], src)
        doc = pymupdf.open(src)
        pg = doc[0]
        w, h = pg.rect.width, pg.rect.height
        for it in _targets(page):
            q = np.asarray(it.quad, np.float64) * [w, h]
            r = pymupdf.Rect(q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max())
            pg.draw_rect(r + (-3, -3, 3, 3), color=None, fill=(0, 0, 0))
        doc.save(path, garbage=3, deflate=True)
        doc.close()
        src.unlink()
        return Case(path, "structure", leak, False, STRUCTURE_CODES[leak], 1, idt)
    truths = make_born_digital_pdf(
        BornDigitalSpec(idt, (kind,), int(rng.integers(2**31)), photos), src
    )
    doc = pymupdf.open(src)
    if leak == "box_over_text":
        _draw_boxes(doc, truths)
    elif leak == "incremental":
        doc.save(path, garbage=0)
        doc.close()
        doc = pymupdf.open(path)
        _redact_properly(doc, truths)
        doc.save(path, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
        doc.close()
        src.unlink()
        return Case(path, "structure", leak, False, STRUCTURE_CODES[leak], 1, idt)
    else:
        _redact_properly(doc, truths)
    pg = doc[0]
    value = [idt.name, idt.unit][idx % 2]
    if leak == "metadata":
        doc.set_metadata({"author": value, "title": "申报材料"})
    elif leak == "annotation":
        annot = pg.add_text_annot((40, 40), f"请核对：{value}")
        annot.set_info(title="审核")
        annot.update()
    elif leak == "attachment":
        doc.embfile_add("简历.txt", f"姓名：{idt.name}\n单位：{idt.unit}\n".encode(), desc="简历")
    elif leak == "bookmark":
        doc.set_toc([[1, f"{value}申报材料", 1]])
    elif leak == "form_field":
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
        widget.field_name = "applicant"
        widget.field_value = value
        widget.rect = pymupdf.Rect(400, 780, 560, 800)
        pg.add_widget(widget)
    elif leak == "hidden_layer":
        ocg = doc.add_ocg("备注", on=False)
        pg.insert_text((60, 800), value, fontname="china-s", fontsize=10, oc=ocg)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    src.unlink()
    clean = leak == "clean"
    codes = () if clean else STRUCTURE_CODES[leak]
    return Case(path, "structure", leak, clean, codes, 1, idt)


def build_verify_corpus(
    out_dir: Path, seed: int, per_style: int = 2, structure: bool = True, exif: int = 2
) -> list[Case]:
    """Write the corpus into ``out_dir``; ``per_style`` raster pages per masking style."""
    out_dir.mkdir(parents=True, exist_ok=True)
    photos = load_face_photos()
    cases: list[Case] = []
    idx = 0
    for style in (*CLEAN_STYLES, *LEAK_STYLES):
        for _ in range(per_style):
            cases.append(raster_case(out_dir, idx, style, seed, photos))
            idx += 1
    if structure:
        for leak in ("clean", *STRUCTURE_LEAKS):
            cases.append(pdf_case(out_dir, idx, leak, seed, photos))
            idx += 1
    for _ in range(exif):
        cases.append(exif_case(out_dir, idx, seed, photos))
        idx += 1
    return cases


def image_from_pdf(path: Path, dpi: int = 100) -> np.ndarray:
    with pymupdf.open(path) as doc:
        pix = doc[0].get_pixmap(dpi=dpi)
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]


def png_bytes(image: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "PNG")
    return buf.getvalue()


__all__ = ["Case", "build_verify_corpus", "paint", "mask_raster", "math"]
