"""PDFs cut short or with a broken cross-reference table (issue 10, item 8).

MuPDF repairs a truncated PDF and renders what is left: a page whose content or image was cut off
comes out blank or partial without an error. Such a file must be an error row (``corrupt``,
exit 3), never a clean-looking page; a PDF whose xref offsets are merely wrong, with every object
intact, is repaired and processed as usual.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from redactor.cli import main
from redactor.errors import CorruptInputError, ExitCode
from redactor.sources import iter_pages, open_source
from samples.synth import IDENTITIES
from samples.synth_pdf import (
    WordPdfSpec,
    break_xref,
    make_scanned_pdf,
    make_word_pdf,
    truncate_pdf,
)

IDENTITY = IDENTITIES[0]
ARGS = ["--name", IDENTITY.name, "--unit", IDENTITY.unit, "-q"]
DPI = 40  # page pictures only compared with each other: low resolution keeps this quick
FRACTIONS = [round(f, 2) for f in np.arange(0.10, 0.96, 0.05)]


@pytest.fixture(scope="module")
def whole_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Intact PDFs: born-digital of 1 and 3 pages, scanned of 2 and 5 pages."""
    folder = tmp_path_factory.mktemp("whole")
    pdfs = {
        "word1": folder / "word1.pdf",
        "word3": folder / "word3.pdf",
        "scan2": folder / "scan2.pdf",
        "scan5": folder / "scan5.pdf",
    }
    make_word_pdf(WordPdfSpec(IDENTITY, ("appraisal",), "png_alpha", 1), pdfs["word1"])
    kinds3 = ("form", "certificate", "appraisal")
    make_word_pdf(WordPdfSpec(IDENTITY, kinds3, "vector_paths", 2), pdfs["word3"])
    make_scanned_pdf(IDENTITY, ("appraisal", "plain"), 3, pdfs["scan2"])
    make_scanned_pdf(IDENTITY, ("form", "plain", "paper", "summary", "photos"), 4, pdfs["scan5"])
    return pdfs


def rendered(path: Path) -> list[np.ndarray]:
    return [page.image for page in iter_pages(open_source(path), path.name, DPI, 10**9)]


def cuts(path: Path) -> list[int]:
    """Cut points: fractions of the length, and right after objects (no half object to warn)."""
    data = path.read_bytes()
    ends = [m.end() for m in re.finditer(rb"endobj\s*", data)]
    return sorted({int(len(data) * f) for f in FRACTIONS} | set(ends[:: max(1, len(ends) // 8)]))


@pytest.mark.parametrize("name", ["word1", "word3", "scan2", "scan5"])
def test_a_cut_pdf_is_refused_or_whole_never_blank(
    name: str, whole_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    source = whole_pdfs[name]
    want = rendered(source)
    data = source.read_bytes()
    refused = 0
    for cut in cuts(source):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(data[:cut])
        try:
            got = rendered(path)
        except CorruptInputError:
            refused += 1
            continue
        # Accepted: then every page is there and drawn exactly as in the whole file.
        assert len(got) == len(want), f"cut at {cut / len(data):.2f}: pages missing"
        for number, (a, b) in enumerate(zip(got, want, strict=True), start=1):
            assert a.shape == b.shape and np.array_equal(a, b), (
                f"cut at {cut / len(data):.2f}: page {number} is blank or partial"
            )
    assert refused >= len(FRACTIONS)  # every cut inside the objects was refused


def test_a_pdf_with_a_broken_xref_but_whole_objects_is_processed(
    whole_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    import pymupdf

    plain = tmp_path / "plain.pdf"
    with pymupdf.open(whole_pdfs["word3"]) as doc:
        doc.save(plain, garbage=0, use_objstms=0)  # a classic xref table to break
    broken = tmp_path / "broken.pdf"
    break_xref(plain, broken)
    with pymupdf.open(broken) as doc:
        assert doc.is_repaired  # MuPDF did have to rebuild the table
    want = rendered(whole_pdfs["word3"])
    got = rendered(broken)
    assert len(got) == len(want)
    assert all(np.array_equal(a, b) for a, b in zip(got, want, strict=True))


def test_a_pdf_cut_at_half_is_an_error_row_and_exit_3(
    whole_pdfs: dict[str, Path], tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    truncate_pdf(whole_pdfs["word1"], src / "cut.pdf", 0.5)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["mask", str(src), *ARGS, "--eyes", "off", "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == ExitCode.INPUT_FAILED
    rows = json.loads((out / "audit.json").read_text(encoding="utf-8"))["pages"]
    assert [r["error"].split(":")[0] for r in rows] == ["corrupt"]
    assert not (out / "cut.pdf").exists()  # no half-masked output under the input's name


def test_a_page_tree_naming_missing_pages_is_corrupt() -> None:
    """Found by the loader fuzzer (fuzz/crashes/): listing the pages raised MuPDF's own error,
    which ended as an internal error (exit 1) instead of a corrupt file (exit 3)."""
    damaged = Path(__file__).resolve().parent.parent / "fuzz" / "crashes" / "page-tree-broken.pdf"
    with pytest.raises(CorruptInputError, match="cannot read the PDF's pages"):
        open_source(damaged)
