"""Make docs/report.png and docs/review.png from a masked copy of samples/demo.

    redactor mask samples/demo --name 王伟 --unit 博尔塔拉蒙古自治州人民医院 \\
      --unit-alias "Bortala Mongol Autonomous Prefecture People's Hospital" \\
      --exempt '*身份证*' -o /tmp/demo-out
    python docs/screenshots.py /tmp/demo-out   (works on a copy; needs /usr/bin/chromium)

The form and the ID card are left out of the report shown: their photo is scikit-image's
astronaut portrait, a real person. Every page shown is generated (samples/synth.py).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from redactor.report import write_report
from redactor.review import ReviewFolder, ReviewServer
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

DOCS = Path(__file__).resolve().parent
SHOWN = {
    "demo_scan_photocopy.pdf",
    "demo_sideways.png",
    "demo_paper.pdf",
    "demo_summary_tilted.jpg",
}


def main(masked: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        shutil.copytree(masked, out)
        shutil.rmtree(out / ".redactor" / "report", ignore_errors=True)
        audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
        audit["pages"] = [p for p in audit["pages"] if p["file"] in SHOWN]
        (out / "audit.json").write_text(json.dumps(audit, ensure_ascii=False), encoding="utf-8")
        report = write_report(out)
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=str(CHROMIUM),
                args=list(CHROMIUM_ARGS),
                headless=True,
                viewport={"width": 1280, "height": 1000},
            )
            page = context.new_page()
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            clip = {"x": 0, "y": 0, "width": 1280, "height": 1640}
            page.screenshot(path=str(Path(tmp) / "report.png"), full_page=True, clip=clip)
            _review(page, out, Path(tmp) / "review.png")
            context.close()
        for name in ("report.png", "review.png"):
            image = Image.open(Path(tmp) / name).convert("RGB")
            image = image.quantize(256, Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
            image.save(DOCS / name, optimize=True)


def _review(page, out: Path, path: Path) -> None:  # noqa: ANN001 - Page
    """The scanned form with its top name mask removed and a box drawn by hand."""
    server = ReviewServer(ReviewFolder(out, out))
    server.start()
    try:
        page.goto(server.url)
        page.wait_for_selector("#overlay polygon")
        while "photocopy" not in page.locator("#where").inner_text():
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
        page.wait_for_timeout(1500)
        names = page.locator('polygon.region[data-kind="name"]')
        boxes = [names.nth(i).bounding_box() for i in range(names.count())]
        top = min(boxes, key=lambda b: b["y"])
        page.mouse.click(top["x"] + top["width"] / 2, top["y"] + top["height"] / 2)
        img = page.locator("#page-img").bounding_box()
        page.mouse.move(img["x"] + img["width"] * 0.62, img["y"] + img["height"] * 0.13)
        page.mouse.down()
        page.mouse.move(img["x"] + img["width"] * 0.80, img["y"] + img["height"] * 0.155, steps=5)
        page.mouse.up()
        page.screenshot(path=str(path))
    finally:
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
