"""Fewer bytes to the terminal: colour and attribute changes sent as differences.

Textual renders each run of text as ``ESC[<full style>m text ESC[0m``: a reset after every run
and the whole style (24-bit foreground and background) before the next one, even when only the
foreground changes or nothing does. Over SSH these sequences are most of what a screen costs (a
case opened at 80 × 24: 28 KB, 73 % of it styles). :class:`StyleDiff` rewrites what Textual
writes so that the terminal receives only the change from the style it already has; the text, the
cursor moves and every other sequence pass unchanged, and at the end of each write the terminal is
in the state Textual left it in. A style sequence it does not understand is passed as it is and
the next change is sent whole.

:class:`CompactDriver` is Textual's Linux driver with that rewriting (the console's driver on
Linux and macOS; tests run headless and are not concerned).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from textual.drivers.linux_driver import LinuxDriver

# One token: a style (SGR) sequence, any other escape sequence, or text.
_TOKENS = re.compile(
    r"\x1b\[([0-9;]*)m"
    r"|(\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[^\[\]PX^_]?)"
    r"|([^\x1b]+)"
)
# Cursor moves leave the style alone; any other sequence (erasing fills with the background) is
# written with the style Textual meant.
_CURSOR_MOVE = re.compile(r"\x1b\[[0-9;]*[HfABCDEFGd]\Z")
# Attributes and the code that turns each off.
_OFF = {"1": "22", "2": "22", "3": "23", "4": "24", "5": "25", "7": "27", "8": "28", "9": "29",
        "21": "24", "51": "54", "52": "54", "53": "55"}


class Style(NamedTuple):
    attributes: frozenset[str]
    foreground: tuple[str, ...]
    background: tuple[str, ...]
    underline: tuple[str, ...]

    def codes(self) -> list[str]:
        return [*sorted(self.attributes, key=int), *self.foreground, *self.background, *self.underline]


PLAIN = Style(frozenset(), (), (), ())


# Both pure, and a screen has few distinct styles: each answer is worked out once.
@functools.lru_cache(maxsize=4096)
def apply(style: Style, params: str) -> Style | None:
    """``style`` after the SGR parameters ``params``; ``None`` if one is not understood."""
    codes = params.split(";") if params else ["0"]
    attributes, fg, bg, ul = set(style.attributes), style.foreground, style.background, style.underline
    index = 0
    while index < len(codes):
        code = codes[index]
        index += 1
        if code in ("0", ""):
            attributes, fg, bg, ul = set(), (), (), ()
        elif code in _OFF:
            attributes.add(code)
        elif code in ("22", "23", "24", "25", "27", "28", "29", "54", "55"):
            attributes -= {a for a, off in _OFF.items() if off == code}
        elif code in ("38", "48", "58"):
            kind = codes[index:index + 1]
            width = {"2": 4, "5": 2}.get(kind[0]) if kind else None
            if width is None or len(codes) < index + width:
                return None
            value = (code, *codes[index:index + width])
            index += width
            if code == "38":
                fg = value
            elif code == "48":
                bg = value
            else:
                ul = value
        elif code == "39":
            fg = ()
        elif code == "49":
            bg = ()
        elif code == "59":
            ul = ()
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            fg = (code,)
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            bg = (code,)
        else:
            return None
    return Style(frozenset(attributes), fg, bg, ul)


@functools.lru_cache(maxsize=4096)
def change(current: Style, target: Style) -> str:
    """The shortest of: the differences, or a reset and the whole target style."""
    if current == target:
        return ""
    whole = ";".join(["0", *target.codes()]) if target != PLAIN else "0"
    removed = current.attributes - target.attributes
    kept = target.attributes & current.attributes
    diff: list[str] = []
    offs = sorted({_OFF[a] for a in removed}, key=int)
    diff += offs
    # 22 turns off bold and dim together: one of them kept is turned on again.
    again = {a for a in kept if _OFF[a] in offs}
    diff += sorted((target.attributes - current.attributes) | again, key=int)
    for now, wanted, default in ((current.foreground, target.foreground, "39"),
                                 (current.background, target.background, "49"),
                                 (current.underline, target.underline, "59")):
        if now != wanted:
            diff += list(wanted) or [default]
    delta = ";".join(diff)
    return f"\x1b[{delta if len(delta) < len(whole) else whole}m"


class StyleDiff:
    """Rewrites Textual's output, one write at a time, keeping track of the terminal's style."""

    def __init__(self) -> None:
        self.terminal: Style | None = None
        """The style the terminal has (``None``: not known, the next change is sent whole)."""

    def rewrite(self, data: str) -> str:
        out: list[str] = []
        wanted = self.terminal  # the style Textual's output has set so far
        for match in _TOKENS.finditer(data):
            params, other, text = match.groups()
            if text is not None:
                if wanted != self.terminal:
                    out.append(self._change_to(wanted))
                out.append(text)
            elif other is not None:
                if _CURSOR_MOVE.match(other):
                    out.append(other)
                    continue
                if wanted != self.terminal:
                    out.append(self._change_to(wanted))
                out.append(other)
                if other.endswith("m") or other in ("\x1b8", "\x1bc") or other.startswith("\x1b[?1049"):
                    # A style we cannot follow, a restored cursor (and its style), a reset terminal
                    # or a switch of screen buffer: the style is no longer known.
                    self.terminal = wanted = None
            else:
                after = apply(wanted, params) if wanted is not None else None
                if after is None:
                    if wanted != self.terminal:
                        out.append(self._change_to(wanted))
                    out.append(match.group())  # as Textual wrote it
                    after = apply(self.terminal, params) if self.terminal is not None else None
                    if not params or params == "0":
                        after = PLAIN
                    self.terminal = after
                wanted = after
        if wanted != self.terminal:
            out.append(self._change_to(wanted))
        return "".join(out)

    def _change_to(self, wanted: Style | None) -> str:
        if wanted is None:  # cannot happen: the terminal's style is unknown only when wanted is
            return ""
        sequence = change(self.terminal, wanted) if self.terminal is not None else \
            f"\x1b[{';'.join(['0', *wanted.codes()])}m"
        self.terminal = wanted
        return sequence


class CompactDriver(LinuxDriver):
    """Textual's Linux driver, writing style changes as differences (see :class:`StyleDiff`)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._style_diff = StyleDiff()

    def write(self, data: str) -> None:
        super().write(self._style_diff.rewrite(data))
