"""No hostile input makes a scan super-linear: the cost of 4x the text stays near 4x.

``benchmarks/bench_adversarial.py`` times 1 MB inputs against the 1 s target; this test only checks
the *shape* of the cost, at sizes small enough for every CI run, so that a filter which searches the
whole text once per finding (twice such a filter slipped in unnoticed: ``O(findings x text)``) fails
here rather than in a benchmark nobody ran. Besides the benchmark's cases it builds texts dense in
findings that each pass through the false-positive filters: prices, dates, versions, order numbers,
example addresses, IBANs, app links, handles, phone numbers beside cues.

Timing is CPU time, best of three, at 50 and 200 KB: linear growth gives a ratio near 4, quadratic
near 16; the bound (9) leaves room for noise and for caches that warm up, not for a second factor
of the text's length.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_adversarial import CASES, _repeat  # noqa: E402

from offplatform.config import ScanConfig  # noqa: E402
from offplatform.scanner import Scanner  # noqa: E402

SMALL, LARGE = 50_000, 200_000
MAX_RATIO = 9.0

#: texts dense in findings (or near-findings) that the span and text filters must rule on
FILTER_CASES: dict[str, Callable[[int], str]] = {
    "prices_dates_versions": lambda n: _repeat("budget $5,500 by 2024-05-01 for v1.2.3, order #1234567 ", n),
    "example_addresses": lambda n: _repeat("e.g. user@example.com or foo at bar dot io, test data ", n),
    "placeholder_people": lambda n: _repeat("x at y dot com a at b.io ", n),
    "ibans": lambda n: _repeat("IBAN DE89370400440532013000 ", n),
    "app_links": lambda n: _repeat("https://wa.me/15551234567 t.me/some_user ", n),
    "handles": lambda n: _repeat("@anna_k can you check @ben.r ", n),
    "phones_with_cues": lambda n: _repeat("whatsapp me +44 7700 900218 or call 0917 555 2231 ", n),
    "tracking_numbers": lambda n: _repeat("tracking 1Z999AA10123456784 order 123-4567890 ", n),
    "barcodes": lambda n: _repeat("EAN 4006381333931 VAT DE123456789 ", n),
    "links_to_work": lambda n: _repeat("see https://github.com/acme/site and figma.com/file/abc ", n),
    "quoted_scam": lambda n: _repeat('he wrote "send me the code" and "pay me on paypal.me/x" ', n),
    "spelled_numbers": lambda n: _repeat("five five five one two three four ", n),
    "cjk_glued": lambda n: _repeat("加我微信abc123验证码发给我们LINEのIDはsakura_77です카톡아이디x1 ", n),
    "wallets": lambda n: _repeat("0x52908400098527886E0F7030069857D2E4169EE bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ", n),
}

ALL_CASES = {**CASES, **FILTER_CASES}


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(ScanConfig())


def _cpu_seconds(scanner: Scanner, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        c0 = time.process_time()
        scanner.scan(text)
        best = min(best, time.process_time() - c0)
    return best


@pytest.mark.parametrize("case", sorted(ALL_CASES))
def test_cost_grows_linearly(scanner: Scanner, case: str) -> None:
    build = ALL_CASES[case]
    small, large = build(SMALL), build(LARGE)
    scanner.scan(small)  # warm caches and lazy tables once
    t_small = max(_cpu_seconds(scanner, small), 1e-3)  # below a millisecond, timer noise dominates
    t_large = _cpu_seconds(scanner, large)
    ratio = t_large / t_small
    assert ratio <= MAX_RATIO, f"{case}: {t_small:.4f} s at {SMALL:,} chars, {t_large:.4f} s at {LARGE:,} ({ratio:.1f}x)"
