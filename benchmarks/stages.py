"""Where the scan time goes: CPU time per stage (a diagnostic for the benchmarks, not an API).

It repeats what ``Scanner.scan`` does one stage at a time (character folding, word rewriting,
each detector, merging), so it reads the scanner's private detector list and the normalizer's
two steps; if those move, update this file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from offplatform.detect.anchors import message_families
from offplatform.detect.base import text_shape
from offplatform.merge import merge_findings
from offplatform.normalize.chars import fold_chars
from offplatform.normalize.text import word_set
from offplatform.normalize.words import rewrite_words
from offplatform.scanner import Scanner


def stage_costs(scanner: Scanner, texts: Sequence[str]) -> list[tuple[str, float]]:
    """(stage, CPU microseconds per text) for one pass over ``texts``."""
    out: list[tuple[str, float]] = []
    c0 = time.process_time()
    folded = [fold_chars(t) for t in texts]
    out.append(("normalize: fold_chars", time.process_time() - c0))
    c0 = time.process_time()
    normalized = [rewrite_words(f) for f in folded]
    out.append(("normalize: rewrite_words", time.process_time() - c0))
    # The detectors share per-message caches (the word set, the character shape, the anchor pass)
    # that a real scan fills once per message. Run one detector over all texts and those small
    # caches are cold for each detector in turn, which charges the shared work to every one of them;
    # so the shared work is timed as a stage of its own, and each detector is timed per message
    # right after the caches were filled for that message (untimed).
    def warm(text: str) -> None:
        word_set(text)
        text_shape(text)
        message_families(text)

    c0 = time.process_time()
    for nt in normalized:
        warm(nt.text)
    out.append(("shared: words, shape, anchors", time.process_time() - c0))
    found: list[list] = [[] for _ in texts]
    clock = time.perf_counter
    for detector in scanner._detectors:
        spent = 0.0
        detect = detector.detect
        for i, nt in enumerate(normalized):
            warm(nt.text)
            t0 = clock()
            found[i].extend(detect(nt))
            spent += clock() - t0
        out.append((f"detect: {type(detector).__name__}", spent))
    c0 = time.process_time()
    for f in found:
        merge_findings(f)
    out.append(("merge_findings", time.process_time() - c0))
    return [(name, secs * 1e6 / len(texts)) for name, secs in out]


def print_stage_costs(costs: list[tuple[str, float]], unit: str = "us") -> None:
    total = sum(us for _, us in costs) or 1.0
    for stage, us in costs:
        value = f"{us:>11.1f} us" if unit == "us" else f"{us / 1e6:>9.3f} s"
        print(f"  {stage:<34}{value}  {100 * us / total:>5.1f}%")
