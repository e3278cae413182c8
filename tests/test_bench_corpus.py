"""The main bench's corpus (samples.synth.build_corpus, version 8): round 7's page kinds drawn
with their truth, after the pages version 5 drew, which stay as they were; then round 8's, after
version 6's corpus of the other pages, which stays as it was; then round 9's, after version 7's
corpus of the other pages."""

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


def test_the_extra_kinds_come_after_version_5s_files_which_stay_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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


def test_round_8s_kinds_come_after_version_6s_corpus_which_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 24
    n8 = n // synth.ROUND8_SHARE
    monkeypatch.setattr(synth, "ROUND9_SHARE", 10**9)  # no round 9 pages: version 7's corpus
    new = json.loads(synth.build_corpus(tmp_path / "v7", n, 5).read_text(encoding="utf-8"))
    monkeypatch.setattr(synth, "ROUND8_SHARE", 10**9)  # version 6's corpus of the other pages
    old = json.loads(synth.build_corpus(tmp_path / "v6", n - n8, 5).read_text(encoding="utf-8"))
    kept, extra = new["files"][:-n8], new["files"][-n8:]
    assert kept == old["files"]
    assert new["applicants"] == old["applicants"]
    assert _digests(tmp_path / "v7", {"files": kept}) == _digests(tmp_path / "v6", old)
    # one one-page file of each round 8 kind, each with targets to mask
    assert all(len(f["pages"]) == 1 for f in extra)
    assert sorted(f["pages"][0]["kind"] for f in extra) == sorted(synth.ROUND8_PAGE_KINDS)
    for f in extra:
        page = f["pages"][0]
        assert page["needs_masking"], f["path"]
    kinds = {f["pages"][0]["kind"]: {it["kind"] for it in f["pages"][0]["items"]} for f in extra}
    assert {"eyes", "photo"} <= kinds["screened"]
    assert {"signature", "header"} <= kinds["signin_sheet"]
    assert {"unit", "other_org"} <= kinds["narrow_cell"]


def test_round_9s_kinds_come_after_version_7s_corpus_which_stays_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 30
    n9 = n // synth.ROUND9_SHARE
    new = json.loads(synth.build_corpus(tmp_path / "v8", n, 7).read_text(encoding="utf-8"))
    monkeypatch.setattr(synth, "ROUND9_SHARE", 10**9)  # version 7's corpus of the other pages
    old = json.loads(synth.build_corpus(tmp_path / "v7", n - n9, 7).read_text(encoding="utf-8"))
    kept, extra = new["files"][:-n9], new["files"][-n9:]
    assert kept == old["files"]
    assert new["applicants"] == old["applicants"]
    assert _digests(tmp_path / "v8", {"files": kept}) == _digests(tmp_path / "v7", old)
    # one one-page file of each round 9 kind, each with targets to mask
    assert all(len(f["pages"]) == 1 for f in extra)
    assert sorted(f["pages"][0]["kind"] for f in extra) == sorted(synth.ROUND9_PAGE_KINDS)
    for f in extra:
        page = f["pages"][0]
        assert page["needs_masking"], f["path"]
        assert {"name", "unit"} & {it["kind"] for it in page["items"]}, f["path"]
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
