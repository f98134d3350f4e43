"""A document as data: sections of paragraphs, field lists and tables, rendered in two formats.

The case report and the sheets handed to parents and pupils are built once as a
:class:`Document` (in :mod:`~harcelement_tui.core.report` and :mod:`~harcelement_tui.core.sheets`)
and rendered by :mod:`~harcelement_tui.core.render_md` (Markdown) and
:mod:`~harcelement_tui.core.render_pdf` (PDF): a section added to the document appears in both.

Every text here is literal: renderers show it as typed (markup characters escaped, control
characters made visible), never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A piece of literal text, bold or not. ``fixed``: the program's own wording (separators such
    as `` par ``), kept as it is, spaces included; any other text is escaped by the renderers."""

    text: str
    bold: bool = False
    fixed: bool = False


Text = tuple[Span, ...]


def text(*parts: str | Span) -> Text:
    """A :data:`Text` from strings (user or content text, escaped when rendered) and spans; empty
    strings are dropped."""
    return tuple(part if isinstance(part, Span) else Span(part) for part in parts if part)


def fixed(value: str, *, bold: bool = False) -> Span:
    """The program's own wording (a separator, a label), not escaped."""
    return Span(value, bold=bold, fixed=True)


def bold(value: str) -> Span:
    return Span(value, bold=True)


def plain(value: Text) -> str:
    """The characters of ``value``, without styles."""
    return "".join(span.text for span in value)


@dataclass(frozen=True)
class Para:
    """A paragraph."""

    text: Text


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[Text, ...]


@dataclass(frozen=True)
class Callout:
    """A paragraph set apart (a warning at the top of a document)."""

    text: Text


@dataclass(frozen=True)
class Field:
    """One line of a field list: ``label`` then ``value``. ``sep`` joins them in running text
    (``"Élève : Léa"``; ``" "`` gives ``"Noté le 05/03/2026 par …"``). An empty label: the value
    alone."""

    label: str
    value: Text
    sep: str = " : "


@dataclass(frozen=True)
class Fields:
    """Labelled values (a bulleted list in Markdown, a two-column table in PDF)."""

    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Column:
    """A table column. In running text (Markdown) a row reads as its cells in order, each empty
    cell left out with its ``before`` and ``after``."""

    title: str
    width: float = 1.0  # share of the table's width
    before: str = ""
    after: str = ""
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of cells under column titles."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class Entry:
    when: str
    who: str
    body: Text


@dataclass(frozen=True)
class Entries:
    """A log: each entry a heading (when, who) and its text, which may be long."""

    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Card:
    """A service on a card to cut out: a title, what it does, and lines (phone, e-mail)."""

    title: str
    text: str
    lines: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Cards:
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()


Block = Para | Bullets | Callout | Fields | Table | Entries | Cards | Section


@dataclass(frozen=True)
class Document:
    """A whole document. ``footer`` is printed on every PDF page, followed by ``page N/M`` when
    ``numbered``; ``header`` above it (school, date). ``compact``: one page, smaller type."""

    title: str
    blocks: tuple[Block, ...]
    footer: str = ""
    header: str = ""
    numbered: bool = True
    compact: bool = False
    subject: str = ""
    author: str = ""
    keywords: tuple[str, ...] = field(default=())


def section(title: str, blocks: Iterable[Block]) -> Section:
    return Section(title, tuple(blocks))


__all__ = ["Block", "Bullets", "Callout", "Card", "Cards", "Column", "Document", "Entries", "Entry", "Field", "Fields",
           "Para", "Section", "Span", "Table", "Text", "bold", "fixed", "plain", "section", "text"]
