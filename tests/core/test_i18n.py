"""A second language is a compiled catalogue in ``locale/``: with one, messages and plural forms
follow it; without one (as shipped), the French text is shown as written."""

from __future__ import annotations

import struct

from harcelement_tui import i18n


def write_mo(path, entries: dict[str, str]) -> None:
    """A GNU .mo catalogue (the format ``msgfmt`` writes) holding ``entries``."""
    keys = sorted(entries)
    ids = [key.encode() for key in keys]
    strs = [entries[key].encode() for key in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for text in ids + strs:
        offsets.append((len(text), start + len(data)))
        data += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    path.parent.mkdir(parents=True)
    path.write_bytes(header + table + data)


def test_without_a_catalogue_french_as_written_with_the_french_plural_rule():
    assert not i18n.LOCALE_DIR.exists()
    assert i18n._("Cas exporté") == "Cas exporté"
    assert [i18n.ngettext("{n} cas purgé", "{n} cas purgés", n) for n in (0, 1, 2)] == \
        ["{n} cas purgé", "{n} cas purgé", "{n} cas purgés"]


def test_a_compiled_catalogue_translates_messages_and_plural_forms(tmp_path, monkeypatch):
    write_mo(tmp_path / "nl" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo", {
        "": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n",
        "Cas exporté": "Dossier geëxporteerd",
        "{n} cas purgé\0{n} cas purgés": "{n} dossier gewist\0{n} dossiers gewist",
    })
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setenv("LANGUAGE", "nl")
    monkeypatch.setattr(i18n, "_translation", i18n._load())
    assert i18n._("Cas exporté") == "Dossier geëxporteerd"
    assert i18n._("Pas traduit") == "Pas traduit"
    assert [i18n.ngettext("{n} cas purgé", "{n} cas purgés", n) for n in (0, 1, 2)] == \
        ["{n} dossiers gewist", "{n} dossier gewist", "{n} dossiers gewist"]
