"""redactor: mask the applicant's name, work unit and signature in blind-review attachments."""

from redactor.options import Identity, MaskOptions

__version__ = "0.1.0"
__all__ = ["Identity", "MaskOptions", "__version__"]
