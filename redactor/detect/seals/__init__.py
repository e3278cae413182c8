"""Official seals (公章): red stamps by colour, grey photocopied ones by structure.

A seal is a *ring* (round or oval outline, or a square frame) with ink inside it: the unit's name
along the arc, a star, a title. That structure is what tells a seal from other red ink (letterhead
titles and rules, certificate frames, table lines, pen marks, logos), and it is also the only thing
left of a seal on a grey photocopy. So both paths end in the same test: sample the ink along rays
from a candidate's centre (a polar strip) and ask for a continuous thin ring at the outline, some
ink inside it, little ink just outside it and no solid fill.

Colour path: an ink mask per ink colour (red, blue) relative to the local paper brightness, so
faint stamps, warm phone light and dark paper work alike; candidate outlines come from the ink's
connected components (hull fit, fits to stretches of the outer contour for seals touching other
ink) and from a circle Hough transform (overlapping and broken rings). Each candidate is refined
by fitting an ellipse to the ring's outer edge found along the rays, then verified.

Grey path (pages with no coloured ink): circle Hough on the grey image proposes rings, verified
with stricter ring tests since printed text is everywhere on such pages; a small seal's thin rim
that print crosses is proposed by a ring filter over the lighter level and kept only when that
one outline stands out from the print at every other distance (or is a clean frame).

Everything runs on a copy scaled to ~1000 px on the long side; only the text read (polar unwrap
of the arc, rapidocr recognition only) uses full resolution.

The package follows the detector's stages, so a newcomer can find where a seal is accepted or
refused:

- ``settings``: every threshold that decides, in named and documented settings objects;
- ``tint``: a translucent highlighter's tint taken off the page before the ink masks;
- ``ink``: ink masks per colour and the grey darkness map;
- ``propose``: candidate outlines (ink components, circle Hough) and cheap first looks;
- ``fit``: outlines moved onto the rim's outer edge, then grown over all of the seal's ink;
- ``judge``: the ring tests that accept or refuse an outline, and the choice among candidates;
- ``read``: the arc text (or a square seal's columns) unwrapped and recognised;
- ``policy``: which seals ``--seals unit`` masks, and whose name a seal's text carries;
- ``detector``: the stages run in order (``find_seals``).
"""

from redactor.detect.seals.detector import find_seals, seal_radius, smallest_seal_radius
from redactor.detect.seals.policy import (
    LEGIBLE_CHARS,
    LEGIBLE_CONFIDENCE,
    seal_is_legible,
    seal_names_identity,
    seal_names_unit,
    seals_to_mask_for_unit,
)

__all__ = [
    "LEGIBLE_CHARS",
    "LEGIBLE_CONFIDENCE",
    "find_seals",
    "seal_is_legible",
    "seal_names_identity",
    "seal_names_unit",
    "seal_radius",
    "seals_to_mask_for_unit",
    "smallest_seal_radius",
]
