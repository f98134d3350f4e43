from harcelement_tui.core.text import compact, fold, matches


def test_fold_ignores_case_and_accents():
    assert fold("Médiation SCOLAIRE") == "mediation scolaire"
    assert fold("Pôle égalité") == "pole egalite"


def test_compact_removes_spacing_and_punctuation_of_numbers():
    assert compact("0474/81 08 91") == "0474810891"


def test_matches_words_numbers_and_nothing_else():
    fields = ("Service de Médiation Scolaire", "0474/81 08 91", "christophe.bourgois@cfwb.be")
    assert matches("mediation", fields)
    assert matches("MÉDIATION scol", fields)
    assert matches("0474 81", fields)
    assert matches("047481", fields)
    assert matches("0474/810", fields)
    assert matches("", fields)
    assert not matches("passerelle", fields)
    assert not matches("0475", fields)
