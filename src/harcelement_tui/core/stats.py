"""Statistics over cases, without personal data: counts, the median time to close, shares.

Pure functions over a list of cases and the town's content. Purged stubs count like any case (they
keep dates, status, fact categories and the steps done). Only figures and labels from ``content/``
come out: never a name, a class, a summary or any text typed by a user.

A case belongs to year Y when it was opened in Y (its opening date, in the time zone it was
written in). The time to close is counted in days, from the opening date to the closing date (see
:func:`harcelement_tui.core.retention.closed_at`), over the closed cases of the set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core import strings_docs as D
from harcelement_tui.core.content import Content
from harcelement_tui.core.model import Case
from harcelement_tui.core.retention import closed_at, opened_at
from harcelement_tui.core.summary import STATUS_LABELS, progress
from harcelement_tui.core.vocab import STATUSES

MONTHS = S.MONTHS

# Longest section title shown; longer ones are cut with "…".
TITLE_LIMIT = 44


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class Stats:
    year: int | None
    total: int
    purged: int
    by_month: tuple[Count, ...]
    by_fact: tuple[Count, ...]
    by_status: tuple[Count, ...]
    closed: int
    median_days_to_close: float | None
    sections: tuple[Share, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "total": self.total,
            "purged": self.purged,
            "by_month": {c.key: c.count for c in self.by_month},
            "by_fact": {c.key: c.count for c in self.by_fact},
            "by_status": {c.key: c.count for c in self.by_status},
            "closed": self.closed,
            "median_days_to_close": self.median_days_to_close,
            "sections_complete": {s.key: {"count": s.count, "total": s.total} for s in self.sections},
        }


def median(values: Iterable[float]) -> float | None:
    """The middle value; for an even count, the mean of the two middle ones; ``None`` if empty."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def case_year(case: Case) -> int:
    """The year ``case`` was opened (its reference's year if the date is unreadable)."""
    moment = opened_at(case)
    return moment.year if moment is not None else case.year


def days_to_close(case: Case) -> int | None:
    """Calendar days from opening to closing, or ``None`` for a case not closed."""
    opened, closed = opened_at(case), closed_at(case)
    if opened is None or closed is None:
        return None
    return max(0, (closed.date() - opened.date()).days)


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def month_label(key: str) -> str:
    """``2026-03`` -> ``mars 2026``."""
    year, month = key.split("-")
    return D.MONTH.format(month=MONTHS[int(month) - 1], year=year)


def compute(cases: Iterable[Case], town: Content, year: int | None = None) -> Stats:
    """The statistics of ``cases`` (those opened in ``year`` if given)."""
    chosen = [case for case in cases if year is None or case_year(case) == year]
    months: dict[str, int] = {}
    if year is not None:
        months = {f"{year:04d}-{m:02d}": 0 for m in range(1, 13)}
    for case in chosen:
        moment = opened_at(case)
        key = f"{moment.year:04d}-{moment.month:02d}" if moment is not None else f"{case.year:04d}-??"
        months[key] = months.get(key, 0) + 1
    by_month = tuple(Count(key, month_label(key) if "?" not in key else D.MONTH_UNREADABLE.format(year=key[:4]), n)
                     for key, n in sorted(months.items()))
    by_fact = tuple(Count(fact.id, fact.label, sum(1 for case in chosen if fact.id in case.facts))
                    for fact in town.facts)
    statuses = list(STATUSES) + sorted({c.status for c in chosen} - set(STATUSES))
    by_status = tuple(Count(s, STATUS_LABELS.get(s, s), sum(1 for c in chosen if c.status == s))
                      for s in statuses)
    durations = [d for d in (days_to_close(case) for case in chosen) if d is not None]
    complete = [progress(case, town).complete_sections for case in chosen]
    sections = tuple(Share(section.id, section.title, sum(1 for done in complete if section.id in done),
                           len(chosen))
                     for section in town.sections if section.steps)
    return Stats(
        year=year,
        total=len(chosen),
        purged=sum(1 for case in chosen if case.purged),
        by_month=by_month,
        by_fact=by_fact,
        by_status=by_status,
        closed=len(durations),
        median_days_to_close=median(durations),
        sections=sections,
    )


def _number(value: float) -> str:
    """``12.5`` -> ``12,5`` ; ``12.0`` -> ``12``."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


# Bars drawn with block characters: they read by length, without colour, in any terminal.
BAR_WIDTH = 24
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: float, largest: float, width: int = BAR_WIDTH) -> str:
    """``count`` as a bar of at most ``width`` cells, ``largest`` filling them all; exact to an
    eighth of a cell, at least a sliver for a count above zero, ``·`` for zero."""
    if count <= 0 or largest <= 0:
        return "·".ljust(width)
    eighths = max(1, round(8 * width * count / largest))
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def report_lines(stats: Stats) -> list[tuple[str, str]]:
    """The French report as ``(kind, text)`` lines; kind is ``title``, ``heading``, ``row`` or
    ``blank``. The command line prints the texts; the console styles them by kind."""
    scope = D.YEAR_SCOPE.format(year=stats.year) if stats.year is not None else D.ALL_YEARS
    lines: list[tuple[str, str]] = [("title", D.STATS_TITLE.format(scope=scope, total=stats.total))]
    if stats.purged:
        lines.append(("row", D.purged_count(stats.purged)))
    width = 32

    def rows(counts: tuple[Count, ...]) -> list[tuple[str, str]]:
        largest = max((c.count for c in counts), default=0)
        return [("row", f"  {short_title(c.label, width):<{width}} {bar(c.count, largest)} "
                        f"{c.count if c.count else '':>4}".rstrip()) for c in counts]

    lines += [("blank", ""), ("heading", D.BY_MONTH)]
    if not stats.by_month:
        lines.append(("row", D.NO_CASE))
    lines += rows(stats.by_month)
    lines += [("blank", ""), ("heading", D.BY_FACT)]
    lines += rows(stats.by_fact)
    lines += [("blank", ""), ("heading", D.BY_STATUS)]
    lines += rows(stats.by_status)
    lines += [("blank", ""), ("heading", D.TIME_TO_CLOSE)]
    if stats.median_days_to_close is None:
        lines.append(("row", D.NO_CLOSED))
    else:
        days = stats.median_days_to_close
        lines.append(("row", D.median_days(days, _number(days), stats.closed)))
    lines += [("blank", ""), ("heading", D.SECTIONS_COMPLETE)]
    for number, share in enumerate(stats.sections, 1):
        label = short_title(f"{number}. {share.label}", width)
        value = f"{share.percent} %" if share.total else "—"
        lines.append(("row", f"  {label:<{width}} {bar(share.count, share.total, 20)} {value:>5}  "
                             f"({share.count}/{share.total})"))
    return lines


def report_text(stats: Stats) -> str:
    return "\n".join(text for _, text in report_lines(stats)) + "\n"
