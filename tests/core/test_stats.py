"""Statistics on a known set of cases: months, categories, statuses, median time to close, sections."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support.clock import TZ
from support.store import data_path, open_store

from harcelement_tui.core.stats import compute, median, report_lines, report_text

NAMES = ("Alice Zorro", "Bruno Yéti", "Chloé Xavier", "Denis Watt", "Emma Vogel")


CLOCK_START = datetime(2025, 12, 1, 9, 0, tzinfo=TZ)


@pytest.fixture
def path(tmp_path, clock, town):
    """Five cases (names in NAMES):

    - 2025-001 opened 01/12/2025, closed after 30 days (insultes)
    - 2026-001 opened 05/01/2026, open (insultes)
    - 2026-002 opened 20/01/2026, closed after 10 days (menaces, insultes); section relais complete
    - 2026-003 opened 02/03/2026, closed after 4 days (photomontage)
    - 2026-004 opened 15/03/2026, en suivi (images intimes); section relais complete
    """
    relais = [step.id for step in town.section("relais").steps]
    path = data_path(tmp_path)
    with open_store(path, clock=clock, content=town) as store:
        def case(moment, name, facts, close_after=None, status=None, steps=()):
            clock.set(moment)
            ref = store.create_case(pupil=name, facts=facts, summary=f"Résumé de {name}").ref
            for step in steps:
                store.set_step(ref, step, True, note=f"note sur {name}")
            if status:
                store.set_status(ref, status)
            if close_after is not None:
                clock.advance(days=close_after)
                store.set_status(ref, "clos")
            return ref

        case(datetime(2025, 12, 1, 9, 0, tzinfo=TZ), NAMES[0], ["insultes"], close_after=30)
        case(datetime(2026, 1, 5, 9, 0, tzinfo=TZ), NAMES[1], ["insultes"])
        case(datetime(2026, 1, 20, 9, 0, tzinfo=TZ), NAMES[2], ["menaces", "insultes"], close_after=10,
             steps=relais)
        case(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), NAMES[3], ["photomontage"], close_after=4)
        case(datetime(2026, 3, 15, 9, 0, tzinfo=TZ), NAMES[4], ["images_intimes"], status="suivi",
             steps=relais)
    return path


def cases_of(path, town, clock):
    with open_store(path, clock=clock, content=town) as store:
        return store.list()


def counts(items):
    return {item.key: item.count for item in items}


def test_median_of_odd_and_even_counts():
    assert median([]) is None
    assert median([7]) == 7
    assert median([10, 4, 7]) == 7
    assert median([30, 4, 10, 7]) == 8.5  # even: mean of the two middle values


def test_one_year(path, town, clock):
    stats = compute(cases_of(path, town, clock), town, 2026)
    assert stats.total == 4 and stats.purged == 0
    months = counts(stats.by_month)
    assert len(months) == 12  # every month of the year, zeros included
    assert (months["2026-01"], months["2026-02"], months["2026-03"], months["2026-12"]) == (2, 0, 2, 0)
    facts = counts(stats.by_fact)
    assert facts == {"images_intimes": 1, "photomontage": 1, "insultes": 2, "intimidation": 0, "menaces": 1,
                     "incitation_suicide": 0, "autre": 0}
    assert counts(stats.by_status) == {"ouvert": 1, "suivi": 1, "clos": 2}
    assert stats.closed == 2 and stats.median_days_to_close == 7  # 10 and 4 days
    shares = {share.key: (share.count, share.total, share.percent) for share in stats.sections}
    assert shares["relais"] == (2, 4, 50)
    assert shares["prudence"] == (0, 4, 0)


def test_all_years(path, town, clock):
    stats = compute(cases_of(path, town, clock), town)
    assert stats.total == 5
    assert counts(stats.by_month) == {"2025-12": 1, "2026-01": 2, "2026-03": 2}
    assert stats.closed == 3 and stats.median_days_to_close == 10  # 30, 10, 4
    assert counts(stats.by_status)["clos"] == 3


def test_an_empty_year(path, town, clock):
    stats = compute(cases_of(path, town, clock), town, 2024)
    assert stats.total == 0 and stats.median_days_to_close is None
    assert all(share.percent == 0 for share in stats.sections)
    text = report_text(stats)
    assert "0 cas" in text and "Aucun cas clos" in text


def test_purged_stubs_still_count(path, town, clock):
    before = compute(cases_of(path, town, clock), town, 2026)
    clock.set(datetime(2027, 6, 1, tzinfo=TZ))
    with open_store(path, clock=clock, content=town) as store:
        due = [d.ref for d in store.purge_candidates(365)]
        assert due == ["2025-001", "2026-002", "2026-003"]
        store.purge(due, 365)
    after = compute(cases_of(path, town, clock), town, 2026)
    assert after.purged == 2
    assert (after.by_month, after.by_fact, after.by_status, after.median_days_to_close, after.sections) == (
        before.by_month, before.by_fact, before.by_status, before.median_days_to_close, before.sections)


def test_the_report_has_figures_and_labels_but_no_personal_data(path, town, clock):
    cases = cases_of(path, town, clock)
    text = report_text(compute(cases, town, 2026))
    for name in NAMES:
        assert name not in text and name.split()[0] not in text
    assert "note sur" not in text and "Résumé" not in text
    assert "Statistiques des cas — année 2026 : 4 cas" in text
    assert "mars 2026" in text and "Menaces d'agression ou de mort" in text
    assert "Délai médian : 7 jours entre l'ouverture et la clôture (2 cas clos)" in text
    assert "2. Activer les relais" in text and "50 %  (2/4)" in text
    assert all(len(line) <= 76 for _, line in report_lines(compute(cases, town, 2026)))


def test_median_in_the_report_uses_a_decimal_comma(path, town, clock):
    clock.set(datetime(2026, 4, 1, 9, 0, tzinfo=TZ))
    with open_store(path, clock=clock, content=town) as store:
        clock.advance(days=1)
        store.set_status("2026-001", "clos")  # 87 days; all years: 4, 10, 30, 87
    text = report_text(compute(cases_of(path, town, clock), town))
    assert "Délai médian : 20 jours" in text
    clock.set(clock.now + timedelta(days=1))
    with open_store(path, clock=clock, content=town) as store:
        store.set_status("2026-004", "clos")
    stats = compute(cases_of(path, town, clock), town, 2026)
    assert stats.median_days_to_close == (10 + 19) / 2  # 4, 10, 19, 87
    assert "Délai médian : 14,5 jours" in report_text(stats)


def test_figures_are_drawn_as_bars_readable_without_colour(path, town, clock):
    from harcelement_tui.core.stats import BAR_WIDTH, bar

    assert bar(0, 5).strip() == "·"
    assert bar(5, 5) == "█" * BAR_WIDTH
    assert bar(1, 2) == "█" * (BAR_WIDTH // 2) + " " * (BAR_WIDTH // 2)
    assert bar(1, 1000).strip() == "▏"  # a case is never drawn as nothing
    lines = [text for _, text in report_lines(compute(cases_of(path, town, clock), town, 2026))]
    months = {line.split()[0]: line for line in lines if line.startswith("  ") and " 2026 " in line}
    assert len(months) == 12
    assert months["février"].rstrip().endswith("·")  # no case: no bar, no "0"
    busiest = max(months.values(), key=lambda line: line.count("█"))
    assert "█" * BAR_WIDTH in busiest
    assert all(len(line) <= 76 for line in lines)
