"""Policy files: the default loads; every mistake names the key and its line."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from offplatform.errors import ConfigError
from offplatform.policy import Action, Stage, When, default_policy_text, load_policy, parse_policy
from offplatform.policy.load import key_lines, locate

DEFAULT = default_policy_text()


def test_default_policy_ships_and_is_versioned_by_content() -> None:
    p = load_policy()
    assert p.name == "default"
    assert p.version == "sha256:" + hashlib.sha256(DEFAULT.encode()).hexdigest()[:16]
    assert [r.id for r in p.rules][:2] == ["credentials-request", "payment-outside-escrow"]
    assert p.channels_open_at is Stage.CONTRACT
    assert p.ladder.hold_after == 2 and p.override.action is Action.HOLD
    assert p.new_account is not None and p.new_account.max_age_days == 7


def test_same_content_same_version_different_content_different_version(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    a.write_text(DEFAULT, encoding="utf-8")
    assert load_policy(a).version == load_policy().version
    b = tmp_path / "b.toml"
    b.write_text(
        DEFAULT.replace('channels_open_at = "contract"', 'channels_open_at = "funded"'), encoding="utf-8"
    )
    funded = load_policy(b)
    assert funded.channels_open_at is Stage.FUNDED
    assert funded.version != load_policy().version


def test_minimal_policy_uses_defaults() -> None:
    p = parse_policy('[[rule]]\nid = "x"\nkinds = ["phone"]\naction = "mask"\n')
    assert p.rules[0].when is When.ALWAYS and p.rules[0].counts is False
    assert p.placeholder == "[{kind} hidden]"
    assert p.ladder.window_days == 30


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


RULES = """name = "t"

[[rule]]
id = "first"
kinds = ["phone"]
action = "mask"

[[rule]]
id = "second"
kinds = ["email"]
action = "mask"
"""

BAD_CASES = [
    # (policy text, the offending text (its line is expected), words the message must hold)
    pytest.param(
        RULES.replace('action = "mask"\n', 'action = "deny"\n', 1),
        'action = "deny"',
        ["[[rule]] #1", "'action'", "'deny'", "allow, warn, mask, hold, block"],
        id="bad-action",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email"]\nacton = "hold"'),
        "acton",
        ["[[rule]] #2", "unknown key", "did you mean 'action'"],
        id="misspelt-key",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email", "fone"]'),
        '"fone"',
        ["'kinds'", "unknown kind 'fone'"],
        id="unknown-kind",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email"]\ncategories = ["credentials"]'),
        "categories",
        ["only apply to kind 'scam'"],
        id="categories-without-scam",
    ),
    pytest.param(
        RULES.replace('kinds = ["phone"]', 'kinds = ["scam"]\ncategories = ["phishin"]'),
        "phishin",
        ["unknown scam category 'phishin'"],
        id="unknown-category",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email"]\nwhen = "later"'),
        'when = "later"',
        ["'later'", "before_contract"],
        id="bad-when",
    ),
    pytest.param(
        RULES.replace('id = "second"', 'id = "first"'),
        'id = "first"\nkinds = ["email"]',
        ["duplicate id 'first'", "#1"],
        id="duplicate-id",
    ),
    pytest.param(
        RULES.replace('id = "second"', 'id = "ladder-hold"'), "ladder-hold", ["reserved"], id="reserved-id"
    ),
    pytest.param(
        RULES.replace('id = "second"', 'id = "Second Rule"'), "Second Rule", ["not a valid id"], id="bad-id"
    ),
    pytest.param(
        RULES.replace('id = "second"\n', ""),
        '[[rule]]\nkinds = ["email"]',
        ["[[rule]] #2", "missing required key 'id'"],
        id="missing-id",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email"]\ncounts = "yes"'),
        'counts = "yes"',
        ["'counts'", "true or false", "a string"],
        id="counts-not-bool",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', "kinds = []"),
        "kinds = []",
        ["at least one kind"],
        id="empty-kinds",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email"]\nsender_notice = "Hi {name}"'),
        "sender_notice",
        ["unknown placeholder(s) {name}", "{details}"],
        id="unknown-placeholder",
    ),
    pytest.param(
        RULES.replace('kinds = ["email"]', 'kinds = ["email"]\nsender_notice = "oops {details"'),
        "sender_notice",
        ["bad template"],
        id="broken-template",
    ),
    pytest.param(
        RULES + '\n[stages]\nchannels_open_at = "offer"\n',
        'channels_open_at = "offer"',
        ["'channels_open_at' in [stages]", "contract or funded"],
        id="channels-open-too-early",
    ),
    pytest.param(
        RULES + '\n[stages]\nchannels_open_at = "signed"\n',
        'channels_open_at = "signed"',
        ["'signed'", "funded"],
        id="unknown-stage",
    ),
    pytest.param(
        RULES + '\n[masking]\nplaceholder = "***"\n', "placeholder", ["{kind}"], id="placeholder-without-kind"
    ),
    pytest.param(
        RULES + "\n[ladder]\nwarn_after = 3\nhold_after = 2\n",
        "hold_after = 2",
        ["'hold_after' in [ladder]", "warn_after (3)"],
        id="ladder-out-of-order",
    ),
    pytest.param(
        RULES + "\n[ladder]\nrestrict_after = 1\n",
        "restrict_after",
        ["hold_after (2)"],
        id="restrict-below-hold",
    ),
    pytest.param(
        RULES + "\n[ladder]\nwindow_days = 0\n", "window_days", ["more than zero"], id="zero-window"
    ),
    pytest.param(
        RULES + "\n[ladder]\nhold_after = 2.5\n", "hold_after", ["whole number"], id="fractional-count"
    ),
    pytest.param(
        RULES + "\n[ladder]\nwarn_after = true\n",
        "warn_after",
        ["whole number", "boolean"],
        id="bool-is-not-a-count",
    ),
    pytest.param(
        RULES + '\n[override]\naction = "allow"\n',
        'action = "allow"',
        ["[override]", "hold or block"],
        id="override-may-not-deliver",
    ),
    pytest.param(
        RULES + "\n[new_account]\nmax_age_days = -1\n", "max_age_days", ["zero or more"], id="negative-age"
    ),
    pytest.param(
        RULES + "\n[ladder]\nwindow = 30\n",
        "window = 30",
        ["did you mean 'window_days'"],
        id="unknown-ladder-key",
    ),
    pytest.param(
        "rules = []\n" + RULES, "rules = []", ["key 'rules'", "did you mean 'rule'"], id="unknown-top-key"
    ),
    pytest.param("ladder = 3\n" + RULES, "ladder = 3", ["must be a table"], id="section-not-a-table"),
]


BAD_CASES += [
    pytest.param(
        RULES.replace('kinds = ["email"]\naction = "mask"', 'kinds = ["email", "intent"]\naction  = "mask"'),
        'action  = "mask"',
        ["[[rule]] #2", "intent findings describe the whole message"],
        id="mask-a-message-level-kind",
    ),
    pytest.param(
        RULES + '\n[new_account]\naction   = "mask"\n',
        'action   = "mask"',
        ["[new_account]", "no span to mask"],
        id="new-account-cannot-mask",
    ),
]


@pytest.mark.parametrize(("text", "needle", "words"), BAD_CASES)
def test_bad_policy_names_key_and_line(text: str, needle: str, words: list[str]) -> None:
    with pytest.raises(ConfigError) as err:
        parse_policy(text, source="my.toml")
    message = str(err.value)
    assert message.startswith(f"my.toml, line {_line_of(text, needle)}: "), message
    for w in words:
        assert w in message, (w, message)


def test_toml_syntax_error_keeps_tomllib_line() -> None:
    with pytest.raises(ConfigError, match=r"my\.toml: invalid TOML: .*line 4"):
        parse_policy('name = "x"\n\n[[rule]]\nid = "a\n', source="my.toml")


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read policy file"):
        load_policy(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_policy(bad)
    assert ConfigError("x").exit_code == 2


def test_new_account_can_be_disabled() -> None:
    assert parse_policy(RULES + "\n[new_account]\nenabled = false\n").new_account is None


# --- locating keys -----------------------------------------------------------------------------

LOCATE_TEXT = '''title = "x"
note = """
action = "this line is inside a string"
"""
[ladder]
hold_after = 2
[[rule]]
id = "a"
[[rule]]
id = "b"
match = { kind = "phone", min = 1 }
"quoted.key" = 1
site.name = "y"
'''


@pytest.mark.parametrize(
    ("path", "line"),
    [
        pytest.param(("title",), 1, id="top-level"),
        pytest.param(("action",), None, id="inside-multiline-string-is-not-a-key"),
        pytest.param(("ladder", "hold_after"), 6, id="table-key"),
        pytest.param(("ladder", "missing"), 5, id="missing-key-falls-back-to-table"),
        pytest.param(("rule", 0, "id"), 8, id="first-array-entry"),
        pytest.param(("rule", 1, "id"), 10, id="second-array-entry"),
        pytest.param(("rule", 1, "match", "min"), 11, id="inline-table-key"),
        pytest.param(("rule", 1, "quoted.key"), 12, id="quoted-key"),
        pytest.param(("rule", 1, "site", "name"), 13, id="dotted-key"),
    ],
)
def test_locate(path: tuple, line: int | None) -> None:
    assert locate(LOCATE_TEXT, path) == line


def test_every_key_of_the_default_policy_is_located() -> None:
    lines = key_lines(DEFAULT)
    source = DEFAULT.splitlines()
    for path, number in lines.items():
        last = path[-1]
        if isinstance(last, str):
            assert re.match(rf"\s*(\[\[?)?\s*[\w.]*{re.escape(last)}", source[number - 1]), (path, number)
    rule_count = sum(1 for line in source if line.strip() == "[[rule]]")
    assert all(("rule", i, "action") in lines for i in range(rule_count))


# --- the docs keep up ----------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs" / "policy.md"


def test_every_policy_key_and_default_rule_is_documented() -> None:
    from offplatform.policy.load import _RULE_KEYS, _SECTION_KEYS, _TOP_KEYS

    docs = DOCS.read_text(encoding="utf-8")
    keys = set(_TOP_KEYS) | set(_RULE_KEYS) | {k for ks in _SECTION_KEYS.values() for k in ks}
    missing = sorted(k for k in keys if not re.search(rf"\b{re.escape(k)}\b", docs))
    assert missing == []
    undocumented_rules = [r.id for r in load_policy().rules if f"`{r.id}`" not in docs]
    assert undocumented_rules == []
