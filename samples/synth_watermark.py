"""Phone screenshots carrying a tiled watermark, with each tile's truth (issue 10).

OA systems, WeCom, DingTalk and learning apps stamp every screen with the user's name (and the
last digits of a phone, a date) or their unit, light grey, at an angle, repeated over the whole
page and behind its text. Each page here is an app's record page of someone else (its own dark
text), with one such watermark: the applicant's name alone, with digits or a date, the unit, or
the unit and the name; 15-45 degrees either way, grey 195-232 on light pages or 45-70 on
dark-mode ones, 2.6-4.5% of the width, in three fonts; three in ten saved as JPEG.

``tags`` gives, for every pixel of a target's glyphs, ``tile * 10 + part`` (part 1 the name, 2
the unit; 0 elsewhere): the benchmark counts a tile left visible from its pixels left unpainted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.synth import IDENTITIES, FontMissingError, _split_name

FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
OTHERS = ("李强", "张丽", "赵刚", "孙敏", "马超", "何静")
ROWS = (
    ("所在部门", "医务科"),
    ("审批类型", "继续教育学分认定"),
    ("提交时间", "2026-03-12 10:25"),
    ("审批状态", "已通过"),
    ("备注", "同意，报人事科备案。"),
    ("学时", "24 学时"),
    ("课程", "急危重症护理新进展"),
    ("项目编号", "2025-06-118"),
    ("学分类别", "Ⅰ类学分"),
    ("授予单位", "自治区继续医学教育委员会"),
)
KINDS = ("name_digits", "name_digits", "name", "unit", "name_date", "unit_name")
# Watermarks of the name in pinyin (WeCom and DingTalk write a user's English name; some OA
# systems the account, wangwei): level too, and in a light blue as well as grey.
LATIN_KINDS = ("pinyin_digits", "pinyin", "pinyin_date")
LATIN_ANGLES = (0, 0, -15, -20, -30, 15, 20, 30)
LIGHT_BLUES = ((176, 198, 236), (196, 212, 240), (160, 188, 232))
NAME_PART, UNIT_PART = 1, 2


@dataclass(frozen=True)
class WatermarkPage:
    image: np.ndarray  # RGB
    tags: np.ndarray  # int32, tile * 10 + part under each target glyph pixel
    name: str
    unit: str
    kind: str
    angle: int
    grey: int
    size: int
    dark: bool
    jpeg: int | None  # the JPEG quality it is saved at, None for PNG
    ink: tuple[int, int, int] | None = None  # a coloured watermark's ink (None: grey)


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if not path.exists():
        raise FontMissingError(f"{path} is missing (install fonts-noto-cjk and fonts-wqy-zenhei)")
    return ImageFont.truetype(str(path), size)


def _record_page(rng: random.Random, w: int, h: int, dark: bool) -> Image.Image:
    """An app's record page for someone else: a title bar, labels in grey and values far right."""
    paper = (
        (22, 22, 24) if dark else rng.choice([(245, 245, 245), (255, 255, 255), (242, 244, 247)])
    )
    ink = (222, 222, 222) if dark else (30, 30, 30)
    label = (150, 150, 150) if dark else (128, 128, 128)
    im = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w, int(h * 0.07)), fill=(38, 38, 40) if dark else (255, 255, 255))
    title = rng.choice(["审批详情", "学分证明", "继续教育记录", "个人学习档案"])
    d.text((int(w * 0.05), int(h * 0.025)), title, font=_font(FONTS[0], int(w * 0.045)), fill=ink)
    size = int(w * rng.uniform(0.032, 0.04))
    font = _font(FONTS[0], size)
    y = int(h * 0.1)
    for key, value in [("申请人", rng.choice(OTHERS)), *rng.sample(ROWS, rng.randint(5, 9))]:
        d.text((int(w * 0.05), y), key, font=font, fill=label)
        d.text((int(w * 0.33), y), value, font=font, fill=ink)
        y += int(size * rng.uniform(2.2, 3.0))
        if y > h * 0.8:
            break
    if rng.random() < 0.6:
        fill = (70, 130, 220) if rng.random() < 0.5 else (230, 236, 245)
        d.rectangle((int(w * 0.05), y, int(w * 0.95), y + int(h * 0.12)), fill=fill)
    return im


PLEDGE = (
    "本人承诺所提交的申报材料真实、准确、完整，如有虚假，愿承担一切后果。"
    "任现职以来，认真履行岗位职责，积极参加继续教育，完成规定学时。"
    "在科室质控、带教和科研工作中取得一定成绩，现申请参加专业技术职务评审。"
)


def _dense_page(rng: random.Random, w: int, h: int) -> Image.Image:
    """A page of dark body text at a line pitch of 1.5-1.9 glyphs (a pledge or a summary), so
    that whole tiles lie behind its lines."""
    paper = rng.choice([(255, 255, 255), (246, 246, 246)])
    im = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(im)
    size = int(w * rng.uniform(0.026, 0.034))
    font = _font(FONTS[0], size)
    per_line = int(w * 0.9 / size)
    y, at = int(h * 0.04), rng.randrange(len(PLEDGE))
    while y < h * 0.95:
        text = (PLEDGE * 3)[at : at + per_line - rng.randint(0, 3)]
        d.text((int(w * 0.05), y), text, font=font, fill=(25, 25, 25))
        at = (at + len(text)) % len(PLEDGE)
        y += int(size * rng.uniform(1.5, 1.9))
    return im


def _pinyin(name: str, rng: random.Random) -> str:
    """The name in pinyin as a watermark writes it: WANG WEI, Wang Wei, wangwei, WEI WANG."""
    from samples.synth_text import _syllables

    surname, given = ("".join(_syllables(part)) for part in _split_name(name))
    style = rng.randint(0, 3)
    if style == 0:
        return f"{surname.upper()} {given.upper()}"
    if style == 1:
        return f"{surname.capitalize()} {given.capitalize()}"
    if style == 2:
        return surname + given
    return f"{given.upper()} {surname.upper()}"


def watermark_page(rng: random.Random, latin: bool = False) -> WatermarkPage:
    """One screenshot with a tiled watermark of a random applicant; ``latin``: of the name in
    pinyin (``LATIN_KINDS``), level or at an angle, grey or light blue, half of the light pages
    dense body text with whole tiles behind its lines."""
    dark = rng.random() < 0.2
    w = rng.choice([1080, 1170, 750, 1242])
    h = int(w * rng.uniform(1.9, 2.3))
    dense = latin and not dark and rng.random() < 0.5
    page = _dense_page(rng, w, h) if dense else _record_page(rng, w, h, dark)
    identity = rng.choice(IDENTITIES)
    kind = rng.choice(LATIN_KINDS if latin else KINDS)
    tail = {
        "name_digits": f" {rng.randint(1000, 9999)}",
        "name_date": f" {rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "pinyin_digits": f" {rng.randint(1000, 9999)}",
        "pinyin_date": f" {rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }.get(kind, "")
    name = _pinyin(identity.name, rng) if latin else identity.name
    words: list[tuple[str, int]] = {
        "unit": [(identity.unit, UNIT_PART)],
        "unit_name": [(identity.unit, UNIT_PART), (" ", 0), (identity.name, NAME_PART)],
    }.get(kind, [(name, NAME_PART), (tail, 0)])
    font = _font(rng.choice(FONTS), int(w * rng.uniform(0.026, 0.045)))
    angles = LATIN_ANGLES if latin else (-15, -20, -25, -30, -35, -45, 15, 20, 30)
    angle = rng.choice(angles)
    grey = rng.randint(45, 70) if dark else rng.randint(195, 232)
    colour = rng.choice(LIGHT_BLUES) if latin and not dark and rng.random() < 0.5 else None
    width = sum(font.getlength(t) for t, _ in words)
    step = (int(width + w * rng.uniform(0.12, 0.3)), int(font.size * rng.uniform(4.5, 8)))
    ink = Image.new("L", (2 * w, 2 * h), 0)
    tags = Image.new("I", (2 * w, 2 * h), 0)
    draw_ink, draw_tags = ImageDraw.Draw(ink), ImageDraw.Draw(tags)
    tile = 0
    for row, y in enumerate(range(0, 2 * h, step[1])):
        for x0 in range(-step[0] + (row % 2) * step[0] // 2, 2 * w, step[0]):
            tile += 1
            x = float(x0)
            for text, part in words:
                draw_ink.text((x, y), text, font=font, fill=255)
                if part:
                    draw_tags.text((x, y), text, font=font, fill=tile * 10 + part)
                x += font.getlength(text)
    box = (w // 2, h // 2, w // 2 + w, h // 2 + h)
    ink = ink.rotate(angle, resample=Image.Resampling.BICUBIC).crop(box)
    tags = tags.rotate(angle, resample=Image.Resampling.NEAREST).crop(box)
    page.paste(
        Image.new("RGB", (w, h), colour or (grey,) * 3), (0, 0), ink.point(lambda v: int(v * 0.95))
    )
    jpeg = rng.choice([70, 85, 92]) if rng.random() < 0.3 else None
    return WatermarkPage(
        np.asarray(page),
        np.asarray(tags, dtype=np.int32),
        identity.name,
        identity.unit,
        kind,
        angle,
        grey,
        font.size,
        dark,
        jpeg,
        colour,
    )


def watermark_pages(seed: int, pages: int, latin: bool = False) -> list[WatermarkPage]:
    rng = random.Random(seed)
    return [watermark_page(rng, latin) for _ in range(pages)]
