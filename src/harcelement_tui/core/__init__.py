"""The console's core: content, configuration, case model, store and export.

Nothing under this package imports Textual or Rich (an import-linter contract checks it), so
the command line and scripts use it without a terminal UI.
"""
