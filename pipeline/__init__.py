"""Translate a Markdown document through gettext catalogs and publish it in every language.

The folder is the flowchart:

    config      project settings from ``[tool.pipeline]``
    languages   locale knowledge (codes, native names, plural forms, EU order)
    segments    source document  -> translatable segments          (pure)
    catalog     segments         -> template entries; merge; stats (pure)
    translation catalog + source -> translated document            (pure)
    render      translated doc   -> HTML page, EPUB, PDF           (templates, adapters)
    checks      catalogs/outputs -> findings                       (pure)
    site        published files  -> index page, manifest, report

Adapters keep the outside world at arm's length: ``pandoc`` (pypandoc), ``pofile``
(polib and the msgcat-exact writer), ``pdf`` (WeasyPrint), ``files`` (atomic writes).
``workflow`` composes the stages for each command; ``cli`` prints and picks exit codes.
"""

__version__ = "0.1.0"
