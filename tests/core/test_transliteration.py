"""Names in every alphabet: search and pseudonymisation fold them to the same ASCII spelling
(Łukasz / Lukasz, Søren / Soren, Yıldız / Yildiz, Strauß / Strauss, Cœur / Coeur)."""

from __future__ import annotations

import re

import pytest
from anyascii import anyascii
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harcelement_tui.core.pseudonym import PARTICLES, NameScrubber
from harcelement_tui.core.text import fold, matches

# Letters people write names with beyond French accents: Polish, Nordic, Turkish, German, ligatures,
# Czech, Croatian, Romanian, Greek, Cyrillic.
LETTERS = ("abcdefghijklmnopqrstuvwxyzéèçłøıßœæåðþšžčćđňřůăşţ"
           "αβγδεζηθικλμνξοπρστυφχψω" "абвгдежзийклмнопрстуфхцчшщыэюя")
# One alphabet per name, as people's names are written.
SCRIPTS = (LETTERS[:52], "αβγδεζηθικλμνξοπρστυφχψω", "абвгдежзийклмнопрстуфхцчшщыэюя")


@st.composite
def names(draw):
    alphabet = draw(st.sampled_from(SCRIPTS))
    part = st.text(alphabet=alphabet, min_size=2, max_size=8)
    first, last = draw(part), draw(part)
    assume(len(fold(first)) >= 2 and len(fold(last)) >= 2)
    assume(fold(first) not in PARTICLES and fold(last) not in PARTICLES and fold(first) != fold(last))
    # A part spelled as a letter's transliteration ("Πσ" -> "ps", as "Ψ" -> "ps") cannot be told
    # from that letter left as an initial by the pseudonym ("Ψ."): not a name that survived.
    assume(not {fold(first), fold(last)} & {fold(first[0]), fold(last[0])})
    return first.capitalize(), last.capitalize()


@pytest.mark.parametrize(("name", "ascii_spelling"), [
    ("Łukasz", "Lukasz"), ("Søren", "Soren"), ("Yıldız", "Yildiz"), ("Strauß", "Strauss"),
    ("Cœur", "Coeur"), ("Ælfric", "Aelfric"), ("Đorđe", "Dorde"), ("Дмитрий", "Dmitriy"),
])
def test_a_name_is_found_and_replaced_by_its_ascii_spelling(name, ascii_spelling):
    assert fold(name) == fold(ascii_spelling)
    assert matches(ascii_spelling.lower(), [f"{name} Nowak"])
    assert matches(name, [f"{ascii_spelling} Nowak"])
    scrubbed = NameScrubber([f"{name} Nowak"])(f"Vu {ascii_spelling} NOWAK puis {ascii_spelling.upper()} seul")
    assert ascii_spelling.lower() not in scrubbed.lower()
    assert "nowak" not in scrubbed.lower()


@settings(max_examples=200, deadline=None)
@given(name=names())
def test_search_finds_a_name_by_its_ascii_spelling_and_the_other_way(name):
    first, last = name
    full = f"{first} {last}"
    spelled = anyascii(full)
    assert matches(spelled.lower(), [full])
    assert matches(full.upper(), [spelled])
    assert matches(anyascii(last), [f"3B {full} menaces"])


@settings(max_examples=200, deadline=None)
@given(name=names(), written=st.integers(0, 3))
def test_no_spelling_of_the_name_survives_pseudonymisation(name, written):
    first, last = name
    spell = (lambda s: s, anyascii, lambda s: anyascii(s).upper(), str.upper)[written]
    text = f"Message de {spell(first)} {spell(last)} ; {spell(last)} a répondu à {spell(first)}."
    scrubbed = NameScrubber([f"{first} {last}"])(text)
    for part in (first, last):
        word = re.escape(fold(part))
        assert not re.search(rf"(?<![^\W\d_]){word}(?![^\W\d_])", fold(scrubbed)), (text, scrubbed)
