"""bench.seals counts a truth seal the final image does not show apart ("not on the page"),
never dropping it silently (issue 10, h-seals36).

A red certificate's photocopy can clip the seal and its dark ground to one black (h-seals35's
741/1, 761/1, 771/1): nothing of the seal can be found or read there. The bench draws each inked
page again without its seals (the same random draws) and asks how much of each seal's ink departs
from that page; a faint seal that a reader can still see stays in the recall.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from bench.seals import ON_PAGE, inked_page, score, seals_shown
from samples import synth_seals


def _drawn(condition: str, seed: int, index: int) -> tuple[np.ndarray, np.ndarray, list, list]:
    page, inks = inked_page(condition, seed, index)
    with synth_seals.seals_left_off():
        bare, _ = inked_page(condition, seed, index)
    return page.image, bare.image, [it.to_dict() for it in page.items], inks


def test_a_page_drawn_without_its_seals_is_the_same_page_away_from_them() -> None:
    """The second draw changes the seal's pixels only: the degradations' random draws are the
    same (red_cert 741/1, a tilted photocopy)."""
    image, bare, _, inks = _drawn("red_cert", 741, 1)
    near = cv2.dilate(np.bitwise_or.reduce(inks), np.ones((9, 9), np.uint8)) > 0
    diff = np.abs(image.astype(int) - bare.astype(int)).max(axis=2)
    assert image.shape == bare.shape
    assert diff[~near].max() <= 2
    assert diff[near].max() > 20


def test_a_seal_a_copy_clipped_into_its_ground_is_counted_not_on_the_page() -> None:
    """red_cert 741/1: the copy turned the dark red ground and the darker seal to one black. The
    seal is counted, missed, as not on the page, and listed with its box."""
    image, bare, items, inks = _drawn("red_cert", 741, 1)
    shown = seals_shown(image, bare, items, inks)
    assert shown[0] < ON_PAGE.min_share
    res = score("red_cert", image, items, [], shown=shown)
    assert (res.seals, res.found, res.absent, res.absent_found) == (1, 0, 1, 0)
    assert res.misses[0]["on_page"] is False
    assert res.not_on_page[0]["box"] == res.misses[0]["box"]


@pytest.mark.parametrize(
    ("condition", "seed", "index"),
    [
        # a 9 mm 阳文 oval copied at 0.02-0.05 of black: a reader sees the ring
        ("name_seal", 731, 14),
        # a seal 4-6 levels off a red certificate copy's dark ground (the detector finds it)
        ("red_cert", 31, 1),
    ],
)
def test_a_faint_but_visible_seal_is_still_counted_on_the_page(
    condition: str, seed: int, index: int
) -> None:
    image, bare, items, inks = _drawn(condition, seed, index)
    shown = seals_shown(image, bare, items, inks)
    assert shown[0] >= ON_PAGE.min_share
    res = score(condition, image, items, [], shown=shown)
    assert (res.seals, res.absent) == (1, 0)
    assert res.misses[0]["on_page"] is True
