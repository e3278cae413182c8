"""A row of like boxes printed for one character each is no row of seals (seals.combs)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from redactor.detect.seals import find_seals
from redactor.types import Page
from samples import synth


def _envelope() -> np.ndarray:
    """Probes round 23's envelope: six red postcode cells with their digits, a stamp's box,
    the address in vertical lines of Kai."""
    img = Image.new("RGB", (1600, 900), (238, 226, 200))
    d = ImageDraw.Draw(img)
    digits = synth.get_font("sans", 36)
    for i, digit in enumerate("833400"):
        d.rectangle((60 + 62 * i, 50, 110 + 62 * i, 110), outline=(200, 40, 40), width=3)
        d.text((85 + 62 * i, 80), digit, font=digits, fill=(20, 20, 20), anchor="mm")
    d.rectangle((1400, 50, 1540, 210), outline=(200, 40, 40), width=3)
    d.text(
        (1470, 130), "贴邮票处", font=synth.get_font("song", 22), fill=(200, 40, 40), anchor="mm"
    )
    for x, text in ((1200, "新疆博州博乐市"), (1120, "博乐市第七中学"), (800, "马晓燕老师收")):
        for k, ch in enumerate(text):
            d.text((x, 230 + 60 * k), ch, font=synth.get_font("kai", 52), fill=(20, 20, 30))
    return np.asarray(img)


@pytest.mark.parametrize("seed", [2360, pytest.param(2390, marks=pytest.mark.slow)])
def test_an_envelopes_postcode_cells_photographed_are_no_seals(seed: int) -> None:
    """Probes round 23: on a phone photo of an envelope, four of its six red postcode cells
    (each a box round one digit) were filled as seals."""
    page = synth.SynthPage(_envelope(), [], True)
    photo = synth.phone_photo(page, np.random.default_rng(seed)).image
    assert find_seals(Page("envelope.jpg", 1, photo, 0.0)) == []


@pytest.mark.parametrize("seals", [2, 3])
def test_seals_side_by_side_are_no_comb(seals: int) -> None:
    """A contract's two or three parties' seals in a row, a step of 2.2 radii apart: their
    rims repeat as a comb's cells do, but each holds its text and star in its rim's red."""
    img = Image.new("RGB", (1400, 500), (255, 255, 255))
    units = ["博乐市第七中学", "博尔塔拉蒙古自治州人民医院", "精河县农业技术推广中心"]
    for i in range(seals):
        synth.draw_seal(img, (220 + 176 * i, 250), 80, units[i], rng=np.random.default_rng(i))
    assert len(find_seals(Page("contract.png", 1, np.asarray(img), 150.0))) == seals
