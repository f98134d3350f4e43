"""The stylesheet of the forms and modals, shared by every modal screen."""

from __future__ import annotations

from importlib import resources
from pathlib import PurePath


def forms_css_paths() -> list[str | PurePath]:
    """The packaged stylesheet of the forms and modals (``styles/forms.tcss`` in the repository).

    Screens set it as their ``CSS_PATH``; Textual reads a file once, so the app may list it too.
    """
    return [PurePath(str(resources.files("harcelement_tui") / "styles" / "forms.tcss"))]
