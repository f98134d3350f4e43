"""Reading back the PDF documents: their text, page by page, as a reader would search it."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader


def pdf_pages(payload: bytes) -> list[str]:
    """The text of each page."""
    assert payload.startswith(b"%PDF-"), payload[:20]
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(payload)).pages]


def pdf_metadata(payload: bytes) -> dict[str, str]:
    return {key: str(value) for key, value in (PdfReader(io.BytesIO(payload)).metadata or {}).items()}


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (a cell wraps where it likes)."""
    return " ".join(text.split())


def folded_words(text: str) -> set[str]:
    """Every word, lower case, without accents (to look for any form of a name)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return set(re.findall(r"\w+", bare))


def fonts_embedded(payload: bytes) -> list[str]:
    """The base names of the fonts used, each checked to be embedded (a font file in the PDF)."""
    names = []
    for page in PdfReader(io.BytesIO(payload)).pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert descriptor is not None, f"{font['/BaseFont']} is not embedded"
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font
            names.append(str(font["/BaseFont"]))
    return names
