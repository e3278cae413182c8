"""Born-digital PDFs as Word / WPS export them, and PDFs cut short (issue 10, items 6b and 8).

A page exported from Word or WPS has its text in a text layer, its table rules as vector lines,
and the unit's seal either as a placed picture (an "electronic seal" PNG with transparency, crisp
and flat-coloured, often over the unit's name) or drawn as vector shapes (a stroked circle, a
filled star and the arc text as filled glyph outlines, or as rotated text). The page builders of
``samples.synth`` draw the pages; ``WordPdfSurface`` only changes how a seal is put on the page.

``truncate_pdf`` and ``break_xref`` make the broken files of item 8: a PDF cut at a fraction of
its length (what an interrupted download or copy leaves), and a PDF whose cross-reference
offsets are wrong but whose objects are all intact (a common producer quirk).
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import pymupdf
from PIL import Image, ImageDraw

from samples.synth import (
    A4_PT,
    IDENTITIES,
    INK,
    PAGE_BUILDERS,
    TARGET_KINDS,
    Identity,
    PdfPageTruth,
    Rng,
    _PdfSurface,
    _png,
    _rect,
    get_font,
    make_page,
    write_scanned_pdf,
)

# How a seal is put on a born-digital page:
#   png_alpha      crisp flat-colour PNG, transparent around the ink (an electronic seal)
#   png_alpha_dark the same, with black (not red) colour under the transparent pixels
#   png_lowres     the PNG at screen resolution (96 dpi), as pasted from a chat window
#   vector_paths   ring stroked, star and arc text as filled glyph outlines
#   vector_text    ring and star as paths, arc text as rotated characters in the text layer
SEAL_STYLES = ("png_alpha", "png_alpha_dark", "png_lowres", "vector_paths", "vector_text")
# Page kinds of samples.synth that carry a seal.
SEAL_PAGE_KINDS = ("appraisal", "form", "certificate")
# Inks of electronic seals: pure red, the "seal red" of e-seal software, a darker stamp red.
SEAL_INKS = ((255, 0, 0), (230, 0, 18), (214, 39, 40), (200, 16, 46))
_MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class CrispSeal:
    """A flat-coloured seal: alpha (0..1) at ``px_per_mm`` in a square layer centred on the seal."""

    alpha: np.ndarray
    px_per_mm: float
    radius_mm: float
    angle: float  # degrees, turn of the whole seal

    @property
    def size_mm(self) -> float:
        return self.alpha.shape[0] / self.px_per_mm


def _star_points(c: float, r: float, angle: float) -> np.ndarray:
    t = np.radians(-90 + 36 * np.arange(10) + angle)
    rr = np.where(np.arange(10) % 2 == 0, r, r * 0.382)
    return np.c_[c + rr * np.cos(t), c + rr * np.sin(t)]


def _arc_glyphs(text: str, r: float, ring: float) -> tuple[float, float, float]:
    """Glyph size, arc radius and angular step (degrees) for the unit's name along the arc."""
    g = 0.27 * r
    rt = r - ring * 1.6 - g * 0.6
    step = math.degrees(g * 1.05 / rt)
    if len(text) * step > 250:  # long names: shrink the glyphs so the arc stays ~250 degrees
        g *= 250 / (len(text) * step)
        rt = r - ring * 1.6 - g * 0.6
        step = 250 / len(text)
    return g, rt, step


@dataclass(frozen=True)
class SealLook:
    """How an electronic seal is drawn (e-seal software varies all of these)."""

    ring_frac: float = 0.06  # ring width over the radius
    inner_ring: bool = False  # a thin second ring inside the first
    bottom_text: str = ""  # e.g. 合同专用章 below the star
    font: str = "song"
    hard_edges: bool = False  # alpha only 0 or 1 (no anti-aliasing), as some e-seal tools save
    opacity: float = 1.0  # the whole seal made see-through so the text under it shows


def random_look(rng: Rng) -> SealLook:
    return SealLook(
        ring_frac=float(rng.uniform(0.03, 0.09)),
        inner_ring=bool(rng.random() < 0.3),
        bottom_text=str(rng.choice(["", "", "合同专用章", "人事专用章", "财务专用章"])),
        font=str(rng.choice(["song", "hei", "kai"])),
        hard_edges=bool(rng.random() < 0.3),
        opacity=float(rng.choice([1.0, 1.0, rng.uniform(0.55, 0.95)])),
    )


def crisp_seal(
    radius_mm: float,
    text: str,
    angle: float,
    px_per_mm: float = 24.0,
    look: SealLook = SealLook(),
    text_only: bool = False,
) -> CrispSeal:
    """The seal drawn with no ink texture at all: ring, star, name along the arc, flat colour
    (``text_only``: the name and bottom text alone, for tracing into vector glyph outlines)."""
    r = radius_mm * px_per_mm
    size = int(2 * r * 1.08) + 4
    c = size / 2
    lay = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(lay)
    ring = max(2.0, look.ring_frac * r)
    if not text_only:
        d.ellipse((c - r, c - r, c + r, c + r), outline=255, width=round(ring))
        d.polygon([tuple(p) for p in _star_points(c, 0.3 * r, angle)], fill=255)
    if look.inner_ring and not text_only:
        ri = r - 2.2 * ring
        d.ellipse((c - ri, c - ri, c + ri, c + ri), outline=255, width=max(1, round(ring / 3)))
    g, rt, step = _arc_glyphs(text, r, ring * (1.8 if look.inner_ring else 1.0))
    font = get_font(look.font, round(g))
    span = len(text) * step
    for i, ch in enumerate(text):
        phi = -span / 2 + step * (i + 0.5) + angle
        tile = Image.new("L", (round(g * 2), round(g * 2)), 0)
        ImageDraw.Draw(tile).text((g, g), ch, font=font, fill=255, anchor="mm")
        tile = tile.rotate(-phi, resample=Image.BICUBIC)
        x = c + rt * math.sin(math.radians(phi)) - g
        y = c - rt * math.cos(math.radians(phi)) - g
        lay.paste(255, (round(x), round(y)), tile)
    if look.bottom_text:
        bottom = Image.new("L", (size, size), 0)
        ImageDraw.Draw(bottom).text(
            (c, c + 0.55 * r),
            look.bottom_text,
            font=get_font(look.font, round(0.2 * r)),
            fill=255,
            anchor="mm",
        )
        lay = Image.fromarray(np.maximum(np.asarray(lay), np.asarray(bottom.rotate(-angle))))
    alpha = np.asarray(lay, np.float32) / 255
    if look.hard_edges:
        alpha = (alpha >= 0.5).astype(np.float32)
    return CrispSeal(alpha * look.opacity, px_per_mm, radius_mm, angle)


def _glyph_paths(alpha: np.ndarray) -> list[np.ndarray]:
    """Outlines (outer contours and holes) of the ink, for an even-odd filled path."""
    ink = (alpha > 0.5).astype(np.uint8)
    contours, _ = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    return [c.reshape(-1, 2).astype(np.float64) for c in contours if len(c) >= 3]


class WordPdfSurface(_PdfSurface):
    """The born-digital surface of samples.synth, with seals as Word / WPS export them."""

    def __init__(self, page: pymupdf.Page, rng: Rng, seal_style: str) -> None:
        super().__init__(page, rng)
        if seal_style not in SEAL_STYLES:
            raise ValueError(f"unknown seal style {seal_style!r}")
        self.seal_style = seal_style
        # A picture behind the text sits under everything drawn before it: not on pages with a
        # background fill (a certificate's), which would hide it.
        self.behind_text_allowed = True
        # Share of the names and units drawn as glyph outlines instead of text-layer text.
        self.outlined_share = 0.0

    def seal(self, cx: float, cy: float, r: float, text: str, bottom_text: str = "") -> None:
        rng = self.rng
        angle = float(rng.uniform(-20, 20))
        ink = SEAL_INKS[int(rng.integers(len(SEAL_INKS)))]
        style = self.seal_style
        if style.startswith("png"):
            ppm = 96 / 25.4 if style == "png_lowres" else float(rng.uniform(12, 24))
            seal = crisp_seal(r, text, angle, ppm, random_look(rng))
            self._seal_png(seal, cx, cy, ink, dark=style.endswith("dark"))
        else:
            self._seal_vector(cx, cy, r, text, angle, ink, style == "vector_text")
        a = math.radians(angle)
        rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        quad = np.array(_rect(-r, -r, r, r)) @ rot.T + [cx, cy]
        self.add("seal", quad, text, [cx, cy, r, r, angle])

    def _seal_png(
        self, seal: CrispSeal, cx: float, cy: float, ink: tuple[int, int, int], dark: bool
    ) -> None:
        rgba = np.zeros((*seal.alpha.shape, 4), np.uint8)
        rgba[..., :3] = ink
        if dark:
            rgba[seal.alpha == 0, :3] = 0
        rgba[..., 3] = np.round(seal.alpha * 255).astype(np.uint8)
        half = seal.size_mm / 2
        k = self.k
        rect = pymupdf.Rect((cx - half) * k, (cy - half) * k, (cx + half) * k, (cy + half) * k)
        # Word's "behind text" wrap puts the picture under the text and table rules.
        behind = self.behind_text_allowed and bool(self.rng.integers(2))
        self.page.insert_image(rect, stream=_png(rgba), overlay=not behind)

    def _seal_vector(
        self,
        cx: float,
        cy: float,
        r: float,
        text: str,
        angle: float,
        ink: tuple[int, int, int],
        as_text: bool,
    ) -> None:
        k, colour = self.k, tuple(v / 255 for v in ink)
        look = replace(random_look(self.rng), hard_edges=False, opacity=1.0)
        if as_text:
            look = replace(look, bottom_text="")
        ring = max(0.35, look.ring_frac * r)
        shape = self.page.new_shape()
        shape.draw_circle((cx * k, cy * k), (r - ring / 2) * k)
        shape.finish(color=colour, width=ring * k, fill=None)
        if look.inner_ring:
            shape.draw_circle((cx * k, cy * k), (r - 2.2 * ring) * k)
            shape.finish(color=colour, width=ring / 3 * k, fill=None)
        star = _star_points(0.0, 0.3 * r, angle) + [cx, cy]
        shape.draw_polyline([pymupdf.Point(x * k, y * k) for x, y in star])
        shape.finish(color=None, fill=colour, closePath=True)
        if as_text:
            shape.commit()
            self._arc_text(cx, cy, r, ring * (1.8 if look.inner_ring else 1.0), text, angle, colour)
            return
        # The arc text as glyph outlines: traced from a crisp drawing of the text alone.
        glyphs = crisp_seal(r, text, angle, 24.0, look, text_only=True)
        for outline in _glyph_paths(glyphs.alpha):
            pts = (outline / glyphs.px_per_mm - glyphs.size_mm / 2 + [cx, cy]) * k
            shape.draw_polyline([pymupdf.Point(x, y) for x, y in pts])
            shape.draw_line(pymupdf.Point(*pts[-1]), pymupdf.Point(*pts[0]))
        shape.finish(color=None, fill=colour, even_odd=True, closePath=True)
        shape.commit()

    def text(
        self,
        x: float,
        y: float,
        s: str,
        pt: float,
        *,
        style: str = "song",
        fill: tuple[int, int, int] = INK,
        kind: str | None = None,
    ) -> float:
        """As samples.synth draws it, except that a name or unit is drawn as glyph outlines with
        probability ``outlined_share`` (a WordArt title, a text box exported as curves)."""
        if kind and s.strip() and self.rng.random() < self.outlined_share:
            self.outlined_text(x, y, s, pt, kind=kind, style="hei" if style == "hei" else "song")
            return x + self.measure(s, pt, style)
        return super().text(x, y, s, pt, style=style, fill=fill, kind=kind)

    def outlined_text(
        self, x: float, y: float, s: str, pt: float, kind: str | None = None, style: str = "hei"
    ) -> None:
        """``s`` with its baseline at (x, y) mm drawn as filled glyph outlines, not text: what
        WordArt, text boxes exported "as curves" and letterheads pasted as vector art leave."""
        ppm = 24.0
        size = round(pt * _MM_PER_PT * ppm)
        font = get_font(style, size)
        left, top, right, bottom = font.getbbox(s, anchor="ls")
        lay = Image.new("L", (right - left + 8, bottom - top + 8), 0)
        ImageDraw.Draw(lay).text((4 - left, 4 - top), s, font=font, fill=255, anchor="ls")
        alpha = np.asarray(lay, np.float32) / 255
        ox, oy = x + (left - 4) / ppm, y + (top - 4) / ppm
        k = self.k
        shape = self.page.new_shape()
        for outline in _glyph_paths(alpha):
            pts = (outline / ppm + [ox, oy]) * k
            shape.draw_polyline([pymupdf.Point(px, py) for px, py in pts])
            shape.draw_line(pymupdf.Point(*pts[-1]), pymupdf.Point(*pts[0]))
        shape.finish(color=None, fill=(0.1, 0.1, 0.1), even_odd=True, closePath=True)
        shape.commit()
        if kind:
            ys, xs = np.nonzero(alpha > 0.5)
            box = (xs.min() / ppm + ox, ys.min() / ppm + oy, (xs.max() + 1) / ppm + ox)
            self.add(kind, _rect(*box, (ys.max() + 1) / ppm + oy), s)

    def _arc_text(
        self,
        cx: float,
        cy: float,
        r: float,
        ring: float,
        text: str,
        angle: float,
        colour: tuple[float, ...],
    ) -> None:
        g, rt, step = _arc_glyphs(text, r, ring)
        pt = g / _MM_PER_PT
        span = len(text) * step
        k = self.k
        for i, ch in enumerate(text):
            phi = -span / 2 + step * (i + 0.5) + angle
            # The glyph's centre on the arc; its baseline origin half an em left and below.
            gx = cx + rt * math.sin(math.radians(phi))
            gy = cy - rt * math.cos(math.radians(phi))
            turn = pymupdf.Matrix(-phi)  # pymupdf turns counter-clockwise for positive angles
            centre = pymupdf.Point(gx * k, gy * k)
            origin = centre + pymupdf.Point(-pt / 2, pt * 0.38)
            self.page.insert_text(
                origin, ch, fontname="china-s", fontsize=pt, color=colour, morph=(centre, turn)
            )


@dataclass(frozen=True)
class WordPdfSpec:
    """One born-digital PDF: its applicant, page kinds, seal style and seed."""

    identity: Identity
    kinds: Sequence[str] = SEAL_PAGE_KINDS
    seal_style: str = "png_alpha"
    seed: int = 0
    outlined_share: float = 0.0  # names and units drawn as glyph outlines, not text


def make_word_pdf(spec: WordPdfSpec, path: Path) -> list[PdfPageTruth]:
    """Write a Word/WPS-style PDF of ``spec.kinds``; the truth of each page (quads normalised)."""
    doc = pymupdf.open()
    truths = []
    for i, kind in enumerate(spec.kinds):
        rng = np.random.default_rng([spec.seed, i, SEAL_STYLES.index(spec.seal_style)])
        page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
        surface = WordPdfSurface(page, rng, spec.seal_style)
        surface.behind_text_allowed = kind != "certificate"
        surface.outlined_share = spec.outlined_share
        PAGE_BUILDERS[kind](surface, spec.identity, rng, [])
        truths.append(surface.finish(kind))
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return truths


def make_scanned_pdf(identity: Identity, kinds: Sequence[str], seed: int, path: Path) -> None:
    """An image-only PDF (a scan) of ``kinds``, one JPEG per page."""
    rng = np.random.default_rng(seed)
    write_scanned_pdf([make_page(kind, identity, rng, dpi=100) for kind in kinds], path)


# ------------------------------------------------------------------------- broken files (item 8)
def truncate_pdf(src: Path, dst: Path, fraction: float) -> None:
    """``src`` cut after ``fraction`` of its bytes, as an interrupted transfer leaves it."""
    data = src.read_bytes()
    dst.write_bytes(data[: max(1, int(len(data) * fraction))])


_STARTXREF = re.compile(rb"startxref\s+(\d+)")


def break_xref(src: Path, dst: Path, shift: int = 7) -> None:
    """``src`` with every cross-reference offset (and startxref) off by ``shift`` bytes, objects
    untouched: MuPDF must rebuild the table, and every page is still whole."""
    data = src.read_bytes()
    pos = data.rfind(b"startxref")
    if pos < 0 or b"\nxref" not in data:
        raise ValueError("needs a PDF with a classic xref table (save with use_objstms=0)")

    def shifted(match: re.Match[bytes]) -> bytes:
        return b"%010d %s n" % (int(match.group(1)) + shift, match.group(2))

    body = re.sub(rb"(\d{10}) (\d{5}) n", shifted, data[:pos])
    tail = _STARTXREF.sub(lambda m: b"startxref\n%d" % (int(m.group(1)) + shift), data[pos:])
    dst.write_bytes(body + tail)


# --------------------------------------------------------------------------------- corpus
def build_pdf_corpus(out_dir: Path, n_files: int, seed: int, outlined_share: float = 0.3) -> Path:
    """``n_files`` Word/WPS-style PDFs (1-3 pages, every seal style in turn, a share of names
    and units drawn as glyph outlines); a truth.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    files = []
    for n in range(n_files):
        style = SEAL_STYLES[n % len(SEAL_STYLES)]
        kinds = tuple(
            SEAL_PAGE_KINDS[int(i)] for i in rng.integers(len(SEAL_PAGE_KINDS), size=1 + n % 3)
        )
        identity = IDENTITIES[int(rng.integers(len(IDENTITIES)))]
        path = out_dir / f"word_{seed}_{n:03d}_{style}.pdf"
        spec = WordPdfSpec(identity, kinds, style, seed * 1000 + n, outlined_share)
        truths = make_word_pdf(spec, path)
        files.append(
            {
                "file": path.name,
                "seal_style": style,
                "identity": {"name": identity.name, "unit": identity.unit},
                "pages": [t.to_dict(i + 1) for i, t in enumerate(truths)],
                "seals": sum(it.kind == "seal" for t in truths for it in t.items),
                "targets": sum(it.kind in TARGET_KINDS for t in truths for it in t.items),
            }
        )
    manifest = out_dir / "truth.json"
    manifest.write_text(json.dumps({"seed": seed, "files": files}, ensure_ascii=False, indent=1))
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(build_pdf_corpus(args.out_dir, args.files, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
