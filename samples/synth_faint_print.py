"""Cards, forms and letters filled in faint grey print, photocopied (淡色打印的复印件).

Drawn for redactor's own tests and benchmarks (issue 10; probes round 24's r03: a copy of a card
whose filled-in name and unit came out at 215-230 grey on white, which a person reads and OCR's
first pass did not see). The filled-in fields (name, unit, other fields) are printed at 200-235
grey on white or off-white paper (always at least ``MIN_CONTRAST`` below it), their labels dark
or as faint; text 20-40 px; copy grain, a slight blur, a tilt, JPEG. A control page is the same
form filled with another person's name and unit, which must stay in view; every page also
carries other people's names and bodies (a referee, a contact) in the same faint print.

``make_faint_page`` returns the page and a label image: ``labels[y, x]`` is i + 1 where the
glyphs of ``targets[i]`` lie, -(j + 1) where those of ``distractors[j]`` lie, 0 elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samples.synth import get_font

LAYOUTS = ("card", "form", "letter")
# The faint print's grey and how far below the paper it lies at least (a 235 print on 240
# paper is no print a person reads; at 20 below, a serif face's hairlines at 20 px, blurred
# by the copy, were not read by this project's author either).
FAINT_GREY = (200, 235)
MIN_CONTRAST = 22
# Other people and bodies, none sharing the applicant's full name or unit.
OTHER_NAMES = ("马晓东", "张丽华", "李建国", "王芳")
OTHER_UNITS = ("精河县第二中学", "温泉县人民医院", "博乐市教育局", "博尔塔拉职业技术学院")


@dataclass(frozen=True)
class FaintPage:
    image: np.ndarray  # RGB
    labels: np.ndarray  # int16, see the module's docstring
    targets: list[tuple[str, str]]  # (kind, text) of the applicant's name and unit
    distractors: list[tuple[str, str]]  # (kind, text) of other people's names and bodies
    layout: str


@dataclass
class _Canvas:
    """The page being drawn: the print's grey level and the glyph labels drawn so far."""

    ink: Image.Image  # L: 0 paper, 255 full ink, as darkness
    grey: Image.Image  # L: the grey each inked pixel is printed at
    labels: np.ndarray
    targets: list[tuple[str, str]]
    distractors: list[tuple[str, str]]
    face: str = "song"  # the filled-in print's typeface

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        level: int,
        kind: str = "",
        style: str = "song",
        role: str = "",
    ) -> float:
        """Draw ``text`` at ``level`` grey; ``role`` "target" or "distractor" labels its glyphs
        (of ``kind``). Returns the x after it."""
        font = get_font(style, size)
        glyphs = Image.new("L", self.ink.size, 0)
        ImageDraw.Draw(glyphs).text(xy, text, font=font, fill=255)
        g = np.asarray(glyphs)
        on = g > 96
        if role == "target":
            self.targets.append((kind, text))
            self.labels[on] = len(self.targets)
        elif role == "distractor":
            self.distractors.append((kind, text))
            self.labels[on] = -len(self.distractors)
        self.ink.paste(glyphs, (0, 0), glyphs)
        self.grey.paste(level, (0, 0), glyphs.point(lambda v: 255 if v else 0))
        return xy[0] + font.getlength(text)

    def rule(self, box: tuple[float, float, float, float], level: int, width: int = 2) -> None:
        ImageDraw.Draw(self.ink).line(box, fill=255, width=width)
        ImageDraw.Draw(self.grey).line(box, fill=level, width=width)


def _new(size: tuple[int, int]) -> _Canvas:
    return _Canvas(
        Image.new("L", size, 0), Image.new("L", size, 255), np.zeros(size[::-1], np.int16), [], []
    )


def _card(
    c: _Canvas, who: tuple[str, str], other: tuple[str, str], faint: int, label: int, size: int
) -> None:
    """A staff card (工作证 / 登记卡): labels and ruled blanks, filled in."""
    name, unit = who
    other_name, other_unit = other
    c.text((60, 40), "教职工信息登记卡", size + 8, label, style="hei")
    rows = [
        ("姓    名：", name, "name", True),
        ("性    别：", "女", "", False),
        ("工作单位：", unit, "unit", True),
        ("职    务：", "教师", "", False),
        ("填 表 人：", other_name, "name", None),
        ("审核单位：", other_unit, "unit", None),
    ]
    y = 70 + size * 2
    for lab, value, kind, mine in rows:
        x = c.text((60, y), lab, size, label)
        c.rule((x, y + size * 1.25, x + size * 11, y + size * 1.25), label, 1)
        role = "target" if mine else "distractor" if mine is None else ""
        c.text((x + 10, y), value, size, faint, kind, role=role, style=c.face)
        y += int(size * 1.9)


def _form(
    c: _Canvas, who: tuple[str, str], other: tuple[str, str], faint: int, label: int, size: int
) -> None:
    """A ruled form: label cells on the left, the filled-in values beside them."""
    name, unit = who
    other_name, other_unit = other
    c.text((80, 30), "专业技术职务任职资格申报表", size + 8, label, style="hei")
    rows = [
        ("姓名", name, "name", True),
        ("工作单位", unit, "unit", True),
        ("现任职务", "中学一级教师", "", False),
        ("推荐人", other_name, "name", None),
        ("推荐人单位", other_unit, "unit", None),
        ("联系电话", "0909-2231456", "", False),
    ]
    top, h = 60 + size * 2, int(size * 2.2)
    x0, x1, x2 = 60, 60 + size * 6, 60 + size * 20
    for i, (lab, value, kind, mine) in enumerate(rows):
        y = top + i * h
        c.rule((x0, y, x2, y), label)
        c.text((x0 + 12, y + (h - size) // 2), lab, size, label)
        role = "target" if mine else "distractor" if mine is None else ""
        c.text((x1 + 14, y + (h - size) // 2), value, size, faint, kind, role=role, style=c.face)
    bottom = top + len(rows) * h
    c.rule((x0, bottom, x2, bottom), label)
    for x in (x0, x1, x2):
        c.rule((x, top, x, bottom), label)


def _letter(
    c: _Canvas, who: tuple[str, str], other: tuple[str, str], faint: int, label: int, size: int
) -> None:
    """A pre-printed certificate of employment whose blanks are filled in faint print."""
    name, unit = who
    other_name, other_unit = other
    c.text((c.ink.size[0] // 2 - size * 2, 30), "在职证明", size + 10, label, style="hei")
    lines = [
        [
            ("兹证明", label, "", ""),
            (name, faint, "name", "target"),
            ("同志系我单位在职", label, "", ""),
        ],
        [("教师，现就职于", label, "", ""), (unit, faint, "unit", "target"), ("。", label, "", "")],
        [("经办人：", label, "", ""), (other_name, faint, "name", "distractor")],
        [("抄送：", label, "", ""), (other_unit, faint, "unit", "distractor")],
    ]
    y = 60 + size * 2
    for spans in lines:
        x = 70.0
        for text, level, kind, role in spans:
            x = c.text((x, y), text, size, level, kind, role=role, style=c.face if role else "song")
        y += int(size * 2.0)


_DRAW = {"card": _card, "form": _form, "letter": _letter}
# Page sizes in text heights (the fields' widths are too), and a margin in pixels.
_SIZES = {"card": (18, 15), "form": (24, 17), "letter": (20, 12)}
_MARGIN = 120


def make_faint_page(
    name: str,
    unit: str,
    rng: np.random.Generator,
    layout: str | None = None,
    control: bool = False,
) -> FaintPage:
    """A page of ``layout`` (drawn when None) filled in faint print with ``name`` and ``unit``
    (``control``: with another person's, and no target), copied."""
    layout = layout or str(rng.choice(LAYOUTS))
    size = int(rng.integers(20, 41))
    w, h = (int(v * size * rng.uniform(1.0, 1.3)) + _MARGIN for v in _SIZES[layout])
    off_white = bool(rng.random() < 0.4)
    paper = (
        np.array(
            [int(rng.integers(236, 246)), int(rng.integers(230, 242)), int(rng.integers(214, 232))]
        )
        if off_white
        else np.full(3, int(rng.integers(248, 256)))
    )
    top = int(paper.mean()) - MIN_CONTRAST
    faint = min(int(rng.integers(FAINT_GREY[0], FAINT_GREY[1] + 1)), top)
    label = (
        int(rng.integers(15, 90))
        if rng.random() < 0.6
        else min(faint - int(rng.integers(0, 25)), top)
    )
    others = (
        [str(v) for v in rng.permutation(OTHER_NAMES)],
        [str(v) for v in rng.permutation(OTHER_UNITS)],
    )
    who = (others[0][0], others[1][0]) if control else (name, unit)
    c = _new((w, h))
    # A serif face's hairlines vanish in faint print under 26 px: smaller print is sans.
    c.face = str(rng.choice(["song", "sans"])) if size >= 26 else "sans"
    _DRAW[layout](c, who, (others[0][1], others[1][1]), faint, label, size)
    if control:  # the applicant's fields hold another person: distractors, not targets
        c.labels[c.labels > 0] = -(len(c.distractors) + c.labels[c.labels > 0])
        c.distractors += c.targets
        c.targets = []
    image, labels = _copied(c, paper, rng)
    return FaintPage(image, labels, c.targets, c.distractors, layout)


def _copied(
    c: _Canvas, paper: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The drawn page printed on ``paper`` and photocopied: tilt, blur, grain, JPEG."""
    alpha = np.asarray(c.ink).astype(np.float32) / 255.0
    grey = np.asarray(c.grey).astype(np.float32)
    page = paper[None, None, :] * (1 - alpha[..., None]) + grey[..., None] * alpha[..., None]
    img = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8))
    labels = Image.fromarray(c.labels.astype(np.int32), mode="I")
    angle = float(rng.uniform(-2.5, 2.5))
    fill = tuple(int(v) for v in paper)
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)
    labels = labels.rotate(angle, resample=Image.Resampling.NEAREST, expand=True, fillcolor=0)
    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.4, 1.2))))
    arr = np.asarray(img).astype(np.float32)
    arr += rng.normal(0, float(rng.uniform(3.0, 8.0)), arr.shape[:2])[..., None]
    specks = rng.random(arr.shape[:2]) < float(rng.uniform(0.0002, 0.001))
    arr[specks] -= float(rng.uniform(60, 140))
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    if rng.random() < 0.7:
        buf = BytesIO()
        Image.fromarray(arr).save(buf, "JPEG", quality=int(rng.integers(55, 91)))
        arr = np.asarray(Image.open(BytesIO(buf.getvalue())).convert("RGB"))
    return np.ascontiguousarray(arr), np.asarray(labels).astype(np.int16)
