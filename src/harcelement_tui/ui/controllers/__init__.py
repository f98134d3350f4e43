"""The controllers: what the console does when a pane or screen asks (:mod:`..messages`).

One per area, each a plain object holding the app (:class:`~harcelement_tui.ui.console.ConsoleApp`):
cases (open, create, edit, note, evidence, status), procedure work (steps, calls, contacts),
sharing (export, report), people, sheets. They open the forms and modals and save through the
store; the panes and screens never call them.
"""
