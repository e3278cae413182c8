"""Print on a page's back showing through thin paper, mirrored (detect.show_through)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from redactor.api import mask_page
from redactor.detect import show_through
from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import BBox, Page
from samples import synth
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


def _portrait(w: int, h: int) -> np.ndarray:
    """The first of the package portraits (scikit-image's), fitted to ``w`` x ``h`` (RGB)."""
    photo = synth.load_face_photos(None, packages=True)[0]
    with Image.open(photo.path) as src:
        return np.asarray(src.convert("RGB").resize((w, h), Image.Resampling.LANCZOS))


def test_a_photos_shading_is_not_read_mirrored(monkeypatch: pytest.MonkeyPatch) -> None:
    """A photo's mid tones are light ink, in glyph-sized pieces: main bench seed 2521's
    004_multi (a page of a photo over its caption) held 120 such marks outside the lines read
    and was read twice mirrored, for nothing (ShowThroughSettings.photo_side). Marks inside a
    photo are not counted; the page's light ink is not read."""
    page = np.full((1754, 1240, 3), 255, np.uint8)
    page[220:760, 240:1000] = _portrait(760, 540)
    reads: list[int] = []
    monkeypatch.setattr(show_through, "ocr_layer", lambda *a: reads.append(1) or [])
    assert show_through.mirrored_lines(page, [], 0) == []
    assert reads == [], "the photo's shading was read mirrored"


@pytest.mark.slow  # reads the page mirrored twice (~10 s); the default run keeps seed 1 above
def test_the_back_showing_through_beside_a_photo_is_still_read() -> None:
    """The gate above leaves the back's print that shows beside a photo on the front: its
    marks outside the photo are counted, and its name and unit are found where they lie."""
    drawn = make_show_through_page(MA.name, MA.unit, np.random.default_rng(1))
    image = drawn.image.copy()
    image[1250:1650, 760:1060] = _portrait(300, 400)
    found = show_through.show_through_findings(image, [], 0, MA)
    for kind, text, box in drawn.targets:
        assert any(
            f.kind == kind and f.bbox.intersection(BBox(*box)).area > 0.5 * BBox(*box).area
            for f in found
        ), f"the back's {kind} {text} at {BBox(*box)} was not found"
