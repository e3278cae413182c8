"""redactor: mask the applicant's name, work unit and signature in blind-review attachments."""

import sys

# pymupdf 2 imports its layout analyser (pymupdf.layout, which loads an ONNX model into
# onnxruntime) and pymupdf4llm whenever pymupdf itself is imported: 2.5 s and onnxruntime in
# every process, before the first page. redactor uses neither, so unless something imported
# pymupdf before us, both are marked absent (pymupdf catches the ImportError and goes on).
if "pymupdf" not in sys.modules:
    for _unused in ("pymupdf.layout", "pymupdf4llm"):
        sys.modules.setdefault(_unused, None)  # type: ignore[assignment]

from redactor.options import Identity, MaskOptions  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Identity", "MaskOptions", "__version__"]
