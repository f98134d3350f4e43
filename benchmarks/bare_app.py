"""The baseline for first paint: a bare Textual app (Header, a Label, Footer), nothing else."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label


class Bare(App):
    BINDINGS = [("q", "quit", "Quitter")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Éviter tout jugement")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
