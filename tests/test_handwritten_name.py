"""A name written by hand in the applicant's 姓名 field is masked (real OCR, generated forms).

OCR reads a hurried hand poorly, so the matcher alone misses it; the field's label says whose
name it is. Someone else's field, a member list's 姓名 column and an empty field add nothing.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from redactor.api import mask_page
from redactor.detect.signature import NAME_FIELD, _struck_through, find_handwritten_names
from redactor.detect.text import ocr_page
from redactor.find import find_names, find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, BBox, Finding, Page, Quad
from redactor.verify.reasons import Reason
from redactor.verify.selfcheck import check_masked_page, self_check
from redactor.verify.visible import handwritten_name_reasons, visible_reasons
from samples import synth
from tests.conftest import (
    NOTO_SANS,
    approval_screenshot,
    cjk_font,
    every_nth_by_default,
    make_line,
    rare_name_form,
)

# Seeds whose hurried hand OCR misreads (checked: the matcher alone leaves these visible).
HAND = [("form", 6), ("form", 11), ("appraisal", 7), ("appraisal", 12)]


def _page(kind: str, seed: int, field: synth.NameField | None) -> synth.SynthPage:
    rng = np.random.default_rng([31, seed])
    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    return synth.make_page(kind, idt, rng, name_field=field)


def _findings(page: synth.SynthPage, seed: int) -> tuple[list[Finding], list[Finding], Page]:
    """(what the matcher finds, what the 姓名-field finder adds, the page)."""
    s = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    p = Page("form.png", 1, page.image, float(page.dpi))
    ocr = ocr_page(p)
    matched = find_names(ocr.lines, Identity(name=s.name, unit=s.unit))
    return matched, find_handwritten_names(ocr.lines, page.image, ocr.rotation), p


def _covered(page: synth.SynthPage, masked: np.ndarray, kind: str) -> float:
    """Share of the truth box's background that the mask turned to the fill (as test_pipeline)."""
    h, w = page.image.shape[:2]
    region = np.zeros((h, w), np.uint8)
    for it in page.items:
        if it.kind == kind:
            pts = np.round(np.asarray(it.quad) * [w, h]).astype(np.int32)
            cv2.fillConvexPoly(region, pts, 1)
    light = (page.image.min(axis=2) > 150) & region.astype(bool)
    return float(((masked.max(axis=2) < 70) & light).sum()) / float(light.sum())


@pytest.mark.parametrize(
    ("kind", "seed"),
    every_nth_by_default(2, [pytest.param(k, s, id=f"{k}-{s}") for k, s in HAND]),
)
def test_a_hand_written_name_in_the_name_field_is_masked(kind: str, seed: int):
    page = _page(kind, seed, synth.NameField("hand"))
    matched, added, p = _findings(page, seed)
    assert all(f.kind == NAME for f in added)
    masked = mask_page(p, [*matched, *added], MaskOptions())
    share = _covered(page, masked, "name")
    assert share >= 0.97, f"hand-written name only {share:.1%} covered"


@pytest.mark.slow
@pytest.mark.parametrize("kind", every_nth_by_default(2, ["form", "appraisal"]))
def test_a_printed_or_empty_name_field_adds_nothing(kind: str):
    for value in ("printed", "blank"):
        page = _page(kind, 3, synth.NameField(value))
        _, added, _ = _findings(page, 3)
        assert added == [], value


# (kind, seed) of blank 姓名 fields on tilted scans boxed as a hand before (their rules' steps).
TILTED_BLANK = [("form", 1), ("form", 4), ("appraisal", 1)]


@pytest.mark.parametrize(
    ("kind", "seed"),
    every_nth_by_default(2, [pytest.param(k, s, id=f"{k}-{s}") for k, s in TILTED_BLANK]),
)
def test_an_empty_name_field_on_a_tilted_scan_adds_nothing(kind: str, seed: int):
    """Main bench 2321 010_ocr_layer, verify over mask's output: on a tilted scan the 姓名
    cell's vertical border crosses the finder's window (about two text heights tall), shorter
    there than a rule's 2.5 heights, so its steps stayed and joined the row's rules into bent
    strokes boxed as a hand (also in a blank field: an extra region on mask's side). Slanted
    rules are looked for round the window (``SignatureSettings.rule_context``)."""
    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    rng = np.random.default_rng([71, seed])
    blank = synth.make_page(kind, idt, rng, name_field=synth.NameField("blank"))
    page = synth.degrade(blank, ("tilt",), rng)
    p = Page("form.png", 1, page.image, float(page.dpi))
    ocr = ocr_page(p)
    assert find_handwritten_names(ocr.lines, page.image, ocr.rotation) == []


@pytest.mark.parametrize("label", ["承诺人", "述 职 人"])
def test_a_hand_written_name_after_a_pledges_or_a_duty_reports_label_is_masked(label: str):
    """Probes round 16: the integrity pledge (诚信承诺书) and the duty report (述职报告) of every
    application end in 承诺人： or 述职人： signed by hand; a hurried hand OCR could not read
    stayed visible (3 of 8 such pledges), only 姓名, 申请人 and 申报人 were the applicant's."""
    page = _page("form", 6, synth.NameField("hand", label))
    matched, added, p = _findings(page, 6)
    masked = mask_page(p, [*matched, *added], MaskOptions())
    assert _covered(page, masked, "name") >= 0.97


@pytest.mark.parametrize("label", every_nth_by_default(2, ["推荐人姓名", "审核人"]))
def test_someone_elses_hand_written_name_stays_visible(label: str):
    page = _page("form", 6, synth.NameField("hand", label))
    _, added, _ = _findings(page, 6)
    assert added == []


def test_a_member_list_under_a_name_header_adds_nothing():
    rng = np.random.default_rng([31, 40])
    page = synth.make_member_list_page(synth.IDENTITIES[4], rng)
    _, added, _ = _findings(page, 4)
    assert added == []


# verify and mask's self-check look for the hand-written name too: a name written by hand in
# the applicant's 姓名 field and left visible fails; masked, it passes; someone else's passes.
VERIFY_OPTIONS = MaskOptions(seals="off", eyes="off")


def _field_box(page: synth.SynthPage) -> BBox:
    """The 姓名 field's value (the first name on the form; the signature is lower down)."""
    h, w = page.image.shape[:2]
    item = next(it for it in page.items if it.kind in ("name", "other_name"))
    pts = np.asarray(item.quad) * [w, h]
    return BBox(*pts.min(axis=0), *pts.max(axis=0))


def _field_reasons(page: synth.SynthPage, seed: int, image: np.ndarray) -> list[Reason]:
    """verify's reasons of kind name over the 姓名 field's value (the hand-signed name at the
    form's signature label is read by OCR and fails on its own)."""
    s = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    p = Page("form.png", 1, image, float(page.dpi))
    reasons = visible_reasons(p, Identity(name=s.name, unit=s.unit), VERIFY_OPTIONS)
    field = _field_box(page)
    return [
        r for r in reasons if r.kind == NAME and r.box and BBox(*r.box).intersection(field).area
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "seed"), HAND[2:3], ids=[f"{k}-{s}" for k, s in HAND[2:3]])
def test_verify_fails_a_visible_hand_written_name_and_passes_it_masked(kind: str, seed: int):
    page = _page(kind, seed, synth.NameField("hand"))
    left = _field_reasons(page, seed, page.image)
    assert [r.code for r in left] == ["visible_text"], left
    box = _field_box(page)
    assert BBox(*left[0].box).intersection(box).area > 0.5 * box.area
    matched, added, p = _findings(page, seed)
    masked = mask_page(p, [*matched, *added], MaskOptions())
    assert _field_reasons(page, seed, masked) == []


def test_verify_passes_someone_elses_hand_written_name():
    page = _page("form", 6, synth.NameField("hand", "推荐人姓名"))
    assert _field_reasons(page, 6, page.image) == []


@pytest.mark.slow
def test_self_check_masks_a_hand_written_name_its_fill_left_half_visible():
    """mask's check of its own output: the hand-written name painted only over its left half
    (a fill shorter than the ink) is found again, near the findings and on a full re-read."""
    seed = 11
    page = _page("form", seed, synth.NameField("hand"))
    matched, added, p = _findings(page, seed)
    assert len(added) == 1
    b = added[0].bbox
    half = replace(added[0], quad=Quad.from_bbox(BBox(b.x0, b.y0, b.x0 + b.width / 2, b.y1)))
    options = MaskOptions(seals="off", eyes="off")
    findings = [*matched, half]
    masked = mask_page(p, findings, options)
    s = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    identity = Identity(name=s.name, unit=s.unit)
    for full in (False, True):
        left = check_masked_page(masked, p, findings, identity, options, full)
        assert any(f.kind == NAME and f.bbox.intersection(b).area > 0 for f in left), full
    fixed, record = self_check(p, masked, findings, identity, options)
    assert record["passes"] >= 1
    assert check_masked_page(fixed, p, findings, identity, options, True) == []


# A 姓名 header over the applicant's own row (姓名 | 性别 | 出生年月, values in the row below).
BELOW = [("form", 6), ("appraisal", 7)]


@pytest.mark.parametrize(
    ("kind", "seed"),
    every_nth_by_default(2, [pytest.param(k, s, id=f"{k}-{s}") for k, s in BELOW]),
)
def test_a_hand_written_name_below_its_header_is_masked(kind: str, seed: int):
    page = _page(kind, seed, synth.NameField("hand", layout="below"))
    matched, added, p = _findings(page, seed)
    assert all(f.kind == NAME for f in added)
    masked = mask_page(p, [*matched, *added], MaskOptions())
    share = _covered(page, masked, "name")
    assert share >= 0.97, f"hand-written name only {share:.1%} covered"


@pytest.mark.slow  # a guard over cases the default run covers elsewhere; `make test-all`
def test_a_printed_or_empty_value_below_a_name_header_adds_nothing():
    for value in ("printed", "blank"):
        page = _page("form", 3, synth.NameField(value, layout="below"))
        _, added, _ = _findings(page, 3)
        assert added == [], value


@pytest.mark.parametrize("name", every_nth_by_default(2, ["王堃", "陈玥"]))
def test_the_next_fields_label_right_of_a_masked_name_is_not_taken_for_a_hand(name: str):
    """On mask's own output of this form OCR read 性别：男 (right of the 姓名 field's fill) at
    0.88-0.89, under the field finder's sureness for print: verify took it for the name's ink
    and failed the page. A field's label is print; the masked page passes."""
    unit = "博尔塔拉蒙古自治州人民医院"
    identity = Identity(name=name, unit=unit)
    page = Page("form.png", 1, rare_name_form(name, unit), 0.0)
    ocr = ocr_page(page)
    found = [*find_names(ocr.lines, identity)]
    found += find_handwritten_names(ocr.lines, page.image, ocr.rotation)
    assert sum(f.kind == NAME for f in found) >= 4, [f.text for f in found]
    masked = replace(page, image=mask_page(page, found, MaskOptions()))
    reasons = visible_reasons(masked, identity, VERIFY_OPTIONS)
    assert [r for r in reasons if r.kind == NAME] == [], reasons


def test_the_next_label_under_an_applicant_label_is_not_a_hand():
    """An app's approval page: 申请人 with its value 李强 far right (so the finder looks under the
    label, as under a column's header) and, under it, the next label 所在部门 in grey, read
    所在部内 at 0.88: it was masked as the applicant's hand-written name."""
    image = np.asarray(approval_screenshot())
    ocr = ocr_page(Page("approval.png", 1, image, 0.0))
    assert any(line.text.startswith("所在部") for line in ocr.lines)
    assert find_handwritten_names(ocr.lines, image, ocr.rotation) == []


@pytest.mark.parametrize("applicant", ["王伟", "张丽"])
def test_print_ocr_missed_beside_a_fill_is_read_again(applicant: str):
    """On mask's output of a watermarked screenshot, OCR of the page missed 张丽 right of the
    black box over a tile in the 申请人 field (the box took the line's detection with it), and
    verify took 张丽's ink for a hand-written name. The miss is injected here (the line dropped
    from the page's OCR): read again with the fill whitened, 张丽 is print and not the applicant
    王伟; when 张丽 is the applicant, it stays a visible name."""
    from PIL import ImageDraw

    image = approval_screenshot()
    draw = ImageDraw.Draw(image)
    draw.polygon([(215, 250), (330, 230), (345, 320), (230, 340)], fill=(0, 0, 0))
    draw.rectangle((350, 250, 460, 330), fill=(245, 245, 245))
    draw.text((360, 260), "张丽", font=cjk_font(40), fill=(30, 30, 30))
    page = Page("approval.png", 1, np.asarray(image), 0.0)
    ocr = ocr_page(page)
    missed = [line for line in ocr.lines if "张丽" not in line.text]
    assert len(missed) < len(ocr.lines)  # the case: 张丽 read, then dropped
    identity = Identity(name=applicant, unit="博尔塔拉蒙古自治州人民医院")
    reasons = handwritten_name_reasons(page, missed, ocr.rotation, [], identity)
    assert bool(reasons) == (applicant == "张丽")
    assert handwritten_name_reasons(page, missed, ocr.rotation, [], None) != []  # before


def test_a_fills_corner_is_no_hand_when_ocr_read_the_fill_as_a_digit():
    """verify on mask's output of a watermarked app page: a fill over a tile across 所在部门,
    under 申请人; the 姓名-field finder boxed the fill's upper corner, and OCR's read of the fill
    itself (a lone 1 at 0.59, its box over the whole fill) counted as a printed number beside the
    field, which hid the fill from the fill-edge check: a false fail."""
    from PIL import ImageDraw

    from redactor.verify.visible import covered_ink

    image = approval_screenshot(750, 1617)
    ImageDraw.Draw(image).polygon([(60, 200), (200, 262), (160, 330), (33, 275)], fill=(0, 0, 0))
    pixels = np.asarray(image)
    corner = BBox(58, 206, 112, 220)
    ones = replace(make_line("1", 33, 195, 129), score=0.59)
    ones = replace(ones, quad=Quad(((33, 195), (199, 195), (199, 324), (33, 324))))
    assert covered_ink(pixels, corner, [])  # the fill's edge, judged alone
    assert covered_ink(pixels, corner, [ones])


def _grid(draw, xs: list[int], ys: list[int]) -> None:  # noqa: ANN001 - PIL's ImageDraw
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=(0, 0, 0), width=2)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=(0, 0, 0), width=2)


def _turned_text(image, text: str, at: tuple[int, int], size: int) -> None:  # noqa: ANN001
    """``text`` turned 90 degrees counter-clockwise (a spreadsheet's header cell), at ``at``."""
    from PIL import Image, ImageDraw

    tile = Image.new("RGB", (size * len(text) + 8, size + 12), (255, 255, 255))
    ImageDraw.Draw(tile).text((4, 2), text, font=cjk_font(size), fill=(0, 0, 0))
    image.paste(tile.rotate(90, expand=True), at)


def test_a_turned_name_header_over_a_roster_masks_none_of_its_print():
    """Probes round 12: a spreadsheet roster exported by an office suite, its header row turned
    90 degrees. OCR read the header 姓名 as an upright box; its height (two glyphs long) was
    taken for the label's text height, and the windows it set covered the header row and the
    first three people's names as the applicant's hand-written name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 620), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    xs, ys = [40, 110, 260, 560, 700, 820], [40, 170] + [170 + 42 * i for i in range(1, 10)]
    _grid(draw, xs, ys)
    for x, head in zip(xs, ["序号", "姓名", "单位", "职称", "类别"], strict=False):
        _turned_text(image, head, (x + 20, 60), 26)
    people = ["张建国", "李娜", "王晓燕", "阿依古丽", "赵磊", "刘洋", "陈静", "杨志刚", "周涛"]
    units = ["博尔塔拉职业技术学院", "博乐市第一中学", "精河县职业技术学校"]
    font = cjk_font(24)
    for i, person in enumerate(people):
        y = ys[1] + 42 * i + 8
        draw.text((xs[0] + 20, y), str(i + 1), font=font, fill=(0, 0, 0))
        draw.text((xs[1] + 14, y), person, font=font, fill=(0, 0, 0))
        draw.text((xs[2] + 14, y), units[i % 3], font=font, fill=(0, 0, 0))
        draw.text((xs[3] + 14, y), ["讲师", "副教授", "助教"][i % 3], font=font, fill=(0, 0, 0))
    page = Page("roster.png", 1, np.asarray(image), 0.0)
    ocr = ocr_page(page)
    assert any(line.text == "姓名" and line.quad.height > line.quad.width for line in ocr.lines)
    assert find_handwritten_names(ocr.lines, page.image, ocr.rotation) == []


def test_body_text_under_a_name_label_whose_value_sits_far_is_not_a_hand():
    """Probes round 12: a landscape form's row 姓名 | the name centred in a wide cell | 性别,
    and under it the next row's running text. The name's print starts past the field's reach,
    so the label was taken for a column's header, and the running text under it (its OCR box
    lower than the label's, so not "print of the label's size") was masked as a hand."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1300, 420), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    xs, ys = [40, 160, 280, 440, 560, 680, 1260], [40, 130, 300]
    _grid(draw, xs, ys)
    label, value = cjk_font(30), cjk_font(26)
    draw.text((xs[1] + 26, 66), "姓名", font=label, fill=(0, 0, 0))
    draw.text((xs[2] + 52, 50), "欧阳", font=label, fill=(0, 0, 0))
    draw.text((xs[2] + 52, 88), "振华", font=label, fill=(0, 0, 0))
    for x, text in zip(xs[3:], ["性别", "男", "民族"], strict=False):
        draw.text((x + 26, 66), text, font=label, fill=(0, 0, 0))
    draw.text((xs[0] + 14, 190), "业绩", font=label, fill=(0, 0, 0))
    body = [
        "2019年以来主持自治区级课题1项，州级课题2项；发表论文4篇；所带班级",
        "中考成绩连续三年位居全市前列。指导青年教师李明、赵蕾获州级优质课一等奖。",
    ]
    for i, line in enumerate(body):
        draw.text((xs[1] + 10, 150 + 36 * i), line, font=value, fill=(0, 0, 0))
    page = Page("form.png", 1, np.asarray(image), 0.0)
    ocr = ocr_page(page)
    assert any("自治区级课题" in line.text for line in ocr.lines)
    assert find_handwritten_names(ocr.lines, page.image, ocr.rotation) == []


def _masked_and_read(page: synth.SynthPage, idt: synth.Identity) -> tuple[np.ndarray, list]:
    """mask's output of ``page`` (the matcher's and the 姓名-field finder's findings) and the
    lines OCR reads on it, as verify reads them."""
    p = Page("page.png", 1, page.image, float(page.dpi))
    ocr = ocr_page(p)
    identity = Identity(name=idt.name, unit=idt.unit)
    found = [*find_names(ocr.lines, identity)]
    found += find_handwritten_names(ocr.lines, page.image, ocr.rotation)
    masked = mask_page(p, found, MaskOptions(seals="off", eyes="off"))
    return masked, ocr_page(Page("page.png", 1, masked, float(page.dpi))).lines


def test_a_masked_name_field_s_next_line_read_unsurely_is_no_hand():
    """2211 019_monitor, verify over mask's output: the 姓名： value is a fill, so nothing reads
    as print right of the label and the finder looked under it, as under a column's header,
    where 本人 of the next line (read at 0.85 on the monitor's pixel grid) was taken for a
    hand. The unsure read is injected here on a summary's masked header; a fill next to the
    label is the field's value, masked: the label heads no column."""
    idt = synth.IDENTITIES[2]
    page = synth.make_page("summary", idt, np.random.default_rng([61, 2]))
    masked, lines = _masked_and_read(page, idt)
    unsure = [replace(ln, score=0.85) if ln.text.startswith("本人") else ln for ln in lines]
    assert unsure != lines  # the case: 本人 read on the next line
    assert find_handwritten_names(unsure, masked, 0) == []


def test_a_masked_name_field_on_a_1_bit_page_is_no_hand():
    """2221 006_bilevel, verify over mask's output: on a tilted 1-bit form the rule finder cut
    the 姓名 value's fill apart (its rows are long runs), and the fill's leftover edge with the
    cell's dotted rule beside it was boxed as a hand. A solid fill is taken out whole and a
    dotted rule is a rule: the masked field adds nothing, and verify passes it."""
    idt = synth.IDENTITIES[1]
    rng = np.random.default_rng([61, 1])
    page = synth.degrade(synth.make_page("form", idt, rng), ("tilt", "bilevel"), rng)
    masked, lines = _masked_and_read(page, idt)
    assert find_handwritten_names(lines, masked, 0) == []
    p = Page("page.png", 1, masked, float(page.dpi))
    assert handwritten_name_reasons(p, lines, 0, [], Identity(idt.name, idt.unit)) == []


def test_a_value_wrapped_in_two_lines_ends_the_field_before_the_next_cells_label():
    """Probes round 12: an office suite's landscape form, its narrow 姓名 value cell wrapping
    欧阳振华 into 欧阳 / 振华. Each line alone sits half a line off the label's row, so neither
    was print there; the finder's window ran on into the next cell, and its label 性别, which
    OCR read unsurely (0.93 there, 0.8 here), was masked with them as the applicant's
    hand-written name. The probe's row is redrawn in its serif face and its cells' places."""
    from PIL import Image, ImageDraw, ImageFont

    serif = NOTO_SANS.with_name("NotoSerifCJK-Regular.ttc")
    if not serif.exists():
        pytest.skip("fonts-noto-cjk is not installed (make fonts)")
    font = ImageFont.truetype(str(serif), 34)
    image = Image.new("RGB", (1000, 240), "white")
    draw = ImageDraw.Draw(image)
    _grid(draw, [5, 110, 252, 440, 555, 675, 795, 910], [45, 145])
    for text, x, y in [("姓名", 140, 78), ("欧阳", 304, 48), ("振华", 304, 106)]:
        draw.text((x, y), text, font=font, fill=(0, 0, 0))
    for text, x in [("性别", 462), ("男", 595), ("民族", 699), ("汉", 832)]:
        draw.text((x, 78), text, font=font, fill=(0, 0, 0))
    pixels = np.asarray(image)
    ocr = ocr_page(Page("form.png", 1, pixels, 0.0))
    read = {ln.text: ln for ln in ocr.lines}
    assert {"姓名", "欧阳", "振华", "性别"} <= set(read)
    found = find_handwritten_names(ocr.lines, pixels, ocr.rotation)
    assert not any(f.bbox.intersection(read["性别"].quad.bbox).area > 0 for f in found), found


@pytest.mark.parametrize("covered", [1.3, 1.6])
def test_the_next_fields_glyph_past_a_masked_name_and_before_a_seal_is_no_hand(covered: float):
    """Main bench 2431 020_eseal_header, verify over mask's output: 姓名：[fill] 工作单位：…
    with the unit's e-seal's fill from 作 onwards (``covered``: where it starts, in glyphs
    past 工). OCR did not read the 工 between the two fills as print, and it was taken for a
    hand written in the field: the page failed. The value is the fill; ink that starts past
    its end is the next field's."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1240, 400), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 30, index=2
    )
    d.text((110, 180), "姓名：", font=font, fill=0)
    x = 110 + font.getlength("姓名：")
    name = d.textbbox((x + 6, 180), "李娜", font=font)
    d.text((x + 6, 180), "李娜", font=font, fill=0)
    rest = x + 6 + font.getlength("李娜") + 24
    d.text((rest, 180), "工作单位：温泉县水利局", font=font, fill=0)
    d.rectangle([name[0] - 5, name[1] - 6, name[2] + 5, name[3] + 6], fill=0)
    seal_x = rest + font.getlength("工") * covered
    d.ellipse([seal_x, 60, seal_x + 300, 360], fill=0)
    image = np.asarray(img)
    ocr = ocr_page(Page("form.png", 1, image, 150.0))
    assert find_handwritten_names(ocr.lines, image, ocr.rotation) == []


def test_a_spreadsheets_header_row_right_of_its_name_header_is_print():
    """Probes round 18: a spreadsheet's screenshot, its header row 序号 | 姓名 | 工作单位 | 科室
    | 现职称 | 申报职称 at 17 px. OCR's box of 姓名 ran into the cell under it (1.3 times the
    height of 工作单位's), so 工作单位, not "print of the label's size", and the unit under it
    were masked as the applicant's hand. The row's own print, read surely, gives print's
    height on a header row."""
    from PIL import Image, ImageDraw

    # the screenshot's size matters: OCR's boxes of 17 px text grow with the image it scales
    image = Image.new("RGB", (1600, 900), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    cols, rows = [40, 120, 260, 600, 760, 980, 1200, 1600], list(range(120, 880, 30))
    for x in cols:
        draw.line((x, 100, x, 880), fill=(210, 210, 210))
    for y in [100, *rows]:
        draw.line((0, y, 1600, y), fill=(210, 210, 210))
    draw.rectangle((0, 0, 1600, 60), fill=(33, 115, 70))
    draw.text(
        (20, 30),
        "职称申报汇总表.xlsx - Excel",
        font=synth.get_font("sans", 22),
        fill=(255, 255, 255),
        anchor="lm",
    )
    font = synth.get_font("sans", 17)
    head = ["序号", "姓名", "工作单位", "科室", "现职称", "申报职称", "备注"]
    for x, text in zip(cols, head, strict=False):
        draw.text((x + 6, 104), text, font=font, fill=0)
    people = [
        ("李强", "博尔塔拉蒙古自治州中医医院"),
        ("王伟", "博尔塔拉蒙古自治州人民医院"),
        ("张敏", "精河县人民医院"),
        ("赵磊", "博乐市人民医院"),
    ]
    for i, (person, unit) in enumerate(people):
        cells = [str(i + 1), person, unit, "检验科", "主管技师", "副主任技师"]
        for x, text in zip(cols, cells, strict=False):
            draw.text((x + 6, rows[i] + 4), text, font=font, fill=0)
    draw.rectangle((cols[1], rows[1], cols[2], rows[2]), outline=(33, 115, 70), width=3)
    page = Page("sheet.png", 1, np.asarray(image), 0.0)
    ocr = ocr_page(page)
    assert any(line.text == "工作单位" for line in ocr.lines)
    assert find_handwritten_names(ocr.lines, page.image, ocr.rotation) == []


# A typo of the name typed in the field, struck through by a pen, the name written by hand over
# it (probes round 22's p11). The start code left the first two wholly in view (the struck
# print taken for the field's printed value, or for the next cell's label); the third, a phone
# photo, is a guard.
CORRECTED = [("form", 2, "clean"), ("appraisal", 4, "clean"), ("appraisal", 5, "phone")]


@pytest.mark.parametrize(
    ("kind", "seed", "variant"),
    every_nth_by_default(3, [pytest.param(*c, id="-".join(map(str, c))) for c in CORRECTED]),
)
def test_a_struck_typo_and_the_name_written_by_hand_over_it_are_masked(
    kind: str, seed: int, variant: str
):
    page = _page(kind, seed, synth.NameField("corrected"))
    if variant == "phone":
        page = synth.phone_photo(page, np.random.default_rng([31, seed, 1]))
    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    p = Page("form.png", 1, page.image, float(page.dpi))
    found = find_on_page(p, Identity(idt.name, idt.unit), MaskOptions()).findings
    share = _covered(page, mask_page(p, found, MaskOptions()), "name")
    assert share >= 0.97, f"the struck typo and the hand only {share:.1%} covered"


def _struck_line(strikes: list[tuple[float, float]]) -> tuple[np.ndarray, object]:
    """A printed 马小燕 of 40 px, with pen strokes at the given heights (shares of the OCR box's
    height: 0.5 across its middle, 0.95 an underline), slanting 3 px along the line."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "马小燕", font=cjk_font(40), fill=0, anchor="lm")
    box = BBox(52, 34, 190, 86)  # as OCR boxes print: taller than the glyphs
    for share, width in strikes:
        y = box.y0 + share * box.height
        draw.line((48, y + 1.5, 192, y - 1.5), fill=0, width=int(width))
    line = make_line("马小燕", box.x0, box.y0, box.height)
    return np.asarray(image), line


@pytest.mark.parametrize(
    ("strikes", "struck"),
    [
        ([(0.5, 3)], True),
        ([(0.45, 2), (0.6, 2)], True),
        ([], False),  # a glyph's own strokes stop at the gaps between glyphs
        ([(0.97, 2)], False),  # an underline
    ],
    ids=["once", "twice", "plain", "underlined"],
)
def test_a_strike_through_print_is_told_from_its_glyphs_and_an_underline(
    strikes: list[tuple[float, float]], struck: bool
):
    image, line = _struck_line(strikes)
    assert _struck_through(line, image, NAME_FIELD) is struck
