"""Scanner configuration: one frozen object, passed in explicitly (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import phonenumbers

from .errors import ConfigError
from .finding import Kind

#: Regions whose national number formats are tried for numbers written without a country code.
#: These are the countries marketplace traffic most often comes from; narrow them for a
#: single-country platform (fewer regions = fewer chances for a random digit run to be valid).
DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "US", "GB", "IN", "PK", "BD", "NG", "KE", "ZA", "EG", "AE", "PH", "ID", "VN", "AU",
    "DE", "FR", "ES", "PT", "IT", "TR", "RU", "BR", "MX", "AR", "CA",
)


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """Everything the detectors may be told.

    - ``phone_regions``: ISO 3166 codes tried, in order, for numbers without ``+``/``00``.
    - ``own_domains``: the platform's own domains; links to them (and their subdomains) are allowed.
    - ``allowed_domains``: further domains never reported (portfolio hosts, docs sites...).
    - ``kinds``: the kinds to report; the others are not run.
    - ``min_score``: findings scoring lower are dropped.
    - ``max_text_chars``: longer texts are refused.
    - ``max_findings``: a detector that finds more than this in one message stops there, and the
      message gets one ``limit`` finding (rule ``limit.max_findings``; the default policy holds
      it): hostile text packed with details costs a bounded time, and no real chat message
      comes near the cap. Texts of at most ``max_findings`` characters are not counted.
    """

    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
    own_domains: tuple[str, ...] = ("marketplace.example",)
    allowed_domains: tuple[str, ...] = ()
    kinds: frozenset[Kind] = field(default_factory=lambda: frozenset(Kind))
    min_score: float = 0.5
    max_text_chars: int = 1_000_000
    max_findings: int = 1_000

    def __post_init__(self) -> None:
        supported = phonenumbers.SUPPORTED_REGIONS
        bad = [r for r in self.phone_regions if r not in supported]
        if bad:
            raise ConfigError(f"phone_regions: unknown region code(s) {', '.join(bad)}")
        object.__setattr__(self, "phone_regions", tuple(self.phone_regions))
        object.__setattr__(self, "own_domains", tuple(d.lower().strip(".") for d in self.own_domains))
        object.__setattr__(
            self, "allowed_domains", tuple(d.lower().strip(".") for d in self.allowed_domains)
        )
        try:
            object.__setattr__(self, "kinds", frozenset(Kind(k) for k in self.kinds))
        except ValueError as exc:
            raise ConfigError(f"kinds: {exc}") from None
        if not 0.0 <= self.min_score <= 1.0:
            raise ConfigError("min_score must be within 0..1")
        if self.max_text_chars <= 0:
            raise ConfigError("max_text_chars must be positive")
        if self.max_findings <= 0:
            raise ConfigError("max_findings must be positive")

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ScanConfig:
        """Build from a plain mapping (a TOML table, CLI options, a Spark job's arguments)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown scan setting(s): {', '.join(unknown)}")
        kwargs = dict(data)
        for key in ("phone_regions", "own_domains", "allowed_domains"):
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key])
        if "kinds" in kwargs:
            kwargs["kinds"] = frozenset(kwargs["kinds"])
        return cls(**kwargs)

    def to_mapping(self) -> dict[str, Any]:
        return {
            "phone_regions": list(self.phone_regions),
            "own_domains": list(self.own_domains),
            "allowed_domains": list(self.allowed_domains),
            "kinds": sorted(str(k) for k in self.kinds),
            "min_score": self.min_score,
            "max_text_chars": self.max_text_chars,
            "max_findings": self.max_findings,
        }
