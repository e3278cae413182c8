"""The mask plan: plan -> to_dict -> from_dict -> apply gives the direct masking, pixel for pixel;
a plan edited by hand re-applies cleanly from the original input; a changed input is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from redactor.api import redact_paths
from redactor.cli import main
from redactor.options import Identity, MaskOptions
from redactor.plan import FilePlan, PlanError, Region, apply_plan, plan_file
from redactor.records import PLANS_DIR, STATE_DIR
from tests.conftest import NAME, UNIT, write_small_corpus

IDENTITY = Identity(NAME, UNIT)


@pytest.fixture(scope="module")
def masked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small corpus (PNG, JPEG, two-frame TIFF, two-page PDF) masked once, directly."""
    root = tmp_path_factory.mktemp("plan")
    inp, out = root / "in", root / "out"
    write_small_corpus(inp)
    run = redact_paths([inp], out, IDENTITY, MaskOptions(), jobs=1)
    assert run.exit_code == 0 and run.summary()["files"] == 4
    return inp, out


def outputs(folder: Path) -> dict[str, bytes]:
    """Masked copies under ``folder`` by relative path (not the audit, not .redactor)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and STATE_DIR not in p.parts and not p.name.startswith("audit.")
    }


def test_a_saved_plan_round_trips_and_applies_to_the_direct_masking(
    masked: tuple[Path, Path], tmp_path: Path
) -> None:
    inp, out = masked
    plans = sorted((out / STATE_DIR / PLANS_DIR).rglob("*.json"))
    assert [p.relative_to(out / STATE_DIR / PLANS_DIR).as_posix() for p in plans] == [
        "card.png.json",
        "form.pdf.json",
        "memo.jpg.json",
        "scans/scan.tif.json",
    ]
    direct = outputs(out)
    kinds = set()
    for path in plans:
        plan = FilePlan.load(path)
        again = FilePlan.from_dict(json.loads(json.dumps(plan.to_dict())))
        assert again == plan
        kinds |= {r.kind for page in plan.pages for r in page.regions}
        dest = tmp_path / plan.input
        apply_plan(inp / plan.input, again, dest)
        # Same bytes, so the same pixels: the PDF's pages and every TIFF frame included.
        assert dest.read_bytes() == direct[plan.input], plan.input
    assert {"name", "unit"} <= kinds
    tif = FilePlan.load(out / STATE_DIR / PLANS_DIR / "scans" / "scan.tif.json")
    assert [bool(p.regions) for p in tif.pages] == [True, False]


def test_plan_file_finds_what_mask_painted(masked: tuple[Path, Path]) -> None:
    inp, out = masked
    saved = FilePlan.load(out / STATE_DIR / PLANS_DIR / "form.pdf.json")
    fresh = plan_file(inp / "form.pdf", IDENTITY, MaskOptions())
    # What is kept under OUT/.redactor names no one (the text only with --audit-text).
    assert fresh.without_text().pages == saved.pages
    assert (fresh.sha256, fresh.size, fresh.identity_key) == (
        saved.sha256,
        saved.size,
        saved.identity_key,
    )


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).copy()


def test_a_hand_edited_plan_reapplies_from_the_original(
    masked: tuple[Path, Path], tmp_path: Path
) -> None:
    """A region removed comes back as the input's pixels; a region added is filled; applying
    twice changes nothing (the output is never painted onto itself)."""
    inp, out = masked
    plan = FilePlan.load(out / STATE_DIR / PLANS_DIR / "card.png.json")
    (page,) = plan.pages
    (name_region,) = [r for r in page.regions if r.kind == "name"]
    added = Region.from_dict(
        {"kind": "manual", "polygon": [[600, 20], [680, 20], [680, 60], [600, 60]]}
    )
    assert added.outlined and added.id
    data = plan.to_dict()
    regions = [r for r in data["pages"][0]["regions"] if r["id"] != name_region.id]
    data["pages"][0]["regions"] = [*regions, added.to_dict()]
    edited = FilePlan.from_dict(json.loads(json.dumps(data)))

    dest = tmp_path / "card.png"
    audits = apply_plan(inp / "card.png", edited, dest)
    original, result = _pixels(inp / "card.png"), _pixels(dest)
    assert [r.kind for r in audits[0].regions] == [r.kind for r in edited.pages[0].regions]
    assert "name" not in [r.kind for r in audits[0].regions]
    # Where the name was masked directly, the input shows again.
    x0, y0, x1, y1 = name_region.bbox.to_list()
    direct = _pixels(out / "card.png")
    assert (direct[y0:y1, x0:x1] == 0).mean() > 0.9
    np.testing.assert_array_equal(result[y0:y1, x0:x1], original[y0:y1, x0:x1])
    # The added region is filled, and nothing else changed.
    assert (result[22:58, 602:678] == 0).all()
    changed = np.any(result != original, axis=2)
    assert not changed[:, :598].any() and not changed[62:, :].any()

    first = dest.read_bytes()
    apply_plan(inp / "card.png", edited, dest)
    assert dest.read_bytes() == first
    apply_plan(inp / "card.png", plan, dest)
    assert dest.read_bytes() == (out / "card.png").read_bytes()


def test_apply_refuses_an_input_that_changed(masked: tuple[Path, Path], tmp_path: Path) -> None:
    inp, out = masked
    plan = FilePlan.load(out / STATE_DIR / PLANS_DIR / "card.png.json")
    changed = tmp_path / "card.png"
    image = _pixels(inp / "card.png")
    image[0, 0] = (1, 2, 3)
    Image.fromarray(image).save(changed)
    with pytest.raises(PlanError, match="changed since the plan"):
        apply_plan(changed, plan, tmp_path / "out" / "card.png")
    assert not (tmp_path / "out" / "card.png").exists()


def test_a_plan_of_another_version_is_refused() -> None:
    with pytest.raises(PlanError, match="version"):
        FilePlan.from_dict({"version": 99, "pages": []})


def test_redactor_apply_rewrites_outputs_and_audit_from_plans(
    masked: tuple[Path, Path], tmp_path: Path
) -> None:
    inp, out = masked
    again = tmp_path / "again"
    # The inputs moved: --input-root says where they are now.
    moved = tmp_path / "moved"
    shutil.copytree(inp, moved)
    result = CliRunner().invoke(
        main,
        ["apply", str(out / STATE_DIR / PLANS_DIR), "-o", str(again), "--input-root", str(moved)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert outputs(again) == outputs(out)
    pages = json.loads((out / "audit.json").read_text("utf-8"))["pages"]
    pages_again = json.loads((again / "audit.json").read_text("utf-8"))["pages"]
    assert pages_again == pages
    assert (again / STATE_DIR / PLANS_DIR / "form.pdf.json").is_file()
