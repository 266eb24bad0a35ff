"""``offplatform policy show | check | explain`` (the sub-app on its own)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offplatform.cli.policy import policy_app
from offplatform.policy import default_policy_text, load_policy


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_show_lists_every_rule(runner: CliRunner) -> None:
    result = runner.invoke(policy_app, ["show"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for rule in load_policy().rules:
        assert rule.id in result.output
    assert "hold after 2" in result.output


def test_show_json_round_trips_the_table(runner: CliRunner) -> None:
    result = runner.invoke(policy_app, ["show", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["version"] == load_policy().version
    assert [r["action"] for r in data["rules"]][:3] == ["block", "hold", "hold"]
    assert data["ladder"]["restrict_after"] == 4


def test_check_accepts_a_good_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(default_policy_text(), encoding="utf-8")
    result = runner.invoke(policy_app, ["check", str(path)])
    assert result.exit_code == 0
    assert "ok:" in result.output and "9 rules" in result.output


@pytest.mark.parametrize(
    ("change", "at", "words"),
    [
        pytest.param(
            ('action = "block"', 'action = "reject"'),
            'action = "reject"',
            ["[[rule]] #1", "'reject'"],
            id="bad-action",
        ),
        pytest.param(
            ("hold_after = 2 ", "hold_after = 9 "),
            "restrict_after =",
            ["restrict_after", "hold_after (9)"],
            id="ladder-order",
        ),
    ],
)
def test_check_rejects_a_bad_file_with_exit_code_2(  # type: ignore[no-untyped-def]
    runner: CliRunner, tmp_path: Path, change, at, words
) -> None:
    text = default_policy_text()
    assert change[0] in text
    bad = text.replace(change[0], change[1], 1)
    line = bad[: bad.index(at)].count("\n") + 1
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    result = runner.invoke(policy_app, ["check", str(path)], env={"COLUMNS": "400"})
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    for w in [f"bad.toml, line {line}:", *words]:
        assert w in message, message


def test_explain_masks_before_contract(runner: CliRunner) -> None:
    result = runner.invoke(
        policy_app, ["explain", "call +44 20 7946 0958", "--stage", "interview"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0
    assert "action:  mask" in result.output
    assert "call [phone hidden]" in result.output
    assert "contact-before-contract" in result.output


def test_explain_json_and_keep_on_platform(runner: CliRunner) -> None:
    result = runner.invoke(
        policy_app,
        [
            "explain",
            "call +44 20 7946 0958",
            "--stage",
            "funded",
            "--keep-on-platform",
            "recipient",
            "--json",
        ],
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["action"] == "mask" and data["rules"] == ["keep-on-platform-detail"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        pytest.param(["explain", "hi", "--stage", "signed"], 2, "unknown stage 'signed'", id="bad-stage"),
        pytest.param(
            ["explain", "hi", "--keep-on-platform", "bob"],
            2,
            "expected 'sender' or 'recipient'",
            id="bad-keeper",
        ),
        pytest.param(["check", "/nonexistent/p.toml"], 2, "cannot read policy file", id="missing-file"),
    ],
)
def test_errors(runner: CliRunner, args: list[str], code: int, words: str) -> None:
    result = runner.invoke(policy_app, args, env={"COLUMNS": "300"})
    assert result.exit_code == code
    assert words in " ".join(result.output.split())
