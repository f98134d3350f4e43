"""Starting the console: ``harcelement-tui`` alone or with its own options.

The start goes straight here, without the command line's parsers (argparse and the sub-commands'
texts cost a tenth of the first paint): :func:`console_options` accepts only ``--data``,
``--content`` and ``--config`` with a value, and leaves anything else (a sub-command, ``--help``,
a mistake) to the whole parser. When the town's content is unchanged since it was last validated,
the console draws its first frame from the content's outline and loads the content just after;
otherwise the content is loaded and validated first, so a broken file is reported before the
screen is taken over (:mod:`harcelement_tui.core.outline`).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from harcelement_tui.cli.context import Context, make_context

if TYPE_CHECKING:
    from harcelement_tui.core.content import Content
    from harcelement_tui.core.sheets_content import Sheets

CONSOLE_OPTIONS = ("--data", "--content", "--config")


def console_options(words: Sequence[str]) -> dict[str, str] | None:
    """``words`` as the console's options (``--data F`` or ``--data=F``; the last one given wins),
    or ``None`` when they are anything else. A value that is empty or starts with ``-`` is left to
    the whole parser too (it judges ``--data --config`` as argparse always has)."""
    options: dict[str, str] = {}
    remaining = iter(words)
    for word in remaining:
        name, equals, value = word.partition("=")
        if name not in CONSOLE_OPTIONS:
            return None
        if not equals:
            value = next(remaining, "")
        if not value or value.startswith("-"):
            return None
        options[name] = value
    return options


def start(options: dict[str, str]) -> int:
    """Start the console with the options :func:`console_options` accepted.

    Python's cycle collector is held until the console's tabs are built (the console turns it
    back on, :meth:`~harcelement_tui.ui.startup.StartupApp._finish_start`): the start allocates
    modules, classes and widgets that all live on, and importing Textual alone set off some 80
    collections, about 12 ms of the first paint, that found nothing to free."""
    gc.disable()
    try:
        content, config = options.get("--content"), options.get("--config")
        return run_console(make_context(options.get("--data"), Path(content) if content else None,
                                        Path(config) if config else None))
    finally:
        gc.enable()


def run_console(ctx: Context) -> int:
    """Run the console until the user quits; its exit status."""
    from harcelement_tui.core.outline import cached_outline, load_town, outline_of

    outline = cached_outline(ctx.content_dir)
    town = None
    if outline is None:  # content changed (or first start): validated before the screen is taken over
        town = load_town(ctx.content_dir)
        outline = outline_of(town[0])

    def loaded() -> tuple[Content, Sheets]:  # just after the first frame
        return town if town is not None else load_town(ctx.content_dir)

    from harcelement_tui.ui.app import run

    return run(config=ctx.config, data_file=ctx.data_file, outline=outline, load_town=loaded)
