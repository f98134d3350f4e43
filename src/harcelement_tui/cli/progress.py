"""Progress of long command-line work (``export --all``, ``purge``, ``import``), on standard error
when it is a terminal.

Rich (which the console's Textual already installs) draws the bar, imported only then: piped or
redirected, the command prints nothing more than before, and the command line stays free of it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

# Below this many items the work is too short for a bar to be worth drawing.
MIN_ITEMS = 20


def track(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """``items``, with a progress bar on stderr when it is a terminal and there are many."""
    with counting(total, description) as advance:
        for item in items:
            yield item
            advance()


@contextmanager
def counting(total: int, description: str) -> Iterator[Callable[[], None]]:
    """A progress bar of ``total`` steps on stderr (when it is a terminal and there are many); the
    context gives the function that moves it one step on."""
    if total < MIN_ITEMS or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


@contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner and ``description`` on stderr while one long step runs (the data file's single
    locked write, for instance), when stderr is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(description):
        yield
