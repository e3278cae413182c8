"""atheris fuzzing target for the PDF and image loaders (``redactor.sources``).

Every input must give pages or one ``InputError`` (an error row in the audit); any other exception
is a finding. Run briefly by ``make test-all`` (tests/test_faults.py), or by hand for longer:

    python fuzz/fuzz_loaders.py -runs=100000 -max_len=8192 fuzz/corpus

The first byte picks the file's leading signature, so the fuzzer spends its time inside the
loaders rather than on the format sniffer. ``fuzz/crashes/`` keeps what it found, as plain files
(without that first byte): ``page-tree-broken.pdf`` makes ``open_source`` raise pymupdf's
FzErrorFormat ("cannot find page 2 in page tree"), an internal error (exit 1) in a run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from redactor.errors import InputError
    from redactor.sources import iter_pages, open_source

SIGNATURES = (
    b"",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
    b"RIFF\x00\x10\x00\x00WEBPVP8 ",
    b"%PDF-1.7\n",
)
# Small pages only: the fuzzer looks for crashes, not for the memory a 120 Mpx page takes.
MAX_PIXELS = 2_000_000
_FOLDER = Path(tempfile.mkdtemp(prefix="redactor-fuzz-"))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    path = _FOLDER / "input"
    path.write_bytes(SIGNATURES[data[0] % len(SIGNATURES)] + data[1:])
    try:
        source = open_source(path)
        for page in iter_pages(source, "input", 72, MAX_PIXELS):
            assert page.image.ndim == 3
    except InputError:
        pass


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
