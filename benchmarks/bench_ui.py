"""Console benchmark in a pseudo-terminal (80x24), as a principal sees it over SSH.

Run by hand (not part of pytest)::

    .venv/bin/python benchmarks/bench_ui.py                       # 100, 1,000 and 10,000 cases
    .venv/bin/python benchmarks/bench_ui.py --sizes 10000 --repeat 3 --json /tmp/ui.json

For each size, realistic cases from ``gen_cases.py`` are written to a private temporary directory
(and rewritten once by the store, as the console leaves a file), then the real console (the
``harcelement-tui`` command installed beside this Python) runs in a pty with TERM=xterm-256color.
Every figure has its baseline measured in the same run:

* first paint: launch -> the first step of the procedure on screen; baseline: a bare Textual app
  (Header, a Label, Footer, ``bare_app.py``) launched the same way, alternately.
* keys: time from a key to the last byte of the screen update (until 0.3 s of silence);
  baseline: moving one row in the Procédure list, in the same console. Keys while a save runs:
  time to the first byte of the answer to a cursor key sent every ~40 ms just after ``Espace``
  ticked a step (the save runs in a worker thread); baseline: the same keys with no save running.
* Cas tab after ``4``, each filter keystroke, opening a case, keys while a note is being saved
  (the save of a note at 10,000 cases takes a few hundred ms in a worker thread); baseline for the
  last: the same key with no save running.
* bytes written to the terminal: switching tabs, moving one row in the case list, opening a case
  and going back.
* RSS (and peak) of the console process once the cases are loaded and a case was opened.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_cases import write_store  # noqa: E402
from pty_term import Term, plain  # noqa: E402

FIRST_STEP = "Éviter tout jugement"
DOWN, UP, ENTER, ESC = b"\x1b[B", b"\x1b[A", b"\r", b"\x1b"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HARCELEMENT", "XDG_", "TEXTUAL"))}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", HOME=str(home), LANG="C.UTF-8",
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"))
    return env


def console_argv(data: Path) -> list[str]:
    """The console as a principal starts it: the ``harcelement-tui`` command that pip installs
    beside this Python (a two-line script, launched like ``bare_app.py``); ``python -m`` when there
    is none (it also imports ``runpy``, a few milliseconds)."""
    command = Path(sys.executable).with_name("harcelement-tui")
    if command.is_file():
        return [str(command), "--data", str(data)]
    return [sys.executable, "-m", "harcelement_tui", "--data", str(data)]


def first_paint(data: Path, env: dict[str, str], repeat: int, before: Path | None = None) -> dict[str, float]:
    """Median seconds from launch to the first step on screen, console and bare app alternately.

    With ``before`` (a folder where another version of the package is installed, e.g. with
    ``pip install --no-deps --target DIR .`` at an older commit), that version is launched in the
    same rounds too (``PYTHONPATH=before``). The console's first launch of a round-robin writes its
    caches (parsed content): round 0 is not timed, as a user's second start is."""
    runs = [("bare", [sys.executable, str(HERE / "bare_app.py")], env), ("console", console_argv(data), env)]
    if before is not None:
        runs.append(("before", console_argv(data), {**env, "PYTHONPATH": str(before)}))
    times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    for round_ in range(repeat + 1):
        for name, argv, run_env in runs:
            with Term(argv, env=run_env) as term:
                seen = term.wait_text(FIRST_STEP, 60)
                if round_:  # round 0 warms the caches (the OS's and the console's own)
                    times[name].append(seen - term.started)
    medians = {name: statistics.median(values) for name, values in times.items()}
    out = {"console_s": medians["console"], "bare_s": medians["bare"], "ratio": medians["console"] / medians["bare"]}
    if before is not None:
        out.update(before_s=medians["before"], before_ratio=medians["before"] / medians["bare"])
    return out


def _written(data: Path) -> tuple[int, ...]:
    """What a save changes: the data file, or its journal (a save appends one record to it)."""
    journal = data.with_name(data.name + ".journal")
    return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in (data, journal)) + \
        ((journal.stat().st_size if journal.exists() else 0),)


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def session(data: Path, env: dict[str, str], repeat: int) -> dict[str, float]:
    """Keys, bytes and memory in one console session."""
    out: dict[str, float] = {}
    with Term(console_argv(data), env=env) as term:
        launched = term.started
        term.wait_text(FIRST_STEP, 60)
        # When can the list be used? Press 4 at once and wait for the header and a row.
        mark = len(term.output)
        term.send("4")
        term.wait_for(lambda screen: "Activ." in screen and "20" in screen.split("Activ.")[-1], 120, since=mark)
        out["cases_usable_after_launch_s"] = time.perf_counter() - launched
        term.settle(1.0)

        # Baseline key: one row down / up in the Procédure list.
        term.response(b"1")
        base = [term.response(DOWN if i % 2 == 0 else UP)[1] for i in range(repeat * 4)]
        out["baseline_key_ms"] = _ms(base)

        # Switching tabs: time and bytes.
        tab_times, tab_bytes = [], []
        for _ in range(repeat):
            for key in (b"4", b"1"):
                _, last, size, _ = term.response(key)
                if key == b"4":
                    tab_times.append(last)
                tab_bytes.append(size)
        out["cas_tab_after_4_ms"] = _ms(tab_times)
        out["tab_switch_bytes"] = statistics.median(tab_bytes)

        # One row down / up in the case list: time and bytes (no scrolling: rows 0 and 1).
        term.response(b"4")
        moves = [term.response(DOWN if i % 2 == 0 else UP) for i in range(repeat * 4)]
        out["case_row_move_ms"] = _ms([m[1] for m in moves])
        out["case_row_move_bytes"] = statistics.median(m[2] for m in moves)
        # Moving past the last row on screen scrolls the list: every row is redrawn.
        term.response(b"\x1b[H")  # Home
        scrolls = [term.response(DOWN)[2] for _ in range(25)]
        term.response(b"\x1b[H")
        out["case_row_scroll_bytes"] = max(scrolls)

        # Filter keystrokes: "/" then a query typed one key at a time, then cleared.
        keys = []
        for _ in range(repeat):
            term.response(b"/")
            for char in "lea 3":
                keys.append(term.response(char.encode())[1])
            for _ in "lea 3":
                keys.append(term.response(b"\x7f")[1])  # backspace
            term.response(ENTER)
        out["filter_key_ms"] = _ms(keys)

        # Opening a case (Enter) and going back (Escape alone: not read as Alt+key).
        opens, open_bytes, back_bytes = [], [], []
        for _ in range(repeat):
            _, last, size, _ = term.response(ENTER)
            opens.append(last)
            open_bytes.append(size)
            back_bytes.append(term.response(ESC, quiet=0.5)[2])
        out["open_case_ms"] = _ms(opens)
        # The first opening builds the case view; the next ones reuse it (the figure kept).
        out["open_case_first_bytes"] = open_bytes[0]
        out["open_case_bytes"] = statistics.median(open_bytes[1:] or open_bytes)
        out["close_case_bytes"] = statistics.median(back_bytes)

        # Keys while a save runs: with a case open (current), tick a step in Procédure (Espace
        # saves in a worker thread, no window), then move in the list every 40 ms meanwhile.
        term.response(ENTER)
        term.response(ESC, quiet=0.5)
        term.response(b"1")
        during, idle = [], []
        for i in range(repeat):
            term.settle(0.5)
            written = _written(data)
            term.send(b" ")
            time.sleep(0.01)
            for j in range(8):
                during.append(term.response(DOWN if j % 2 == 0 else UP, quiet=0.03, timeout=2)[0])
            term.settle(1.0)
            if _written(data) == written:
                raise RuntimeError("Espace did not save: the measure would be of nothing")
            for j in range(8):
                idle.append(term.response(DOWN if j % 2 == 0 else UP, quiet=0.03, timeout=2)[0])
        out["key_during_save_ms"] = _ms(during)
        out["key_during_save_max_ms"] = max(during) * 1000
        out["key_idle_ms"] = _ms(idle)
        term.settle(1.0)
        rss, peak = term.rss_mb()
        out["rss_mb"], out["peak_rss_mb"] = rss, peak
        if "Non enregistré" in plain(bytes(term.output)):
            raise RuntimeError("a note was not saved during the benchmark")
    return out


def prepare(work: Path, size: int) -> Path:
    data = write_store(work / str(size) / "cases.json", size)
    # The generator writes the older one-line layout; the console's first save rewrites a file in
    # its own layout, so measure the file as the console leaves it.
    subprocess.run(
        [sys.executable, "-c", "import sys; from harcelement_tui.core.storage import CaseStorage; "
         "s = CaseStorage(sys.argv[1], keep_backups=0); s.write(s.read()); s.close()", str(data)],
        check=True,
    )
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--first-paint-only", action="store_true",
                        help="only the first paint, on an empty store (no cases generated)")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also time the first paint of the version installed in DIR (same rounds)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    os.chmod(work, 0o700)
    results: dict[int, dict[str, float]] = {}
    try:
        env = _env(work / "home")
        (work / "home").mkdir(mode=0o700)
        empty = work / "empty" / "cases.json"
        print("empty store: first paint...", file=sys.stderr)
        results[0] = first_paint(empty, env, args.repeat, args.before)
        for size in [] if args.first_paint_only else args.sizes:
            print(f"{size} cases...", file=sys.stderr)
            data = prepare(work, size)
            results[size] = {**first_paint(data, env, args.repeat, args.before), **session(data, env, args.repeat),
                             "file_mb": data.stat().st_size / 1e6}
            if args.before is not None:  # the same session with the other version (keys prefixed)
                before = session(data, {**env, "PYTHONPATH": str(args.before)}, args.repeat)
                results[size].update({f"before_{key}": value for key, value in before.items()})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
