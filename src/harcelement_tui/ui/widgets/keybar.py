"""The key bar at the bottom of every view, and the names of keys."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from harcelement_tui.ui import strings_keys


# Names of keys, for the key bar, the help screen and the palette.
KEY_NAMES = strings_keys.KEY_NAMES


def key_name(key: str) -> str:
    """``"ctrl+o"`` -> ``"Ctrl+O"``, ``"f1"`` -> ``"F1"``, ``"escape"`` -> ``"Échap"``."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return strings_keys.CTRL + key_name(key[5:]).upper()
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

    # Kept at the right end when the bar is too narrow for every key (60 columns): help lists the
    # keys left out, quit is always one key away.
    PINNED = ("help", "quit", "app.quit")

    def _bindings_changed(self, screen) -> None:
        seen: set[tuple[str, str]] = set()
        parts: list[Content] = []
        pinned: list[Content] = []
        every: list[Content] = []
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or not binding.description:
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            part = Content.assemble((self.app.get_key_display(binding), "bold $footer-key-foreground"),
                                    " ", binding.description)
            (pinned if binding.action in self.PINNED else parts).append(part)
            every.append(part)
        line = self._fit(parts, pinned, every, self.size.width or 78)  # the content's width
        if line != self.content:
            # One line of fixed size: redrawn alone, without a layout pass of the screen (which
            # redraws the whole screen: 5-7 KB over SSH on each focus or screen change).
            self.update(line, layout=False)

    @staticmethod
    def _fit(parts: list[Content], pinned: list[Content], every: list[Content], room: int) -> Content:
        """Two spaces between keys when they fit, one when the view has many (80 columns); when
        even that is too long, the last keys give way to "…" and the pinned ones stay."""
        for separator in ("  ", " "):
            line = Content(separator).join(every)
            if line.cell_length <= room:
                return line
        shown = parts
        while shown:
            shown = shown[:-1]
            line = Content(" ").join([*shown, Content("…"), *pinned])
            if line.cell_length <= room:
                return line
        return Content(" ").join(pinned)
