"""Signature fields: an empty field adds no region; a signed one is still masked (real OCR)."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
import pytest

from redactor.api import mask_page
from redactor.detect.signature import _label_spans, find_signatures, signature_fields
from redactor.detect.text import ocr_page
from redactor.options import MaskOptions
from redactor.types import Page
from samples import synth
from samples import synth_text as st
from tests.conftest import draw_text_page, make_line


def test_a_bracketed_note_and_colon_belong_to_the_label():
    for text, label in (
        ("签章（公章）：", "签章（公章）："),
        ("申请人（签字）：", "签字）："),
        ("本人签名: ", "签名: "),
        # A label inside a note takes the rest of the note (probes round 17's pledge).
        ("承诺人（签字并按手印）：", "签字并按手印）："),
        ("申请人（签字或盖章）", "签字或盖章）"),
    ):
        line = make_line(text)
        [(start, end, _)] = _label_spans(line)
        assert text[start:end] == label, text


def test_a_label_ocr_read_twice_is_one_field():
    """Probes round 17 (a pledge): OCR read 承诺人（签字并按手印）： alone and again with the hand's
    王伟 after it. The field of the label read alone took the other read's box, the hand in it,
    for print, searched on below the label and masked a thumbprint over the date. One field is
    kept, the longer read's; two labels apart on one row stay two fields."""
    alone = make_line("承诺人（签字并按手印）：", x=635, y=880, size=30)
    with_hand = make_line("承诺人（签字并按手印）：王伟", x=628, y=876, size=32)
    [field] = signature_fields([alone, with_hand], 1240)
    assert field.line is with_hand
    row = [make_line("申请人签字：", x=60, y=500), make_line("本人签名：", x=600, y=500)]
    assert len(signature_fields(row, 1240)) == 2


def test_a_label_inside_a_sentence_is_no_field():
    """A probe (a contract's clauses, drawn here): every line holding 自签字盖章之日起生效 had
    the rest of the line masked as the applicant's signature. A label running on into sure
    print is a word; one followed by a colon, a note, a gap or the line's end is a field. (A
    line wrapped one character after the label, 自签字盖 | 章之日起, still masks that 盖.)"""
    clauses = [
        "本合同一式两份，双方各执一份，自签字盖章之日起生效，具有同等法律效力。",
        "经本人签字确认后，本承诺书即具法律效力。",
        "本合同一式两份，双方各执一份，自签字盖章",
        "之日起生效。",
    ]
    image = draw_text_page(clauses, size=30, width=1240)
    ocr = ocr_page(Page("contract.png", 1, image, 0.0))
    assert sum("签字" in line.text for line in ocr.lines) == 3  # the case: OCR reads the labels
    assert find_signatures(ocr.lines, image, ocr.rotation) == []
    for text in ("本人签字：", "申请人签字", "签字（盖章）", "本人签名 王伟"):
        assert _label_spans(make_line(text)), text


def _read(page: synth.SynthPage) -> list:
    ocr = ocr_page(Page("sig.png", 1, page.image, float(page.dpi)))
    return find_signatures(ocr.lines, page.image, ocr.rotation)


# Each frame on another kind of copy: scans, photocopies, phone photos.
BLANK = [
    ("none", "clean"),
    ("underline", "phone"),
    ("underline_text", "photocopy"),
    ("table", "noise"),
    ("box", "phone"),
    ("dotted", "photocopy"),
]


@pytest.mark.every_case  # each a style of blank field (issue 10, item 7)
@pytest.mark.parametrize(("frame", "degradation"), BLANK, ids=[f"{f}-{d}" for f, d in BLANK])
def test_an_empty_signature_field_adds_no_region(frame: str, degradation: str):
    rng = np.random.default_rng(700 + st.FIELD_FRAMES.index(frame))
    page = st.make_signature_field_page(synth.IDENTITIES[1], rng, signed=False, frame=frame)
    page = synth.degrade(page, [] if degradation == "clean" else [degradation], rng)
    assert _read(page) == []


def _signature_covered(
    image: np.ndarray, masked: np.ndarray, quad: Sequence[Sequence[float]]
) -> float:
    """As in test_pipeline: the share of the signature box's background (``quad``, relative
    to the page) turned to the fill."""
    h, w = image.shape[:2]
    region = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(region, np.round(np.asarray(quad) * [w, h]).astype(np.int32), 1)
    light = (image.min(axis=2) > 150) & region.astype(bool)
    return float(((masked.max(axis=2) < 70) & light).sum()) / float(light.sum())


@pytest.mark.parametrize("frame", ["underline", "box", "dotted"])
def test_a_signed_field_is_still_masked(frame: str):
    rng = np.random.default_rng(800 + st.FIELD_FRAMES.index(frame))
    page = st.make_signature_field_page(synth.IDENTITIES[3], rng, signed=True, frame=frame)
    found = _read(page)
    masked = mask_page(Page("sig.png", 1, page.image, float(page.dpi)), found, MaskOptions())
    [truth] = [it for it in page.items if it.kind == "signature"]
    share = _signature_covered(page.image, masked, truth.quad)
    assert share >= 0.99, f"signature only {share:.1%} covered"


@pytest.mark.parametrize("index", [2, 8])
def test_an_empty_table_cell_on_a_slanted_phone_photo_adds_no_region(index: int):
    """Issue 10, item 7: a blank 签章/签字 field in a table photographed at a slant: the table's
    rules are slanted (by up to 0.07 on page 8), and the cell's bent corner must not start a
    signature."""
    rng = np.random.default_rng([13, index])
    idt = synth.IDENTITIES[index % len(synth.IDENTITIES)]
    page = st.make_signature_field_page(idt, rng, signed=False, frame="table")
    assert _read(synth.phone_photo(page, rng)) == []


@pytest.mark.parametrize("seed", [0, 2])
def test_a_signature_on_a_born_digital_page_read_with_the_labels_colon_is_found(
    tmp_path, seed: int
):
    """Seed 2071's bench (008_digital p1): on a born-digital form the signature is a picture
    placed right after the text layer's 申报人签字：, and OCR of that picture reads the label's
    colon with it ("：吴敏"). The colon made the line "another label", its box print, and the
    signature was never found: only OCR reading the scrawl as the name covered it (97% of it
    there). A scrawl OCR misreads would have stayed."""
    from redactor.detect.text import ocr_page as read
    from redactor.sources import iter_pages, open_source

    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    path = tmp_path / "form.pdf"
    [truth] = synth.make_born_digital_pdf(synth.BornDigitalSpec(idt, ("form",), seed), path)
    [page] = list(iter_pages(open_source(path), path.name, 150, MaskOptions().max_pixels))
    ocr = read(page)
    assert any(line.text.startswith("：") for line in ocr.lines)  # the case
    found = find_signatures([*page.text_lines, *ocr.lines], page.image, ocr.rotation)
    masked = mask_page(page, found, MaskOptions())
    [sig] = [it for it in truth.items if it.kind == "signature"]
    share = _signature_covered(page.image, masked, sig.quad)
    assert share >= 0.99, f"signature only {share:.1%} covered"


def _on_headers(page: synth.SynthPage, found: list) -> list:
    h, w = page.image.shape[:2]
    heads = [np.asarray(it.quad) * [w, h] for it in page.items if it.kind == "header"]

    def overlaps(box, q) -> bool:
        (x0, y0), (x1, y1) = q.min(axis=0), q.max(axis=0)
        return min(box.x1, x1) > max(box.x0, x0) and min(box.y1, y1) > max(box.y0, y0)

    return [f for f in found if any(overlaps(f.quad.bbox, q) for q in heads)]


@pytest.mark.parametrize(("index", "degradation"), [(0, "clean"), (1, "photocopy"), (2, "phone")])
def test_a_sign_in_sheets_column_header_is_no_signature_field(index: int, degradation: str):
    """Round 8's probe: a sign-in sheet (签到表, 序号 | 签名 | 单位 | 职务) had its 单位 header
    masked as the applicant's signature, the next header word right of a bare 签名. A bare
    label on a row of other words of print heads a column: everyone signs under it, and the
    applicant's own row is masked where OCR reads the name."""
    rng = np.random.default_rng([31, index])
    page = st.make_signin_sheet_page(synth.IDENTITIES[index], rng)
    if degradation == "photocopy":
        page = synth.degrade(page, ["photocopy"], rng)
    elif degradation == "phone":
        page = synth.phone_photo(page, rng)
    assert _on_headers(page, _read(page)) == []
