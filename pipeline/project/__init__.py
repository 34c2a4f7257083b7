"""The project's files: sources, catalogs, caches and build state, read and written."""
