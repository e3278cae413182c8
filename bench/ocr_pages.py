"""`python -m bench.ocr_pages`: name/unit recall on long screenshots and sideways landscape forms.

Runs the text pipeline (OCR + matching, no seals or faces) on pages of ``samples.synth_ocr``:
long phone screenshots of each height, and landscape forms under a red letterhead turned by
0/90/180/270 degrees. A target counts as found when masks cover 99% of it (bench.score). Prints
recall per group, the rotation the pages were read at, slivers (findings whose quad is far
thinner than their line) and seconds per page.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import numpy as np

from bench.score import Tally, score_page
from redactor.api import find_on_page
from redactor.mask import region_for
from redactor.options import Identity, MaskOptions
from redactor.types import Page
from samples import synth
from samples.synth_ocr import make_landscape_form, make_long_screenshot

OPTIONS = MaskOptions(seals="off", eyes="off", signatures=False)
HEIGHTS = (4000, 8000, 12000, 16000, 20000)


def _run(page: synth.SynthPage, idt: synth.Identity) -> tuple[Tally, float, int]:
    identity = Identity(idt.name, idt.unit)
    h, w = page.image.shape[:2]
    t0 = time.perf_counter()
    found = find_on_page(Page("bench", 1, page.image, page.dpi), identity, OPTIONS)
    seconds = time.perf_counter() - t0
    tally = Tally()
    polys = [list(map(list, region_for(f, OPTIONS))) for f in found.findings]
    score_page(tally, page.to_dict(), w, h, polys, bool(found.findings))
    return tally, seconds, found.rotation


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--screens", type=int, default=1, help="screenshots per height")
    ap.add_argument("--forms", type=int, default=2, help="landscape forms per turn")
    ap.add_argument("--heights", type=int, nargs="*", default=list(HEIGHTS))
    args = ap.parse_args()
    groups: dict[str, list[tuple[Tally, float, int]]] = defaultdict(list)
    for i in range(args.screens):
        for height in args.heights:
            rng = np.random.default_rng([args.seed, height, i])
            idt = synth.IDENTITIES[int(rng.integers(len(synth.IDENTITIES)))]
            groups[f"screen {height}"].append(_run(make_long_screenshot(idt, rng, height), idt))
    for i in range(args.forms):
        rng = np.random.default_rng([args.seed, 7, i])
        idt = synth.IDENTITIES[int(rng.integers(len(synth.IDENTITIES)))]
        form = make_landscape_form(idt, rng)
        for k in range(4):
            groups[f"landscape turn {k * 90}"].append(_run(synth.sideways(form, rng, k), idt))
    for name, runs in groups.items():
        total = Tally()
        for t, _, _ in runs:
            for kind in ("name", "unit"):
                total.targets[kind] += t.targets[kind]
                total.found[kind] += t.found[kind]
        rec = "  ".join(
            f"{k} {total.found[k]}/{total.targets[k]}" for k in ("name", "unit") if total.targets[k]
        )
        secs = np.mean([s for _, s, _ in runs])
        rots = sorted({r for _, _, r in runs})
        print(f"{name:22s} pages {len(runs):2d}  {rec}  rotation {rots}  {secs:.1f} s/page")


if __name__ == "__main__":
    main()
