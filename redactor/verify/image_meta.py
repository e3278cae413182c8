"""Identity in an image file's metadata: EXIF (description, artist, user comment, XP fields),
XMP, JPEG comments, PNG text chunks and other info Pillow exposes."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

from redactor.detect.textmatch import decoded_strings, identity_in_text
from redactor.options import Identity
from redactor.verify.reasons import Reason

# EXIF sub-directories whose tags are read besides IFD0 (Exif, GPS, Interop).
_SUB_IFDS = (0x8769, 0x8825, 0xA005)


def _as_text(value: object) -> str:
    if isinstance(value, bytes):
        return decoded_strings(value)
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return decoded_strings(bytes(v & 0xFF for v in value))  # XP* tags as byte tuples
    text = str(value)
    try:  # Pillow reads UTF-8 or GB18030 written into ASCII tags as Latin-1 characters
        return text + "\n" + decoded_strings(text.encode("latin-1"))
    except UnicodeEncodeError:
        return text


def _fields(im: Image.Image) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for key, value in im.info.items():
        if key in ("icc_profile", "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density"):
            continue
        fields.append((f"info/{key}", _as_text(value)))
    exif = im.getexif()
    for tag, value in exif.items():
        fields.append((f"exif/{tag:#06x}", _as_text(value)))
    for ifd in _SUB_IFDS:
        try:
            sub = exif.get_ifd(ifd)
        except Exception:  # a broken sub-directory is no reason to stop
            continue
        for tag, value in sub.items():
            fields.append((f"exif/{ifd:#06x}/{tag:#06x}", _as_text(value)))
    for key, value in (getattr(im, "text", None) or {}).items():
        fields.append((f"text/{key}", f"{key}\n{value}"))
    return fields


def image_metadata_reasons(path: Path, identity: Identity) -> list[Reason]:
    """One reason per kind of target per metadata field that holds it (all on page 1)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(path) as im:
            fields = _fields(im)
    reasons = []
    for where, text in fields:
        for kind, seen in dict.fromkeys((f.kind, f.text) for f in identity_in_text(text, identity)):
            reasons.append(Reason("metadata", kind, None, seen, detail={"where": where}))
    return reasons
