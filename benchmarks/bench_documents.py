"""Documents benchmark: the case report (Markdown, PDF), the parents' sheet and the pupil's card.

Run by hand (not part of pytest), after installing the package::

    .venv/bin/pip install -q . && .venv/bin/python benchmarks/bench_documents.py
    .venv/bin/python benchmarks/bench_documents.py --entries 100 --repeat 20 --keep /tmp/docs

A case with ``--entries`` timeline entries (notes, calls, contacts, two steps, one piece of
evidence) is built through the store in a temporary directory. Measured in this process: the
first PDF (which registers the fonts), then medians of each document over ``--repeat`` runs, with
the Markdown report as the same-run baseline. Then the command line end to end
(``harcelement-tui report REF --format md|pdf``, ``sheet parents|eleve``: a new Python process
each, as a user runs it). ``--keep DIR`` writes the documents there, to look at them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from harcelement_tui.core.config import Config
from harcelement_tui.core.content import load_content
from harcelement_tui.core.report import build_report, build_report_pdf
from harcelement_tui.core.sheets import sheet_bytes
from harcelement_tui.core.sheets_content import load_sheets
from harcelement_tui.core.store import CaseStore


def make_case(path: Path, town, entries: int):
    moment = [datetime(2026, 3, 5, 14, 0, tzinfo=timezone(timedelta(hours=1)))]

    def clock():
        moment[0] += timedelta(minutes=17)
        return moment[0]

    with CaseStore(path, user="direction", clock=clock, content=town) as store:
        case = store.create_case(pupil="Léa Dupont", class_group="3B", facts=["menaces", "images_intimes"],
                                 platforms=["Snapchat", "Instagram"], reported_by="La mère",
                                 summary="Menaces de mort reçues en message privé ; photomontage diffusé.")
        store.set_step(case.ref, "prudence.jugement", True)
        store.set_step(case.ref, "relais.cpms_mediation", True, note="médiation prévenue")
        store.add_evidence(case.ref, description="Capture des messages de menace", where_kept="Téléphone de la mère",
                           platform="Snapchat", url="https://www.snapchat.com/add/auteur_presume")
        kinds = ("note", "appel", "contact")
        for number in range(entries - len(store.get(case.ref).timeline) - 1):
            kind = kinds[number % 3]
            store.add_note(case.ref, f"Entrée {number} : échange au sujet des messages reçus par Léa ; "
                           "l’élève dit se sentir « surveillée » — suite à donner…", kind=kind,
                           contact_id="mediation_scolaire" if kind == "contact" else None)
        return store.record_report(case.ref, "/tmp/rapport")


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="write the documents in this directory")
    args = parser.parse_args()

    town = load_content()
    sheets = load_sheets(None, town)
    config = Config(school_name="Institut Saint-Joseph", school_contact="Mme Martin, éducatrice")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "cases.json"
        case = make_case(data, town, args.entries)
        kwargs = dict(generated_at=case.timeline[-1].at, author="direction", school_name=config.school_name)
        start = time.perf_counter()
        pdf = build_report_pdf(case, town, **kwargs)
        first = (time.perf_counter() - start) * 1000
        rows = [
            ("report, Markdown (baseline)", median_ms(lambda: build_report(case, town, **kwargs), args.repeat)),
            ("report, PDF", median_ms(lambda: build_report_pdf(case, town, **kwargs), args.repeat)),
            ("report, PDF pseudonymised",
             median_ms(lambda: build_report_pdf(case, town, pseudonymise=True, **kwargs), args.repeat)),
            ("parents' sheet, PDF", median_ms(lambda: sheet_bytes("parents", sheets, town, config), args.repeat)),
            ("pupil's card, PDF", median_ms(lambda: sheet_bytes("eleve", sheets, town, config), args.repeat)),
        ]
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
        print(f"Case with {len(case.timeline)} timeline entries; PDF report {len(pdf) // 1024} KB, {pages} pages.")
        print(f"First PDF in the process (fonts registered): {first:.0f} ms\n")
        print("| document | median (ms) |\n|---|---|")
        for name, value in rows:
            print(f"| {name} | {value:.1f} |")

        command = [str(Path(sys.executable).with_name("harcelement-tui")), "--data", str(data)]
        out = Path(tmp) / "out"
        out.mkdir()
        runs = [
            ("report REF --format md", ["report", case.ref, "--format", "md"]),
            ("report REF --format pdf", ["report", case.ref, "--format", "pdf"]),
            ("sheet parents", ["sheet", "parents"]),
            ("sheet eleve", ["sheet", "eleve"]),
        ]
        print("\n| command (new process, wall time) | median (ms) |\n|---|---|")
        for name, extra in runs:
            def run(extra=extra):
                subprocess.run([*command, *extra, "-o", str(out) + "/", "--force"], check=True,
                               capture_output=True)
            print(f"| {name} | {median_ms(run, max(3, args.repeat // 3)):.0f} |")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for item in out.iterdir():
                (args.keep / item.name).write_bytes(item.read_bytes())
            (args.keep / "rapport-pseudonymise.pdf").write_bytes(
                build_report_pdf(case, town, pseudonymise=True, **kwargs))
            print(f"\nDocuments written to {args.keep}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
