from datetime import date, datetime

import pytest

from harcelement_tui.core.dates import (
    DateFormatError,
    NoSuchDateError,
    format_user_date,
    parse_user_date,
    parse_user_datetime,
)


@pytest.mark.parametrize("text", ["26/11/2026", "26.11.2026", "26-11-2026", "2026-11-26", " 26/11/2026 "])
def test_dates_as_typed_in_belgium_or_iso(text):
    assert parse_user_date(text) == date(2026, 11, 26)


@pytest.mark.parametrize(("text", "error"), [("31/11/2026", NoSuchDateError), ("29/02/2027", NoSuchDateError),
                                             ("20261126", DateFormatError), ("demain", DateFormatError),
                                             ("11/26", DateFormatError)])
def test_a_wrong_day_is_told_apart_from_a_wrong_format(text, error):
    with pytest.raises(error):
        parse_user_date(text)


def test_date_and_time():
    assert parse_user_datetime("05/03/2026 14:30") == datetime(2026, 3, 5, 14, 30)
    assert parse_user_datetime("05/03/2026 9h05") == datetime(2026, 3, 5, 9, 5)
    with pytest.raises(NoSuchDateError):
        parse_user_datetime("05/03/2026 25:00")
    with pytest.raises(DateFormatError):
        parse_user_datetime("05/03/2026")


def test_dates_are_shown_as_typed():
    assert format_user_date("2026-03-05") == "05/03/2026"
    assert format_user_date(date(2027, 1, 4)) == "04/01/2027"
    assert format_user_date(None) == ""


def test_times_are_shown_in_the_readers_local_time_whatever_offset_wrote_them():
    from harcelement_tui.core.summary import short_datetime

    # Brussels (the tests' local zone): UTC+1 in winter, UTC+2 in summer.
    assert short_datetime("2026-03-05T13:02:11+00:00") == "05/03/2026 14:02"
    assert short_datetime("2026-03-05T14:02:11+01:00") == "05/03/2026 14:02"
    assert short_datetime("2026-07-01T08:00:00-04:00") == "01/07/2026 14:00"


def test_a_follow_up_change_reads_as_dates_and_keeps_its_quotes_on_one_line():
    from harcelement_tui.core.dates import NBSP, readable_dates
    from harcelement_tui.core.model import describe_value

    assert describe_value("follow_up", "2026-12-06") == f"«{NBSP}06/12/2026{NBSP}»"
    old = "Modification : Prochain suivi : « 2026-12-06 » → « 2026-11-29 »"
    assert readable_dates(old) == (f"Modification : Prochain suivi : «{NBSP}06/12/2026{NBSP}» → "
                                   f"«{NBSP}29/11/2026{NBSP}»")
    assert readable_dates("Cas 2026-001 « 3B »") == "Cas 2026-001 « 3B »"
