"""Issue 12, classes 1 and 2: valid JSON with a damaged structure, and values the code cannot use.

Hypothesis builds damaged-but-valid files from a real store, in each layout the store may meet
(its own one-document-per-line layout, an older single line, a pretty-printed hand edit): a key
twice at any level (a table, a document id, a field, a field of a history entry), two documents
with one reference or one uuid, dates at the ends of the calendar, extreme numbers, deep nesting.
Each file is either refused (CorruptStoreError, the file byte-identical, nothing written beside
it) or read whole: every document as written, every computation the console makes on it
working, and the next write keeping everything.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.clock import TZ, FrozenClock
from support.store import open_store

from harcelement_tui.core.deadlines import due_today, next_change, step_deadlines
from harcelement_tui.core.model import ValidationError
from harcelement_tui.core.retention import due_cases
from harcelement_tui.core.stats import compute
from harcelement_tui.core.storage import CorruptStoreError

NOW = datetime(2026, 3, 9, 10, 0, tzinfo=TZ)


class Obj(list):
    """A JSON object as its (key, value) pairs, so that a key may appear twice."""


def pairs(value: Any) -> Any:
    if isinstance(value, dict):
        return Obj((key, pairs(item)) for key, item in value.items())
    if isinstance(value, list):
        return [pairs(item) for item in value]
    return value


def render(value: Any, indent: int | None = None, level: int = 0) -> str:
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    colon = ":" if indent is None else ": "
    if isinstance(value, Obj):
        if not value:
            return "{}"
        inner = ",".join(f"{pad}{json.dumps(k, ensure_ascii=False)}{colon}{render(v, indent, level + 1)}"
                         for k, v in value)
        return "{" + inner + end + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[" + ",".join(pad + render(v, indent, level + 1) for v in value) + end + "]"
    return json.dumps(value, ensure_ascii=False)


def render_lines(top: Obj) -> str:
    """The store's own layout: one table head per line, one document per line."""
    out = ["{\n"]
    for index, (name, table) in enumerate(top):
        head = ("," if index else "") + json.dumps(name) + ":{"
        if not table:
            out.append(head + "}\n")
            continue
        out.append(head + "\n")
        for position, (key, doc) in enumerate(table):
            out.append(("," if position else "") + json.dumps(key) + ":" + render(doc) + "\n")
        out.append("}\n")
    out.append("}\n")
    return "".join(out)


LAYOUTS = {"lignes": render_lines, "une ligne": render, "indenté": lambda top: render(top, indent=2)}


def objects(value: Any, depth: int = 0) -> list[tuple[int, Obj]]:
    """Every object of the tree with its depth (0: the file, 1: a table, 2: a document...)."""
    found = []
    if isinstance(value, Obj):
        found.append((depth, value))
        for _, item in value:
            found.extend(objects(item, depth + 1))
    elif isinstance(value, list):
        for item in value:
            found.extend(objects(item, depth + 1))
    return found


def real_store() -> dict[str, Any]:
    """The data of a real store: three cases with notes, a done step, evidence, a status change."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "d" / "cases.json"
        clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=TZ))
        with open_store(path, clock=clock) as store:
            for pupil in ("Léa D.", "Noé V.", "Zoé K."):
                store.create_case(pupil=pupil, facts=["insultes", "menaces"])
            store.add_note("2026-001", "Appel de la mère", kind="appel", contact_id="mediation_scolaire")
            store.set_step("2026-001", "prudence.jugement", True, note="fait")
            store.add_evidence("2026-002", description="capture", where_kept="coffre")
            store.set_status("2026-003", "clos")
        return orjson.loads(path.read_bytes())


BASE = real_store()

DUPLICATES = ("clé en double", "référence en double", "uuid en double")
EXTREMES = [
    ("opened_at", "9999-12-31T23:59:59+01:00"), ("opened_at", "9999-12-31T23:59:59-14:00"),
    ("opened_at", "0001-01-01T00:00:00+14:00"), ("updated_at", "9999-12-31T23:59:59+01:00"),
    ("follow_up", "9999-12-31"), ("follow_up", "0001-01-01"), ("version", 2**63 - 1),
    ("version", 2**64 - 1), ("version", -(2**63)), ("version", 1.7976931348623157e308), ("version", 5e-324),
]


@st.composite
def damaged(draw) -> tuple[str, str, bool]:
    """(what was done, the file's text, whether it must be refused)."""
    data = json.loads(json.dumps(BASE))
    kind = draw(st.sampled_from(DUPLICATES + ("date ou nombre extrême", "imbrication")))
    layout = draw(st.sampled_from(sorted(LAYOUTS)))
    cases = data["cases"]
    ids = sorted(cases)
    if kind == "référence en double" or kind == "uuid en double":
        field = "ref" if kind.startswith("réf") else "uuid"
        a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        cases[b][field] = cases[a][field]
    elif kind == "date ou nombre extrême":
        field, value = draw(st.sampled_from(EXTREMES))
        target = cases[draw(st.sampled_from(ids))]
        where = draw(st.sampled_from(["case", "timeline", "step"] if isinstance(value, str) else ["case"]))
        if where == "timeline":
            target["timeline"][-1]["at"] = value
        elif where == "step" and target.get("steps"):
            next(iter(target["steps"].values()))["done_at"] = value
        else:
            target[field] = value
        if target.get("status") == "clos" and field == "updated_at":
            target["timeline"][-1]["at"] = value  # the closing date the retention counts from
    elif kind == "imbrication":
        depth = draw(st.integers(1, 400))
        nested: Any = "fond"
        for level in range(depth):
            nested = [nested] if level % 2 else {"n": nested}
        cases[draw(st.sampled_from(ids))]["x_extra"] = nested
    tree = pairs(data)
    if kind == "clé en double":
        nodes = [node for node in objects(tree) if node[1]]
        depth, node = draw(st.sampled_from(nodes))
        key, value = node[draw(st.integers(0, len(node) - 1))]
        # A table or a document stays an object (the line layout can only hold objects there).
        copy = draw(st.sampled_from([value] if depth <= 1 else [value, "autre valeur", None, 7]))
        node.insert(draw(st.integers(0, len(node))), (key, copy))
        kind = f"clé en double au niveau {depth}"
    return kind + " · " + layout, LAYOUTS[layout](tree), kind != "date ou nombre extrême" and kind != "imbrication"


def computations(store, town) -> None:
    """What the console computes on open: every case, deadlines, today's list, retention, stats."""
    cases = store.list()
    for case in cases:
        step_deadlines(case, town, NOW)
        list(case.timeline), list(case.evidence), dict(case.steps)
    next_change(due_today(cases, town, NOW), NOW)
    next_change(due_today(cases, town, NOW + timedelta(days=3000)), NOW)
    due_cases(cases, NOW, 36500)
    due_cases(cases, NOW, 1)
    compute(cases, town)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_file_is_refused_unchanged_or_read_whole_and_kept_whole(town, made):
    what, text, must_refuse = made
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "d" / "cases.json"
        path.parent.mkdir(mode=0o700)
        raw = text.encode("utf-8")
        path.write_bytes(raw)
        os.chmod(path, 0o600)
        expected = orjson.loads(raw) if not must_refuse else None
        try:
            store = open_store(path, clock=FrozenClock(NOW), content=town, step_ids=None)
            with store:
                store.list()
        except CorruptStoreError as refused:
            assert path.read_bytes() == raw, what
            assert sorted(os.listdir(path.parent)) == ["cases.json", "cases.json.lock"], what
            assert "il n'a pas été modifié" in str(refused)
            return
        assert not must_refuse, f"{what}: read as if fine"
        with open_store(path, clock=FrozenClock(NOW), content=town) as store:
            assert store.storage.read() == expected, what
            computations(store, town)
            for case in store.list():  # a write to each case: accepted, or refused in French
                try:
                    store.add_note(case.ref, "après")
                except ValidationError as refused:
                    assert refused.field == "version", what
        after = orjson.loads(path.read_bytes())
        assert sorted(after["cases"]) == sorted(expected["cases"]), what
        changed = ("timeline", "version", "updated_at", "updated_by")
        for doc_id, doc in expected["cases"].items():
            kept = after["cases"][doc_id]
            assert kept["timeline"][:len(doc["timeline"])] == doc["timeline"], what
            assert {k: v for k, v in kept.items() if k not in changed} == \
                {k: v for k, v in doc.items() if k not in changed}, what


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_a_key_twice_is_refused_at_every_level_and_layout(tmp_path, layout, level):
    """The deterministic core of the property above: one duplicate per level and layout."""
    tree = pairs(json.loads(json.dumps(BASE)))
    node = [n for d, n in objects(tree) if d == level and n][0]
    node.append(node[0])
    raw = LAYOUTS[layout](tree).encode()
    path = tmp_path / "d" / "cases.json"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    with pytest.raises(CorruptStoreError) as refused:
        open_store(path)
    assert path.read_bytes() == raw
    assert "apparaît deux fois" in str(refused.value)
