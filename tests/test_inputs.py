"""Bad input, safety of inputs and outputs, and what the outputs must not carry."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import signal
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from redactor.cli import main
from redactor.errors import ExitCode
from redactor.sinks import PageWriter
from tests.conftest import draw_text_page

ARGS = ["--name", "王伟", "--unit", "博尔塔拉蒙古自治州人民医院"]


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["mask", *args, "-q"], catch_exceptions=False)
    return result.exit_code, result.output


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_png(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "good.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(draw_text_page(["个人简介：王伟，男，主治医师。"])).save(path)
    return path


def make_bad_inputs(folder: Path, good_png: Path) -> dict[str, str]:
    """Write one file of every kind of bad input; returns name -> expected error code."""
    jpeg = io.BytesIO()
    Image.open(good_png).convert("RGB").save(jpeg, "JPEG")
    (folder / "truncated.jpg").write_bytes(jpeg.getvalue()[: len(jpeg.getvalue()) // 3])
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (folder / "empty.png").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04" + b"\0" * 200)
    (folder / "text-named.jpg").write_bytes("这不是图片".encode())
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(
        folder / "locked.pdf",
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="pw",
        owner_pw="owner",
    )
    doc.close()
    return {
        "truncated.jpg": "corrupt",
        "corrupt.pdf": "corrupt",
        "empty.png": "empty",
        "notes.docx": "unsupported",
        "text-named.jpg": "corrupt",
        "locked.pdf": "encrypted",
    }


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path, good_png: Path) -> None:
    folder = good_png.parent
    expected = make_bad_inputs(folder, good_png)
    before = digest(folder)
    out = tmp_path / "out"
    code, output = run_cli(str(folder), *ARGS, "-o", str(out))
    assert code == ExitCode.INPUT_FAILED
    errors = [line for line in output.splitlines() if line.startswith("redactor: error:")]
    # One line per bad file, each naming it.
    assert len(errors) == len(expected)
    for name in expected:
        assert sum(name in line for line in errors) == 1
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    rows = {p["file"]: p for p in audit["pages"]}
    for name, kind in expected.items():
        assert rows[name]["error"].startswith(kind + ":"), rows[name]
        assert rows[name]["error_code"] == ExitCode.INPUT_FAILED
        assert not (out / name).exists()
    # The good file was still processed, and masked.
    assert rows["good.png"]["needs_masking"] is True
    assert (out / "good.png").is_file()
    # Inputs untouched; no temporary files left behind.
    assert digest(folder) == before
    assert not [p for p in out.rglob("*") if p.name.startswith(".redactor-")]


def test_refuses_to_write_into_an_input_folder(good_png: Path) -> None:
    code, output = run_cli(str(good_png.parent), *ARGS, "-o", str(good_png.parent / "out"))
    assert code == ExitCode.USAGE
    assert "inside an input folder" in output
    code, _ = run_cli(str(good_png), *ARGS, "-o", str(good_png.parent))
    assert code == ExitCode.USAGE
    assert not (good_png.parent / "out").exists()


def test_a_failed_write_leaves_no_output(tmp_path: Path, good_png: Path, monkeypatch) -> None:
    """Fault injection: the encoder dies half-way; the output must not appear at all."""

    def explode(self, tmp: Path) -> None:
        tmp.write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PageWriter, "_write_image", explode)
    out = tmp_path / "out"
    code, output = run_cli(str(good_png), *ARGS, "-o", str(out))
    assert code == ExitCode.OUTPUT_FAILED
    assert "No space left on device" in output
    assert not (out / "good.png").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".redactor-")]


def test_pdf_output_carries_nothing_but_page_images(tmp_path: Path) -> None:
    src = tmp_path / "in" / "paper.pdf"
    src.parent.mkdir()
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "作者：王伟  单位：博尔塔拉蒙古自治州人民医院", fontname="china-s")
    page.insert_text((72, 130), "审稿人：李明", fontname="china-s")
    page.add_text_annot((300, 300), "批注：王伟")
    doc.embfile_add("secret.txt", "王伟的附件".encode())
    doc.set_metadata({"author": "王伟", "title": "秘密", "subject": "博尔塔拉"})
    doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'>王伟</x:xmpmeta>")
    doc.save(src)
    doc.close()
    out = tmp_path / "out"
    code, _ = run_cli(str(src), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    result = pymupdf.open(out / "paper.pdf")
    assert result.page_count == 1
    assert result.get_page_text(0).strip() == ""
    assert not any(v for v in result.metadata.values() if v and v not in ("PDF 1.7", "format"))
    assert result.get_xml_metadata() == ""
    assert result.embfile_count() == 0
    assert list(result[0].annots()) == []
    assert result[0].get_fonts() == []
    raw = (out / "paper.pdf").read_bytes()
    for needle in (b"JavaScript", b"/Author", b"/EmbeddedFile", "王伟".encode("utf-16-be")):
        assert needle not in raw
    # The page image itself: the name is gone, the reviewer's name stays readable.
    from redactor.detect.text import ocr_image

    pix = result[0].get_pixmap(dpi=150)
    image = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]
    text = "".join(line.text for line in ocr_image(image).lines)
    assert "王伟" not in text and "博尔塔拉" not in text
    assert "李明" in text


def test_image_output_drops_exif_and_applies_orientation(tmp_path: Path) -> None:
    page = draw_text_page(["申报人：王伟", "审核人：李明"])
    src = tmp_path / "in" / "photo.jpg"
    src.parent.mkdir()
    # Stored rotated, with an EXIF orientation tag saying how to show it, plus a comment.
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(page, 1)))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    exif[0x010E] = "王伟 博尔塔拉"  # ImageDescription
    stored.save(src, "JPEG", exif=exif, comment="王伟".encode(), quality=85)
    out = tmp_path / "out"
    code, _ = run_cli(str(src), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    with Image.open(out / "photo.jpg") as im:
        assert not im.getexif()
        assert "comment" not in im.info and "exif" not in im.info
        assert im.size == (page.shape[1], page.shape[0])  # shown upright, as the viewer saw it
    assert (out / "photo.jpg").stat().st_size < 2 * src.stat().st_size


def test_multi_page_tiff_keeps_its_pages_and_answers_per_page(tmp_path: Path) -> None:
    first = Image.fromarray(draw_text_page(["申报人：王伟", "所在科室：外科"]))
    second = Image.fromarray(draw_text_page(["附件二：继续教育学时证明", "审核人：李明"]))
    src = tmp_path / "in" / "scan.tif"
    src.parent.mkdir()
    first.save(src, "TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    out = tmp_path / "out"
    code, _ = run_cli(str(src), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    with Image.open(out / "scan.tif") as im:
        assert im.n_frames == 2
    rows = (out / "audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("scan.tif,1,是,1,0,")
    assert rows[2].startswith("scan.tif,2,否,0,0,")


@pytest.mark.slow
def test_a_fax_keeps_its_pages_and_its_resolution(tmp_path: Path) -> None:
    # Probes round 15: a fax is a 1-bit TIFF at 204 x 98 dpi (standard mode: pixels twice as
    # tall as wide, glyphs squashed to half height in the file). The masked copy kept no
    # resolution (Pillow wrote 1 x 1), and every viewer showed the page squashed. A JPEG's
    # 300 dpi is kept too.
    pages = []
    for lines in (["兹推荐王伟同志参加评审", "联系人：李明"], ["附：推荐人员名单", "审核人：李明"]):
        tall = Image.fromarray(draw_text_page(lines, size=44)).convert("L")
        fax = tall.resize((tall.width, tall.height // 2), Image.NEAREST)
        pages.append(fax.point(lambda v: 0 if v < 140 else 255).convert("1"))
    src = tmp_path / "in" / "fax.tif"
    src.parent.mkdir()
    pages[0].save(src, compression="group4", dpi=(204, 98), save_all=True, append_images=pages[1:])
    photo = tmp_path / "in" / "scan.jpg"
    Image.fromarray(draw_text_page(["申报人：王伟"])).save(photo, "JPEG", dpi=(300, 300))
    out = tmp_path / "out"
    code, _ = run_cli(str(src.parent), *ARGS, "-o", str(out))
    assert code == ExitCode.OK
    with Image.open(out / "fax.tif") as im:
        assert im.n_frames == 2
        assert tuple(round(v) for v in im.info["dpi"]) == (204, 98)
    with Image.open(out / "scan.jpg") as im:
        assert tuple(round(v) for v in im.info["dpi"]) == (300, 300)
    rows = (out / "audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert any(r.startswith("fax.tif,1,是,1,") for r in rows), rows


def test_a_huge_image_is_refused_with_its_own_error(tmp_path: Path) -> None:
    from redactor.api import redact_paths
    from redactor.options import Identity, MaskOptions

    src = tmp_path / "in" / "poster.png"
    src.parent.mkdir()
    Image.new("RGB", (400, 300), "white").save(src)
    result = redact_paths(
        [src.parent],
        tmp_path / "out",
        Identity("王伟", "博尔塔拉蒙古自治州人民医院"),
        MaskOptions(max_pixels=100_000),
    )
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert result.pages[0].error.startswith("too_large:")
    assert not (tmp_path / "out" / "poster.png").exists()


def test_a_crash_on_one_file_does_not_stop_the_batch(
    tmp_path: Path, good_png: Path, monkeypatch
) -> None:
    """Fault injection: a bug while processing one file is reported; the others are done."""
    import redactor.find as find

    real = find.find_on_page

    def flaky(page, identity, options):
        if page.file.startswith("boom"):
            raise RuntimeError("simulated bug")
        return real(page, identity, options)

    monkeypatch.setattr(find, "find_on_page", flaky)
    Image.open(good_png).save(good_png.parent / "boom.png")
    out = tmp_path / "out"
    code, output = run_cli(str(good_png.parent), *ARGS, "-o", str(out))
    assert code == ExitCode.INTERNAL
    assert "boom.png: RuntimeError: simulated bug" in output
    assert (out / "good.png").exists() and not (out / "boom.png").exists()
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert {p["file"]: p["error"] is None for p in audit["pages"]} == {
        "boom.png": False,
        "good.png": True,
    }


# Property-based tests over the loaders: whatever the bytes, a file gives pages or one InputError
# (an error row in the audit), never another exception or a hang.

_SIGNATURES = [
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
    b"RIFF\x00\x10\x00\x00WEBPVP8 ",
    b"%PDF-1.7\n",
]
_FORMATS = {"png": "PNG", "jpg": "JPEG", "tif": "TIFF", "bmp": "BMP", "webp": "WEBP"}


@contextlib.contextmanager
def no_hang(seconds: int = 60) -> Iterator[None]:
    """A loader that hangs fails the test instead of stopping the suite (not a timing check)."""

    def stop(*_: object) -> None:
        raise TimeoutError(f"the loader did not return within {seconds}s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load_or_refuse(data: bytes, suffix: str, folder: Path) -> str:
    """Run the loaders over ``data`` as a file; 'pages' or the InputError's code."""
    from redactor.errors import InputError
    from redactor.sources import iter_pages, open_source

    path = folder / f"input{suffix}"
    path.write_bytes(data)
    try:
        with no_hang():
            source = open_source(path)
            pages = list(iter_pages(source, path.name, 72, 4_000_000))
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return exc.code
    assert len(pages) == source.page_count
    for page in pages:
        assert page.image.dtype == np.uint8 and page.image.ndim == 3 and page.image.shape[2] == 3
    return "pages"


def encoded(fmt: str, width: int, height: int, mode: str, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
    if mode != "RGB":
        image = image.convert(mode)
    buf = io.BytesIO()
    if fmt == "pdf":
        doc = pymupdf.open()
        png = io.BytesIO()
        image.convert("RGB").save(png, "PNG")
        page = doc.new_page(width=width, height=height)
        page.insert_image(page.rect, stream=png.getvalue())
        return doc.tobytes()
    if fmt == "jpg" and mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(buf, _FORMATS[fmt])
    return buf.getvalue()


_settings = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_settings
@given(signature=st.sampled_from(_SIGNATURES), tail=st.binary(max_size=3000))
def test_random_bytes_behind_a_valid_signature_never_crash_a_loader(
    tmp_path: Path, signature: bytes, tail: bytes
) -> None:
    load_or_refuse(signature + tail, ".bin", tmp_path)


@_settings
@given(
    fmt=st.sampled_from(["png", "jpg", "tif", "bmp", "webp", "pdf"]),
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=4),
    seed=st.integers(0, 1000),
)
def test_cut_and_damaged_files_never_crash_a_loader(
    tmp_path: Path, fmt: str, cut: float, flips: list[tuple[float, int]], seed: int
) -> None:
    data = bytearray(encoded(fmt, 40, 30, "RGB", seed))
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    data = data[: max(1, int(cut * len(data)))] if cut < 1.0 else data
    load_or_refuse(bytes(data), f".{fmt}", tmp_path)


@_settings
@given(
    fmt=st.sampled_from(["png", "jpg", "tif", "bmp", "webp", "pdf"]),
    width=st.integers(1, 300),
    height=st.integers(1, 300),
    mode=st.sampled_from(["RGB", "L", "1", "P", "RGBA", "I;16"]),
)
def test_odd_sizes_and_modes_are_read(
    tmp_path: Path, fmt: str, width: int, height: int, mode: str
) -> None:
    try:
        data = encoded(fmt, width, height, mode, 0)
    except (OSError, ValueError, KeyError):
        return  # Pillow cannot write this mode in this format: nothing to read
    if fmt == "pdf" and (width < 3 or height < 3):
        return  # pymupdf refuses pages smaller than a few points
    assert load_or_refuse(data, f".{fmt}", tmp_path) == "pages"
