"""`python -m bench.faint_print`: faint grey print on photocopied cards, forms and letters.

    python -m bench.faint_print --pages 12 --seed 2501 [--verify]

Pages of samples/synth_faint_print.py (issue 10: the filled-in name and unit at 200-235 grey),
every fourth a control filled in with another person's name and unit. Each page is found and
masked as `redactor mask` does (find_on_page, mask_page); a target counts when at least 99% of
its glyph pixels lie under the fill (the main bench's rule), a distractor is masked when more
than 20% do. ``--verify``: verify's judgment (visible_reasons) of each input (pages with a
target must fail) and each output (must pass). CPU seconds per page are printed too.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from redactor.api import mask_page
from redactor.find import find_on_page
from redactor.options import Identity, MaskOptions
from redactor.types import Page
from redactor.verify.visible import visible_reasons
from samples.synth_faint_print import LAYOUTS, make_faint_page

MA = Identity(name="马晓燕", unit="博乐市第七中学")
RECALL_SHARE = 0.99
DISTRACTOR_SHARE = 0.2
FILL_GREY = 40  # a pixel under the (black) fill: its brightest channel below this


def covered(masked: np.ndarray, labels: np.ndarray, label: int) -> float:
    """Share of the glyph pixels labelled ``label`` the fill turned dark."""
    on = labels == label
    return float((masked.max(axis=2)[on] < FILL_GREY).mean()) if on.any() else 1.0


def run(pages: int, seed: int, verify: bool) -> dict:
    rng = np.random.default_rng(seed)
    options = MaskOptions()
    found = {"name": [0, 0], "unit": [0, 0]}
    distractors = [0, 0]
    inputs_failed, outputs_failed, with_target = 0, 0, 0
    cpu = 0.0
    for i in range(pages):
        control = i % 4 == 3
        drawn = make_faint_page(MA.name, MA.unit, rng, LAYOUTS[i % 3], control=control)
        page = Page(f"f{i}.png", 1, drawn.image, 150.0)
        start = time.process_time()
        findings = find_on_page(page, MA, options).findings
        cpu += time.process_time() - start
        masked = mask_page(page, findings, options)
        misses = []
        for k, (kind, text) in enumerate(drawn.targets):
            share = covered(masked, drawn.labels, k + 1)
            found[kind][1] += 1
            found[kind][0] += share >= RECALL_SHARE
            if share < RECALL_SHARE:
                misses.append(f"{kind} {text} {share:.2f}")
        hit = []
        for j, (kind, text) in enumerate(drawn.distractors):
            share = covered(masked, drawn.labels, -(j + 1))
            distractors[1] += 1
            if share > DISTRACTOR_SHARE:
                distractors[0] += 1
                hit.append(f"{kind} {text} {share:.2f}")
        line = f"{seed}/{i} {drawn.layout}{' control' if control else ''}: "
        line += f"missed {misses} " if misses else ""
        line += f"distractors masked {hit} " if hit else ""
        if verify:
            with_target += bool(drawn.targets)
            failed_in = bool(visible_reasons(page, MA, options))
            out = Page(page.file, 1, masked, 150.0)
            failed_out = bool(visible_reasons(out, MA, options))
            inputs_failed += failed_in and bool(drawn.targets)
            outputs_failed += failed_out
            line += f"verify input {'fails' if failed_in else 'passes'}, output "
            line += "fails" if failed_out else "passes"
        print(line, flush=True)
    return {
        "found": found,
        "distractors": distractors,
        "inputs_failed": (inputs_failed, with_target),
        "outputs_failed": (outputs_failed, pages),
        "cpu_per_page": cpu / pages,
        "verify": verify,
    }


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.faint_print", description=__doc__)
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--seed", type=int, nargs="+", default=[2501])
    ap.add_argument("--verify", action="store_true")
    args = ap.parse_args()
    for seed in args.seed:
        r = run(args.pages, seed, args.verify)
        f = r["found"]
        text = (
            f"seed {seed}: name {f['name'][0]}/{f['name'][1]}, unit {f['unit'][0]}/{f['unit'][1]}"
            f", distractors masked {r['distractors'][0]}/{r['distractors'][1]}"
            f", find CPU {r['cpu_per_page']:.2f} s/page"
        )
        if r["verify"]:
            text += (
                f", inputs failing verify {r['inputs_failed'][0]}/{r['inputs_failed'][1]}"
                f", outputs failing verify {r['outputs_failed'][0]}/{r['outputs_failed'][1]}"
            )
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
