"""Style changes sent as differences: the terminal shows exactly what Textual drew, in fewer bytes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

from harcelement_tui.ui.terminal_output import CompactDriver, StyleDiff

_SEQUENCE = re.compile(r"\x1b\[([0-9;]*)m|(\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))|(.)", re.S)
_COLOUR_WIDTH = {"2": 4, "5": 2}
_ATTR_OFF = {"22": {"1", "2"}, "23": {"3"}, "24": {"4", "21"}, "25": {"5"}, "27": {"7"}, "28": {"8"}, "29": {"9"}}


def _sgr(state: dict, params: str) -> None:
    """A terminal's reading of one SGR sequence (written here independently of the module)."""
    codes = params.split(";") if params else ["0"]
    i = 0
    while i < len(codes):
        code = codes[i]
        i += 1
        if code in ("", "0"):
            state.clear()
        elif code in ("38", "48", "58"):
            width = _COLOUR_WIDTH[codes[i]]
            state[code] = tuple(codes[i:i + width])
            i += width
        elif code in ("39", "49", "59"):
            state.pop({"39": "38", "49": "48", "59": "58"}[code], None)
        elif code in _ATTR_OFF:
            for attribute in _ATTR_OFF[code]:
                state.pop(attribute, None)
        elif 30 <= int(code) <= 37 or 90 <= int(code) <= 97:
            state["38"] = (code,)
        elif 40 <= int(code) <= 47 or 100 <= int(code) <= 107:
            state["48"] = (code,)
        else:
            state[code] = True


def screen_events(data: str, state: dict | None = None) -> tuple[list, dict]:
    """Every character and every non-style sequence, each with the style the terminal has then
    (a cursor move does not depend on it)."""
    state = {} if state is None else state
    events = []
    for match in _SEQUENCE.finditer(data):
        params, other, char = match.groups()
        if params is not None:
            _sgr(state, params)
        else:
            moves = other is not None and re.fullmatch(r"\x1b\[[0-9;]*[HfABCDEFGd]", other)
            events.append((other or char, None if moves else tuple(sorted(state.items()))))
    return events, state


colours = st.one_of(st.none(), st.sampled_from(["red", "bright_blue", "color(208)", "#121212", "#e0e0e0",
                                                "#242f38", "#ffa62b", "#b93c5b"]))
styles = st.builds(lambda fg, bg, b, d, i, u, r, s: Style(color=fg, bgcolor=bg, bold=b, dim=d, italic=i,
                                                          underline=u, reverse=r, strike=s),
                   colours, colours, *[st.booleans()] * 6)
pieces = st.one_of(
    st.tuples(st.text(alphabet="ab é█─", min_size=1, max_size=5), styles),
    st.sampled_from(["\x1b[3;5H", "\x1b[K", "\x1b[2J", "\x1b[?25l", "\x1b[?2026h", "\x1b[?2026l", "\x1b[12G"]),
)


def render(parts, system=ColorSystem.TRUECOLOR) -> str:
    """What Textual writes for these runs of text (its own renderer) and sequences."""
    return "".join(part if isinstance(part, str) else Strip.render_style(part[1], part[0], system)
                   for part in parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(pieces, max_size=30), min_size=1, max_size=4),
       st.sampled_from([ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT, ColorSystem.STANDARD]))
def test_the_terminal_shows_the_same_in_no_more_bytes(writes, system):
    diff = StyleDiff()
    raw_state: dict = {}
    sent_state: dict = {}
    for parts in writes:
        data = render(parts, system)
        sent = diff.rewrite(data)
        raw, raw_state = screen_events(data, raw_state)
        got, sent_state = screen_events(sent, sent_state)
        assert got == raw
        assert sent_state == raw_state  # between writes, the terminal is where Textual left it
        assert len(sent) <= len(data)


def test_a_typical_screen_row_shrinks():
    bar = Style.parse("#e0e0e0 on #242f38")
    key = Style.parse("bold #ffa62b on #242f38")
    parts = [(" ", bar), ("a", key), (" Note ", bar), ("p", key), (" Preuve ", bar), ("e", key),
             (" Modifier ", bar), ("s", key), (" Statut ", bar)]
    data = render(parts)
    diff = StyleDiff()
    diff.rewrite(data)  # the first write starts from a style it does not know: sent as it is
    sent = diff.rewrite(data)
    assert screen_events(sent)[0] == screen_events(data)[0]
    assert len(sent) < len(data) * 0.75
    assert "\x1b[0m" not in sent[:-4]  # no reset between runs, one at the end (Textual's own state)


def test_unknown_sequences_pass_as_they_are_until_a_reset():
    diff = StyleDiff()
    red = Style(color="red")
    unknown = render([("a", red)]) + "\x1b[4:3m" + "b" + render([("c", red)])
    assert diff.rewrite(unknown) == unknown
    assert diff.rewrite(render([("d", red), ("e", red)])) == "\x1b[31mde\x1b[0m"


def test_the_console_uses_it_on_a_terminal():
    from harcelement_tui.ui.app import HarcelementApp

    assert HarcelementApp.get_driver_class(HarcelementApp.__new__(HarcelementApp)) is CompactDriver
