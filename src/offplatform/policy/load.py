"""Policy files: TOML (stdlib ``tomllib``) in, a validated :class:`Policy` out.

Every mistake raises :class:`~offplatform.errors.ConfigError` naming the file, the line and the
key. ``tomllib`` reports lines only for syntax errors, so for the others this module finds the
key's line in the source text itself (:func:`locate`).
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..finding import DETAIL_KINDS, Kind, ScamCategory
from .decide import LADDER_HOLD, LADDER_RESTRICTED, LADDER_WARN, NEW_ACCOUNT, SENDER_OVERRIDE
from .model import Action, Stage
from .rules import TEMPLATE_FIELDS, Ladder, NewAccountRule, Override, Policy, Rule, When, content_version

DEFAULT_POLICY_FILE = "default_policy.toml"

PathKey = tuple[str | int, ...]

_DETAIL_LIKE = re.compile(r"[\d@:/.]")
_RESERVED_IDS = frozenset({NEW_ACCOUNT, LADDER_WARN, LADDER_HOLD, LADDER_RESTRICTED, SENDER_OVERRIDE})
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")


def default_policy_text() -> str:
    return (resources.files("offplatform") / "data" / DEFAULT_POLICY_FILE).read_text(encoding="utf-8")


def load_policy(path: str | Path | None = None) -> Policy:
    """Read and validate a policy file; ``None`` reads the default policy shipped with the package."""
    if path is None:
        return parse_policy(default_policy_text(), source=DEFAULT_POLICY_FILE)
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read policy file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: policy file is not UTF-8: {exc.reason}") from None
    return parse_policy(text, source=str(p))


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Validate policy TOML ``text``; ``source`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    return _Reader(text, source).policy(data)


# --- finding a key's line ---------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)([^\]\n]*)\]")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*="""
)
_INLINE_KEY = re.compile(r"[{,]\s*([A-Za-z0-9_-]+)\s*=")


_KEY_PART = re.compile(r""""([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+)""")


def _split_key(key: str) -> list[str]:
    """``a."b.c".d`` -> ``["a", "b.c", "d"]``."""
    return ["".join(m.groups(default="")) for m in _KEY_PART.finditer(key)]


def key_lines(text: str) -> dict[PathKey, int]:
    """Map every key path in TOML ``text`` to the (1-based) line that defines it.

    Array-of-table entries are numbered: ``("rule", 2, "action")`` is ``action`` in the third
    ``[[rule]]``. Keys of one-line inline tables are included; lines inside multi-line strings
    are skipped.
    """
    lines: dict[PathKey, int] = {}
    header: PathKey = ()
    arrays: dict[tuple[str, ...], int] = {}
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        m = _HEADER.match(line)
        if m and not _KEY.match(line):
            names = tuple(_split_key(m.group(2)))
            if m.group(1) == "[[":
                index = arrays.get(names, -1) + 1
                arrays[names] = index
                header = (*names, index)
            else:
                header = names
            lines.setdefault(header, number)
            continue
        m = _KEY.match(line)
        if m:
            path = (*header, *_split_key(m.group(1)))
            lines.setdefault(path, number)
            rest = line[m.end() :]
            if "{" in rest:
                for inner in _INLINE_KEY.finditer(rest):
                    lines.setdefault((*path, inner.group(1)), number)
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
                    break
    return lines


def locate(text: str, path: Sequence[str | int]) -> int | None:
    """The line of ``path`` in ``text``, or of its nearest enclosing key or table."""
    lines = key_lines(text)
    key = tuple(path)
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return None


# --- validation -------------------------------------------------------------------------------

_RULE_KEYS = frozenset(
    {
        "id",
        "description",
        "kinds",
        "categories",
        "when",
        "action",
        "keep_on_platform",
        "counts",
        "sender_notice",
        "recipient_notice",
    }
)
_TOP_KEYS = frozenset({"name", "stages", "masking", "notices", "rule", "new_account", "ladder", "override"})
_SECTION_KEYS: dict[str, frozenset[str]] = {
    "stages": frozenset({"channels_open_at"}),
    "masking": frozenset({"placeholder"}),
    "notices": frozenset({"keep_on_platform_chosen", "held"}),
    "new_account": frozenset(
        {"enabled", "max_age_days", "kinds", "categories", "action", "sender_notice", "recipient_notice"}
    ),
    "ladder": frozenset(
        {
            "window_days",
            "warn_after",
            "hold_after",
            "restrict_after",
            "restrict_hours",
            "warn_notice",
            "hold_notice",
            "restricted_notice",
        }
    ),
    "override": frozenset({"action", "sender_notice"}),
}


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._lines: dict[PathKey, int] | None = None

    # errors

    def error(self, path: PathKey, message: str) -> ConfigError:
        if self._lines is None:
            self._lines = key_lines(self.text)
        line = None
        key = path
        while key:
            if key in self._lines:
                line = self._lines[key]
                break
            key = key[:-1]
        where = f"{self.source}, line {line}" if line is not None else self.source
        return ConfigError(f"{where}: {self.describe(path)}: {message}")

    def describe(self, path: PathKey) -> str:
        if not path:
            return "policy"
        if path[0] == "rule" and len(path) >= 2 and isinstance(path[1], int):
            head = f"[[rule]] #{path[1] + 1}"
            rest = [str(p) for p in path[2:]]
            return f"key '{'.'.join(rest)}' in {head}" if rest else head
        if len(path) == 1:
            return f"key '{path[0]}'"
        return f"key '{'.'.join(str(p) for p in path[1:])}' in [{path[0]}]"

    def unknown(self, table: Mapping[str, Any], allowed: frozenset[str], path: PathKey) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise self.error(
                    (*path, key), f"unknown key{hint}; expected one of {', '.join(sorted(allowed))}"
                )

    # typed getters

    def table(self, data: Mapping[str, Any], key: str, path: PathKey) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error((*path, key), f"must be a table, not {_type_name(value)}")
        return value

    def get(
        self, data: Mapping[str, Any], key: str, path: PathKey, kind: type | tuple[type, ...], default: Any
    ) -> Any:
        if key not in data:
            return default
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.error(
                (*path, key), f"must be {_TYPE_WORDS.get(names, names)}, not {_type_name(value)}"
            )
        return value

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        path: PathKey,
        enum: Callable[[str], Any],
        options: Sequence[str],
        default: Any,
    ) -> Any:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, str) or value not in options:
            raise self.error((*path, key), f"{value!r} is not one of {', '.join(options)}")
        return enum(value)

    def names(
        self,
        data: Mapping[str, Any],
        key: str,
        path: PathKey,
        options: Sequence[str],
        what: str,
        default: frozenset[Any],
        enum: Callable[[str], Any] = str,
    ) -> frozenset[Any]:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error((*path, key), f"must be a list of {what} names")
        bad = [v for v in value if v not in options]
        if bad:
            raise self.error(
                (*path, key),
                f"unknown {what} {', '.join(map(repr, bad))}; expected some of {', '.join(options)}",
            )
        return frozenset(enum(v) for v in value)

    def template(
        self, data: Mapping[str, Any], key: str, path: PathKey, fields: frozenset[str] = TEMPLATE_FIELDS
    ) -> str:
        value = " ".join(self.get(data, key, path, str, "").split())  # one line, single spaces
        try:
            used = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as exc:
            raise self.error(
                (*path, key), f"bad template: {exc} (write {{{{ and }}}} for literal braces)"
            ) from None
        bad = sorted({n for n in used if n not in fields})
        if bad:
            raise self.error(
                (*path, key),
                f"unknown placeholder(s) {', '.join('{' + b + '}' for b in bad)}; "
                f"allowed: {', '.join('{' + f + '}' for f in sorted(fields))}",
            )
        return value

    def count(self, data: Mapping[str, Any], key: str, path: PathKey, default: int, minimum: int) -> int:
        value = self.get(data, key, path, int, default)
        if value < minimum:
            raise self.error((*path, key), f"must be at least {minimum}, not {value}")
        return value

    def positive(
        self, data: Mapping[str, Any], key: str, path: PathKey, default: float, allow_zero: bool = False
    ) -> float:
        value = self.get(data, key, path, float, default)
        if value < 0 or (value == 0 and not allow_zero):
            raise self.error(
                (*path, key), f"must be {'zero or more' if allow_zero else 'more than zero'}, not {value}"
            )
        return value

    # sections

    def policy(self, data: Mapping[str, Any]) -> Policy:
        self.unknown(data, _TOP_KEYS, ())
        for section, allowed in _SECTION_KEYS.items():
            self.unknown(self.table(data, section, ()), allowed, (section,))
        name = self.get(data, "name", (), str, "custom")
        stages = self.table(data, "stages", ())
        opens = self.choice(
            stages, "channels_open_at", ("stages",), Stage, [s.value for s in Stage], Stage.CONTRACT
        )
        if opens.rank < Stage.CONTRACT.rank:
            raise self.error(
                ("stages", "channels_open_at"),
                "channels cannot open before a contract is accepted; use contract or funded",
            )
        masking = self.table(data, "masking", ())
        placeholder = (
            self.template(masking, "placeholder", ("masking",), frozenset({"kind"})) or "[{kind} hidden]"
        )
        if "{kind}" not in placeholder:
            raise self.error(("masking", "placeholder"), "must name the kind with {kind}")
        if _DETAIL_LIKE.search(placeholder.replace("{kind}", "")):
            raise self.error(
                ("masking", "placeholder"),
                "must not contain digits or '@', ':', '/', '.' (a placeholder that looks like a detail "
                "would be found again in the masked text)",
            )
        notices = self.table(data, "notices", ())
        rules = self.rules(data)
        return Policy(
            rules=rules,
            channels_open_at=opens,
            new_account=self.new_account(self.table(data, "new_account", ())),
            ladder=self.ladder(self.table(data, "ladder", ())),
            override=self.override(self.table(data, "override", ())),
            placeholder=placeholder,
            keep_on_platform_notice=self.template(notices, "keep_on_platform_chosen", ("notices",)),
            held_notice=self.template(notices, "held", ("notices",)),
            name=name,
            version=content_version(self.text.encode("utf-8")),
        )

    def rules(self, data: Mapping[str, Any]) -> tuple[Rule, ...]:
        raw = data.get("rule", [])
        if not isinstance(raw, list):
            raise self.error(("rule",), "must be an array of tables: write each rule under [[rule]]")
        seen: dict[str, int] = {}
        out: list[Rule] = []
        for i, item in enumerate(raw):
            path: PathKey = ("rule", i)
            if not isinstance(item, dict):
                raise self.error(path, "must be a table")
            self.unknown(item, _RULE_KEYS, path)
            for required in ("id", "kinds", "action"):
                if required not in item:
                    raise self.error(path, f"missing required key '{required}'")
            rule_id = self.get(item, "id", path, str, "")
            if not _RULE_ID.fullmatch(rule_id):
                raise self.error(
                    (*path, "id"),
                    f"{rule_id!r} is not a valid id (lower-case letters, digits, "
                    "'-', '_' and '.', at most 64)",
                )
            if rule_id in _RESERVED_IDS:
                raise self.error(
                    (*path, "id"), f"{rule_id!r} is reserved for the decisions outside the table"
                )
            if rule_id in seen:
                raise self.error(
                    (*path, "id"), f"duplicate id {rule_id!r} (first used in [[rule]] #{seen[rule_id] + 1})"
                )
            seen[rule_id] = i
            kinds = self.names(item, "kinds", path, [k.value for k in Kind], "kind", frozenset(), Kind)
            if not kinds:
                raise self.error((*path, "kinds"), "must name at least one kind")
            categories = self.names(
                item, "categories", path, [c.value for c in ScamCategory], "scam category", frozenset()
            )
            if categories and Kind.SCAM not in kinds:
                raise self.error(
                    (*path, "categories"), "categories only apply to kind 'scam'; add it to kinds"
                )
            keep = item.get("keep_on_platform")
            if keep is not None:
                keep = self.get(item, "keep_on_platform", path, bool, None)
            action = self.choice(item, "action", path, Action, [a.value for a in Action], Action.ALLOW)
            if action is Action.MASK and not kinds <= DETAIL_KINDS:
                message_level = ", ".join(sorted(str(k) for k in kinds - DETAIL_KINDS))
                raise self.error(
                    (*path, "action"),
                    f"mask hides detail spans; {message_level} findings describe the whole message and "
                    "cannot be masked (use warn, hold or block, or a separate rule)",
                )
            out.append(
                Rule(
                    id=rule_id,
                    kinds=kinds,
                    action=action,
                    when=self.choice(item, "when", path, When, [w.value for w in When], When.ALWAYS),
                    categories=categories,
                    keep_on_platform=keep,
                    counts=self.get(item, "counts", path, bool, False),
                    sender_notice=self.template(item, "sender_notice", path),
                    recipient_notice=self.template(item, "recipient_notice", path),
                    description=self.get(item, "description", path, str, ""),
                )
            )
        return tuple(out)

    def new_account(self, t: Mapping[str, Any]) -> NewAccountRule | None:
        path: PathKey = ("new_account",)
        if not t or not self.get(t, "enabled", path, bool, True):
            return None
        d = NewAccountRule()
        kinds = self.names(t, "kinds", path, [k.value for k in Kind], "kind", d.kinds, Kind)
        categories = self.names(
            t, "categories", path, [c.value for c in ScamCategory], "scam category", d.categories
        )
        action = self.choice(t, "action", path, Action, [a.value for a in Action], d.action)
        if action is Action.MASK:
            raise self.error(
                (*path, "action"),
                "must be allow, warn, hold or block: a signal about the sender has no span to mask",
            )
        return NewAccountRule(
            max_age_days=self.positive(t, "max_age_days", path, d.max_age_days, allow_zero=True),
            kinds=kinds,
            categories=categories,
            action=action,
            sender_notice=self.template(t, "sender_notice", path),
            recipient_notice=self.template(t, "recipient_notice", path),
        )

    def ladder(self, t: Mapping[str, Any]) -> Ladder:
        path: PathKey = ("ladder",)
        d = Ladder()
        warn = self.count(t, "warn_after", path, d.warn_after, 1)
        hold = self.count(t, "hold_after", path, d.hold_after, 1)
        restrict = self.count(t, "restrict_after", path, d.restrict_after, 1)
        if hold < warn:
            raise self.error((*path, "hold_after"), f"must not be below warn_after ({warn}), not {hold}")
        if restrict < hold:
            raise self.error(
                (*path, "restrict_after"), f"must not be below hold_after ({hold}), not {restrict}"
            )
        return Ladder(
            window_days=self.positive(t, "window_days", path, d.window_days),
            warn_after=warn,
            hold_after=hold,
            restrict_after=restrict,
            restrict_hours=self.positive(t, "restrict_hours", path, d.restrict_hours),
            warn_notice=self.template(t, "warn_notice", path),
            hold_notice=self.template(t, "hold_notice", path),
            restricted_notice=self.template(t, "restricted_notice", path),
        )

    def override(self, t: Mapping[str, Any]) -> Override:
        path: PathKey = ("override",)
        action = self.choice(t, "action", path, Action, [a.value for a in Action], Action.HOLD)
        if action.delivers:
            raise self.error(
                (*path, "action"),
                f"must be hold or block, not {action}: an override never "
                "delivers the hidden details without a moderator",
            )
        return Override(action=action, sender_notice=self.template(t, "sender_notice", path))


_TYPE_WORDS = {"str": "a string", "int": "a whole number", "float": "a number", "bool": "true or false"}


def _type_name(value: object) -> str:
    return {
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)
