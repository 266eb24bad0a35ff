"""The Spark engine gives, row for row, what the in-process scanner gives, and never drops a row.

Runs Spark in local mode (local[2]) with one session for the whole module. Needs the ``[spark]``
extra and Java 17+; in CI (``CI=true``) a missing PySpark is an error, not a skip.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import types
from pathlib import Path
from typing import Any

import pytest

try:
    import pyspark  # noqa: F401
except ImportError:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        raise
    pytest.skip("PySpark is not installed: pip install -e '.[spark]'", allow_module_level=True)

from pyspark import cloudpickle
from pyspark.sql import SparkSession

from offplatform import ConfigError, ConversationScanner, InputError, ScanConfig, Scanner
from offplatform import spark as ospark

pytestmark = pytest.mark.spark

# The fake policy below is defined in this (not installed) module: ship it by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

DATA = Path("/work/shared/data")
DEV_MESSAGES = DATA / "dev_messages.jsonl"
DEV_CONVERSATIONS = DATA / "dev_conversations.jsonl"


@pytest.fixture(scope="session")
def spark() -> Any:
    old = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # executors must import offplatform too
    session = (
        SparkSession.builder.master("local[2]")
        .appName("offplatform tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        # Small Arrow batches, so several batches go through one (cached) scanner.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()
    if old is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = old


def finding_tuple(f: Any) -> tuple:
    """A finding (library object or Spark row) as a comparable tuple."""
    if isinstance(f, dict) or hasattr(f, "asDict"):
        d = f if isinstance(f, dict) else f.asDict()
        return (
            d.get("message"),
            d["kind"],
            d["start"],
            d["end"],
            d["text"],
            d["value"],
            d["rule"],
            d["score"],
            d["category"],
        )
    return (
        f.message,
        str(f.kind),
        f.start,
        f.end,
        f.text,
        f.value,
        f.rule,
        f.score,
        None if f.category is None else str(f.category),
    )


def expected_message(scanner: Scanner, text: str) -> tuple[bool, bool, list[tuple]]:
    result = scanner.scan(text)
    return result.offplatform, result.scam, [finding_tuple(f) for f in result.findings]


def spark_message(row: Any) -> tuple[bool, bool, list[tuple]]:
    return row["offplatform"], row["scam"], [finding_tuple(f) for f in row["findings"]]


# Positives beside hard negatives (prices, versions, the platform's own links, the app as topic).
FIXTURE = [
    ("phone-plain", "call me on +1 415 555 2671 tomorrow"),
    ("phone-words", "my number is nine 7 three, two 2 zero, 4 four 1 8"),
    ("email-spelled", "write to chris_b [at] hotmail [dot] com"),
    ("email-plain", "send the files to ana.silva@gmail.com please"),
    ("telegram-link", "t.me/marco_dev_ua"),
    ("whatsapp-ask", "what's your WhatsApp? easier to talk there"),
    ("code-request", "please send me the 6-digit verification code you just got"),
    ("pay-outside", "cancel the contract and I'll pay you directly by PayPal"),
    ("neg-price", "My budget is $450 for the whole project, 3 revisions included."),
    ("neg-version", "We are on version 2.14.3 of the SDK, build 20240117."),
    ("neg-own-link", "Check marketplace.example/help/articles/payment-protection"),
    ("neg-topic", "I need a WhatsApp chatbot integration for my store"),
    ("neg-date", "Can you deliver by 03/15? My launch is on the 18th."),
    ("neg-unicode", "Ｔｈｅ ｄｅｓｉｇｎ ｌｏｏｋｓ ｇｒｅａｔ ✨"),
]


@pytest.fixture(scope="module")
def fixture_df(spark: Any) -> Any:
    return spark.createDataFrame([(i, t) for i, t in FIXTURE], "id string, text string")


def test_fixture_rows_match_in_process_scanner(fixture_df: Any) -> None:
    scanner = Scanner(ScanConfig())
    rows = {r["id"]: r for r in ospark.scan_messages(fixture_df, config=ScanConfig()).collect()}
    assert sorted(rows) == sorted(i for i, _ in FIXTURE)
    for ident, text in FIXTURE:
        assert spark_message(rows[ident]) == expected_message(scanner, text), ident
        assert rows[ident]["error"] is None, ident
        assert rows[ident]["text"] == text  # input columns pass through untouched
    # The comparison means something only if the fixture has both outcomes.
    flags = {r["offplatform"] for r in rows.values()}
    assert flags == {True, False}


def test_result_schema_is_typed(fixture_df: Any) -> None:
    schema = ospark.scan_messages(fixture_df).schema
    types_ = {f.name: f.dataType.simpleString() for f in schema.fields}
    assert types_ == {
        "id": "string",
        "text": "string",
        "offplatform": "boolean",
        "scam": "boolean",
        "findings": "array<struct<kind:string,start:int,end:int,text:string,value:string,rule:string,"
        "score:double,category:string>>",
        "error": "string",
    }


@pytest.mark.parametrize(
    ("mapping", "text", "kinds_found"),
    [
        pytest.param(
            {"kinds": ["email"]},
            "mail ana.silva@gmail.com or call +1 415 555 2671",
            {"email"},
            id="only-email-kind",
        ),
        pytest.param(
            {"kinds": ["phone"]},
            "mail ana.silva@gmail.com or call +1 415 555 2671",
            {"phone"},
            id="only-phone-kind",
        ),
        pytest.param(
            {}, "mail ana.silva@gmail.com or call +1 415 555 2671", {"email", "phone"}, id="default"
        ),
    ],
)
def test_configuration_reaches_the_executors(spark: Any, mapping: dict, text: str, kinds_found: set) -> None:
    df = spark.createDataFrame([("1", text)], "id string, text string")
    row = ospark.scan_messages(df, config=mapping).first()
    assert {f["kind"] for f in row["findings"]} == kinds_found
    assert spark_message(row) == expected_message(Scanner(ScanConfig.from_mapping(mapping)), text)


def test_two_configurations_in_one_job_do_not_share_a_scanner(spark: Any) -> None:
    df = spark.createDataFrame(
        [("1", "mail ana.silva@gmail.com or call +1 415 555 2671")], "id string, text string"
    )
    only_email = ospark.scan_messages(df, config={"kinds": ["email"]}).selectExpr("id", "findings as a")
    only_phone = ospark.scan_messages(df, config={"kinds": ["phone"]}).selectExpr("id", "findings as b")
    row = only_email.join(only_phone, "id").first()
    assert [f["kind"] for f in row["a"]] == ["email"]
    assert [f["kind"] for f in row["b"]] == ["phone"]


def test_bad_configuration_fails_on_the_driver(fixture_df: Any) -> None:
    with pytest.raises(ConfigError, match="phone_regions"):
        ospark.scan_messages(fixture_df, config={"phone_regions": ["XX"]})
    with pytest.raises(ConfigError, match="unknown scan setting"):
        ospark.scan_messages(fixture_df, config={"colour": "blue"})


@pytest.mark.skipif(not DEV_MESSAGES.exists(), reason="no dev set at /work/shared/data")
def test_dev_set_matches_in_process_scanner_row_by_row(spark: Any) -> None:
    records = [json.loads(line) for line in DEV_MESSAGES.read_text(encoding="utf-8").splitlines() if line]
    df = spark.createDataFrame([(r["id"], r["text"]) for r in records], "id string, text string")
    got = {r["id"]: r for r in ospark.scan_messages(df).collect()}
    scanner = Scanner(ScanConfig())
    assert len(got) == len(records)
    mismatches = {
        r["id"]: (spark_message(got[r["id"]]), expected_message(scanner, r["text"]))
        for r in records
        if spark_message(got[r["id"]]) != expected_message(scanner, r["text"])
    }
    # (spark, in-process) for each differing row. NB: editing the detectors while this runs can
    # make the driver and the executors import different code.
    assert mismatches == {}
    assert any(r["offplatform"] for r in got.values()) and not all(r["offplatform"] for r in got.values())


# -- empty and malformed rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error", "scanned"),
    [
        pytest.param(None, "text is null", False, id="null"),
        pytest.param("", "text is empty", True, id="empty"),
        pytest.param("  \n\t", "text is empty", True, id="blank"),
        pytest.param("x" * 60, "60 characters; the limit is 50", False, id="too-long"),
        pytest.param("call +1 415 555 2671", None, True, id="valid-beside-bad"),
    ],
)
def test_empty_and_malformed_text_keeps_the_row(
    spark: Any, text: str | None, error: str | None, scanned: bool
) -> None:
    df = spark.createDataFrame([("bad", text), ("good", "hello there")], "id string, text string")
    rows = {r["id"]: r for r in ospark.scan_messages(df, config={"max_text_chars": 50}).collect()}
    assert set(rows) == {"bad", "good"}
    bad = rows["bad"]
    if error is None:
        assert bad["error"] is None
    else:
        assert error in bad["error"]
    if scanned:
        assert bad["findings"] is not None and bad["offplatform"] is not None
        assert bool(bad["findings"]) == (text is not None and bool(text.strip()) and error is None)
    else:
        assert (bad["offplatform"], bad["scam"], bad["findings"]) == (None, None, None)
    assert rows["good"]["error"] is None and rows["good"]["offplatform"] is False


def test_non_string_text_column_is_an_error_per_row(spark: Any) -> None:
    df = spark.createDataFrame([("a", 4155552671), ("b", None)], "id string, text bigint")
    rows = {r["id"]: r for r in ospark.scan_messages(df).collect()}
    assert rows["a"]["error"] == "text is a number, not a string"
    assert rows["b"]["error"] == "text is null"
    assert rows["a"]["findings"] is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"text_col": "body"}, "no column", id="missing-text-column"),
        pytest.param({"stage_col": "stage"}, "no column", id="missing-stage-column"),
    ],
)
def test_wrong_columns_are_config_errors(fixture_df: Any, kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ospark.scan_messages(fixture_df, **kwargs)


def test_result_column_clash_is_refused(spark: Any) -> None:
    labelled = spark.createDataFrame([("1", "hi", True)], "id string, text string, offplatform boolean")
    with pytest.raises(ConfigError, match="already has column"):
        ospark.scan_messages(labelled)


# -- stage / policy seam ----------------------------------------------------------------------------


def fake_decide(text: str, stage: str, findings: tuple) -> Any:
    blocked = stage == "interview" and any(str(f.kind) == "email" for f in findings)
    return types.SimpleNamespace(action="block" if blocked else "allow", text=None if blocked else text)


def test_stage_column_goes_through_the_decide_seam(spark: Any) -> None:
    df = spark.createDataFrame(
        [
            ("1", "mail ana@gmail.com", "interview"),
            ("2", "mail ana@gmail.com", "contract"),
            ("3", "hello", "interview"),
            ("4", None, "interview"),
            ("5", "mail ana@gmail.com", None),
        ],
        "id string, text string, stage string",
    )
    out = ospark.scan_messages(df, stage_col="stage", decide=fake_decide)
    assert out.columns[-2:] == ["action", "masked_text"]
    rows = {r["id"]: r for r in out.collect()}
    assert (rows["1"]["action"], rows["1"]["masked_text"]) == ("block", None)
    assert (rows["2"]["action"], rows["2"]["masked_text"]) == ("allow", "mail ana@gmail.com")
    assert (rows["3"]["action"], rows["3"]["error"]) == ("allow", None)
    assert (rows["4"]["action"], rows["4"]["error"]) == (None, "text is null")
    assert (rows["5"]["action"], rows["5"]["error"]) == (None, "stage is null")
    assert rows["5"]["offplatform"] is True  # the scan itself still stands


POLICY_CASES = [
    ("p-phone", "call me on +1 415 555 2671 tomorrow", "interview"),
    ("p-email", "send the files to ana.silva@gmail.com please", "interview"),
    ("p-email-contract", "send the files to ana.silva@gmail.com please", "contract"),
    ("p-code", "please send me the 6-digit verification code you just got", "contract"),
    ("p-pay", "cancel the contract and I'll pay you directly by PayPal", "interview"),
    ("p-clean", "My budget is $450 for the whole project.", "interview"),
    ("p-topic", "I need a WhatsApp chatbot integration for my store", "inquiry"),
]


def test_stage_column_matches_the_policy_layer(spark: Any) -> None:
    from offplatform.policy import decide_text

    df = spark.createDataFrame(
        POLICY_CASES + [("p-bad-stage", "hello", "negotiation")], "id string, text string, stage string"
    )
    rows = {r["id"]: r for r in ospark.scan_messages(df, stage_col="stage").collect()}
    actions = set()
    for ident, text, stage in POLICY_CASES:
        decision = decide_text(text, stage)
        expected_text = decision.text if decision.delivered else None
        assert (rows[ident]["action"], rows[ident]["masked_text"]) == (str(decision.action), expected_text), (
            ident
        )
        assert rows[ident]["error"] is None
        actions.add(rows[ident]["action"])
    assert "allow" in actions and len(actions) > 1  # both outcomes, or the comparison proves little
    assert rows["p-bad-stage"]["action"] is None
    assert rows["p-bad-stage"]["error"].startswith("policy: unknown stage 'negotiation'")


def test_scan_to_parquet_with_a_stage(spark: Any, tmp_path: Path) -> None:
    from offplatform.policy import decide_text

    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "text": t, "st": s}) + "\n" for i, t, s in POLICY_CASES),
        encoding="utf-8",
    )
    fixed = read_output(spark, _scan(src, tmp_path / "fixed", stage="interview"))
    per_row = read_output(spark, _scan(src, tmp_path / "per-row", stage_field="st"))
    for ident, text, stage in POLICY_CASES:
        assert fixed[ident]["action"] == str(decide_text(text, "interview").action), ident
        assert (per_row[ident]["stage"], per_row[ident]["action"]) == (
            stage,
            str(decide_text(text, stage).action),
        )


def test_policy_file_is_read_on_the_driver_and_shipped(spark: Any, tmp_path: Path) -> None:
    from offplatform.policy import decide_text, default_policy_text

    policy = tmp_path / "policy.toml"
    policy.write_text(
        default_policy_text().replace('placeholder = "[{kind} hidden]"', 'placeholder = "<{kind} removed>"'),
        encoding="utf-8",
    )
    text = "call me on +1 415 555 2671 tomorrow"
    df = spark.createDataFrame([("1", text, "interview")], "id string, text string, stage string")
    row = ospark.scan_messages(df, stage_col="stage", policy_path=str(policy)).first()
    assert row["action"] == "mask"
    assert row["masked_text"] == decide_text(text, "interview", policy_path=policy).text
    assert "<phone removed>" in row["masked_text"] and "555" not in row["masked_text"]


def _scan(src: Path, out: Path, **kwargs: Any) -> Path:
    ospark.scan_to_parquet(str(src), str(out), **kwargs)
    return out


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"stage": "negotiation"}, "unknown stage", id="unknown-fixed-stage"),
        pytest.param(
            {"stage": "interview", "policy_path": "/nonexistent/policy.toml"},
            "cannot read policy",
            id="missing-policy-file",
        ),
    ],
)
def test_policy_problems_fail_before_spark_runs(tmp_path: Path, kwargs: dict, message: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "hi"}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        ospark.scan_to_parquet(str(src), str(tmp_path / "out"), **kwargs)
    assert not (tmp_path / "out").exists()


# -- conversations ------------------------------------------------------------------------------------


def expected_conversation(texts: list[str]) -> tuple:
    result = ConversationScanner(Scanner(ScanConfig())).scan_conversation(texts)
    return result.offplatform, result.scam, list(result.leak_in), [finding_tuple(f) for f in result.findings]


def spark_conversation(row: Any) -> tuple:
    return row["offplatform"], row["scam"], list(row["leak_in"]), [finding_tuple(f) for f in row["findings"]]


def test_conversations_are_ordered_by_timestamp_not_row_order(spark: Any) -> None:
    texts = ["my number", "is +1 415", "555 2671", "thanks!"]
    rows = [("c1", f"m{i}", i * 10, t) for i, t in enumerate(texts)]
    rows += [("c2", "n0", 5, "hello"), ("c2", "n1", None, "mail ana@gmail.com"), ("c2", "n2", 1, "hi")]
    random.Random(7).shuffle(rows)
    df = spark.createDataFrame(rows, "conv string, id string, ts long, text string").repartition(2)
    out = {
        r["conv"]: r
        for r in ospark.scan_conversations(
            df, conversation_col="conv", timestamp_col="ts", id_col="id"
        ).collect()
    }
    assert out["c1"]["message_ids"] == ["m0", "m1", "m2", "m3"]
    assert spark_conversation(out["c1"]) == expected_conversation(texts)
    assert out["c1"]["error"] is None
    # Null timestamp: ordered last and reported, never dropped.
    assert out["c2"]["message_ids"] == ["n2", "n0", "n1"]
    assert out["c2"]["error"] == "1 message(s) with a null timestamp, scanned last"
    assert spark_conversation(out["c2"]) == expected_conversation(["hi", "hello", "mail ana@gmail.com"])


def test_conversation_with_null_message_still_scans_the_rest(spark: Any) -> None:
    df = spark.createDataFrame(
        [("c", 1, "hello"), ("c", 2, None), ("c", 3, "ana@gmail.com"), (None, 1, "x")],
        "conv string, ts int, text string",
    )
    out = {
        r["conv"]: r
        for r in ospark.scan_conversations(df, conversation_col="conv", timestamp_col="ts").collect()
    }
    assert out["c"]["error"] == "messages[1].text is null"
    assert spark_conversation(out["c"]) == expected_conversation(["hello", "", "ana@gmail.com"])
    assert out[None]["error"] == "conversation id is null" and out[None]["offplatform"] is None


@pytest.mark.parametrize("shape", ["structs", "strings"])
def test_conversation_arrays_one_per_row(spark: Any, shape: str) -> None:
    convs = {"split": ["my number", "is +1 415", "555 2671"], "clean": ["hi", "the logo is ready"]}
    if shape == "structs":
        rows = [(k, [("client", t) for t in v]) for k, v in convs.items()]
        df = spark.createDataFrame(rows, "id string, messages array<struct<from:string,text:string>>")
    else:
        df = spark.createDataFrame(list(convs.items()), "id string, messages array<string>")
    got = {r["id"]: r for r in ospark.scan_conversation_arrays(df).collect()}
    for ident, texts in convs.items():
        assert spark_conversation(got[ident]) == expected_conversation(texts), ident
    assert got["split"]["offplatform"] is True and got["clean"]["offplatform"] is False


def dev_conversations() -> list[dict]:
    return [json.loads(line) for line in DEV_CONVERSATIONS.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.skipif(not DEV_CONVERSATIONS.exists(), reason="no dev conversations at /work/shared/data")
def test_dev_conversations_match_in_process_scanner(spark: Any) -> None:
    convs = dev_conversations()
    rows = [(c["id"], i, m["text"]) for c in convs for i, m in enumerate(c["messages"])]
    random.Random(3).shuffle(rows)
    df = spark.createDataFrame(rows, "conversation string, ts int, text string")
    got = {r["conversation"]: r for r in ospark.scan_conversations(df, timestamp_col="ts").collect()}
    assert sorted(got) == sorted(c["id"] for c in convs)
    mismatches = [
        c["id"]
        for c in convs
        if spark_conversation(got[c["id"]]) != expected_conversation([m["text"] for m in c["messages"]])
    ]
    assert mismatches == []
    assert any(r["offplatform"] for r in got.values())


# -- files ----------------------------------------------------------------------------------------------


def read_output(spark: Any, path: Path) -> dict[str, Any]:
    return {r["id"]: r for r in spark.read.parquet(str(path)).collect()}


def test_scan_to_parquet_jsonl_keeps_every_malformed_line(spark: Any, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok", "text": "call +1 415 555 2671"}),
        json.dumps({"id": "clean", "text": "see you tomorrow"}),
        json.dumps({"id": "num", "text": 4155552671}),
        json.dumps({"id": "obj", "text": {"body": "hi"}}),
        json.dumps({"id": "null", "text": None}),
        json.dumps({"id": "missing", "body": "hi"}),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": 42, "text": "numeric id"}),
        "",  # blank lines are not records
        '{"id": "broken", "text": "unterminated',
        "[1, 2, 3]",
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    summary = ospark.scan_to_parquet(str(src), str(out), config=ScanConfig())
    rows = spark.read.parquet(str(out)).collect()
    assert summary == {"rows": 10, "offplatform": 1, "scam": 0, "errors": 7}
    by_id = {r["id"]: r for r in rows}
    assert by_id["ok"]["offplatform"] is True and by_id["ok"]["error"] is None
    assert spark_message(by_id["ok"]) == expected_message(Scanner(), "call +1 415 555 2671")
    assert by_id["clean"]["offplatform"] is False and by_id["clean"]["error"] is None
    assert by_id["num"]["error"] == "text is a number, not a string"
    assert by_id["obj"]["error"] == "text is an object, not a string"
    assert by_id["null"]["error"] == "text is null"
    assert by_id["missing"]["error"] == "no 'text' field"
    assert (by_id["empty"]["error"], by_id["empty"]["offplatform"]) == ("text is empty", False)
    assert by_id["42"]["text"] == "numeric id"
    anonymous = sorted(r["error"] for r in rows if r["id"] is None)
    assert anonymous[0] == "expected a JSON object, got an array"
    assert anonymous[1].startswith("not valid JSON (Unterminated string")


def test_scan_to_parquet_jsonl_bytes_that_are_not_utf8_are_one_bad_row(spark: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"id": "bom", "text": "hi"}).encode()
        + b"\n"
        + b'{"id": "latin1", "text": "caf\xe9"}\n'
        + json.dumps({"id": "ok", "text": "mail ana@gmail.com"}).encode()
        + b"\n"
    )
    summary = ospark.scan_to_parquet(str(src), str(tmp_path / "out"))
    rows = spark.read.parquet(str(tmp_path / "out")).collect()
    assert summary == {"rows": 3, "offplatform": 1, "scam": 0, "errors": 1}
    by_id = {r["id"]: r for r in rows}
    assert by_id["bom"]["error"] is None and by_id["bom"]["text"] == "hi"
    assert by_id[None]["error"] == "not valid UTF-8"


def test_string_column_with_invalid_utf8_is_one_bad_row(spark: Any) -> None:
    df = spark.createDataFrame(
        [("bad", bytearray(b"caf\xe9")), ("ok", bytearray(b"mail ana@gmail.com"))], "id string, raw binary"
    ).selectExpr("id", "cast(raw as string) as text")
    rows = {r["id"]: r for r in ospark.scan_messages(df).drop("text").collect()}
    assert rows["bad"]["error"] == "text is not valid UTF-8" and rows["bad"]["findings"] is None
    assert rows["ok"]["offplatform"] is True


def test_scan_to_parquet_refuses_to_overwrite(spark: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "hi"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    ospark.scan_to_parquet(str(src), str(out))
    with pytest.raises(InputError, match="already exists"):
        ospark.scan_to_parquet(str(src), str(out))
    assert ospark.scan_to_parquet(str(src), str(out), overwrite=True)["rows"] == 1


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_scan_to_parquet_csv_and_parquet_match_in_process(spark: Any, tmp_path: Path, fmt: str) -> None:
    rows = [{"msg_id": ident, "body": text} for ident, text in FIXTURE] + [{"msg_id": "nul", "body": None}]
    if fmt == "csv":
        src = tmp_path / "in.csv"
        with src.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["msg_id", "body"])
            writer.writeheader()
            writer.writerows(rows)
    else:
        src = tmp_path / "in.parquet"
        spark.createDataFrame(
            [(r["msg_id"], r["body"]) for r in rows], "msg_id string, body string"
        ).coalesce(1).write.parquet(str(src))
    out = tmp_path / "out.parquet"
    ospark.scan_to_parquet(str(src), str(out), id_field="msg_id", text_field="body")
    got = read_output(spark, out)
    scanner = Scanner()
    for ident, text in FIXTURE:
        assert spark_message(got[ident]) == expected_message(scanner, text), ident
    assert got["nul"]["error"] == "text is null"


@pytest.mark.skipif(not DEV_CONVERSATIONS.exists(), reason="no dev conversations at /work/shared/data")
def test_scan_to_parquet_conversations_file(spark: Any, tmp_path: Path) -> None:
    out = tmp_path / "conv.parquet"
    summary = ospark.scan_to_parquet(str(DEV_CONVERSATIONS), str(out), conversations=True)
    got = read_output(spark, out)
    convs = dev_conversations()
    assert summary["rows"] == len(convs) and summary["errors"] == 0
    for c in convs:
        assert spark_conversation(got[c["id"]]) == expected_conversation(
            [m["text"] for m in c["messages"]]
        ), c["id"]


def test_scan_to_parquet_conversations_csv(spark: Any, tmp_path: Path) -> None:
    convs = {
        "split": [{"from": "client", "text": "my number"}, {"from": "client", "text": "is +1 415 555 2671"}],
        "clean": ["hi", "the logo is ready"],
        "broken": "[not json",
    }
    src = tmp_path / "conv.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "messages"])
        for ident, messages in convs.items():
            writer.writerow([ident, messages if isinstance(messages, str) else json.dumps(messages)])
    out = tmp_path / "out"
    ospark.scan_to_parquet(str(src), str(out), conversations=True)
    got = read_output(spark, out)
    assert spark_conversation(got["split"]) == expected_conversation(["my number", "is +1 415 555 2671"])
    assert got["split"]["offplatform"] is True and got["clean"]["offplatform"] is False
    assert got["broken"]["error"].startswith("messages is not valid JSON")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        pytest.param(
            {"stage": "interview", "stage_field": "stage"}, ConfigError, "not both", id="stage-twice"
        ),
        pytest.param(
            {"conversations": True, "stage": "interview"},
            ConfigError,
            "per message",
            id="stage-with-conversations",
        ),
        pytest.param({"input_format": "xml"}, ConfigError, "unknown input format", id="bad-format"),
    ],
)
def test_scan_to_parquet_argument_errors(tmp_path: Path, kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        ospark.scan_to_parquet(str(tmp_path / "in.jsonl"), str(tmp_path / "out"), **kwargs)


def test_unknown_extension_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot tell the format"):
        ospark.scan_to_parquet(str(tmp_path / "in.xml"), str(tmp_path / "out"))
