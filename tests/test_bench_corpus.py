"""The main bench's corpus (samples.synth.build_corpus, version 10): round 7's page kinds drawn
with their truth, after the pages version 5 drew, which stay as they were; then round 8's, after
version 6's corpus of the other pages, which stays as it was; then round 9's, after version 7's
corpus of the other pages; then round 10's, after version 8's (version 10: the applicant's
e-seal over the unit hides no distractor; version 11: nor does ``pdf_stamp``'s stamp)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from bench.score import Tally, score_page
from samples import synth


def _digests(root: Path, manifest: dict) -> dict[str, str]:
    return {
        f["path"]: hashlib.sha256((root / f["path"]).read_bytes()).hexdigest()
        for f in manifest["files"]
    }


def _round_after_older_corpus(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pages: tuple[int, int],
    share: str,
    kinds: tuple[str, ...],
    newer: tuple[str, ...] = (),
) -> list[dict]:
    """The one-page files a round adds to a corpus of ``pages`` (count, seed), its share the
    ``synth`` constant named ``share`` (the rounds named ``newer`` off in both builds): the
    older corpus of the other pages comes first, byte for byte, then one one-page file of each
    of ``kinds``, each with something to mask."""
    n, seed = pages
    for later in (*newer, "CONTRACTION_SHARE"):  # version 12's added pages come after them all
        monkeypatch.setattr(synth, later, 10**9)
    k = n // getattr(synth, share)
    new = json.loads(synth.build_corpus(tmp_path / "new", n, seed).read_text(encoding="utf-8"))
    monkeypatch.setattr(synth, share, 10**9)  # the older corpus of the other pages
    old = json.loads(synth.build_corpus(tmp_path / "old", n - k, seed).read_text(encoding="utf-8"))
    kept, extra = new["files"][:-k], new["files"][-k:]
    assert kept == old["files"]
    assert new["applicants"] == old["applicants"]
    assert _digests(tmp_path / "new", {"files": kept}) == _digests(tmp_path / "old", old)
    assert all(len(f["pages"]) == 1 for f in extra)
    assert sorted(f["pages"][0]["kind"] for f in extra) == sorted(kinds)
    for f in extra:
        assert f["pages"][0]["needs_masking"], f["path"]
    return extra


@pytest.mark.slow  # the newest round's test below guards the same seam by default
def test_the_extra_kinds_come_after_version_5s_files_which_stay_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synth, "CONTRACTION_SHARE", 10**9)  # no version 12 pages
    monkeypatch.setattr(synth, "ROUND10_SHARE", 10**9)  # no round 10 pages: version 8's corpus
    monkeypatch.setattr(synth, "ROUND9_SHARE", 10**9)  # no round 9 pages: version 7's corpus
    monkeypatch.setattr(synth, "ROUND8_SHARE", 10**9)  # no round 8 pages: version 6's corpus
    new = json.loads(synth.build_corpus(tmp_path / "v6", 20, 3).read_text(encoding="utf-8"))
    monkeypatch.setattr(synth, "EXTRA_SHARE", 10**9)  # no extra pages: version 5's corpus
    old = json.loads(synth.build_corpus(tmp_path / "v5", 20, 3).read_text(encoding="utf-8"))
    kept, extra = new["files"][: -(20 // 5)], new["files"][-(20 // 5) :]
    assert kept == old["files"][: len(kept)]
    assert sum(len(f["pages"]) for f in kept) >= 20 - 20 // 5
    assert new["applicants"] == old["applicants"]
    old_digests = _digests(tmp_path / "v5", {"files": old["files"][: len(kept)]})
    assert _digests(tmp_path / "v6", {"files": kept}) == old_digests
    # 20 // EXTRA_SHARE one-page files, every extra kind once, each with targets to mask
    assert all(len(f["pages"]) == 1 for f in extra)
    kinds = [f["pages"][0]["kind"] for f in extra]
    assert sorted(kinds) == sorted(synth.EXTRA_PAGE_KINDS)
    for f in extra:
        page = f["pages"][0]
        assert page["needs_masking"], f["path"]
        assert {"name", "unit"} & {it["kind"] for it in page["items"]}, f["path"]


@pytest.mark.slow  # the newest round's test below guards the same seam by default
def test_round_8s_kinds_come_after_version_6s_corpus_which_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no round 9 or 10 pages: version 7's corpus, after version 6's
    newer = ("ROUND10_SHARE", "ROUND9_SHARE")
    extra = _round_after_older_corpus(
        tmp_path, monkeypatch, (24, 5), "ROUND8_SHARE", synth.ROUND8_PAGE_KINDS, newer
    )
    kinds = {f["pages"][0]["kind"]: {it["kind"] for it in f["pages"][0]["items"]} for f in extra}
    assert {"eyes", "photo"} <= kinds["screened"]
    assert {"signature", "header"} <= kinds["signin_sheet"]
    assert {"unit", "other_org"} <= kinds["narrow_cell"]


@pytest.mark.slow  # 72 s on a loaded machine, as round 10's twin below: `make test-all`
def test_round_9s_kinds_come_after_version_7s_corpus_which_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no round 10 pages: version 8's corpus, after version 7's
    extra = _round_after_older_corpus(
        tmp_path, monkeypatch, (30, 7), "ROUND9_SHARE", synth.ROUND9_PAGE_KINDS, ("ROUND10_SHARE",)
    )
    for f in extra:
        assert {"name", "unit"} & {it["kind"] for it in f["pages"][0]["items"]}, f["path"]
    exif = next(f for f in extra if f["pages"][0]["kind"] == "exif6")
    assert exif["exif_orientation"] == 6 and exif["path"].endswith(".jpg")
    pdfs = {f["pages"][0]["kind"]: f for f in extra if f["path"].endswith(".pdf")}
    assert {"pdf_fields", "ocr_layer"} <= set(pdfs)


def test_round_9s_pdf_fields_hold_the_name_and_unit_outside_the_page_text(tmp_path: Path) -> None:
    """The fields' values and the FreeText annotation are drawn (their truth is their ink) and
    are not in the page's own content; the scan's invisible layer says what the tool read."""
    import pymupdf

    from samples import synth_round9

    idt = synth.IDENTITIES[1]
    [truth] = synth_round9.make_fields_pdf(idt, np.random.default_rng(2), tmp_path / "f.pdf")
    page = pymupdf.open(tmp_path / "f.pdf")[0]
    contents = b"".join(page.read_contents().split())
    assert idt.name.encode("utf-16-be").hex().encode() not in contents.lower()
    assert {w.field_value for w in page.widgets()} >= {idt.name, idt.unit}
    assert [a.type[1] for a in page.annots()] == ["FreeText"]
    texts = sorted(it["text"] for it in truth["items"])
    assert texts.count(idt.name) + texts.count(idt.unit) == 3
    [scan] = synth_round9.make_ocr_layer_pdf(idt, np.random.default_rng(3), tmp_path / "s.pdf")
    assert pymupdf.open(tmp_path / "s.pdf")[0].get_text().strip()
    assert scan["needs_masking"]


@pytest.mark.parametrize("kind", synth.ROUND9_PAGE_KINDS)
def test_a_round_9_page_s_truth_lies_on_its_ink(kind: str) -> None:
    """Every text quad of a round 9 image page lies on the page and over ink (dark, coloured
    or light on a dark ground)."""
    from samples import synth_round9

    if kind in synth_round9.ROUND9_PDF_KINDS:
        pytest.skip("a PDF: its truth is rendered ink (test above)")
    idt = synth.IDENTITIES[0]
    page = synth_round9.make_round9_page(kind, idt, np.random.default_rng([12, 1]))
    h, w = page.image.shape[:2]
    grey = page.image.astype(int)
    assert {"name", "unit"} & {it.kind for it in page.items}
    for it in page.items:
        q = np.asarray(it.quad) * [w, h]
        assert (q >= -1).all() and (q <= [w + 1, h + 1]).all(), (kind, it.text)
        if it.kind in ("name", "unit", "other_name"):
            x0, y0 = np.floor(q.min(axis=0)).astype(int)
            x1, y1 = np.ceil(q.max(axis=0)).astype(int)
            box = grey[y0:y1, x0:x1].reshape(-1, 3)
            spread = np.abs(box - np.median(box, axis=0)).max(axis=1)
            assert (spread > 60).mean() > 0.03, (kind, it.kind, it.text)


def test_a_narrow_cell_wraps_the_unit_one_piece_a_line() -> None:
    idt = next(i for i in synth.IDENTITIES if len(i.unit) >= 10)
    for seed in range(4):
        page = synth.make_narrow_cell_page(idt, np.random.default_rng(seed))
        pieces = [it.text for it in page.items if it.kind == "unit"]
        assert len(pieces) >= 2 and "".join(pieces) == idt.unit, pieces


@pytest.mark.parametrize("kind", synth.EXTRA_PAGE_KINDS + synth.ROUND8_PAGE_KINDS)
def test_an_extra_page_s_truth_lies_on_its_ink(kind: str) -> None:
    """Every target and distractor quad of an extra page lies on the page and over dark or
    coloured ink (a quad off its text would score a miss or a false mask that is not one)."""
    idt = synth.IDENTITIES[0]
    page = synth.make_extra_page(kind, idt, np.random.default_rng([11, 1]), [])
    h, w = page.image.shape[:2]
    grey = page.image.min(axis=2)
    kinds = {it.kind for it in page.items}
    assert {"name", "unit", "signature"} & kinds
    for it in page.items:
        q = np.asarray(it.quad) * [w, h]
        assert (q >= -1).all() and (q <= [w + 1, h + 1]).all(), (kind, it.text)
        if it.kind in ("name", "unit", "other_name", "other_org", "other_code", "header"):
            x0, y0 = np.floor(q.min(axis=0)).astype(int)
            x1, y1 = np.ceil(q.max(axis=0)).astype(int)
            assert (grey[y0:y1, x0:x1] < 160).mean() > 0.03, (kind, it.kind, it.text)


def test_a_code_naming_nobody_is_a_distractor() -> None:
    tally = Tally()
    item = {
        "kind": "other_code",
        "text": "ZS-1",
        "quad": [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.2]],
    }
    truth = {"needs_masking": False, "items": [item]}
    score_page(tally, truth, 100, 100, [[[5, 5], [25, 5], [25, 25], [5, 25]]], False, {})
    assert (tally.distractors, tally.distractors_masked) == (1, 1)
    assert tally.by_page_kind == {"None": [0, 0, 1, 1]}


@pytest.mark.slow
def test_round_10s_kinds_come_after_version_8s_corpus_which_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # version 9's corpus, after version 8's: each of the 15 round 10 kinds once in 15 pages
    extra = _round_after_older_corpus(
        tmp_path, monkeypatch, (30, 9), "ROUND10_SHARE", synth.ROUND10_PAGE_KINDS
    )
    by_kind = {f["pages"][0]["kind"]: f for f in extra}
    assert by_kind["exif3"]["exif_orientation"] == 3
    assert by_kind["exif8"]["exif_orientation"] == 8
    for kind in ("eseal_unit", "eseal_header", "pdf_stamp"):
        assert "seal" in {it["kind"] for it in by_kind[kind]["pages"][0]["items"]}, kind
    assert "eyes" in {it["kind"] for it in by_kind["word_photo"]["pages"][0]["items"]}


def _round10_file(kind: str, tmp_path: Path, seed: int) -> tuple[Path, dict]:
    """One round 10 file of ``kind`` written as build_corpus writes it; its page's truth."""
    from samples import synth_round10 as r10

    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    rng = np.random.default_rng([seed, 10])
    if kind in r10.ROUND10_PDF_KINDS:
        path = tmp_path / f"{kind}.pdf"
        [truth] = r10.write_round10_pdf(kind, idt, rng, path)
        return path, truth
    page = r10.make_round10_page(kind, idt, rng)
    fmt = r10.ROUND10_FORMAT_KINDS.get(kind, "png")
    path = tmp_path / f"{kind}.{ {'jpeg': 'jpg'}.get(fmt, fmt) }"
    if kind in r10.ROUND10_FORMAT_KINDS:
        r10.write_round10_image(page, kind, path, rng)
    else:
        synth.write_page(page, path, fmt)
    return path, page.to_dict(1)


def _read_as_redactor_does(path: Path) -> np.ndarray:
    from redactor.options import MaskOptions
    from redactor.sources import iter_pages, open_source

    options = MaskOptions()
    [page] = list(iter_pages(open_source(path), path.name, options.dpi, options.max_pixels))
    return page.image


_AXIS_ALIGNED = ("pdf_pua", "pdf_spaced", "pdf_crop_rotate", "duty_table", "vertical_cert")
_MOVED_BY_READING = ("pdf_crop_rotate", "exif3", "exif8")


# Seed 1 of the file-structure kinds, whose truth the file's reading moves (a crop box, a
# turn, EXIF), by default (45 s of the serial run for all 15 kinds); every kind and seed 2 by
# `make test-all`.
@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow)])
@pytest.mark.parametrize(
    "kind",
    [
        k if k in _MOVED_BY_READING else pytest.param(k, marks=pytest.mark.slow)
        for k in synth.ROUND10_PAGE_KINDS
    ],
)
def test_a_round_10_page_s_truth_lies_on_its_ink_as_redactor_reads_the_file(
    kind: str, seed: int, tmp_path: Path
) -> None:
    """Each text quad of a round 10 file lies on the page redactor reads from it (EXIF turned,
    a PDF's crop box and rotation applied, CMYK, transparent and 16-bit pictures converted)
    and over ink; on pages drawn square to the page each quad is tight: its ink reaches all
    four sides."""
    from bench.score import item_polygon

    path, truth = _round10_file(kind, tmp_path, seed)
    image = _read_as_redactor_does(path).astype(int)
    h, w = image.shape[:2]
    kinds = {it["kind"] for it in truth["items"]}
    assert {"name", "unit"} & kinds
    for it in truth["items"]:
        poly = np.asarray(item_polygon(it, w, h, truth.get("size")))
        assert (poly >= -2).all() and (poly <= [w + 2, h + 2]).all(), (kind, it["text"])
        if it["kind"] not in ("name", "unit", "other_name"):
            continue
        x0, y0 = np.floor(poly.min(axis=0)).astype(int)
        x1, y1 = np.ceil(poly.max(axis=0)).astype(int)
        box = image[y0:y1, x0:x1]
        spread = np.abs(box - np.median(box.reshape(-1, 3), axis=0)).max(axis=2)
        ink = spread > 60
        assert ink.mean() > 0.03, (kind, it["kind"], it["text"])
        if kind in _AXIS_ALIGNED:
            rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
            slack = 3
            assert rows[0] <= slack and rows[-1] >= ink.shape[0] - 1 - slack, (kind, it["text"])
            assert cols[0] <= slack and cols[-1] >= ink.shape[1] - 1 - slack, (kind, it["text"])


@pytest.mark.slow  # builds ten files (22 s in CI); `make bench` builds and reads them all
def test_round_10s_files_are_built_as_their_kinds_say(tmp_path: Path) -> None:
    """The file-structure and format kinds hold what they are named for."""
    import pymupdf
    from PIL import Image

    pua, _ = _round10_file("pdf_pua", tmp_path, 1)
    text = pymupdf.open(pua)[0].get_text()
    assert sum(0xE000 <= ord(c) <= 0xF8FF for c in text) > 20
    assert not set(synth.IDENTITIES[1].name) & set(text)
    crop, _ = _round10_file("pdf_crop_rotate", tmp_path, 2)
    page = pymupdf.open(crop)[0]
    assert page.cropbox.x0 > 0 and page.cropbox.y0 > 0 and page.cropbox != page.mediabox
    stamp, truth = _round10_file("pdf_stamp", tmp_path, 1)
    doc = pymupdf.open(stamp)
    [annot] = [a for a in doc[0].annots() if a.type[1] == "Stamp"]
    ap = int(doc.xref_get_key(annot.xref, "AP/N")[1].split()[0])
    assert "XObject" in doc.xref_get_key(ap, "Resources")[1] or "/Image" in doc.xref_object(ap)
    assert sum(it["kind"] == "seal" for it in truth["items"]) >= 1
    spaced, truth = _round10_file("pdf_spaced", tmp_path, 1)
    words = [w[4] for w in pymupdf.open(spaced)[0].get_text("words")]
    name = synth.IDENTITIES[1].name
    assert all(ch in words for ch in name)  # each glyph of the name its own word
    assert [it["text"] for it in truth["items"] if it["kind"] == "name"][: len(name)] == list(name)
    modes = {}
    for kind in ("cmyk_jpeg", "alpha_png", "grey16_png"):
        path, _ = _round10_file(kind, tmp_path, 1)
        with Image.open(path) as im:
            modes[kind] = im.mode
            if kind == "alpha_png":
                assert np.asarray(im)[..., 3].min() == 0
    assert modes == {"cmyk_jpeg": "CMYK", "alpha_png": "RGBA", "grey16_png": "I;16"}
    for kind, tag in (("exif3", 3), ("exif8", 8)):
        path, _ = _round10_file(kind, tmp_path, 1)
        with Image.open(path) as im:
            assert im.getexif().get(0x0112) == tag


def _distractors_under_seals(page: synth.SynthPage) -> list[tuple[str, float]]:
    """The distractors of ``page`` (bench.score's kinds) with any of their quad inside a seal's
    ellipse, and the share of the quad inside."""
    import cv2

    from bench.score import DISTRACTOR_KINDS

    h, w = page.image.shape[:2]
    out = []
    for seal in (it for it in page.items if it.kind == "seal" and it.ellipse):
        cx, cy, rx, ry, angle = seal.ellipse
        disc = np.zeros((h, w), np.uint8)
        cv2.ellipse(disc, (round(cx), round(cy)), (round(rx), round(ry)), angle, 0, 360, 1, -1)
        for it in (it for it in page.items if it.kind in DISTRACTOR_KINDS):
            box = np.zeros_like(disc)
            cv2.fillPoly(box, [np.round(np.asarray(it.quad) * (w, h)).astype(np.int32)], 1)
            share = float((box & disc).sum()) / max(1, int(box.sum()))
            if share > 0.02:
                out.append((it.text, round(share, 2)))
    return out


@pytest.mark.parametrize("seed", [2, 4, 11])
def test_version_10_s_eseal_over_the_unit_hides_no_distractor(seed: int) -> None:
    """Corpus version 10: the applicant's opaque e-seal is not put over another body's line or
    another person's name (it hid them in the input, and the bench counted them masked once
    the seal was masked whole: 2211 and 2221's ``eseal_unit``). Version 9 put it over 42-52%
    of another body's English line on these seeds."""
    from samples import synth_round10 as r10

    idt = synth.IDENTITIES[seed % len(synth.IDENTITIES)]
    page = r10.make_round10_page("eseal_unit", idt, np.random.default_rng([seed, 10]))
    assert "seal" in {it.kind for it in page.items}
    assert _distractors_under_seals(page) == []


def test_a_moved_eseal_draws_from_the_page_s_stream_as_version_9_did() -> None:
    """Only the moved seal changes: the page's random stream is left where version 9's one
    placement left it, so everything drawn after it (the degradation, the next pages) stays."""
    from samples import synth_seals

    idt = synth.IDENTITIES[2]
    rng, twin = np.random.default_rng([2, 10]), np.random.default_rng([2, 10])
    page, _ = synth_seals.make_eseal_over_unit_page(idt, rng, "paper")
    plain = synth.make_page("paper", idt, twin)
    units = [it for it in plain.items if it.kind == "unit"]
    h, w = plain.image.shape[:2]
    _, first = synth_seals._eseal_on_a_unit_line(units, (w, h), idt.unit, twin)
    seal = next(it for it in page.items if it.kind == "seal")
    assert seal.ellipse != first.ellipse  # version 9's seal covered a distractor: moved
    assert rng.integers(2**63) == twin.integers(2**63)


def _pdf_distractors_under_seals(truth: dict) -> list[tuple[str, float]]:
    """As _distractors_under_seals, for a PDF page's truth (quads as shares of the page, seals'
    ellipses in points)."""
    import cv2

    from bench.score import DISTRACTOR_KINDS

    w, h = round(synth.A4_PT[0]), round(synth.A4_PT[1])
    out = []
    for seal in (it for it in truth["items"] if it["kind"] == "seal"):
        cx, cy, rx, ry, angle = seal["ellipse"]
        disc = np.zeros((h, w), np.uint8)
        cv2.ellipse(disc, (round(cx), round(cy)), (round(rx), round(ry)), angle, 0, 360, 1, -1)
        for it in (it for it in truth["items"] if it["kind"] in DISTRACTOR_KINDS):
            box = np.zeros_like(disc)
            cv2.fillPoly(box, [np.round(np.asarray(it["quad"]) * (w, h)).astype(np.int32)], 1)
            share = float((box & disc).sum()) / max(1, int(box.sum()))
            if share > 0.02:
                out.append((it["text"], round(share, 2)))
    return out


@pytest.mark.parametrize("seed", [2, 14])
def test_version_11_s_stamp_annotation_hides_no_distractor(seed: int, tmp_path: Path) -> None:
    """Corpus version 11: ``pdf_stamp``'s opaque Stamp annotation is not put over another
    person's name or another body's line (bench 2241 018_pdf_stamp: ZHAO Xiaotao inside the
    unit's stamp, counted masked). Version 10 put it over OUYANG Xiaohua and Xinjiang Medical
    University on seed 2, over OUYANG Xiaohua (51%) on seed 14."""
    _, truth = _round10_file("pdf_stamp", tmp_path, seed)
    assert "seal" in {it["kind"] for it in truth["items"]}
    assert _pdf_distractors_under_seals(truth) == []


def test_a_moved_stamp_draws_from_the_page_s_stream_as_version_10_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the stamp's place changes: the file's random stream goes on as version 10's, whose
    one placement (here put back in the twin's build) drew the same numbers from it."""
    from samples import synth_round10 as r10

    idt = synth.IDENTITIES[2]
    rng, twin = np.random.default_rng([2, 10]), np.random.default_rng([2, 10])
    [truth] = r10.write_round10_pdf("pdf_stamp", idt, rng, tmp_path / "a.pdf")
    monkeypatch.setattr(
        r10,
        "_stamp_clear_of_distractors",
        lambda items, units, stream: (list(items), r10._stamp_place(units, stream)),
    )
    [first] = r10.write_round10_pdf("pdf_stamp", idt, twin, tmp_path / "b.pdf")
    [moved] = [it["ellipse"] for it in truth["items"] if it["kind"] == "seal"]
    [version_10] = [it["ellipse"] for it in first["items"] if it["kind"] == "seal"]
    assert moved[:2] != version_10[:2]  # version 10's stamp covered distractors: moved
    assert rng.integers(2**63) == twin.integers(2**63)


@pytest.mark.parametrize(
    "kind", ("contracted_chat", "contracted_notice", "contracted_table", "contracted_cert")
)
def test_a_contraction_page_draws_the_unit_contracted_with_its_truth(kind: str) -> None:
    """Version 12's pages write the applicant's unit as people contract it (博州疾控中心, 温泉县
    中医院), each a ``unit`` item over its ink, beside other bodies' contractions (``other_org``:
    博乐市疾控中心, 温泉县医院), none of which names the applicant's unit."""
    from samples import synth_contractions as sc

    people = [i for i in synth.IDENTITIES if sc.has_contraction(i)]
    # Each kind draws a quarter of them (every identity drawn once over the four kinds).
    for idt in people[sc.CONTRACTION_PAGE_KINDS.index(kind) :: 4]:
        page = sc.make_contraction_page(kind, idt, np.random.default_rng([12, 2]))
        own = set(sc.CONTRACTED_UNITS[idt.unit])
        units = [it.text for it in page.items if it.kind == "unit"]
        others = [it.text for it in page.items if it.kind == "other_org"]
        assert own & set(units) and set(units) <= own | {idt.unit}, (kind, idt.unit, units)
        assert others and not own & set(others), (kind, idt.unit, others)
        named = dict(sc.OTHER_CONTRACTIONS)
        assert all(named[o] != idt.unit for o in others), (kind, idt.unit)
        h, w = page.image.shape[:2]
        grey = page.image.min(axis=2)
        for it in page.items:
            q = np.asarray(it.quad) * [w, h]
            assert (q >= -1).all() and (q <= [w + 1, h + 1]).all(), (kind, it.text)
            x0, y0 = np.floor(q.min(axis=0)).astype(int)
            x1, y1 = np.ceil(q.max(axis=0)).astype(int)
            assert (grey[y0:y1, x0:x1] < 160).mean() > 0.03, (kind, it.kind, it.text)


@pytest.mark.slow  # two corpora of 12 pages
def test_contraction_pages_are_added_after_version_11s_corpus_which_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Version 12 adds n // CONTRACTION_SHARE one-page files after version 11's corpus of n
    pages, which stays as it was (its files and its applicants first); their applicants are
    identities with a contraction, added to the list when the corpus had none of them."""
    n, seed = 12, 2611
    new = json.loads(synth.build_corpus(tmp_path / "new", n, seed).read_text(encoding="utf-8"))
    monkeypatch.setattr(synth, "CONTRACTION_SHARE", 10**9)  # version 11's corpus
    old = json.loads(synth.build_corpus(tmp_path / "old", n, seed).read_text(encoding="utf-8"))
    k = n // 6
    kept, extra = new["files"][:-k], new["files"][-k:]
    assert kept == old["files"]
    assert new["applicants"][: len(old["applicants"])] == old["applicants"]
    # Two builds of one version write pdf_stamp's and pdf_crop_rotate's PDFs with other bytes
    # (their truth, compared above, is the same): the other files byte for byte.
    fixed = [f for f in old["files"] if not f["path"].endswith(("_stamp.pdf", "_rotate.pdf"))]
    assert _digests(tmp_path / "new", {"files": fixed}) == _digests(
        tmp_path / "old", {"files": fixed}
    )
    units = {a["id"]: a["unit"] for a in new["applicants"]}
    from samples import synth_contractions as sc

    for f in extra:
        page = f["pages"][0]
        assert page["kind"] in sc.CONTRACTION_PAGE_KINDS and page["needs_masking"]
        own = sc.CONTRACTED_UNITS[units[f["applicant"]]]
        assert {it["text"] for it in page["items"] if it["kind"] == "unit"} & set(own)
