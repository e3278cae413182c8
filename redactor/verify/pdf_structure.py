"""Leaks in a PDF's structure, the classic redaction failure: what a viewer does not show but
the file still holds. Each check returns reasons keyed by 1-based page number; reasons about
the whole document (metadata, attachments, bookmarks, earlier revisions) go on page 1.

- images under a drawn cover: each image a drawing, annotation or later image overlaps is
  extracted and checked alone (OCR, seals, eyes); what it shows under the cover is a leak;
- text the text layer holds that the page does not show is found by ``visible.text_reasons``;
  here the page's plain ``get_text()`` is searched too, as a safety net;
- earlier revisions kept by incremental saves (each ``%%EOF`` ends one): every earlier revision
  is opened as it was and its text, metadata and images no longer in the final file are checked;
- metadata and XMP, annotations (contents, titles), form fields (names and values), embedded
  files (names, descriptions, contents), bookmarks, and optional-content layers that are hidden.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf

from redactor.detect.textmatch import decoded_strings, identity_in_text
from redactor.options import Identity, MaskOptions
from redactor.types import BBox, Page
from redactor.verify.reasons import Reason


@dataclass(frozen=True)
class StructureSettings:
    """Limits that keep the structure checks cheap on large files."""

    # Images smaller than this (either side, pixels) hold no readable name or face.
    min_image_side: int = 24
    # Attachments are read up to this many bytes.
    max_attachment_bytes: int = 8_000_000
    # At most this many earlier revisions are opened (the latest ones first).
    max_revisions: int = 8
    # At most this many images per file are checked alone.
    max_images: int = 40


STRUCTURE = StructureSettings()

Reasons = dict[int, list[Reason]]


def _kinds(text: str, identity: Identity) -> list[tuple[str, str]]:
    """(kind, matched text) of every hit of the identity in ``text``."""
    return [(f.kind, f.text) for f in identity_in_text(text, identity)]


def _add(out: Reasons, page: int, code: str, text: str, identity: Identity, where: str) -> None:
    for kind, seen in dict.fromkeys(_kinds(text, identity)):
        out[page].append(Reason(code, kind, None, seen, detail={"where": where}))


def metadata_reasons(doc: pymupdf.Document, identity: Identity, out: Reasons) -> None:
    for key, value in (doc.metadata or {}).items():
        if value:
            _add(out, 1, "metadata", str(value), identity, f"info/{key}")
    xmp = doc.get_xml_metadata() or ""
    if xmp:
        _add(out, 1, "metadata", xmp, identity, "xmp")


def annotation_reasons(doc: pymupdf.Document, identity: Identity, out: Reasons) -> None:
    for page in doc:
        for annot in page.annots() or []:
            info = annot.info or {}
            text = "\n".join(str(info.get(k, "")) for k in ("content", "title", "subject", "name"))
            _add(out, page.number + 1, "annotation", text, identity, f"annot/{annot.type[1]}")
        for widget in page.widgets() or []:
            text = "\n".join(
                str(v or "") for v in (widget.field_name, widget.field_value, widget.field_label)
            )
            _add(out, page.number + 1, "form_field", text, identity, "widget")


def attachment_reasons(doc: pymupdf.Document, identity: Identity, out: Reasons) -> None:
    for name in doc.embfile_names():
        info = doc.embfile_info(name)
        label = "\n".join(str(info.get(k, "")) for k in ("name", "filename", "ufilename", "desc"))
        _add(out, 1, "attachment", f"{name}\n{label}", identity, "attachment/name")
        data = doc.embfile_get(name)[: STRUCTURE.max_attachment_bytes]
        text = decoded_strings(data)
        if data.startswith(b"%PDF"):
            try:
                with pymupdf.open(stream=data, filetype="pdf") as inner:
                    text += "\n".join(p.get_text() for p in inner)
            except Exception:  # an unreadable attachment is still searched as bytes
                pass
        _add(out, 1, "attachment", text, identity, "attachment/content")


def bookmark_reasons(doc: pymupdf.Document, identity: Identity, out: Reasons) -> None:
    for entry in doc.get_toc(simple=True):
        level, title, page_no = entry[0], entry[1], entry[2]
        _add(out, max(1, int(page_no or 1)), "bookmark", str(title), identity, f"level {level}")


def hidden_layer_reasons(path: Path, identity: Identity, out: Reasons) -> None:
    """Text that only shows with hidden optional-content layers switched on, and layer names."""
    with pymupdf.open(path) as doc:
        ocgs = doc.get_ocgs() or {}
        hidden = [xref for xref, o in ocgs.items() if not o.get("on", True)]
        if not hidden:
            return
        for xref in hidden:
            _add(out, 1, "hidden_layer", str(ocgs[xref].get("name", "")), identity, "layer name")
        shown = [len(_kinds(p.get_text(), identity)) for p in doc]
        for ui in doc.layer_ui_configs():
            if not ui.get("on"):
                doc.set_layer_ui_config(ui["number"], 0)  # 0: switch it on
        for page, before in zip(doc, shown, strict=True):
            text = page.get_text()
            if len(_kinds(text, identity)) > before:
                _add(out, page.number + 1, "hidden_layer", text, identity, "layer text")


def text_layer_safety_net(doc: pymupdf.Document, identity: Identity, out: Reasons) -> None:
    """The plain text of each page, searched as one string (catches text the character boxes
    of the text layer lose). Reported only where the page has no text reason already."""
    for page in doc:
        _add(out, page.number + 1, "hidden_text", page.get_text(), identity, "get_text")


# --- images under covers ----------------------------------------------------------------


def _covers(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Rectangles drawn over the page: filled vector paths, annotations and images."""
    rects = [pymupdf.Rect(d["rect"]) for d in page.get_drawings() if d.get("fill") is not None]
    rects += [pymupdf.Rect(a.rect) for a in page.annots() or []]
    return [r for r in rects if not r.is_empty]


def _image_array(doc: pymupdf.Document, xref: int) -> np.ndarray | None:
    try:
        pix = pymupdf.Pixmap(doc, xref)
        if pix.alpha or pix.colorspace is None or pix.colorspace.n != 3:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        if pix.alpha:
            pix = pymupdf.Pixmap(pix, 0)
    except Exception:
        return None
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, pix.n)
    return np.ascontiguousarray(arr[:, :, :3])


def image_reasons(
    path: Path, identity: Identity, options: MaskOptions, out: Reasons, display: str
) -> None:
    """Images with something drawn over them, checked alone: a target they show under a cover
    is in the file for anyone who extracts the image."""
    from redactor.verify.visible import visible_reasons

    checked = 0
    with pymupdf.open(path) as doc:
        for page in doc:
            covers = _covers(page)
            infos = page.get_image_info(xrefs=True)
            for n, info in enumerate(infos):
                rect = pymupdf.Rect(info["bbox"])
                later = [pymupdf.Rect(o["bbox"]) for o in infos[n + 1 :]]
                over = [c for c in [*covers, *later] if c.intersects(rect)]
                if not over or not info.get("xref") or checked >= STRUCTURE.max_images:
                    continue
                image = _image_array(doc, info["xref"])
                if image is None or min(image.shape[:2]) < STRUCTURE.min_image_side:
                    continue
                checked += 1
                alone = Page(display, page.number + 1, image, 0.0)
                for r in visible_reasons(alone, identity, options):
                    if r.box is None:
                        continue
                    placed = _to_page(r.box, image.shape, rect)
                    if any(placed.intersects(c) for c in over):
                        scale = options.dpi / 72
                        box = tuple(int(v * scale) for v in (placed * page.rotation_matrix))
                        out[page.number + 1].append(
                            Reason(
                                "hidden_image", r.kind, box, r.seen, detail={"xref": info["xref"]}
                            )  # type: ignore[arg-type]
                        )


def _to_page(box: tuple[int, int, int, int], shape: tuple[int, ...], rect: pymupdf.Rect):  # noqa: ANN202
    """An image-pixel box on the page (points), for an image placed upright in ``rect``."""
    h, w = shape[:2]
    sx, sy = rect.width / w, rect.height / h
    x0, y0, x1, y1 = box
    return pymupdf.Rect(rect.x0 + x0 * sx, rect.y0 + y0 * sy, rect.x0 + x1 * sx, rect.y0 + y1 * sy)


# --- earlier revisions --------------------------------------------------------------------


def _revision_ends(data: bytes) -> list[int]:
    ends, start = [], 0
    while (i := data.find(b"%%EOF", start)) >= 0:
        ends.append(i + 5)
        start = i + 5
    return ends


def _image_hashes(doc: pymupdf.Document) -> dict[str, int]:
    out = {}
    for page in doc:
        for img in page.get_images(full=True):
            try:
                out[hashlib.sha256(doc.xref_stream_raw(img[0]) or b"").hexdigest()] = img[0]
            except Exception:
                continue
    return out


def revision_reasons(
    path: Path, identity: Identity, options: MaskOptions, out: Reasons, display: str
) -> None:
    """What earlier revisions (kept by incremental saves) held that the final one does not."""
    from redactor.verify.visible import visible_reasons

    data = path.read_bytes()
    ends = _revision_ends(data)[:-1]
    if not ends:
        return
    with pymupdf.open(path) as final:
        final_hits = {_key(h) for p in final for h in _kinds(p.get_text(), identity)}
        final_images = set(_image_hashes(final))
    for end in ends[-STRUCTURE.max_revisions :]:
        try:
            old = pymupdf.open(stream=data[:end], filetype="pdf")
        except Exception:
            continue
        with old:
            if old.page_count == 0:
                continue
            for page in old:
                for kind, seen in _kinds(page.get_text(), identity):
                    if _key((kind, seen)) not in final_hits:
                        out[page.number + 1].append(
                            Reason("earlier_revision", kind, None, seen, detail={"where": "text"})
                        )
            meta = "\n".join(str(v) for v in (old.metadata or {}).values() if v)
            _add(out, 1, "earlier_revision", meta, identity, "metadata")
            for digest, xref in _image_hashes(old).items():
                if digest in final_images:
                    continue
                image = _image_array(old, xref)
                if image is None or min(image.shape[:2]) < STRUCTURE.min_image_side:
                    continue
                for r in visible_reasons(Page(display, 1, image, 0.0), identity, options):
                    out[1].append(
                        Reason("earlier_revision", r.kind, None, r.seen, detail={"where": "image"})
                    )


def _key(hit: tuple[str, str]) -> tuple[str, str]:
    return hit[0], hit[1]


def pdf_structure_reasons(
    path: Path, identity: Identity, options: MaskOptions, display: str
) -> Reasons:
    """Every structure leak of one PDF, by page (see the module's docstring)."""
    out: Reasons = defaultdict(list)
    with pymupdf.open(path) as doc:
        metadata_reasons(doc, identity, out)
        annotation_reasons(doc, identity, out)
        attachment_reasons(doc, identity, out)
        bookmark_reasons(doc, identity, out)
        text_layer_safety_net(doc, identity, out)
    hidden_layer_reasons(path, identity, out)
    image_reasons(path, identity, options, out, display)
    revision_reasons(path, identity, options, out, display)
    return out


def page_box(rect: pymupdf.Rect, page: pymupdf.Page, dpi: int) -> BBox:
    r = rect * page.rotation_matrix
    k = dpi / 72
    return BBox(r.x0 * k, r.y0 * k, r.x1 * k, r.y1 * k)
