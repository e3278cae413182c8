"""A detected face as plain data, and the test of whether its landmarks sit as an upright
face's. Shared by the face engines (faces.py for CenterFace, insightface_engine.py) without either
importing the other."""

from __future__ import annotations

import math
from dataclasses import dataclass

from redactor.types import BBox, Point


@dataclass(frozen=True)
class Face:
    """A face in page pixels: its box, detector score, and eye centres (left/right as seen)."""

    box: BBox
    score: float
    left_eye: Point
    right_eye: Point
    landmarks: tuple[Point, ...] = ()
    # Landmarks look like an upright face's (see plausible_landmarks); if not, only the box
    # is trusted.
    upright: bool = True
    # The eye centres are not landmarks but where the eyes of an upright face sit in its box
    # (landmarks implausible, and no turn of the face gave plausible ones): the band is taller.
    eyes_estimated: bool = False
    # The photo's box, for a face that reaches past its edge (see faces.CutFaces): only the
    # part inside the photo is the face's own (beyond it lies paper, as flat as a drawing).
    frame: BBox | None = None
    # The distance between the eyes measured from the irises (see eye_spacing.IrisSpacing),
    # where found: the eye band is sized from it instead of the landmarks' distance.
    eye_gap: float | None = None


def plausible_landmarks(face: Face) -> bool:
    """Whether a face's landmarks sit as an upright face's do.

    CenterFace also fires on faces lying sideways or upside down, with high scores but landmarks
    that keep an upright face's pattern squeezed into the box: eyes close together and the mouth
    almost level with them. On upright faces (the real photos in face_photos.json, frontal to
    three-quarter) the eyes are 0.29-0.5 of the box width apart and the mouth lies 0.32-0.37 of
    its height below them; turned faces give at most 0.29 and 0.21.
    """
    b = face.box
    if len(face.landmarks) < 5 or b.width < 4 or b.height < 4:
        return False
    (lx, ly), (rx, ry) = face.left_eye, face.right_eye
    eye_gap = math.hypot(rx - lx, ry - ly) / b.width
    eyes_y = (ly + ry) / 2
    mouth_y = (face.landmarks[3][1] + face.landmarks[4][1]) / 2
    mouth_drop = (mouth_y - eyes_y) / b.height
    eyes_at = (eyes_y - b.y0) / b.height
    return bool(0.25 <= eye_gap <= 0.8 and 0.24 <= mouth_drop <= 0.65 and 0.15 <= eyes_at <= 0.65)
