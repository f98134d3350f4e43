"""People in a case (issue 14): what the hearing deadlines and the filter cost across many open cases.

Builds cases in memory (no file): N open cases with 0 people each (the same-run baseline), then
with K people (victim, two alleged authors, a witness, none heard). Times, best of 5:
``due_today`` (the Aujourd'hui tab), ``overdue_count`` for every case (the Retard column),
``search_fields`` for every case (the Cas filter's texts).

    .venv/bin/pip install -q . && .venv/bin/python benchmarks/bench_people.py [N] [K]
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta, timezone

from harcelement_tui.core.content import load_content
from harcelement_tui.core.deadlines import due_today, overdue_count
from harcelement_tui.core.model import Case, Person
from harcelement_tui.core.summary import search_fields

ROLES = ("victime", "auteur", "auteur", "temoin")
TZ = timezone(timedelta(hours=1))
OPENED = "2026-03-01T10:00:00+01:00"


def cases(count: int, people: int) -> list[Case]:
    return [Case(ref=f"2026-{i + 1:03d}", uuid="", opened_at=OPENED, opened_by="d", updated_at=OPENED,
                 updated_by="d", version=1, pupil=f"Élève {i}",
                 people=tuple(Person(id=f"p{j + 1}", role=ROLES[j % len(ROLES)], name=f"Nom {i} {j}",
                                     added_at=OPENED) for j in range(people)))
            for i in range(count)]


def best(call, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    town = load_content()
    now = datetime(2026, 3, 10, 12, tzinfo=TZ)  # every step and person late: the worst case
    for k in (0, people):
        listed = cases(count, k)
        print(f"{count} open cases, {k} people each: "
              f"due_today {best(lambda: due_today(listed, town, now)):.0f} ms · "
              f"overdue_count {best(lambda: [overdue_count(c, town, now) for c in listed]):.0f} ms · "
              f"search_fields {best(lambda: [search_fields(c, town) for c in listed]):.0f} ms")


if __name__ == "__main__":
    main()
