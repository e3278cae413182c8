"""Masked pages -> clean output files, written atomically.

Outputs are rebuilt from pixels only: a PDF gets one image per page and nothing else (no text
layer, fonts, metadata, XMP, annotations, attachments or scripts); images are re-encoded with no
EXIF, XMP, ICC-embedded comments or text chunks.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from redactor.errors import OutputError

_PIL_SAVE = {"jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "bmp": "BMP", "webp": "WEBP"}
# Temporary files are named so that ones left by a killed run are recognised and removed.
TEMP_PREFIX = ".redactor-"
TEMP_SUFFIX = ".part"


@dataclass(frozen=True)
class PngSettings:
    """How a masked PNG is compressed (lossless: the pixels are the same at any setting).

    Pillow's ``optimize=True`` (zlib level 9, filtered strategy) took 1.13 CPU s a 150 dpi page
    on 25 masked bench pages (seals, grey copies, photos, phone pictures), the largest cost
    outside the page's stages. zlib's default strategy at level 7 made files of the same mean
    size (0.998x; each file 0.83-1.10x) for 0.31 s; level 3 took 0.09 s for files 2.8%
    larger (up to 1.27x a file). A user uploads these files under a size limit: the
    setting that keeps the size was chosen (BENCHMARKS.md, "speed round 4").
    """

    # zlib level (0-9) and strategy (0: Z_DEFAULT_STRATEGY, 1: Z_FILTERED).
    compress_level: int = 7
    compress_type: int = 0


PNG = PngSettings()


def check_writable_folder(folder: Path, what: str = "output folder") -> None:
    """Make sure ``folder`` is (or can be made) a folder redactor can create files in; checked
    before any work, so an unusable OUT_DIR stops the run at once (exit 4) with one line."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: the {what} is an existing file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".redactor-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write to the {what}: {exc.strerror or exc}") from exc


def output_mode() -> int:
    """The mode every output and audit file gets: what a plain new file would get under the
    process's umask (0644 under umask 022), whichever library wrote it."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it replaces ``dest`` in one step, so a
    crash or a full disk never leaves a half-written output under the real name. Any failure to
    write (an OSError, or pymupdf's own error on a full disk) is an ``OutputError`` (exit 4)."""
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
        os.chmod(tmp, output_mode())
        os.replace(tmp, dest)
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from exc
    except Exception as exc:
        # libtiff's and pymupdf's own failures to write (RuntimeError, FzErrorBase).
        if not isinstance(exc, _writer_errors()):
            raise
        raise OutputError(f"cannot write output: {exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _writer_errors() -> tuple[type[BaseException], ...]:
    """The encoders' error types that are not OSErrors: a full disk while saving a PDF raises
    pymupdf's FzErrorSystem "cannot fwrite: No space left on device"; Pillow's TIFF encoder a
    RuntimeError. pymupdf's are named only once it is loaded (it raised none before): a run of
    images never imports it."""
    pymupdf = sys.modules.get("pymupdf")
    if pymupdf is None:
        return (RuntimeError,)
    return (pymupdf.mupdf.FzErrorBase, RuntimeError)


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


def encode_jpeg(image: np.ndarray, quality: int) -> bytes:
    """An RGB page as a baseline JPEG with optimised Huffman tables and no metadata.

    OpenCV's libjpeg-turbo writes what Pillow's did (same quality, 4:2:0 sampling, outputs of
    the same size on the benchmark's pages) without Pillow's copy of the page into an Image
    first: 26 -> 19 ms an A4 page at 150 dpi, about a third of a text-only born-digital page's
    time (BENCHMARKS.md, "Born-digital pages: the page image encoded by OpenCV").
    """
    import cv2

    params = [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    bgr = cv2.cvtColor(np.ascontiguousarray(image), cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".jpg", bgr, params)
    if not ok:
        raise OutputError("cannot encode the page as JPEG")
    return data.tobytes()


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
        page = self._pdf.new_page(width=pw, height=ph)
        page.insert_image(page.rect, stream=encode_jpeg(image, self.jpeg_quality))

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
            kwargs["compress_level"] = PNG.compress_level
            kwargs["compress_type"] = PNG.compress_type
        elif self.fmt == "tiff":
            kwargs["compression"] = "tiff_lzw"
        elif self.fmt == "webp":
            kwargs["quality"] = self.jpeg_quality
        if self.hints.get("dpi") and self.fmt in ("jpeg", "png", "tiff"):
            kwargs["dpi"] = self.hints["dpi"]
        if rest:
            # Every page of a TIFF, every frame of an animated PNG or WebP, each masked.
            kwargs["save_all"] = True
            kwargs["append_images"] = rest
            if self.fmt in ("png", "webp"):
                kwargs["duration"] = self.hints.get("duration", 100)
                kwargs["loop"] = self.hints.get("loop", 0)
        # No exif=, icc_profile=, pnginfo= or comment=: Pillow writes none unless asked.
        # Encoded in memory, then written by Python: Pillow's encoders ignore a short write
        # (a JPEG on a full disk came out cut, with no error); Python's file writes raise.
        encoded = io.BytesIO()
        first.save(encoded, fmt, **kwargs)
        tmp.write_bytes(encoded.getvalue())
        self._frames = []
