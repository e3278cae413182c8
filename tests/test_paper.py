"""Pages on dark paper (redactor.detect.paper): a document shown by a reading app in night mode is
read as its negative, so its seal is red ink again and the print under the seal is known to be
under it. Real OCR and the real seal detector on a page drawn here (probes round 17's own
drawing, not samples')."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from redactor.api import mask_page
from redactor.detect.paper import on_dark_paper
from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import SEAL, UNIT, Page
from redactor.verify.visible import visible_reasons
from tests.test_coloured_ink import SERIF, _opaque_seal

UNIT_NAME = "博尔塔拉蒙古自治州人民医院"
WANG = Identity("王伟", UNIT_NAME)
OPTIONS = MaskOptions(eyes="off", signatures=False, check="off")


def _night_mode_letter() -> tuple[np.ndarray, tuple[int, int], int]:
    """A recommendation letter signed by the unit under its own seal, as a reading app's night
    mode shows it: every colour turned (the seal cyan), on a dark grey page, not black."""
    img = Image.new("RGB", (1080, 1500), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(SERIF, 40, index=2)
    body = [
        "自治区卫生健康委：",
        f"　　经{UNIT_NAME}党委研究，",
        "推荐我院检验科王伟同志参加2026年",
        "自治区优秀医师评选。",
        "　　特此推荐。",
    ]
    for k, line in enumerate(body):
        d.text((90, 160 + 76 * k), line, font=font, fill=0)
    small = ImageFont.truetype(SERIF, 36, index=2)
    d.text((700, 1080), UNIT_NAME, font=small, fill=0, anchor="mm")
    d.text((700, 1140), "2026年3月20日", font=small, fill=0, anchor="mm")
    centre, r = (700, 1090), 150
    _opaque_seal(img, centre, r, UNIT_NAME)
    negative = 255 - np.asarray(img).astype(np.float32)
    return (negative * 0.78 + 30).astype(np.uint8), centre, r


def test_a_night_mode_page_has_its_seal_and_the_unit_under_it_masked_and_verified() -> None:
    """Probes round 17: on a night-mode screenshot the names were masked, but the unit's cyan
    seal and the unit signed under it stayed (the seal detector looks for red ink; the glyphs
    under the seal were not known to be hidden), on the page, its photocopy, its phone photo
    and turned. Mask's output passes verify, the page as it was fails it."""
    image, centre, r = _night_mode_letter()
    assert on_dark_paper(image)
    page = Page("night.png", 1, image, 150.0)
    found = find_on_page(page, WANG, OPTIONS).findings
    seals = [f for f in found if f.kind == SEAL]
    cx, cy = centre
    assert any(f.bbox.x0 < cx < f.bbox.x1 and f.bbox.y0 < cy < f.bbox.y1 for f in seals)
    masked = mask_page(page, found, OPTIONS)
    # Both ends of the signed unit beyond the seal's disc are under the fill (black).
    half = int(ImageFont.truetype(SERIF, 36, index=2).getlength(UNIT_NAME) / 2)
    dark = masked.max(axis=2) < 8
    for x0, x1 in ((700 - half, centre[0] - r), (centre[0] + r, 700 + half)):
        assert dark[1068:1092, x0:x1].mean() > 0.9, (x0, x1)
    assert [f for f in found if f.kind == UNIT]
    assert visible_reasons(Page("out.png", 1, masked, 150.0), WANG, OPTIONS) == []
    left = visible_reasons(page, WANG, OPTIONS)
    assert {r.kind for r in left} >= {SEAL, UNIT}


def test_pages_on_light_paper_and_photos_are_not_taken_for_dark_paper(realdata: Path) -> None:
    """Light pages, grey photocopies and real photos (dark group photos among them) are read
    as they are."""
    shown = sorted(p for p in realdata.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    assert len(shown) > 20
    dark = [p.name for p in shown if on_dark_paper(np.asarray(Image.open(p).convert("RGB")))]
    assert dark == []


@pytest.mark.parametrize("level", [30, 60])
def test_light_text_on_flat_dark_paper_is_dark_paper_and_a_dark_photo_is_not(level: int) -> None:
    page = np.full((800, 600), level, np.uint8)
    for y in range(100, 700, 40):
        for x in range(60, 540, 12):
            page[y : y + 14, x : x + 6] = 215  # rows of light strokes
    assert on_dark_paper(page)
    rng = np.random.default_rng(3)
    # A dark photo: its levels spread over the dark half, no flat background.
    photo = np.clip(rng.normal(level + 20, 35, (800, 600)), 0, 255).astype(np.uint8)
    assert not on_dark_paper(photo)


def test_a_white_page_photographed_on_a_dark_desk_is_light_paper_and_its_seal_is_found() -> None:
    """Probes round 26: a phone photo of a page on a dark desk, the desk most of the frame, was
    taken for night mode (a flat dark ground with light above it) and read as its negative: the
    unit's red seal was cyan there and was not found. The page's light is a sheet, no strokes."""
    from redactor.detect.paper import as_light_paper
    from redactor.detect.seals import find_seals

    rng = np.random.default_rng(26)
    desk = np.clip(rng.normal(80, 8, (1500, 2000, 3)), 0, 255).astype(np.uint8)
    sheet = Image.new("RGB", (620, 860), "white")
    d = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(SERIF, 30, index=2)
    for k in range(8):
        d.text((50, 60 + 50 * k), "本人自参加工作以来，认真履行岗位职责。", font=font, fill=0)
    _opaque_seal(sheet, (420, 650), 110, UNIT_NAME)
    x0, y0 = 700, 320
    desk[y0 : y0 + 860, x0 : x0 + 620] = np.asarray(sheet)
    assert not on_dark_paper(desk)
    page = as_light_paper(Page("photo.jpg", 1, desk, 150.0))
    seals = find_seals(page)
    cx, cy = x0 + 420, y0 + 650
    assert any(f.bbox.x0 < cx < f.bbox.x1 and f.bbox.y0 < cy < f.bbox.y1 for f in seals)
