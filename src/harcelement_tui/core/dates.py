"""Dates as principals in Belgium type and read them: ``JJ/MM/AAAA`` (ISO ``AAAA-MM-JJ`` accepted)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from harcelement_tui.core import strings as S

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})[:hH](\d{2})")


# Dates a case may carry (typed, imported, configured). Far from both ends of Python's calendar
# (years 1 to 9999), so that adding any deadline (at most 999 days) or the retention period (at
# most MAX_RETENTION_DAYS) to one of them stays computable.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)
DATE_RANGE_TEXT = S.DATE_RANGE
MAX_RETENTION_DAYS = 36500
"""Longest retention period (100 years): ``retention_days`` is refused above it."""


class DateRangeError(ValueError):
    """The date exists but is outside :data:`DATE_MIN` .. :data:`DATE_MAX`."""


def in_range(day: date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def add_days(day: date, days: int) -> date:
    """``day + days``, held at the ends of the calendar instead of raising ``OverflowError``."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def shift(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, held at the ends of the calendar (same time zone) instead of raising."""
    try:
        return moment + delta
    except OverflowError:
        edge = datetime.max if delta > timedelta(0) else datetime.min
        return edge.replace(tzinfo=moment.tzinfo)


def to_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    """``moment.astimezone(zone)``, or ``moment`` itself where that would leave the calendar."""
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return moment


class DateFormatError(ValueError):
    """The text is not a date in a known format."""


class NoSuchDateError(ValueError):
    """The text has the right format but the day does not exist (31/11, 29/02/2027...)."""


def parse_user_date(text: str) -> date:
    """``"26/11/2026"``, ``"26.11.2026"`` or ``"2026-11-26"`` -> ``date(2026, 11, 26)``."""
    text = text.strip()
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateFormatError(text)
    try:
        value = date(year, month, day)
    except ValueError:
        raise NoSuchDateError(text) from None
    if not in_range(value):
        raise DateRangeError(text)
    return value


def parse_user_datetime(text: str) -> datetime:
    """``"05/03/2026 14:30"`` (or ``14h30``, or an ISO date) -> a naive local datetime."""
    parts = text.split()
    if len(parts) != 2 or not (time := _TIME.fullmatch(parts[1])):
        raise DateFormatError(text)
    day = parse_user_date(parts[0])
    hour, minute = int(time.group(1)), int(time.group(2))
    if hour > 23 or minute > 59:
        raise NoSuchDateError(text)
    return datetime(day.year, day.month, day.day, hour, minute)


# Inside French quotes, a no-break space: the closing » never starts a line on its own.
NBSP = "\u00a0"
_QUOTED_ISO_DATE = re.compile(r"«\s*(\d{4}-\d{2}-\d{2})\s*»")


def quoted(text: str) -> str:
    """``"3B"`` -> ``"« 3B »"`` with no-break spaces (kept together when a line wraps)."""
    return f"«{NBSP}{text}{NBSP}»"


def readable_dates(text: str) -> str:
    """Quoted ISO dates in a text written by an older version (``« 2026-12-06 »``) as people read
    them: ``« 06/12/2026 »``, kept on one line."""
    return _QUOTED_ISO_DATE.sub(lambda m: quoted(format_user_date(m.group(1))), text)


def local_datetime(timestamp: str) -> datetime:
    """An ISO timestamp in the reader's local time, whatever offset the writing session had
    (a naive one is taken as local)."""
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone()
    except (OverflowError, OSError):  # at the ends of the calendar: shown as written
        return moment


def format_user_date(value: date | str | None) -> str:
    """``date`` or ISO text -> ``"26/11/2026"``; empty for ``None``; unknown text as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


_WEEKDAYS = S.WEEKDAYS
_MONTHS = S.MONTHS


def long_date(day: date) -> str:
    """``date(2026, 3, 5)`` -> ``"jeudi 5 mars 2026"`` (``1er`` for the first day of a month)."""
    number = S.FIRST_DAY if day.day == 1 else str(day.day)
    return S.LONG_DATE.format(weekday=_WEEKDAYS[day.weekday()], day=number, month=_MONTHS[day.month - 1],
                              year=day.year)
