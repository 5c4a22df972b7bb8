"""Normalization throughput over the corpus: stories per second, median of runs.

    .venv/bin/python bench/normalize_throughput.py [--runs 5] [--repeat 3] [--dir DIR] [--steps]

Every case of ``tests/corpus/cases`` is normalized ``--repeat`` times per run; a run's figure
is (cases x repeat) / wall time, and the figure reported is the median over ``--runs`` runs
(after one untimed warm-up pass, so lazy imports and regex compilation are not counted).

Two references are measured in the same process over the same texts, to frame the figure:
``ftfy.fix_text`` + ``str.splitlines`` (the cheapest possible "repair the characters and
cut into lines", which the pipeline also does as its first steps) and ``json.dumps`` (a
floor: touching every character once in C). ``--steps`` adds the time per pipeline step
(uses the pipeline's internal ``STEPS``; skipped if that changes shape).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

from wire.corpus import Case, load_cases, make_copy  # noqa: E402
from wire.errors import WireError  # noqa: E402
from wire.normalize import Resources, load_resources, normalize  # noqa: E402


def time_runs(work: Callable[[], int], runs: int) -> list[float]:
    """Items per second of ``work`` (which returns how many items it handled), per run."""
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        n = work()
        rates.append(n / (time.perf_counter() - t0))
    return rates


def normalize_all(cases: Sequence[Case], resources: Resources, repeat: int) -> int:
    done = 0
    for _ in range(repeat):
        for case in cases:
            # a case the pipeline refuses still cost its time; count it
            with contextlib.suppress(WireError):
                normalize(make_copy(case), resources)
            done += 1
    return done


def per_case_ms(cases: Sequence[Case], resources: Resources, repeat: int) -> list[tuple[float,
                                                                                       str, int]]:
    """(median ms, case name, chars) per case, slowest first."""
    rows = []
    for case in cases:
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            with contextlib.suppress(WireError):
                normalize(make_copy(case), resources)
            samples.append((time.perf_counter() - t0) * 1000)
        rows.append((statistics.median(samples), case.name, len(case.text)))
    return sorted(rows, reverse=True)


def per_step_ms(cases: Sequence[Case], resources: Resources) -> list[tuple[str, float]] | None:
    """Total ms per pipeline step over one pass of the corpus, or None if not introspectable."""
    try:
        from wire.normalize import pipeline
        steps: Sequence[Callable[[Any], Any]] = pipeline.STEPS
        start, finish = pipeline.start, pipeline.finish
    except (ImportError, AttributeError):
        return None
    totals: dict[str, float] = {}
    for case in cases:
        draft = start(make_copy(case), resources)
        try:
            for step in steps:
                t0 = time.perf_counter()
                draft = step(draft)
                name = getattr(step, "__name__", repr(step))
                totals[name] = totals.get(name, 0.0) + (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            finish(draft)
            totals["finish (model, html, fingerprint)"] = (
                totals.get("finish (model, html, fingerprint)", 0.0)
                + (time.perf_counter() - t0) * 1000)
        except WireError:
            continue
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "tests" / "corpus" / "cases")
    parser.add_argument("--config", type=Path, default=ROOT / "config")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median reported)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus per run")
    parser.add_argument("--slowest", type=int, default=5, help="slowest cases to list")
    parser.add_argument("--steps", action="store_true", help="also time each pipeline step")
    args = parser.parse_args(argv)

    cases = load_cases(args.dir)
    texts = [c.text for c in cases]
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    resources = load_resources(args.config)
    load_s = time.perf_counter() - t0
    normalize_all(cases, resources, 1)  # warm-up: lazy imports, regex caches, detector

    n: int = len(cases) * args.repeat
    repeat: int = args.repeat

    def ftfy_lines() -> int:
        for _ in range(repeat):
            for text in texts:
                ftfy.fix_text(text).splitlines()
        return n

    def dumps() -> int:
        for _ in range(repeat):
            for text in texts:
                json.dumps(text, ensure_ascii=False)
        return n

    pipeline_rates = time_runs(lambda: normalize_all(cases, resources, args.repeat), args.runs)
    ftfy_rates = time_runs(ftfy_lines, args.runs)
    dumps_rates = time_runs(dumps, args.runs)
    median = statistics.median(pipeline_rates)

    print(f"corpus: {len(cases)} cases, {chars} characters (mean {chars // len(cases)}) "
          f"from {args.dir}")
    print(f"python {sys.version.split()[0]}; load_resources {load_s * 1000:.0f} ms (once); "
          f"{args.runs} runs x {args.repeat} passes, median reported")
    print()
    head = f"{'what':<36} {'stories/s':>11} {'min':>9} {'max':>9} {'ms/story':>9} {'vs norm.':>9}"
    print(head)
    print("-" * len(head))
    for name, rates in (("wire.normalize.normalize", pipeline_rates),
                        ("ref: ftfy.fix_text + splitlines", ftfy_rates),
                        ("ref: json.dumps", dumps_rates)):
        med = statistics.median(rates)
        print(f"{name:<36} {med:>11.1f} {min(rates):>9.1f} {max(rates):>9.1f} "
              f"{1000 / med:>9.3f} {med / median:>8.1f}x")
    print()
    rows = per_case_ms(cases, resources, max(3, args.repeat))
    total_ms = sum(r[0] for r in rows)
    print(f"slowest cases (median of {max(3, args.repeat)}; share of one corpus pass):")
    for ms, name, size in rows[: args.slowest]:
        print(f"  {ms:8.2f} ms  {100 * ms / total_ms:5.1f}%  {size:>7} chars  {name}")
    if args.steps:
        steps = per_step_ms(cases, resources)
        if steps is None:
            print("\n(per-step timing unavailable: wire.normalize.pipeline changed shape)")
        else:
            step_total = sum(ms for _, ms in steps)
            print(f"\ntime per step over one corpus pass ({step_total:.1f} ms total):")
            for name, ms in steps:
                print(f"  {ms:8.2f} ms  {100 * ms / step_total:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
