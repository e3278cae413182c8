"""Seals on born-digital PDFs (issue 10, item 6b): Word / WPS exports with the unit's seal as a
transparent PNG (crisp, flat colour, over or under the unit's name in the text layer) or drawn as
vector paths (stroked ring, filled star and glyph outlines, or arc text in the text layer), on
pages whose table rules are vector lines. Every such seal is masked whole."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
from click.testing import CliRunner

from redactor.api import mask_page
from redactor.cli import main
from redactor.detect.seals import find_seals
from redactor.options import MaskOptions
from redactor.sources import iter_pages, open_source
from samples.synth import IDENTITIES
from samples.synth_pdf import SEAL_STYLES, WordPdfSpec, make_word_pdf

DPI = 150


def seal_disks(page_truth: dict, width: int, height: int) -> list[np.ndarray]:
    """Each true seal as a filled mask in page pixels (its ellipse)."""
    k = width / page_truth["size"][0]
    disks = []
    for item in page_truth["items"]:
        if item["kind"] != "seal":
            continue
        cx, cy, rx, ry, angle = item["ellipse"]
        disk = np.zeros((height, width), np.uint8)
        centre, axes = (round(cx * k), round(cy * k)), (round(rx * k), round(ry * k))
        cv2.ellipse(disk, centre, axes, angle, 0, 360, 1, -1)
        disks.append(disk.astype(bool))
    return disks


def red_ink(image: np.ndarray) -> np.ndarray:
    rgb = image.astype(np.int16)
    return (rgb[..., 0] > 150) & (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > 60)


@pytest.mark.every_case  # each a way a word processor embeds a seal
@pytest.mark.parametrize("style", SEAL_STYLES)
@pytest.mark.parametrize("kind", ["appraisal", "certificate"])
def test_every_seal_on_a_word_pdf_is_found_and_masked_whole(
    style: str, kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "word.pdf"
    identity = IDENTITIES[1]
    truths = make_word_pdf(WordPdfSpec(identity, (kind,), style, seed=5), path)
    truth = truths[0].to_dict()
    page = next(iter_pages(open_source(path), path.name, DPI, 10**9))
    disks = seal_disks(truth, page.width, page.height)
    assert disks, "the generator drew no seal"
    seals = find_seals(page)
    masked = mask_page(page, seals, MaskOptions())
    left = red_ink(masked)
    for disk in disks:
        assert red_ink(page.image)[disk].sum() > 200  # the seal is drawn and red on the page
        assert left[disk].sum() == 0, f"{style}: {left[disk].sum()} red pixels of the seal left"


def test_a_word_pdf_through_the_cli_leaves_no_seal_visible(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    identity = IDENTITIES[2]
    truths = make_word_pdf(
        WordPdfSpec(identity, ("appraisal", "form"), "png_alpha", seed=9), src / "考核表.pdf"
    )
    out = tmp_path / "out"
    args = ["mask", str(src), "--name", identity.name, "--unit", identity.unit, "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--eyes", "off", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"]
    with pymupdf.open(out / "考核表.pdf") as doc:
        for page_no, (truth, row) in enumerate(zip(truths, rows, strict=True)):
            pix = doc[page_no].get_pixmap(dpi=DPI, colorspace=pymupdf.csRGB, alpha=False)
            image = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
            disks = seal_disks(truth.to_dict(), pix.w, pix.h)
            assert sum(r["kind"] == "seal" for r in row["regions"]) >= len(disks)
            for disk in disks:
                assert red_ink(image)[disk].sum() == 0


def test_a_name_and_unit_drawn_as_glyph_outlines_are_masked(tmp_path: Path) -> None:
    """WordArt and text boxes exported "as curves" leave vector glyphs that the text layer does
    not hold; on a page that has a text layer they were never read."""
    from redactor.api import find_on_page
    from redactor.options import Identity
    from samples.synth import A4_PT
    from samples.synth_pdf import WordPdfSurface

    identity = IDENTITIES[3]
    doc = pymupdf.open()
    surface = WordPdfSurface(
        doc.new_page(width=A4_PT[0], height=A4_PT[1]), np.random.default_rng(4), "vector_paths"
    )
    surface.text(20, 30, "事业单位工作人员年度考核登记表", 16)  # the text layer
    surface.outlined_text(20, 50, identity.unit, 14, kind="unit")
    surface.text(20, 70, "姓名：", 12)
    surface.outlined_text(35, 70, identity.name, 12, kind="name")
    surface.line(20, 80, 190, 80)
    surface.rect(20, 90, 190, 120, fill=(240, 240, 240))  # shading: not text
    path = tmp_path / "curves.pdf"
    doc.save(path)
    page = next(iter_pages(open_source(path), path.name, DPI, 10**9))
    assert page.text_lines  # a born-digital page: only some regions are OCR'd
    found = find_on_page(
        page, Identity(name=identity.name, unit=identity.unit), MaskOptions(eyes="off")
    )
    kinds = sorted(f.kind for f in found.findings)
    assert kinds == ["name", "unit"]


@pytest.mark.parametrize("style", ["png_alpha", "vector_paths"])
def test_a_unit_drawn_as_outlines_under_an_opaque_seal_is_masked_whole(
    style: str, tmp_path: Path
) -> None:
    """The unit's name drawn as curves with the unit's seal placed over its middle (a picture
    or vector paths, opaque red over parts of the glyphs): the page's pixels read only pieces
    of it (器 / 民医院 / 博 / 拉蒙古), with the red taken out 博尽塔拉蒙己 治州人民医院; the PDF
    still holds every glyph whole, so the unit is read from them and masked from end to end."""
    from redactor.api import find_on_page
    from redactor.mask import region_for
    from redactor.options import Identity
    from samples.synth import A4_PT
    from samples.synth_pdf import WordPdfSurface

    identity = IDENTITIES[0]
    doc = pymupdf.open()
    surface = WordPdfSurface(
        doc.new_page(width=A4_PT[0], height=A4_PT[1]), np.random.default_rng(2), style
    )
    surface.behind_text_allowed = False  # the picture over the glyphs
    surface.text(20, 30, "事业单位工作人员年度考核登记表", 16)  # the text layer
    surface.outlined_text(100, 200, identity.unit, 12, kind="unit")
    width = surface.measure(identity.unit, 12, "hei")
    surface.seal(100 + width / 2, 198, 20, identity.unit)
    truth = surface.finish("appraisal").to_dict()
    path = tmp_path / "curves_under_seal.pdf"
    doc.save(path)
    page = next(iter_pages(open_source(path), path.name, DPI, 10**9))
    assert page.text_lines  # a born-digital page: only some regions are OCR'd
    who = Identity(name=identity.name, unit=identity.unit)
    opts = MaskOptions(eyes="off", seals="off")  # the unit's own region, not the seal's fill
    found = [f for f in find_on_page(page, who, opts).findings if f.kind == "unit"]
    assert found, "the unit under the seal was not read"
    (unit,) = [i for i in truth["items"] if i["kind"] == "unit"]
    (x0, y0), (x1, y1) = [(x * page.width, y * page.height) for x, y in unit["quad"][::2]]
    covered = np.zeros((page.height, page.width), np.uint8)
    for f in found:
        cv2.fillPoly(covered, [np.int32(region_for(f, opts))], 1)
    share = covered[round(y0) : round(y1), round(x0) : round(x1)].mean()
    assert share > 0.97, f"{style}: only {share:.0%} of the unit covered"


@pytest.mark.every_case  # each a way a word processor embeds a seal
@pytest.mark.parametrize("style", SEAL_STYLES)
def test_every_seal_style_lies_where_a_word_pdf_page_is_searched_for_seals(
    style: str, tmp_path: Path
) -> None:
    """A born-digital page is searched for seals only when something on it can be one (a
    placed picture, an annotation, a drawing with a curve or a slanted line): every seal style
    of a Word/WPS export leaves its seal's centre inside one of the page's ``seal_boxes``."""
    path = tmp_path / "word.pdf"
    truths = make_word_pdf(WordPdfSpec(IDENTITIES[1], ("appraisal",), style, seed=5), path)
    truth = truths[0].to_dict()
    page = next(iter_pages(open_source(path), path.name, DPI, 10**9))
    assert page.text_lines and page.seal_boxes
    k = page.width / truth["size"][0]
    seals = [i["ellipse"] for i in truth["items"] if i["kind"] == "seal"]
    centres = [(cx * k, cy * k) for cx, cy, *_ in seals]
    assert centres, "the generator drew no seal"
    for x, y in centres:
        assert any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in page.seal_boxes), (x, y)


def _text_page(doc: pymupdf.Document, name: str) -> pymupdf.Page:
    page = doc.new_page(width=360, height=240)
    page.insert_text((20, 40), f"姓名：{name}", fontname="china-s", fontsize=12)
    page.draw_line((20, 50), (340, 50), width=0.5)  # a table's rules and a shaded cell
    page.draw_rect(pymupdf.Rect(20, 60, 340, 90), color=(0, 0, 0), fill=(0.9, 0.9, 0.9))
    return page


def test_a_ring_drawn_with_arc_text_in_the_text_layer_is_searched(tmp_path: Path) -> None:
    """A seal with no picture and no filled path (a stroked ring, its arc text as rotated
    characters of the text layer) still marks its page as one to search."""
    doc = pymupdf.open()
    page = _text_page(doc, IDENTITIES[0].name)
    page.draw_circle((260, 160), 50, color=(1, 0, 0), width=2.5)
    for i, ch in enumerate("人力资源局"):
        turn = -60 + 30 * i
        origin = pymupdf.Point(260, 125)
        page.insert_text(
            origin, ch, fontname="china-s", fontsize=11, color=(1, 0, 0),
            morph=(pymupdf.Point(260, 160), pymupdf.Matrix(turn)),
        )  # fmt: skip
    path = tmp_path / "ring.pdf"
    doc.save(path)
    page = next(iter_pages(open_source(path), path.name, DPI, 10**9))
    k = DPI / 72
    assert any(b.x0 <= 260 * k <= b.x1 and b.y0 <= 160 * k <= b.y1 for b in page.seal_boxes)


def test_a_word_pdf_page_of_text_and_rules_is_not_searched_for_seals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text, straight rules and shaded cells cannot make a seal: the search (about a CPU
    second a page) is skipped, and the name is still masked from the text layer."""
    from redactor.detect import seals
    from redactor.options import Identity
    from redactor.plan import mask_file

    identity = IDENTITIES[0]
    doc = pymupdf.open()
    _text_page(doc, identity.name)
    path = tmp_path / "text.pdf"
    doc.save(path)
    page = next(iter_pages(open_source(path), path.name, DPI, 10**9))
    assert page.text_lines and page.seal_boxes == []

    def no_search(_page: object) -> list:  # fault injection: the search must not run
        raise AssertionError("searched a page that cannot hold a seal")

    monkeypatch.setattr(seals, "find_seals", no_search)
    who = Identity(identity.name, identity.unit)
    plan = mask_file(path, Path(path.name), tmp_path / "out", who, MaskOptions(dpi=DPI))
    assert [r.kind for r in plan.pages[0].regions] == ["name"]


def test_a_seal_a_face_fills_is_that_face_and_a_face_inside_a_seal_is_its_star() -> None:
    """``find.faces_against_seals`` on findings as mask has them: a "seal" whose box a face
    found fills half of, centred on it (2481's red lips, below), goes and the face's band
    stays; a "face" a fifteenth of a seal's box (its star) goes and the seal stays; a seal
    stamped over a portrait's corner stays, and the face inside it goes (the seal's fill
    covers its eyes)."""
    from redactor.find import faces_against_seals
    from redactor.types import BBox, Finding, Quad

    def box(x0: float, y0: float, x1: float, y1: float) -> Quad:
        return Quad.from_bbox(BBox(x0, y0, x1, y1))

    def eyes(face: BBox) -> Finding:
        band = box(face.x0, face.cy - 5, face.x1, face.cy + 5)
        return Finding("eyes", band, 0.9, "face", "", detail={"face": face.to_list()})

    lips = Finding("seal", box(995, 156, 1103, 263), 0.43, "seal_colour", "")
    face = eyes(BBox(1010, 177, 1075, 261))
    assert faces_against_seals([lips], [face]) == [face]
    seal = Finding("seal", box(600, 1100, 900, 1400), 1.0, "seal_colour", "某某局")
    star = eyes(BBox(710, 1210, 787, 1287))
    assert faces_against_seals([seal], [star]) == [seal]
    # A 30 mm seal stamped over a one-inch portrait's lower corner (150 dpi): the face fills 0.3
    # of its box and its centre lies in it, but the seal is centred on the corner.
    corner = Finding("seal", box(1000, 280, 1178, 458), 0.9, "seal_colour", "")
    portrait = eyes(BBox(980, 225, 1100, 375))
    assert faces_against_seals([corner], [portrait]) == [corner]


@pytest.mark.slow  # masks and verifies a page
def test_a_face_with_red_lips_found_as_a_seal_gets_its_eye_band_and_passes_verify(
    realdata: Path, tmp_path: Path
) -> None:
    """Main bench seed 2481, a02/016_word_photo (a Word export, a woman looking up in its
    photo, drawn again from its own stream): her red lips, the hair's outline and the photo's
    edge were found as a red seal (seal_colour, 0.43) whose box the face found fills 0.47 of;
    mask masked a disc over the whole face, dropped the face's band as "a face inside a seal",
    and verify failed its own output (``visible_seal``: the disc's outline). A "seal" that is
    a face found there (``policy.is_a_face``, verify's rule) is that face: its eyes get their
    band, nothing else of the face is masked, and verify passes the output."""
    from redactor.api import redact_file
    from redactor.options import Identity
    from redactor.verify.run import verify_file
    from samples import synth, synth_round10

    idt = next(i for i in IDENTITIES if i.name == "李娜")
    path = tmp_path / "016_word_photo.pdf"
    photos = synth._list_photos(realdata / "faces")
    truth = synth_round10.write_round10_pdf(
        "word_photo", idt, np.random.default_rng([2481, 15, 0]), path, photos
    )[0]
    eyes = [it for it in truth["items"] if it["kind"] == "eyes"]
    assert eyes
    scale = DPI / 72
    face_x = np.mean([p[0] for it in eyes for p in it["quad"]]) * truth["size"][0] * scale
    face_y = np.mean([p[1] for it in eyes for p in it["quad"]]) * truth["size"][1] * scale
    identity = Identity(idt.name, idt.unit)
    options = MaskOptions(dpi=DPI)
    out = tmp_path / "out"
    (audit,) = redact_file(path, Path(path.name), out, identity, options)
    over_face = [
        r
        for r in audit.regions
        if r.kind in ("seal", "eyes")
        and min(p[0] for p in r.quad) <= face_x <= max(p[0] for p in r.quad)
        and min(p[1] for p in r.quad) - 40 <= face_y <= max(p[1] for p in r.quad) + 40
    ]
    assert [r.kind for r in over_face] == ["eyes"], [(r.kind, r.quad) for r in over_face]
    verdicts = verify_file(out / path.name, Path(path.name), identity, options)
    assert [v.ok for v in verdicts] == [True], [v.reasons for v in verdicts]
