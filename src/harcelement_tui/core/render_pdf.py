"""PDF rendering of a :class:`~harcelement_tui.core.document.Document` (A4, fonts embedded).

Built with ReportLab's Platypus: text stays text (selectable, searchable), never an image. The
fonts ship inside the package (``harcelement_tui/fonts``, with their licences): DejaVu Sans for
the text and Noto Sans Symbols 2 for what DejaVu lacks, in particular the Control Pictures
(``␛``…) that stand for control characters. Only the glyphs used are embedded.

User text is literal: control characters are made visible, ReportLab's paragraph markup
characters escaped, line breaks kept. A character no embedded font draws (an emoji, a Chinese
character) and an invisible format character (right-to-left override, zero-width joiner) are
shown as their code, ``[U+1F600]``, never as a blank. Right-to-left scripts are set left to right,
unshaped. Every page carries the document's header (school, date)
and footer (``Confidentiel — Cas REF — page N/M``).
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

from harcelement_tui.core.document import (
    Block,
    Bullets,
    Callout,
    Cards,
    Document,
    Entries,
    Fields,
    Para,
    Section,
    Table,
    Text,
)
from harcelement_tui.core.strings_docs import PAGE, PAGE_WITH_FOOTER
from harcelement_tui.core.text import visible

SANS, SANS_BOLD, SYMBOLS = "HT-Sans", "HT-Sans-Bold", "HT-Symbols"
FONT_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", SYMBOLS: "NotoSansSymbols2-Regular.ttf"}

MARGIN = 48  # points (about 17 mm)
GREY = "#555555"
RULE = "#999999"
SHADE = "#eeeeee"


@lru_cache(maxsize=1)
def _fonts() -> tuple[frozenset[int], frozenset[int]]:
    """Register the packaged fonts once; the code points DejaVu and the symbols font cover."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources.files("harcelement_tui") / "fonts"
    for name, filename in FONT_FILES.items():
        with resources.as_file(folder / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
        addMapping(SANS, bold, italic, SANS_BOLD if bold else SANS)
    covered = frozenset(pdfmetrics.getFont(SANS).face.charToGlyph)
    symbols = frozenset(pdfmetrics.getFont(SYMBOLS).face.charToGlyph)
    return covered, symbols


def _markup(value: str) -> str:
    """``value`` as ReportLab paragraph markup showing exactly its characters."""
    covered, symbols = _fonts()
    out: list[str] = []
    for line_number, line in enumerate(visible(value).split("\n")):
        if line_number:
            out.append("<br/>")
        for char in line:
            code = ord(char)
            if unicodedata.category(char) == "Cf" and char != "\u00ad":
                # Invisible format characters (right-to-left override, zero-width joiner…): shown.
                out.append(f'<font color="{GREY}">[U+{code:04X}]</font>')
            elif code > 0xFFFF:
                # Beyond the first plane ReportLab writes no usable text mapping (a reader could
                # not search or copy it): the code, e.g. an emoji.
                out.append(f'<font color="{GREY}">[U+{code:04X}]</font>')
            elif code in covered:
                out.append(escape(char) if char in "&<>" else char)
            elif code in symbols:
                out.append(f'<font face="{SYMBOLS}">{char}</font>')
            else:
                # No embedded font draws it (an emoji, a Chinese character): its code, never a blank.
                out.append(f'<font color="{GREY}">[U+{code:04X}]</font>')
    return "".join(out)


def _text(value: Text) -> str:
    parts = []
    for span in value:
        piece = _markup(span.text)
        parts.append(f"<b>{piece}</b>" if span.bold else piece)
    return "".join(parts)


@lru_cache(maxsize=2)
def _styles(compact: bool):
    from reportlab.lib.styles import ParagraphStyle

    size = 9.0
    body = ParagraphStyle("body", fontName=SANS, fontSize=size, leading=size * 1.3, spaceAfter=3,
                          splitLongWords=1)
    return {
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontName=SANS_BOLD, spaceAfter=0),
        "entry": ParagraphStyle("entry", parent=body, leftIndent=12, spaceAfter=4),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, bulletFontName=SANS,
                                 spaceAfter=2),
        "title": ParagraphStyle("title", parent=body, fontName=SANS_BOLD, fontSize=size + 8,
                                leading=(size + 8) * 1.25, spaceAfter=8),
        2: ParagraphStyle("h2", parent=body, fontName=SANS_BOLD, fontSize=size + (2.5 if compact else 4),
                          leading=(size + 4) * 1.25, spaceBefore=4 if compact else 10, spaceAfter=2 if compact else 4),
        # The cards are read by a pupil: larger type, room to breathe.
        "card": ParagraphStyle("card", parent=body, fontSize=10.5, leading=13.5, spaceAfter=2),
        "card_head": ParagraphStyle("card_head", parent=body, fontName=SANS_BOLD, fontSize=11.5, leading=15,
                                    spaceAfter=3),
        3: ParagraphStyle("h3", parent=body, fontName=SANS_BOLD, fontSize=size + 1.5,
                          leading=(size + 1.5) * 1.3, spaceBefore=6, spaceAfter=3),
    }


def _table(rows, widths, *, header: bool, style_extra=()):
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    table = RLTable(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # for empty cells: never a font the PDF would lack
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(style + list(style_extra)))
    return table


def _flowables(block: Block, level: int, styles, width: float) -> list:
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

    body, cell, head = styles["body"], styles["cell"], styles["head"]
    if isinstance(block, Para):
        return [Paragraph(_text(block.text), body)]
    if isinstance(block, Bullets):
        return [Paragraph(_text(item), styles["bullet"], bulletText="•") for item in block.items]
    if isinstance(block, Callout):
        return [_table([[Paragraph(_text(block.text), cell)]], [width], header=False,
                       style_extra=[("BACKGROUND", (0, 0), (-1, -1), "#fff4d6"),
                                    ("BOX", (0, 0), (-1, -1), 1, "#b08000")]), Spacer(1, 6)]
    if isinstance(block, Fields):
        rows, spans = [], []
        for index, item in enumerate(block.fields):
            if item.label:
                rows.append([Paragraph(_markup(item.label), head), Paragraph(_text(item.value), cell)])
            else:  # a value alone takes the whole line
                rows.append([Paragraph(_text(item.value), cell), ""])
                spans.append(("SPAN", (0, index), (1, index)))
        return [_table(rows, [width * 0.26, width * 0.74], header=False, style_extra=spans), Spacer(1, 6)]
    if isinstance(block, Table):
        total = sum(column.width for column in block.columns)
        widths = [width * column.width / total for column in block.columns]
        rows = [[Paragraph(_markup(column.title), head) for column in block.columns]]
        for row in block.rows:
            rows.append([Paragraph(_text(value), head if column.bold else cell)
                         for column, value in zip(block.columns, row)])
        return [_table(rows, widths, header=True), Spacer(1, 6)]
    if isinstance(block, Entries):
        out = []
        for entry in block.entries:
            # An entry's heading stays with its text (a long text still splits across pages).
            out.append(KeepTogether([Paragraph(f"<b>{_markup(entry.when)}</b> · {_markup(entry.who)}", cell),
                                     Paragraph(_text(entry.body), styles["entry"])]))
        return out
    if isinstance(block, Cards):
        return [_cards(block, styles, width), Spacer(1, 10)]
    if isinstance(block, Section):
        heading = Paragraph(_markup(" ".join(block.title.split())), styles[min(level, 3)])
        children = [flowable for child in block.blocks for flowable in _flowables(child, level + 1, styles, width)]
        if not children:
            return [heading]
        # A heading never ends a page: it stays with what follows. (A KeepTogether inside another
        # pushes the whole to the next page even when it fits: flatten it.)
        first = children[0]
        head = [heading, *(getattr(first, "_content", None) or [first])] if isinstance(first, KeepTogether) \
            else [heading, first]
        return [CondPageBreak(60), KeepTogether(head), *children[1:]]
    raise TypeError(f"unknown block {block!r}")


def _cards(block: Cards, styles, width: float):
    """The cards two by two, each in a dashed frame to cut along."""
    from reportlab.platypus import Paragraph

    cell, head = styles["card"], styles["card_head"]
    half = width / 2
    boxes = []
    for card in block.cards:
        parts = [Paragraph(_markup(card.title), head)] if card.title else []
        if card.text:
            parts.append(Paragraph(_markup(card.text), cell))
        for line in card.lines:
            # One part a line (name, phone, e-mail): a phone number is never cut in two.
            # In a shared card each line starts with the service's name.
            for index, part in enumerate(line):
                markup = _markup(part)
                parts.append(Paragraph(f"<b>{markup}</b>" if index == 0 and not card.title else markup, cell))
        boxes.append(parts)
    if len(boxes) % 2:
        boxes.append([""])
    rows = [boxes[index:index + 2] for index in range(0, len(boxes), 2)]
    return _table(rows, [half, half], header=False, style_extra=[
        ("GRID", (0, 0), (-1, -1), 0.6, GREY, None, (3, 3)),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
    ])


def _page_canvas(document: Document):
    """A canvas that draws each page's header and footer once the page count is known."""
    from reportlab.pdfgen.canvas import Canvas

    header = visible(document.header, multiline=False)
    footer = visible(document.footer, multiline=False)

    class PageCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # Not ReportLab's default Helvetica, which a PDF reader would have to supply.
            kwargs.update(initialFontName=SANS, initialFontSize=9)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(self._pageNumber, count)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, number: int, count: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(SANS, 7.5)
            self.setFillColor(GREY)
            if header:
                self.drawRightString(width - MARGIN, height - MARGIN / 2, header)
            line = footer
            if document.numbered:
                line = (PAGE_WITH_FOOTER if footer else PAGE).format(footer=footer, number=number, count=count)
            self.setStrokeColor(RULE)
            self.line(MARGIN, MARGIN * 0.75, width - MARGIN, MARGIN * 0.75)
            self.drawString(MARGIN, MARGIN / 2, line)
            self.restoreState()

    return PageCanvas


def render_pdf(document: Document) -> bytes:
    """``document`` as PDF bytes (A4)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = _styles(document.compact)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=visible(document.title, multiline=False), author=visible(document.author, multiline=False),
        subject=visible(document.subject, multiline=False), creator="harcelement-tui", lang="fr-BE",
    )
    width = A4[0] - 2 * MARGIN
    story = [Paragraph(_markup(document.title), styles["title"])]
    for block in document.blocks:
        story += _flowables(block, 2, styles, width)
    template.build(story, canvasmaker=_page_canvas(document))
    return buffer.getvalue()


__all__ = ["render_pdf"]
