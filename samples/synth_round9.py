"""Pages of round 9's probes, drawn for the main bench's corpus (version 8).

The lead's round 9 probes (BENCHMARKS.md, "probes drawn outside the generator, round 9") were
drawn by scripts outside samples/. These draw the same cases with truth, one page each:
``large_text`` (synth_text.make_large_text_page), ``spaced_field`` (姓　　名 | 王　　伟: a form
field whose value is set glyph by glyph far apart), ``pdf_fields`` (a PDF whose AcroForm field
values and FreeText annotations hold the name and the unit), ``ocr_layer`` (a scanned PDF with
an invisible OCR layer from another tool, shifted and saying other characters), ``banner``
(white or yellow text on coloured banners), ``dark_chat`` (a dark-mode chat screenshot),
``exif6`` (a page stored sideways with EXIF orientation 6: written so by build_corpus),
``hand_shadow`` (a page half in a hand's shadow), ``highlighter`` (the name and unit under a
yellow highlighter) and ``red_pen`` (the name written in red pen, and circled in red in a list).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw

from samples.synth import (
    A4_PT,
    INK,
    ROUND9_PAGE_KINDS,
    TARGET_KINDS,
    Identity,
    Item,
    PdfPageTruth,
    SynthPage,
    _ink_box,
    _pick,
    distractor_names,
    get_font,
    make_page,
    sibling_orgs,
)

Rng = np.random.Generator

ROUND9_PDF_KINDS = ("pdf_fields", "ocr_layer")
ROUND9_IMAGE_KINDS = tuple(k for k in ROUND9_PAGE_KINDS if k not in ROUND9_PDF_KINDS)
STYLES = ("song", "hei", "sans")


def _item(kind: str, box: tuple[int, ...] | None, w: int, h: int, text: str) -> list[Item]:
    if not box:
        return []
    x0, y0, x1, y1 = box
    return [
        Item(kind, [[x0 / w, y0 / h], [x1 / w, y0 / h], [x1 / w, y1 / h], [x0 / w, y1 / h]], text)
    ]


class _Canvas:
    """A PIL page that records each marked text's ink box as truth."""

    def __init__(self, w: int, h: int, paper: tuple[int, int, int]) -> None:
        self.img = Image.new("RGB", (w, h), paper)
        self.draw = ImageDraw.Draw(self.img)
        self.items: list[Item] = []

    def text(
        self,
        x: float,
        y: float,
        parts: Sequence[tuple[str, str | None]],
        px: int,
        style: str,
        fill: tuple[int, int, int],
    ) -> float:
        """Parts drawn left to right from (x, baseline y); returns the x after them."""
        font = get_font(style, px)
        for s, kind in parts:
            self.draw.text((round(x), round(y)), s, font=font, fill=fill, anchor="ls")
            if kind:
                w, h = self.img.size
                self.items += _item(kind, _ink_box(font, s, round(x), round(y)), w, h, s.strip())
            x += font.getlength(s)
        return x

    def page(self, kind: str, dpi: int = 150) -> SynthPage:
        needs = any(it.kind in TARGET_KINDS for it in self.items)
        return SynthPage(np.asarray(self.img).copy(), self.items, needs, False, kind, dpi)


def make_spaced_field_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A form's rows whose labels and values are set wide (姓　　名 | 王　　伟): each glyph of
    the name 3-5 glyphs apart, the unit's glyphs 0.3-0.8 glyph apart. Truth: each glyph of the
    name (a ``name`` item a glyph: the mask may cover them one by one) and the unit whole."""
    c = _Canvas(1240, 1754, (255, 255, 255))
    style = _pick(rng, STYLES)
    px = int(rng.integers(34, 46))
    c.text(620 - 7 * px, 160, [("专业技术资格申报表", None)], int(px * 1.4), "hei", INK)
    x_label, x_val, y = 110, 440, 300
    rows = [("姓　　名", "name"), ("性　　别", None), ("工作单位", "unit"), ("现任职务", None)]
    gap = float(rng.uniform(3, 5)) * px
    for label, kind in rows:
        c.draw.rectangle((90, y - px - 28, 1150, y + 30), outline=(0, 0, 0), width=2)
        c.draw.line((410, y - px - 28, 410, y + 30), fill=(0, 0, 0), width=2)
        c.text(x_label, y, [(label, None)], px, style, INK)
        if kind == "name":
            for i, ch in enumerate(idt.name):
                c.text(x_val + i * gap, y, [(ch, "name")], px, style, INK)
        elif kind == "unit":
            step = px * (1 + float(rng.uniform(0.3, 0.8)))
            while step * len(idt.unit) > 1120 - x_val:
                step *= 0.9
            font = get_font(style, px)
            x0 = x_val
            boxes = []
            for i, ch in enumerate(idt.unit):
                c.draw.text((round(x0 + i * step), y), ch, font=font, fill=INK, anchor="ls")
                b = _ink_box(font, ch, round(x0 + i * step), y)
                if b:
                    boxes.append(b)
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes))
            box += (max(b[2] for b in boxes), max(b[3] for b in boxes))
            c.items += _item("unit", box, 1240, 1754, idt.unit)
        else:
            c.text(
                x_val,
                y,
                [(_pick(rng, ("男", "女", "主治医师", "工程师", "讲师")), None)],
                px,
                style,
                INK,
            )
        y += px + 58
    other = distractor_names(idt.name, rng, 1)[0]
    c.text(110, y + 80, [("审核人：", None), (other, "other_name")], px, style, INK)
    return c.page("spaced_field", dpi)


BANNERS = ((20, 70, 160), (180, 20, 30), (200, 40, 40), (0, 110, 90), (230, 110, 20))


def make_banner_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A notice with the name in white (or yellow) on a coloured banner, the unit on another
    banner, a plain paragraph between. Truth: the name and the unit on the banners."""
    w, h = _pick(rng, ((1600, 900), (1240, 1754), (1920, 1080)))
    c = _Canvas(w, h, (245, 245, 245))
    style = _pick(rng, STYLES)
    top, bottom = _pick(rng, BANNERS), _pick(rng, BANNERS)
    ink = _pick(rng, ((255, 255, 255), (255, 230, 120)))
    px = int(min(64, 0.8 * w / (len(idt.name) + 14)))
    c.draw.rectangle((0, 80, w, 80 + 3 * px), fill=top)
    before, after = _pick(
        rng, (("热烈祝贺", "同志荣获自治区优秀医师称号"), ("祝贺", "荣获技能竞赛一等奖"))
    )
    line_w = get_font(style, px).getlength(before + idt.name + after)
    c.text(
        (w - line_w) / 2,
        80 + 2 * px,
        [(before, None), (idt.name, "name"), (after, None)],
        px,
        style,
        ink,
    )
    body = int(px * 0.7)
    c.text(
        120,
        80 + 3 * px + 3 * body,
        [("喜报内容：在2024年全区技能竞赛中获一等奖。", None)],
        body,
        style,
        (30, 30, 30),
    )
    upx = int(min(48, 0.8 * w / (len(idt.unit) + 3)))
    yb = h - 4 * upx
    c.draw.rectangle((0, yb, w, yb + 2 * upx), fill=bottom)
    uw = get_font(style, upx).getlength(idt.unit + "  宣")
    c.text(
        (w - uw) / 2,
        yb + 1.4 * upx,
        [(idt.unit, "unit"), ("  宣", None)],
        upx,
        style,
        _pick(rng, ((255, 255, 255), (255, 230, 120))),
    )
    return c.page("banner", dpi)


def make_dark_chat_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A group chat screenshot in dark mode: light text on dark bubbles, the applicant's own
    bubbles green with dark text. Truth: the name and the unit in the messages; others'
    names (``other_name``) stay."""
    W, H = 1080, 2340
    c = _Canvas(W, H, (17, 17, 17))
    c.draw.rectangle((0, 0, W, 200), fill=(30, 30, 30))
    other, boss = distractor_names(idt.name, rng, 2)
    px = int(rng.integers(38, 46))
    title = [("职称申报群(86)", None)]
    c.text(300, 140, title, 40, "sans", (230, 230, 230))
    msgs = [
        (False, boss, [("请大家把材料今天下午之前交齐。", None)]),
        (True, "", [("好的，我是", None), (idt.name, "name"), ("，材料已交。", None)]),
        (False, other, [(idt.name, "name"), ("的论文证明还差一份盖章。", None)]),
        (True, "", [("单位：", None), (idt.unit, "unit")]),
        (False, boss, [("收到，", None), (other, "other_name"), ("明天补上。", None)]),
    ]
    y = 300
    font = get_font("sans", px)
    for mine, who, parts in msgs:
        text_w = sum(font.getlength(s) for s, _ in parts)
        bw, bh = int(text_w) + 60, px + 60
        if who:
            c.text(170, y + 30, [(who, None)], 30, "sans", (140, 140, 140))
            y += 44
        x0 = W - 150 - bw if mine else 150
        c.draw.rounded_rectangle(
            (x0, y, x0 + bw, y + bh), 16, fill=(52, 150, 90) if mine else (44, 44, 44)
        )
        ink = (10, 10, 10) if mine else (235, 235, 235)
        c.text(x0 + 30, y + 30 + 0.9 * px, parts, px, "sans", ink)
        c.draw.rectangle(
            (W - 130 if mine else 30, y, W - 30 if mine else 130, y + 100), fill=(90, 110, 160)
        )
        y += bh + 70
    return c.page("dark_chat", dpi)


def make_red_pen_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A record with the name written in red pen after 记录人：, the name circled in red in a
    list of participants. Truth: both names; the others in the list stay."""
    c = _Canvas(1240, 1000, (252, 252, 250))
    style = _pick(rng, STYLES)
    others = distractor_names(idt.name, rng, 3)
    c.text(100, 170, [("病例讨论记录", None)], 48, "hei", INK)
    x = c.text(
        100,
        290,
        [("主持人：", None), (others[0], "other_name"), ("    记录人：", None)],
        36,
        style,
        INK,
    )
    red = (int(rng.integers(190, 215)), int(rng.integers(15, 45)), int(rng.integers(25, 50)))
    c.text(x + 10, 295, [(idt.name, "name")], int(rng.integers(44, 56)), "kai", red)
    parts = [("参加人员：", None), (others[1], "other_name"), ("、", None), (idt.name, "name")]
    parts += [("、", None), (others[2], "other_name"), ("、马丽", None)]
    c.text(100, 420, parts, 36, style, INK)
    name_box = c.items[-2].quad
    (x0, y0), (x1, y1) = name_box[0], name_box[2]
    e = (x0 * 1240 - 18, y0 * 1000 - 16, x1 * 1240 + 18, y1 * 1000 + 16)
    c.draw.ellipse(e, outline=(210, 30, 40), width=4)
    c.text(100, 540, [("讨论意见：同意主治医师意见。", None)], 36, style, INK)
    return c.page("red_pen", dpi)


def make_highlighter_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A page of print (a summary or a plain page) with the name's and the unit's lines under
    a translucent yellow (or green) highlighter stroke. Truth: the page's own."""
    page = make_page(_pick(rng, ("summary", "appraisal", "certificate")), idt, rng, dpi=dpi)
    img = Image.fromarray(page.image).convert("RGBA")
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    colour = _pick(rng, ((255, 230, 0), (255, 240, 60), (150, 240, 90)))
    alpha = int(rng.integers(90, 140))
    for it in page.items:
        if it.kind in ("name", "unit"):
            q = np.asarray(it.quad) * [w, h]
            x0, y0 = q.min(axis=0)
            x1, y1 = q.max(axis=0)
            pad = 0.25 * (y1 - y0)
            d.rectangle((x0 - 2 * pad, y0 - pad, x1 + 2 * pad, y1 + pad), fill=(*colour, alpha))
    out = Image.alpha_composite(img, layer).convert("RGB")
    return SynthPage(
        np.asarray(out).copy(), page.items, page.needs_masking, False, "highlighter", dpi
    )


def make_hand_shadow_page(idt: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A certificate or form photographed with a hand's shadow over one side: the paper there
    at 35-55% of its light, a soft edge. Truth: the page's own."""
    page = make_page(_pick(rng, ("certificate", "form", "summary")), idt, rng, dpi=dpi)
    a = page.image.astype(np.float32)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    dark = float(rng.uniform(0.35, 0.55))
    slope = float(rng.uniform(-0.5, 0.5))
    edge = float(rng.uniform(0.3, 0.6)) * w
    soft = float(rng.uniform(0.15, 0.35)) * w
    t = np.clip((xx + slope * yy - edge) / soft, 0, 1)
    if rng.random() < 0.5:
        t = 1 - t
    shade = dark + (1 - dark) * t
    a *= shade[..., None]
    a[..., 2] *= 0.94
    return SynthPage(
        np.clip(a, 0, 255).astype(np.uint8),
        page.items,
        page.needs_masking,
        False,
        "hand_shadow",
        dpi,
    )


def make_round9_page(
    kind: str, idt: Identity, rng: Rng, dpi: int = 150, photos: Sequence = ()
) -> SynthPage:
    """One image page of ROUND9_IMAGE_KINDS (``exif6``: a page of the usual kinds, written
    sideways with EXIF orientation 6 by build_corpus)."""
    from samples import synth_text

    drawn = {
        "large_text": synth_text.make_large_text_page,
        "spaced_field": make_spaced_field_page,
        "banner": make_banner_page,
        "dark_chat": make_dark_chat_page,
        "red_pen": make_red_pen_page,
        "highlighter": make_highlighter_page,
        "hand_shadow": make_hand_shadow_page,
    }
    if kind in drawn:
        return drawn[kind](idt, rng, dpi=dpi)
    if kind == "exif6":
        base = _pick(rng, ("form", "certificate", "summary", "appraisal"))
        page = make_page(base, idt, rng, dpi=dpi, photos=photos)
        page.kind = "exif6"
        return page
    raise ValueError(f"unknown round 9 page kind {kind!r}")


# ------------------------------------------------------------------------------------ PDFs
CJK_FONT = "china-s"  # MuPDF's built-in CJK font: widget and annotation appearances use it


def _ink_rect(doc: pymupdf.Document, draw, undraw, zoom: float = 2.0) -> list[list[float]] | None:  # noqa: ANN001
    """The ink ``draw`` adds to page 0, found by rendering with and without it: a normalised
    quad, or None."""
    page = doc[0]
    undraw(page)
    before = np.frombuffer(page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).samples, np.uint8)
    draw(page)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
    after = np.frombuffer(pix.samples, np.uint8)
    diff = (
        (np.abs(after.astype(int) - before.astype(int)) > 40).reshape(pix.h, pix.w, -1).any(axis=2)
    )
    ys, xs = np.nonzero(diff)
    if not len(xs):
        return None
    x0, x1 = float(xs.min() / pix.w), float((xs.max() + 1) / pix.w)
    y0, y1 = float(ys.min() / pix.h), float((ys.max() + 1) / pix.h)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


def _appearance(doc: pymupdf.Document, widget_xref: int, text: str, fs: float, font: int) -> int:
    """A text field's appearance drawn with the page's CJK font (MuPDF's own appearance for a
    field draws only some CJK glyphs: 欧阳丽华 came out 欧阳); the appearance stream's xref."""
    ap = int(doc.xref_get_key(widget_xref, "AP/N")[1].split()[0])
    hexs = text.encode("utf-16-be").hex()
    body = f"/Tx BMC q BT 0 g /FCJK {fs:.1f} Tf 3 {0.3 * (28 - fs) + 2:.1f} Td <{hexs}> Tj ET Q EMC"
    doc.update_stream(ap, body.encode())
    doc.xref_set_key(ap, "Resources", f"<</Font<</FCJK {font} 0 R>>>>")
    return ap


def make_fields_pdf(idt: Identity, rng: Rng, path: Path) -> list[dict]:
    """A 申报表 whose 姓名 and 工作单位 are AcroForm text fields' values (drawn from the widgets'
    appearances, no page text), and, below, a FreeText annotation typed over the page (a PDF
    editor's "add text") holding the name or the unit. Truth from renders with and without
    each value."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
    page.insert_text((170, 70), "专业技术职务任职资格申报表", fontname=CJK_FONT, fontsize=16)
    font = page.get_fonts()[0][0]
    rows = [
        ("姓名", idt.name, "name"),
        ("工作单位", idt.unit, "unit"),
        ("现任职务", "主治医师", None),
    ]
    rows.append(("申报资格", "副主任医师", None))
    y = 110.0
    items: list[Item] = []
    for label, value, kind in rows:
        page.draw_rect(pymupdf.Rect(60, y, 535, y + 36), color=(0, 0, 0), width=0.8)
        page.draw_line((160, y), (160, y + 36), color=(0, 0, 0), width=0.8)
        page.insert_text((70, y + 23), label, fontname=CJK_FONT, fontsize=12)
        wdg = pymupdf.Widget()
        wdg.field_name, wdg.field_type = label, pymupdf.PDF_WIDGET_TYPE_TEXT
        wdg.rect = pymupdf.Rect(165, y + 4, 530, y + 32)
        wdg.text_fontsize = float(rng.uniform(11, 14))
        wdg.field_value = value
        page.add_widget(wdg)
        xref = next(x for x in page.widgets() if x.field_name == label).xref
        fs = wdg.text_fontsize
        ap = _appearance(doc, xref, "", fs, font)
        quad = _ink_rect(
            doc,
            lambda _p, x=xref, v=value, f=fs: _appearance(doc, x, v, f, font),
            lambda _p: None,
        )
        if kind and quad:
            items.append(Item(kind, quad, value))
        del ap
        y += 36
    page.insert_text((60, y + 40), "本人承诺所填内容真实。", fontname=CJK_FONT, fontsize=12)
    text, kind = _pick(rng, ((idt.name, "name"), (idt.unit, "unit")))
    fs = float(rng.uniform(12, 16))
    rect = pymupdf.Rect(300, y + 90, 300 + fs * (len(text) + 3), y + 90 + fs * 2)
    page.insert_text((60, y + 90 + fs * 1.2), "申报人（签字）：", fontname=CJK_FONT, fontsize=12)

    def annotate(p) -> None:  # noqa: ANN001
        # Rich text: MuPDF's plain FreeText appearance lacks CJK glyphs as fields' do.
        a = p.add_freetext_annot(
            rect, text, fontsize=fs, richtext=True, style="font-family:sans-serif"
        )
        a.update()

    quad = _ink_rect(doc, annotate, lambda _p: None)
    if quad:
        items.append(Item(kind, quad, text))
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    return [PdfPageTruth("pdf_fields", items, bool(items), A4_PT).to_dict(1)]


def make_ocr_layer_pdf(
    idt: Identity, rng: Rng, path: Path, dpi: int = 150, photos: Sequence = ()
) -> list[dict]:
    """A scanned page (a form, appraisal or summary, noisy) with an invisible OCR text layer
    from another tool over it: every line of truth written again as invisible text, shifted
    6-40 pt, and on half the pages saying other characters for the name and the unit (土体 for
    王伟: the tool misread them). Truth: the picture's own."""
    from samples.synth import degrade

    page = make_page(_pick(rng, ("form", "appraisal", "summary")), idt, rng, dpi=dpi, photos=photos)
    page = degrade(page, (_pick(rng, ("noise", "jpeg", "tilt")),), rng)
    h, w = page.image.shape[:2]
    doc = pymupdf.open()
    pw = A4_PT[0]
    pg = doc.new_page(width=pw, height=pw * h / w)
    buf = io.BytesIO()
    Image.fromarray(page.image).save(buf, "JPEG", quality=85)
    pg.insert_image(pg.rect, stream=buf.getvalue(), keep_proportion=False)
    lie = bool(rng.random() < 0.5)
    dx, dy = (float(rng.uniform(6, 40)) * float(rng.choice([-1, 1])) for _ in range(2))
    other_orgs = sibling_orgs(idt.unit) or ["某某单位"]
    for it in page.items:
        if it.kind not in ("name", "unit", "other_name", "other_org"):
            continue
        q = np.asarray(it.quad) * [pg.rect.width, pg.rect.height]
        x0, y0 = q.min(axis=0)
        x1, y1 = q.max(axis=0)
        text = it.text
        if lie and it.kind == "name":
            text = "土" * len(text)
        elif lie and it.kind == "unit":
            text = other_orgs[0]
        fs = max(4.0, float(y1 - y0))
        pg.insert_text(
            (float(x0 + dx), float(y1 + dy)), text, fontname=CJK_FONT, fontsize=fs, render_mode=3
        )
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    page.kind = "ocr_layer"
    return [page.to_dict(1)]
