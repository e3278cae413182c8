"""``redactor review``: the local page, driven in a real browser, and its server's guards."""

from __future__ import annotations

import http.client
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from redactor import records
from redactor.plan import FilePlan, PagePlan, PlanError, Region
from redactor.review import ReviewFolder, ReviewServer, ReviewSettings, edited_plan


@pytest.fixture
def review(masked_review_run: tuple[Path, Path], tmp_path: Path):  # noqa: ANN201
    """A review server over a copy of the shared masked folder; stopped after the test."""
    _inputs, out = masked_review_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    server = ReviewServer(ReviewFolder(copy, copy), ReviewSettings(idle_timeout=120))
    server.start()
    yield server, copy
    server.stop()


def _get(server: ReviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Host": host} if host else {}
    conn.request("GET", path, headers=headers)
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    return answer.status, body


def _wait(page, condition: str, seconds: float = 20) -> None:  # noqa: ANN001 - Page
    """Wait until the JS ``condition`` holds. (The page's policy forbids eval, which
    Playwright's wait_for_function needs; evaluate goes through the debugger instead.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, f"timed out waiting for {condition}"
        page.wait_for_timeout(50)


def _plan(out: Path, file: str) -> FilePlan:
    return FilePlan.load(records.plan_path(out / ".redactor" / "plans", Path(file)))


def test_remove_a_mask_add_a_box_and_save_in_the_browser(review, browser, tmp_path: Path) -> None:
    server, out = review
    inputs = Path(_plan(out, "a-card.png").source_path).parent
    name_region = _plan(out, "a-card.png").pages[0].regions[0]
    assert name_region.kind == "name"
    page = browser.new_page()
    try:
        page.goto(server.url)
        _wait(page, "document.getElementById('page-img').naturalWidth > 0")
        assert page.locator("#where").inner_text().startswith("a-card.png")
        mask = page.locator(f'polygon.region[data-id="{name_region.id}"]')
        mask.click()
        assert "removed" in (mask.get_attribute("class") or "")
        page.keyboard.press("Control+z")  # undo: masked again
        assert "removed" not in (
            page.locator(f'polygon[data-id="{name_region.id}"]').get_attribute("class") or ""
        )
        page.keyboard.press("Control+y")  # redo: removed
        assert "removed" in (
            page.locator(f'polygon[data-id="{name_region.id}"]').get_attribute("class") or ""
        )
        # Drag a box over "内科", right of the second line (page pixels -> screen).
        box = page.locator("#page-img").bounding_box()
        width = _plan(out, "a-card.png").pages[0].width
        s = box["width"] / width
        start = (box["x"] + 400 * s, box["y"] + 100 * s)
        end = (box["x"] + 560 * s, box["y"] + 150 * s)
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move(*end, steps=6)
        page.mouse.up()
        assert page.locator('polygon.region[data-kind="manual"]').count() == 1
        # The new box is selected: drag its lower right corner 40 page pixels further right.
        corner = page.locator("rect.handle.se").bounding_box()
        grab = (corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2)
        page.mouse.move(*grab)
        page.mouse.down()
        page.mouse.move(grab[0] + 40 * s, grab[1], steps=4)
        page.mouse.up()
        page.screenshot(path=str(tmp_path / "review.png"))
        page.click("#save")
        page.wait_for_selector("#status.good, #status.bad", timeout=60_000)
        assert page.locator("#status").get_attribute("class") == "good", page.locator(
            "#status"
        ).inner_text()
    finally:
        page.close()

    plan = _plan(out, "a-card.png")
    regions = plan.pages[0].regions
    assert [r.id for r in plan.pages[0].removed] == [name_region.id]
    (added,) = regions
    assert added.source == "manual" and added.kind == "manual"
    xs, ys = [p[0] for p in added.polygon], [p[1] for p in added.polygon]
    assert abs(min(xs) - 400) < 3 and abs(max(xs) - 600) < 3
    assert abs(min(ys) - 100) < 3 and abs(max(ys) - 150) < 3

    original = np.asarray(Image.open(inputs / "a-card.png").convert("RGB"))
    masked = np.asarray(Image.open(out / "a-card.png").convert("RGB"))
    x0, y0, x1, y1 = (int(v) for v in name_region.bbox.to_list())
    # The removed mask: the name shows again, pixel for pixel (painted from the original).
    assert np.array_equal(masked[y0:y1, x0:x1], original[y0:y1, x0:x1])
    assert (original[y0:y1, x0:x1] < 128).any()  # there is ink (the name) to see
    # The box drawn by hand is filled.
    inner = masked[int(min(ys)) + 2 : int(max(ys)) - 2, int(min(xs)) + 2 : int(max(xs)) - 2]
    assert inner.size and (inner == 0).all()

    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    (row,) = [r for r in audit["pages"] if r["file"] == "a-card.png"]
    assert [(r["kind"], r["source"]) for r in row["regions"]] == [("manual", "manual")]
    assert row["needs_masking"] is True
    assert len(audit["pages"]) == 4  # the other files' rows are kept
    csv_text = (out / "audit.csv").read_text(encoding="utf-8-sig")
    assert "a-card.png,1,是,0," in csv_text  # no name counted any more
    latest = records.latest_by_input(records.records_path(out))["a-card.png"]
    assert latest["reviewed"] is True and latest["status"] == records.DONE


def test_every_request_needs_the_token_and_this_host(review) -> None:
    server, _out = review
    token = server.state.token
    assert _get(server, "/")[0] == 403
    assert _get(server, "/?t=wrong")[0] == 403
    assert _get(server, f"/api/files?t={token}")[0] == 200
    # A page on another origin that resolves its name to 127.0.0.1 (DNS rebinding).
    assert _get(server, f"/api/files?t={token}", host="evil.example:80")[0] == 403
    # Files are addressed by index only: no path can be named.
    for path in ("/api/plan/../../etc/passwd", "/api/plan/99", "/api/image/0/..%2f..", "/x"):
        assert _get(server, f"{path}?t={token}")[0] == 404, path
    status, body = _get(server, f"/api/image/0/1?t={token}")
    assert status == 200 and body[:2] == b"\xff\xd8"


def test_a_save_with_a_bad_polygon_changes_nothing(review) -> None:
    server, out = review
    before = (out / "a-card.png").read_bytes()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    body = json.dumps({"pages": [{"number": 1, "regions": [{"polygon": [[1, 2]]}]}]})
    conn.request(
        "POST",
        f"/api/save/0?t={server.state.token}",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    answer = conn.getresponse()
    assert answer.status == 400 and b"3 to 256 points" in answer.read()
    conn.close()
    assert (out / "a-card.png").read_bytes() == before


def test_the_command_serves_its_printed_address_and_stops_when_idle(
    masked_review_run: tuple[Path, Path], tmp_path: Path
) -> None:
    _inputs, out = masked_review_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    # An idle timeout of 0.05 minutes: the server stops by itself 3 s after the last request.
    args = [sys.executable, "-m", "redactor.cli", "review", str(copy), "--no-browser"]
    process = subprocess.Popen(
        [*args, "--idle-timeout", "0.05"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no address printed"
        line = process.stdout.readline()
        url = line[line.index("http://") :].strip()
        assert url.startswith("http://127.0.0.1:") and "/?t=" in url
        port, token = url.split(":")[2].split("/")[0], url.split("?t=")[1]
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
        conn.request("GET", f"/api/files?t={token}")
        files = json.loads(conn.getresponse().read())["files"]
        conn.close()
        assert [f["file"] for f in files] == ["a-card.png", "b-memo.png"]
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    # The run lock was let go: a second session can start.
    server = ReviewServer(ReviewFolder(copy, copy))
    server.start()
    server.stop()


def _region(rid: str, kind: str, box: tuple[float, float, float, float]) -> Region:
    x0, y0, x1, y1 = box
    square = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    return Region(rid, kind, "ocr", "**", 0.9, square, quad=square)


def test_edits_keep_resize_restore_add_and_remove_regions_by_id() -> None:
    """What a save makes of the page's edits, region by region (no browser needed)."""
    kept, dropped = _region("k", "name", (10, 10, 50, 30)), _region("d", "unit", (60, 10, 90, 30))
    restored = _region("r", "seal", (10, 40, 40, 70))
    page = PagePlan(1, 100, 80, 72.0, 0, (kept, dropped), removed=(restored,))
    plan = FilePlan(1, "t", "a.png", "/x/a.png", "0" * 64, 1, {}, "", (page,))
    moved = [[10, 10], [60, 10], [60, 30], [10, 30]]
    edits = {
        "pages": [
            {
                "number": 1,
                "regions": [
                    {"id": "k", "polygon": moved},
                    {"id": "r", "polygon": [list(p) for p in restored.polygon]},
                    {"kind": "identifier", "polygon": [[0, 0], [500, 0], [500, 5], [0, 5]]},
                ],
            }
        ]
    }
    (new_page,) = edited_plan(plan, edits).pages
    by_id = {r.id: r for r in new_page.regions}
    assert by_id["k"].polygon == tuple(tuple(map(float, p)) for p in moved)
    assert by_id["k"].quad == () and by_id["k"].evidence["edited_by_hand"] is True
    assert by_id["r"] == restored  # restored as it was found
    (hand,) = [r for r in new_page.regions if r.source == "manual"]
    assert hand.kind == "identifier" and max(x for x, _ in hand.polygon) == 100  # clipped
    assert [r.id for r in new_page.removed] == ["d"]
    assert FilePlan.from_dict(edited_plan(plan, edits).to_dict()).pages[0].removed[0].id == "d"
    with pytest.raises(PlanError):
        edited_plan(plan, {"pages": [{"number": 2, "regions": []}]})
    with pytest.raises(PlanError):
        edited_plan(plan, {"pages": [{"number": 1, "regions": [{"kind": "x", "polygon": moved}]}]})
