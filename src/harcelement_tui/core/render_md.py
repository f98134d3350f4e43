"""Markdown rendering of a :class:`~harcelement_tui.core.document.Document`.

Every text that comes from a user or a content file goes through :func:`md_text`: control
characters are made visible and Markdown's own characters escaped, so that a note cannot add a
heading, a link, an image or HTML to the document. Only the program's own wording (spans marked
``fixed``) is written as it is.
"""

from __future__ import annotations

import re

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
from harcelement_tui.core.text import visible

# Characters with a meaning anywhere in a line (emphasis, code, links, HTML, tables, entities).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
# What makes a line a heading, a quote, a list item, a rule or a setext underline.
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")

# Continuation lines of a list item are indented by this much.
ITEM_INDENT = "  "


def md_text(text: str, *, indent: str = "") -> str:
    """``text`` as literal Markdown: shown as typed once rendered, whatever it contains.

    Control characters become visible pictures (``␛``); lines after the first are indented by
    ``indent`` (to stay inside a list item) and end with a hard line break.
    """
    lines = visible(text).split("\n")
    out = []
    for line in lines:
        line = _INLINE.sub(r"\\\1", line.rstrip())
        line = _LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), line)
        # Four leading spaces would make a code block: keep the text, not its indentation.
        out.append(line.lstrip())
    return ("  \n" + indent).join(out)


def _spans(value: Text, indent: str = "") -> str:
    out = []
    for span in value:
        piece = span.text if span.fixed else md_text(span.text, indent=indent)
        out.append(f"**{piece}**" if span.bold else piece)
    return "".join(out)


def _block(block: Block, level: int) -> list[str]:
    if isinstance(block, Para):
        return [_spans(block.text)]
    if isinstance(block, Callout):
        return ["> " + _spans(block.text)]
    if isinstance(block, Bullets):
        return ["\n".join("- " + _spans(item, ITEM_INDENT) for item in block.items)]
    if isinstance(block, Fields):
        lines = []
        for item in block.fields:
            value = _spans(item.value, ITEM_INDENT)
            lines.append(f"- {item.label}{item.sep}{value}" if item.label else f"- {value}")
        return ["\n".join(lines)]
    if isinstance(block, Table):
        lines = []
        for row in block.rows:
            parts = []
            for column, cell in zip(block.columns, row):
                rendered = _spans(cell, ITEM_INDENT)
                if not rendered:
                    continue
                if column.bold:
                    rendered = f"**{rendered}**"
                parts.append(f"{column.before}{rendered}{column.after}")
            lines.append("- " + "".join(parts))
        return ["\n".join(lines)]
    if isinstance(block, Entries):
        return ["\n".join(f"- **{md_text(entry.when)}** · {md_text(entry.who)} · "
                          f"{_spans(entry.body, ITEM_INDENT)}" for entry in block.entries)]
    if isinstance(block, Cards):
        out = []
        for card in block.cards:
            title = f"**{md_text(card.title)}** : " if card.title else ""
            lines = [f"- {title}{md_text(card.text, indent=ITEM_INDENT)}"]
            lines += [f"{ITEM_INDENT}- " + " · ".join(md_text(part) for part in line) for line in card.lines]
            out.append("\n".join(lines))
        return ["\n".join(out)]
    if isinstance(block, Section):
        out = [f"{'#' * level} {md_text(' '.join(block.title.split()))}"]
        for child in block.blocks:
            out += _block(child, level + 1)
        return out
    raise TypeError(f"unknown block {block!r}")


def render_markdown(document: Document) -> str:
    """``document`` in Markdown (CommonMark), ending with a newline."""
    parts = [f"# {md_text(document.title)}"]
    for block in document.blocks:
        parts += _block(block, 2)
    return "\n\n".join(parts) + "\n"


__all__ = ["md_text", "render_markdown"]
