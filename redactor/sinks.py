"""Masked pages -> clean output files, written atomically.

Outputs are rebuilt from pixels only: a PDF gets one image per page and nothing else (no text
layer, fonts, metadata, XMP, annotations, attachments or scripts); images are re-encoded with no
EXIF, XMP, ICC-embedded comments or text chunks.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from redactor.errors import OutputError

_PIL_SAVE = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "bmp": "BMP", "webp": "WEBP"}
# Temporary files are named so that ones left by a killed run are recognised and removed.
TEMP_PREFIX = ".redactor-"
TEMP_SUFFIX = ".part"


@contextlib.contextmanager
def atomic_output(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it replaces ``dest`` in one step, so a
    crash or a full disk never leaves a half-written output under the real name."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {dest.parent}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def remove_stale_parts(folder: Path) -> int:
    """Delete temporary files a killed run left under ``folder``; returns how many. Only for
    a folder no other run is writing to (see records.RunLock)."""
    removed = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(root, name))
                    removed += 1
    return removed


class PageWriter:
    """Collects masked pages of one file, then writes the output file in the input's format."""

    def __init__(self, fmt: str, hints: dict[str, Any], jpeg_quality: int = 90) -> None:
        self.fmt = fmt
        self.hints = hints
        self.jpeg_quality = jpeg_quality
        self._pdf = None
        self._frames: list[Image.Image] = []

    def add(self, image: np.ndarray, dpi: float, page_index: int) -> None:
        if self.fmt == "pdf":
            self._add_pdf_page(image, dpi, page_index)
        else:
            self._frames.append(Image.fromarray(image, "RGB"))

    def _add_pdf_page(self, image: np.ndarray, dpi: float, page_index: int) -> None:
        import pymupdf

        if self._pdf is None:
            self._pdf = pymupdf.open()
        sizes = self.hints.get("page_sizes") or []
        h, w = image.shape[:2]
        if page_index < len(sizes):
            # Keep the page's size, but in the orientation it is shown (rotation is baked in).
            pw, ph = sizes[page_index]
            if (w > h) != (pw > ph):
                pw, ph = ph, pw
        else:
            pw, ph = w * 72 / dpi, h * 72 / dpi
        buf = io.BytesIO()
        Image.fromarray(image, "RGB").save(buf, "JPEG", quality=self.jpeg_quality, optimize=True)
        page = self._pdf.new_page(width=pw, height=ph)
        page.insert_image(page.rect, stream=buf.getvalue())

    def write(self, dest: Path) -> None:
        with atomic_output(dest) as tmp:
            if self.fmt == "pdf":
                self._write_pdf(tmp)
            else:
                self._write_image(tmp)

    def _write_pdf(self, tmp: Path) -> None:
        doc = self._pdf
        if doc is None:
            raise OutputError("no pages to write")
        doc.set_metadata({})
        doc.del_xml_metadata()
        doc.save(tmp, garbage=4, deflate=True, clean=True, no_new_id=True)
        doc.close()
        self._pdf = None

    def _write_image(self, tmp: Path) -> None:
        if not self._frames:
            raise OutputError("no pages to write")
        fmt = _PIL_SAVE[self.fmt]
        first, rest = self._frames[0], self._frames[1:]
        kwargs: dict[str, Any] = {}
        if self.fmt == "jpeg":
            qtables = self.hints.get("qtables")
            if qtables:
                kwargs["qtables"] = qtables
                sampling = self.hints.get("subsampling")
                if sampling is not None and sampling >= 0:
                    kwargs["subsampling"] = sampling
            else:
                kwargs["quality"] = self.jpeg_quality
            kwargs["optimize"] = True
        elif self.fmt == "png":
            kwargs["optimize"] = True
        elif self.fmt == "tiff":
            kwargs["compression"] = "tiff_lzw"
            if rest:
                kwargs["save_all"] = True
                kwargs["append_images"] = rest
        elif self.fmt == "webp":
            kwargs["quality"] = self.jpeg_quality
        # No exif=, icc_profile=, pnginfo= or comment=: Pillow writes none unless asked.
        first.save(tmp, fmt, **kwargs)
        self._frames = []
