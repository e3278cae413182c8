"""Shared fixtures and helpers for the tests."""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from redactor.types import OCR, BBox, Quad, TextChar, TextLine

if TYPE_CHECKING:
    from PIL import Image, ImageFont

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"
ParameterSet = type(pytest.param(None))  # what pytest.param returns (its class is not public)


def make_line(
    text: str, x: float = 50, y: float = 50, size: float = 20, source: str = OCR
) -> TextLine:
    """A line of text with exact per-character boxes, as a PDF text layer would give."""
    chars = []
    cx = x
    for ch in text:
        w = size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.55
        chars.append(
            TextChar(ch, Quad(((cx, y), (cx + w, y), (cx + w, y + size), (cx, y + size))), 1.0)
        )
        cx += w
    quad = Quad(((x, y), (cx, y), (cx, y + size), (x, y + size)))
    return TextLine(tuple(chars), quad, 1.0, source)


def every_nth_by_default(n: int, values: Iterable[Any]) -> list[Any]:
    """Parameters of a regression test that pins many pages for one defect: every ``n``-th of
    them (the first, then every n-th on) runs by default, the others are marked slow and run
    with `make test-all`, so the default run stays near ten minutes while each defect keeps a
    guard in it. A tuple is spread over the test's argument names, as in ``parametrize``."""
    out: list[Any] = []
    for i, value in enumerate(values):
        if i % n == 0:
            out.append(value)
        elif isinstance(value, ParameterSet):
            marks = (*value.marks, pytest.mark.slow)
            out.append(pytest.param(*value.values, marks=marks, id=value.id))
        else:
            args = value if isinstance(value, tuple) else (value,)
            out.append(pytest.param(*args, marks=pytest.mark.slow))
    return out


def pytest_configure(config: pytest.Config) -> None:
    """Each of pytest-xdist's workers gets its share of the cores for its models' and OpenCV's
    threads, as each worker of `redactor mask --jobs N` does: with the runtimes' defaults, two
    workers ran four model threads on 2 cores. Measured on test_pipeline and test_watermark
    (-n 2, a loaded machine): 306 -> 259 CPU s, 567 -> 444 s."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if not workers:
        return
    import cv2  # noqa: F401 - imported first, so that `configure` caps its pool too

    from redactor.detect import engines

    threads = engines.threads_per_worker(workers, os.cpu_count() or 1)
    engines.configure(dataclasses.replace(engines.current(), threads=threads))


# Test modules whose cases run the real models on whole pages. A parametrized test of theirs runs
# its first case by default and its other cases as `slow` (`make test-all`): each defect keeps
# one guard in the default run (946-1010 s on 2 AVX2 cores in CI, aimed at ten minutes). A
# test whose every case is a requirement of its own (every orientation, every real image) is
# marked `every_case`.
MODEL_TEST_MODULES = frozenset(
    {
        "test_codes",
        "test_coloured_ink",
        "test_faces",
        "test_handwritten_name",
        "test_identifiers",
        "test_margins",
        "test_name_phrases",
        "test_ocr_geometry",
        "test_paper",
        "test_pdf_seals",
        "test_pipeline",
        "test_seals",
        "test_signature",
        "test_speed",
        "test_verify",
        "test_watermark",
    }
)


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects what this marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first_cases: set[tuple[str, str]] = set()
    for item in items:
        if not isinstance(item, pytest.Function) or not hasattr(item, "callspec"):
            continue
        module = item.module.__name__.rpartition(".")[2]
        if module not in MODEL_TEST_MODULES or item.get_closest_marker("every_case"):
            continue
        if item.get_closest_marker("slow"):
            continue
        test = (module, item.originalname)
        if test in first_cases:
            item.add_marker(pytest.mark.slow)
        else:
            first_cases.add(test)


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not here (only in the project's own workspace)")
    return REALDATA


FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def draw_text_page(lines: list[str], size: int = 32, width: int = 1100) -> np.ndarray:
    """A small white page with ``lines`` of text: for tests that need some real page to read."""
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed (make fonts)")
    font = ImageFont.truetype(str(FONT), size)
    height = 80 + len(lines) * size * 2
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((50, 40 + i * size * 2), text, font=font, fill=(20, 20, 20))
    return np.asarray(img)


@pytest.fixture(autouse=True)
def _one_job_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs in tests (CLI and ``redact_paths``) mask in the test's own process: ``--jobs``
    defaults to the number of cores, and a pool of workers per test would load the models again
    and again on a small machine. Tests of the pool pass ``jobs`` themselves."""
    monkeypatch.setenv("REDACTOR_JOBS", "1")


NAME, UNIT = "王伟", "博尔塔拉蒙古自治州人民医院"


def write_small_corpus(folder: Path) -> list[Path]:
    """Small real pages of several formats, each naming the applicant (NAME, UNIT) somewhere:
    a PNG, a JPEG, a two-frame TIFF and a two-page born-digital PDF. Small so OCR is quick."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    card = draw_text_page([f"申报人：{NAME}", "职称：主治医师"], width=700)
    Image.fromarray(card).save(folder / "card.png")
    memo = draw_text_page([f"工作单位：{UNIT}"], width=900)
    Image.fromarray(memo).save(folder / "memo.jpg", quality=92)
    frames = [
        Image.fromarray(draw_text_page([f"推荐人：李强  被推荐人：{NAME}"], width=800)),
        Image.fromarray(draw_text_page(["第二页：无关内容。"], width=800)),
    ]
    sub = folder / "scans"
    sub.mkdir(exist_ok=True)
    frames[0].save(sub / "scan.tif", save_all=True, append_images=frames[1:])
    doc = pymupdf_document([f"姓名：{NAME}  单位：{UNIT}", "本页没有需要遮盖的内容。"])
    doc.save(folder / "form.pdf", no_new_id=True)
    doc.close()
    return sorted(p for p in folder.rglob("*") if p.is_file())


def pymupdf_document(pages: list[str]):  # noqa: ANN201 - pymupdf.Document
    """A born-digital PDF (text layer, a CJK font) with one line of text per page."""
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=360, height=200)
        page.insert_text((20, 60), text, fontname="china-s", fontsize=12)
    return doc


def pdf_with_a_wrong_tounicode(path: Path, lines: list[str], every_char: str | None = None) -> None:
    """A born-digital PDF whose embedded CJK font draws ``lines`` while its text layer holds
    something else, as some PDF writers leave it: with ``every_char`` None the font has no
    ToUnicode map (glyph ids read as code points: rare CJK, Yi, braille...); else its map turns
    every glyph into ``every_char`` (a space, an x)."""
    import pymupdf

    if not FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed (make fonts)")
    draft = path.with_name(path.name + ".draft")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    # A heading in a font whose layer is right: the page has a text layer worth trusting.
    page.insert_text((60, 60), "材料之一", fontname="china-s", fontsize=18)
    page.insert_font(fontname="F0", fontfile=str(FONT))
    for i, text in enumerate(lines):
        page.insert_text((60, 100 + 36 * i), text, fontname="F0", fontsize=18)
    doc.save(draft)  # writes the font and its ToUnicode stream
    doc.close()
    doc = pymupdf.open(draft)
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "ToUnicode")
        if kind != "xref":
            continue  # china-s (a standard CJK font) has no map of its own to break
        if every_char is None:
            doc.xref_set_key(xref, "ToUnicode", "null")
        else:
            doc.update_stream(int(value.split()[0]), _cmap_of_one_char(every_char))
    doc.save(path, garbage=1)  # one revision: no earlier one holding the right map
    doc.close()
    draft.unlink()


def pdf_with_radicals_in_its_map(path: Path, lines: list[str], radicals: dict[str, str]) -> None:
    """A born-digital PDF drawing ``lines`` in an embedded CJK font whose ToUnicode map gives,
    for the glyph of each key of ``radicals`` (马), its value (⻢ U+2EE2, a radical), as fonts
    of some real CJK PDFs do: the page shows 马丽, its text layer says ⻢丽."""
    import pymupdf

    if not FONT.exists():
        pytest.skip("fonts-wqy-zenhei is not installed (make fonts)")
    draft = path.with_name(path.name + ".draft")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="F0", fontfile=str(FONT))
    for i, text in enumerate(lines):
        page.insert_text((60, 100 + 36 * i), text, fontname="F0", fontsize=18)
    doc.save(draft)
    doc.close()
    doc = pymupdf.open(draft)
    glyphs = {chr(c[0]): c[1] for span in doc[0].get_texttrace() for c in span["chars"]}
    # Later entries of a CMap win: the radicals are added after the font's own map.
    extra = [f"<{glyphs[k]:04x}> <{ord(v):04x}>" for k, v in radicals.items()]
    block = f"{len(extra)} beginbfchar\n" + "\n".join(extra) + "\nendbfchar\nendcmap"
    for xref in range(1, doc.xref_length()):
        kind, value = doc.xref_get_key(xref, "ToUnicode")
        if kind == "xref":
            stream = int(value.split()[0])
            cmap = doc.xref_stream(stream).decode("latin-1")
            doc.update_stream(stream, cmap.replace("endcmap", block, 1).encode("latin-1"))
    doc.save(path, garbage=1)
    doc.close()
    draft.unlink()


def _cmap_of_one_char(char: str) -> bytes:
    """A ToUnicode CMap mapping every two-byte code to ``char``."""
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    body: list[str] = []
    for start in range(0, 0x10000, 100):  # at most 100 entries a block
        codes = range(start, min(start + 100, 0x10000))
        body += [f"{len(codes)} beginbfchar", *(f"<{c:04x}> <{ord(char):04x}>" for c in codes)]
        body.append("endbfchar")
    tail = ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + body + tail).encode()


# --- a real browser (Debian's chromium driven by Playwright) -----------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium calls home at start, and the network here
# refuses it; the rest keep a headless run quiet and self-contained.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - BrowserContext
    """A headless chromium (the Debian package; nothing downloaded) with a fresh profile."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (make chromium: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=list(CHROMIUM_ARGS),
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def write_review_pages(folder: Path) -> None:
    """Two small pages naming the applicant (NAME on one, UNIT on the other), an exempt file
    (``id-card.png``) and a broken PDF: what the report and review tests mask."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    card = draw_text_page([f"申报人：{NAME}", "职称：主治医师  科室：内科"], width=720)
    Image.fromarray(card).save(folder / "a-card.png")
    memo = draw_text_page([f"工作单位：{UNIT}", "任职时间：二〇一八年"], width=900)
    Image.fromarray(memo).save(folder / "b-memo.png")
    Image.fromarray(draw_text_page([f"身份证 {NAME}"], width=400)).save(folder / "id-card.png")
    (folder / "c-broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntruncated")


@pytest.fixture(scope="session")
def masked_review_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(inputs, OUT) of one real ``redactor mask`` run (real OCR) over write_review_pages,
    with its report; shared by the report and review tests (copy OUT before changing it)."""
    from click.testing import CliRunner

    from redactor.cli import main

    root = tmp_path_factory.mktemp("review-run")
    inputs, out = root / "in", root / "out"
    write_review_pages(inputs)
    args = ["mask", str(inputs), "--name", NAME, "--unit", UNIT, "-o", str(out)]
    args += ["--exempt", "id-card.png", "--eyes", "off", "--check", "off", "--jobs", "1", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output  # the broken PDF
    return inputs, out


def rare_name_form(name: str, unit: str) -> np.ndarray:
    """An appraisal form drawn here, not by samples/: 姓名：NAME, then the next field's label
    on the same row (性别：男), the name again in a sentence, a member list and a signature."""
    from PIL import Image, ImageDraw, ImageFont

    if not NOTO_SANS.exists():
        pytest.skip("fonts-noto-cjk is not installed (make fonts)")
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    fonts = str(NOTO_SANS)
    title = ImageFont.truetype(fonts, 48)
    draw.text((380, 100), "专业技术人员年度考核表", font=title, fill="black")
    font = ImageFont.truetype(fonts, 34)
    rows = [
        f"姓名：{name}        性别：男        出生年月：1985.06",
        f"工作单位：{unit}",
        f"{name}同志自参加工作以来，工作认真负责，业务能力突出，",
        "多次获得单位表彰，群众评价良好。",
        f"成员：李强、张敏、{name}、刘洋",
        f"申请人：{name}            日期：2024年5月12日",
    ]
    for i, row in enumerate(rows):
        draw.text((100, 260 + 90 * i), row, font=font, fill="black")
    return np.asarray(image)


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    if not NOTO_SANS.exists():
        pytest.skip("fonts-noto-cjk is not installed (make fonts)")
    return ImageFont.truetype(str(NOTO_SANS), size)


def approval_screenshot(w: int = 1080, h: int = 2200) -> Image.Image:
    """A phone screenshot of an app's approval page for someone else (李强): grey labels
    in a column, dark values far right of them, on light grey."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (w, h), (245, 245, 245))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w, 170), fill=(255, 255, 255))
    d.text((60, 70), "审批详情", font=cjk_font(52), fill=(30, 30, 30))
    rows = [
        ("申请人", "李强"),
        ("所在部门", "医务科"),
        ("审批类型", "继续教育学分认定"),
        ("提交时间", "2026-03-12 10:25"),
        ("审批状态", "已通过"),
        ("备注", "同意，报人事科备案。"),
    ]
    for i, (key, value) in enumerate(rows):
        d.text((60, 260 + 110 * i), key, font=cjk_font(40), fill=(140, 140, 140))
        d.text((360, 260 + 110 * i), value, font=cjk_font(40), fill=(30, 30, 30))
    return im


def chat_with_avatars(given: str, name: str, square: bool = False) -> tuple[np.ndarray, list[BBox]]:
    """A work chat as an office app shows it: each member without a photo a coloured disc (or
    rounded square, as DingTalk draws them) with the last two characters of the name in white,
    the full name and the message beside it. Returns the image and the applicant's avatars."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1080, 1100), (237, 237, 237))
    draw = ImageDraw.Draw(im)
    small, text = cjk_font(34), cjk_font(44)
    rows = [
        (given, name, "：收到，马上处理。", (50, 150, 250)),
        ("建军", "王建军", "：辛苦了", (255, 148, 62)),
        (given, name, "：材料已交人事科", (50, 150, 250)),
        ("红梅", "张红梅", "：好的", (124, 77, 255)),
    ]
    discs = []
    for i, (avatar, who, said, colour) in enumerate(rows):
        y = 80 + 240 * i
        if square:
            draw.rounded_rectangle((40, y, 160, y + 120), radius=24, fill=colour)
        else:
            draw.ellipse((40, y, 160, y + 120), fill=colour)
        draw.text((100, y + 60), avatar, font=small, fill="white", anchor="mm")
        draw.text((200, y + 34), who + said, font=text, fill=(30, 30, 30))
        if avatar == given:
            discs.append(BBox(40, y, 160, y + 120))
    return np.asarray(im), discs
