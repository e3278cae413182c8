"""Pages of round 10's probes, drawn for the main bench's corpus (version 9; version 11 moves
``pdf_stamp``'s stamp off a distractor).

The lead's round 10 probes (BENCHMARKS.md, "probes drawn outside the generator, round 10") were
drawn by scripts outside samples/. These draw the same cases with truth, one page each:

- the unit's line partly under an opaque e-seal (``eseal_unit``, synth_seals'
  make_eseal_over_unit_page), and the header line 姓名：… 工作单位：… under one (``eseal_header``);
- image formats: ``cmyk_jpeg``, ``alpha_png`` (the paper transparent), ``grey16_png`` (16-bit
  grey), ``exif3`` and ``exif8`` (JPEGs stored turned, with that EXIF orientation), each of an
  ordinary page or of a page with an opaque e-seal over the unit;
- file structure: ``pdf_pua`` (a born-digital PDF whose embedded font's ToUnicode map gives
  private-use code points: the text layer is not what the page shows), ``pdf_crop_rotate`` (a
  crop box off the origin, and on most a /Rotate 90), ``pdf_stamp`` (the seal a Stamp
  annotation with an image appearance), ``word_photo`` (a Word-style export with a photo
  pasted in), ``pdf_spaced`` (a text layer whose glyphs are placed one by one, wide apart);
- layouts: ``monitor`` (a monitor photographed: pixel grid, moire, glare, keystone),
  ``vertical_cert`` (a certificate set in columns, right to left), ``duty_table`` (a duty
  table in 6-7 pt print).

Truth is given in the frame of the pages redactor reads: image pages upright as displayed
(EXIF applied), PDF pages as rendered (crop box and rotation applied).
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pymupdf
from PIL import Image, ImageDraw

from samples import synth, synth_pdf, synth_seals
from samples.synth import (
    A4_MM,
    A4_PT,
    INK,
    RED,
    Identity,
    Item,
    PdfPageTruth,
    SynthPage,
    _ink_box,
    _pick,
    _rect,
    distractor_names,
    get_font,
    make_page,
)

Rng = np.random.Generator

ROUND10_PDF_KINDS = ("pdf_pua", "pdf_crop_rotate", "pdf_stamp", "word_photo", "pdf_spaced")
# Image kinds whose file format is the case itself (the others take the corpus's cycle).
ROUND10_FORMAT_KINDS = {
    "cmyk_jpeg": "jpeg",
    "alpha_png": "png",
    "grey16_png": "png",
    "exif3": "jpeg",
    "exif8": "jpeg",
    "monitor": "jpeg",
}
_STYLES = ("song", "hei", "sans", "kai")
# Fonts embedded in the PDFs whose text layer is drawn glyph by glyph or mapped wrong.
_PDF_FONTS = {
    "hei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "kai": "/usr/share/fonts/truetype/arphic/ukai.ttc",
}
_PUA_START = 0xE000  # the first private-use code point the broken map gives


# ----------------------------------------------------------------------------- image pages
def make_eseal_page(idt: Identity, rng: Rng, *, header: bool = False, dpi: int = 150) -> SynthPage:
    """An opaque e-seal over one of the unit's lines (``header``: over the summary's header
    line 姓名：… 工作单位：…), then none, a tilt, JPEG or noise."""
    kind = "summary" if header else _pick(rng, ("summary", "paper"))
    page, _ = synth_seals.make_eseal_over_unit_page(
        idt, rng, kind, line="header" if header else "any"
    )
    page = synth.degrade(page, _pick(rng, ((), (), ("tilt",), ("jpeg",), ("noise",))), rng)
    return replace(page, kind="eseal_header" if header else "eseal_unit", dpi=dpi)


def _format_page(idt: Identity, rng: Rng, photos: Sequence, dpi: int) -> SynthPage:
    """The page a format kind is written from: half an ordinary page of the usual kinds (photos
    with eyes among them), half one with an opaque e-seal over the unit."""
    if rng.random() < 0.5:
        page, _ = synth_seals.make_eseal_over_unit_page(
            idt, rng, _pick(rng, ("summary", "paper", "certificate"))
        )
    else:
        base = _pick(rng, ("form", "certificate", "appraisal", "summary", "photos"))
        page = make_page(base, idt, rng, dpi=dpi, photos=photos)
    return synth.degrade(page, _pick(rng, ((), (), ("tilt",), ("noise",))), rng)


@dataclass(frozen=True)
class ScreenLook:
    """How a monitor photographed by a phone looks (each field drawn per page in a range)."""

    shown_at: tuple[float, float] = (0.55, 0.8)  # the page's scale on the screen
    pixel: tuple[int, ...] = (2, 2, 3)  # camera pixels a screen pixel covers
    gap: tuple[float, float] = (0.55, 0.8)  # light left in the dark lines between pixels
    moire: tuple[float, float] = (0.05, 0.13)  # depth of the beat pattern
    moire_period: tuple[float, float] = (14.0, 48.0)  # its period, camera pixels
    glare: tuple[float, float] = (45.0, 110.0)  # brightest added light of the glare spot
    keystone: float = 0.035  # corners moved up to this share of the side
    blur: tuple[float, float] = (0.5, 1.1)


def screen_photo(page: SynthPage, rng: Rng, look: ScreenLook = ScreenLook()) -> SynthPage:
    """``page`` shown on a monitor and photographed: shrunk to the screen's pixels, each
    screen pixel enlarged with dark gaps and RGB stripes, turned in perspective inside a dark
    bezel, a moire beat and a glare spot over it. Truth follows every step."""
    page = synth.low_res(page, rng, float(rng.uniform(*look.shown_at)))
    up = int(_pick(rng, look.pixel))
    big = np.repeat(np.repeat(page.image, up, axis=0), up, axis=1).astype(np.float32)
    h, w = big.shape[:2]
    grid = np.ones((h, w, 3), np.float32)
    gap = float(rng.uniform(*look.gap))
    grid[up - 1 :: up] *= gap
    grid[:, up - 1 :: up] *= gap
    for c in range(3):  # the sub-pixels: each colour brightest in its own stripe
        grid[:, c % up :: up, c] *= 1.08
    page = synth._warp_page(page, big * grid, np.diag([up, up, 1.0]), "screen")
    ow, oh = round(w * 1.1), round(h * 1.08)
    src = np.array(_rect(0, 0, w, h), np.float32)
    dst = np.array(_rect(0, 0, w, h), np.float32) * 0.92 + [0.04 * w + 0.05 * w, 0.04 * h]
    dst += rng.uniform(-look.keystone, look.keystone, (4, 2)).astype(np.float32) * [w, h]
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32)).astype(float)
    mc = synth._edge_to_cv(m)
    warped = cv2.warpPerspective(page.image, mc, (ow, oh), flags=cv2.INTER_AREA)
    inside = cv2.warpPerspective(np.ones((h, w), np.float32), mc, (ow, oh))[..., None]
    out = warped * inside + (18 + rng.normal(0, 3, (oh, ow, 3))) * (1 - inside)
    yy, xx = np.mgrid[0:oh, 0:ow].astype(np.float32)
    period, a = float(rng.uniform(*look.moire_period)), float(rng.uniform(0, np.pi))
    beat = np.sin(2 * np.pi * (xx * np.cos(a) + yy * np.sin(a)) / period)
    out *= (1 + float(rng.uniform(*look.moire)) * beat)[..., None]
    gx, gy, gs = rng.uniform(0.2, 0.8) * ow, rng.uniform(0.2, 0.8) * oh, rng.uniform(0.12, 0.3)
    spot = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * (gs * ow) ** 2))
    out += (float(rng.uniform(*look.glare)) * spot)[..., None]
    out = cv2.GaussianBlur(np.clip(out, 0, 255), (0, 0), float(rng.uniform(*look.blur)))
    return synth._warp_page(page, out.astype(np.uint8), m, "monitor")


def make_monitor_page(idt: Identity, rng: Rng, photos: Sequence, dpi: int) -> SynthPage:
    base = _pick(rng, ("form", "certificate", "appraisal", "summary"))
    page = screen_photo(make_page(base, idt, rng, dpi=dpi, photos=photos), rng)
    return replace(page, kind="monitor")


class _Page:
    """A PIL page that records each marked text's ink box as truth (pixels)."""

    def __init__(self, w: int, h: int, paper: tuple[int, int, int]) -> None:
        self.img = Image.new("RGB", (w, h), paper)
        self.draw = ImageDraw.Draw(self.img)
        self.items: list[Item] = []

    def add(self, kind: str, box: Sequence[float], text: str) -> None:
        w, h = self.img.size
        x0, y0, x1, y1 = box
        self.items.append(Item(kind, (np.array(_rect(x0, y0, x1, y1)) / [w, h]).tolist(), text))

    def row(self, x: float, y: float, parts, px: int, style: str, fill=INK) -> float:  # noqa: ANN001
        """Parts (text, kind or None) left to right from baseline (x, y); the x after them."""
        font = get_font(style, px)
        for s, kind in parts:
            self.draw.text((round(x), round(y)), s, font=font, fill=fill, anchor="ls")
            box = _ink_box(font, s, round(x), round(y)) if kind and s.strip() else None
            if box:
                self.add(kind, box, s.strip())
            x += font.getlength(s)
        return x

    def column(self, cx: float, top: float, s: str, px: int, style: str, fill=INK) -> list:  # noqa: ANN001
        """``s`` set down a column centred on ``cx`` from ``top``: each glyph's ink box."""
        font = get_font(style, px)
        step = px * 1.12
        boxes = []
        for i, ch in enumerate(s):
            x, y = round(cx - font.getlength(ch) / 2), round(top + (i + 0.88) * step)
            self.draw.text((x, y), ch, font=font, fill=fill, anchor="ls")
            boxes.append(_ink_box(font, ch, x, y))
        return boxes

    def page(self, kind: str, dpi: int) -> SynthPage:
        needs = any(it.kind in synth.TARGET_KINDS for it in self.items)
        return SynthPage(np.asarray(self.img).copy(), self.items, needs, False, kind, dpi)


def _union(boxes: Sequence) -> tuple[float, float, float, float]:  # noqa: ANN001
    boxes = [b for b in boxes if b]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def make_vertical_cert_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A certificate set in vertical columns read right to left (荣誉证书, 王伟同志, the text,
    the issuer = the unit, wrapped over columns when long, the date), a seal over the issuer.
    Truth: the name's glyphs, each column's piece of the unit, the seal."""
    w, h = _pick(rng, ((1754, 1240), (1240, 1754), (1600, 1100)))
    c = _Page(w, h, _pick(rng, ((252, 247, 233), (255, 255, 255), (250, 244, 228))))
    style = _pick(rng, ("song", "kai", "kai", "hei"))
    c.draw.rectangle((30, 30, w - 31, h - 31), outline=RED, width=6)
    px = min(int(rng.integers(40, 60)), int((w - 280) / 21))  # 21 glyphs across at most
    top, bottom = 110, h - 110
    per_col = int((bottom - top) // (px * 1.12))
    x = w - 140.0
    c.column(x, top, "荣誉证书", int(px * 1.5), "hei", RED)
    x -= px * 3.2
    boxes = c.column(x, top, idt.name + "同志", px, style)
    c.add("name", _union(boxes[: len(idt.name)]), idt.name)
    x -= px * 1.9
    honour = _pick(rng, ("先进工作者", "优秀共产党员", "岗位能手"))
    for s in ("在二〇二四年度工作中", "表现突出成绩显著", f"被评为{honour}", "特发此证以资鼓励"):
        c.column(x, top + px * 1.12 * 2, s[: per_col - 2], px, style)
        x -= px * 1.9
    x -= px * 0.8
    unit_cols = []
    for i in range(0, len(idt.unit), per_col - 1):
        piece = idt.unit[i : i + per_col - 1]
        boxes = c.column(x, top + px * 1.12, piece, px, style)
        c.add("unit", _union(boxes), piece)
        unit_cols.append(x)
        x -= px * 1.9
    c.column(x, top + px * 1.12 * 3, "二〇二五年一月", px, style)
    other = distractor_names(idt.name, rng, 1)[0]
    x -= px * 1.9
    boxes = c.column(x, top + px * 1.12 * 3, "颁发人" + other, px, style)
    c.add("other_name", _union(boxes[3:]), other)
    centre = (float(np.mean(unit_cols)), top + px * 1.12 * (1 + min(len(idt.unit), per_col) / 2))
    scale = 0.9 * min(w, h) / w  # stamp_seal sizes a seal for an A4 page's width
    c.items.append(synth.stamp_seal(c.img, centre, idt.unit, rng, scale=scale))
    return c.page("vertical_cert", dpi)


def make_duty_table_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A month's duty table printed at 6-7 pt: 日期 | 白班 | 夜班 | 科室 | 电话, the unit in the
    header line, the applicant on one to three shifts, others' names (sharing its glyphs) on
    the rest. Truth: the unit, each of the applicant's cells; others' names stay."""
    pt = float(_pick(rng, (6.0, 6.0, 6.5, 7.0)))
    px = max(9, round(pt / 72 * dpi))
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    c = _Page(w, h, (255, 255, 255))
    style = _pick(rng, ("song", "hei", "sans"))
    x0 = round(0.6 * dpi)
    y = round(0.8 * dpi)
    c.row(x0, y, [("2025年3月值班安排表", None)], round(px * 1.6), "hei")
    y += round(px * 2.4)
    c.row(x0, y, [("编制单位：", None), (idt.unit, "unit"), ("    编制：办公室", None)], px, style)
    cols = np.cumsum([0, 6, 6, 6, 10, 12]) * px * 1.25 + x0
    others = distractor_names(idt.name, rng, 6)
    mine = set(rng.choice(np.arange(2, 28), int(rng.integers(1, 4)), replace=False).tolist())
    y += round(px * 1.2)
    rows = [("日期", "白班", "夜班", "科室", "联系电话")]
    for d in range(1, 29):
        day, night = (_pick(rng, others) for _ in range(2))
        rows.append((f"3月{d}日", day, night, _pick(rng, ("内科", "外科", "急诊科")), "1380991"))
    line_h = round(px * 1.7)
    for r, row in enumerate(rows):
        c.draw.line((cols[0] - 4, y, cols[-1], y), fill=(0, 0, 0), width=1)
        for j, cell in enumerate(row):
            if r and j == 4:
                cell += "".join(str(v) for v in rng.integers(0, 10, 4))
            kind = "other_name" if r and j in (1, 2) else None
            if r in mine and j == 1:
                cell, kind = idt.name, "name"
            c.row(cols[j] + 3, y + line_h - round(px * 0.45), [(cell, kind)], px, style)
        y += line_h
    c.draw.line((cols[0] - 4, y, cols[-1], y), fill=(0, 0, 0), width=1)
    for x in cols:
        c.draw.line((x - 4, y - line_h * len(rows), x - 4, y), fill=(0, 0, 0), width=1)
    return c.page("duty_table", dpi)


def make_round10_page(
    kind: str, idt: Identity, rng: Rng, dpi: int = 150, photos: Sequence = ()
) -> SynthPage:
    """One image page of round 10's image kinds (format kinds: the page they are written
    from; write_round10_image writes it in its format)."""
    if kind in ("eseal_unit", "eseal_header"):
        return make_eseal_page(idt, rng, header=kind == "eseal_header", dpi=dpi)
    if kind == "monitor":
        return make_monitor_page(idt, rng, photos, dpi)
    if kind == "vertical_cert":
        return make_vertical_cert_page(idt, rng, dpi=dpi)
    if kind == "duty_table":
        return make_duty_table_page(idt, rng, dpi=dpi)
    if kind in ROUND10_FORMAT_KINDS:
        return replace(_format_page(idt, rng, photos, dpi), kind=kind)
    raise ValueError(f"unknown round 10 image kind {kind!r}")


def write_round10_image(page: SynthPage, kind: str, path: Path, rng: Rng) -> dict:
    """Write a format kind's page in its format; the manifest fields it sets."""
    pil = Image.fromarray(page.image)
    if kind == "cmyk_jpeg":
        pil.convert("CMYK").save(path, "JPEG", quality=int(rng.integers(80, 95)))
    elif kind == "alpha_png":
        # Paper transparent: each pixel's colour un-mixed from white by its darkest channel,
        # so that on white it is exactly the page again.
        a = page.image.astype(np.float32)
        alpha = (255 - a.min(axis=2, keepdims=True)) / 255
        colour = (a - (1 - alpha) * 255) / np.maximum(alpha, 1 / 255)
        rgba = np.concatenate([np.clip(colour, 0, 255), alpha * 255], axis=2)
        Image.fromarray(np.round(rgba).astype(np.uint8), "RGBA").save(path, "PNG")
    elif kind == "grey16_png":
        grey = np.asarray(pil.convert("L"), np.uint16) * 257
        Image.fromarray(grey).save(path, "PNG")
    elif kind in ("exif3", "exif8"):
        orientation = int(kind[-1])
        synth.write_page(page, path, "jpeg", exif_orientation=orientation)
        return {"exif_orientation": orientation}
    elif kind == "monitor":
        pil.save(path, "JPEG", quality=int(rng.integers(72, 90)))
    else:
        raise ValueError(f"{kind!r} is not a format kind")
    return {}


def grey_of(page: SynthPage) -> SynthPage:
    """The page as a 16-bit grey PNG shows it (its truth unchanged)."""
    g = np.asarray(Image.fromarray(page.image).convert("L"))
    return replace(page, image=np.repeat(g[:, :, None], 3, axis=2))


# ------------------------------------------------------------------------------------ PDFs
@dataclass(frozen=True)
class _Part:
    """Text drawn by one insert_text call; parts of one ``group`` make one truth item."""

    x: float
    y: float
    text: str
    size: float
    kind: str | None = None
    group: int = -1


_Builder = Callable[[set[int]], pymupdf.Document]


def _render(doc: pymupdf.Document, zoom: float) -> np.ndarray:
    pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]


def _diff_truth(build: _Builder, groups: dict[int, tuple[str, str]], zoom: float = 4.0) -> list:
    """Each group's ink as a normalised quad of the rendered page: the page rendered whole and
    without the group's parts, the pixels that differ boxed."""
    full = _render(build(set()), zoom).astype(int)
    h, w = full.shape
    items = []
    for g, (kind, text) in groups.items():
        ys, xs = np.nonzero(np.abs(_render(build({g}), zoom).astype(int) - full) > 24)
        if len(xs):
            box = (xs.min() / w, ys.min() / h, (xs.max() + 1) / w, (ys.max() + 1) / h)
            items.append(Item(kind, _rect(*box), text))
    return items


def _text_doc(parts: Sequence[_Part], font: str, rules: Sequence, skip: set[int]):  # noqa: ANN001, ANN202
    """A one-page A4 PDF: a heading in MuPDF's china-s (a text layer worth trusting), the
    parts in ``font`` embedded, table rules."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
    page.insert_text((60, 60), "材料之一", fontname="china-s", fontsize=14)
    page.insert_font(fontname="F0", fontfile=_PDF_FONTS[font])
    for r in rules:
        page.draw_line(r[:2], r[2:], color=(0, 0, 0), width=0.6)
    for p in parts:
        if p.group in skip:
            continue
        page.insert_text((p.x, p.y), p.text, fontname="F0", fontsize=p.size)
    return doc


def _form_parts(idt: Identity, rng: Rng, spaced: bool) -> tuple[list[_Part], dict, list]:
    """A 申报表's rows and a paragraph as parts (``spaced``: the name's glyphs set one by one
    1.5-4 glyphs apart, the unit's 0.3-1 glyph apart), the truth groups and the table rules."""
    fs = float(rng.uniform(11, 16))
    x0, xv = float(rng.uniform(55, 80)), float(rng.uniform(150, 175))
    y = float(rng.uniform(100, 140))
    parts: list[_Part] = []
    groups: dict[int, tuple[str, str]] = {}
    rules = []
    other = distractor_names(idt.name, rng, 2)

    def glyphs(x: float, y: float, s: str, step: float, kind: str | None, per_glyph: bool) -> None:
        for i, ch in enumerate(s):
            g = len(groups) if kind else -1
            if kind and (per_glyph or i == 0):
                groups[g] = (kind, ch if per_glyph else s)
            elif kind:
                g = len(groups) - 1
            parts.append(_Part(x + i * step, y, ch, fs, kind, g))

    name_step = fs * float(rng.uniform(2.5, 5.0)) if spaced else fs
    unit_step = fs * float(rng.uniform(1.3, 2.0)) if spaced else fs
    while xv + unit_step * len(idt.unit) > 560:
        unit_step *= 0.92
        fs = min(fs, unit_step)
    rows = [("姓　　名", idt.name, "name"), ("工作单位", idt.unit, "unit")]
    rows += [("现任职务", "主治医师", None), ("推 荐 人", other[0], "other_name")]
    for label, value, kind in rows:
        rules.append((x0 - 8, y - fs * 1.3, 565, y - fs * 1.3))
        parts.append(_Part(x0, y, label, fs))
        if kind == "name":
            glyphs(xv, y, value, name_step, "name", spaced)
        elif kind == "unit":
            glyphs(xv, y, value, unit_step, "unit", False)
        else:
            glyphs(xv, y, value, fs, kind, False)
        y += fs * 2.6
    rules.append((x0 - 8, y - fs * 1.3, 565, y - fs * 1.3))
    y += fs * 2
    body = [("本人", None), (idt.name, "name"), ("，现在", None), (idt.unit, "unit")]
    body += [("从事临床工作，与", None), (other[1], "other_name"), ("同志共同完成课题。", None)]
    x = x0
    for s, kind in body:
        if x + fs * len(s) > 560:
            x, y = x0, y + fs * 1.8
        g = -1
        if kind:
            g = len(groups)
            groups[g] = (kind, s)
        parts.append(_Part(x, y, s, fs, kind, g))
        x += fs * len(s)
    return parts, groups, rules


def _pua_map(doc: pymupdf.Document) -> None:
    """Give every glyph of the embedded font F0 a private-use code point in its ToUnicode map
    (the page draws the glyphs; its text layer says U+E000...)."""
    used = sorted({c[1] for span in doc[0].get_texttrace() for c in span["chars"] if c[1] > 0})
    lines = [f"<{gid:04x}> <{_PUA_START + i:04x}>" for i, gid in enumerate(used)]
    body = []
    for i in range(0, len(lines), 100):
        chunk = lines[i : i + 100]
        body += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    head = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /PUA def\n"
    head += "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
    tail = "\nendcmap CMapName currentdict /CMap defineresource pop end end"
    cmap = (head + "\n".join(body) + tail).encode()
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "ToUnicode")
        if kind == "xref":
            doc.update_stream(int(value.split()[0]), cmap)


def make_text_layer_pdf(idt: Identity, rng: Rng, path: Path, *, pua: bool) -> list[dict]:
    """``pua``: a form whose embedded font's ToUnicode map says private-use code points for
    every glyph; else a form whose name and unit are set glyph by glyph, wide apart (one
    text object a glyph). Truth: each group's rendered ink."""
    font = _pick(rng, tuple(_PDF_FONTS))
    parts, groups, rules = _form_parts(idt, rng, spaced=not pua)

    def build(skip: set[int]) -> pymupdf.Document:
        return _text_doc(parts, font, rules, skip)

    items = _diff_truth(build, groups)
    draft = path.with_name(path.name + ".draft")
    doc = build(set())
    doc.save(draft, garbage=3, deflate=True, no_new_id=True)
    doc.close()
    doc = pymupdf.open(draft)
    if pua:
        _pua_map(doc)
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    doc.close()
    draft.unlink()
    kind = "pdf_pua" if pua else "pdf_spaced"
    return [PdfPageTruth(kind, items, True, A4_PT).to_dict(1)]


def _crop_rotate_truth(
    truth: PdfPageTruth, crop: pymupdf.Rect, rotation: int
) -> tuple[list[Item], tuple[float, float]]:
    """Items of an A4 page's truth in the frame of the page cropped to ``crop`` (points, from
    the top left) and turned ``rotation`` (0 or 90, clockwise as viewers show /Rotate)."""
    cw, ch = crop.width, crop.height
    size = (ch, cw) if rotation == 90 else (cw, ch)

    def move(x: float, y: float) -> tuple[float, float]:
        x, y = x - crop.x0, y - crop.y0
        return (ch - y, x) if rotation == 90 else (x, y)

    items = []
    for it in truth.items:
        pts = [move(x * A4_PT[0], y * A4_PT[1]) for x, y in it.quad]
        quad = [[x / size[0], y / size[1]] for x, y in pts]
        ell = None
        if it.ellipse is not None:
            cx, cy, rx, ry, ang = it.ellipse
            ell = [*move(cx, cy), rx, ry, ang + rotation]
        items.append(Item(it.kind, quad, it.text, ell))
    return items, size


def make_crop_rotate_pdf(
    idt: Identity, rng: Rng, path: Path, photos: Sequence = (), seed: int = 0
) -> list[dict]:
    """A born-digital page (a form, appraisal, summary or certificate) whose crop box lies off
    the origin (4-14 mm in from each side, never over a target), on two pages in three also
    /Rotate 90. Truth: the page's own, moved into the cropped, turned frame."""
    kind = _pick(rng, ("form", "appraisal", "summary", "certificate"))
    spec = synth.BornDigitalSpec(idt, (kind,), seed, photos)
    [truth] = synth.make_born_digital_pdf(spec, path)
    k = 72 / 25.4
    boxes = np.array([np.array(it.quad) * A4_PT for it in truth.items]).reshape(-1, 2)
    lo, hi = boxes.min(axis=0), boxes.max(axis=0)
    margin = rng.uniform(4, 14, 4) * k
    crop = pymupdf.Rect(
        min(margin[0], lo[0] - 2),
        min(margin[1], lo[1] - 2),
        max(A4_PT[0] - margin[2], hi[0] + 2),
        max(A4_PT[1] - margin[3], hi[1] + 2),
    )
    crop &= pymupdf.Rect(0, 0, *A4_PT)
    rotation = int(_pick(rng, (0, 90, 90)))
    doc = pymupdf.open(path)
    doc[0].set_cropbox(crop)
    doc[0].set_rotation(rotation)
    doc.saveIncr()
    doc.close()
    items, size = _crop_rotate_truth(truth, crop, rotation)
    return [PdfPageTruth("pdf_crop_rotate", items, truth.needs_masking, size).to_dict(1)]


def make_stamp_annot_pdf(idt: Identity, rng: Rng, path: Path, seed: int = 0) -> list[dict]:
    """A born-digital page whose unit's seal is a Stamp annotation with an image appearance
    (an e-seal added in a PDF editor), centred near the end of one of the unit's lines, opaque
    over the print. Truth: the page's own and the seal's ring."""
    kind = _pick(rng, ("summary", "appraisal", "paper"))
    [truth] = synth.make_born_digital_pdf(synth.BornDigitalSpec(idt, (kind,), seed), path)
    units = [it for it in truth.items if it.kind == "unit"]
    items, (cx, cy, r_mm) = _stamp_clear_of_distractors(truth.items, units, rng)
    angle = float(rng.uniform(-20, 20))
    look = replace(synth_pdf.random_look(rng), opacity=1.0)
    seal = synth_pdf.crisp_seal(r_mm, idt.unit, angle, float(rng.uniform(10, 20)), look)
    rgba = np.zeros((*seal.alpha.shape, 4), np.uint8)
    rgba[..., :3] = _pick(rng, synth_pdf.SEAL_INKS)
    rgba[..., 3] = np.round(seal.alpha * 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    half = seal.size_mm / 2 * 72 / 25.4
    doc = pymupdf.open(path)
    annot = doc[0].add_stamp_annot(
        pymupdf.Rect(cx - half, cy - half, cx + half, cy + half), stamp=buf.getvalue()
    )
    annot.update()
    doc.saveIncr()
    doc.close()
    r = r_mm * 72 / 25.4
    # The seal's ring turned by ``angle``: a circle's quad turned with it (as WordPdfSurface).
    a = math.radians(angle)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    quad = (np.array(_rect(-r, -r, r, r)) @ rot.T + [cx, cy]) / A4_PT
    item = Item("seal", quad.tolist(), idt.unit, [cx, cy, r, r, angle])
    page = PdfPageTruth("pdf_stamp", [*items, item], True, A4_PT)
    return [page.to_dict(1)]


def _stamp_place(units: Sequence[Item], rng: Rng) -> tuple[float, float, float]:
    """A stamp's centre (pt) near the end of one of ``units``' lines, and its radius (mm)."""
    q = np.array(units[int(rng.integers(len(units)))].quad) * A4_PT
    cx = float(q[1][0] - rng.uniform(0, 0.4) * (q[1][0] - q[0][0]))
    cy = float(q[:, 1].mean() + rng.uniform(-10, 10))
    return cx, cy, float(rng.uniform(18, 22))


def _stamp_clear_of_distractors(
    items: Sequence[Item], units: Sequence[Item], rng: Rng
) -> tuple[list[Item], tuple[float, float, float]]:
    """The page's truth and the stamp's place (corpus version 11, as version 10 did for the
    opaque e-seal, synth_seals.EsealPlacement): version 10's place is drawn first from ``rng``;
    when it covers a distractor, up to ``EP.tries`` others are drawn from a stream of their
    own (so ``rng`` goes on as in version 10); when none is clear, version 10's stays and the
    distractors it covers leave the truth (the page itself hides them)."""
    ep = synth_seals.EP
    size = (round(A4_PT[0]), round(A4_PT[1]))
    spare = np.random.default_rng(copy.deepcopy(rng).integers(2**63, size=2))

    def covered(place: tuple[float, float, float]) -> list[Item]:
        cx, cy, r_mm = place
        r = r_mm * 72 / 25.4
        disc = Item("seal", [], "", [cx, cy, r, r, 0.0])
        return synth_seals._covered_distractors(items, disc, size)

    first = place = _stamp_place(units, rng)
    tries = iter(range(ep.tries))
    while covered(place) and next(tries, None) is not None:
        place = _stamp_place(units, spare)
    if not covered(place):
        return list(items), place
    hidden = covered(first)
    return [it for it in items if not any(it is d for d in hidden)], first


def make_word_photo_pdf(
    idt: Identity, rng: Rng, path: Path, photos: Sequence = (), seed: int = 0
) -> list[dict]:
    """A Word/WPS-style export (synth_pdf's WordPdfSurface: seals as e-seal images or vector
    paths) of a form with its photo, or of a certificate with a photo pasted in at its top
    right. Truth: the page's own, the photo's eyes among them."""
    kind = _pick(rng, ("form", "form", "certificate"))
    style = _pick(rng, synth_pdf.SEAL_STYLES)
    doc = pymupdf.open()
    page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
    surface = synth_pdf.WordPdfSurface(page, np.random.default_rng([seed, 1]), style)
    surface.behind_text_allowed = kind != "certificate"
    synth.PAGE_BUILDERS[kind](surface, idt, surface.rng, list(photos))
    if kind == "certificate":
        x = float(rng.uniform(158, 166))
        surface.photo((x, 22, x + 25, 57), _pick(rng, photos) if photos else None)
    truth = surface.finish("word_photo")
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return [truth.to_dict(1)]


def write_round10_pdf(
    kind: str, idt: Identity, rng: Rng, path: Path, photos: Sequence = ()
) -> list[dict]:
    """Write one PDF of ROUND10_PDF_KINDS; its pages' truth."""
    seed = int(rng.integers(2**31))
    if kind in ("pdf_pua", "pdf_spaced"):
        return make_text_layer_pdf(idt, rng, path, pua=kind == "pdf_pua")
    if kind == "pdf_crop_rotate":
        return make_crop_rotate_pdf(idt, rng, path, photos, seed)
    if kind == "pdf_stamp":
        return make_stamp_annot_pdf(idt, rng, path, seed)
    if kind == "word_photo":
        return make_word_photo_pdf(idt, rng, path, photos, seed)
    raise ValueError(f"unknown round 10 PDF kind {kind!r}")


__all__ = [
    "A4_MM",
    "ROUND10_FORMAT_KINDS",
    "ROUND10_PDF_KINDS",
    "make_round10_page",
    "write_round10_image",
    "write_round10_pdf",
]
