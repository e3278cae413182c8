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
- JPEGs masked well but with the name in EXIF or a comment: must fail;
- masks people make with the tools at hand (see MORE_CLEAN, MORE_LEAKS): a box a little inside
  the name, an app's pixelate of varied cell sizes, blurs of varied strength, white-out on a
  grey scan, an emoji sticker over the eyes (must pass); a highlighter-like translucent box, a
  fine app pixelate, a weak box or Gaussian blur (must fail); PDFs from other writers (object
  streams, Pillow, a scan with an OCR text layer), clean or leaking (see MORE_STRUCTURE_LEAKS).

Each case is a ``Case``: the file written, whether a correct verifier passes it, and the reason
codes (any one of them) a failure must give.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
# Masks people make with the tools at hand (appended after the first styles, so a seed's first
# cases stay what they were):
# - tight_black: a box drawn a little inside the name's ink (tops and bottoms of strokes peek
#   out, no character can be read): must pass;
# - app_mosaic / app_light_mosaic: an editor's or phone app's pixelate (scale down, scale up
#   nearest: cells of uneven size, not on the page's grid), coarse or fine;
# - varied_blur / weak_varied_blur: Gaussian or box blur over a range of strengths;
# - whiteout_grey: white-out boxes on a grey scan (the fill is lighter than the paper);
# - sticker: a phone app's emoji sticker over each face's eyes (a face of its own, with dots
#   for eyes), the other targets in black;
# - highlighter: a translucent box (a highlighter, or a fill with its opacity left low) over
#   one target: the target reads through it.
MORE_CLEAN = ("tight_black", "app_mosaic", "varied_blur", "whiteout_grey", "sticker")
MORE_LEAKS = ("highlighter", "app_light_mosaic", "weak_varied_blur")
ALL_CLEAN = (*CLEAN_STYLES, *MORE_CLEAN)
ALL_LEAKS = (*LEAK_STYLES, *MORE_LEAKS)
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
# Leaks in PDFs written otherwise than by the first cases' writer (pymupdf, classic xref):
# - scan_ocr_layer: a scan masked in its pixels whose invisible OCR text layer (as scanners and
#   OCR tools write it) still holds the name and unit;
# - xmp: the name in XMP metadata only (the Info dictionary is clean);
# - box_over_text_objstm: white boxes drawn over live text, saved with object streams and a
#   cross-reference stream (as Acrobat and office suites write).
MORE_STRUCTURE_LEAKS = ("scan_ocr_layer", "xmp", "box_over_text_objstm")
# Clean PDFs from other writers: a proper redaction saved with object streams; a masked scan
# written by Pillow's PDF writer; a masked scan whose OCR layer holds the other lines only.
MORE_CLEAN_PDFS = ("clean_objstm", "clean_pillow", "clean_scan_ocr")
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
    "scan_ocr_layer": ("hidden_text",),
    "xmp": ("metadata",),
    "box_over_text_objstm": ("hidden_text",),
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
    # A tight box stops this share of the ink's height short of its top and bottom, and up to
    # this share of the height short of its ends.
    tight: tuple[float, float] = (0.05, 0.12)
    tight_ends: float = 0.08
    # An app's pixelate: cells between these (in target heights), coarse and fine.
    app_block: tuple[float, float] = (0.45, 1.5)
    app_light_block: tuple[float, float] = (0.1, 0.25)
    # Blurs of varied strength: Gaussian sigma, or a box kernel's side, in target heights.
    varied_sigma: tuple[float, float] = (0.45, 1.0)
    varied_box: tuple[float, float] = (1.5, 3.0)
    weak_varied_sigma: tuple[float, float] = (0.03, 0.1)
    weak_varied_box: tuple[float, float] = (0.1, 0.3)
    # Opacity of a highlighter-like translucent box.
    highlighter_alpha: tuple[float, float] = (0.3, 0.6)
    # A grey scan's paper level; a sticker's radius in eye distances about the eyes' midpoint.
    grey_paper: tuple[float, float] = (180.0, 215.0)
    sticker_radius: tuple[float, float] = (0.95, 1.3)


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


def _app_mosaic(image: np.ndarray, poly: np.ndarray, block: float) -> np.ndarray:
    """An app's pixelate: the region scaled down by ``block`` (area average) and back up
    (nearest), so cells are uneven (e.g. 4 and 5 px) and start at the region's corner."""
    out = image.copy()
    x0, y0 = np.maximum(np.floor(poly.min(axis=0)).astype(int), 0)
    x1 = min(image.shape[1], int(np.ceil(poly[:, 0].max())))
    y1 = min(image.shape[0], int(np.ceil(poly[:, 1].max())))
    region = out[y0:y1, x0:x1]
    if region.size == 0:
        return out
    rh, rw = region.shape[:2]
    small = cv2.resize(
        region,
        (max(1, round(rw / max(block, 2.0))), max(1, round(rh / max(block, 2.0)))),
        interpolation=cv2.INTER_AREA,
    )
    big = cv2.resize(small, (rw, rh), interpolation=cv2.INTER_NEAREST)
    inside = _mask_of(poly - [x0, y0], region.shape)
    region[inside] = big[inside]
    return out


def _varied_blur(
    image: np.ndarray, poly: np.ndarray, size: float, rng: Rng, sigmas: tuple, boxes: tuple
) -> np.ndarray:
    """A Gaussian blur or a box blur (as many editors offer), its strength drawn from a range."""
    if rng.random() < 0.5:
        return _blur(image, poly, float(rng.uniform(*sigmas)) * size)
    k = max(2, int(round(float(rng.uniform(*boxes)) * size)))
    blurred = cv2.blur(image, (k, k))
    out = image.copy()
    m = _mask_of(poly, image.shape)
    out[m] = blurred[m]
    return out


def _highlighter(image: np.ndarray, poly: np.ndarray, rng: Rng, s: MaskStyle) -> np.ndarray:
    colours = ((255, 235, 60), (120, 230, 120), (250, 140, 200), (60, 60, 60))
    colour = np.array(colours[int(rng.integers(len(colours)))], np.float32)
    alpha = float(rng.uniform(*s.highlighter_alpha))
    out = image.copy()
    m = _mask_of(poly, image.shape)
    out[m] = np.clip((1 - alpha) * out[m] + alpha * colour, 0, 255).astype(np.uint8)
    return out


def _tight_box(item: Item, w: int, h: int, rng: Rng, s: MaskStyle) -> np.ndarray:
    """A box a little inside a text target's ink (see MaskStyle.tight)."""
    q = np.asarray(item.quad, np.float64) * [w, h]
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    t = float(rng.uniform(*s.tight)) * (y1 - y0)
    e0, e1 = rng.uniform(0, s.tight_ends, 2) * (y1 - y0)
    return np.array([[x0 + e0, y0 + t], [x1 - e1, y0 + t], [x1 - e1, y1 - t], [x0 + e0, y1 - t]])


def paint(image: np.ndarray, item: Item, style: str, rng: Rng, s: MaskStyle = STYLE) -> np.ndarray:
    """``image`` with ``item`` masked in ``style`` (a clean or leaking style)."""
    h, w = image.shape[:2]
    poly = _target_polygon(item, w, h, s)
    size = _size(item, w, h)
    if style == "tight_black":
        if item.kind in ("name", "unit"):
            poly = _tight_box(item, w, h, rng, s)
        style = "black"
    if style == "whiteout_grey":
        style = "white"
    if style in ("app_mosaic", "app_light_mosaic"):
        blocks = s.app_block if style == "app_mosaic" else s.app_light_block
        floor = 8 if style == "app_mosaic" else 0
        return _app_mosaic(image, poly, float(rng.uniform(*blocks)) * max(size, floor))
    if style == "varied_blur":
        return _varied_blur(image, poly, max(size, 8), rng, s.varied_sigma, s.varied_box)
    if style == "weak_varied_blur":
        return _varied_blur(image, poly, size, rng, s.weak_varied_sigma, s.weak_varied_box)
    if style == "highlighter":
        return _highlighter(image, poly, rng, s)
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
    if style in ALL_LEAKS and targets:
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
    if style == "sticker":
        image = _stickers(image, [t for t in targets if t.kind == "eyes"], rng)
    for i, item in enumerate(targets):
        if i == leak:
            if style == "half" and item.kind == "eyes":
                continue  # this eye stays in view; the other is covered below
            image = paint(image, item, style, rng)
        elif style == "sticker" and item.kind == "eyes":
            continue
        else:
            others = "black" if style in (*ALL_LEAKS, "sticker") else style
            image = paint(image, item, others, rng)
    return image, (targets[leak].kind if leak >= 0 else "")


def _faces(eyes: list[Item]) -> list[list[Item]]:
    """Eye items grouped by face (consecutive items with the same text)."""
    out: list[list[Item]] = []
    for e in eyes:
        if out and out[-1][0].text == e.text:
            out[-1].append(e)
        else:
            out.append([e])
    return out


def _stickers(image: np.ndarray, eyes: list[Item], rng: Rng, s: MaskStyle = STYLE) -> np.ndarray:
    """A phone app's emoji sticker over each face's eyes (a face's eye items share its text;
    a face cut by its photo's edge may show one): a yellow disc with two dark eyes and a
    smile, or a plain heart-pink disc."""
    out = image.copy()
    h, w = image.shape[:2]
    for face in _faces(eyes):
        boxes = [np.asarray(e.quad, np.float64) * [w, h] for e in face]
        centres = np.array([b.mean(axis=0) for b in boxes])
        # Two eyes: their distance; one: its box is half that distance wide (or less, if cut).
        d = float(np.linalg.norm(centres[-1] - centres[0])) or 2 * float(np.ptp(boxes[0][:, 0]))
        cx, cy = centres.mean(axis=0)
        r = float(rng.uniform(*s.sticker_radius)) * d + 2
        centre = (int(round(cx)), int(round(cy)))
        if rng.random() < 0.7:
            cv2.circle(out, centre, int(round(r)), (250, 205, 40), -1, cv2.LINE_AA)
            cv2.circle(out, centre, int(round(r)), (200, 140, 20), max(1, int(r / 12)), cv2.LINE_AA)
            for side in (-1, 1):
                eye = (int(round(cx + side * 0.38 * r)), int(round(cy - 0.25 * r)))
                axes = (max(1, int(0.1 * r)), max(1, int(0.17 * r)))
                cv2.ellipse(out, eye, axes, 0, 0, 360, (60, 40, 20), -1, cv2.LINE_AA)
            mouth_axes = (max(1, int(0.5 * r)), max(1, int(0.35 * r)))
            mouth = (centre[0], int(round(cy + 0.1 * r)))
            thick = max(1, int(r / 10))
            cv2.ellipse(out, mouth, mouth_axes, 0, 20, 160, (60, 40, 20), thick, cv2.LINE_AA)
        else:
            cv2.circle(out, centre, int(round(r)), (240, 110, 150), -1, cv2.LINE_AA)
    return out


def grey_scan(image: np.ndarray, rng: Rng, s: MaskStyle = STYLE) -> np.ndarray:
    """The page as a grey scan: paper at a grey level (a little tinted, with noise), ink kept."""
    paper = float(rng.uniform(*s.grey_paper))
    tint = rng.uniform(-6, 6, 3)
    out = image.astype(np.float32) * (paper / 255.0) + tint
    out += rng.normal(0, 2.5, image.shape[:2])[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


# --- raster cases -------------------------------------------------------------------------


def raster_case(
    out_dir: Path, idx: int, style: str, seed: int, photos: Sequence, dpi: int = 120
) -> Case:
    rng = np.random.default_rng([seed, idx, 11])
    idt = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
    kind = RASTER_KINDS[idx % len(RASTER_KINDS)]
    if style == "sticker":  # pages with faces
        kind = ("photos", "form")[idx % 2]
    page = make_page(kind, idt, rng, dpi=dpi, photos=photos)
    if style == "whiteout_grey":
        page = replace(page, image=grey_scan(page.image, rng))
    image, leak_kind = mask_raster(page, style, rng)
    fmt = "png" if idx % 2 else "jpeg"
    path = out_dir / f"r{idx:03d}_{style}.{'png' if fmt == 'png' else 'jpg'}"
    Image.fromarray(image).save(path, "PNG" if fmt == "png" else "JPEG", quality=92)
    clean = style in ALL_CLEAN or not leak_kind
    codes = () if clean else (VISIBLE_CODE[leak_kind],)
    if style == "half" and leak_kind in ("name", "unit", "signature"):
        codes = (*codes, "partly_covered")
    if style in ("light_mosaic", "app_light_mosaic") and leak_kind in ("name", "unit", "signature"):
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


def _draw_boxes(
    doc: pymupdf.Document, truths: list, fill: tuple[float, float, float] = (0, 0, 0)
) -> None:
    for page, truth in zip(doc, truths, strict=True):
        for _, rect in _pdf_target_rects(page, truth.items):
            page.draw_rect(rect, color=None, fill=fill, overlay=True)


def pdf_case(out_dir: Path, idx: int, leak: str, seed: int, photos: Sequence) -> Case:
    """A one-page born-digital PDF, masked properly (``leak`` "clean") or with one structure
    leak (see STRUCTURE_LEAKS)."""
    rng = np.random.default_rng([seed, idx, 17])
    idt = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
    kind = ("appraisal", "certificate", "paper", "form")[idx % 4]
    src = out_dir / f".src{idx:03d}.pdf"
    path = out_dir / f"p{idx:03d}_{leak}.pdf"
    if leak in ("scan_ocr_layer", "clean_scan_ocr", "clean_pillow"):
        return _scan_pdf_case(path, kind, idt, leak, rng, photos)
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
    elif leak == "box_over_text_objstm":
        _draw_boxes(doc, truths, fill=(1, 1, 1))
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
    elif leak == "xmp":
        doc.set_xml_metadata(_XMP.format(creator=value))
    if leak in ("clean_objstm", "box_over_text_objstm"):
        doc.save(path, garbage=4, deflate=True, use_objstms=1)
    else:
        doc.save(path, garbage=3, deflate=True)
    doc.close()
    src.unlink()
    clean = leak.startswith("clean")
    codes = () if clean else STRUCTURE_CODES[leak]
    return Case(path, "structure", leak, clean, codes, 1, idt)


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""

# Items whose text a scanner's OCR layer holds (the clean layer leaves the targets out).
_OCR_LAYER_KINDS = ("name", "unit", "other_name", "other_org", "letterhead")


def _scan_pdf_case(
    path: Path, kind: str, idt: Identity, leak: str, rng: Rng, photos: Sequence
) -> Case:
    """A scan masked in black in its pixels, written as a PDF by a scanner's OCR tool (an
    invisible text layer over the image) or by Pillow's PDF writer (image only)."""
    page = make_page(kind, idt, rng, dpi=120, photos=photos)
    image, _ = mask_raster(page, "black", rng)
    clean = leak != "scan_ocr_layer"
    if leak == "clean_pillow":
        Image.fromarray(image).save(path, "PDF", resolution=120.0)
        return Case(path, "structure", leak, True, (), 1, idt)
    h, w = image.shape[:2]
    doc = pymupdf.open()
    pg = doc.new_page(width=595, height=595 * h / w)
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "JPEG", quality=85)
    pg.insert_image(pg.rect, stream=buf.getvalue(), keep_proportion=False)
    for it in page.items:
        if it.kind not in _OCR_LAYER_KINDS or not it.text.strip():
            continue
        if clean and it.kind in TARGET_KINDS:
            continue
        q = np.asarray(it.quad, np.float64) * [pg.rect.width, pg.rect.height]
        x0, y0 = q.min(axis=0)
        y1 = q[:, 1].max()
        size = max(4.0, 0.95 * (y1 - y0))
        pg.insert_text(
            (x0, y1 - 0.1 * size), it.text, fontname="china-s", fontsize=size, render_mode=3
        )
    doc.save(path, garbage=3, deflate=True)
    doc.close()
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
    for style in (*CLEAN_STYLES, *LEAK_STYLES, *MORE_CLEAN, *MORE_LEAKS):
        for _ in range(per_style):
            cases.append(raster_case(out_dir, idx, style, seed, photos))
            idx += 1
    if structure:
        pdfs = ("clean", *STRUCTURE_LEAKS, *MORE_CLEAN_PDFS, *MORE_STRUCTURE_LEAKS)
        for leak in pdfs:
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
