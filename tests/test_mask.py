"""Masking: every pixel inside every region is filled, overlaps included."""

from __future__ import annotations

import cv2
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from redactor.mask import apply_masks, region_for
from redactor.options import MaskOptions
from redactor.types import OCR, Finding, Quad

coord = st.floats(min_value=0, max_value=199, allow_nan=False)


@st.composite
def quads(draw) -> Quad:
    cx, cy = draw(coord), draw(coord)
    w = draw(st.floats(min_value=3, max_value=80))
    h = draw(st.floats(min_value=3, max_value=40))
    angle = np.deg2rad(draw(st.floats(min_value=-30, max_value=30)))
    u = np.array([np.cos(angle), np.sin(angle)])
    v = np.array([-u[1], u[0]])
    c = np.array([cx, cy])
    pts = [
        c - u * w / 2 - v * h / 2,
        c + u * w / 2 - v * h / 2,
        c + u * w / 2 + v * h / 2,
        c - u * w / 2 + v * h / 2,
    ]
    return Quad.from_seq(pts)


@settings(max_examples=80, deadline=None)
@given(regions=st.lists(quads(), min_size=1, max_size=6))
def test_every_pixel_inside_every_region_is_filled(regions: list[Quad]) -> None:
    image = np.full((200, 200, 3), 255, np.uint8)
    out = apply_masks(image, regions, (0, 0, 0))
    for q in regions:
        inside = np.zeros((200, 200), np.uint8)
        cv2.fillConvexPoly(inside, np.round(np.asarray(q.points)).astype(np.int32), 1)
        assert (out[inside.astype(bool)] == 0).all()
    # The input is never changed in place.
    assert (image == 255).all()


def test_overlapping_regions_leave_no_hole() -> None:
    image = np.full((100, 100, 3), 200, np.uint8)
    a = Quad.from_seq([(10, 10), (80, 10), (80, 60), (10, 60)])
    b = Quad.from_seq([(30, 20), (60, 20), (60, 40), (30, 40)])  # inside a
    out = apply_masks(image, [a, b], (0, 0, 0))
    assert (out[20:40, 30:60] == 0).all()


def test_margin_grows_with_text_height_and_keeps_tilt() -> None:
    quad = Quad.from_seq([(100, 100), (200, 110), (198, 130), (98, 120)])
    grown = Quad.from_seq(region_for(Finding("name", quad, 1.0, OCR, "x"), MaskOptions(margin=0.2)))
    assert grown.bbox.x0 < quad.bbox.x0 and grown.bbox.y1 > quad.bbox.y1
    # Same orientation: the top edge still rises by 10 over 100.
    (x0, y0), (x1, y1) = grown.points[0], grown.points[1]
    assert abs((y1 - y0) / (x1 - x0) - 0.1) < 1e-6
