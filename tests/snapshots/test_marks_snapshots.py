"""Marks read by shape and contrast in every terminal: NO_COLOR, 16 colours, and the plain
characters of TERM=linux, with the urgent row selected. Review each SVG by eye."""

from __future__ import annotations

from rich.color import ColorSystem
from rich.segment import Segment
from textual.filter import LineFilter

from support.app import snap

from test_cases_snapshots import app_with


class SixteenColours(LineFilter):
    """What a 16-colour terminal shows: every colour brought down to the 16 ANSI ones."""

    def apply(self, segments, background):
        out = []
        for text, style, control in segments:
            if style is not None and (style.color is not None or style.bgcolor is not None):
                style = style.__class__.from_color(
                    style.color.downgrade(ColorSystem.STANDARD) if style.color else None,
                    style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None,
                ) + style.without_color
            out.append(Segment(text, style, control))
        return out


def test_urgent_row_selected_no_color(snap_compare, make_app, urgent_store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap(snap_compare, app_with(make_app, urgent_store), "4", "down")


def test_urgent_row_selected_16_colours(snap_compare, make_app, urgent_store):
    app = app_with(make_app, urgent_store)
    app._filters.append(SixteenColours())
    assert snap(snap_compare, app, "4", "down")


def test_urgent_case_view_no_color(snap_compare, make_app, urgent_store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap(snap_compare, app_with(make_app, urgent_store), "4", "down", "enter")


def test_fact_boxes_16_colours(snap_compare, make_app, urgent_store):
    app = app_with(make_app, urgent_store)
    app._filters.append(SixteenColours())
    assert snap(snap_compare, app, "4", "n", "tab", "tab", "tab", "space")


def test_plain_marks_on_the_linux_console(snap_compare, make_app, urgent_store, monkeypatch):
    monkeypatch.setenv("TERM", "linux")
    assert snap(snap_compare, app_with(make_app, urgent_store), "4", "down")
