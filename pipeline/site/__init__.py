"""Published files -> the index page and the manifest."""
