"""Detectors: each turns a page (or its text) into ``list[Finding]``; none of them masks."""
