"""Reading what the command line printed."""

from __future__ import annotations


def one_error_line(err: str) -> str:
    """The command line's error: one French line starting with the program's name, no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("harcelement-tui : ")
    assert "Traceback" not in err
    return lines[0]
