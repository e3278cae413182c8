"""Faults an adversarial user meets (issue 13): every probe gives one clear line or a correct
output, the rest of the batch goes on, and the identity stays out of file names and the audit."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from click.testing import CliRunner
from PIL import Image

from redactor.audit import write_csv
from redactor.cli import main
from redactor.errors import ExitCode, TooLargeInputError
from redactor.options import MaskOptions
from redactor.sources import iter_pages, open_source, sniff_format
from redactor.types import PageAudit
from tests.conftest import ROOT, draw_text_page

NAME, UNIT = "王伟", "博尔塔拉蒙古自治州人民医院"
ARGS = ["--name", NAME, "--unit", UNIT, "--eyes", "off", "--seals", "off"]


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["mask", *args, "-q"], catch_exceptions=False)
    return result.exit_code, result.output


def audit_rows(folder: Path) -> dict[str, dict]:
    audit = json.loads((folder / "audit.json").read_text(encoding="utf-8"))
    return {p["file"]: p for p in audit["pages"]}


def blank_png(path: Path, size: tuple[int, int] = (240, 120)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "white").save(path)
    return path


def text_png(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(draw_text_page(lines)).save(path)
    return path


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[callable]:
    """Mount a small tmpfs (root only): a real full disk or a real read-only filesystem."""
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("mounting a tmpfs needs root")
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", str(point)], check=False)


# 1, 2: symbolic links ------------------------------------------------------------------------


def test_a_symlink_loop_is_an_error_row_and_the_rest_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    blank_png(folder / "good.png")
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    (folder / "gone.pdf").symlink_to("nowhere.pdf")
    out = tmp_path / "out"
    code, output = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED
    rows = audit_rows(out)
    assert rows["good.png"]["error"] is None and (out / "good.png").is_file()
    for name in ("loop1", "loop2"):
        assert rows[name]["error"].startswith("skipped:") and "loop" in rows[name]["error"]
    assert "broken symbolic link" in rows["gone.pdf"]["error"]
    assert sum(line.startswith("redactor: error:") for line in output.splitlines()) == 3


def test_a_symlink_loop_named_on_the_command_line_is_an_error_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    blank_png(folder / "good.png")
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    out = tmp_path / "out"
    code, output = run_cli(str(folder), str(tmp_path / "loop1"), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED, output
    rows = audit_rows(out)
    assert rows["good.png"]["error"] is None and (out / "good.png").is_file()
    assert rows["loop1"]["error"].startswith("skipped:") and "loop" in rows["loop1"]["error"]


def test_a_missing_input_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run_cli(str(tmp_path / "absent.png"), *ARGS, "-o", str(tmp_path / "out"))
    assert code == ExitCode.USAGE and "absent.png" in output and "does not exist" in output


def test_a_symlinked_folder_is_followed_once_and_a_cycle_is_listed(tmp_path: Path) -> None:
    folder, other = tmp_path / "in", tmp_path / "other"
    blank_png(folder / "good.png")
    blank_png(other / "linked.png")
    (folder / "shared").symlink_to(other)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a cycle
    out = tmp_path / "out"
    code, _ = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED
    rows = audit_rows(out)
    assert rows["shared/linked.png"]["error"] is None
    assert (out / "shared" / "linked.png").is_file()
    assert "already walked" in rows["sub/up"]["error"]
    assert not any(f.startswith("sub/up/") for f in rows)


# 3, 4: outputs that cannot be written ----------------------------------------------------------


def test_an_out_dir_that_is_a_file_stops_before_any_work(tmp_path: Path) -> None:
    blank_png(tmp_path / "in" / "good.png")
    not_a_folder = tmp_path / "out.txt"
    not_a_folder.write_text("x")
    code, output = run_cli(str(tmp_path / "in"), *ARGS, "-o", str(not_a_folder))
    assert code == ExitCode.OUTPUT_FAILED
    assert output.strip().count("\n") == 0 and "not a folder" in output
    assert not_a_folder.read_text() == "x"
    # A folder that cannot be created (its parent is a file).
    code, output = run_cli(str(tmp_path / "in"), *ARGS, "-o", str(not_a_folder / "sub"))
    assert code == ExitCode.OUTPUT_FAILED
    assert output.strip().count("\n") == 0


def test_an_out_dir_on_a_read_only_filesystem_stops_before_any_work(
    tmp_path: Path, tmpfs, monkeypatch
) -> None:
    import redactor.plan as plan

    read_only = tmpfs("ro,size=1m")
    blank_png(tmp_path / "in" / "good.png")
    pages: list[object] = []
    real = plan.plan_page
    monkeypatch.setattr(plan, "plan_page", lambda *a: pages.append(a) or real(*a))
    code, output = run_cli(str(tmp_path / "in"), *ARGS, "-o", str(read_only / "out"))
    assert code == ExitCode.OUTPUT_FAILED
    assert output.strip().count("\n") == 0 and "Read-only file system" in output
    assert pages == []


def noise(size: tuple[int, int], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)


def write_every_format(folder: Path) -> list[str]:
    """One incompressible file of every format (small, so OCR is quick): each output is far
    larger than a tiny disk."""
    folder.mkdir(parents=True, exist_ok=True)
    pixels = Image.fromarray(noise((120, 80)))
    names = []
    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg"), ("TIFF", "tif"), ("BMP", "bmp")):
        pixels.save(folder / f"noise.{ext}", fmt)
        names.append(f"noise.{ext}")
    pixels.save(folder / "noise.webp", "WEBP", lossless=True)
    doc = pymupdf.open()
    buf = io.BytesIO()
    pixels.save(buf, "PNG")
    page = doc.new_page(width=120, height=80)
    page.insert_image(page.rect, stream=buf.getvalue())
    doc.save(folder / "noise.pdf")
    return [*names, "noise.webp", "noise.pdf"]


def test_a_full_disk_is_exit_4_for_every_format(tmp_path: Path, tmpfs) -> None:
    disk = tmpfs("size=4k")
    names = write_every_format(tmp_path / "in")
    audit_dir = tmp_path / "audit"
    code, output = run_cli(
        str(tmp_path / "in"),
        *ARGS,
        *("-o", str(disk / "out"), "--audit", str(audit_dir), "--dpi", "72"),
    )
    assert code == ExitCode.OUTPUT_FAILED
    rows = audit_rows(audit_dir)
    for name in names:
        assert rows[name]["error"].startswith("output:"), rows[name]
        assert "No space left on device" in rows[name]["error"]
        assert rows[name]["error_code"] == ExitCode.OUTPUT_FAILED
    # No output, whole or partial; only the run's own records under .redactor.
    state = disk / "out" / ".redactor"
    assert not [p for p in (disk / "out").rglob("*") if p.is_file() and state not in p.parents]


@pytest.mark.parametrize("fmt", ["pdf", "tif"])
def test_the_writers_own_errors_are_exit_4(tmp_path: Path, fmt: str, monkeypatch) -> None:
    """Fault injection where no tmpfs can be mounted: writers' errors that are not OSErrors
    (pymupdf's FzErrorSystem on a full disk; libtiff's RuntimeError, as Pillow raised it writing
    a TIFF straight to a full tmpfs)."""
    write_every_format(tmp_path / "in")
    if fmt == "pdf":

        def full(self, *args, **kwargs):
            raise pymupdf.mupdf.FzErrorSystem("code=2: cannot fwrite: No space left on device")

        monkeypatch.setattr(pymupdf.Document, "save", full)
    else:

        def full(self, *args, **kwargs):
            raise RuntimeError("tiff codec initialization failed: No space left on device")

        monkeypatch.setattr(Image.Image, "save", full)
    src = tmp_path / "in" / f"noise.{fmt}"
    code, output = run_cli(str(src), *ARGS, "-o", str(tmp_path / "out"), "--dpi", "72")
    assert code == ExitCode.OUTPUT_FAILED
    assert "No space left on device" in output


# 5: special files -----------------------------------------------------------------------------


def test_a_fifo_is_skipped_never_opened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    blank_png(folder / "good.png")
    os.mkfifo(folder / "pipe.pdf")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "redactor.cli", "mask", str(folder), *ARGS, "-o", str(out), "-q"]
    # Opening a FIFO waits for a writer forever: a timeout turns a hang into a failure.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == ExitCode.INPUT_FAILED, done.stderr
    rows = audit_rows(out)
    assert "not a regular file (a named pipe)" in rows["pipe.pdf"]["error"]
    assert rows["good.png"]["error"] is None


# 7: animations --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_every_frame_of_an_animation_is_kept_and_masked(tmp_path: Path, fmt: str) -> None:
    frames = [
        Image.fromarray(draw_text_page([text], width=520))
        for text in ("第一帧：工作总结", f"申报人：{NAME}", "第三帧：继续教育")
    ]
    src = tmp_path / "in" / f"anim.{fmt.lower()}"
    src.parent.mkdir()
    extra = {"lossless": True} if fmt == "WEBP" else {}
    frames[0].save(src, fmt, save_all=True, append_images=frames[1:], duration=500, **extra)
    out = tmp_path / "out"
    code, _ = run_cli(str(src), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    pages = [p for p in json.loads((out / "audit.json").read_text())["pages"]]
    assert [p["needs_masking"] for p in pages] == [False, True, False]
    with Image.open(out / src.name) as im:
        assert im.n_frames == 3
        im.seek(1)
        masked = np.asarray(im.convert("RGB"))
    # The name's box on the second frame is filled in the output.
    x0, y0, x1, y1 = pages[1]["regions"][0]["bbox"]
    assert masked[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2].mean() < 40


# 8, 9: sniffing and limits --------------------------------------------------------------------


def test_a_jpeg_whose_comment_holds_a_pdf_header_is_a_jpeg(tmp_path: Path) -> None:
    src = tmp_path / "in" / "photo.jpg"
    src.parent.mkdir()
    Image.new("RGB", (240, 120), "white").save(src, "JPEG", comment=b"%PDF-1.7 not a pdf")
    assert sniff_format(src) == "jpeg"
    code, _ = run_cli(str(src), *ARGS, "-o", str(tmp_path / "out"))
    assert code == ExitCode.OK
    assert (tmp_path / "out" / "photo.jpg").is_file()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds a few rows: opening it reads the header only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_a_30000_square_bomb_is_too_large(tmp_path: Path) -> None:
    src = tmp_path / "in" / "bomb.png"
    src.parent.mkdir()
    src.write_bytes(png_header(30000, 30000))
    out = tmp_path / "out"
    code, _ = run_cli(str(src.parent), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED
    assert audit_rows(out)["bomb.png"]["error"].startswith("too_large:")


def test_redactors_pixel_limit_is_the_one_that_holds(tmp_path: Path) -> None:
    """90 Mpx is under redactor's 120 Mpx (Pillow alone would refuse it); 132 Mpx is over."""
    under, over = tmp_path / "under.png", tmp_path / "over.png"
    under.write_bytes(png_header(10000, 9000))
    over.write_bytes(png_header(12000, 11000))
    assert open_source(under).page_count == 1
    assert open_source(over).page_count == 1  # sizes are checked page by page
    with pytest.raises(TooLargeInputError, match="120 Mpx"):
        next(iter_pages(open_source(over), "over.png", 200, MaskOptions().max_pixels))


# 10: the CSV ----------------------------------------------------------------------------------


def test_audit_csv_cells_cannot_start_a_formula(tmp_path: Path) -> None:
    names = ['=HYPERLINK("http://x","y").pdf', "+1.pdf", "-2.pdf", "@SUM(A1).pdf", "\tx.pdf"]
    pages = [PageAudit(file=n, page=1, output=n) for n in names]
    pages.append(PageAudit(file="ok.pdf", page=0, error="-corrupt"))
    write_csv(tmp_path / "audit.csv", pages)
    text = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    for row, name in zip(rows, names, strict=False):
        assert row[0] == "'" + name and row[-2] == "'" + name
    assert rows[-1][-1] == "'-corrupt"
    assert rows[-1][0] == "ok.pdf"


def test_a_formula_file_name_is_escaped_in_the_run_audit(tmp_path: Path) -> None:
    src = blank_png(tmp_path / "in" / "=HYPERLINK(1).png")
    out = tmp_path / "out"
    code, _ = run_cli(str(src), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    assert "\n'=HYPERLINK(1).png,1," in (out / "audit.csv").read_text(encoding="utf-8-sig")


# 11: the same relative path twice -------------------------------------------------------------


def test_a_duplicate_relative_path_names_the_skipped_input(tmp_path: Path) -> None:
    first = blank_png(tmp_path / "a" / "x.png")
    second = blank_png(tmp_path / "b" / "x.png", (300, 100))
    out = tmp_path / "out"
    code, output = run_cli(str(tmp_path / "a"), str(tmp_path / "b"), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED
    pages = json.loads((out / "audit.json").read_text())["pages"]
    error = next(p["error"] for p in pages if p["error"])
    # The console names both inputs; the audit names them by their names in OUT only.
    assert f"{second} skipped" in output and str(first) in output
    assert "x.png skipped" in error and "another input" in error and str(tmp_path) not in error
    assert f"{second} skipped" in output
    with Image.open(out / "x.png") as im:
        assert im.size == (240, 120)  # the first input's


# 12: overwriting and file modes ---------------------------------------------------------------


def test_overwriting_a_file_redactor_did_not_write_is_warned(tmp_path: Path) -> None:
    src = blank_png(tmp_path / "in" / "x.png")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.png").write_bytes(b"someone else's file")
    _, output = run_cli(str(src), *ARGS, "-o", str(out))
    warnings = [line for line in output.splitlines() if line.startswith("redactor: warning:")]
    assert len(warnings) == 1 and "x.png" in warnings[0] and "not written by redactor" in output
    # A second run over its own output (listed in the audit) says nothing.
    _, output = run_cli(str(src), *ARGS, "-o", str(out))
    assert "warning" not in output


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_and_audit_share_one_mode_under_the_umask(tmp_path: Path, umask: int) -> None:
    folder = tmp_path / "in"
    blank_png(folder / "a.png")
    Image.new("RGB", (200, 100), "white").save(folder / "b.jpg")
    doc = pymupdf.open()
    doc.new_page(width=200, height=100)
    doc.save(folder / "c.pdf")
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        code, _ = run_cli(str(folder), *ARGS, "-o", str(out), "--exempt", "b.jpg")
    finally:
        os.umask(old)
    assert code == ExitCode.OK
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir() if p.name != ".redactor"}
    assert modes == dict.fromkeys(
        ["a.png", "b.jpg", "c.pdf", "audit.json", "audit.csv"], 0o666 & ~umask
    )


# 13: names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["——", "...", "123", "（）"])
def test_a_name_without_letters_is_refused(tmp_path: Path, name: str) -> None:
    src = blank_png(tmp_path / "in" / "x.png")
    code, output = run_cli(str(src), "--name", name, "--unit", UNIT, "-o", str(tmp_path / "out"))
    assert code == ExitCode.USAGE
    assert "no Chinese characters or Latin letters" in output
    assert not (tmp_path / "out").exists()


def test_a_one_character_name_is_warned_about(tmp_path: Path) -> None:
    src = blank_png(tmp_path / "in" / "x.png")
    code, output = run_cli(
        str(src), "--name", "伟", "--unit", UNIT, "--eyes", "off", "-o", str(tmp_path / "out")
    )
    assert code == ExitCode.OK
    assert "redactor: warning: the name '伟' is one character" in output


# The identity outside the pixels ------------------------------------------------------------


def test_output_names_holding_the_identity_are_warned_about(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    blank_png(folder / f"{NAME}_{UNIT}_简历.png")
    blank_png(folder / "wang_wei_CV.png")
    blank_png(folder / f"{NAME}材料" / "证书.png")
    blank_png(folder / "其他.png")
    code, output = run_cli(str(folder), *ARGS, "-o", str(tmp_path / "out"))
    assert code == ExitCode.OK
    warnings = [line for line in output.splitlines() if line.startswith("redactor: warning:")]
    assert len(warnings) == 3
    assert not any("其他.png" in w for w in warnings)
    assert any("wang_wei_CV.png" in w and "name" in w for w in warnings)


def test_the_identity_is_replaced_in_file_and_folder_names_by_default(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    blank_png(folder / f"{NAME}材料" / f"{NAME}_{UNIT}_简历.png")
    blank_png(folder / "Wang-Wei.png")
    out = tmp_path / "out"
    code, _ = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png"))
    assert written == ["某某.png", "某某材料/某某_某单位_简历.png"]
    rows = audit_rows(out)
    assert rows["某某材料/某某_某单位_简历.png"]["output"] == "某某材料/某某_某单位_简历.png"


def _named_in(text: str) -> list[str]:
    return [w for w in (NAME, UNIT, "Wang-Wei", "wang") if w.casefold() in text.casefold()]


def test_the_audit_records_and_plans_name_no_one_by_default(tmp_path: Path) -> None:
    """The audit, the records and the plans' file names call each input by its output's name
    (the identity replaced), so none of OUT names the applicant but the plans' note of where
    each input was read; `redactor apply` and `redactor report` follow them."""
    folder = tmp_path / "in"
    blank_png(folder / f"{NAME}材料" / f"{NAME}_{UNIT}_简历.png")
    blank_png(folder / "Wang-Wei.png")
    (folder / f"{NAME}_损坏.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    out = tmp_path / "out"
    code, _ = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED
    assert sorted(audit_rows(out)) == ["某某.png", "某某_损坏.png", "某某材料/某某_某单位_简历.png"]
    for path in out.rglob("*"):
        assert not _named_in(path.relative_to(out).as_posix()), path
        if path.suffix in (".json", ".jsonl", ".csv", ".html") and "plans" not in path.parts:
            assert not _named_in(path.read_text("utf-8", errors="replace")), path
    # The inputs moved: a plan still finds its own under --input-root, and writes the output
    # where mask did.
    moved = tmp_path / "moved"
    shutil.copytree(folder, moved)
    again = tmp_path / "again"
    plans = out / ".redactor" / "plans"
    result = CliRunner().invoke(
        main, ["apply", str(plans), "-o", str(again), "--input-root", str(moved)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(again).as_posix() for p in again.rglob("*.png"))
    assert written == ["某某.png", "某某材料/某某_某单位_简历.png"]
    result = CliRunner().invoke(main, ["report", str(out)])
    assert result.exit_code == 0, result.output
    for page in out.rglob("*.htm*"):
        assert not _named_in(page.read_text("utf-8")), page


def test_keep_identity_names_keeps_them_and_warns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    blank_png(folder / f"{NAME}_简历.png")
    out = tmp_path / "out"
    code, output = run_cli(str(folder), *ARGS, "-o", str(out), "--keep-identity-names")
    assert code == ExitCode.OK
    assert [p.name for p in out.glob("*.png")] == [f"{NAME}_简历.png"]
    assert "--keep-identity-names" in output
    assert list(audit_rows(out)) == [f"{NAME}_简历.png"]  # the audit names it so too


def test_two_inputs_renamed_to_one_name_are_both_written(tmp_path: Path) -> None:
    """王伟_证书.png and Wang-Wei_证书.png both become 某某_证书.png: the second is numbered, not
    refused (nor written over the first), and a re-run finds both done."""
    folder = tmp_path / "in"
    blank_png(folder / f"{NAME}_证书.png")
    blank_png(folder / "Wang-Wei_证书.png")
    blank_png(folder / "某某_证书.png")  # an input already named so keeps its own name
    out = tmp_path / "out"
    code, output = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.OK, output
    written = sorted(p.name for p in out.glob("*.png"))
    assert written == ["某某_证书 (2).png", "某某_证书 (3).png", "某某_证书.png"]
    outputs = {row["output"] for row in audit_rows(out).values()}
    assert outputs == set(written)
    log = out / ".redactor" / "records.jsonl"
    recorded = log.read_text(encoding="utf-8")
    code, _ = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    assert log.read_text(encoding="utf-8") == recorded  # nothing redone


def test_a_file_named_by_the_own_part_of_a_name_in_parts_is_renamed() -> None:
    from redactor.naming import identity_in_path, renamed
    from redactor.options import Identity

    who = Identity(name="古丽娜尔·吐尔逊", unit=UNIT)
    assert identity_in_path(Path("古丽娜尔_获奖证书.png"), who) == ["name"]
    written = renamed(Path("古丽娜尔-吐尔逊/古丽娜尔_证书.png"), who)
    assert written.as_posix() == "某某/某某_证书.png"
    assert identity_in_path(Path("吐尔逊老师.png"), who) == []


def test_a_file_named_by_a_short_form_of_the_unit_is_renamed() -> None:
    """博州人民医院_推荐信.png names the unit as surely as its full name: the forms the matcher
    masks on pages (short forms, the unit without its parent divisions) count in names too."""
    from redactor.naming import identity_in_path, renamed
    from redactor.options import Identity

    who = Identity(name="王伟", unit="新疆维吾尔自治区博尔塔拉蒙古自治州人民医院")
    assert identity_in_path(Path("博州人民医院_推荐信.png"), who) == ["unit"]
    assert identity_in_path(Path("博尔塔拉蒙古自治州人民医院/证书.png"), who) == ["unit"]
    assert renamed(Path("博州人民医院_推荐信.png"), who).as_posix() == "某单位_推荐信.png"
    assert identity_in_path(Path("博州中医医院_会议通知.png"), who) == []


def test_the_audit_keeps_no_matched_text_unless_asked(tmp_path: Path) -> None:
    src = text_png(tmp_path / "in" / "page.png", [f"申报人：{NAME}  单位：{UNIT}"])
    out, audit_dir = tmp_path / "out", tmp_path / "private"
    code, _ = run_cli(str(src), *ARGS, "-o", str(out), "--audit", str(audit_dir))
    assert code == ExitCode.OK
    assert not (out / "audit.json").exists() and not (out / "audit.csv").exists()
    raw = (audit_dir / "audit.json").read_text(encoding="utf-8")
    regions = json.loads(raw)["pages"][0]["regions"]
    assert {r["kind"] for r in regions} == {"name", "unit"}
    assert {r["text_length"] for r in regions} >= {len(NAME)}
    assert NAME not in raw and "博尔塔拉" not in raw and "text" not in regions[0]
    code, _ = run_cli(str(src), *ARGS, "-o", str(out), "--audit-text")
    regions = audit_rows(out)["page.png"]["regions"]
    assert NAME in {r["text"] for r in regions}


# Fresh machines --------------------------------------------------------------------------------


def test_make_fonts_checks_every_font_file_the_samples_and_tests_open() -> None:
    """`make fonts` (and so .ci/run and `make test`) must check each font file drawn with, or a
    machine with only some CJK fonts fails dozens of tests."""
    import re

    opened = set()
    for folder in ("samples", "tests", "bench"):
        for source in (ROOT / folder).glob("*.py"):
            opened |= set(re.findall(r"/usr/share/fonts/[\w./-]+\.tt[cf]", source.read_text()))
    makefile = (ROOT / "Makefile").read_text()
    checked = set(re.findall(r"(/usr/share/fonts/[\w./-]+\.tt[cf]):[\w-]+", makefile))
    assert opened and opened <= checked, opened - checked
    assert "make fonts" in (ROOT / ".ci" / "run").read_text()


# Fuzzing (make test-all) -------------------------------------------------------------------------


@pytest.mark.slow
def test_fuzz_the_pdf_and_image_loaders_briefly(tmp_path: Path) -> None:
    """fuzz/fuzz_loaders.py under atheris for a few thousand runs from a seed corpus of one valid
    file per format: any exception other than an InputError fails it."""
    pytest.importorskip("atheris", reason="atheris is not installed: fuzzing skipped")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pixels = Image.fromarray(noise((24, 16)))
    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg"), ("TIFF", "tif"), ("BMP", "bmp")):
        buf = io.BytesIO()
        pixels.save(buf, fmt)
        # The fuzz target reads its first byte as the signature to put in front; 0 is none.
        (corpus / ext).write_bytes(b"\0" + buf.getvalue())
    doc = pymupdf.open()
    doc.new_page(width=40, height=30).insert_text((5, 20), "王伟", fontname="china-s")
    (corpus / "pdf").write_bytes(b"\0" + doc.tobytes())
    # TMPDIR: the target's scratch folder stays under the test's own (libFuzzer exits hard).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "TMPDIR": str(tmp_path)}
    cmd = [sys.executable, str(ROOT / "fuzz" / "fuzz_loaders.py"), "-runs=3000", "-max_len=8192"]
    done = subprocess.run(
        [*cmd, str(corpus)], env=env, capture_output=True, text=True, timeout=900, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
