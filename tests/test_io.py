"""Readers and writers: every format, and every way a line can be unusable."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from offplatform.errors import InputError
from offplatform.io import (
    BadRecord,
    JsonLinesWriter,
    MessageSource,
    Record,
    detect_format,
    iter_lines,
    read_labelled,
)


def read_all(path: Path | str, **kwargs) -> list[Record | BadRecord]:
    with MessageSource(path, **kwargs) as source:
        return list(source.records())


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- format detection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("a.jsonl", None, "jsonl"),
        ("a.ndjson", None, "jsonl"),
        ("a.JSONL", None, "jsonl"),
        ("a.jsonl.gz", None, "jsonl"),
        ("a.csv", None, "csv"),
        ("dir/a.b.csv", None, "csv"),
        ("a.parquet", None, "parquet"),
        ("a.pq", None, "parquet"),
        ("a.txt", None, "text"),
        ("-", None, "jsonl"),
        ("a.log", "text", "text"),
        ("a.jsonl", "csv", "csv"),
    ],
    ids=lambda v: str(v),
)
def test_detect_format(name, fmt, expected):
    assert detect_format(name, fmt) == expected


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.json", None), ("noext", None), ("a.gz", None), ("a.jsonl", "xml")],
    ids=["json", "noext", "bare-gz", "bad-fmt"],
)
def test_detect_format_refuses_to_guess(name, fmt):
    with pytest.raises(InputError):
        detect_format(name, fmt)


# -- JSON Lines --------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines_keep_their_line_numbers(tmp_path):
    lines = [
        b'{"id": "a", "text": "hello"}',
        b"",  # blank: not a record
        b"{not json",
        b'["an", "array"]',
        b'{"id": "b"}',
        b'{"id": "c", "text": 42}',
        b'{"id": "d", "text": null}',
        b'{"id": "e", "text": "caf\xc3\xa9 \xff\xfe"}',
        b'{"text": "no id here"}',
        b'{"id": 7, "text": "numeric id kept as a number"}',
    ]
    items = read_all(write_bytes(tmp_path, "in.jsonl", b"\n".join(lines) + b"\n"))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Record", 1),
        ("BadRecord", 3),
        ("BadRecord", 4),
        ("BadRecord", 5),
        ("BadRecord", 6),
        ("BadRecord", 7),
        ("BadRecord", 8),
        ("Record", 9),
        ("Record", 10),
    ]
    reasons = {i.line: i.reason for i in items if isinstance(i, BadRecord)}
    assert "not valid JSON" in reasons[3]
    assert "JSON object" in reasons[4]
    assert "no 'text' field" in reasons[5]
    assert "number" in reasons[6]
    assert "null" in reasons[7]
    assert "UTF-8" in reasons[8]
    assert items[0] == Record(line=1, id="a", text="hello")
    assert items[7].id == 9  # no id: the line number stands in
    assert items[8].id == 7


def test_jsonl_ids_of_bad_records_are_kept_when_known(tmp_path):
    (item,) = read_all(write_bytes(tmp_path, "in.jsonl", b'{"id": "x-1", "body": "hi"}\n'))
    assert isinstance(item, BadRecord)
    assert item.id == "x-1"


def test_jsonl_custom_fields(tmp_path):
    path = write_bytes(tmp_path, "in.jsonl", b'{"msg_id": 5, "body": "hi", "text": "not this"}\n')
    (item,) = read_all(path, id_field="msg_id", text_field="body")
    assert item == Record(line=1, id=5, text="hi")


def test_jsonl_bom_crlf_and_line_separator_inside_strings(tmp_path):
    data = b'\xef\xbb\xbf{"id": 1, "text": "a\xe2\x80\xa8b"}\r\n{"id": 2, "text": "c"}\r\n'
    items = read_all(write_bytes(tmp_path, "in.jsonl", data))
    assert items == [Record(1, 1, "a\u2028b"), Record(2, 2, "c")]


def test_jsonl_without_final_newline(tmp_path):
    items = read_all(write_bytes(tmp_path, "in.jsonl", b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}'))
    assert [i.id for i in items] == [1, 2]


def test_overlong_line_is_reported_and_skipped_without_losing_the_next(tmp_path):
    long_line = json.dumps({"id": "big", "text": "x" * 5000}).encode()
    data = long_line + b'\n{"id": "next", "text": "ok"}\n'
    items = read_all(write_bytes(tmp_path, "in.jsonl", data), max_line_bytes=100)
    assert (
        isinstance(items[0], BadRecord) and items[0].line == 1 and "longer than 100 bytes" in items[0].reason
    )
    assert items[1] == Record(2, "next", "ok")


def test_line_of_exactly_the_cap_is_accepted():
    line = b"y" * 99 + b"\n"
    assert list(iter_lines(io.BytesIO(line), max_line_bytes=100)) == [(1, "y" * 99 + "\n")]
    assert isinstance(list(iter_lines(io.BytesIO(b"z" * 101), max_line_bytes=100))[0][1], BadRecord)


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"id": 1, "text": "a"}\n\xff\n')
    items = read_all(path)
    assert items[0] == Record(1, 1, "a")
    assert isinstance(items[1], BadRecord) and items[1].line == 2


def test_empty_file_has_no_records(tmp_path):
    assert read_all(write_bytes(tmp_path, "in.jsonl", b"")) == []
    assert read_all(write_bytes(tmp_path, "in.csv", b"")) == []
    assert read_all(write_bytes(tmp_path, "in.txt", b"")) == []


def test_binary_garbage_never_raises_and_numbers_lines(tmp_path):
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(20_000))
    items = read_all(write_bytes(tmp_path, "junk.jsonl", data))
    assert items, "garbage with newlines gives at least one reported line"
    assert all(isinstance(i, BadRecord) for i in items)
    lines = [i.line for i in items]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    assert max(lines) <= data.count(b"\n") + 1


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_all(tmp_path / "nope.jsonl")
    (tmp_path / "dir.jsonl").mkdir()
    with pytest.raises(InputError, match="directory"):
        read_all(tmp_path / "dir.jsonl")


# -- conversations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "reason"),
    [
        ({"id": 1}, "no 'messages'"),
        ({"id": 1, "messages": "hi"}, "not a list"),
        ({"id": 1, "messages": ["hi"]}, "messages[0] is a string"),
        ({"id": 1, "messages": [{"from": "client"}]}, "messages[0] has no string 'text'"),
        ({"id": 1, "messages": [{"text": "a"}, {"text": 3}]}, "messages[1]"),
    ],
    ids=["missing", "string", "bare-strings", "no-text", "non-string-text"],
)
def test_bad_conversations_are_reported(tmp_path, obj, reason):
    (item,) = read_all(write_bytes(tmp_path, "c.jsonl", json.dumps(obj).encode() + b"\n"), conversations=True)
    assert isinstance(item, BadRecord)
    assert reason in item.reason


def test_conversation_record(tmp_path):
    obj = {"id": "c1", "messages": [{"from": "client", "text": "a"}, {"from": "freelancer", "text": "b"}]}
    (item,) = read_all(write_bytes(tmp_path, "c.jsonl", json.dumps(obj).encode()), conversations=True)
    assert item == Record(line=1, id="c1", messages=("a", "b"))


def test_text_format_refuses_conversations(tmp_path):
    with pytest.raises(InputError, match="conversations"):
        read_all(write_bytes(tmp_path, "c.txt", b"hi\n"), conversations=True)


# -- plain text --------------------------------------------------------------------------


def test_text_lines_are_messages_numbered_by_line(tmp_path):
    data = b"first message\r\n\n   \nthird \xe2\x80\x94 real\n\xc3\x28 broken\nlast"
    items = read_all(write_bytes(tmp_path, "m.txt", data))
    assert items[0] == Record(1, 1, "first message")
    assert items[1] == Record(4, 4, "third \u2014 real")
    assert isinstance(items[2], BadRecord) and items[2].line == 5
    assert items[3] == Record(6, 6, "last")
    assert len(items) == 4


# -- CSV ---------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_csv_rows_with_multiline_fields_keep_their_first_line(tmp_path):
    path = write_csv(
        tmp_path / "m.csv",
        [["id", "text", "extra"], ["a", "one\ntwo\nthree", "x"], ["b", "plain, with comma", "y"]],
    )
    items = read_all(path)
    assert items == [Record(2, "a", "one\ntwo\nthree"), Record(5, "b", "plain, with comma")]


def test_csv_bad_rows(tmp_path):
    data = b'id,text\na,fine\nb,caf\xff\nc,too,many\n\nd,"last"\n'
    items = read_all(write_bytes(tmp_path, "m.csv", data))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Record", 2),
        ("BadRecord", 3),
        ("BadRecord", 4),
        ("Record", 6),
    ]
    assert "UTF-8" in items[1].reason
    assert "expected 2 fields" in items[2].reason


def test_csv_without_the_text_column_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="'body'"):
        read_all(write_csv(tmp_path / "m.csv", [["id", "text"], ["a", "b"]]), text_field="body")


def test_csv_without_id_column_numbers_rows_by_line(tmp_path):
    items = read_all(write_csv(tmp_path / "m.csv", [["text"], ["a"], ["b"]]))
    assert [(i.id, i.text) for i in items] == [(2, "a"), (3, "b")]


def test_csv_conversations_hold_json_messages(tmp_path):
    messages = json.dumps([{"from": "client", "text": "hi"}, {"from": "freelancer", "text": "yo"}])
    path = write_csv(tmp_path / "c.csv", [["id", "messages"], ["c1", messages], ["c2", "[not json"]])
    items = read_all(path, conversations=True)
    assert items[0] == Record(2, "c1", messages=("hi", "yo"))
    assert isinstance(items[1], BadRecord) and items[1].line == 3 and items[1].id == "c2"


# -- Parquet -----------------------------------------------------------------------------


def test_parquet_is_read_in_batches_with_row_numbers(tmp_path):
    path = tmp_path / "m.parquet"
    pq.write_table(
        pa.table(
            {
                "id": [f"m{i}" for i in range(7)],
                "text": [f"text {i}" for i in range(7)],
                "ignored": list(range(7)),
            }
        ),
        path,
    )
    with MessageSource(path, batch_size=3) as source:
        assert source.total == 7 and source.unit == "rows"
        items = list(source.records())
        assert source.position == 7
    assert items == [Record(i + 1, f"m{i}", f"text {i}") for i in range(7)]


def test_parquet_null_and_invalid_utf8_cells_are_reported(tmp_path):
    path = tmp_path / "m.parquet"
    table = pa.table({"id": [1, 2, 3], "text": pa.array([b"ok", b"\xff\xfe", None], type=pa.binary())})
    pq.write_table(table, path)
    items = read_all(path)
    assert items[0] == Record(1, 1, "ok")
    assert isinstance(items[1], BadRecord) and items[1].line == 2 and "UTF-8" in items[1].reason
    assert isinstance(items[2], BadRecord) and items[2].line == 3 and "null" in items[2].reason


def test_parquet_conversations(tmp_path):
    path = tmp_path / "c.parquet"
    messages = [[{"from": "client", "text": "a"}, {"from": "freelancer", "text": "b"}], []]
    pq.write_table(pa.table({"id": ["c1", "c2"], "messages": messages}), path)
    assert read_all(path, conversations=True) == [
        Record(1, "c1", messages=("a", "b")),
        Record(2, "c2", messages=()),
    ]


def test_parquet_problems_with_the_whole_file(tmp_path):
    path = tmp_path / "m.parquet"
    pq.write_table(pa.table({"body": ["a"]}), path)
    with pytest.raises(InputError, match="no 'text' column"):
        read_all(path)
    with pytest.raises(InputError, match="not a readable Parquet file"):
        read_all(write_bytes(tmp_path, "junk.parquet", b"PAR1 this is not parquet"))
    with pytest.raises(InputError, match="stdin"):
        read_all("-", fmt="parquet")


# -- labelled files ----------------------------------------------------------------------


def test_read_labelled_accepts_the_samples(sample_messages, sample_conversations):
    messages = list(read_labelled(sample_messages))
    conversations = list(read_labelled(sample_conversations, conversations=True))
    assert len(messages) == sum(1 for line in sample_messages.read_text().splitlines() if line.strip())
    assert len(conversations) == sum(
        1 for line in sample_conversations.read_text().splitlines() if line.strip()
    )


@pytest.mark.parametrize(
    ("data", "conversations", "message"),
    [
        (b'{"id": 1, "text": "a", "spans": []}\n{"id": 2}\n', False, "line 2: no string 'text'"),
        (b'{"id": 1, "messages": []}\n', False, "add --conversations"),
        (b'{"id": 1, "text": "a"}\n', True, "drop --conversations"),
        (b'{"id": 1, "text": "a", "spans": [[0, 1]]}\n', False, "line 1: 'spans'"),
        (b'\n\n{"id": 1, "text": "a"}\nnope\n', False, "line 4: not valid JSON"),
    ],
    ids=["no-text", "conversation-file", "message-file", "bad-spans", "bad-json"],
)
def test_read_labelled_stops_at_the_first_bad_line(tmp_path, data, conversations, message):
    with pytest.raises(InputError, match=message):
        list(read_labelled(write_bytes(tmp_path, "l.jsonl", data), conversations=conversations))


# -- writing -----------------------------------------------------------------------------


def test_writer_writes_utf8_and_survives_lone_surrogates(tmp_path):
    path = tmp_path / "out.jsonl"
    with JsonLinesWriter(path) as writer:
        writer.write({"id": 1, "text": "café ☎"})
        writer.write({"id": 2, "text": "broken \ud800 half"})
    lines = path.read_bytes().splitlines()
    assert lines[0] == '{"id": 1, "text": "café ☎"}'.encode()
    assert json.loads(lines[1]) == {"id": 2, "text": "broken \ud800 half"}
    assert writer.count == 2


def test_writer_reports_an_unwritable_target(tmp_path):
    with pytest.raises(InputError, match="cannot write"):
        JsonLinesWriter(tmp_path / "missing-dir" / "out.jsonl")
