"""`python -m bench.seals`: the seal detector alone on generated pages, per condition.

For each condition of ``samples.synth.SEAL_CONDITIONS`` it generates N pages with seals, and it
generates N pages of each distractor kind (red letterheads, frames, titles, table lines, pen marks,
smears, logos; in colour, photographed and photocopied) plus plain text and table pages without any
seal. Only ``find_seals`` runs (no OCR pipeline). A seal counts as found when the union of the
masked outlines covers at least 99% of its true outline inside the page; a finding that covers no
true seal is a false seal. Prints recall per condition, false seals, distractors touched by a mask,
wall and CPU ms/page, seals masked whole (issue 10 conditions: no ink of the seal outside the
fills), and the real seal images when ../shared/realdata is there.

A seal the page's finish erased (a copy that clipped seal and ground to one black) can be neither
found nor read. On the conditions that draw each seal's ink, every page is drawn a second time
without its seals (``samples.synth_seals.seals_left_off``: the same random draws), and a seal
whose ink the final image shows no differently from that page (``OnPageTest``) is counted apart
as "not on the page": listed by page, and left out of the recall printed beside the raw one.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from redactor.detect import seals as seals_mod
from redactor.detect.text import OcrEngine
from redactor.options import Identity
from redactor.types import Finding, Page
from samples import (
    synth,
    synth_avatars,
    synth_grey_rings,
    synth_ocr,
    synth_photo_seals,
    synth_red_certs,
    synth_seals,
    synth_thumbprints,
)
from samples.synth import SynthPage, _ellipse_points

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"
COVER = 0.99
# Issue 10 conditions (samples.synth_seals) also know each seal's ink: a seal is masked whole when
# at most this share of its ink pixels lies outside every fill (no crescent of rim, no half of an
# overlapped seal left to read).
WHOLE_VISIBLE = 0.005


@dataclass(frozen=True)
class OnPageTest:
    """Whether a truth seal is on the final page at all: the share of its ink pixels whose colour
    departs from the same page drawn without it by a just noticeable difference. A red
    certificate's copy that clipped seal and ground to one black departs on 0.05 of them (the
    anti-aliased edge; seeds 741, 761, 771 page 1), the faintest seals found or seen depart on
    0.3-0.5 (name_seal 731/14, a 9 mm rim at 0.02-0.05 of black: 0.32; red_cert 31/1 and 751/3,
    found 4-6 levels off a copy's dark ground: 0.45-0.52)."""

    # CIE76 colour difference (CIELAB, L 0-100) a reader can just tell apart
    min_departure: float = 2.3
    # share of the seal's ink pixels that must depart by that much
    min_share: float = 0.2


ON_PAGE = OnPageTest()

# Real images: expected seal count (from bench/realdata_truth.json) of the ones with seals, plus
# pages that must have none.
REAL = {
    "seals/s10_e_invoice_two_seals.png": 2,
    "seals/s11_vat_invoice_test_sample.jpg": 1,
    "seals/s12_paddlex_seal_text_det_demo.png": 1,
    "seals/s13_vat_invoice_screenshot.jpg": 1,
    "seals/s14_e_invoice_screenshot.png": 2,
    "text/t06_quality_system_certificate.png": 1,
    "text/t05_shareholder_table.jpg": 0,
    "text/t10_idcard_placeholder_rotated180.jpeg": 0,
    "text/t11_contract_no_names_negative.jpg": 0,
}
# Conditions whose pages come with each seal's ink (issue 10's, and round 23's adversarial ones:
# samples.synth_seals.ADVERSARIAL_CONDITIONS, reported apart)
INKED = (
    *synth_seals.SEAL_CONDITIONS_10,
    *synth_seals.ADVERSARIAL_CONDITIONS,
    synth_thumbprints.THUMBPRINT_SEAL,
    synth_photo_seals.PHOTO_CORNER,
    synth_red_certs.RED_CERT,
    synth_grey_rings.GREY_RINGS_SEAL,
)
# Seal pages whose one seal is another body's (for --seals unit, which must leave it visible).
OTHER_BODY = "other_body"
NEGATIVE = {
    "distractor": (),
    "distractor_phone": ("phone",),
    "distractor_grey": ("tilt", "photocopy"),
    "plain_colour": (),
    "plain_grey": ("photocopy",),
    # red filled shapes that are no seal (samples.synth_seals.make_red_block_page): buttons,
    # a red table header row, a logo block, a letterhead, red words
    "red_blocks": (),
    # certificates in vertical columns (samples.synth_seals.make_vertical_text_page): box-shaped
    # glyphs stacked in a column, as drawn and photocopied
    "vertical_text": (),
    "vertical_text_grey": ("tilt", "photocopy"),
    # grey and black things that are no seal on a photocopy (samples.synth_seals.
    # make_grey_block_page): red blocks with white words, a QR code, page numbers in boxes, a
    # bold title, a grey photo, a signature
    "grey_blocks": (),
    # highlighter strokes over lines of print, no seal (samples.synth_seals.
    # make_highlighted_print_page)
    "highlighted_print": (),
    # words and dates ringed by hand on a grey copy, sometimes at 80-100 dpi (samples.
    # synth_seals.make_ringed_word_page)
    "ringed_words_grey": (),
    # red thumbprints (手印) pressed over a signed page's name, date and print, no seal (samples.
    # synth_thumbprints.make_thumbprint_page): as drawn, scanned, photographed, photocopied
    synth_thumbprints.THUMBPRINT: (),
    # an app's screenshot with round name avatars (samples.synth_avatars.make_avatar_page): flat
    # discs with white characters, red ones among them; as saved, as JPEG, photographed
    synth_avatars.AVATARS: (),
    # ...and the same screenshot printed and photocopied (samples.synth_avatars.GREY_FINISHES):
    # grey discs with their characters cut out, which the grey 阴文 search judges
    synth_avatars.AVATARS_GREY: (),
    # certificates on a red ground with gold print and no seal (samples.synth_red_certs): as
    # drawn, photocopied, photographed
    synth_red_certs.RED_CERT_NONE: (),
    # a banner's photo: one bowed line of light glyphs on red cloth over a wall (samples.
    # synth_ocr.make_bowed_banner)
    "red_banner": (),
    # cup rings and pen circles on a grey copy at 100-300 dpi, no seal (samples.synth_grey_rings;
    # probes round 21's p05 and p09 copies)
    synth_grey_rings.GREY_RINGS: (),
}


def truth_polygon(item: dict, w: int, h: int) -> np.ndarray:
    """A seal's true outline in pixels: its ellipse, or its quad (square seals)."""
    if item.get("ellipse") is not None:
        return _ellipse_points(item["ellipse"], 180)
    return np.asarray(item["quad"], float) * [w, h]


def coverage(truth: np.ndarray, outlines: list[np.ndarray], w: int, h: int) -> float:
    """Share of the truth polygon's pixels inside the page that the outlines fill."""
    x0, y0 = np.floor(truth.min(0)).astype(int) - 2
    x1, y1 = np.ceil(truth.max(0)).astype(int) + 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 <= x0 or y1 <= y0:
        return 1.0
    t = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(t, [np.round(truth - [x0, y0]).astype(np.int32)], 1)
    m = np.zeros_like(t)
    for o in outlines:
        cv2.fillConvexPoly(m, np.round(o - [x0, y0]).astype(np.int32), 1)
    n = int(t.sum())
    return 1.0 if n == 0 else float((t & m).sum()) / n


@dataclass
class PageResult:
    condition: str
    index: int = 0
    seals: int = 0
    found: int = 0
    false: int = 0
    touched: int = 0  # red distractors overlapped by a seal mask
    ms: float = 0.0
    # CPU time of the detector alone (wall time varies with the load on a shared machine)
    cpu_ms: float = 0.0
    texts: list[tuple[str, str]] = field(default_factory=list)
    # --seals unit: found seals of the page's unit left visible (a leak), and found seals of
    # other bodies left visible (read clearly) out of those found
    unit_visible: int = 0
    unit_found: int = 0
    other_visible: int = 0
    other_found: int = 0
    # --seals unit: the unit's own seals found but left visible (what was read of each), so a
    # person can trace them page by page
    unit_left: list[dict] = field(default_factory=list)
    false_details: list[dict] = field(default_factory=list)
    true_details: list[dict] = field(default_factory=list)
    # what a person needs to trace a failure: the missed seals' shapes and how much of each was
    # covered; each false seal's box and the distractors it lies on
    misses: list[dict] = field(default_factory=list)
    # issue 10 conditions: seals with no ink left outside the fills, and the worst visible share
    whole: int = 0
    worst_visible: float = 0.0
    # truth seals the final image does not show (OnPageTest), of them those found anyway, and
    # each one's box and share of its ink shown
    absent: int = 0
    absent_found: int = 0
    not_on_page: list[dict] = field(default_factory=list)


def ink_visible(ink: np.ndarray, outlines: list[np.ndarray]) -> float:
    """Share of a seal's ink pixels that no fill covers."""
    n = int(ink.sum())
    if n == 0:
        return 0.0
    filled = np.zeros(ink.shape, np.uint8)
    for o in outlines:
        cv2.fillConvexPoly(filled, np.round(o).astype(np.int32), 1)
    return float((ink & (1 - filled)).sum()) / n


def _lab(image: np.ndarray) -> np.ndarray:
    """CIELAB with L on 0-100 (OpenCV's 8-bit L is 0-255), a and b as OpenCV gives them."""
    return cv2.cvtColor(image, cv2.COLOR_RGB2LAB).astype(np.float32) * np.float32([100 / 255, 1, 1])


def ink_shown(image: np.ndarray, bare: np.ndarray, ink: np.ndarray) -> float:
    """Share of a seal's ink pixels whose colour in ``image`` departs from ``bare`` (the same
    page drawn without its seals) by OnPageTest.min_departure or more."""
    ys, xs = np.nonzero(ink)
    if ys.size == 0:
        return 0.0
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    d = np.linalg.norm(_lab(image[y0:y1, x0:x1]) - _lab(bare[y0:y1, x0:x1]), axis=2)
    return float((d[ink[y0:y1, x0:x1] > 0] >= ON_PAGE.min_departure).mean())


def seals_shown(
    image: np.ndarray, bare: np.ndarray, items: list[dict], inks: list[np.ndarray]
) -> list[float]:
    """For each truth seal of ``items`` (in order), the share of its ink the final image shows
    (ink_shown); its ink is the mask of ``inks`` with most of its pixels inside the seal's
    outline (1.0 where no ink lies in it: nothing to measure, so counted as on the page)."""
    h, w = image.shape[:2]
    out = []
    for it in (i for i in items if i["kind"] == "seal"):
        inside = np.zeros((h, w), np.uint8)
        cv2.fillPoly(inside, [np.round(truth_polygon(it, w, h)).astype(np.int32)], 1)
        held = [float((ink & inside).sum()) for ink in inks]
        k = int(np.argmax(held)) if held else -1
        out.append(ink_shown(image, bare, inks[k]) if k >= 0 and held[k] > 0 else 1.0)
    return out


def score(
    condition: str,
    image: np.ndarray,
    items: list[dict],
    found: list[Finding],
    identity: Identity | None = None,
    shown: list[float] | None = None,
) -> PageResult:
    """A page's figures. ``shown``: for each truth seal, the share of its ink the final image
    shows (seals_shown); a seal under OnPageTest.min_share is counted apart (not on the page)."""
    h, w = image.shape[:2]
    res = PageResult(condition)
    outlines = [np.asarray(f.outline, float) for f in found]
    seal_items = [i for i in items if i["kind"] == "seal"]
    truths = [truth_polygon(it, w, h) for it in seal_items]
    res.seals = len(truths)
    shown = [1.0] * len(truths) if shown is None else shown
    to_mask = [] if identity is None else seals_mod.seals_to_mask_for_unit(found, identity)
    for it, t, part in zip(seal_items, truths, shown, strict=True):
        covered = coverage(t, outlines, w, h)
        box = [round(float(v)) for v in (*t.min(0), *t.max(0))]
        absent = part < ON_PAGE.min_share
        if absent:
            res.absent += 1
            res.absent_found += covered >= COVER
            res.not_on_page.append({"box": box, "shown": round(part, 3)})
        if covered >= COVER:
            res.found += 1
        else:
            shape = "square" if it.get("ellipse") is None else "ellipse"
            miss = {"shape": shape, "covered": round(covered, 3), "box": box}
            res.misses.append({**miss, "on_page": not absent})
        each = [coverage(t, [o], w, h) for o in outlines]
        if each:
            k = int(np.argmax(each))
            best = found[k]
            res.texts.append((it["text"], best.text))
            if identity is not None and each[k] > 0.5:
                visible = best not in to_mask
                if it["text"] == identity.unit:
                    res.unit_found += 1
                    res.unit_visible += visible
                    if visible:
                        box = [round(float(v)) for v in (*t.min(0), *t.max(0))]
                        res.unit_left.append({"box": box, "read": best.text})
                else:
                    res.other_found += 1
                    res.other_visible += visible
    for f, o in zip(found, outlines, strict=True):
        if not any(coverage(t, [o], w, h) > 0.5 for t in truths):
            res.false += 1
            under = [
                it["text"]
                for it in items
                if it["kind"] == "red_distractor"
                and coverage(o, [np.asarray(it["quad"], float) * [w, h]], w, h) > 0.2
            ]
            box = [round(float(v)) for v in (*o.min(0), *o.max(0))]
            res.false_details.append({**f.detail, "box": box, "on_distractors": under})
        else:
            res.true_details.append(f.detail)
    for it in items:
        if it["kind"] == "red_distractor":
            q = np.asarray(it["quad"], float) * [w, h]
            if outlines and coverage(q, outlines, w, h) > 0.2:
                res.touched += 1
    return res


def bench_page(condition: str, seed: int, i: int) -> SynthPage:
    """Page ``i`` of a condition, the same on every run (tests pin pages that once failed)."""
    rng = np.random.default_rng([seed, i, sum(map(ord, condition))])
    idt = synth.IDENTITIES[i % len(synth.IDENTITIES)]
    if condition == OTHER_BODY:  # a crisp seal of the next identity's unit, not the page's own
        other = synth.IDENTITIES[(i + 1) % len(synth.IDENTITIES)]
        return synth.make_seal_page("crisp", replace(idt, unit=other.unit), rng)
    if condition in synth.SEAL_CONDITIONS:
        return synth.make_seal_page(condition, idt, rng)
    if condition == "red_blocks":
        return synth_seals.make_red_block_page(idt, rng)
    if condition.startswith("vertical_text"):
        page = synth_seals.make_vertical_text_page(idt, rng)
        return synth.degrade(page, NEGATIVE[condition], rng)
    if condition == "grey_blocks":
        return synth_seals.make_grey_block_page(idt, rng)
    if condition == "highlighted_print":
        return synth_seals.make_highlighted_print_page(idt, rng)
    if condition == "ringed_words_grey":
        return synth_seals.make_ringed_word_page(idt, rng)
    if condition == synth_thumbprints.THUMBPRINT:
        return synth_thumbprints.make_thumbprint_page(idt, rng, i)
    if condition in (synth_avatars.AVATARS, synth_avatars.AVATARS_GREY):
        grey = condition == synth_avatars.AVATARS_GREY
        return synth_avatars.make_avatar_page(idt, rng, i, grey=grey)
    if condition == synth_red_certs.RED_CERT_NONE:
        return synth_red_certs.make_red_certificate_page(idt, rng, i, seal=False)[0]
    if condition == synth_grey_rings.GREY_RINGS:
        return synth_grey_rings.make_grey_ring_page(idt, rng, i)[0]
    if condition == "red_banner":
        image, _ = synth_ocr.make_bowed_banner(idt, rng)
        return SynthPage(image, [], needs_masking=True, kind="banner", dpi=150)
    if condition.startswith("distractor"):
        return synth.make_distractor_page(idt, rng, degradations=NEGATIVE[condition])
    kind = ("plain", "summary", "paper", "photos")[i % 4]
    return synth.degrade(synth.make_page(kind, idt, rng), NEGATIVE[condition], rng)


def inked_page(condition: str, seed: int, i: int) -> tuple[SynthPage, list[np.ndarray]]:
    """Page ``i`` of a condition that draws each seal's ink, with those inks (page pixels)."""
    rng = np.random.default_rng([seed, i, sum(map(ord, condition))])
    idt = synth.IDENTITIES[i % len(synth.IDENTITIES)]
    if condition == synth_thumbprints.THUMBPRINT_SEAL:
        return synth_thumbprints.make_thumbprint_seal_page(idt, rng, i)
    if condition == synth_photo_seals.PHOTO_CORNER:
        return synth_photo_seals.make_photo_corner_page(idt, rng, i)
    if condition == synth_red_certs.RED_CERT:
        return synth_red_certs.make_red_certificate_page(idt, rng, i)
    if condition == synth_grey_rings.GREY_RINGS_SEAL:
        return synth_grey_rings.make_grey_ring_page(idt, rng, i, seal=True)
    return synth_seals.make_page(condition, idt, rng, i)


def run_one(job: tuple[str, int, int]) -> PageResult:
    condition, seed, i = job
    inks: list[np.ndarray] = []
    shown: list[float] | None = None
    if condition in (*INKED, *synth_seals.NAME_SEAL_CONDITIONS):
        page, inks = inked_page(condition, seed, i)
        with synth_seals.seals_left_off():
            bare, _ = inked_page(condition, seed, i)
    else:
        page = bench_page(condition, seed, i)
    items = [it.to_dict() for it in page.items]
    if inks:
        shown = seals_shown(page.image, bare.image, items, inks)
    OcrEngine.get()  # loaded once per process: not part of a page's time
    t0, c0 = time.perf_counter(), time.process_time()
    found = seals_mod.find_seals(Page("synth", 1, page.image, float(page.dpi)))
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - c0) * 1000
    idt = synth.IDENTITIES[i % len(synth.IDENTITIES)]
    identity = Identity(name=idt.name, unit=idt.unit)
    res = score(condition, page.image, items, found, identity, shown)
    res.index, res.ms, res.cpu_ms = i, ms, cpu_ms
    visible = [ink_visible(ink, [np.asarray(f.outline, float) for f in found]) for ink in inks]
    res.whole = sum(v <= WHOLE_VISIBLE for v in visible)
    res.worst_visible = max(visible, default=0.0)
    return res


def real_images() -> list[tuple[str, int, int, list[str], float]]:
    out = []
    for name, want in REAL.items():
        path = REALDATA / name
        if not path.exists():
            continue
        with Image.open(path) as im:
            img = np.asarray(ImageOps.exif_transpose(im).convert("RGB")).copy()
        t0 = time.perf_counter()
        found = seals_mod.find_seals(Page(path.name, 1, img, 0.0))
        ms = (time.perf_counter() - t0) * 1000
        out.append((name, want, len(found), [f.text for f in found], ms))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.seals", description=__doc__)
    ap.add_argument("--pages", type=int, default=20, help="pages per condition")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--only", nargs="*", help="conditions to run (default: all)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    conds = [
        *synth.SEAL_CONDITIONS,
        *synth_seals.SEAL_CONDITIONS_10,
        *synth_seals.NAME_SEAL_CONDITIONS,
        *synth_seals.ADVERSARIAL_CONDITIONS,
        synth_thumbprints.THUMBPRINT_SEAL,
        synth_photo_seals.PHOTO_CORNER,
        synth_red_certs.RED_CERT,
        synth_grey_rings.GREY_RINGS_SEAL,
        OTHER_BODY,
        *NEGATIVE,
    ]
    if args.only:
        conds = [c for c in conds if c in args.only]
    jobs = [(c, args.seed, i) for c in conds for i in range(args.pages)]
    t0 = time.perf_counter()
    if args.jobs > 1:
        with mp.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(run_one, jobs, chunksize=2)
    else:
        results = [run_one(j) for j in jobs]
    wall = time.perf_counter() - t0
    report: dict = {"pages_per_condition": args.pages, "seed": args.seed, "conditions": {}}
    print(
        f"{'condition':18} {'pages':>5} {'seals':>5} {'found':>5} {'recall':>7} "
        f"{'false':>5} {'touched':>7} {'ms/page':>8} {'cpu ms':>7} {'whole':>5} "
        f"{'absent':>6} {'on page':>7}"
    )
    for c in conds:
        rs = [r for r in results if r.condition == c]
        seals = sum(r.seals for r in rs)
        found = sum(r.found for r in rs)
        false = sum(r.false for r in rs)
        touched = sum(r.touched for r in rs)
        ms = float(np.mean([r.ms for r in rs])) if rs else 0.0
        cpu = float(np.mean([r.cpu_ms for r in rs])) if rs else 0.0
        recall = found / seals if seals else float("nan")
        whole = sum(r.whole for r in rs)
        # seals the final image does not show (OnPageTest): apart, and the recall without them
        absent = sum(r.absent for r in rs)
        on_page = seals - absent
        on_recall = (found - sum(r.absent_found for r in rs)) / on_page if on_page else float("nan")
        shown = f" {whole:5d}" if c in INKED else f" {'':5}"
        shown += f" {absent:6d} {on_recall:7.1%}" if absent else ""
        print(
            f"{c:18} {len(rs):5d} {seals:5d} {found:5d} {recall:7.1%} {false:5d} {touched:7d} "
            f"{ms:8.0f} {cpu:7.0f}{shown}"
        )
        report["conditions"][c] = {
            "pages": len(rs),
            "seals": seals,
            "found": found,
            "recall": recall,
            "false_seals": false,
            "distractors_masked": touched,
            "ms_per_page": round(ms, 1),
            "cpu_ms_per_page": round(cpu, 1),
            "not_on_page": absent,
            "recall_on_page": on_recall,
        }
        if c in INKED:
            report["conditions"][c]["whole"] = whole
            report["conditions"][c]["worst_visible"] = {
                r.index: round(r.worst_visible, 3) for r in rs if r.worst_visible > WHOLE_VISIBLE
            }
    failures = (
        [
            (r, "missed" if m["on_page"] else "missed (not on the page)", m)
            for r in results
            for m in r.misses
        ]
        + [(r, "false seal", d) for r in results for d in r.false_details]
        + [(r, "unit seal left visible", d) for r in results for d in r.unit_left]
    )
    if failures:
        print("failures (condition, page index, what):")
        for r, what, d in failures:
            brief = {
                k: v
                for k, v in d.items()
                if k in ("shape", "covered", "box", "on_distractors", "read")
            }
            print(f"  {r.condition:18} {r.index:3d}  {what}: {brief}")
        report["failures"] = [
            {"condition": r.condition, "page": r.index, "what": what, **d}
            for r, what, d in failures
        ]
    absent = [(r, d) for r in results for d in r.not_on_page]
    if absent:
        print("seals not on the page (condition, page index, box, share of ink shown):")
        for r, d in absent:
            print(f"  {r.condition:18} {r.index:3d}  {d['box']}  {d['shown']:.3f}")
    report["not_on_page"] = [{"condition": r.condition, "page": r.index, **d} for r, d in absent]
    seals_unit = [
        sum(getattr(r, k) for r in results)
        for k in ("unit_visible", "unit_found", "other_visible", "other_found")
    ]
    print(
        f"--seals unit: the unit's own seals left visible {seals_unit[0]}/{seals_unit[1]} "
        f"(must be 0); other bodies' seals left visible {seals_unit[2]}/{seals_unit[3]}"
    )
    report["seals_unit"] = dict(
        zip(("unit_visible", "unit_found", "other_visible", "other_found"), seals_unit, strict=True)
    )
    crisp = [r for r in results if r.condition == "crisp"]
    if crisp:
        from rapidfuzz import fuzz

        from redactor.detect.match import normalise

        pairs = [(a, b) for r in crisp for a, b in r.texts]
        good = sum(fuzz.partial_ratio(normalise(a), normalise(b)) >= 80 for a, b in pairs)
        print(f"arc text read (crisp, partial ratio >= 80): {good}/{len(pairs)}")
        report["crisp_text_read"] = [good, len(pairs)]
    real = real_images()
    if real:
        print("real images (want / got, texts, ms):")
        for name, want, got, texts, ms in real:
            print(f"  {name:45} {want} / {got}  {texts}  {ms:.0f} ms")
        report["real"] = [
            {"file": n, "want": a, "got": b, "texts": t, "ms": round(m)} for n, a, b, t, m in real
        ]
    print(f"wall {wall:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
