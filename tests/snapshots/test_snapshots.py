"""Layout snapshots at 80×24 (and one at 120×40). Review each SVG by eye before committing it."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("key", ["1", "2", "3", "4"], ids=["procedure", "parents", "contacts", "cas"])
def test_each_tab_at_80x24(snap_compare, make_app, key):
    assert snap_compare(make_app(), press=[key], terminal_size=(80, 24))


def test_contacts_filtered(snap_compare, make_app):
    assert snap_compare(make_app(), press=["3", "slash", *"cpms", "enter", "down"], terminal_size=(80, 24))


def test_help_screen_for_contacts(snap_compare, make_app):
    assert snap_compare(make_app(), press=["3", "question_mark"], terminal_size=(80, 24))


def test_procedure_at_120x40(snap_compare, make_app):
    assert snap_compare(make_app(), press=["1"], terminal_size=(120, 40))


def test_terminal_too_small(snap_compare, make_app):
    assert snap_compare(make_app(), press=["_"], terminal_size=(50, 12))
