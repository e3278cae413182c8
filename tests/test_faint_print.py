"""Faint grey print on a photocopy that OCR's first pass did not read (detect.faint_print)."""

from __future__ import annotations

import numpy as np
import pytest

from redactor.api import mask_page
from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import Page
from redactor.verify.visible import visible_reasons
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
