"""Benchmark of ``redactor verify`` on applicant-masked files with known truth.

    python -m bench.verify --seed 5 --per-style 2 [--mask-outputs 4] [--json out.json]

The corpus (samples/synth_verify.py): raster pages masked in every clean style (must pass) and
in every leaking style (must fail with the leaking target's reason), born-digital PDFs with each
structure leak (must fail) or redacted properly (must pass), JPEGs with the applicant in EXIF,
and ``redactor mask``'s own outputs of fresh generated pages (must pass). Reported per family
and style: leaking pages caught, clean pages passed, false passes (the critical number), false
fails, failures for the wrong reason, and seconds per page; with ``--mask-outputs`` also what
mask's self-check costs (the same pages masked with ``--check off`` and ``near``).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from redactor.api import redact_paths
from redactor.options import Identity, MaskOptions
from redactor.verify.run import verify_file
from samples.synth import IDENTITIES, load_face_photos, make_page, write_page
from samples.synth_verify import Case, build_verify_corpus

DPI = 120


@dataclass
class Tally:
    leaking: int = 0
    caught: int = 0
    right_reason: int = 0
    clean: int = 0
    passed: int = 0
    seconds: float = 0.0
    pages: int = 0
    misses: list[str] = field(default_factory=list)

    def row(self) -> dict:
        return {
            "leaking": self.leaking,
            "caught": self.caught,
            "false_passes": self.leaking - self.caught,
            "right_reason": self.right_reason,
            "clean": self.clean,
            "passed": self.passed,
            "false_fails": self.clean - self.passed,
            "sec_per_page": round(self.seconds / max(self.pages, 1), 1),
            "misses": self.misses,
        }


def _identity(case: Case) -> Identity:
    idt = case.identity
    assert idt is not None
    return Identity(idt.name, idt.unit, unit_aliases=(idt.unit_english,))


def judge(
    case: Case, options: MaskOptions, file_only: bool = False
) -> tuple[bool, set[str], float, int]:
    t0 = time.perf_counter()
    if file_only:
        return _judge_file_only(case, options, t0)
    verdicts = verify_file(case.path, Path(case.path.name), _identity(case), options)
    seconds = time.perf_counter() - t0
    ok = all(v.ok for v in verdicts)
    codes = {r.code for v in verdicts for r in v.reasons if r.severity == "fail"}
    return ok, codes, seconds, max(1, len([v for v in verdicts if v.page > 0]))


def _judge_file_only(
    case: Case, options: MaskOptions, t0: float
) -> tuple[bool, set[str], float, int]:
    """The file-level checks alone (PDF structure, image metadata): no page is OCR'd, so a
    machine too busy for the full benchmark can still measure the structure leaks."""
    from redactor.verify.image_meta import image_metadata_reasons
    from redactor.verify.pdf_structure import pdf_structure_reasons

    identity = _identity(case)
    if case.path.suffix == ".pdf":
        reasons = [
            r
            for rs in pdf_structure_reasons(case.path, identity, options, case.path.name).values()
            for r in rs
        ]
    else:
        reasons = image_metadata_reasons(case.path, identity)
    codes = {r.code for r in reasons if r.severity == "fail"}
    return not codes, codes, time.perf_counter() - t0, 1


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the machine is shared: wall
    clock says more about the others' load than about the check)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def mask_output_cases(out_dir: Path, n: int, seed: int) -> tuple[list[Case], dict]:
    """Fresh pages masked by ``redactor mask`` (self-check on); also times the check."""
    photos = load_face_photos()
    raw = out_dir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    per_identity: dict[int, list[Path]] = defaultdict(list)
    kinds = ("form", "appraisal", "certificate", "photos", "paper", "summary")
    for i in range(n):
        rng = np.random.default_rng([seed, i, 23])
        j = int(rng.integers(len(IDENTITIES)))
        page = make_page(kinds[i % len(kinds)], IDENTITIES[j], rng, dpi=DPI, photos=photos)
        folder = raw / f"id{j}"
        folder.mkdir(exist_ok=True)
        path = folder / f"m{i:03d}.png"
        write_page(page, path, "png")
        per_identity[j].append(path)
    cases: list[Case] = []
    cost = {"off": 0.0, "near": 0.0, "pages": 0, "second_passes": 0}
    for j, paths in per_identity.items():
        idt = IDENTITIES[j]
        identity = Identity(idt.name, idt.unit, unit_aliases=(idt.unit_english,))
        for check in ("off", "near"):
            dest = out_dir / f"masked_{check}" / f"id{j}"
            t0 = _cpu()
            result = redact_paths(paths, dest, identity, MaskOptions(dpi=DPI, check=check), jobs=1)
            cost[check] += _cpu() - t0
            if check == "near":
                cost["pages"] += len(result.pages)
                cost["second_passes"] += sum(
                    1 for p in result.pages if p.self_check and p.self_check.get("passes")
                )
                for p in paths:
                    cases.append(Case(dest / p.name, "mask_output", "mask", True, (), 1, idt))
    return cases, cost


def run(
    seed: int, per_style: int, mask_outputs: int, structure: bool, file_only: bool = False
) -> dict:
    options = MaskOptions(dpi=DPI)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        out = Path(tmp)
        cases = build_verify_corpus(out / "corpus", seed, per_style, structure)
        cost = None
        if mask_outputs:
            more, cost = mask_output_cases(out / "mask", mask_outputs, seed)
            cases += more
        if file_only:
            cases = [c for c in cases if c.family in ("structure", "exif")]
        for case in cases:
            ok, codes, seconds, pages = judge(case, options, file_only)
            t = tallies[(case.family, case.style)]
            t.seconds += seconds
            t.pages += pages
            label = f"{case.path.name}:{case.leak_kind}:{sorted(codes)}"
            if case.should_pass:
                t.clean += 1
                t.passed += ok
                if not ok:
                    t.misses.append(label)
            else:
                t.leaking += 1
                t.caught += not ok
                right = bool(codes & set(case.codes))
                t.right_reason += (not ok) and right
                if ok or not right:
                    t.misses.append(label)
            print(
                f"{case.path.name:34} expect={'pass' if case.should_pass else 'fail'} "
                f"got={'pass' if ok else 'fail'} {sorted(codes)} {seconds:.1f}s",
                flush=True,
            )
    rows = {f"{fam}/{style}": t.row() for (fam, style), t in sorted(tallies.items())}
    total = Tally()
    for t in tallies.values():
        for k in ("leaking", "caught", "right_reason", "clean", "passed", "pages"):
            setattr(total, k, getattr(total, k) + getattr(t, k))
        total.seconds += t.seconds
    structure_fp = sum(
        t.leaking - t.caught for (fam, _), t in tallies.items() if fam == "structure"
    )
    return {
        "seed": seed,
        "rows": rows,
        "total": {**total.row(), "misses": []},
        "leaking_caught_share": round(total.caught / max(total.leaking, 1), 4),
        "clean_passed_share": round(total.passed / max(total.clean, 1), 4),
        "structure_false_passes": structure_fp,
        "self_check_cost": cost
        and {**cost, "near_over_off": round(cost["near"] / max(cost["off"], 1e-9) - 1, 3)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--per-style", type=int, default=2)
    ap.add_argument("--mask-outputs", type=int, default=0)
    ap.add_argument("--no-structure", action="store_true")
    ap.add_argument(
        "--file-only",
        action="store_true",
        help="PDF structure and image metadata cases, judged by the file-level checks alone",
    )
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    report = run(
        args.seed, args.per_style, args.mask_outputs, not args.no_structure, args.file_only
    )
    print(f"{'family/style':28} leak caught FP  right clean pass FF  s/page")
    for name, r in report["rows"].items():
        print(
            f"{name:28} {r['leaking']:4} {r['caught']:6} {r['false_passes']:3} "
            f"{r['right_reason']:5} {r['clean']:5} {r['passed']:4} {r['false_fails']:3} "
            f"{r['sec_per_page']:6}"
        )
    print(
        f"leaking caught {report['leaking_caught_share']:.1%}, clean passed "
        f"{report['clean_passed_share']:.1%}, structure false passes "
        f"{report['structure_false_passes']}; self-check cost {report['self_check_cost']}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
