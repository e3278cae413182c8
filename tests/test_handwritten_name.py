"""A name written by hand in the applicant's 姓名 field is masked (real OCR, generated forms).

OCR reads a hurried hand poorly, so the matcher alone misses it; the field's label says whose
name it is. Someone else's field, a member list's 姓名 column and an empty field add nothing.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from redactor.api import mask_page
from redactor.detect.signature import find_handwritten_names
from redactor.detect.text import ocr_page
from redactor.find import find_names
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, Finding, Page
from samples import synth

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


@pytest.mark.parametrize(("kind", "seed"), HAND, ids=[f"{k}-{s}" for k, s in HAND])
def test_a_hand_written_name_in_the_name_field_is_masked(kind: str, seed: int):
    page = _page(kind, seed, synth.NameField("hand"))
    matched, added, p = _findings(page, seed)
    assert all(f.kind == NAME for f in added)
    masked = mask_page(p, [*matched, *added], MaskOptions())
    share = _covered(page, masked, "name")
    assert share >= 0.97, f"hand-written name only {share:.1%} covered"


@pytest.mark.parametrize("kind", ["form", "appraisal"])
def test_a_printed_or_empty_name_field_adds_nothing(kind: str):
    for value in ("printed", "blank"):
        page = _page(kind, 3, synth.NameField(value))
        _, added, _ = _findings(page, 3)
        assert added == [], value


@pytest.mark.parametrize("label", ["推荐人姓名", "审核人"])
def test_someone_elses_hand_written_name_stays_visible(label: str):
    page = _page("form", 6, synth.NameField("hand", label))
    _, added, _ = _findings(page, 6)
    assert added == []


def test_a_member_list_under_a_name_header_adds_nothing():
    rng = np.random.default_rng([31, 40])
    page = synth.make_member_list_page(synth.IDENTITIES[4], rng)
    _, added, _ = _findings(page, 4)
    assert added == []


# A 姓名 header over the applicant's own row (姓名 | 性别 | 出生年月, values in the row below).
BELOW = [("form", 6), ("appraisal", 7)]


@pytest.mark.parametrize(("kind", "seed"), BELOW, ids=[f"{k}-{s}" for k, s in BELOW])
def test_a_hand_written_name_below_its_header_is_masked(kind: str, seed: int):
    page = _page(kind, seed, synth.NameField("hand", layout="below"))
    matched, added, p = _findings(page, seed)
    assert all(f.kind == NAME for f in added)
    masked = mask_page(p, [*matched, *added], MaskOptions())
    share = _covered(page, masked, "name")
    assert share >= 0.97, f"hand-written name only {share:.1%} covered"


def test_a_printed_or_empty_value_below_a_name_header_adds_nothing():
    for value in ("printed", "blank"):
        page = _page("form", 3, synth.NameField(value, layout="below"))
        _, added, _ = _findings(page, 3)
        assert added == [], value
