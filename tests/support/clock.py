"""Time in the tests: a clock that stands still until told to move, in Brussels' winter offset."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=1))


class FrozenClock:
    """A clock for tests: returns the same aware datetime until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 5, 14, 0, 0, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.now = moment
