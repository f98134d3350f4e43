"""Helpers shared by the test folders (core, ui, cli, snapshots): one module a job.

clock (FrozenClock, TZ), store (store factory, raw files), app (SIZE, waits: wait_until, workers_done,
settle), cli (one_error_line), terminal (the console in a pty), pdf (reading PDFs back), paths.
"""
