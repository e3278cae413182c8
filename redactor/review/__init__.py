"""``redactor review``: a local page to check and fix masks by hand (see server and edit)."""

from redactor.review.edit import ReviewFolder, edited_plan, save_review
from redactor.review.server import ReviewServer, ReviewSettings

__all__ = ["ReviewFolder", "ReviewServer", "ReviewSettings", "edited_plan", "save_review"]
