"""The console in a pseudo-terminal (as over SSH), read until what is awaited has been drawn.

Every wait is on a condition (a text drawn, the process gone), with a generous limit: a busy
machine only makes it slower, never wrong.
"""

from __future__ import annotations

import os
import pty
import re
import select
import struct
import sys
import fcntl
import termios
import time

# CSI / OSC / other escape sequences, to find the text a terminal would show.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]")

LIMIT_SECONDS = 60.0


def plain(text: str) -> str:
    """What a terminal would show of ``text``: escape sequences removed, cursor moves as spaces."""
    return _ESCAPES.sub(" ", text)


class Console:
    """``python -m harcelement_tui ARGS`` in an 80x24 pseudo-terminal (``python_args``: other
    arguments for Python instead, ``-c CODE ...`` say)."""

    def __init__(self, args: list[str], env: dict[str, str], cols: int = 80, rows: int = 24, *,
                 python_args: list[str] | None = None) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the console
            os.environ.update(env, COLUMNS=str(cols), LINES=str(rows))
            os.execv(sys.executable, [sys.executable, *(python_args or ["-m", "harcelement_tui", *args])])
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid, self.fd = pid, fd
        self.raw = b""
        self.mark = 0  # where the output since the last key starts

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", "replace")

    def since_last_key(self) -> str:
        return plain(self.raw[self.mark:].decode("utf-8", "replace"))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            return False
        self.raw += chunk
        return bool(chunk)

    def wait_for(self, *texts: str) -> None:
        """Read until every one of ``texts`` has been drawn since the last key sent."""
        end = time.monotonic() + LIMIT_SECONDS
        while not all(t in self.since_last_key().replace(" ", "") for t in (x.replace(" ", "") for x in texts)):
            if time.monotonic() > end or not self._read(0.1):
                raise AssertionError(f"not drawn: {texts!r}; last output: {self.since_last_key()[-400:]!r}")

    def send(self, keys: bytes) -> None:
        self.mark = len(self.raw)
        os.write(self.fd, keys)

    def wait_exit(self) -> int:
        end = time.monotonic() + LIMIT_SECONDS
        while time.monotonic() < end:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.pid = 0
                while self._read(0.05):  # what it wrote last
                    pass
                return os.waitstatus_to_exitcode(status)
            self._read(0.05)
        raise AssertionError("the console did not quit")

    def close(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
        os.close(self.fd)
