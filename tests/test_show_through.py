"""Print on a page's back showing through thin paper, mirrored (detect.show_through)."""

from __future__ import annotations

import numpy as np
import pytest

from redactor.api import mask_page
from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import BBox, Page
from samples.synth_show_through import make_show_through_page

MA = Identity(name="马晓燕", unit="博乐市第七中学")


def _covered(masked: np.ndarray, box: tuple[float, float, float, float]) -> float:
    """Share of the box's pixels the fill turned black."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    return float((masked[y0:y1, x0:x1].max(axis=2) < 40).mean())


@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_the_backs_name_and_unit_showing_through_are_masked(seed: int) -> None:
    """Probes round 23: a workload table on thin paper showed its back, a recommendation
    naming the applicant twice and the unit, mirrored and a quarter as dark as print. OCR read
    it as nothing and every target stayed in view. The page's light ink, read mirrored, names
    them; they are masked where they show."""
    drawn = make_show_through_page(MA.name, MA.unit, np.random.default_rng(seed))
    page = Page("t.png", 1, drawn.image, 150.0)
    masked = mask_page(page, find_on_page(page, MA, MaskOptions()).findings, MaskOptions())
    assert sorted(t[0] for t in drawn.targets) == ["name", "name", "unit"]
    for kind, text, box in drawn.targets:
        assert _covered(masked, box) > 0.9, f"the back's {kind} {text} at {BBox(*box)} shows"
