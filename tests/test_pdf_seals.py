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
