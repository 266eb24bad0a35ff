"""Scam rule gates added for long noisy texts still let their rule fire (their soundness on random
matches of the rule's own regexes is checked for every gate by tests/test_speed_rules.py)."""

from __future__ import annotations

from offplatform.config import ScanConfig
from offplatform.detect import scam
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set


def test_crypto_gate_lets_the_rule_fire_and_fails_without_a_crypto_word() -> None:
    gates = scam.RULE_GATES["scam.crypto_or_gift_card.crypto_payment"]
    text = normalize("pay me in usdt, i prefer crypto").text
    assert all(g.passes(word_set(text), text) for g in gates)
    rules = [f.rule for f in scam.ScamDetector(ScanConfig()).detect(normalize("pay me in usdt, i prefer crypto"))]
    assert "scam.crypto_or_gift_card.crypto_payment" in rules
    plain = normalize("pay me on the platform, the payment is fine").text
    assert not all(g.passes(word_set(plain), plain) for g in gates)
