import json

def test_scan_with_stage_adds_action_and_masked_text_and_keeps_contract(runner, app, tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "call me +44 7911 123456"}) + "\n"
        + json.dumps({"id": "b", "text": "see you tomorrow"}) + "\n",
        encoding="utf-8",
    )
    before = runner.invoke(app, ["scan", str(src), "-q"])
    staged = runner.invoke(app, ["scan", str(src), "-q", "--stage", "interview"])
    assert before.exit_code == 0 and staged.exit_code == 0, staged.output
    plain = [json.loads(x) for x in before.stdout.splitlines()]
    lines = [json.loads(x) for x in staged.stdout.splitlines()]
    for p, s in zip(plain, lines, strict=True):
        assert {k: s[k] for k in p} == p  # the existing fields stay as they are
        assert set(s) - set(p) == {"action", "masked_text"}
    assert lines[0]["action"] == "mask" and "+44" not in lines[0]["masked_text"]
    assert lines[1] == {**plain[1], "action": "allow", "masked_text": "see you tomorrow"}


def test_scan_after_contract_allows_contact_details(runner, app, tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "call me +44 7911 123456"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(src), "-q", "--stage", "contract"])
    line = json.loads(result.stdout)
    assert line["action"] == "allow" and line["masked_text"] == "call me +44 7911 123456"


def test_scan_conversations_with_stage(runner, app, tmp_path) -> None:
    src = tmp_path / "c.jsonl"
    conv = {"id": "c1", "messages": [{"from": "f", "text": "my cell is"}, {"from": "f", "text": "0803 555"},
                                      {"from": "f", "text": "1234"}]}
    src.write_text(json.dumps(conv) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(src), "-q", "--conversations", "--stage", "interview"])
    line = json.loads(result.stdout)
    assert line["action"] == "mask" and len(line["actions"]) == 3
    assert "0803" not in line["masked_texts"][1] and "1234" not in line["masked_texts"][2]


def test_check_with_stage_shows_decision(runner, app) -> None:
    result = runner.invoke(app, ["check", "send the deposit to paypal.me/tomb22", "--stage", "funded", "--json"])
    out = json.loads(result.stdout)
    assert out["decision"]["action"] == "hold"
    text = runner.invoke(app, ["check", "call me +44 7911 123456", "--stage", "offer"]).stdout
    assert "mask" in text and "[phone hidden]" in text


def test_bad_stage_and_policy_without_stage_are_clear_errors(runner, app, tmp_path) -> None:
    assert runner.invoke(app, ["check", "hi", "--stage", "married"]).exit_code == 2
    assert runner.invoke(app, ["check", "hi", "--policy", str(tmp_path / "p.toml")]).exit_code == 2
