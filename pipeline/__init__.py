"""Translate a Markdown document through gettext catalogs and publish it in every language.

The folder is the flowchart; each subpackage imports only those above it here:

    core        errors, findings, project settings, locale knowledge
    adapters    pandoc (the only module that runs it), files (atomic writes, lock)
    extract     source document  -> segments                       (pure, plus a cache)
    catalogs    segments         -> templates; merge; completeness; PO files
    translate   catalog + source -> translated document            (pure)
    render      translated doc   -> HTML page, EPUB, PDF           (templates, WeasyPrint)
    checks      catalogs/outputs -> findings; publishing decisions
    site        published files  -> index page, manifest
    project     the project's files: sources, catalogs, build state, clock
    commands    one module per command, composing the layers above
    cli         prints and picks exit codes
"""

__version__ = "0.1.0"
