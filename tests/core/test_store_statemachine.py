"""Random sequences of API calls, from two sessions and across reopenings, against a plain model."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from support.clock import FrozenClock
from support.store import open_store

from harcelement_tui.core.model import ValidationError
from harcelement_tui.core.vocab import FACT_IDS, STATUSES

STEPS = ("prudence.jugement", "prudence.soutien", "relais.cpms_mediation")
words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
texts = st.one_of(words, words, words, st.sampled_from(["", "  ", "\t\n"]))  # sometimes blank
UNKNOWN = "2026-999"


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="hyp-store-"))
        self.path = self.dir / "data" / "cases.json"
        self.clock = FrozenClock()
        self.stores = [self._open("a"), self._open("b")]
        self.model: dict[str, dict] = {}

    def _open(self, user: str):
        return open_store(self.path, user=user, clock=self.clock, step_ids=STEPS, lock_timeout=5)

    def teardown(self) -> None:
        for store in self.stores:
            store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # Each call: the store either raises ValidationError (and the model says so) or agrees.
    def _call(self, which: int, expect_error: bool, method: str, *args, **kwargs):
        store = self.stores[which]
        if expect_error:
            try:
                getattr(store, method)(*args, **kwargs)
            except ValidationError:
                return None
            raise AssertionError(f"{method}{args}{kwargs} should have been refused")
        return getattr(store, method)(*args, **kwargs)

    def _ref(self, data) -> str:
        """Mostly an existing case, sometimes an unknown reference."""
        return data.draw(st.sampled_from(sorted(self.model) * 4 + [UNKNOWN]))

    def _bump(self, ref: str, kind: str) -> None:
        entry = self.model[ref]
        entry["version"] += 1
        entry["kinds"].append(kind)

    @initialize(pupils=st.lists(words.filter(str.strip), min_size=1, max_size=3))
    def first_cases(self, pupils):
        for pupil in pupils:
            self.create(0, pupil, [])

    @rule(which=st.integers(0, 1), pupil=texts,
          facts=st.lists(st.sampled_from(FACT_IDS + ("vol",)), max_size=3))
    def create(self, which, pupil, facts):
        bad = not pupil.strip() or "vol" in facts
        case = self._call(which, bad, "create_case", pupil=pupil, facts=facts)
        if bad:
            return
        year = self.clock().year
        numbers = [int(r.split("-")[1]) for r in self.model if r.startswith(f"{year}-")]
        expected = f"{year}-{max(numbers, default=0) + 1:03d}"
        assert case.ref == expected
        self.model[expected] = {"pupil": pupil.strip(), "facts": tuple(f for f in FACT_IDS if f in facts),
                                "status": "ouvert", "steps": {}, "version": 1, "kinds": ["statut"],
                                "notes": [], "evidence": 0, "summary": ""}

    @rule(which=st.integers(0, 1), data=st.data(), text=texts,
          kind=st.sampled_from(["note", "note", "appel", "contact", "statut"]))
    def note(self, which, data, text, kind):
        ref = self._ref(data)
        bad = ref not in self.model or not text.strip() or kind == "statut"
        self._call(which, bad, "add_note", ref, text, kind=kind)
        if not bad:
            self._bump(ref, kind)
            self.model[ref]["notes"].append(text.strip())

    @rule(which=st.integers(0, 1), data=st.data(), step=st.sampled_from(STEPS + ("inconnue",)),
          done=st.booleans(), note=st.sampled_from(["", "ok", " vu "]))
    def step(self, which, data, step, done, note):
        ref = self._ref(data)
        bad = ref not in self.model or step == "inconnue"
        self._call(which, bad, "set_step", ref, step, done, note=note)
        if bad:
            return
        steps = self.model[ref]["steps"]
        if done and steps.get(step) != note.strip():
            steps[step] = note.strip()
            self._bump(ref, "etape")
        elif not done and step in steps:
            del steps[step]
            self._bump(ref, "etape")

    @rule(which=st.integers(0, 1), data=st.data(), status=st.sampled_from(STATUSES + ("archive",)))
    def status(self, which, data, status):
        ref = self._ref(data)
        bad = ref not in self.model or status == "archive"
        self._call(which, bad, "set_status", ref, status)
        if not bad and self.model[ref]["status"] != status:
            self.model[ref]["status"] = status
            self._bump(ref, "statut")

    @rule(which=st.integers(0, 1), data=st.data(), pupil=st.none() | texts, summary=st.none() | texts)
    def update(self, which, data, pupil, summary):
        ref = self._ref(data)
        fields = {k: v for k, v in (("pupil", pupil), ("summary", summary)) if v is not None}
        bad = ref not in self.model or (pupil is not None and not pupil.strip())
        self._call(which, bad, "update_fields", ref, **fields)
        if bad:
            return
        entry = self.model[ref]
        changed = {k: v.strip() for k, v in fields.items() if entry[k] != v.strip()}
        if changed:
            entry.update(changed)
            self._bump(ref, "modification")

    @rule(which=st.integers(0, 1), data=st.data(), description=texts)
    def evidence(self, which, data, description):
        ref = self._ref(data)
        bad = ref not in self.model or not description.strip()
        self._call(which, bad, "add_evidence", ref, description=description, where_kept="coffre")
        if not bad:
            self.model[ref]["evidence"] += 1
            self._bump(ref, "preuve")

    @rule(days=st.integers(0, 200))
    def time_passes(self, days):
        self.clock.advance(days=days)

    @precondition(lambda self: len(self.model) > 0)
    @rule(which=st.integers(0, 1))
    def reopen(self, which):
        self.stores[which].close()
        self.stores[which] = self._open("ab"[which])

    @invariant()
    def store_matches_model(self):
        for store in self.stores:
            cases = store.list()
            assert [c.ref for c in cases] == sorted(self.model, key=lambda r: (int(r[:4]), int(r[5:])))
            for case in cases:
                expected = self.model[case.ref]
                assert case.pupil == expected["pupil"]
                assert case.summary == expected["summary"]
                assert case.facts == expected["facts"]
                assert case.status == expected["status"]
                assert {k: v.note for k, v in case.steps.items()} == expected["steps"]
                assert case.version == expected["version"]
                assert [e.kind for e in case.timeline] == expected["kinds"]
                assert [e.version for e in case.timeline] == list(range(1, case.version + 1))
                assert [e.text for e in case.timeline if e.kind in ("note", "appel", "contact")] == expected["notes"]
                assert len(case.evidence) == expected["evidence"]


StoreMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_store_matches_a_plain_model = StoreMachine.TestCase
