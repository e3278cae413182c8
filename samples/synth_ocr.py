"""Pages that stress how text is read: long phone screenshots, sideways landscape forms, slivers.

* ``make_long_screenshot``: a phone screenshot 1080 px wide and 4000-20000 px tall (chat or
  article style) with text of one pixel size all along; the applicant's name and unit are
  scattered over the whole length among other people's names and other bodies.
* ``make_landscape_form``: an A4 landscape appraisal form under a red letterhead (红头), to be
  turned by 90/180/270 degrees with ``samples.synth.sideways`` as a sideways scan.
* ``make_thin_image``: images with one side of a few pixels (1 x 5000, 4000 x 30).
* ``make_vertical_page``: text set in vertical columns read right to left (竖排: a certificate,
  a letter of recommendation, a signature block), with the name in a short column of its own,
  after a label, or inside a sentence.
* ``make_bowed_banner``: a cloth banner (横幅) photographed as it sags between its ropes: one
  line of light glyphs on red, the name and the unit anywhere along it, bowed down or up by
  1.5-6% of its length.
* ``make_curled_page``: a page of running text photographed as it curls into a book's gutter:
  every line bends down in its last part; the name and the unit in alternate lines.

Ground truth follows ``samples.synth``: quads normalised to the image, clockwise from the
glyphs' top-left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from samples.synth import (
    FILLER,
    INK,
    PT,
    RED,
    Identity,
    Item,
    Rng,
    SynthPage,
    _cols,
    _filler,
    _ink_box,
    _pick,
    _RasterSurface,
    _rect,
    distractor_names,
    get_font,
    layout_spans,
    sibling_orgs,
)

SCREEN_WIDTH = 1080
SCREEN_STYLES = ("chat", "article")
CHAT_BG = (237, 237, 237)
BUBBLE_OTHER = (255, 255, 255)
BUBBLE_MINE = (149, 236, 105)

_CHAT_OPENERS = (
    "各位老师好，关于本年度职称评审材料的提交，再提醒一下：",
    "收到，谢谢！",
    "请大家在周五前把材料交到人事科。",
    "好的，我这边已经整理完了。",
    "会议改到下午三点，在三楼会议室。",
    "明天上午有专家来检查，请各科室做好准备。",
)


def _spans_for_message(idt: Identity, rng: Rng, others: Sequence[str], orgs: Sequence[str]):
    """One message as (text, kind) spans: filler, sometimes with the name, unit or a distractor."""
    spans: list[tuple[str, str | None]] = []
    draw = rng.random()
    opener = _pick(rng, _CHAT_OPENERS)
    if draw < 0.22:
        spans += [(opener[: int(rng.integers(2, 8))], None), (idt.name, "name")]
        spans += [(_pick(rng, ("同志", "老师", "主任", "的材料已收到", "，请核对")), None)]
    elif draw < 0.4:
        spans += [
            ("单位：", None),
            (idt.unit, "unit"),
            (_pick(rng, ("。", "，盖章后上交。")), None),
        ]
    elif draw < 0.52:
        spans += [(_pick(rng, others), "other_name"), ("：", None), (opener, None)]
    elif draw < 0.6 and orgs:
        spans += [("抄送：", None), (_pick(rng, orgs), "other_org")]
    else:
        spans += [(opener if rng.random() < 0.4 else "", None)]
    spans.append((_pick(rng, FILLER) if rng.random() < 0.7 else "", None))
    return [s for s in spans if s[0]]


class _Screen:
    """A tall canvas drawn top to bottom; records a truth item per drawn span of interest."""

    def __init__(self, width: int, height: int, text_px: int, bg: tuple[int, int, int]) -> None:
        self.img = Image.new("RGB", (width, height), bg)
        self.draw = ImageDraw.Draw(self.img)
        self.font = get_font("sans", text_px)
        self.text_px = text_px
        self.items: list[Item] = []

    def measure(self, s: str) -> float:
        return self.font.getlength(s)

    def paragraph(self, x: int, y: int, width: int, spans, fill=INK) -> int:  # noqa: ANN001
        """Draw wrapped spans with the first line's top at y; return the y below the last."""
        lead = round(self.text_px * 1.55)
        lines = layout_spans(spans, self.measure, width)
        for line in lines:
            base = y + round(self.text_px * 0.9)
            for seg in line:
                xp = round(x + seg.x)
                self.draw.text((xp, base), seg.text, font=self.font, fill=fill, anchor="ls")
                if seg.kind and seg.text.strip():
                    box = _ink_box(self.font, seg.text, xp, base)
                    if box:
                        self.items.append(Item(seg.kind, _rect(*box), seg.text.strip()))
            y += lead
        return y

    def lines_needed(self, width: int, spans) -> int:  # noqa: ANN001
        return len(layout_spans(spans, self.measure, width))

    def finish(self, kind: str) -> SynthPage:
        w, h = self.img.size
        items = [
            Item(it.kind, (np.asarray(it.quad) / [w, h]).tolist(), it.text) for it in self.items
        ]
        needs = any(it.kind in ("name", "unit") for it in items)
        return SynthPage(np.array(self.img), items, needs, False, kind, 96)


def make_long_screenshot(
    identity: Identity,
    rng: Rng,
    height: int,
    *,
    style: str | None = None,
    text_px: int = 36,
    width: int = SCREEN_WIDTH,
) -> SynthPage:
    """A phone screenshot ``width`` x ``height`` with text ``text_px`` pixels high throughout."""
    style = style or _pick(rng, SCREEN_STYLES)
    others = distractor_names(identity.name, rng, 6)
    orgs = sibling_orgs(identity.unit) or ["自治州人民医院"]
    chat = style == "chat"
    scr = _Screen(width, height, text_px, CHAT_BG if chat else (255, 255, 255))
    margin = 40
    y = 150
    # Status bar and title: the page starts like a phone's.
    scr.draw.rectangle((0, 0, width, 130), fill=(245, 245, 245))
    scr.paragraph(margin, 40, width - 2 * margin, [("工作群（56）" if chat else "通知公告", None)])
    while y < height - 4 * text_px:
        spans = _spans_for_message(identity, rng, others, orgs)
        if chat:
            mine = rng.random() < 0.35
            bubble_w = width - 2 * margin - 260
            n = scr.lines_needed(bubble_w, spans)
            box_h = round(n * text_px * 1.55) + 30
            if y + box_h + 80 > height:
                break
            if not mine:
                speaker = _pick(rng, others)
                y = scr.paragraph(margin + 110, y, bubble_w, [(speaker, "other_name")], (120,) * 3)
            scr.draw.rectangle((margin, y, margin + 90, y + 90), fill=(180, 190, 205))
            x0 = width - margin - bubble_w - 30 if mine else margin + 110
            scr.draw.rounded_rectangle(
                (x0, y, x0 + bubble_w + 20, y + box_h),
                radius=12,
                fill=BUBBLE_MINE if mine else BUBBLE_OTHER,
            )
            scr.paragraph(x0 + 12, y + 15, bubble_w - 4, spans)
            y += box_h + int(rng.integers(30, 70))
        else:
            n = scr.lines_needed(width - 2 * margin, spans)
            if y + round(n * text_px * 1.55) + 40 > height:
                break
            y = scr.paragraph(margin, y, width - 2 * margin, spans) + int(rng.integers(10, 40))
    return scr.finish(f"screenshot_{style}")


# ------------------------------------------------------------------------- landscape forms
class _LandscapeSurface(_RasterSurface):
    """The raster surface on an A4 sheet turned landscape (297 x 210 mm)."""

    def __init__(self, rng: Rng, dpi: int) -> None:
        super().__init__(rng, dpi)
        self.img = Image.new("RGB", (round(297 * self.k), round(210 * self.k)), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.img)


def make_landscape_form(identity: Identity, rng: Rng, *, dpi: int = 150) -> SynthPage:
    """A landscape appraisal form (专业技术人员考核表) under a red letterhead."""
    s = _LandscapeSurface(rng, dpi)
    others = distractor_names(identity.name, rng, 3)
    org = _pick(rng, sibling_orgs(identity.unit) or ["自治州卫生健康委员会"])
    title = f"{org}文件"
    pt = min(28.0, 230 / (len(title) * PT))
    s.centered(24, title, pt, "song", RED, "letterhead", cx=148.5)
    s.centered(33, f"博人社发〔2024〕{int(rng.integers(2, 60))}号", 11, cx=148.5)
    s.line(20, 36, 277, 36, 0.9, RED)
    s.centered(46, "专业技术人员年度考核评议表", 16, "hei", cx=148.5)
    xs = _cols(20, (26, 34, 22, 70, 26, 37, 42))
    y, rh = 52.0, 12.0
    row0 = ["姓名", identity.name, "工作单位", identity.unit, "现任职务", identity.post, "2024"]
    kinds = [None, "name", None, "unit", None, None, None]
    for j, (v, k) in enumerate(zip(row0, kinds, strict=True)):
        s.cell(xs[j], y, xs[j + 1], y + rh, [(v, k)], 10.5)
    y += rh
    row1 = ["评议人", others[0], "所在科室", "内科", "评议等次", "优秀", "2024"]
    row1_kinds = [None, "other_name", None, None, None, None, None]
    for j, (v, k) in enumerate(zip(row1, row1_kinds, strict=True)):
        s.cell(xs[j], y, xs[j + 1], y + rh, [(v, k)], 10.5)
    y += rh
    hh = 50.0
    s.cell(xs[0], y, xs[1], y + hh, [("主要工作", None)])
    body: list[tuple[str, str | None]] = [(_filler(rng, 3), None)]
    if rng.random() < 0.7:
        body += [("该同志在", None), (identity.unit, "unit"), ("工作期间表现突出。", None)]
    s.cell(xs[1], y, xs[7], y + hh, body, 10.5, align="left", valign="top")
    y += hh
    hh = 36.0
    s.cell(xs[0], y, xs[1], y + hh, [("单位意见", None)])
    s.cell(xs[1], y, xs[7], y + hh, [(_filler(rng, 1), None)], 10.5, align="left", valign="top")
    w = s.measure(identity.unit, 11)
    s.text(xs[7] - 8 - w, y + hh - 12, identity.unit, 11, kind="unit")
    s.text(xs[7] - 45, y + hh - 4, "2024年12月28日", 11)
    s.text(20, y + hh + 8, f"填表人：{others[1]}    审核人：{others[2]}", 10.5)
    return s.finish("landscape_form")


# ---------------------------------------------------------------------------- vertical text
VERTICAL_STYLES = ("song", "kai", "hei")


def _column(
    s: _RasterSurface,
    x: float,
    y: float,
    spans: Sequence[tuple[str, str | None]],
    pt: float,
    style: str,
    pitch: float,
) -> float:
    """Draw ``spans`` down one column whose glyphs are centred on x (mm), from y; each span
    with a kind becomes one item around its glyphs. Returns the y below the last glyph."""
    font = s._font(pt, style)
    step = pt * PT * pitch
    for text, kind in spans:
        boxes = []
        for ch in text:
            w = font.getlength(ch) / s.k
            xp, yp = round((x - w / 2) * s.k), round((y + pt * PT * 0.88) * s.k)
            s.draw.text((xp, yp), ch, font=font, fill=INK, anchor="ls")
            box = _ink_box(font, ch, xp, yp)
            if box:
                boxes.append(box)
            y += step
        if kind and boxes:
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            s.add(kind, np.array(_rect(x0, y0, x1, y1)) / s.k, text)
    return y


VERTICAL_LAYOUTS = ("alone", "label", "sentence", "block")


def make_vertical_page(
    identity: Identity, rng: Rng, *, dpi: int = 150, layout: str | None = None
) -> SynthPage:
    """A page of vertical columns read right to left: a certificate or letter with the name in
    a column of its own (two or three glyphs, the hardest for OCR), after 姓名, or inside a
    sentence, the unit in its own column or a sentence, and other people in columns of theirs.
    ``block``: a letter of long horizontal lines signed in a vertical block of three columns
    (label, name, unit): the name's short column is recognised in one batch with the page's
    long lines."""
    if layout == "block":
        return _vertical_block(identity, rng, dpi)
    s = _RasterSurface(rng, dpi)
    others = distractor_names(identity.name, rng, 3)
    style = _pick(rng, VERTICAL_STYLES)
    pt = float(rng.uniform(14, 24))
    pitch = float(rng.uniform(1.0, 1.5))
    gap = pt * PT * float(rng.uniform(1.6, 2.6))
    top = 30.0
    columns: list[list[tuple[str, str | None]]] = [
        [(_pick(rng, ("荣誉证书", "推荐信", "证明")), None)]
    ]
    layout = layout or _pick(rng, VERTICAL_LAYOUTS[:3])
    if layout == "alone":
        columns += [[("兹授予", None)], [(identity.name, "name")]]
    elif layout == "label":
        columns += [[("姓名：", None), (identity.name, "name")]]
    else:
        columns += [[("兹证明", None), (identity.name, "name"), ("同志", None)]]
    if rng.random() < 0.5:
        columns += [[(identity.unit, "unit")]]
    else:
        columns += [[("系", None), (identity.unit, "unit"), ("职工", None)]]
    for _ in range(int(rng.integers(1, 4))):
        columns += [[(_filler(rng, 1)[: int(rng.integers(6, 16))], None)]]
    columns += [[("推荐人：", None), (_pick(rng, others), "other_name")]]
    columns += [[(f"二〇二四年{_pick(rng, ('三', '六', '十二'))}月", None)]]
    x = 190.0
    for spans in columns:
        _column(s, x, top, spans, pt, style, pitch)
        x -= gap
        if x < 20:
            break
    # Below the columns, a few horizontal lines: the page is upright, only its columns run down.
    s.text(20, 250, _filler(rng, 1)[:30], 11)
    return s.finish("vertical")


def _vertical_block(identity: Identity, rng: Rng, dpi: int) -> SynthPage:
    """Long horizontal lines of a letter, then a signature block in three vertical columns."""
    s = _RasterSurface(rng, dpi)
    style = _pick(rng, VERTICAL_STYLES)
    y = 30.0
    for _ in range(int(rng.integers(3, 7))):
        s.text(20, y, _filler(rng, 2)[:34], 12)
        y += 9.0
    pt = float(rng.uniform(16, 24))
    pitch = float(rng.uniform(1.0, 1.3))
    gap = pt * PT * float(rng.uniform(1.6, 2.4))
    top = y + 15
    x = 185.0
    label = _pick(rng, ("推荐人签名", "申请人", "本人签字"))
    for spans in ([(label, None)], [(identity.name, "name")], [(identity.unit, "unit")]):
        _column(s, x, top, spans, pt, style, pitch)
        x -= gap
    return s.finish("vertical")


# ---------------------------------------------------------------------------- thin images
THIN_SHAPES = ((1, 5000), (5000, 1), (4000, 30), (30, 4000), (3, 3), (2500, 12))


def make_thin_image(width: int, height: int, rng: Rng) -> np.ndarray:
    """A width x height image: a rule or a strip of paper, with text when it can hold any."""
    img = Image.new("RGB", (width, height), (255, 255, 255))
    if min(width, height) >= 24:
        draw = ImageDraw.Draw(img)
        px = min(width, height) - 8
        text = _pick(rng, FILLER)
        if width >= height:
            draw.text((4, 4), text, font=get_font("sans", px), fill=INK)
        else:
            for i, ch in enumerate(text):
                draw.text((4, 4 + i * (px + 4)), ch, font=get_font("sans", px), fill=INK)
    else:
        arr = np.array(img)
        arr[:, :] = rng.integers(0, 255, 3)
        return arr
    return np.array(img)


def make_wide_strip(
    identity: Identity, rng: Rng, width: int = 9000, *, lines: int = 3, text_px: int = 32
) -> SynthPage:
    """A banner-like strip ``width`` px wide: long lines with the name and unit every few
    hundred pixels at random offsets, so some of them straddle wherever a reader cuts it."""
    others = distractor_names(identity.name, rng, 4)
    height = 60 + lines * round(text_px * 1.55) + 40
    scr = _Screen(width, height, text_px, (255, 255, 255))
    y = 40
    for _ in range(lines):
        spans: list[tuple[str, str | None]] = []
        while scr.measure("".join(t for t, _ in spans)) < width - 600:
            text = _pick(rng, FILLER)
            spans.append((text[: int(rng.integers(3, 16))], None))
            pick = rng.random()
            if pick < 0.4:
                spans += [(identity.name, "name"), ("同志", None)]
            elif pick < 0.7:
                spans += [(identity.unit, "unit")]
            else:
                spans += [(_pick(rng, others), "other_name"), ("，", None)]
        y = scr.paragraph(40, y, width - 80, spans)
    return scr.finish("wide_strip")


# ------------------------------------------------------------------------- bowed lines
BANNER_OPENERS = ("热烈祝贺", "热烈欢迎", "祝贺", "欢迎", "表彰", "")
BANNER_ENDINGS = (
    "同志荣获自治州优秀医师称号",
    "同志载誉归来",
    "同志获评先进工作者",
    "同志从医三十周年",
)
BANNER_INKS = ((255, 235, 120), (255, 255, 255), (250, 220, 60))


def make_bowed_banner(
    identity: Identity, rng: Rng, *, bow_share: float | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A banner's photo: one line of light glyphs on red cloth that bows by ``bow_share`` of its
    length (drawn at random, 1.5-6%, down or up, when None), over a hall's wall. The name and
    the unit lie anywhere along the line. Returns the image and each target's ink (``name``,
    ``unit``: boolean masks of the image), for counting how much of it a mask covers."""
    size = int(rng.integers(34, 58))
    opener, ending = _pick(rng, BANNER_OPENERS), _pick(rng, BANNER_ENDINGS)
    if rng.random() < 0.5:
        parts = [(opener, None), (identity.unit, "unit"), (identity.name, "name"), (ending, None)]
    else:
        parts = [(opener, None), (identity.name, "name"), (ending[2:], None), ("——", None)]
        parts.append((identity.unit, "unit"))
    font = get_font(_pick(rng, ("hei", "song", "kai")), size)
    width = int(font.getlength("".join(p for p, _ in parts)) + 2 * size)
    height = int(size * rng.uniform(2.2, 3.2))
    red = (int(rng.integers(170, 225)), int(rng.integers(10, 40)), int(rng.integers(20, 45)))
    cloth = Image.new("RGB", (width, height), red)
    inks = {k: Image.new("L", (width, height), 0) for k in ("name", "unit")}
    x = float(size)
    ink_colour = _pick(rng, BANNER_INKS)
    for text, kind in parts:
        ImageDraw.Draw(cloth).text((x, height / 2), text, font=font, fill=ink_colour, anchor="lm")
        if kind:
            ImageDraw.Draw(inks[kind]).text((x, height / 2), text, font=font, fill=255, anchor="lm")
        x += font.getlength(text)
    share = float(rng.uniform(0.015, 0.06)) if bow_share is None else bow_share
    bow = share * width * (1 if rng.random() < 0.7 else -1)
    pad = int(abs(bow)) + 10
    w, h = width + 200, height + 2 * pad + 400
    wall = np.zeros((h, w, 3), np.float32) + rng.uniform(60, 140, 3)
    wall += rng.normal(0, 5, wall.shape)
    cloth_px = np.asarray(cloth, np.float32)
    folds = 0.9 + 0.1 * np.cos(np.arange(width) / rng.uniform(25, 60))
    masks = {k: np.zeros((h, w), bool) for k in inks}
    drawn = {k: np.asarray(m) > 127 for k, m in inks.items()}
    for col in range(width):  # each column of cloth lowered (or raised) along the sag's arc
        top = 60 + int(pad + bow * np.sin(col / width * np.pi))
        wall[top : top + height, 100 + col] = cloth_px[:, col] * folds[col]
        for k in masks:
            masks[k][top : top + height, 100 + col] = drawn[k][:, col]
    return np.clip(wall, 0, 255).astype(np.uint8), masks


CURL_TEXT = "本书由检验科组织编写，全书共十二章，内容涵盖临床生化、免疫、微生物检验的质量控制与管理"


@dataclass(frozen=True)
class CurledTarget:
    kind: str  # "name" or "unit"
    ink: np.ndarray  # boolean mask of its glyphs on the page
    flat: bool  # wholly left of where the page starts to curl


def make_curled_page(identity: Identity, rng: Rng) -> tuple[np.ndarray, list[CurledTarget]]:
    """A page of 13-14 lines of running text, each holding the name or the unit, whose right
    part (from 55-75% of its width) curls into a book's gutter: each column lowered by up to
    40-110 px and shaded. The lines run off the page's edge, as on a book's spread."""
    w, h = 1100, 900
    size = int(rng.integers(26, 36))
    img = Image.new("RGB", (w, h), (250, 248, 242))
    draw = ImageDraw.Draw(img)
    font = get_font(_pick(rng, ("song", "hei")), size)
    drawn: list[tuple[str, np.ndarray]] = []
    y = 60
    for i in range(int((h - 120) / (size * 1.8))):
        k = int(rng.integers(5, 22))
        text = CURL_TEXT[k:] + CURL_TEXT[:k]
        at = int(rng.integers(8, 26))
        kind, target = ("name", identity.name) if i % 2 == 0 else ("unit", identity.unit)
        draw.text((60, y), text[:at] + target + text[at:], font=font, fill=(25, 25, 25))
        ink = Image.new("L", (w, h), 0)
        ImageDraw.Draw(ink).text((60 + font.getlength(text[:at]), y), target, font=font, fill=255)
        drawn.append((kind, np.asarray(ink) > 127))
        y += int(size * 1.8)
    flat_to = int(w * rng.uniform(0.55, 0.75))
    drop = rng.uniform(40, 110)
    page = np.asarray(img, np.float32)
    out = np.full_like(page, 60.0)
    inks = [np.zeros((h, w), bool) for _ in drawn]
    for x in range(w):
        t = max(0.0, (x - flat_to) / (w - flat_to))
        dy = int(drop * t * t)
        out[dy:, x] = page[: h - dy, x] * (1 - 0.45 * t**3)
        for moved, (_, ink) in zip(inks, drawn, strict=True):
            moved[dy:, x] = ink[: h - dy, x]
    targets = [
        CurledTarget(kind, ink, bool(np.flatnonzero(ink.any(axis=0)).max() < flat_to))
        for (kind, _), ink in zip(drawn, inks, strict=True)
    ]
    return np.clip(out, 0, 255).astype(np.uint8), targets
