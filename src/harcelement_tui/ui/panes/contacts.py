"""Contacts tab: the services, filtered as you type, with their phone and e-mail one key away."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from harcelement_tui.core.content import Contact
from harcelement_tui.core.text import matches
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.messages import ContactLogged, SheetRequested
from harcelement_tui.ui.panes.filtered import FilteredTablePane
from harcelement_tui.ui.widgets.fields import TextInput
from harcelement_tui.ui.text import cell, fit, literal

NAME_WIDTH = 27


class ContactTable(DataTable):
    """The services, one row each; cells are Content, so nothing in them is read as markup."""


class ContactsPane(FilteredTablePane):
    # Short labels: with d (the pupil's card) every key, q included, still fits 80 columns.
    BINDINGS = [
        Binding("c", "copy_phone", strings_keys.COPY_PHONE, id="contacts.copy_phone",
                tooltip=strings_keys.COPY_PHONE_TIP),
        Binding("m", "copy_email", strings_keys.COPY_EMAIL, id="contacts.copy_email",
                tooltip=strings_keys.COPY_EMAIL_TIP),
        Binding("l", "log_contact", strings_keys.CONTACTED, id="contacts.log",
                tooltip=strings_keys.CONTACTED_TIP),
        Binding("d", "pupil_card", strings_keys.CARD, id="contacts.card",
                tooltip=strings_keys.CARD_TIP),
    ]

    def __init__(self, contacts: tuple[Contact, ...], intro: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.contacts = contacts
        self.intro = intro
        self.shown: list[Contact] = list(contacts)

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder=strings_labels.CONTACTS_FILTER, id="contacts-filter",
                    compact=True)
        # The town's introduction, shown while the list is seen from its top: it goes away when
        # the cursor moves down or a filter is typed, giving its lines back to the list at 80×24.
        yield Static(literal(" ".join(self.intro.split()), "italic"), id="contacts-intro")
        table = ContactTable(id="contacts-table", cursor_type="row", zebra_stripes=True)
        table.add_column(strings_labels.COLUMN_SERVICE, key="name", width=NAME_WIDTH)
        table.add_column(strings_labels.COLUMN_PHONE, key="phone", width=13)
        table.add_column(strings_labels.COLUMN_EMAIL, key="email", width=30)
        yield table
        yield Static(id="contact-detail")

    def on_mount(self) -> None:
        self._refill()

    # -- filtering ---------------------------------------------------------------------------

    def _refill(self, query: str = "") -> None:
        table = self.table
        keep = self.selected.id if self.selected else None
        table.clear()
        self.shown = [c for c in self.contacts if matches(query, c.search_fields())]
        for contact in self.shown:
            table.add_row(fit(contact.name, NAME_WIDTH), cell(contact.phone or "—"), cell(contact.email or "—"),
                          key=contact.id)
        # The service under the cursor stays selected when the filter changes or is cleared, so
        # that "/ police, Échap, c" copies the police's number, not the first row's.
        if keep is not None and any(c.id == keep for c in self.shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self._show_detail()

    # -- selection and detail ----------------------------------------------------------------

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        at_top = self.table.cursor_row <= 0 and not self.query_one("#contacts-filter", Input).value
        self.query_one("#contacts-intro", Static).display = bool(self.intro) and at_top
        detail = self.query_one("#contact-detail", Static)
        contact = self.selected
        if contact is None:
            detail.update(literal(strings_labels.NO_CONTACT_MATCHES, "italic"))
            return
        lines = [literal(contact.name, "bold")]
        if contact.description:
            lines.append(literal(contact.description))
        if contact.note:
            lines.append(literal(contact.note, "italic"))
        lines.append(Content.assemble((strings_labels.PHONE, "bold"), contact.phone or strings_labels.TO_COMPLETE,
                                      (strings_labels.EMAIL, "bold"), contact.email or strings_labels.TO_COMPLETE))
        detail.update(Content("\n").join(lines))

    def show_contact(self, contact_id: str) -> None:
        """Clear the filter and put the cursor on ``contact_id`` (used by the command palette)."""
        field = self.query_one("#contacts-filter", Input)
        if field.value:
            field.value = ""
            self._refill()
        table = self.query_one(ContactTable)
        table.move_cursor(row=table.get_row_index(contact_id), animate=False)
        self._show_detail()
        table.focus()

    # -- copying -----------------------------------------------------------------------------

    def action_copy_phone(self) -> None:
        self._copy("phone", strings.PHONE_MISSING, strings.PHONE_COPIED)

    def action_copy_email(self) -> None:
        self._copy("email", strings.EMAIL_MISSING, strings.EMAIL_COPIED)

    def _copy(self, field: str, missing: str, done: str) -> None:
        contact = self.selected
        if contact is None:
            self.notify(strings.NO_SERVICE_SELECTED, severity="warning")
            return
        value = getattr(contact, field)
        if not value:
            self.notify(missing.format(name=contact.name), severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(value)
        self.notify(done.format(value=value, name=contact.name), markup=False, timeout=4)

    def action_pupil_card(self) -> None:
        self.post_message(SheetRequested("eleve"))

    def action_log_contact(self) -> None:
        contact = self.selected
        if contact is None:
            self.notify(strings.NO_SERVICE_SELECTED, severity="warning")
            return
        self.post_message(ContactLogged(contact.id))

