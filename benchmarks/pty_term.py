"""A program in a pseudo-terminal, as over SSH: what it writes, when, and how many bytes.

Used by ``bench_ui.py``. Standard library only: ``pty.fork``, ``select`` and the window size set
with ``TIOCSWINSZ`` before the program starts.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence

# CSI / OSC / other escape sequences, to find the text a terminal would show.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]")


def plain(data: bytes) -> str:
    """The printable text in ``data``, escape sequences removed."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


class Term:
    """One program running in a pty of ``cols`` x ``rows``."""

    def __init__(self, argv: Sequence[str], *, env: dict[str, str] | None = None,
                 cols: int = 80, rows: int = 24, cwd: str | None = None) -> None:
        self.started = time.perf_counter()
        pid, fd = os.forkpty() if hasattr(os, "forkpty") else __import__("pty").fork()
        if pid == 0:  # child
            try:
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], list(argv), env if env is not None else dict(os.environ))
            finally:
                os._exit(127)
        self.pid = pid
        self.returncode: int | None = None
        self.fd = fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self.stamps: list[tuple[float, int]] = []  # (time, len(output) after the read)

    # -- reading ------------------------------------------------------------------------------

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            raise EOFError("the program ended") from None
        if not chunk:
            raise EOFError("the program ended")
        self.output += chunk
        self.stamps.append((time.perf_counter(), len(self.output)))
        return True

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30.0, *,
                 since: int = 0) -> float:
        """Read until ``predicate(plain text written since offset since)`` holds; the time then."""
        deadline = time.perf_counter() + timeout
        while True:
            if predicate(plain(bytes(self.output[since:]))):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"not seen in {timeout} s; last output: {plain(bytes(self.output[-400:]))!r}")
            self._read(min(left, 0.05))

    def wait_text(self, text: str, timeout: float = 30.0, *, since: int = 0) -> float:
        return self.wait_for(lambda screen: text in screen, timeout, since=since)

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Read until nothing was written for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._read(quiet):
                return

    def response(self, keys: bytes, *, quiet: float = 0.3, timeout: float = 10.0) -> tuple[float, float, int, bytes]:
        """Send ``keys``; read until quiet. Returns (seconds to the first byte, seconds to the last
        byte, bytes written, the bytes)."""
        self.settle(0.15)
        start = len(self.output)
        sent = time.perf_counter()
        self.send(keys)
        deadline = sent + timeout
        while time.perf_counter() < deadline:
            if not self._read(quiet) and len(self.output) > start:
                break
        data = bytes(self.output[start:])
        times = [t for t, end in self.stamps if end > start]
        first = times[0] - sent if times else float("nan")
        last = times[-1] - sent if times else float("nan")
        return first, last, len(data), data

    # -- writing ------------------------------------------------------------------------------

    def send(self, keys: bytes | str) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    # -- process ------------------------------------------------------------------------------

    def rss_mb(self) -> tuple[float, float]:
        """(current RSS, peak RSS) of the program, in MB."""
        values = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024
        return values.get("VmRSS", float("nan")), values.get("VmHWM", float("nan"))

    def wait_exit(self, limit: float) -> int | None:
        """Wait up to ``limit`` seconds for the program to end, reading what it still writes (so
        that it never blocks on a full terminal); its exit status, or None if it still runs."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                return self.returncode
            try:
                self._read(0.05)
            except EOFError:
                pass
        return None

    def close(self) -> None:
        if self.returncode is None:  # not yet reaped by wait_exit
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                if self.wait_exit(3) is None:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped elsewhere
                pass
        os.close(self.fd)

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
