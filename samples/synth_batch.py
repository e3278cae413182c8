"""Small multi-applicant corpora and their manifests, for ``redactor batch`` tests and timings.

Each applicant gets a folder of small real pages (rendered text that OCR must read: the
applicant's own name and unit among another applicant's name and sibling units), in mixed
formats and nesting: a PNG at the top, a JPEG under a Chinese-named subfolder, a two-page
scanned PDF, and an ID-card file meant to be listed as exempt. Pages are kept small (about
900 x 250 px) so a batch test masks a few pages in seconds, not minutes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw

from samples.synth import IDENTITIES, Identity, get_font, sibling_orgs

# The page-file layouts applicants cycle through (relative path, pages, format).
LAYOUTS: tuple[tuple[tuple[str, int, str], ...], ...] = (
    (("申报表.png", 1, "png"), ("身份证.png", 1, "png")),
    (("材料/工作总结.jpg", 1, "jpeg"),),
    (("scan.pdf", 2, "pdf"),),
)
EXEMPT_GLOB = "*身份证*"
PAGE_WIDTH = 900
TEXT_PX = 28
FONT_STYLES = ("hei", "song")
# A unit beside the applicant's own when its name has no confusable sibling.
FALLBACK_OTHER_UNIT = "伊犁哈萨克自治州友谊医院"


@dataclass(frozen=True)
class BatchApplicant:
    """One applicant of a generated batch: manifest fields and what the pages hold."""

    id: str
    identity: Identity
    folder: Path
    files: tuple[str, ...]  # relative paths written
    pages: int  # pages written, exempt ones included
    exempt: tuple[str, ...] = ()


def text_page(lines: Sequence[str], rng: np.random.Generator) -> np.ndarray:
    """A small white page with ``lines`` of real rendered text (a Hei or Song face), jittered."""
    font = get_font(str(rng.choice(FONT_STYLES)), TEXT_PX)
    height = 60 + len(lines) * TEXT_PX * 2
    img = Image.new("RGB", (PAGE_WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        x = 40 + int(rng.integers(0, 30))
        draw.text((x, 30 + i * TEXT_PX * 2), text, font=font, fill=(20, 20, 20))
    return np.asarray(img)


def page_lines(identity: Identity, other: Identity, rng: np.random.Generator) -> list[str]:
    """The applicant's name and unit, with another applicant's name and a sibling unit that must
    stay visible (a batch that mixed up identities would mask those instead)."""
    siblings = sibling_orgs(identity.unit) or [FALLBACK_OTHER_UNIT]
    sibling = siblings[int(rng.integers(0, len(siblings)))]
    lines = [
        f"申报人：{identity.name}　评审专业：{identity.post}",
        f"工作单位：{identity.unit}",
        f"审核人：{other.name}　审核单位：{sibling}",
    ]
    order = rng.permutation(len(lines))
    return [lines[i] for i in order]


def write_pages(pages: list[np.ndarray], path: Path, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        doc = pymupdf.open()
        for image in pages:
            h, w = image.shape[:2]
            page = doc.new_page(width=w * 0.75, height=h * 0.75)  # 96 dpi
            buf = io.BytesIO()
            Image.fromarray(image).save(buf, "PNG")
            page.insert_image(page.rect, stream=buf.getvalue())
        doc.save(path, garbage=3, deflate=True, no_new_id=True)
        return
    Image.fromarray(pages[0]).save(path, "JPEG" if fmt == "jpeg" else "PNG")


def build_batch(root: Path, count: int = 3, seed: int = 0) -> list[BatchApplicant]:
    """``count`` applicants under ``root/材料/<folder>/``; identities and layouts cycle."""
    rng = np.random.default_rng(seed)
    applicants = []
    for i in range(count):
        identity = IDENTITIES[i % len(IDENTITIES)]
        other = IDENTITIES[(i + 1) % len(IDENTITIES)]
        folder = root / "材料" / f"{i + 1:02d}_{identity.name}"
        layout = LAYOUTS[i % len(LAYOUTS)]
        for relative, pages, fmt in layout:
            images = [text_page(page_lines(identity, other, rng), rng) for _ in range(pages)]
            write_pages(images, folder / relative, fmt)
        exempt = (EXEMPT_GLOB,) if any("身份证" in r for r, _, _ in layout) else ()
        applicants.append(
            BatchApplicant(
                id=f"A{seed}{i + 1:02d}",
                identity=identity,
                folder=folder,
                files=tuple(r for r, _, _ in layout),
                pages=sum(n for _, n, _ in layout),
                exempt=exempt,
            )
        )
    return applicants


ENGLISH_HEADER = ("id", "name", "unit", "folder", "aliases", "unit_aliases", "exempt")
CHINESE_HEADER = ("编号", "姓名", "工作单位", "文件夹", "别名", "单位别名", "免遮盖")


def manifest_rows(
    applicants: Sequence[BatchApplicant], base: Path, header: Sequence[str] = ENGLISH_HEADER
) -> list[list[str]]:
    """Header and rows; folders relative to ``base`` (the manifest's folder)."""
    rows = [list(header)]
    for a in applicants:
        rows.append(
            [
                a.id,
                a.identity.name,
                a.identity.unit,
                a.folder.relative_to(base).as_posix(),
                "",
                a.identity.unit_english,
                ";".join(a.exempt),
            ]
        )
    return rows


def write_csv(rows: Sequence[Sequence[str]], path: Path, bom: bool = True) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig" if bom else "utf-8", newline="")
    return path


def write_xlsx(rows: Sequence[Sequence[object]], path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path
