"""`python -m bench.text`: names before ordinary words, identifiers and blank signature fields
(issue 10 items 1, 9 and 7) on pages from samples.synth_text, read by real OCR.

Figures per seed: names masked and longer names left visible (text layer: exact lines; OCR: drawn
pages, clean and degraded), identifiers masked with --term / --mask-ids and invalid numbers left
alone, blank signature fields with no region and signed ones covered.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from redactor.detect.identifiers import find_identifiers
from redactor.detect.match import dedupe, find_identity
from redactor.detect.signature import find_signatures
from redactor.detect.text import ocr_page
from redactor.mask import region_for
from redactor.options import Identity, MaskOptions
from redactor.types import NAME, Finding, Page, TextLine
from samples import synth
from samples import synth_text as st

OPTIONS = MaskOptions()
DEGRADATIONS: dict[str, Callable[[synth.SynthPage, np.random.Generator], synth.SynthPage]] = {
    "clean": lambda p, r: p,
    "photocopy": synth.photocopy,
    "phone": synth.phone_photo,
    "lowres": synth.low_res,
    "tilt": synth.tilt,
}


def truth_mask(item: synth.Item, shape: tuple[int, ...]) -> np.ndarray:
    h, w = shape[:2]
    mask = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(mask, np.round(np.asarray(item.quad) * [w, h]).astype(np.int32), 1)
    return mask.astype(bool)


def filled(findings: Sequence[Finding], shape: tuple[int, ...]) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    for f in findings:
        cv2.fillPoly(mask, [np.round(np.asarray(region_for(f, OPTIONS))).astype(np.int32)], 1)
    return mask.astype(bool)


def covered(item: synth.Item, fill: np.ndarray) -> float:
    region = truth_mask(item, fill.shape)
    return float((fill & region).sum()) / max(1, int(region.sum()))


def page_of(sp: synth.SynthPage) -> Page:
    return Page("bench", 1, sp.image, float(sp.dpi))


def _identity(idt: synth.Identity, terms: tuple[str, ...] = ()) -> Identity:
    return Identity(name=idt.name, unit=idt.unit, terms=terms)


# ----------------------------------------------------------------------------------- names
PhraseMaker = Callable[[synth.Identity, np.random.Generator, int], list[st.Phrase]]


def names_text_layer(
    seed: int,
    n: int,
    phrases: PhraseMaker = st.name_phrases,
    identities: Sequence[synth.Identity] = synth.IDENTITIES,
) -> dict:
    """Every phrase as an exact line (as a PDF text layer gives it): per category, names masked
    and longer names left visible."""
    from tests.conftest import make_line

    rng = np.random.default_rng(seed)
    tally: Counter[str] = Counter()
    misses: list[str] = []
    for i in range(n):
        idt = identities[i % len(identities)]
        identity = _identity(idt)
        for phrase in phrases(idt, rng, 12):
            line = make_line(phrase.text)
            found = [f for f in find_identity([line], identity) if f.kind == NAME]
            pos = 0
            for text, kind in phrase.parts:
                lo, hi = line.chars[pos].quad.bbox.x0, line.chars[pos + len(text) - 1].quad.bbox.x1
                pos += len(text)
                hit = any(f.bbox.x0 < hi - 1 and f.bbox.x1 > lo + 1 for f in found)
                if kind == "name":
                    tally["names"] += 1
                    tally["names_masked"] += hit
                    if not hit:
                        misses.append(phrase.text)
                elif kind == "other_name":
                    tally["longer"] += 1
                    tally["longer_visible"] += not hit
                    tally[f"longer_{phrase.category}"] += 1
                    tally[f"longer_{phrase.category}_visible"] += not hit
    return {**tally, "missed": misses[:20]}


def names_ocr(
    seed: int,
    pages: int,
    degradations: Sequence[str],
    phrases_of: PhraseMaker = st.name_phrases,
    identities: Sequence[synth.Identity] = synth.IDENTITIES,
) -> dict:
    """Phrase pages drawn with real fonts, degraded, read by OCR."""
    rng = np.random.default_rng(seed)
    tally: Counter[str] = Counter()
    misses: list[str] = []
    for i in range(pages):
        idt = identities[i % len(identities)]
        deg = degradations[i % len(degradations)]
        phrases = phrases_of(idt, rng, 24)
        sp = DEGRADATIONS[deg](st.draw_lines([p.parts for p in phrases], rng), rng)
        ocr = ocr_page(page_of(sp))
        found = [f for f in find_identity(ocr.lines, _identity(idt)) if f.kind == NAME]
        fill = filled(found, sp.image.shape)
        for item in sp.items:
            share = covered(item, fill)
            if item.kind == "name":
                tally["names"] += 1
                tally[f"names_{deg}"] += 1
                ok = share >= 0.9
                tally["names_masked"] += ok
                tally[f"names_{deg}_masked"] += ok
                if not ok:
                    misses.append(_line_text(ocr.lines, item, sp.image.shape))
            elif item.kind == "other_name":
                tally["longer"] += 1
                tally["longer_visible"] += share < 0.1
    return {**tally, "missed": misses[:20]}


def _line_text(lines: list[TextLine], item: synth.Item, shape: tuple[int, ...]) -> str:
    h, w = shape[:2]
    cy = float(np.mean(np.asarray(item.quad)[:, 1])) * h
    cx = float(np.mean(np.asarray(item.quad)[:, 0])) * w
    for line in lines:
        b = line.quad.bbox
        if b.y0 <= cy <= b.y1 and b.x0 <= cx <= b.x1:
            return line.text
    return f"<not read: {item.text}>"


# ----------------------------------------------------------------------------- identifiers
def identifiers_ocr(seed: int, pages: int, degradations: Sequence[str]) -> dict:
    rng = np.random.default_rng(seed)
    tally: Counter[str] = Counter()
    misses: list[str] = []
    for i in range(pages):
        idt = synth.IDENTITIES[i % len(synth.IDENTITIES)]
        deg = degradations[i % len(degradations)]
        sp, own_id, own_mobile = st.make_id_page(idt, rng)
        sp = DEGRADATIONS[deg](sp, rng)
        lines = ocr_page(page_of(sp)).lines
        identity = _identity(idt, (own_id, own_mobile))
        by_term = [f for f in find_identity(lines, identity) if f.kind == "identifier"]
        by_ids = dedupe([*by_term, *find_identifiers(lines)])
        fill_term, fill_ids = filled(by_term, sp.image.shape), filled(by_ids, sp.image.shape)
        for item in sp.items:
            if item.kind not in ("identifier", "other_identifier", "invalid_identifier"):
                continue
            t, m = covered(item, fill_term) >= 0.9, covered(item, fill_ids) >= 0.9
            tally[item.kind] += 1
            tally[f"{item.kind}_masked_by_term"] += t
            tally[f"{item.kind}_masked_by_mask_ids"] += m
            if item.kind != "invalid_identifier" and not m:
                misses.append(f"{deg}: {_line_text(lines, item, sp.image.shape)}")
    return {**tally, "missed": misses[:20]}


# ------------------------------------------------------------------------ signature fields
def signature_fields(seed: int, pages: int, degradations: Sequence[str]) -> dict:
    rng = np.random.default_rng(seed)
    tally: Counter[str] = Counter()
    wrong: list[str] = []
    for i in range(pages):
        idt = synth.IDENTITIES[i % len(synth.IDENTITIES)]
        deg = degradations[i % len(degradations)]
        # Every degradation, then blank and signed, then every frame.
        signed = (i // len(degradations)) % 2 == 1
        frame = st.FIELD_FRAMES[(i // (2 * len(degradations))) % len(st.FIELD_FRAMES)]
        sp = st.make_signature_field_page(idt, rng, signed=signed, frame=frame)
        sp = DEGRADATIONS[deg](sp, rng)
        ocr = ocr_page(page_of(sp))
        found = find_signatures(ocr.lines, sp.image, ocr.rotation)
        if signed:
            fill = filled(found, sp.image.shape)
            for item in sp.items:
                if item.kind == "signature":
                    tally["signed"] += 1
                    ok = covered(item, fill) >= 0.99
                    tally["signed_covered"] += ok
                    if not ok:
                        wrong.append(f"signed {frame} {deg}")
        else:
            tally["blank_pages"] += 1
            tally["blank_pages_with_region"] += bool(found)
            tally[f"blank_{frame}"] += 1
            tally[f"blank_{frame}_with_region"] += bool(found)
            if found:
                wrong.append(f"blank {frame} {deg}: {[f.text for f in found]}")
    return {**tally, "wrong": wrong[:20]}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--pages", type=int, default=10, help="pages per part (OCR is slow)")
    ap.add_argument("--lines", type=int, default=60, help="identities x 12 text-layer phrases")
    ap.add_argument(
        "--degrade", default="clean,photocopy,phone,lowres,tilt", help="comma-separated"
    )
    ap.add_argument(
        "--only",
        default="names_text,names_latin,names_parts,names_ocr,names_parts_ocr,ids,signatures",
    )
    args = ap.parse_args(argv)
    degs = args.degrade.split(",")
    parts = {
        "names_text": lambda: names_text_layer(args.seed, args.lines),
        "names_ocr": lambda: names_ocr(args.seed, args.pages, degs),
        # Reference lists (Wang, W., Li, Q. (2024)): the applicant surname-first with a comma
        # masked, namesakes with another initial left visible. Its own draws: the other parts'
        # pages stay the same.
        "names_latin": lambda: names_text_layer(args.seed, args.lines, st.latin_references),
        # Names in parts (古丽娜尔·吐尔逊) with every joiner, and their own first part alone.
        "names_parts": lambda: names_text_layer(
            args.seed, args.lines, st.parts_phrases, st.PARTS_IDENTITIES
        ),
        "names_parts_ocr": lambda: names_ocr(
            args.seed, args.pages, degs, st.parts_phrases, st.PARTS_IDENTITIES
        ),
        "ids": lambda: identifiers_ocr(args.seed, args.pages, degs),
        "signatures": lambda: signature_fields(args.seed, args.pages, degs),
    }
    result = {"seed": args.seed, "pages": args.pages}
    for name in args.only.split(","):
        result[name] = parts[name]()
        print(json.dumps({name: result[name]}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
