"""Exchange formats for translators' tools: catalogs to XLIFF and back."""
