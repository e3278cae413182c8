"""ID numbers and mobiles (--term, --mask-ids): on exact lines, on drawn pages read by real OCR,
and through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from redactor.api import find_on_page
from redactor.cli import main
from redactor.detect.identifiers import find_identifiers, valid_id, valid_mobile
from redactor.detect.match import find_identity
from redactor.options import Identity, MaskOptions
from redactor.types import IDENTIFIER, Page
from samples import synth
from samples import synth_text as st
from tests.conftest import draw_text_page, make_line

GOOD_ID = "11010519491231002X"  # the check digit of the standard's own example
WANG = Identity(name="王伟", unit="博尔塔拉蒙古自治州人民医院")
ONLY_TEXT = MaskOptions(signatures=False, seals="off", eyes="off")


def ids(text: str) -> list[str]:
    return [f.text for f in find_identifiers([make_line(text)])]


def test_valid_ids_and_mobiles_in_every_written_form_are_found():
    assert ids(f"身份证号：{GOOD_ID}") == [GOOD_ID]
    assert ids("身份证号：110105 19491231 002X") == ["110105 19491231 002X"]
    assert ids("身份证号：110105-19491231-002x") == ["110105-19491231-002x"]
    assert ids("手机：13912345678") == ["13912345678"]
    assert ids("手机 139 1234 5678；电话 0991-1234567") == ["139 1234 5678"]
    # The country code names no one: only the mobile's own digits are masked.
    assert ids("+86 139-1234-5678") == ["139-1234-5678"]
    assert ids("（+86）13912345678") == ["13912345678"]
    assert ids("手机：１３９１２３４５６７８") == ["１３９１２３４５６７８"]
    assert ids("139 1234 5678 138 1234 5678") == ["139 1234 5678", "138 1234 5678"]


def test_numbers_that_are_no_id_or_mobile_stay():
    assert not valid_id("110105194912310021")  # wrong check digit
    assert not valid_id("110105194913310028")  # no 13th month
    assert not valid_mobile("12345678901")
    for text in (
        "身份证：110105194912310021",
        "编号 2024-12-20 123456",
        "证书编号：10012345678",
        "流水号 1391234567890",  # a mobile's digits inside a longer number
        "办公电话：0909-2231456",
    ):
        assert ids(text) == [], text


def test_an_identifier_mask_spans_its_digits_at_full_line_height():
    line = make_line("手机：139 1234 5678（本人）")
    [found] = find_identifiers([line])
    first = line.text.index("1")
    last = line.text.index("8")
    assert found.bbox.x0 == pytest.approx(line.chars[first].quad.bbox.x0)
    assert found.bbox.x1 == pytest.approx(line.chars[last].quad.bbox.x1)
    assert found.quad.height == pytest.approx(line.quad.height)


def test_terms_match_with_separators_but_not_inside_longer_codes():
    ident = Identity(name="王伟", unit="某医院", terms=("139-1234-5678", "A1029"))

    def terms(text: str) -> list[str]:
        return [f.text for f in find_identity([make_line(text)], ident) if f.kind == IDENTIFIER]

    assert terms("电话 139 1234 5678") == ["139 1234 5678"]
    assert terms("电话 １３９　１２３４　５６７８") == ["１３９　１２３４　５６７８"]
    assert terms("工号：A1029") == ["A1029"]
    assert terms("工号：a-1029") == ["a-1029"]
    assert terms("工号：A10290") == []
    assert terms("139123456789") == []


@pytest.mark.every_case  # cheap: exact lines, no page is read
@pytest.mark.parametrize("seed", [3, 4, 5])
def test_generated_forms_on_exact_lines(seed: int):
    """The generator's ID forms as text-layer lines: every valid number is found, the
    applicant's own by --term too, and no invalid one."""
    rng = np.random.default_rng(seed)
    for idt in synth.IDENTITIES[:6]:
        lines, own_id, own_mobile = st.id_lines(idt, rng)
        identity = Identity(name=idt.name, unit=idt.unit, terms=(own_id, own_mobile))
        for parts in lines:
            line = make_line("".join(t for t, _ in parts))
            by_ids = {f.text for f in find_identifiers([line])}
            by_term = {f.text for f in find_identity([line], identity) if f.kind == IDENTIFIER}
            for text, kind in parts:
                if kind in ("identifier", "other_identifier"):
                    assert text in by_ids, (line.text, by_ids)
                if kind == "identifier":
                    assert text in by_term, (line.text, by_term)
                if kind in ("other_identifier", "invalid_identifier"):
                    assert text not in by_term, line.text
                if kind == "invalid_identifier":
                    assert not by_ids, line.text


def _covered(item: synth.Item, findings: list, shape: tuple[int, ...]) -> bool:
    h, w = shape[:2]
    box = np.asarray(item.quad) * [w, h]
    x0, y0 = box.min(axis=0)
    x1, y1 = box.max(axis=0)
    for f in findings:
        b = f.bbox
        inter = max(0.0, min(x1, b.x1) - max(x0, b.x0)) * max(0.0, min(y1, b.y1) - max(y0, b.y0))
        if inter >= 0.8 * (x1 - x0) * (y1 - y0):
            return True
    return False


@pytest.mark.parametrize("degradation", ["clean", "photocopy"])
def test_drawn_id_form_read_by_ocr(degradation: str):
    rng = np.random.default_rng({"clean": 21, "photocopy": 22}[degradation])
    idt = synth.IDENTITIES[2]
    page, own_id, own_mobile = st.make_id_page(idt, rng)
    if degradation == "photocopy":
        page = synth.photocopy(page, rng)
    identity = Identity(name=idt.name, unit=idt.unit, terms=(own_id, own_mobile))
    src = Page("form.png", 1, page.image, float(page.dpi))
    with_ids = find_on_page(
        src, identity, MaskOptions(signatures=False, seals="off", eyes="off", mask_ids=True)
    ).findings
    terms_only = find_on_page(src, identity, ONLY_TEXT).findings
    with_ids = [f for f in with_ids if f.kind == IDENTIFIER]
    terms_only = [f for f in terms_only if f.kind == IDENTIFIER]
    for item in page.items:
        if item.kind == "identifier":
            assert _covered(item, terms_only, page.image.shape), item.text
        if item.kind in ("identifier", "other_identifier"):
            assert _covered(item, with_ids, page.image.shape), item.text
        if item.kind in ("other_identifier", "invalid_identifier"):
            assert not _covered(item, terms_only, page.image.shape), item.text
        if item.kind == "invalid_identifier":
            assert not _covered(item, with_ids, page.image.shape), item.text


def test_cli_mask_ids_and_term_count_identifiers_in_the_audit(tmp_path: Path):
    src = tmp_path / "in" / "cv.png"
    src.parent.mkdir()
    page = draw_text_page(
        ["个人简历", f"身份证号：{GOOD_ID}", "手机：139 1234 5678", "证书编号：10012345678"]
    )
    Image.fromarray(page).save(src)
    base = ["mask", str(src), "--name", "张三丰", "--unit", "某某单位", "-q", "--eyes", "off"]

    def identifiers(*extra: str) -> int:
        out = tmp_path / f"out{len(extra)}"
        result = CliRunner().invoke(main, [*base, *extra, "-o", str(out)])
        assert result.exit_code == 0, result.output
        header, row = (out / "audit.csv").read_text(encoding="utf-8-sig").splitlines()[:2]
        return int(row.split(",")[header.split(",").index("identifier")])

    assert identifiers() == 0
    assert identifiers("--mask-ids") == 2
    assert identifiers("--term", "13912345678") == 1


def test_cli_verify_fails_a_readable_term_or_id_and_passes_them_masked(tmp_path: Path):
    """The prefecture checks what `mask --term/--mask-ids` hid: a page showing the applicant's
    ID number (--term) or any ID or mobile (--mask-ids) fails; the masked copy passes."""
    src = tmp_path / "in" / "cv.png"
    src.parent.mkdir()
    page = draw_text_page(
        ["个人简历", f"身份证号：{GOOD_ID}", "手机：139 1234 5678", "证书编号：10012345678"]
    )
    Image.fromarray(page).save(src)
    who = ["--name", "张三丰", "--unit", "某某单位", "-q", "--eyes", "off", "--seals", "off"]

    def identifiers(target: Path, *extra: str) -> tuple[int, int]:
        out = tmp_path / f"v{len(list(tmp_path.iterdir()))}"
        result = CliRunner().invoke(main, ["verify", str(target), *who, *extra, "-o", str(out)])
        report = json.loads((out / "verify.json").read_text(encoding="utf-8"))
        reasons = [r for p in report["pages"] for r in p["reasons"]]
        return result.exit_code, sum(r["kind"] == IDENTIFIER for r in reasons)

    assert identifiers(src) == (0, 0)
    assert identifiers(src, "--term", GOOD_ID) == (6, 1)
    assert identifiers(src, "--mask-ids") == (6, 2)
    masked = tmp_path / "masked"
    mask = ["mask", str(src), *who, "--mask-ids", "-o", str(masked)]
    assert CliRunner().invoke(main, mask).exit_code == 0
    assert identifiers(masked / "cv.png", "--mask-ids", "--term", GOOD_ID) == (0, 0)
