"""Step deadlines (content/procedure.yaml ``deadline:``): states on both sides of each boundary,
what counts as late, the "Aujourd'hui" list, and a town's mistakes in the format."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from harcelement_tui.core.content import load_content, parse_deadline
from harcelement_tui.core.deadlines import (
    DUE_TODAY,
    OVERDUE,
    TO_DO,
    due_today,
    next_change,
    overdue_count,
    step_deadlines,
)
from harcelement_tui.core.errors import ContentError
from harcelement_tui.core.model import Case

from support.clock import TZ
from support.store import raw_case
from support.paths import packaged

UTC = timezone.utc
OPENED = "2026-03-02T09:30:00+01:00"  # a Monday morning
HOURS, DAYS, PLAIN = "prudence.soutien", "parents.securite", "prudence.jugement"


def at(day: int, hour: int = 0, minute: int = 0, second: int = 0, tz=TZ) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=tz)


def town_with(town, deadlines: dict[str, str] | None = None):
    """The packaged procedure with exactly these deadlines (step id -> ``48h``), none repeated."""
    wanted = {key: parse_deadline(value) for key, value in (deadlines or {}).items()}
    sections = tuple(
        replace(section, steps=tuple(replace(step, deadline=wanted.get(step.id), repeat=None) for step in section.steps))
        for section in town.sections
    )
    return replace(town, sections=sections)


@pytest.fixture
def procedure(town):
    """48 h to hear the pupil, 5 days to call the parents, nothing on the other steps."""
    return town_with(town, {HOURS: "48h", DAYS: "5j"})


def case(ref: str = "2026-001", **fields) -> Case:
    fields.setdefault("opened_at", OPENED)
    return Case.from_dict(raw_case(ref, **fields))


def done(*step_ids: str) -> dict:
    return {sid: {"done_at": "2026-03-02T10:00:00+01:00", "done_by": "direction", "note": ""} for sid in step_ids}


def state_of(step_id: str, a_case: Case, town, now: datetime) -> str | None:
    return next((due.state for due in step_deadlines(a_case, town, now) if due.step.id == step_id), None)


# -- hours: due at opening + 48 h -------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(3, 23, 59, 59), TO_DO),       # the evening before the due day
        (at(4, 0, 0, 0), DUE_TODAY),      # midnight: the due day has come
        (at(4, 9, 29, 59), DUE_TODAY),    # one second before the deadline
        (at(4, 9, 30, 0), DUE_TODAY),     # the deadline moment itself is still on time
        (at(4, 9, 30, 1), OVERDUE),       # one second after
        (at(5, 0, 0, 0), OVERDUE),
    ],
)
def test_an_hours_deadline_on_both_sides_of_each_boundary(procedure, now, expected):
    assert state_of(HOURS, case(), procedure, now) == expected


def test_an_hours_deadline_is_a_moment_shown_in_the_viewers_time_zone(procedure):
    due = next(d for d in step_deadlines(case(), procedure, at(3)) if d.step.id == HOURS)
    assert (due.due_date, due.whole_day) == (date(2026, 3, 4), False)
    assert due.due == at(4, 9, 30)
    # 23:30 UTC on the 3rd is 00:30 on the 4th in Brussels: the local day decides "aujourd'hui".
    same_instant = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
    assert state_of(HOURS, case(), procedure, same_instant) == TO_DO
    assert state_of(HOURS, case(), procedure, same_instant.astimezone(TZ)) == DUE_TODAY


# -- days: due by the end of the 5th day after the day of opening -------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(6, 23, 59, 59), TO_DO),
        (at(7, 0, 0, 0), DUE_TODAY),
        (at(7, 9, 30, 1), DUE_TODAY),     # no hour of the day: the opening's hour does not count
        (at(7, 23, 59, 59), DUE_TODAY),
        (at(8, 0, 0, 0), OVERDUE),
    ],
)
def test_a_days_deadline_on_both_sides_of_midnight(procedure, now, expected):
    assert state_of(DAYS, case(), procedure, now) == expected


def test_a_days_deadline_counts_from_the_day_of_opening_not_its_hour(procedure):
    late_evening = case(opened_at="2026-03-02T23:50:00+01:00")
    due = next(d for d in step_deadlines(late_evening, procedure, at(3)) if d.step.id == DAYS)
    assert (due.due_date, due.whole_day) == (date(2026, 3, 7), True)
    assert due.due == at(8)  # late from the midnight that ends the 7th


# -- what has no deadline --------------------------------------------------------------------


def test_only_steps_not_done_with_a_deadline_are_listed(procedure):
    now = at(20)
    fresh = case()
    assert [d.step.id for d in step_deadlines(fresh, procedure, now)] == [HOURS, DAYS]
    assert overdue_count(fresh, procedure, now) == 2
    half = case(steps=done(HOURS, PLAIN))
    assert [d.step.id for d in step_deadlines(half, procedure, now)] == [DAYS]
    assert overdue_count(half, procedure, now) == 1
    finished = case(steps=done(HOURS, DAYS))
    assert step_deadlines(finished, procedure, now) == []
    assert overdue_count(finished, procedure, now) == 0


def test_a_closed_case_has_nothing_due_but_a_case_in_follow_up_does(procedure):
    now = at(20)
    assert step_deadlines(case(status="clos"), procedure, now) == []
    assert overdue_count(case(status="clos"), procedure, now) == 0
    assert overdue_count(case(status="suivi"), procedure, now) == 2


def test_a_procedure_without_deadlines_has_nothing_due(town):
    bare = town_with(town)
    assert bare.deadline_steps == ()
    assert step_deadlines(case(), bare, at(20)) == []
    assert overdue_count(case(), bare, at(20)) == 0
    assert due_today([case(follow_up="2026-03-01")], bare, at(20), follow_ups=False) == []


def test_a_case_whose_opening_cannot_be_read_has_no_deadlines(procedure):
    assert step_deadlines(case(opened_at="hier"), procedure, at(20)) == []
    assert overdue_count(case(opened_at=""), procedure, at(20)) == 0


def test_overdue_count_counts_only_late_steps(procedure):
    on_the_due_day = at(4, 12)  # 48 h passed at 09:30; the 5-day step is still ahead
    assert [d.state for d in step_deadlines(case(), procedure, on_the_due_day)] == [OVERDUE, TO_DO]
    assert overdue_count(case(), procedure, on_the_due_day) == 1


# -- the "Aujourd'hui" list ----------------------------------------------------------------------


def test_due_today_lists_late_and_due_items_most_overdue_first(procedure):
    now = at(7, 10)
    cases = [
        case("2026-001"),                                               # 48 h late since the 4th; 5 days: today
        case("2026-002", opened_at="2026-03-05T11:00:00+01:00"),        # 48 h: today 11:00
        case("2026-003", opened_at="2026-03-07T08:00:00+01:00"),        # nothing due yet
        case("2026-004", status="clos"),                                # closed: never listed
        case("2026-005", opened_at="2026-03-06T09:00:00+01:00", follow_up="2026-03-06", steps=done(HOURS)),
        case("2026-006", opened_at="2026-03-06T09:00:00+01:00", follow_up="2026-03-07", pupil="Zoé"),
    ]
    items = due_today(cases, procedure, now)
    listed = [(item.ref, item.step.id if item.step else "suivi", item.state) for item in items]
    assert listed == [
        ("2026-001", HOURS, OVERDUE),      # late since 04/03 09:30
        ("2026-005", "suivi", OVERDUE),    # follow-up was yesterday
        ("2026-002", HOURS, DUE_TODAY),    # today before 11:00
        ("2026-001", DAYS, DUE_TODAY),     # today, by midnight
        ("2026-006", "suivi", DUE_TODAY),
    ]
    assert items[-1].pupil == "Zoé"
    assert len({item.key for item in items}) == len(items)
    without = due_today(cases, procedure, now, follow_ups=False)
    assert [item.step is None for item in without] == [False, False, False]


def test_due_today_is_empty_when_nothing_is_due(procedure):
    assert due_today([], procedure, at(7)) == []
    assert due_today([case(steps=done(HOURS, DAYS))], procedure, at(20)) == []


def test_the_list_changes_at_a_due_hour_or_at_midnight(procedure):
    now = at(4, 8)
    items = due_today([case()], procedure, now)
    assert [item.state for item in items] == [DUE_TODAY]
    change = next_change(items, now)
    assert change == at(4, 9, 30, 1)
    assert [item.state for item in due_today([case()], procedure, change)] == [OVERDUE]
    later = at(4, 12)
    assert next_change(due_today([case()], procedure, later), later) == at(5)


# -- the packaged procedure and a town's own ---------------------------------------------------------


def test_the_packaged_procedure_has_the_domains_deadlines(town):
    deadlines = {step.id: step.deadline.label for step in town.deadline_steps}
    assert deadlines["prudence.soutien"] == "48 h"          # the targeted pupil heard within 48 h
    assert deadlines["parents.securite"] == "5 jours"       # the other parties within 5 days
    assert deadlines["ecole.pouvoir_organisateur"] == "15 jours"  # the 15-day review
    assert set(deadlines) <= town.step_ids()


@pytest.mark.parametrize("written", ["48h", "48 H", " 5j ", "5 J", "999j"])
def test_a_town_may_write_a_deadline_in_hours_or_days(tmp_path, written):
    (tmp_path / "procedure.yaml").write_text(
        packaged("procedure.yaml").replace("        deadline: 48h", f"        deadline: '{written}'", 1), encoding="utf-8")
    content = load_content(tmp_path)
    assert content.step("prudence.soutien").deadline == parse_deadline(written)


@pytest.mark.parametrize("written", ["48", "48 heures", "2 semaines", "0h", "-1j", "1000j", "j5", "1.5j", "[48h]"])
def test_a_bad_deadline_is_refused_in_french_with_the_file_and_step(tmp_path, written):
    path = tmp_path / "procedure.yaml"
    path.write_text(packaged("procedure.yaml").replace("        deadline: 48h", f"        deadline: {written}", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"Contenu invalide : {path}, entrée « prudence.soutien » : délai « deadline » invalide")
    assert "48h ou 5j" in message


def test_deadline_moments_do_not_depend_on_the_time_the_list_is_made(procedure):
    """The same case seen a day apart keeps the same due moments (only the states move)."""
    first = step_deadlines(case(), procedure, at(3))
    second = step_deadlines(case(), procedure, at(3) + timedelta(days=1))
    assert [d.due for d in first] == [d.due for d in second]
    assert [d.state for d in first] != [d.state for d in second]
