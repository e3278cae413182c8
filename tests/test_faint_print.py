"""Faint grey print on a photocopy that OCR's first pass did not read (detect.faint_print)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image

from redactor.api import mask_page
from redactor.detect import faint_print
from redactor.detect.faint_print import FAINT_PRINT
from redactor.detect.text import ocr_page
from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import BBox, Page
from redactor.verify.visible import visible_reasons
from samples import synth
from samples.synth_faint_print import FaintPage, make_faint_page

MA = Identity(name="马晓燕", unit="博乐市第七中学")
# Drawn pages (seed, layout) the start code left in view: the letter's name and unit (it
# masked nothing there), the card's unit.
LETTER = (5, "letter")
CARD = (7, "card")


def _drawn(seed: int, layout: str, control: bool = False) -> FaintPage:
    return make_faint_page(MA.name, MA.unit, np.random.default_rng(seed), layout, control)


def _covered(masked: np.ndarray, labels: np.ndarray, label: int) -> float:
    """Share of the glyph pixels labelled ``label`` the fill turned black."""
    on = labels == label
    return float((masked.max(axis=2)[on] < 40).mean())


@pytest.mark.parametrize("drawn", [LETTER, pytest.param(CARD, marks=pytest.mark.slow)])
def test_a_faint_name_and_unit_are_masked_and_the_others_left(drawn: tuple[int, str]) -> None:
    """Probes round 24's r03: a copy of a card filled in faint grey print left the name and
    unit at 215-230 on white, which a person reads; mask found nothing. The page's faint ink,
    read again stretched, names them; a referee's name and body in the same print stay."""
    page_drawn = _drawn(*drawn)
    page = Page("t.png", 1, page_drawn.image, 150.0)
    masked = mask_page(page, find_on_page(page, MA, MaskOptions()).findings, MaskOptions())
    assert sorted(k for k, _ in page_drawn.targets) == ["name", "unit"]
    for i, (kind, text) in enumerate(page_drawn.targets):
        share = _covered(masked, page_drawn.labels, i + 1)
        assert share >= 0.99, f"the faint {kind} {text} shows ({share:.2f} covered)"
    for j, (kind, text) in enumerate(page_drawn.distractors):
        assert _covered(masked, page_drawn.labels, -(j + 1)) < 0.2, f"{kind} {text} masked"


def test_verify_fails_a_faint_name_and_unit() -> None:
    """verify read the r03 copy as clean: the faint name and unit must fail it."""
    page_drawn = _drawn(*LETTER)
    page = Page("t.png", 1, page_drawn.image, 150.0)
    reasons = visible_reasons(page, MA, MaskOptions())
    assert {r.kind for r in reasons} >= {"name", "unit"}, reasons


@pytest.mark.slow
def test_verify_passes_a_faint_page_masked_and_its_control() -> None:
    """mask's output of the faint letter passes verify, and so does a control filled in with
    other people's names and bodies in the same faint print (read, and left)."""
    options = MaskOptions()
    page_drawn = _drawn(*LETTER)
    page = Page("t.png", 1, page_drawn.image, 150.0)
    masked = mask_page(page, find_on_page(page, MA, options).findings, options)
    assert visible_reasons(Page("t.png", 1, masked, 150.0), MA, options) == []
    control = _drawn(LETTER[0], LETTER[1], control=True)
    assert control.targets == []
    assert visible_reasons(Page("c.png", 1, control.image, 150.0), MA, options) == []


def _glyphs_read(image: np.ndarray) -> list[BBox]:
    """The boxes of the glyphs OCR's first pass read, as faint_lines takes them."""
    lines = ocr_page(Page("t.png", 1, image, 150.0)).lines
    s = FAINT_PRINT
    return [
        c.quad.bbox for ln in lines if ln.score >= s.read_score for c in ln.chars if c.text.strip()
    ]


def test_the_faint_letters_marks_pass_the_gate() -> None:
    """The gate's hard case: the faint letter (LETTER above, whose name and unit only the
    second read finds) still has its faint ink read again after the gate's tests of what faint
    print looks like (untinted, side by side, on the page's paper)."""
    image = _drawn(*LETTER).image
    assert faint_print.faint_layer(image, _glyphs_read(image)) is not None


def _portrait_copy() -> np.ndarray:
    """A page photocopied with a photo on it: the photo's shading in grey (the main bench's
    004_multi page 2, seed 2521)."""
    photo = synth.load_face_photos(None, packages=True)[0]
    with Image.open(photo.path) as src:
        face = np.asarray(src.convert("L").resize((760, 540), Image.Resampling.LANCZOS))
    page = np.full((1754, 1240), 250, np.uint8)
    page[220:760, 240:1000] = face
    return np.dstack([page] * 3)


def _sealed_page() -> np.ndarray:
    """A text page with a red seal (seed 2601's 001 and 011: the seal's light ink)."""
    rng = np.random.default_rng(3)
    drawn = synth.make_page("summary", synth.IDENTITIES[0], rng)
    img = Image.fromarray(drawn.image)
    synth.stamp_seal(img, (0.7 * img.width, 0.6 * img.height), synth.IDENTITIES[0].unit, rng)
    return np.asarray(img)


def _specked_copy() -> np.ndarray:
    """A copy's toner specks, one by one across a blank sheet (seed 2601's 004: 14 specks of
    18-35 px, each 20-60 levels under the paper)."""
    rng = np.random.default_rng(4)
    page = np.full((1754, 1240), 250, np.uint8)
    for x, y in zip(rng.integers(50, 1190, 40), rng.integers(50, 1700, 40), strict=True):
        page[y : y + 5, x : x + 7] = 210
    return np.dstack([page] * 3)


@pytest.mark.parametrize("drawn", [_portrait_copy, _sealed_page, _specked_copy])
def test_an_ordinary_page_is_not_read_again(drawn: Callable[[], np.ndarray]) -> None:
    """What set off the count of faint marks on ordinary scanned pages (6 to 8 of 12 in
    bench.speed's, ~1 CPU s each for the second read): a photo's shading, a red seal's light
    ink, toner specks. None is faint grey print, and the page is not read again, even with no
    glyph read on it."""
    assert faint_print.faint_layer(drawn(), []) is None
