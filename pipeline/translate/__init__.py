"""Catalog + source document -> translated document (and the pseudo-locale)."""
