"""Source document -> segments: the translatable messages of a Markdown document."""
