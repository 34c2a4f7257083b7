"""Translated document -> HTML page, EPUB and PDF, with the page labels of the ui domain."""
