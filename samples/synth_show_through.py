"""Pages of thin paper whose back's print shows through, mirrored (透印).

Drawn for redactor's own tests and benchmarks (probes round 23): a front page of print (a
workload table: ruled rows, short lines) over its back, a recommendation naming the applicant
and the unit, mirrored left to right, blurred as paper diffuses it and 18-30% as dark as print.
``make_show_through_page`` returns the page and the boxes (page pixels) of the back's name and
unit where they show, as a reader sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.synth import get_font

PAGE = (1240, 1754)  # A4 at 150 dpi


@dataclass(frozen=True)
class ShowThroughPage:
    image: np.ndarray  # RGB
    # (kind, text, (x0, y0, x1, y1)) of the back's name and unit, mirrored as they show
    targets: list[tuple[str, str, tuple[float, float, float, float]]]


def _back(name: str, unit: str, rng: np.random.Generator) -> tuple[Image.Image, list]:
    """The back page, unmirrored, and its targets' boxes."""
    back = Image.new("L", PAGE, 255)
    d = ImageDraw.Draw(back)
    d.text((PAGE[0] // 2, 200), "推 荐 意 见", font=get_font("hei", 56), fill=0, anchor="mm")
    size = int(rng.integers(36, 44))
    font = get_font("song", size)
    lines = [
        [("兹推荐我校", None), (name, "name"), ("同志申报中学高级教师职称。", None)],
        [("该同志自2008年起在", None), (unit, "unit"), ("任教，", None)],
        [("师德高尚，教学成绩突出。", None)],
        [("推荐人：", None), (name, "name"), ("所在教研组", None)],
    ]
    targets = []
    for i, spans in enumerate(lines):
        x, y = 140.0, 340.0 + 80 * i
        for text, kind in spans:
            d.text((x, y), text, font=font, fill=0)
            if kind:
                x0, y0, x1, y1 = d.textbbox((x, y), text, font=font)
                targets.append((kind, text, (x0, y0, x1, y1)))
            x += font.getlength(text)
    return back, targets


def make_show_through_page(
    name: str, unit: str, rng: np.random.Generator, strength: float | None = None
) -> ShowThroughPage:
    """A front page of print with the back (naming ``name`` and ``unit``) showing through,
    ``strength`` (0.18-0.3 drawn) as dark as print."""
    back, targets = _back(name, unit, rng)
    back = back.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    ghost = np.asarray(back.filter(ImageFilter.GaussianBlur(1.2))).astype(np.float32)
    front = Image.new("RGB", PAGE, (255, 255, 255))
    fd = ImageDraw.Draw(front)
    fd.text((PAGE[0] // 2, 160), "教学工作量统计表", font=get_font("hei", 48), fill=0, anchor="mm")
    font = get_font("song", 28)
    for i in range(14):
        y = 260 + 90 * i
        fd.line((120, y, PAGE[0] - 120, y), fill=0, width=2)
        fd.text((140, y + 30), f"第{i + 1}周   课时 {12 + i % 4}   备注：正常", font=font, fill=0)
    k = float(rng.uniform(0.18, 0.3)) if strength is None else strength
    page = np.asarray(front).astype(np.float32) - k * (255 - ghost)[..., None]
    w = PAGE[0]
    shown = [(kind, text, (w - x1, y0, w - x0, y1)) for kind, text, (x0, y0, x1, y1) in targets]
    return ShowThroughPage(np.clip(page, 0, 255).astype(np.uint8), shown)
