"""The HTML report: written by a real ``redactor mask`` run, opened in a real browser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from redactor.cli import main
from redactor.report import report_dir
from tests.conftest import NAME, UNIT


def _audit(out: Path) -> dict:
    return json.loads((out / "audit.json").read_text(encoding="utf-8"))


def test_the_report_renders_every_page_with_its_thumbnails_and_answer(
    masked_review_run: tuple[Path, Path], browser, tmp_path: Path
) -> None:
    _inputs, out = masked_review_run
    report = report_dir(out) / "report.html"
    assert report.is_file()
    rows = [r for r in _audit(out)["pages"] if not r["error"] and not r["exempt"]]
    page = browser.new_page()
    try:
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        cards = page.evaluate(
            """() => Array.from(document.querySelectorAll('.card')).map(c => ({
                file: c.dataset.file, page: Number(c.dataset.page),
                answer: c.querySelector('.answer').textContent.trim(),
                before: c.querySelector('img.before')?.naturalWidth || 0,
                after: c.querySelector('img.after')?.naturalWidth || 0,
                outlines: c.querySelectorAll('svg polygon').length}))"""
        )
        failures = page.locator("#failures").inner_text()
        exempt = page.locator("#exempt").inner_text()
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    finally:
        page.close()
    assert [(c["file"], c["page"]) for c in cards] == [(r["file"], r["page"]) for r in rows]
    for card, row in zip(cards, rows, strict=True):
        assert card["before"] > 0 and card["after"] > 0, card
        assert card["answer"] == ("是" if row["needs_masking"] else "否")
        assert card["outlines"] == len(row["regions"])
    assert {c["file"] for c in cards if c["answer"] == "是"} == {"a-card.png", "b-memo.png"}
    assert "c-broken.pdf" in failures
    assert "id-card.png" in exempt


def test_the_report_lives_outside_the_masked_copies_and_names_no_one(
    masked_review_run: tuple[Path, Path],
) -> None:
    """Under OUT/.redactor (skipped by every walk, so `redactor verify OUT` never reads the
    original thumbnails), with thumbnails named by hash, not by input."""
    _inputs, out = masked_review_run
    folder = report_dir(out)
    assert folder == out / ".redactor" / "report"
    thumbs = sorted((folder / "thumbs").iterdir())
    assert thumbs and all(len(p.stem) == 24 and p.suffix == ".jpg" for p in thumbs)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert NAME not in html and UNIT not in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from a network


def test_redactor_report_rebuilds_it_and_mask_no_report_skips_it(
    masked_review_run: tuple[Path, Path], tmp_path: Path
) -> None:
    inputs, out = masked_review_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    shutil.rmtree(report_dir(copy))
    result = CliRunner().invoke(main, ["report", str(copy), "-q"])
    assert result.exit_code == 0, result.output
    html = (report_dir(copy) / "report.html").read_text(encoding="utf-8")
    assert html.count('class="card"') == 2  # a-card.png and b-memo.png, a page each
    assert len(list((report_dir(copy) / "thumbs").iterdir())) == 2 * html.count('class="card"')
    # An exempt file alone needs no OCR: mask with and without the report.
    for flag, expected in (([], True), (["--no-report"], False)):
        dest = tmp_path / f"exempt{len(flag)}"
        args = ["mask", str(inputs / "id-card.png"), "--name", NAME, "--unit", UNIT, "-o"]
        args += [str(dest), "--exempt", "*", "--eyes", "off", "-q", *flag]
        assert CliRunner().invoke(main, args).exit_code == 0
        assert (report_dir(dest) / "report.html").is_file() == expected


def test_a_report_goes_beside_an_audit_kept_elsewhere(tmp_path: Path) -> None:
    from tests.conftest import write_review_pages

    write_review_pages(tmp_path / "in")
    out, kept = tmp_path / "out", tmp_path / "kept"
    args = ["mask", str(tmp_path / "in" / "id-card.png"), "--name", NAME, "--unit", UNIT]
    args += ["-o", str(out), "--audit", str(kept), "--exempt", "*", "--eyes", "off", "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert (kept / ".redactor" / "report" / "report.html").is_file()
    assert not (out / ".redactor" / "report").exists()


def test_a_batch_report_links_each_applicants_report(tmp_path: Path) -> None:
    from tests.conftest import write_review_pages

    for who in ("one", "two"):
        write_review_pages(tmp_path / who)
        (tmp_path / who / "c-broken.pdf").unlink()
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        f"id,name,unit,folder\nA01,{NAME},{UNIT},one\nA02,{NAME},{UNIT},two\nA03,{NAME},,x\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["batch", str(manifest), "-o", str(out), "--exempt", "*", "--eyes", "off", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output  # row A03 has no unit
    index = (report_dir(out) / "report.html").read_text(encoding="utf-8")
    for applicant in ("A01", "A02"):
        link = f"../../{applicant}/.redactor/report/report.html"
        assert f'href="{link}"' in index
        assert (report_dir(out) / link).resolve().is_file()
    assert 'data-id="A03"' in index and "unit" in index


def test_redactor_report_without_an_audit_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 3
    assert "audit.json" in result.output
