"""Worst-case inputs: ``Scanner.scan`` on 1 MB of hostile text, one case at a time.

Run from the repository root::

    .venv/bin/python benchmarks/bench_adversarial.py              # all cases, 1 MB, + scaling check
    .venv/bin/python benchmarks/bench_adversarial.py --case digits --profile
    .venv/bin/python benchmarks/bench_adversarial.py --size 200000 --no-scaling

Each case is built to be about ``--size`` characters (default 1,000,000, the default
``ScanConfig.max_text_chars``). Target: <= 1 s per case, judged on CPU time (wall time is printed
beside it; on a shared machine it also counts other processes). The scaling check times every case at
100, 200, 400 and 800 KB (CPU time, so other processes on the machine do not bend the curve) and
prints each time relative to the 100 KB time: linear growth gives ratios near 1 : 2 : 4 : 8,
quadratic growth near 1 : 4 : 16 : 64; the fitted exponent k (time ~ size^k) sums it up. ``--profile`` runs cProfile on the
slow cases (or on ``--case``) and prints the functions that took the time. ``--budget`` (seconds)
keeps a superlinear case from running for an hour: a case whose tenth-size probe predicts more than
the budget is reported SLOW without the full-size run (and profiled at the probe size).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import os
import pstats
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stages import print_stage_costs, stage_costs

from offplatform.config import ScanConfig
from offplatform.scanner import Scanner

TARGET_SECONDS = 1.0


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _random_unicode(size: int, seed: int) -> str:
    """Confusables, zero-width and bidi characters, odd digits and separators, shuffled with ASCII."""
    rng = random.Random(seed)
    pool = (
        "аеорсухіјԁһӏ"          # Cyrillic look-alikes
        "οαεικνρτυχ"            # Greek look-alikes
        "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u202e"  # zero-width, soft hyphen, bidi
        "０１２３４５６７８９①②③𝟎𝟏𝟐𝟗٠١٢٣०१२३"  # fullwidth, circled, math, Arabic-Indic, Devanagari
        "＠．＿ⓐ⒜@.:/+-_ "            # address punctuation and look-alikes
        "abcdefghijklmnopqrstuvwxyz0123456789"
    )
    return "".join(rng.choice(pool) for _ in range(size))


def _random_bytes(size: int, seed: int) -> str:
    rng = random.Random(seed)
    return rng.randbytes(size).decode("utf-8", errors="replace")[:size]


def _emoji(size: int, seed: int) -> str:
    rng = random.Random(seed)
    pool = ["📞", "📱", "☎️", "1️⃣", "2️⃣", "3️⃣", "👍", "🔥", "😂", "👨‍👩‍👧", "🇬🇧", "✉️", "@", " "]
    out: list[str] = []
    n = 0
    while n < size:
        e = rng.choice(pool)
        out.append(e)
        n += len(e)
    return "".join(out)[:size]


#: name -> builder(size) (every builder returns a text of about ``size`` characters)
CASES: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "".join(random.Random(1).choice("0123456789") for _ in range(n)),
    "at_signs": lambda n: _repeat("@", n),
    "at_words": lambda n: _repeat("at ", n),
    "dot_space": lambda n: _repeat(". ", n),
    "brackets": lambda n: _repeat("(", n),
    "a_line": lambda n: _repeat("a", n),
    "spaced_digits": lambda n: " ".join(random.Random(2).choice("0123456789") for _ in range(n // 2)),
    "unicode_mix": lambda n: _random_unicode(n, 3),
    "random_bytes": lambda n: _random_bytes(n, 4),
    "emoji": lambda n: _emoji(n, 5),
    "x_at_x": lambda n: _repeat("x@", n),
    "http_runs": lambda n: _repeat("http://", n),
    "number_words": lambda n: _repeat("five ", n),
    "spaced_gmail": lambda n: _repeat("g m a i l ", n),
    # a few more shapes that stress the detectors' own patterns
    "dotted_words": lambda n: _repeat("a.", n),
    "plus_digits": lambda n: _repeat("+1 ", n),
    "dash_digits": lambda n: _repeat("1-", n),
    "mixed_contact": lambda n: _repeat("call 0917 842 11 or x@y dot com t.me/ ", n),
    # shapes that stress character folding: look-alike words that must keep their script next to
    # ones that must not (one translate piece each), whole words of another script, characters
    # that expand ("⒜" -> "(a)") or vanish (zero-width, keycap marks)
    "lookalike_words": lambda n: _repeat("аb а ", n),
    "cyrillic_words": lambda n: _repeat("собака один ", n),
    "expanding": lambda n: _repeat("⒜b", n),
    "zero_width_words": lambda n: _repeat("wh\u200bats\u200dapp ", n),
    "keycaps": lambda n: _repeat("1\ufe0f\u20e3", n),
    # messaging-app names, every word a cue for the intent and scam detectors
    "app_names": lambda n: _repeat("whatsapp telegram ", n),
}


def time_scan(scanner: Scanner, text: str) -> tuple[float, int, float]:
    """(wall seconds, findings, CPU seconds of this process). CPU time shows how much of the wall
    time was the scan itself when other processes share the machine."""
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    result = scanner.scan(text)
    return time.perf_counter() - t0, len(result.findings), time.process_time() - c0


def growth_exponent(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    if len(sizes) < 2:
        return float("nan")
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def profile_scan(scanner: Scanner, text: str, top: int = 12) -> str:
    prof = cProfile.Profile()
    prof.enable()
    scanner.scan(text)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters per case (default 1,000,000)")
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="run only this case (repeatable)")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 100/200/400/800 KB scaling check")
    ap.add_argument("--profile", action="store_true", help="cProfile the cases over target (or --case)")
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds one case may take before it is cut short (default 60)")
    args = ap.parse_args(argv)
    names = args.case or list(CASES)

    scanner = Scanner(ScanConfig(max_text_chars=max(args.size, 1_000_000)))
    scanner.scan("warm up: call +44 7700 900123 or mail a@b.example, see https://x.example")
    print(f"adversarial inputs, {args.size:,} characters each; target <= {TARGET_SECONDS:.1f} s "
          f"(started {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC)")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")
    print(f"{'case':<16}{'chars':>11}{'seconds':>10}{'cpu s':>10}{'findings':>10}  verdict")
    slow: list[str] = []
    skipped: list[str] = []
    texts: dict[str, str] = {}
    for name in names:
        # a probe at a tenth of the size keeps a quadratic case from running for an hour
        probe = CASES[name](args.size // 10)
        _, _, probe_secs = time_scan(scanner, probe)
        if probe_secs * 10 > args.budget:
            slow.append(name)
            skipped.append(name)
            texts[name] = probe
            print(f"{name:<16}{len(probe) * 10:>11,}{'skipped':>10}{'':>10}{'':>10}  SLOW: {len(probe):,} chars "
                  f"already took {probe_secs:.2f} s (>= {probe_secs * 10:.0f} s predicted)", flush=True)
            continue
        text = CASES[name](args.size)
        texts[name] = text
        secs, found, cpu = time_scan(scanner, text)
        verdict = "ok" if cpu <= TARGET_SECONDS else "SLOW"
        if cpu > TARGET_SECONDS:
            slow.append(name)
        print(f"{name:<16}{len(text):>11,}{secs:>10.3f}{cpu:>10.3f}{found:>10}  {verdict}", flush=True)

    if not args.no_scaling:
        sizes = (100_000, 200_000, 400_000, 800_000)
        print()
        print("scaling: CPU seconds at 100/200/400/800 KB (best of 2 below 0.5 s), each as a multiple of the\n"
              "100 KB time (linear = 1:2:4:8), and the growth exponent k of time ~ size^k fitted over all\n"
              "points (1 = linear, 2 = quadratic); a case stops growing once one size takes half the budget")
        print(f"{'case':<16}" + "".join(f"{s // 1000:>8}KB" for s in sizes) + "   ratios              k")
        for name in names:
            secs: list[float] = []
            for size in sizes:
                text = CASES[name](size)
                cpu = time_scan(scanner, text)[2]
                if cpu < 0.5:
                    cpu = min(cpu, time_scan(scanner, text)[2])
                secs.append(max(cpu, 1e-6))
                if cpu > args.budget / 2:
                    break
            ratios = [s / secs[0] for s in secs]
            k = growth_exponent(sizes[: len(secs)], secs)
            verdict = "linear" if k <= 1.4 else "SUPERLINEAR"
            cells = "".join(f"{s:>10.3f}" for s in secs) + "".join(f"{'-':>10}" for _ in sizes[len(secs):])
            print(f"{name:<16}{cells}   {':'.join(f'{r:.1f}' for r in ratios):<20}{k:>4.2f}  {verdict}",
                  flush=True)

    to_profile = names if (args.profile and args.case) else (slow if args.profile else [])
    for name in to_profile:
        print()
        print(f"case {name}, {len(texts[name]):,} chars: CPU seconds per stage")
        print_stage_costs(stage_costs(scanner, [texts[name]]), unit="s")
        print(f"profile of case {name}:")
        print(profile_scan(scanner, texts[name]))
    if slow:
        print(f"over target: {', '.join(slow)}" + (f" (not run at full size: {', '.join(skipped)})" if skipped else ""))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
