"""Verification of masked files: does anything still show or hold the applicant?

``verify_paths`` checks submitted files (``redactor verify``); ``selfcheck.check_masked_page``
re-reads a page ``mask`` has just painted.
"""
