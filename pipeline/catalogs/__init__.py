"""Segments -> gettext templates and catalogs: the model, merge, completeness, PO files."""
