"""Text in coloured ink across print (redactor.detect.coloured_ink): a unit's strip stamp (条章)
or a stamped line, read from its coloured ink alone, and the print under it read with that ink
taken out. Real OCR on pages of samples.synth_seals.make_strip_stamp_page and a probe drawn
outside samples/."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, UNIT, Page
from samples import synth, synth_seals
from tests.conftest import every_nth_by_default
from tests.test_name_phrases import _shares

TEXT_ONLY = MaskOptions(seals="off", eyes="off", signatures=False, check="off")
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
RED = (210, 30, 35)


def _found(image: np.ndarray, identity: Identity, kind: str) -> list:
    found = find_on_page(Page("stamp.png", 1, image, 150.0), identity, TEXT_ONLY).findings
    return [f for f in found if f.kind == kind]


# Seed 7 pages (looked at while the stage was written): 1 and 2 a stamp of the unit over print,
# 5 the printed unit under another body's blue strip stamp.
@pytest.mark.parametrize("index", every_nth_by_default(2, [1, 5, 2]))
def test_the_unit_stamped_across_print_and_the_print_under_a_stamp_are_masked(index: int):
    idt = synth.IDENTITIES[index % len(synth.IDENTITIES)]
    page = synth_seals.make_strip_stamp_page(idt, np.random.default_rng([7, index]))
    shares = _shares(page, _found(page.image, Identity(idt.name, idt.unit), UNIT))
    units = [i for i, it in enumerate(page.items) if it.kind == "unit"]
    others = [i for i, it in enumerate(page.items) if it.kind == "other_org"]
    assert [page.items[i].text for i in units if shares[i] < 0.9] == []
    assert [page.items[i].text for i in others if shares[i] > 0.2] == []


@pytest.mark.parametrize(
    ("ink", "framed", "angle"),
    every_nth_by_default(2, [((200, 30, 30), True, 5), ((30, 60, 190), False, -8)]),
)
def test_a_strip_stamp_of_the_unit_across_lines_of_print_is_masked(ink, framed, angle):
    """A probe drawn outside samples/: the unit's strip stamp, red and framed or blue and bare,
    stamped across two lines of print; text detection found neither of its lines and the unit
    stayed readable (page answered 否)."""
    unit = "博尔塔拉蒙古自治州人民医院"
    page = Image.new("RGB", (1240, 900), "white")
    d = ImageDraw.Draw(page)
    body = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 32)
    for i in range(12):
        line = (
            "兹有我院职工申报卫生系列高级职称，材料经审核属实。"
            if i % 2
            else "附件：职称申报表、业绩材料"
        )
        d.text((100, 80 + i * 60), line, font=body, fill="black")
    font = ImageFont.truetype(SERIF, 40)
    width = round(font.getlength(unit)) + 40
    stamp = Image.new("RGBA", (width, 80), (0, 0, 0, 0))
    s = ImageDraw.Draw(stamp)
    if framed:
        s.rectangle((3, 3, width - 4, 76), outline=(*ink, 230), width=5)
    s.text((width / 2, 40), unit, font=font, fill=(*ink, 220), anchor="mm")
    stamp = stamp.rotate(angle, expand=True)
    page.paste(stamp, (380, 420), stamp)
    found = _found(np.asarray(page), Identity("王伟", unit), UNIT)
    assert found and all(f.bbox.y0 >= 420 and f.bbox.y1 <= 420 + stamp.height for f in found)


def test_a_blue_line_stamped_at_30_degrees_over_print_is_read():
    """已审核 经办：王伟 2024.12.01 in blue at 30 degrees across the last line of print: text
    detection found no line of it at all."""
    page = Image.new("RGB", (1240, 900), "white")
    d = ImageDraw.Draw(page)
    body = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 32)
    for i in range(10):
        d.text((100, 100 + i * 60), "以下材料经单位人事部门审核属实。", font=body, fill="black")
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 40)
    line = Image.new("RGBA", (700, 70), (0, 0, 0, 0))
    ImageDraw.Draw(line).text(
        (10, 10), "已审核  经办：王伟  2024.12.01", font=font, fill=(30, 60, 200)
    )
    line = line.rotate(30, expand=True)
    page.paste(line, (500, 350), line)
    assert _found(np.asarray(page), Identity("王伟", "博尔塔拉蒙古自治州人民医院"), NAME)


@pytest.mark.parametrize(
    ("sub", "ink", "angle"),
    every_nth_by_default(2, [("人事科", (200, 30, 35), 4), ("2024年12月1日", (35, 60, 185), -9)]),
)
def test_a_short_units_strip_stamp_with_a_line_under_it_is_read(sub, ink, angle):
    """Bench seed 2121 (corpus version 6), 017_strip_stamp: 温泉县水利局 framed over 医务部, stamped
    across print (phone photo). A six-glyph unit with a second line makes a strip 2.1 times as
    long as high (about 7 glyphs by 3.3), under the 2.2 that kept round and square seals out:
    the stamp was never read and the unit stayed readable (page answered 否)."""
    unit = "温泉县水利局"
    page = Image.new("RGB", (1240, 900), "white")
    d = ImageDraw.Draw(page)
    body = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 30)
    for i in range(12):
        d.text(
            (90, 80 + i * 56),
            "各单位要高度重视，严格按照评审条件和程序组织申报工作。",
            font=body,
            fill=0,
        )
    layer, _ = synth_seals._strip_stamp(unit, sub, 30.0, ink, True)
    turned = layer.rotate(angle, expand=True, resample=Image.BICUBIC)
    page.paste(turned, (420, 380), turned)
    found = _found(np.asarray(page), Identity("王伟", unit), UNIT)
    assert found and all(f.bbox.y0 >= 380 and f.bbox.y1 <= 380 + turned.height for f in found)


def _bench_2141_strip_stamp_page(tmp_path, monkeypatch) -> tuple[dict, dict, np.ndarray]:  # noqa: ANN001
    """Bench seed 2141's 012_strip_stamp page as the bench drew it (corpus version 6): its
    manifest entry, its applicant and its pixels."""
    import json

    monkeypatch.setattr(synth, "ROUND8_SHARE", 10**9)  # corpus version 6, as the bench ran it
    monkeypatch.setattr(synth, "ROUND9_SHARE", 10**9)
    monkeypatch.setattr(synth, "ROUND10_SHARE", 10**9)
    manifest = json.loads(synth.build_corpus(tmp_path, 20, 2141).read_text(encoding="utf-8"))
    [entry] = [f for f in manifest["files"] if f["path"].endswith("012_strip_stamp.webp")]
    applicant = next(a for a in manifest["applicants"] if a["id"] == entry["applicant"])
    image = np.asarray(Image.open(tmp_path / entry["path"]).convert("RGB"))
    return entry, applicant, image


@pytest.mark.slow
def test_a_line_a_tilted_stamp_crosses_on_a_phone_photo_is_read(tmp_path, monkeypatch):
    """Bench seed 2141 (never run before), 012_strip_stamp: a phone photo of a work summary with
    a blue two-line framed stamp (精河县教育局 专用章) across its first line, 本人张晓明，男，…. The
    page's OCR lost the whole line, and the re-read under the stamp missed it too: it whitened
    every pixel of a red hue in the band, the photo's brown desk included, and it read only the
    stamp's own rows, which the tilted line rises out of. The applicant's name stayed readable."""
    entry, applicant, image = _bench_2141_strip_stamp_page(tmp_path, monkeypatch)
    identity = Identity(name=applicant["name"], unit=applicant["unit"])
    names = _found(image, identity, NAME)
    # The name three times on the page: the 姓名 field, the first line and the signature.
    assert len(names) >= 3, [f.text for f in names]


@pytest.mark.slow
def test_the_unit_under_another_bodys_faded_stamp_on_a_phone_photo_is_read(tmp_path, monkeypatch):
    """The same page: the first line's 现在博乐市第一中学工作 lies under the violet stamp's
    精河县教育局. Whitening the stamp's coloured pixels left its faded strokes and edges over the
    print (read 现在河景有局): the unit stayed readable there. With the ink unmixed from the
    print (coloured_ink.print_alone) the line reads whole."""
    entry, applicant, image = _bench_2141_strip_stamp_page(tmp_path, monkeypatch)
    h, w = image.shape[:2]
    page = entry["pages"][0]
    [stamp] = [it for it in page["items"] if it["text"] == "精河县教育局"]
    sx0, sy0 = (np.asarray(stamp["quad"]) * [w, h]).min(axis=0)
    sx1, sy1 = (np.asarray(stamp["quad"]) * [w, h]).max(axis=0)
    under = [
        np.asarray(it["quad"]) * [w, h]
        for it in page["items"]
        if it["kind"] == "unit"
        and sx0 < (np.asarray(it["quad"]) * [w, h])[:, 0].mean() < sx1
        and sy0 < (np.asarray(it["quad"]) * [w, h])[:, 1].mean() < sy1
    ]
    assert len(under) == 1
    identity = Identity(name=applicant["name"], unit=applicant["unit"])
    units = _found(image, identity, UNIT)
    cx, cy = under[0].mean(axis=0)
    assert any(f.bbox.x0 < cx < f.bbox.x1 and f.bbox.y0 < cy < f.bbox.y1 for f in units)


def test_the_name_and_unit_beside_an_opaque_eseal_are_masked() -> None:
    """An e-seal placed in front of the unit's line of a summary's header (seed 6 of
    synth_seals.make_eseal_over_unit_page, looked at while this was written): its light rim
    joined its ghost to the line once the red was taken out, the detector lost the whole line,
    and 姓名：王伟 beside it stayed visible; the unit's glyphs under the seal's red read 巨 for
    民 or not at all. Every name and unit of the page is masked whole (the seal's fill and the
    unit's together)."""
    import cv2

    from redactor.api import mask_page

    idt = synth.IDENTITIES[0]
    page, _ = synth_seals.make_eseal_over_unit_page(idt, np.random.default_rng(6), "summary")
    who = Identity(idt.name, idt.unit, unit_aliases=(idt.unit_english,))
    options = MaskOptions(eyes="off", check="off")
    found = find_on_page(Page("eseal.png", 1, page.image, 150.0), who, options).findings
    masked = mask_page(Page("eseal.png", 1, page.image, 150.0), found, options).max(axis=2) < 8
    h, w = masked.shape
    left = []
    for item in page.items:
        if item.kind in (NAME, UNIT):
            region = np.zeros((h, w), np.uint8)
            cv2.fillPoly(region, [np.round(np.asarray(item.quad) * (w, h)).astype(np.int32)], 1)
            if masked[region > 0].mean() < 0.9:
                left.append(item.text)
    assert left == []


def _opaque_seal(img: Image.Image, centre: tuple[int, int], r: int, text: str) -> None:
    """A round e-seal drawn in front of the text (opaque red, alpha 235): a thick rim, its
    text round the top, a large star (probes round 15's own drawing, not samples')."""
    import math

    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    ink = (*RED, 235)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=ink, width=max(4, r // 14))
    size = int(r * 0.28)
    font = ImageFont.truetype(SERIF, size, index=2)
    for k, ch in enumerate(text):
        a = math.radians(-215 + 250 * k / max(len(text) - 1, 1))
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), ch, font=font, fill=ink, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        at = (int(cx + 0.72 * r * math.cos(a) - size), int(cy + 0.72 * r * math.sin(a) - size))
        layer.alpha_composite(glyph, at)
    star = []
    for k in range(10):
        reach = (0.26 if k % 2 == 0 else 0.1) * r
        turn = math.radians(-90 + 36 * k)
        star.append((cx + reach * math.cos(turn), cy + reach * math.sin(turn)))
    d.polygon(star, fill=ink)
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


@pytest.mark.parametrize(
    ("signed", "ours"),
    [("博尔塔拉蒙古自治州卫生健康委员会", False), ("博尔塔拉蒙古自治州人民医院", True)],
)
def test_an_issuers_name_under_its_own_seal_is_not_taken_for_the_unit(signed: str, ours: bool):
    """Probes round 15 (a red-header notice): the issuer's name signed under its own e-seal
    (opaque, in front of the text) was read in pieces beside the seal's strokes (博尔塔拉 |
    自治州卫 | 康委员会) and again whole without the red (博尔塔拉蒙占自治州卫生健康委员会).
    The pieces' glyphs under the seal, free to be anything, made 博尔塔拉 + 自治州卫 the
    applicant's 博尔塔拉蒙古自治州人民医院: the issuer's name was masked. The line read whole
    says what is under the seal. The applicant's own unit under its own seal is still found."""
    img = Image.new("RGB", (1240, 500), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(SERIF, 32, index=2)
    d.text((120, 60), "公示期为5个工作日。联系人：赵磊，电话：0909-2235678。", font=font, fill=0)
    d.text((900, 260), signed, font=font, fill=(0, 0, 0), anchor="mm")
    d.text((900, 320), "2026年3月10日", font=font, fill=(0, 0, 0), anchor="mm")
    _opaque_seal(img, (900, 280), 130, signed)
    who = Identity("王伟", "博尔塔拉蒙古自治州人民医院")
    assert bool(_found(np.asarray(img), who, UNIT)) is ours


@pytest.mark.parametrize(
    ("body", "signed", "ours"),
    [
        ("People's Hospital", "博尔塔拉蒙古自治州人民医院", True),
        ("Health Commission", "博尔塔拉蒙古自治州卫生健康委员会", False),
    ],
)
def test_an_english_unit_cut_by_its_own_seal_on_a_phone_photo_is_masked_up_to_the_seal(
    body: str, signed: str, ours: bool
):
    """Probes round 15 (an English reference letter, photographed): "Director, Bortala Mongol
    Autonomous Pre…" ran into the applicant's own seal, the rest of the line under it. OCR read
    the line on through the seal garbled (…Autonomc º etectu e le's Hospital), no alias with
    its slips, and the head was left readable. The seal reads as the unit, so the letters
    before it that end in the alias's head are the unit's. An issuer signed under its own
    seal, whose English name begins with the same prefecture, stays visible."""
    img = Image.new("RGB", (1240, 640), "white")
    font = ImageFont.truetype(SERIF, 30, index=2)
    d = ImageDraw.Draw(img)
    for k, para in enumerate(("Please contact me for details of her work.", "Sincerely,")):
        d.text((110, 120 + 60 * k), para, font=font, fill=(15, 15, 15))
    text = "Director, Bortala Mongol Autonomous Prefecture " + body
    d.text((110, 352), text, font=font, fill=(15, 15, 15))
    centre, r = (760, 450), 150
    _opaque_seal(img, centre, r, signed)
    # Photographed: blurred, a warm cast, sensor noise, JPEG.
    photo = cv2.GaussianBlur(np.asarray(img), (0, 0), 1.1).astype(np.float32)
    photo = photo * np.array([0.9, 0.96, 1.0]) + np.random.default_rng(5).normal(0, 5, photo.shape)
    _, jpeg = cv2.imencode(
        ".jpg", np.clip(photo, 0, 255).astype(np.uint8)[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 65]
    )
    image = np.ascontiguousarray(cv2.imdecode(jpeg, cv2.IMREAD_COLOR)[:, :, ::-1])
    who = Identity(
        "王伟",
        "博尔塔拉蒙古自治州人民医院",
        unit_aliases=("Bortala Mongol Autonomous Prefecture People's Hospital",),
    )
    options = MaskOptions(eyes="off", signatures=False, check="off")
    found = find_on_page(Page("letter.jpg", 1, image, 150.0), who, options).findings
    units = [f.bbox for f in found if f.kind == UNIT]
    head_x0 = 110 + font.getlength("Director, ")
    covered = [b for b in units if b.x0 <= head_x0 + 6 and b.x1 >= centre[0] - r - 6]
    assert bool(covered) is ours
    # The seal's own arc text read as lines is masked with the seal: nothing else.
    assert bool([b for b in units if b.x0 < centre[0] - r]) is ours


def _rosette(d: ImageDraw.ImageDraw, centre: tuple[int, int], r: int, ink: tuple, n: int) -> None:
    """A certificate's guilloche rosette: ``n`` thin petalled loops, each turned a little."""
    import math

    cx, cy = centre
    for k in range(n):
        phase = 2 * math.pi * k / n
        loop = []
        for t in np.linspace(0, 2 * math.pi, 360):
            reach = r * (0.55 + 0.45 * math.cos(7 * t + phase) ** 2)
            loop.append(
                (cx + reach * math.cos(t + phase / 7), cy + reach * math.sin(t + phase / 7))
            )
        d.line([*loop, loop[0]], fill=ink, width=1)


def test_the_unit_under_its_own_seal_is_masked_on_both_sides_of_the_seal() -> None:
    """Probes round 17 (an honour certificate on a light red guilloche rosette): the unit
    signed under its own seal, the seal's middle over the line's. OCR read the line in three
    pieces, 博尔塔 | 拉蒙古白治州 | 民医院, and the box of the middle piece, read through the
    seal's ring, reached 0.55 of a glyph back over 博尔塔's: the pieces were taken for no
    neighbours, and 博尔塔 stayed readable beside the seal's fill while the rest of the unit
    was masked. Both ends of the line beyond the seal's disc are masked."""
    from redactor.api import mask_page

    img = Image.new("RGB", (2000, 1400), (253, 250, 242))
    d = ImageDraw.Draw(img)
    _rosette(d, (1000, 740), 430, (236, 180, 170), 90)
    _rosette(d, (260, 300), 150, (240, 200, 190), 50)
    title = ImageFont.truetype(SERIF, 110, index=2)
    d.text((1000, 200), "荣 誉 证 书", font=title, fill=(190, 30, 30), anchor="mm")
    unit = "博尔塔拉蒙古自治州人民医院"
    body = ["王伟同志：", "　　在2025年度工作中成绩突出，被评为", f"　　{unit}优秀共产党员。"]
    body.append("　　特发此证，以资鼓励。")
    hand = ImageFont.truetype("/usr/share/fonts/truetype/arphic/ukai.ttc", 64)
    for k, line in enumerate(body):
        d.text((260, 420 + 130 * k), line, font=hand, fill=(20, 20, 20))
    font = ImageFont.truetype(SERIF, 44, index=2)
    d.text((1480, 1100), unit, font=font, fill=(20, 20, 20), anchor="mm")
    d.text((1480, 1180), "二〇二六年一月", font=font, fill=(20, 20, 20), anchor="mm")
    centre, r = (1480, 1120), 170
    _opaque_seal(img, centre, r, unit)
    who = Identity("王伟", unit)
    options = MaskOptions(eyes="off", signatures=False, check="off")
    page = Page("certificate.png", 1, np.asarray(img), 150.0)
    masked = mask_page(page, find_on_page(page, who, options).findings, options).max(axis=2) < 8
    half = int(font.getlength(unit) / 2)
    for x0, x1 in ((1480 - half, centre[0] - r), (centre[0] + r, 1480 + half)):
        assert masked[1085:1115, x0:x1].mean() > 0.9, (x0, x1)


def _seal_over(line_chars: list, first: int, last: int, text: str):
    """A seal finding (reading ``text``) whose round outline covers glyphs first..last."""
    from redactor.types import SEAL, Finding, Quad

    x0 = line_chars[first].quad.bbox.x0
    x1 = line_chars[last].quad.bbox.x1
    cy = line_chars[first].quad.bbox.y0 + line_chars[first].quad.bbox.height / 2
    cx, r = (x0 + x1) / 2, (x1 - x0) / 2
    ring = [(cx + r * np.cos(a), cy + r * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 36)[:-1]]
    box = Quad(((cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r), (cx - r, cy + r)))
    return Finding(SEAL, box, 0.9, "seal", text, tuple(ring))


@pytest.mark.parametrize(
    ("read", "first", "last", "signed", "masked"),
    [
        # probes round 19's read: the seal over 博…自, the tail 台州人民医院 beside it
        (
            "单位（盖章）：溥尔 立蒙古自台州人民医院",
            7,
            13,
            "博尔塔拉蒙古自治州人民医院",
            "台州人民医院",
        ),
        # the tail running on into the department's name (Han glyphs have no word bounds)
        (
            "单位（盖章）：溥尔 立蒙古自台州人民医院检验科",
            7,
            13,
            "博尔塔拉蒙古自治州人民医院",
            "台州人民医院",
        ),
        # the seal over the unit's tail: its head before it
        (
            "单位（盖章）：博尔塔拉蒙古自冶卅入民医阮",
            14,
            19,
            "博尔塔拉蒙古自治州人民医院",
            "博尔塔拉蒙古自",
        ),
        # another body's seal, over another body's name: nothing
        (
            "单位（盖章）：溥尔 立蒙古自台州卫生健康委员会",
            7,
            13,
            "博尔塔拉蒙古自治州卫生健康委员会",
            "",
        ),
        # the applicant's seal, the date beside it: nothing
        ("溥尔 立蒙古自台 2026年1月10日", 0, 7, "博尔塔拉蒙古自治州人民医院", ""),
    ],
)
def test_a_chinese_unit_cut_by_its_own_seal_is_masked_up_to_the_seal(
    read: str, first: int, last: int, signed: str, masked: str
) -> None:
    """Probes round 19 (a born-digital form drawn as vector outlines, its seal a vector drawing
    in front of the text): 单位（盖章）：博尔塔拉蒙古自治州人民医院 with the seal over the unit's
    first eight glyphs was read 溥尔 立蒙古自台州人民医院, the glyphs under the red misread
    surely (0.98-0.99, so no hidden slip), and 州人民医院 was left readable beside the seal's
    fill. Where the seal reads as the unit, the glyphs coming out of it that end the unit (or
    going into it that begin it) are the unit's, as an English unit's are."""
    from redactor.find import units_cut_by_own_seals
    from tests.conftest import make_line

    line = make_line(read, size=40)
    seal = _seal_over(list(line.chars), first, last, signed)
    found = units_cut_by_own_seals([line], [seal], Identity("王伟", "博尔塔拉蒙古自治州人民医院"))
    # (one finding a form of the unit: the unit, and it without its parent division)
    assert {f.text for f in found if f.kind == UNIT} == ({masked} if masked else set())
