"""Driving the console in the tests: the terminal size, and waits on conditions (never fixed sleeps)."""

from __future__ import annotations

SIZE = (80, 24)  # the smallest terminal the console is made for (PuTTY's default)


async def wait_until(pilot, predicate, seconds: float = 30.0) -> None:
    """Wait for ``predicate()`` to hold: on a condition, never a fixed time (a busy machine is only
    slower). The limit is generous; it only bounds a failure."""
    for _ in range(int(seconds / 0.02)):
        if predicate():
            return
        await pilot.pause(0.02)
    assert predicate()


async def workers_done(app) -> None:
    """Wait until no worker of ``app`` runs. A reload superseded by a newer one is cancelled
    (exclusive workers): that is not a failure, so wait again for the newer one."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def settle(pilot, app=None, screen_type=None, seconds: float = 30.0) -> None:
    """Wait for workers and, if given, for a screen of ``screen_type`` to be on top (as soon as it
    is: the limit only matters on a very busy machine). ``app`` is the pilot's app unless given."""
    if app is None:
        app = pilot.app
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if screen_type is None or isinstance(app.screen, screen_type):
            await workers_done(app)
            await pilot.pause()
            return
    raise AssertionError(f"{screen_type} not shown; on top: {app.screen!r}")


async def loaded(pilot):
    """Before any key: the case list has been read (it loads in a worker)."""
    await workers_done(pilot.app)
    await pilot.pause()


def snap(snap_compare, app, *press, before=loaded):
    """A snapshot at SIZE of ``app`` after ``before`` (the list read) and the keys ``press``."""
    return snap_compare(app, press=list(press), terminal_size=SIZE, run_before=before)
