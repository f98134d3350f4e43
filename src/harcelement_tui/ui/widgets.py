"""Small widgets shared by the screens."""

from __future__ import annotations

import re

from textual import events

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, Input, Static, TextArea


class TickBox(Checkbox):
    """A checkbox whose state shows by shape: ``[X]`` when ticked, ``[ ]`` when not.

    Textual's own draws ``X`` in both states and tells them apart by colour only, which is lost
    with ``NO_COLOR``, a monochrome terminal or a screen reader; and its box is drawn with
    half-blocks in a background colour, invisible in xterm's default colours (an unticked box
    was blank). Brackets in the label's own colour read everywhere.
    """

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "

    @property
    def _button(self) -> Content:
        label = self.get_visual_style("toggle--label")
        return Content.styled(f"[{self.BUTTON_INNER}]", label + Style(bold=True) if self.value else label)


# French names of keys, for the key bar, the help screen and the palette.
KEY_NAMES = {
    "space": "Espace",
    "escape": "Échap",
    "enter": "Entrée",
    "tab": "Tab",
    "shift+tab": "Maj+Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgPréc",
    "pagedown": "PgSuiv",
    "home": "Début",
    "end": "Fin",
    "delete": "Suppr",
    "backspace": "Retour arrière",
    "slash": "/",
    "question_mark": "?",
}


def key_name(key: str) -> str:
    """``"ctrl+o"`` -> ``"Ctrl+O"``, ``"f1"`` -> ``"F1"``, ``"escape"`` -> ``"Échap"``."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key_name(key[5:]).upper()
    if len(key) >= 2 and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


class KeyBar(Static):
    """One line at the bottom: the keys of the focused view, ``key description``, in French.

    Rebuilt as a single line of text whenever the screen's bindings change. (Textual's Footer
    recomposes one widget per key on every focus change, and in Textual 8.2.8 each of those keeps
    a data binding on the footer that is never released: after a few hundred focus changes the
    console slowed down to a halt.) Keys a view disables are left out.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen) -> None:
        seen: set[tuple[str, str]] = set()
        parts: list[Content] = []
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or not binding.description:
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            parts.append(Content.assemble((self.app.get_key_display(binding), "bold $footer-key-foreground"),
                                          " ", binding.description))
        # Two spaces between keys when they fit, one when the view has many (80 columns).
        wide = Content("  ").join(parts)
        room = self.size.width - 2 if self.size.width else 78
        self.update(wide if wide.cell_length <= room else Content(" ").join(parts))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class TextInput(Input):
    """A one-line input that keeps every word of a multi-line paste.

    Textual's Input keeps only the first line of pasted text: a message copied from a social
    network would lose all but its first line. Here line breaks become spaces instead.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A steady cursor: a blinking one redraws the line twice a second, bytes sent over SSH
        # for as long as the field has the focus.
        self.cursor_blink = False

    def key_ctrl_j(self, event: events.Key) -> None:
        """A line feed (Ctrl+J) is never typed (Entrée sends a carriage return): it comes from a
        paste the terminal did not bracket (PuTTY, some xterms). A space, as in a bracketed paste."""
        event.stop()
        event.prevent_default()
        if self.selection.is_empty:
            self.insert_text_at_cursor(" ")
        else:
            self.replace(" ", *self.selection)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Textual runs each class's _on_paste: not Input's (first line only)
        if event.text:
            text = _LINE_BREAK.sub(" ", event.text)
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.stop()


class TextBox(TextArea):
    """A multi-line field: a line feed from a paste the terminal did not bracket starts a new
    line, as Entrée does (Textual's TextArea ignores it and glues the lines)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+j" and not self.read_only:
            event.stop()
            event.prevent_default()
            self._restart_blink()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)
