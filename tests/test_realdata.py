"""Real scans and photos from public repositories (../shared/realdata; skipped where absent)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from redactor.api import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, SEAL, UNIT, Page


def load_page(path: Path) -> Page:
    with Image.open(path) as im:
        image = np.asarray(ImageOps.exif_transpose(im).convert("RGB")).copy()
    return Page(path.name, 1, image, 0.0)


def kinds_and_texts(page: Page, identity: Identity) -> list[tuple[str, str]]:
    found = find_on_page(page, identity, MaskOptions())
    return sorted((f.kind, f.text) for f in found.findings)


def test_unit_wrapped_in_a_real_table_cell(realdata: Path) -> None:
    page = load_page(realdata / "text" / "t05_shareholder_table.jpg")
    identity = Identity(name="张三丰", unit="成都交子金融控股集团有限公司")
    found = kinds_and_texts(page, identity)
    # Both lines of the wrapped cell, nothing else (other shareholders stay visible).
    assert [k for k, _ in found] == [UNIT, UNIT]
    assert sorted(t for _, t in found) == ["成都交子金融控股集团", "有限公司"]


def test_unit_on_a_real_certificate(realdata: Path) -> None:
    page = load_page(realdata / "text" / "t06_quality_system_certificate.png")
    found = kinds_and_texts(page, Identity(name="王伟", unit="厦门恒绿环保工业有限公司"))
    assert [f for f in found if f[0] != SEAL] == [(UNIT, "厦门恒绿环保工业有限公司")]
    # and the issuing body's blue seal (its logos are not seals)
    assert [k for k, _ in found].count(SEAL) == 1


def test_name_on_an_upside_down_id_card(realdata: Path) -> None:
    page = load_page(realdata / "text" / "t10_idcard_placeholder_rotated180.jpeg")
    found = find_on_page(page, Identity(name="代用名", unit="某某单位名称"), MaskOptions())
    assert found.rotation == 180
    names = [f for f in found.findings if f.kind == NAME]
    assert [f.text for f in names] == ["代用名"]
    # The box is in the file's own (upside-down) frame: the name line is near the bottom right.
    box = names[0].bbox
    assert box.cy > page.height / 2 and box.cx > page.width / 2


def test_contract_without_names_needs_nothing(realdata: Path) -> None:
    page = load_page(realdata / "text" / "t11_contract_no_names_negative.jpg")
    assert kinds_and_texts(page, Identity(name="王伟", unit="博尔塔拉蒙古自治州人民医院")) == []


@pytest.mark.parametrize(
    "name", ["t05_shareholder_table.jpg", "t11_contract_no_names_negative.jpg"]
)
def test_real_pages_with_nothing_of_the_applicant(realdata: Path, name: str) -> None:
    page = load_page(realdata / "text" / name)
    assert kinds_and_texts(page, Identity(name="李娜", unit="温泉县水利局")) == []


def test_every_name_in_a_real_sideways_staff_table(realdata: Path) -> None:
    page = load_page(realdata / "text" / "t12_sideways_staff_table.png")
    names = ["曾炳明", "刘灵燕", "郭丽华", "张庆红", "林金贤"]
    identity = Identity(name=names[0], unit="某某单位名称", aliases=tuple(names[1:]))
    found = find_on_page(page, identity, MaskOptions(eyes="off"))
    assert found.rotation in (90, 270)
    hits = [f for f in found.findings if f.kind == NAME]
    assert sorted(f.text for f in hits) == sorted(names)
    for f in hits:
        # The page lies sideways, so a name's box is taller than wide, and its mask spans the
        # whole line height (not a sliver).
        assert f.bbox.height > f.bbox.width
        assert f.quad.height >= 12 and f.quad.width > f.quad.height
