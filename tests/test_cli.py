"""The command line: input formats, the output contract, error reporting and exit codes."""

from __future__ import annotations

import csv
import json
import re
import sys
import types
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import offplatform
from offplatform import ConversationScanner, ScanConfig, Scanner
from offplatform.evaluate import evaluate_conversations, evaluate_messages
from offplatform.io import read_labelled

REPO = Path(__file__).resolve().parents[1]

# Texts whose result does not depend on detector tuning: a plain international number, and
# messages with no contact detail at all.
PHONE_TEXT = "call me on +44 20 7946 0958 tonight"
PHONE = "+44 20 7946 0958"
PHONE_VALUE = "+442079460958"
PLAIN_TEXT = "thanks, I will upload the draft here on friday"

MESSAGE_KEYS = {"id", "offplatform", "scam", "findings"}
CONVERSATION_KEYS = {"id", "offplatform", "scam", "leak_in", "findings"}
FINDING_KEYS = {"kind", "start", "end", "text", "value", "rule", "score"}
OPTIONAL_FINDING_KEYS = {"category"}

MESSAGES = [
    {"id": "m1", "text": PHONE_TEXT},
    {"id": "m2", "text": PLAIN_TEXT},
    {"id": "m3", "text": "or ring " + PHONE},
]


def jsonl_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_input(tmp_path: Path, fmt: str) -> Path:
    if fmt == "jsonl":
        return write_jsonl(tmp_path / "in.jsonl", MESSAGES)
    if fmt == "csv":
        path = tmp_path / "in.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["id", "text"])
            writer.writeheader()
            writer.writerows(MESSAGES)
        return path
    if fmt == "parquet":
        path = tmp_path / "in.parquet"
        pq.write_table(pa.Table.from_pylist(MESSAGES), path)
        return path
    path = tmp_path / "in.txt"
    path.write_text("".join(m["text"] + "\n" for m in MESSAGES), encoding="utf-8")
    return path


def assert_message_line(line: dict) -> None:
    assert set(line) == MESSAGE_KEYS
    assert isinstance(line["offplatform"], bool) and isinstance(line["scam"], bool)
    for f in line["findings"]:
        assert FINDING_KEYS <= set(f) <= FINDING_KEYS | OPTIONAL_FINDING_KEYS


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- scan: formats and the output contract -----------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "text"])
def test_scan_every_input_format(runner, app, tmp_path, fmt):
    result = runner.invoke(app, ["scan", str(write_input(tmp_path, fmt))])
    assert result.exit_code == 0, result.output
    lines = jsonl_lines(result.stdout)
    assert len(lines) == 3
    for line in lines:
        assert_message_line(line)
    expected_ids = [1, 2, 3] if fmt == "text" else ["m1", "m2", "m3"]
    assert [line["id"] for line in lines] == expected_ids
    assert [line["offplatform"] for line in lines] == [True, False, True]
    (phone,) = lines[0]["findings"]
    assert phone["kind"] == "phone" and phone["value"] == PHONE_VALUE
    assert PHONE_TEXT[phone["start"] : phone["end"]] == phone["text"] == PHONE
    assert lines[1]["findings"] == []


def test_scan_format_option_overrides_the_extension(runner, app, tmp_path):
    path = tmp_path / "messages.log"
    path.write_text(PHONE_TEXT + "\n", encoding="utf-8")
    refused = runner.invoke(app, ["scan", str(path)])
    assert refused.exit_code == 3 and "--format" in refused.stderr
    result = runner.invoke(app, ["scan", str(path), "--format", "text"])
    assert result.exit_code == 0
    assert jsonl_lines(result.stdout)[0]["id"] == 1


def test_scan_stdin(runner, app):
    data = "".join(json.dumps(m) + "\n" for m in MESSAGES)
    result = runner.invoke(app, ["scan", "-"], input=data)
    assert result.exit_code == 0
    assert [line["id"] for line in jsonl_lines(result.stdout)] == ["m1", "m2", "m3"]


def test_scan_custom_fields(runner, app, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"key": 10, "body": PHONE_TEXT, "text": PLAIN_TEXT}])
    result = runner.invoke(app, ["scan", str(path), "--id-field", "key", "--text-field", "body"])
    (line,) = jsonl_lines(result.stdout)
    assert line["id"] == 10 and line["offplatform"] is True


def test_scan_output_file(runner, app, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["scan", str(write_input(tmp_path, "jsonl")), "--output", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    lines = jsonl_lines(out.read_text(encoding="utf-8"))
    assert [line["id"] for line in lines] == ["m1", "m2", "m3"]


def test_scan_writes_only_results_to_stdout_and_the_summary_to_stderr(runner, app, tmp_path):
    result = runner.invoke(app, ["scan", str(write_input(tmp_path, "jsonl"))])
    assert len(jsonl_lines(result.stdout)) == 3  # every stdout line is JSON
    assert "messages scanned" in result.stderr
    assert re.search(r"messages flagged\D+2\b", result.stderr)
    assert re.search(r"findings: phone\D+2\b", result.stderr)
    assert re.search(r"errors \(skipped\)\D+0\b", result.stderr)
    quiet = runner.invoke(app, ["scan", str(write_input(tmp_path, "jsonl")), "--quiet"])
    assert quiet.stderr == ""


def test_scan_with_a_progress_bar_still_writes_clean_output(runner, app, tmp_path, monkeypatch):
    monkeypatch.setattr("offplatform.cli.scan.stderr_is_terminal", lambda: True)
    result = runner.invoke(app, ["scan", str(write_input(tmp_path, "jsonl"))])
    assert result.exit_code == 0
    assert len(jsonl_lines(result.stdout)) == 3


def test_scan_conversations_output_shape(runner, app, tmp_path):
    rows = [
        {
            "id": "c1",
            "messages": [{"from": "client", "text": PLAIN_TEXT}, {"from": "freelancer", "text": PHONE_TEXT}],
        },
        {"id": "c2", "messages": [{"from": "client", "text": PLAIN_TEXT}]},
    ]
    result = runner.invoke(app, ["scan", "--conversations", str(write_jsonl(tmp_path / "c.jsonl", rows))])
    assert result.exit_code == 0, result.output
    c1, c2 = jsonl_lines(result.stdout)
    for line in (c1, c2):
        assert set(line) == CONVERSATION_KEYS
    assert c1["id"] == "c1" and c1["offplatform"] is True and 1 in c1["leak_in"]
    phone = next(f for f in c1["findings"] if f["kind"] == "phone")
    assert set(phone) - OPTIONAL_FINDING_KEYS == FINDING_KEYS | {"message"}
    assert phone["message"] == 1 and PHONE_TEXT[phone["start"] : phone["end"]] == PHONE
    assert c2 == {"id": "c2", "offplatform": False, "scam": False, "leak_in": [], "findings": []}
    assert "conversations scanned" in result.stderr


def test_scan_shipped_samples(runner, app, sample_messages, sample_conversations):
    messages = runner.invoke(app, ["scan", str(sample_messages)])
    conversations = runner.invoke(app, ["scan", "--conversations", str(sample_conversations)])
    assert messages.exit_code == 0 and conversations.exit_code == 0
    assert len(jsonl_lines(messages.stdout)) == len(sample_messages.read_text().splitlines())
    assert len(jsonl_lines(conversations.stdout)) == len(sample_conversations.read_text().splitlines())
    assert all(set(line) == CONVERSATION_KEYS for line in jsonl_lines(conversations.stdout))


# -- scan: bad input ---------------------------------------------------------------------

BAD_JSONL = (
    b"\n".join(
        [
            json.dumps({"id": "ok1", "text": PHONE_TEXT}).encode(),
            b"{broken json",
            json.dumps({"id": "no-text"}).encode(),
            json.dumps({"id": "num", "text": 12}).encode(),
            b'{"id": "utf", "text": "caf\xe9"}',
            json.dumps({"id": "ok2", "text": PLAIN_TEXT}).encode(),
        ]
    )
    + b"\n"
)


def test_scan_reports_and_skips_malformed_lines(runner, app, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(BAD_JSONL)
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 0
    assert [line["id"] for line in jsonl_lines(result.stdout)] == ["ok1", "ok2"]
    for lineno, reason in [
        (2, "not valid JSON"),
        (3, "no 'text' field"),
        (4, "not a string"),
        (5, "not valid UTF-8"),
    ]:
        assert re.search(rf"line {lineno}\b.*{re.escape(reason)}", result.stderr), (lineno, result.stderr)
    assert re.search(r"errors \(skipped\)\D+4\b", result.stderr)
    assert re.search(r"messages scanned\D+2\b", result.stderr)


def test_scan_strict_stops_at_the_first_bad_line(runner, app, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(BAD_JSONL)
    result = runner.invoke(app, ["scan", str(path), "--strict"])
    assert result.exit_code == 3
    assert "line 2" in result.stderr and "line 3" not in result.stderr
    assert [line["id"] for line in jsonl_lines(result.stdout)] == ["ok1"]
    assert_no_traceback(result)


def test_scan_strict_passes_clean_input(runner, app, tmp_path):
    result = runner.invoke(app, ["scan", str(write_input(tmp_path, "jsonl")), "--strict"])
    assert result.exit_code == 0


def test_scan_text_over_the_limit_is_reported_like_a_bad_line(runner, app, tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "short", "text": PHONE_TEXT}, {"id": "long", "text": "x" * 200}]
    )
    result = runner.invoke(app, ["scan", str(path), "--max-chars", "100"])
    assert result.exit_code == 0
    assert [line["id"] for line in jsonl_lines(result.stdout)] == ["short"]
    assert re.search(r"line 2 \(id long\).*limit is 100", result.stderr)
    strict = runner.invoke(app, ["scan", str(path), "--max-chars", "100", "--strict"])
    assert strict.exit_code == 3


def test_scan_survives_a_scanner_bug_on_one_message_but_exits_1(runner, app, tmp_path, monkeypatch):
    real_scan = Scanner.scan

    def flaky_scan(self, text):
        if text == PLAIN_TEXT:
            raise RuntimeError("detector bug")
        return real_scan(self, text)

    monkeypatch.setattr(Scanner, "scan", flaky_scan)
    path = write_input(tmp_path, "jsonl")
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 1
    assert [line["id"] for line in jsonl_lines(result.stdout)] == ["m1", "m3"]
    assert re.search(r"line 2 \(id m2\).*internal error \(RuntimeError: detector bug\)", result.stderr)
    assert re.search(r"internal errors\D+1\b", result.stderr)
    strict = runner.invoke(app, ["scan", str(path), "--strict"])
    assert strict.exit_code == 1 and isinstance(strict.exception, RuntimeError)


def test_scan_parquet_reports_rows(runner, app, tmp_path):
    path = tmp_path / "in.parquet"
    texts = pa.array([PHONE_TEXT.encode(), b"caf\xe9", None], type=pa.binary())
    pq.write_table(pa.table({"id": ["p1", "p2", "p3"], "text": texts}), path)
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 0
    assert [line["id"] for line in jsonl_lines(result.stdout)] == ["p1"]
    assert re.search(r"row 2 \(id p2\): not valid UTF-8", result.stderr)
    assert re.search(r"row 3 \(id p3\): 'text' is null", result.stderr)


def test_scan_binary_garbage(runner, app, tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "line 1" in result.stderr
    assert_no_traceback(result)


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.csv", "empty.txt"])
def test_scan_empty_file(runner, app, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert re.search(r"messages scanned\D+0\b", result.stderr)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["scan", "does-not-exist.jsonl"], 3, "no such file"),
        (["scan", "IN", "--region", "XX"], 2, "unknown region"),
        (["scan", "IN", "--kinds", "phone,telepathy"], 2, "telepathy"),
        (["scan", "IN", "--min-score", "2"], 2, "min_score"),
        (["scan", "IN", "--master", "local[2]"], 2, "--engine spark"),
        (["scan", "IN", "--format", "xml"], 2, "xml"),
        (["scan", "IN", "--output", "/nonexistent-dir/out.jsonl"], 3, "cannot write"),
        (["eval"], 2, "PATH"),
        (["scan", "IN", "--output", "IN"], 2, "is the input file"),
        (["scan", "--conversations", "IN_TXT"], 3, "conversations"),
    ],
    ids=[
        "missing-file",
        "bad-region",
        "bad-kind",
        "bad-score",
        "master-without-spark",
        "bad-format",
        "unwritable-output",
        "eval-without-path",
        "output-is-input",
        "text-conversations",
    ],
)
def test_exit_codes(runner, app, tmp_path, args, code, message):
    jsonl = write_input(tmp_path, "jsonl")
    txt = write_input(tmp_path, "text")
    args = [str(jsonl) if a == "IN" else str(txt) if a == "IN_TXT" else a for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert_no_traceback(result)


def test_scan_config_options_reach_the_scanner(runner, app, tmp_path):
    path = write_input(tmp_path, "jsonl")
    only_email = runner.invoke(app, ["scan", str(path), "--kinds", "email"])
    assert only_email.exit_code == 0
    assert all(line["findings"] == [] for line in jsonl_lines(only_email.stdout))
    regions = runner.invoke(app, ["scan", str(path), "--region", "gb", "--region", "US", "--kinds", "phone"])
    assert regions.exit_code == 0
    assert jsonl_lines(regions.stdout)[0]["findings"][0]["value"] == PHONE_VALUE


def test_spark_engine_without_pyspark(runner, app, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` fail
    result = runner.invoke(
        app,
        ["scan", str(write_input(tmp_path, "jsonl")), "--engine", "spark", "--output", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "PySpark is not installed: pip install 'offplatform[spark]'" in result.stderr
    assert_no_traceback(result)


def test_spark_engine_is_handed_the_config(runner, app, tmp_path, monkeypatch):
    calls = []

    def scan_to_parquet(input_path, output_path, **kwargs):
        calls.append((input_path, output_path, kwargs))
        return {"messages": 3}

    monkeypatch.setitem(sys.modules, "pyspark", types.ModuleType("pyspark"))
    fake = types.ModuleType("offplatform.spark")
    fake.scan_to_parquet = scan_to_parquet
    monkeypatch.setitem(sys.modules, "offplatform.spark", fake)
    monkeypatch.setattr(offplatform, "spark", fake, raising=False)
    src = write_input(tmp_path, "jsonl")
    result = runner.invoke(
        app,
        [
            "scan",
            str(src),
            "--engine",
            "spark",
            "--output",
            str(tmp_path / "out"),
            "--master",
            "local[2]",
            "--region",
            "GB",
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    ((input_path, output_path, kwargs),) = calls
    assert (input_path, output_path) == (str(src), str(tmp_path / "out"))
    assert kwargs["master"] == "local[2]" and kwargs["conversations"] is False
    assert kwargs["config"].phone_regions == ("GB",)
    assert kwargs["text_field"] == "text" and kwargs["id_field"] == "id"
    assert kwargs["input_format"] == "jsonl" and kwargs["overwrite"] is False
    assert re.search(r"messages\D+3\b", result.stderr)


# -- check -------------------------------------------------------------------------------


def test_check_highlights_and_explains(runner, app):
    result = runner.invoke(app, ["check", PHONE_TEXT])
    assert result.exit_code == 0
    assert PHONE_TEXT in result.stdout
    assert "offplatform: yes" in result.stdout
    row = next(line for line in result.stdout.splitlines() if PHONE_VALUE in line)
    assert "phone" in row and PHONE in row
    start = PHONE_TEXT.index(PHONE)
    assert f"{start}-{start + len(PHONE)}" in row


def test_check_without_findings(runner, app):
    result = runner.invoke(app, ["check", PLAIN_TEXT])
    assert result.exit_code == 0
    assert "offplatform: no" in result.stdout and "no findings" in result.stdout


def test_check_does_not_interpret_markup_in_the_text(runner, app):
    text = "[bold]not markup[/bold] " + PHONE
    result = runner.invoke(app, ["check", text])
    assert result.exit_code == 0
    assert "[bold]not markup[/bold]" in result.stdout


def test_check_json_is_the_scan_result(runner, app):
    result = runner.invoke(app, ["check", "--json", PHONE_TEXT])
    data = json.loads(result.stdout)
    assert data == Scanner().scan(PHONE_TEXT).to_dict()
    assert set(data) == {"offplatform", "scam", "findings"}


def test_check_reads_stdin(runner, app):
    result = runner.invoke(app, ["check", "--json", "-"], input=PHONE_TEXT + "\n")
    assert json.loads(result.stdout)["findings"][0]["end"] == PHONE_TEXT.index(PHONE) + len(PHONE)
    bad = runner.invoke(app, ["check", "-"], input=b"\xff\xfe")
    assert bad.exit_code == 3 and "UTF-8" in bad.stderr


# -- eval --------------------------------------------------------------------------------


def test_eval_messages_matches_the_library(runner, app, sample_messages):
    result = runner.invoke(app, ["eval", str(sample_messages), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = evaluate_messages(read_labelled(sample_messages), Scanner()).as_dict()
    assert data == expected
    records = [json.loads(line) for line in sample_messages.read_text().splitlines()]
    assert data["items"] == len(records)
    for label in ("offplatform", "scam"):
        s = data[label]
        assert s["tp"] + s["fn"] == sum(bool(r[label]) for r in records)
        assert s["tp"] + s["fp"] + s["fn"] + s["tn"] == len(records)
        for metric in ("precision", "recall", "f1", "false_positive_rate"):
            assert 0.0 <= s[metric] <= 1.0
    assert data["gold_spans"] == sum(len(r["spans"]) for r in records)
    assert data["negatives"] == sum(not r["offplatform"] and not r["scam"] for r in records)
    assert 0.0 <= data["span_recall"] <= 1.0 and 0.0 <= data["span_precision"] <= 1.0
    assert data["offplatform"]["tp"] > 0, "the sample's plain international numbers are found"


def test_eval_conversations_matches_the_library(runner, app, sample_conversations):
    result = runner.invoke(app, ["eval", "--conversations", str(sample_conversations), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    records = list(read_labelled(sample_conversations, conversations=True))
    assert data == evaluate_conversations(records, ConversationScanner(Scanner())).as_dict()
    assert data["items"] == len(records)
    assert data["gold_spans"] == sum(len(r["leak_in"]) for r in records)


def test_eval_table_and_errors(runner, app, sample_messages):
    data = json.loads(runner.invoke(app, ["eval", str(sample_messages), "--json"]).stdout)
    result = runner.invoke(app, ["eval", str(sample_messages), "--errors", "2"])
    assert result.exit_code == 0
    out = result.stdout
    assert f"{data['items']} messages" in out
    recall = data["offplatform"]["recall"]
    assert re.search(rf"recall\s+\S*\s*{recall:.3f}", out)
    off = data["offplatform"]
    assert f"{off['tp']} / {off['fp']} / {off['fn']} / {off['tn']}" in out
    total_errors = len(evaluate_messages(read_labelled(sample_messages), Scanner()).errors)
    shown = min(2, total_errors)
    assert f"{shown} of {total_errors} misclassified examples" in out
    assert out.count("  gold:") == shown


def test_eval_json_errors_are_capped(runner, app, sample_conversations):
    result = runner.invoke(
        app, ["eval", "--conversations", str(sample_conversations), "--json", "--errors", "1"]
    )
    data = json.loads(result.stdout)
    assert len(data["errors"]) <= 1
    if data["errors"]:
        assert {"id", "messages", "gold", "predicted"} <= set(data["errors"][0])


def test_eval_rejects_a_bad_labelled_file(runner, app, tmp_path, sample_conversations):
    path = tmp_path / "labels.jsonl"
    path.write_bytes(b'{"id": 1, "text": "a", "offplatform": false, "scam": false, "spans": []}\n{oops\n')
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 3 and "line 2" in result.stderr
    wrong_kind = runner.invoke(app, ["eval", str(sample_conversations)])
    assert wrong_kind.exit_code == 3 and "--conversations" in wrong_kind.stderr
    assert_no_traceback(result)


PEER_RESULT = {
    "file": "cases.jsonl",
    "cases": 3,
    "scored_cases": 2,
    "agree": 1,
    "agree_rate": 0.5,
    "by_source_kind": {
        "presidio": {
            "email": {
                "cases": 2,
                "agree": 1,
                "agree_rate": 0.5,
                "span_recall": 0.25,
                "span_precision": 1.0,
                "exact": 1,
            }
        }
    },
    "disagreements": [
        {"id": "p-1", "text": "a@b", "expected": [[0, 3, "email"]], "got": [], "kinds_checked": ["email"]},
        {"id": "p-2", "text": "c@d", "expected": [[0, 3, "email"]], "got": [], "kinds_checked": ["email"]},
    ],
}


@pytest.fixture
def fake_peer(monkeypatch):
    calls = []

    def evaluate_peer(path, scanner_factory):
        scanner = scanner_factory(ScanConfig(phone_regions=("GB",)))
        calls.append((path, scanner))
        return json.loads(json.dumps(PEER_RESULT))

    fake = types.ModuleType("offplatform.peer")
    fake.evaluate_peer = evaluate_peer
    monkeypatch.setitem(sys.modules, "offplatform.peer", fake)
    monkeypatch.setattr(offplatform, "peer", fake, raising=False)
    monkeypatch.delenv("OFFPLATFORM_PEER_CASES", raising=False)
    return calls


def test_eval_peer_json(runner, app, fake_peer):
    result = runner.invoke(app, ["eval", "--peer", "cases.jsonl", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == PEER_RESULT
    ((path, scanner),) = fake_peer
    assert path == "cases.jsonl"
    assert isinstance(scanner, Scanner) and scanner.config.phone_regions == ("GB",)
    capped = runner.invoke(app, ["eval", "--peer", "cases.jsonl", "--json", "--errors", "1"])
    assert [d["id"] for d in json.loads(capped.stdout)["disagreements"]] == ["p-1"]


def test_eval_peer_table(runner, app, fake_peer, monkeypatch):
    monkeypatch.setenv("OFFPLATFORM_PEER_CASES", "from-env.jsonl")
    result = runner.invoke(app, ["eval", "--peer", "--errors", "1"])
    assert result.exit_code == 0, result.output
    assert fake_peer[0][0] == "from-env.jsonl"
    row = next(line for line in result.stdout.splitlines() if "presidio" in line)
    assert re.search(r"email\W+2\W+1\W+0\.5000\W+0\.2500\W+1\.0000\W+1\b", row)
    assert re.search(r"disagreements \(--errors N lists them\)\W+2\b", result.stdout)
    assert "1 of 2 disagreements" in result.stdout and "p-1" in result.stdout and "p-2" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "--peer"], "OFFPLATFORM_PEER_CASES"),
        (["eval", "--peer", "cases.jsonl", "--region", "GB"], "drop the scan options"),
        (["eval", "--peer", "cases.jsonl", "--conversations"], "drop --conversations"),
    ],
    ids=["no-path", "scan-options", "conversations"],
)
def test_eval_peer_usage_errors(runner, app, fake_peer, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert fake_peer == []


def test_eval_peer_with_the_real_peer_module(runner, app, tmp_path):
    text = "ring " + PHONE
    cases = [
        {
            "id": "t-1",
            "text": text,
            "expected": [[5, 5 + len(PHONE), "phone"]],
            "expected_count": 1,
            "kinds_checked": ["phone"],
            "config": None,
            "note": None,
            "source": "test",
            "license": "MIT",
        },
        {
            "id": "t-2",
            "text": PLAIN_TEXT,
            "expected": [[0, 6, "phone"]],
            "expected_count": 1,
            "kinds_checked": ["phone"],
            "config": None,
            "note": None,
            "source": "test",
            "license": "MIT",
        },
    ]
    path = write_jsonl(tmp_path / "peer_cases.jsonl", cases)
    result = runner.invoke(app, ["eval", "--peer", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["cases"], data["agree"]) == (2, 1)
    assert [d["id"] for d in data["disagreements"]] == ["t-2"]


# -- the rest ----------------------------------------------------------------------------


def test_version_and_help(runner, app):
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and offplatform.__version__ in version.stdout
    help_ = runner.invoke(app, ["--help"])
    assert help_.exit_code == 0
    for command in ("scan", "check", "eval", "policy"):
        assert command in help_.stdout


def test_readme_starts_with_the_commands_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^```(?:bash|sh|console)?\n(.+?)\n```", readme, flags=re.M | re.S)
    install_and_run, install_and_test = commands[0], commands[1]
    assert install_and_run.startswith("pip install .") and "offplatform serve --demo" in install_and_run
    sample = re.search(r"offplatform scan (\S+)", readme)
    assert sample and (REPO / sample.group(1)).is_file()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()
