"""End to end on generated pages: real OCR, real files in every format and degradation.

Each case draws a page with known name/unit/signature positions (samples.synth), writes it as a
user would upload it, masks it with the library, and checks the *output file*: the targets'
pixels are covered, OCR of the output no longer finds the name or unit, other people stay
readable.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
from PIL import Image

from redactor.api import redact_paths
from redactor.detect.match import normalise, pinyin_forms
from redactor.detect.text import ocr_image
from redactor.options import Identity, MaskOptions
from samples import synth
from tests.conftest import (
    FONT,
    NOTO_SANS,
    draw_text_page,
    pdf_with_a_wrong_tounicode,
    pdf_with_radicals_in_its_map,
)

TARGETS = ("name", "unit", "signature")
OPTIONS = MaskOptions(dpi=150)


@dataclass
class Case:
    id: str
    kind: str
    degradations: tuple[str, ...]
    fmt: str  # png jpeg tiff bmp webp pdf_scan jpeg_exif
    identity: int = 0
    sideways_k: int = 1


CASES = [
    Case("form-png", "form", (), "png"),
    Case("summary-tilt-jpeg", "summary", ("tilt",), "jpeg", identity=2),
    Case("paper-photocopy-tiff", "paper", ("photocopy",), "tiff", identity=1),
    Case("appraisal-phone-jpeg", "appraisal", ("phone",), "jpeg", identity=3),
    Case("summary-sideways-png", "summary", ("sideways",), "png", identity=4, sideways_k=1),
    Case("certificate-upside-down-webp", "certificate", ("sideways",), "webp", sideways_k=2),
    Case("form-noise-jpeg-artefacts-bmp", "form", ("noise", "jpeg"), "bmp", identity=5),
    Case("paper-lowres-scanned-pdf", "paper", ("lowres",), "pdf_scan", identity=6),
    Case("summary-exif-rotated-jpeg", "summary", (), "jpeg_exif", identity=7),
]
# The default run masks four cases that between them cover every page kind's hardest trait (a
# tilt, a turned page, a photocopy, a scanned PDF); `make test-all` masks all nine.
DEFAULT_CASES = {
    "summary-tilt-jpeg",
    "paper-photocopy-tiff",
    "summary-sideways-png",
    "paper-lowres-scanned-pdf",
}
CASE_PARAMS = [
    pytest.param(c, id=c.id, marks=() if c.id in DEFAULT_CASES else pytest.mark.slow) for c in CASES
]


def identity_of(i: int) -> tuple[Identity, synth.Identity]:
    s = synth.IDENTITIES[i]
    return Identity(name=s.name, unit=s.unit, unit_aliases=(s.unit_english,)), s


def degrade(page: synth.SynthPage, case: Case, rng: np.random.Generator) -> synth.SynthPage:
    for d in case.degradations:
        if d == "sideways":
            page = synth.sideways(page, rng, k=case.sideways_k)
        else:
            page = synth.DEGRADATIONS[d](page, rng)
    return page


def write(page: synth.SynthPage, folder: Path, case: Case) -> Path:
    ext = {"jpeg_exif": "jpg", "jpeg": "jpg", "pdf_scan": "pdf", "tiff": "tif"}.get(
        case.fmt, case.fmt
    )
    path = folder / f"{case.id}.{ext}"
    if case.fmt == "pdf_scan":
        synth.write_scanned_pdf([page], path)
    elif case.fmt == "jpeg_exif":
        synth.write_page(page, path, "jpeg", exif_orientation=6)
    else:
        synth.write_page(page, path, case.fmt)
    return path


def output_pages(path: Path) -> list[np.ndarray]:
    if path.suffix == ".pdf":
        doc = pymupdf.open(path)
        pages = []
        for p in doc:
            pix = p.get_pixmap(dpi=OPTIONS.dpi, alpha=False)
            pages.append(np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3).copy())
        return pages
    with Image.open(path) as im:
        return [np.asarray(im.convert("RGB")).copy()]


def polygon(item: dict, shape: tuple[int, ...]) -> np.ndarray:
    h, w = shape[:2]
    mask = np.zeros((h, w), np.uint8)
    pts = np.round(np.asarray(item["quad"]) * [w, h]).astype(np.int32)
    cv2.fillConvexPoly(mask, pts, 1)
    return mask.astype(bool)


def covered(before: np.ndarray, after: np.ndarray, region: np.ndarray) -> float:
    """Share of the region's light (background) pixels that the output has turned black.

    Judged on background, not ink: dark glyph pixels left unmasked would look "black" too.
    """
    light = (before.min(axis=2) > 150) & region
    if light.sum() < 10:
        return 1.0
    return float(((after.max(axis=2) < 70) & light).sum()) / float(light.sum())


@pytest.fixture(scope="module")
def masked_corpus(tmp_path_factory: pytest.TempPathFactory) -> MaskedCorpus:
    return MaskedCorpus(tmp_path_factory.mktemp("pipeline"))


class MaskedCorpus:
    """Each case generated and masked with its applicant's identity on first use (so a run that
    selects some cases pays for those only), before/after kept for the tests that follow."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.results: dict[str, dict] = {}

    def __getitem__(self, case_id: str) -> dict:
        if case_id not in self.results:
            n, case = next((n, c) for n, c in enumerate(CASES) if c.id == case_id)
            self.results[case_id] = self._mask(n, case)
        return self.results[case_id]

    def _mask(self, n: int, case: Case) -> dict:
        identity, s = identity_of(case.identity)
        rng = np.random.default_rng(1000 + n)
        page = degrade(synth.make_page(case.kind, s, rng), case, rng)
        inp = self.root / "in" / case.id
        inp.mkdir(parents=True)
        path = write(page, inp, case)
        out = self.root / "out" / case.id
        run = redact_paths([inp], out, identity, OPTIONS)
        after = output_pages(out / path.name)
        return {
            "case": case,
            "identity": identity,
            "page": page,
            "before": page.image,
            "after": after[0],
            "audit": json.loads((out / "audit.json").read_text(encoding="utf-8")),
            "exit": run.exit_code,
        }


@pytest.mark.every_case  # each an input format and a page turn of its own
@pytest.mark.parametrize("case", CASE_PARAMS)
def test_targets_are_covered(masked_corpus: MaskedCorpus, case: Case) -> None:
    r = masked_corpus[case.id]
    before, after = r["before"], r["after"]
    if after.shape != before.shape:  # a scanned PDF page comes back at the run's dpi
        after = cv2.resize(
            after, (before.shape[1], before.shape[0]), interpolation=cv2.INTER_NEAREST
        )
    targets = [i.to_dict() for i in r["page"].items if i.kind in TARGETS]
    assert targets, "the generator put no target on this page"
    for item in targets:
        share = covered(before, after, polygon(item, before.shape))
        assert share >= 0.99, f"{item['kind']} {item['text']!r} only {share:.1%} covered"
    assert r["exit"] == 0
    [page] = r["audit"]["pages"]
    assert page["needs_masking"] is True


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_ocr_of_output_finds_neither_name_nor_unit_but_others_stay(
    masked_corpus: MaskedCorpus, case: Case
) -> None:
    r = masked_corpus[case.id]
    identity: Identity = r["identity"]
    lines = ocr_image(r["after"]).lines
    text = normalise("".join(line.text for line in lines))
    others = [i.text for i in r["page"].items if i.kind == "other_name" and i.text.strip()]
    # Someone else whose longer name contains the applicant's (张晓明红) stays, rightly.
    without_others = text
    for other in others:
        without_others = without_others.replace(normalise(other), "")
    assert normalise(identity.name) not in without_others
    assert normalise(identity.unit) not in text
    for form in pinyin_forms(identity.name):
        assert all(form not in normalise(line.text) for line in lines if line.text.isascii())
    # Other people's names (sharing the applicant's characters) are still there to read.
    if others:
        assert any(normalise(o) in text for o in others), (others, text[:300])


def test_masks_follow_characters_not_whole_lines(masked_corpus: MaskedCorpus) -> None:
    """On the work summary the name and unit sit inside sentences: the line around them stays."""
    r = masked_corpus["summary-tilt-jpeg"]
    lines = ocr_image(r["after"]).lines
    text = "".join(line.text for line in lines)
    # Sentences that held a masked name or unit are still there, minus the masked characters.
    assert "参加工作" in text and "工作总结" in text
    audit = r["audit"]["pages"][0]
    page_area = audit["width"] * audit["height"]
    masked_area = sum((b[2] - b[0]) * (b[3] - b[1]) for b in (x["bbox"] for x in audit["regions"]))
    assert masked_area < 0.05 * page_area


def test_born_digital_pdf_uses_its_text_layer_and_leaves_nothing(tmp_path: Path) -> None:
    identity, s = identity_of(0)
    inp = tmp_path / "in"
    inp.mkdir()
    truths = synth.make_born_digital_pdf(
        synth.BornDigitalSpec(s, ("paper", "plain", "summary"), 3), inp / "paper.pdf"
    )
    out = tmp_path / "out"
    run = redact_paths([inp], out, identity, OPTIONS)
    assert run.exit_code == 0
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    pages = audit["pages"]
    assert [p["needs_masking"] for p in pages] == [t.needs_masking for t in truths]
    sources = {r["source"] for p in pages for r in p["regions"]}
    assert "text_layer" in sources
    doc = pymupdf.open(out / "paper.pdf")
    assert all(not doc.get_page_text(i).strip() for i in range(doc.page_count))
    before = pymupdf.open(inp / "paper.pdf")
    for i, truth in enumerate(truths):
        after = output_pages(out / "paper.pdf")[i]
        pix = before[i].get_pixmap(dpi=OPTIONS.dpi, alpha=False)
        orig = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3)
        for item in truth.items:
            if item.kind in TARGETS:
                share = covered(orig, after, polygon(item.to_dict(), orig.shape))
                assert share >= 0.99, f"page {i + 1} {item.kind} {item.text!r}: {share:.1%}"


@pytest.mark.parametrize(
    "every_char",
    # With no map, the font check distrusts the font first (as with all x): slow only.
    [pytest.param(None, id="no_map", marks=pytest.mark.slow), pytest.param("x", id="all_x")],
)
def test_a_text_layer_that_is_not_what_the_font_draws_is_read_from_the_picture(
    tmp_path: Path, every_char: str | None
) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    lines = ["推荐意见表", "申请人：王伟", "工作单位：博尔塔拉蒙古自治州人民医院", "同意推荐。"]
    pdf_with_a_wrong_tounicode(inp / "form.pdf", lines, every_char)
    layer = pymupdf.open(inp / "form.pdf")[0].get_text()
    assert "材料之一" in layer  # a right heading: the page has a text layer
    assert "王伟" not in layer and "推荐" not in layer  # the case: a layer that says nothing
    identity = Identity(name="王伟", unit="博尔塔拉蒙古自治州人民医院")
    out = tmp_path / "out"
    run = redact_paths([inp], out, identity, OPTIONS)
    assert run.exit_code == 0
    page = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert page["needs_masking"]
    assert {r["kind"] for r in page["regions"]} >= {"name", "unit"}
    text = "".join(ln.text for ln in ocr_image(output_pages(out / "form.pdf")[0]).lines)
    assert "推荐意见表" in text and "同意推荐" in text  # the rest stays readable
    assert "王伟" not in text and "人民医院" not in text


def test_a_text_layer_of_radicals_for_ideographs_is_read_from_the_picture(tmp_path: Path) -> None:
    """Issue 10: a font whose map gives ⻢ (U+2EE2, a radical) for 马 and ⺠ for 民: the page
    shows 马丽 and the unit, its layer says ⻢丽 and 人⺠医院. The matcher, trusting the layer,
    left both names visible (the unit was found with its one slip)."""
    inp = tmp_path / "in"
    inp.mkdir()
    lines = ["姓名：马丽", "工作单位：博尔塔拉蒙古自治州人民医院", "马丽同志工作认真负责。"]
    pdf_with_radicals_in_its_map(inp / "form.pdf", lines, {"马": "\u2ee2", "民": "\u2ea0"})
    layer = pymupdf.open(inp / "form.pdf")[0].get_text()
    assert "\u2ee2丽" in layer and "马" not in layer  # the case
    out = tmp_path / "out"
    identity = Identity(name="马丽", unit="博尔塔拉蒙古自治州人民医院")
    run = redact_paths([inp], out, identity, OPTIONS)
    assert run.exit_code == 0
    page = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert sorted(r["kind"] for r in page["regions"]) == ["name", "name", "unit"]
    text = "".join(ln.text for ln in ocr_image(output_pages(out / "form.pdf")[0]).lines)
    assert "工作认真负责" in text and "马丽" not in text


def _layer_page(
    tmp_path: Path, width: float = 595, height: float = 842
) -> tuple[Path, pymupdf.Document, pymupdf.Page]:
    """An input folder and a new PDF with one page, the test font loaded as F0 (skipped
    without the font)."""
    if not FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed (make fonts)")
    inp = tmp_path / "in"
    inp.mkdir()
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.insert_font(fontname="F0", fontfile=str(FONT))
    return inp, doc, page


def test_a_row_the_text_layer_gives_a_glyph_at_a_time_is_read_as_one_line(tmp_path: Path) -> None:
    """Issue 10: the unit as a title spread over the page's width (分散对齐, each glyph its own
    text object 1.1 glyphs apart) and a row written right to left: pymupdf gives each glyph a
    line of its own, and the matcher, which joins at most three lines, left the unit visible."""
    unit = "博尔塔拉蒙古自治州人民医院"
    inp, doc, page = _layer_page(tmp_path)
    for i, ch in enumerate(unit):
        page.insert_text((60 + 30 * i, 100), ch, fontname="F0", fontsize=14)
    row = f"申请人：李强，单位：{unit}"
    for i, ch in reversed(list(enumerate(row))):
        page.insert_text((60 + 12 * i, 160), ch, fontname="F0", fontsize=12)
    page.insert_text((60, 200), "本人在工作中认真负责，团结同事。", fontname="F0", fontsize=12)
    doc.save(inp / "letter.pdf")
    layer = pymupdf.open(inp / "letter.pdf")[0].get_text()
    assert unit not in layer and "博\n尔\n" in layer  # the case: a line a glyph
    out = tmp_path / "out"
    run = redact_paths([inp], out, Identity(name="李强", unit=unit), OPTIONS)
    assert run.exit_code == 0
    page_audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert sorted(r["kind"] for r in page_audit["regions"]) == ["name", "unit", "unit"]
    text = "".join(ln.text for ln in ocr_image(output_pages(out / "letter.pdf")[0]).lines)
    assert "工作中认真负责" in text and "申请人" in text  # the rest stays readable
    assert "人民医院" not in text and "李强" not in text and "蒙古" not in text


@pytest.mark.every_case
@pytest.mark.parametrize("longest", [1, 2, 4])
def test_a_row_drawn_out_of_order_in_pieces_reads_whole(tmp_path: Path, longest: int) -> None:
    """Probes round 26: a layer that draws a row's glyphs out of order, some alone and some two
    or more at a time (申 | 报人 | 孟 ...). A one-glyph piece's box is a glyph's advance wide and
    a two-glyph piece's a glyph tall, so their sizes seemed 1.45x apart (Noto's boxes are 1.45
    glyphs tall, wqy-zenhei's square) and the row broke at each pair: 博尔塔 古自治州妇幼保健院
    (拉蒙 left out), and the unit stayed in view; pieces of three or more glyphs were no pieces,
    and the row broke after each."""
    from redactor.detect.text import text_layer_lines

    if not NOTO_SANS.exists():
        pytest.skip("fonts-noto-cjk is not installed (make fonts)")
    _, _, page = _layer_page(tmp_path)
    page.insert_font(fontname="N0", fontfile=str(NOTO_SANS))
    row = "申报人孟庆林，现工作于博尔塔拉蒙古自治州妇幼保健院，从事儿童保健工作。"
    cuts = [0]
    while cuts[-1] < len(row):
        # Pieces of 1 to ``longest`` glyphs (pymupdf joins two drawn one after the other).
        cuts.append(min(len(row), cuts[-1] + 1 + len(cuts) % longest))
    pieces = list(itertools.pairwise(cuts))
    random.Random(26).shuffle(pieces)
    fs = 13.0
    for a, b in pieces:
        page.insert_text((60 + a * fs * 1.05, 200), row[a:b], fontname="N0", fontsize=fs)
    texts = [normalise(ln.text) for ln in text_layer_lines(page, 2.0)]
    assert any("博尔塔拉蒙古自治州妇幼保健院" in t for t in texts), texts
    assert any(normalise(row) in t for t in texts), texts


VERTICAL_CERTIFICATE = """<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; width: 900px; height: 640px; font-family: 'AR PL UKai CN', 'Noto Serif CJK SC'; }
.v { writing-mode: vertical-rl; font-size: 34px; line-height: 2.2; position: absolute;
     right: 80px; top: 50px; height: 560px; }
</style></head><body><div class="v"><p>聘书</p><p>兹聘请刘海燕同志</p>
<p>为阿拉山口市综合行政执法局</p><p>学科带头人　聘期三年</p><p>二〇二四年九月一日</p></div>
</body></html>"""


def _vertical_identity() -> Identity:
    return Identity(name="刘海燕", unit="阿拉山口市综合行政执法局")


def _assert_vertical_masked(out: Path, name: str) -> None:
    page_audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert sorted(r["kind"] for r in page_audit["regions"]) == ["name", "unit"]
    text = "".join(ln.text for ln in ocr_image(output_pages(out / name)[0]).lines)
    assert "学科带头人" in text and "聘期三年" in text  # the other columns stay readable
    assert "海燕" not in text and "执法" not in text and "山口" not in text


def test_vertical_text_the_layer_gives_a_glyph_a_line_is_read_down_its_columns(
    tmp_path: Path,
) -> None:
    """Round 11's probe: a certificate set in vertical columns (竖排), printed to PDF, reaches
    the text layer as one upright glyph a line stacked down the page. The matcher read along
    those one-glyph lines and the name and unit stayed in the output (the same page as a
    screenshot was masked: OCR reads columns)."""
    inp, doc, page = _layer_page(tmp_path, width=842, height=595)
    columns = ["聘书", "兹聘请刘海燕同志", "为阿拉山口市综合行政执法局", "学科带头人　聘期三年"]
    for k, column in enumerate(columns):
        x = 700 - 70 * k
        for i, ch in enumerate(column):
            page.insert_text((x, 80 + 24.5 * i), ch, fontname="F0", fontsize=24)
    doc.save(inp / "certificate.pdf")
    layer = pymupdf.open(inp / "certificate.pdf")[0].get_text()
    assert "刘海燕" not in layer and "刘\n海\n燕" in layer  # the case: a line a glyph
    out = tmp_path / "out"
    run = redact_paths([inp], out, _vertical_identity(), OPTIONS)
    assert run.exit_code == 0
    _assert_vertical_masked(out, "certificate.pdf")


def test_a_browsers_vertical_writing_mode_printed_to_pdf_is_masked(
    tmp_path: Path,
    browser,  # noqa: ANN001 - playwright BrowserContext
) -> None:
    """The same certificate laid out by chromium (CSS writing-mode: vertical-rl) and printed to
    PDF, as an applicant saving a web page or an online certificate would."""
    inp = tmp_path / "in"
    inp.mkdir()
    page = browser.new_page()
    try:
        page.set_content(VERTICAL_CERTIFICATE)
        page.pdf(path=str(inp / "certificate.pdf"), width="900px", height="640px")
    finally:
        page.close()
    out = tmp_path / "out"
    run = redact_paths([inp], out, _vertical_identity(), OPTIONS)
    assert run.exit_code == 0
    _assert_vertical_masked(out, "certificate.pdf")


def test_a_diagonal_watermark_in_the_layer_is_masked_along_its_slant(tmp_path: Path) -> None:
    """Probes round 12: an office suite's text watermark (a grey text box turned 45 degrees behind
    the page's text) holding the unit. The font check read the line's upright box, where the
    body's lines cross the watermark, OCR read body text, the font was distrusted, and its text
    was left to OCR, which does not read text at 45 degrees: the unit stayed on the page."""
    if not NOTO_SANS.exists():
        pytest.skip("fonts-noto-cjk is not installed (make fonts)")
    unit = "阿拉山口市综合保税区管理委员会"
    inp, doc, page = _layer_page(tmp_path)
    page.insert_font(fontname="WM", fontfile=str(NOTO_SANS))
    turn = pymupdf.Matrix(45)  # rising to the right, as LibreOffice's watermark
    page.insert_text(
        (90, 760),
        unit,
        fontname="WM",
        fontsize=34,
        color=WATERMARK_GREY,
        morph=(pymupdf.Point(90, 760), turn),
    )
    body = ["申报材料真实性说明", "申报人马玉兰，女，现从事经济运行分析工作。"]
    body += ["业绩材料包括主持编写年度运行报告三部，参与制定企业入区评估办法一项。"] * 12
    for i, line in enumerate(body):
        page.insert_text((60, 100 + 48 * i), line, fontname="F0", fontsize=14)
    doc.save(inp / "statement.pdf")
    raw = pymupdf.open(inp / "statement.pdf")[0].get_text("rawdict")
    slanted = [ln for b in raw["blocks"] for ln in b.get("lines", []) if abs(ln["dir"][1]) > 0.5]
    assert len(slanted) == 1 and abs(slanted[0]["dir"][0]) > 0.5  # the case: one line at 45°
    assert normalise("".join(c["c"] for s in slanted[0]["spans"] for c in s["chars"])) == unit
    out = tmp_path / "out"
    run = redact_paths([inp], out, Identity(name="马玉兰", unit=unit), OPTIONS)
    assert run.exit_code == 0
    page_audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert sorted(r["kind"] for r in page_audit["regions"]) == ["name", "unit"]
    before = _watermark_ink(output_pages(inp / "statement.pdf")[0])
    after = _watermark_ink(output_pages(out / "statement.pdf")[0])
    assert before.sum() > 5000  # the watermark's ink
    assert (after & before).sum() < 0.02 * before.sum()
    text = "".join(ln.text for ln in ocr_image(output_pages(out / "statement.pdf")[0]).lines)
    assert "申报材料真实性说明" in text and "企业入区评估办法" in text  # the rest stays readable


WATERMARK_GREY = (0.78, 0.78, 0.78)


def _watermark_ink(page: np.ndarray) -> np.ndarray:
    """The page's pixels of the watermark's grey, away from the black text's anti-aliased edges."""
    grey = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY).astype(int)
    dark = cv2.dilate((grey < 150).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return (np.abs(grey - round(255 * WATERMARK_GREY[0])) <= 8) & ~dark


def test_a_unit_wrapped_in_two_lines_in_one_beside_a_bigger_word_is_masked(tmp_path: Path) -> None:
    """Probes round 12: a joint red-head notice whose two issuers are set two-lines-in-one
    (合并字符) beside the big 文件, as Writer and Word set them. The unit wraps between the two
    half-lines (…教育局博 / 乐市第七中学); pymupdf gives the lower half and 文件 as one line, as
    tall as 文件, which no longer lay under the upper half: the unit stayed on the page."""
    red = (0.85, 0.05, 0.1)
    inp, doc, page = _layer_page(tmp_path)
    page.insert_text((200, 100), "博乐市教育局博", fontname="F0", fontsize=15, color=red)
    page.insert_text((200, 117), "乐市第七中学", fontname="F0", fontsize=15, color=red)
    page.insert_text((296, 113), "文件", fontname="F0", fontsize=30, color=red)
    page.insert_text((150, 180), "关于表彰2023年度优秀教师的决定", fontname="F0", fontsize=18)
    page.insert_text((80, 230), "授予欧阳振华等同志优秀教师称号。", fontname="F0", fontsize=14)
    doc.save(inp / "notice.pdf")
    lines = pymupdf.open(inp / "notice.pdf")[0].get_text("dict")["blocks"]
    texts = ["|".join(s["text"] for s in ln["spans"]) for b in lines for ln in b["lines"]]
    assert "乐市第七中学|文件" in texts  # the case: two sizes in one layer line
    out = tmp_path / "out"
    run = redact_paths([inp], out, Identity(name="欧阳振华", unit="博乐市第七中学"), OPTIONS)
    assert run.exit_code == 0
    page_audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert sorted(r["kind"] for r in page_audit["regions"]) == ["name", "unit", "unit"]
    text = "".join(ln.text for ln in ocr_image(output_pages(out / "notice.pdf")[0]).lines)
    assert "博乐市教育局" in text and "文件" in text and "优秀教师" in text  # the rest stays
    assert "第七中学" not in text and "振华" not in text


@pytest.mark.slow
def test_a_four_glyph_name_spread_across_its_cell_is_masked_and_verified(tmp_path: Path) -> None:
    """Bench seed 2281 (never run), 010_spaced_field: 欧阳丽华 spread across its 姓名 cell, two
    glyphs' width between glyphs. OCR read one line a glyph, the matcher joins at most three
    lines, and the name stayed whole in view; verify passed it. Rows of short OCR pieces are
    joined for the matcher; 审核人：欧阳小华 (someone else) stays."""
    from redactor.verify.run import verify_paths

    gap = "\u3000\u3000"
    page = draw_text_page(
        ["专业技术资格申报表", "姓　名　　" + gap.join("欧阳丽华"), "审核人：欧阳小华"], size=40
    )
    inp = tmp_path / "in"
    inp.mkdir()
    Image.fromarray(page).save(inp / "form.png")
    identity = Identity(name="欧阳丽华", unit="精河县农业技术推广中心")
    assert redact_paths([inp], tmp_path / "out", identity, OPTIONS).exit_code == 0
    masked = np.asarray(Image.open(tmp_path / "out" / "form.png"))
    text = "".join(ln.text for ln in ocr_image(masked).lines)
    assert not any(glyph in text.replace("欧阳小华", "") for glyph in "欧阳丽华"), text
    assert "审核人：欧阳小华" in text
    assert verify_paths([inp / "form.png"], tmp_path / "v0", identity, OPTIONS).exit_code != 0
    assert verify_paths([tmp_path / "out"], tmp_path / "v1", identity, OPTIONS).exit_code == 0


# Bench seeds 2191 and 2291 (`ocr_layer`): a scan whose invisible text layer another tool placed
# 6-40 pt off the scanned glyphs, saying the true name and unit. The layer's places were filled
# as well as the picture's own (over blank paper and other print: 1.2-1.5% of the page).
@pytest.mark.parametrize("seed", [3, 7])
def test_a_scan_s_shifted_text_layer_is_filled_where_the_picture_shows_it(
    tmp_path: Path, seed: int
) -> None:
    """Every name and unit fill lies on the name, unit or signature the picture shows."""
    from bench.score import polygon_mask
    from redactor.api import find_on_page
    from redactor.sources import iter_pages, open_source
    from samples import synth_round9

    idt = synth.IDENTITIES[0]
    path = tmp_path / "scan.pdf"
    [truth] = synth_round9.make_ocr_layer_pdf(idt, np.random.default_rng(seed), path)
    assert idt.unit in pymupdf.open(path)[0].get_text()  # the layer tells the truth, off place
    (page,) = iter_pages(open_source(path), path.name, 150, 10**9)
    h, w = page.image.shape[:2]
    shown = polygon_mask(
        (h, w),
        [
            np.asarray(it["quad"]) * [w, h]
            for it in truth["items"]
            if it["kind"] in ("name", "unit", "signature")
        ],
    )
    found = find_on_page(page, Identity(idt.name, idt.unit), MaskOptions()).findings
    off = []
    for f in found:
        if f.kind in ("name", "unit"):
            fill = polygon_mask((h, w), [f.quad.points])
            if (fill & shown).sum() < 0.5 * fill.sum():
                off.append((f.source, f.text, f.quad.bbox.to_list()))
    assert off == []


def test_a_vertical_unit_read_in_two_pieces_around_its_seal_is_masked_whole() -> None:
    """Bench seed 2301 (never run), 015_vertical_cert: a certificate set in columns, the unit's
    column crossed by its seal. OCR read the column in two pieces meeting end to end around
    the seal's rim (博尔塔拉蒙 / 古自治州林业和草原局), the unit matched in neither, and
    博尔塔拉蒙 stayed in view (0.66 of the unit covered). OCR lines meeting end to end on a row
    are joined for the matcher."""
    from bench.seals import coverage, truth_polygon
    from redactor.api import find_on_page
    from redactor.types import Page
    from samples import synth_round10

    idt = next(i for i in synth.IDENTITIES if i.unit == "博尔塔拉蒙古自治州林业和草原局")
    rng = np.random.default_rng([2301, 14, 0])  # build_corpus's file 015 of seed 2301
    dpi = int(synth._pick(rng, (150, 150, 200)))
    page = synth_round10.make_round10_page("vertical_cert", idt, rng, dpi)
    h, w = page.image.shape[:2]
    identity = Identity(name=idt.name, unit=idt.unit)
    found = find_on_page(Page("cert", 1, page.image, float(dpi)), identity, OPTIONS).findings
    outlines = [np.asarray(f.outline or f.quad.points, float) for f in found]
    (unit,) = [it for it in page.items if it.kind == "unit"]
    assert coverage(truth_polygon(unit.to_dict(), w, h), outlines, w, h) >= 0.99


def _letter_spaced(doc: pymupdf.Document, page: pymupdf.Page, spacing: float) -> None:
    """Give the page's first text object a letter-spacing (Tc, in points), as Word's
    distributed alignment or a character spacing exports it: pymupdf starts a new line at
    each glyph of it."""
    xref = page.get_contents()[0]
    stream = doc.xref_stream(xref).decode("latin-1")
    doc.update_stream(xref, stream.replace("BT", f"BT {spacing} Tc", 1).encode("latin-1"))


@pytest.mark.parametrize(
    ("name", "pitch", "letter_spacing"),
    # 欧阳丽华 evenly pitched 4 glyphs apart (main bench 2331's 012_pdf_spaced: 2.7 glyph
    # heights between glyphs); 王伟 at a distributed cell's two ends (6-7 heights apart).
    [("欧阳丽华", 4.0, False), ("王伟", 8.0, True)],
)
def test_a_name_spaced_out_glyph_by_glyph_in_a_text_layer_is_masked(
    tmp_path: Path, name: str, pitch: float, letter_spacing: bool
) -> None:
    """Main bench seeds 2331 and 2341 (`pdf_spaced`): a born-digital form's name set glyph by
    glyph across its cell, each glyph a text-layer line of its own, further apart than the
    layer's row join (2.5 glyph heights): the matcher never saw the name and it stayed in view.
    Someone else's name on the page stays readable."""
    inp, doc, page = _layer_page(tmp_path)
    fs, x0, y = 14.0, 170.0, 120.0
    if letter_spacing:
        page.insert_text((x0, y), name, fontname="F0", fontsize=fs)
        _letter_spaced(doc, page, (pitch - 1) * fs)
    else:
        for i, ch in enumerate(name):
            page.insert_text((x0 + i * pitch * fs, y), ch, fontname="F0", fontsize=fs)
    page.insert_text((60, y), "姓　　名", fontname="F0", fontsize=fs)
    for x in (50, 160, 560):
        page.draw_line((x, y - 1.5 * fs), (x, y + 0.8 * fs), width=0.6)
    page.insert_text((60, y + 60), "审核人：欧阳小华　王伟民", fontname="F0", fontsize=fs)
    doc.save(inp / "form.pdf")
    layer = pymupdf.open(inp / "form.pdf")[0].get_text().splitlines()
    row = [line for line in layer if "审核人" not in line]
    assert not any(name in line.replace(" ", "") for line in row)  # the case: a line a glyph
    out = tmp_path / "out"
    identity = Identity(name=name, unit="精河县农业技术推广中心")
    assert redact_paths([inp], out, identity, OPTIONS).exit_code == 0
    page_audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"][0]
    assert [r["kind"] for r in page_audit["regions"]] == ["name"]
    text = "".join(ln.text for ln in ocr_image(output_pages(out / "form.pdf")[0]).lines)
    assert "审核人：欧阳小华" in text and "王伟民" in text
    rest = text.replace("欧阳小华", "").replace("王伟民", "")
    assert not any(glyph in rest for glyph in name), text


def test_one_glyph_cells_of_a_table_row_are_not_read_as_a_spaced_word(tmp_path: Path) -> None:
    """The other side of the spaced-out name: one-glyph cells of a table row (男 | 汉 | 是, as
    evenly pitched as a spaced word) are parted by the cells' rules, and a label spaced out in
    its cell (姓 名) does not run into the spaced name beside it (no 名王 read across the cell's
    rule); the name itself reads as one line."""
    from redactor.detect.text import text_layer_lines

    _, _, page = _layer_page(tmp_path)
    fs, pitch = 14.0, 5.0 * 14.0
    for i, ch in enumerate("男汉是"):
        page.insert_text((80 + i * pitch, 100), ch, fontname="F0", fontsize=fs)
        page.draw_rect(pymupdf.Rect(60 + i * pitch, 80, 60 + (i + 1) * pitch, 110), width=0.6)
    for i, ch in enumerate("姓名"):
        page.insert_text((80 + i * 3 * fs, 160), ch, fontname="F0", fontsize=fs)
    page.draw_line((150, 140), (150, 170), width=0.6)
    for i, ch in enumerate("王伟"):
        page.insert_text((190 + i * 5 * fs, 160), ch, fontname="F0", fontsize=fs)
    texts = [ln.text.replace(" ", "") for ln in text_layer_lines(page, 2.0)]
    assert "王伟" in texts, texts
    assert not any(pair in t for t in texts for pair in ("男汉", "汉是", "名王", "姓名王")), texts
