"""Textual user interface.

Who may import whom (no module imports one above it, so there is no circle):

- ``widgets/``, ``text``, ``marks``, ``safety``: building blocks, importing nothing of the UI above.
- ``messages``: what panes and screens ask (``CaseRequested``, ``StepToggled``, ``CallLogged``…).
- ``panes/`` (one per tab) and ``screens/`` (case view, forms, modals): show things and post
  messages; they never call the app to act.
- ``console``: :class:`~harcelement_tui.ui.console.ConsoleApp`, the state (store, current case)
  and the services shared by the controllers.
- ``controllers/``: one per area (cases, procedure work, sharing, people, sheets); each holds the
  ``ConsoleApp`` and opens the forms and modals, saving through ``core.store``.
- ``app``: :class:`~harcelement_tui.ui.app.HarcelementApp`, the tabs and keys; it hands each
  message to its controller. ``commands`` (the palette) posts messages too.
"""
