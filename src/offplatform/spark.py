"""Archive-scale scans on Apache Spark (the ``[spark]`` extra: ``pip install 'offplatform[spark]'``).

Three entry points, all built on Arrow batches (``DataFrame.mapInArrow``), so text crosses from
the JVM to Python in columnar batches, not row by row:

- :func:`scan_messages` adds ``offplatform``, ``scam``, ``findings`` and ``error`` columns to a
  DataFrame of messages (plus ``action`` and ``masked_text`` when given a stage);
- :func:`scan_conversations` groups messages by conversation, orders them (by a timestamp column,
  else by input order) and runs the :class:`~offplatform.ConversationScanner`, so a detail split
  over several messages is still caught;
- :func:`scan_to_parquet` reads JSON Lines, CSV or Parquet and writes Parquet (what
  ``offplatform scan --engine spark`` calls).

Configuration travels explicitly: the driver turns the :class:`~offplatform.ScanConfig` into its
plain mapping (``to_mapping``), the mapping is pickled with the task, and each executor Python
process builds its :class:`~offplatform.Scanner` once per distinct mapping (``_scanner_for``)
and reuses it for every later batch and task. Nothing here reads a global setting.

No row is dropped: a row whose text is null, not a string, empty or over the length limit keeps
its place and says why in ``error``. When ``error`` is set because the text could not be scanned
(null, not a string, too long), ``offplatform``, ``scam`` and ``findings`` are null; an empty
text is scanned (nothing found) and still flagged ``text is empty``.

PySpark is imported inside the functions, so ``import offplatform.spark`` works without it.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .config import ScanConfig
from .conversation import ConversationScanner
from .errors import ConfigError, InputError
from .finding import Finding
from .scanner import Scanner

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import DataType

__all__ = [
    "CONVERSATION_RESULT_COLUMNS",
    "MESSAGE_RESULT_COLUMNS",
    "POLICY_COLUMNS",
    "scan_conversation_arrays",
    "scan_conversations",
    "scan_messages",
    "scan_to_parquet",
]

#: Columns :func:`scan_messages` adds (in this order).
MESSAGE_RESULT_COLUMNS: tuple[str, ...] = ("offplatform", "scam", "findings", "error")
#: Columns added after those when a stage is given.
POLICY_COLUMNS: tuple[str, ...] = ("action", "masked_text")
#: Result columns of a conversation scan (after the conversation id).
CONVERSATION_RESULT_COLUMNS: tuple[str, ...] = ("offplatform", "scam", "leak_in", "findings", "error")

#: ``decide(text, stage, findings) -> Decision``: the seam to the policy layer. The result needs
#: ``.action`` and ``.text`` (what is delivered; ``None`` when the message is held or blocked),
#: like :class:`offplatform.policy.Decision`. ``findings`` are the scan's, spans into ``text``.
Decide = Callable[[str, str, tuple[Finding, ...]], Any]

_SPARK_MISSING = "the Spark engine needs PySpark: pip install 'offplatform[spark]'"


# -- executor side: one scanner per Python worker and configuration ----------------------------


@functools.lru_cache(maxsize=8)
def _scanner_for(config_key: str) -> Scanner:
    """The scanner for a configuration, built once per executor Python process.

    ``config_key`` is the canonical JSON of ``ScanConfig.to_mapping()`` (see :func:`_config_key`).
    Spark reuses Python workers between tasks (``spark.python.worker.reuse``, on by default), so
    the detectors are built once per worker, not once per batch or task.
    """
    return Scanner(ScanConfig.from_mapping(json.loads(config_key)))


@functools.lru_cache(maxsize=8)
def _conversation_scanner_for(config_key: str) -> ConversationScanner:
    return ConversationScanner(_scanner_for(config_key))


@functools.lru_cache(maxsize=8)
def _guard_for(policy_text: str | None, config_key: str) -> Any:
    """The policy :class:`~offplatform.policy.Guard` of an executor, built once, around the same
    scanner (and so the same configuration) as the scan columns. The policy travels as its TOML
    text (read and validated on the driver), so executors need no access to the driver's files."""
    from .policy import Guard, load_policy, parse_policy

    policy = (
        load_policy() if policy_text is None else parse_policy(policy_text, source="<policy from driver>")
    )
    return Guard(policy, scanner=_scanner_for(config_key))


def _policy_decide(
    policy_text: str | None, config_key: str, text: str, stage: str, findings: tuple[Finding, ...]
) -> Any:
    """The default ``decide``: the policy layer decides on the findings already made (no second
    scan), for a message with no sender history (as :func:`offplatform.policy.decide_text`)."""
    from .policy import Context

    return _guard_for(policy_text, config_key).review_findings(text, findings, Context(stage=stage))


def _finding_row(f: Finding, *, with_message: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {"message": f.message} if with_message else {}
    row.update(
        kind=str(f.kind),
        start=f.start,
        end=f.end,
        text=f.text,
        value=f.value,
        rule=f.rule,
        score=float(f.score),
        category=None if f.category is None else str(f.category),
    )
    return row


def _type_name(value: Any) -> str:
    """A JSON-ish name for a Python value's type, for error messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, bytes | bytearray):
        return "binary"
    return f"a {type(value).__name__}"


class _Undecodable:
    """Stands for a string value whose bytes are not valid UTF-8."""

    __slots__ = ()


_UNDECODABLE = _Undecodable()


def _decode(raw: bytes) -> str | _Undecodable:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _UNDECODABLE


def _pylist(array: pa.Array) -> list[Any]:
    """``array.to_pylist()``, except that a string that is not valid UTF-8 (Spark does not check
    what it reads) becomes :data:`_UNDECODABLE` instead of failing the whole task."""
    import pyarrow as pa

    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        raw = array.cast(pa.large_binary() if pa.types.is_large_string(array.type) else pa.binary())
        return [None if b is None else _decode(b) for b in raw.to_pylist()]
    try:
        return array.to_pylist()
    except UnicodeDecodeError:  # nested strings (conversation messages): value by value
        out: list[Any] = []
        for i in range(len(array)):
            try:
                out.append(array[i].as_py())
            except UnicodeDecodeError:
                out.append(_UNDECODABLE)
        return out


def _text_problem(value: Any, name: str) -> str | None:
    """Why ``value`` cannot be scanned as a message text (None when it can)."""
    if value is None:
        return f"{name} is null"
    if value is _UNDECODABLE:
        return f"{name} is not valid UTF-8"
    if not isinstance(value, str):
        return f"{name} is {_type_name(value)}, not a string"
    return None


@dataclass(frozen=True, slots=True)
class _MessageOutcome:
    offplatform: bool | None
    scam: bool | None
    findings: list[dict[str, Any]] | None
    errors: tuple[str, ...]
    text: str | None  # the text when it could be scanned
    found: tuple[Finding, ...] = ()

    @property
    def error(self) -> str | None:
        return "; ".join(self.errors) or None


def _scan_message(scanner: Scanner, value: Any, name: str = "text") -> _MessageOutcome:
    problem = _text_problem(value, name)
    if problem is not None:
        return _MessageOutcome(None, None, None, (problem,), None)
    try:
        result = scanner.scan(value)
    except InputError as exc:  # over the length limit
        return _MessageOutcome(None, None, None, (str(exc),), None)
    errors = (f"{name} is empty",) if not value.strip() else ()
    findings = [_finding_row(f) for f in result.findings]
    return _MessageOutcome(result.offplatform, result.scam, findings, errors, value, result.findings)


def _decide_columns(
    decide: Decide, outcomes: list[_MessageOutcome], stages: list[Any]
) -> tuple[list[str | None], list[str | None], list[str | None]]:
    """``action``, ``masked_text`` and the merged ``error`` for each row."""
    actions: list[str | None] = []
    masked: list[str | None] = []
    errors: list[str | None] = []
    for outcome, stage in zip(outcomes, stages, strict=True):
        problems = list(outcome.errors)
        action = delivered = None
        if outcome.text is not None:
            stage_problem = _text_problem(stage, "stage")
            if stage_problem is not None:
                problems.append(stage_problem)
            else:
                try:
                    decision = decide(outcome.text, stage, outcome.found)
                except (ConfigError, InputError) as exc:  # e.g. an unknown stage on this row
                    problems.append(f"policy: {exc}")
                else:
                    raw = decision.action
                    action = str(getattr(raw, "value", raw))
                    delivered = decision.text
        actions.append(action)
        masked.append(delivered)
        errors.append("; ".join(problems) or None)
    return actions, masked, errors


def _arrow_finding_type(with_message: bool) -> pa.DataType:
    import pyarrow as pa

    fields = [("message", pa.int32())] if with_message else []
    fields += [
        ("kind", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("value", pa.string()),
        ("rule", pa.string()),
        ("score", pa.float64()),
        ("category", pa.string()),
    ]
    return pa.struct(fields)


def _message_arrays(outcomes: list[_MessageOutcome]) -> list[pa.Array]:
    import pyarrow as pa

    return [
        pa.array([o.offplatform for o in outcomes], pa.bool_()),
        pa.array([o.scam for o in outcomes], pa.bool_()),
        pa.array([o.findings for o in outcomes], pa.list_(_arrow_finding_type(False))),
    ]


@dataclass(frozen=True, slots=True)
class _MessageJob:
    """What an executor needs to scan messages (pickled with the task)."""

    config_key: str
    text_col: str
    stage_col: str | None = None
    policy_text: str | None = None
    decide: Decide | None = None

    @property
    def with_stage(self) -> bool:
        return self.stage_col is not None

    def decider(self) -> Decide:
        if self.decide is not None:
            return self.decide
        return functools.partial(_policy_decide, self.policy_text, self.config_key)


def _scan_message_batches(job: _MessageJob, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow body: each input batch comes back with the result columns appended."""
    import pyarrow as pa

    scanner = _scanner_for(job.config_key)
    decide = job.decider() if job.with_stage else None
    for batch in batches:
        texts = _pylist(batch.column(batch.schema.get_field_index(job.text_col)))
        outcomes = [_scan_message(scanner, t) for t in texts]
        arrays = _message_arrays(outcomes)
        if decide is not None:
            assert job.stage_col is not None
            stages = _pylist(batch.column(batch.schema.get_field_index(job.stage_col)))
            actions, masked, errors = _decide_columns(decide, outcomes, stages)
            arrays += [
                pa.array(errors, pa.string()),
                pa.array(actions, pa.string()),
                pa.array(masked, pa.string()),
            ]
        else:
            arrays.append(pa.array([o.error for o in outcomes], pa.string()))
        names = list(MESSAGE_RESULT_COLUMNS) + (list(POLICY_COLUMNS) if decide is not None else [])
        yield pa.RecordBatch.from_arrays(list(batch.columns) + arrays, names=list(batch.schema.names) + names)


@dataclass(frozen=True, slots=True)
class _ConversationOutcome:
    offplatform: bool | None
    scam: bool | None
    leak_in: list[int] | None
    findings: list[dict[str, Any]] | None
    error: str | None


def _scan_conversation(
    conversations: ConversationScanner, messages: Any, text_field: str = "text"
) -> _ConversationOutcome:
    """Scan one conversation given as a list of message texts or of ``{text_field: ...}`` objects.

    An unusable message (null, not a string, not an object) is scanned as an empty message, so
    message indexes stay those of the input and the rest of the conversation is still scanned;
    ``error`` lists such messages.
    """
    if messages is None:
        return _ConversationOutcome(None, None, None, None, "messages is null")
    if messages is _UNDECODABLE:
        return _ConversationOutcome(None, None, None, None, "messages hold text that is not valid UTF-8")
    if isinstance(messages, str):  # a CSV cell or string column holding the JSON array
        try:
            messages = json.loads(messages)
        except json.JSONDecodeError as exc:
            return _ConversationOutcome(None, None, None, None, f"messages is not valid JSON ({exc.msg})")
    if not isinstance(messages, list | tuple):
        return _ConversationOutcome(
            None, None, None, None, f"messages is {_type_name(messages)}, not an array"
        )
    if not messages:
        return _ConversationOutcome(False, False, [], [], "conversation has no messages")
    texts: list[str] = []
    problems: list[str] = []
    for i, message in enumerate(messages):
        text = message.get(text_field) if isinstance(message, dict) else message
        problem = _text_problem(
            text, f"messages[{i}].{text_field}" if isinstance(message, dict) else f"messages[{i}]"
        )
        if problem is not None:
            problems.append(problem)
            text = ""
        texts.append(text)
    try:
        result = conversations.scan_conversation(texts)
    except InputError as exc:
        return _ConversationOutcome(None, None, None, None, "; ".join([*problems, str(exc)]))
    findings = [_finding_row(f, with_message=True) for f in result.findings]
    return _ConversationOutcome(
        result.offplatform, result.scam, list(result.leak_in), findings, "; ".join(problems) or None
    )


def _conversation_arrays(outcomes: list[_ConversationOutcome]) -> list[pa.Array]:
    import pyarrow as pa

    return [
        pa.array([o.offplatform for o in outcomes], pa.bool_()),
        pa.array([o.scam for o in outcomes], pa.bool_()),
        pa.array([o.leak_in for o in outcomes], pa.list_(pa.int32())),
        pa.array([o.findings for o in outcomes], pa.list_(_arrow_finding_type(True))),
        pa.array([o.error for o in outcomes], pa.string()),
    ]


@dataclass(frozen=True, slots=True)
class _ConversationJob:
    config_key: str
    id_col: str
    messages_col: str
    text_field: str = "text"
    #: Flat input grouped by :func:`scan_conversations`: also emit ``message_ids``.
    grouped: bool = False


def _scan_conversation_batches(
    job: _ConversationJob, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    conversations = _conversation_scanner_for(job.config_key)
    for batch in batches:
        ids = batch.column(batch.schema.get_field_index(job.id_col))
        messages = _pylist(batch.column(batch.schema.get_field_index(job.messages_col)))
        outcomes = []
        for ident, conversation in zip(ids.to_pylist(), messages, strict=True):
            if job.grouped and ident is None:
                outcome = _ConversationOutcome(None, None, None, None, "conversation id is null")
            else:
                outcome = _scan_conversation(conversations, conversation, job.text_field)
            late = sum(1 for m in conversation if m.get("late")) if job.grouped and ident is not None else 0
            if late:
                note = f"{late} message(s) with a null timestamp, scanned last"
                outcome = replace(outcome, error="; ".join(filter(None, [outcome.error, note])))
            outcomes.append(outcome)
        arrays = [ids]
        names = [job.id_col]
        if job.grouped:
            message_ids = [[m["id"] for m in c] if isinstance(c, list) else None for c in messages]
            arrays.append(pa.array(message_ids, pa.list_(pa.string())))
            names.append("message_ids")
        arrays += _conversation_arrays(outcomes)
        names += list(CONVERSATION_RESULT_COLUMNS)
        yield pa.RecordBatch.from_arrays(arrays, names=names)


@dataclass(frozen=True, slots=True)
class _JsonLinesJob:
    """Decode JSON Lines on the executor with :mod:`json`, then scan.

    Spark's own JSON reader turns a number or an object in a string column into its JSON text,
    so a ``"text": 42`` would be scanned as ``"42"``; decoding here keeps "not a string" an error.
    """

    config_key: str
    id_field: str
    text_field: str
    conversations: bool
    stage_value: str | None = None
    stage_field: str | None = None
    policy_text: str | None = None
    decide: Decide | None = None


def _json_id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _scan_json_lines_batches(
    job: _JsonLinesJob, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    with_stage = job.stage_value is not None or job.stage_field is not None
    decide: Decide | None = None
    if with_stage:
        decide = job.decide or functools.partial(_policy_decide, job.policy_text, job.config_key)
    for batch in batches:
        records: list[dict[str, Any] | None] = []
        bad: list[str | None] = []
        for raw in batch.column(0).to_pylist():
            line = None if raw is None else _decode(raw)
            if line is _UNDECODABLE:
                records.append(None)
                bad.append("not valid UTF-8")
                continue
            if line is None or not line.strip():
                continue  # blank lines are not records
            line = line.removeprefix("\ufeff")  # a byte-order mark on the first line
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                snippet = line if len(line) <= 60 else line[:57] + "..."
                records.append(None)
                bad.append(f"not valid JSON ({exc.msg}, column {exc.colno}): {snippet!r}")
                continue
            if not isinstance(obj, dict):
                records.append(None)
                bad.append(f"expected a JSON object, got {_type_name(obj)}")
                continue
            records.append(obj)
            bad.append(None)
        if not records:
            continue
        ids = [None if r is None else _json_id(r.get(job.id_field)) for r in records]
        if job.conversations:
            conversation_scanner = _conversation_scanner_for(job.config_key)
            outcomes = []
            for record, problem in zip(records, bad, strict=True):
                if record is None:
                    outcomes.append(_ConversationOutcome(None, None, None, None, problem))
                elif "messages" not in record:
                    outcomes.append(_ConversationOutcome(None, None, None, None, "no 'messages' field"))
                else:
                    outcomes.append(
                        _scan_conversation(conversation_scanner, record["messages"], job.text_field)
                    )
            yield pa.RecordBatch.from_arrays(
                [pa.array(ids, pa.string()), *_conversation_arrays(outcomes)],
                names=["id", *CONVERSATION_RESULT_COLUMNS],
            )
            continue
        scanner = _scanner_for(job.config_key)
        msg_outcomes = []
        texts: list[str | None] = []
        for record, problem in zip(records, bad, strict=True):
            if record is None:
                outcome = _MessageOutcome(None, None, None, (problem or "unreadable",), None)
            elif job.text_field not in record:
                outcome = _MessageOutcome(None, None, None, (f"no {job.text_field!r} field",), None)
            else:
                outcome = _scan_message(scanner, record[job.text_field], job.text_field)
            msg_outcomes.append(outcome)
            value = None if record is None else record.get(job.text_field)
            texts.append(value if isinstance(value, str) else None)
        arrays = [pa.array(ids, pa.string()), pa.array(texts, pa.string())]
        names = ["id", "text"]
        if decide is not None:
            if job.stage_field is not None:
                stages = [None if r is None else r.get(job.stage_field) for r in records]
            else:
                stages = [job.stage_value] * len(records)
            actions, masked, errors = _decide_columns(decide, msg_outcomes, stages)
            arrays += [pa.array([s if isinstance(s, str) else None for s in stages], pa.string())]
            names.append("stage")
            arrays += _message_arrays(msg_outcomes)
            arrays += [
                pa.array(errors, pa.string()),
                pa.array(actions, pa.string()),
                pa.array(masked, pa.string()),
            ]
            names += [*MESSAGE_RESULT_COLUMNS, *POLICY_COLUMNS]
        else:
            arrays += _message_arrays(msg_outcomes) + [pa.array([o.error for o in msg_outcomes], pa.string())]
            names += list(MESSAGE_RESULT_COLUMNS)
        yield pa.RecordBatch.from_arrays(arrays, names=names)


# -- driver side ---------------------------------------------------------------------------------


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError as exc:
        raise ConfigError(_SPARK_MISSING) from exc
    return pyspark.sql


def _config_key(config: ScanConfig | Mapping[str, Any] | None) -> str:
    """Canonical JSON of the configuration mapping (validated here, on the driver)."""
    if config is None:
        config = ScanConfig()
    elif not isinstance(config, ScanConfig):
        config = ScanConfig.from_mapping(dict(config))
    mapping = config.to_mapping()
    if ScanConfig.from_mapping(mapping) != config:  # pragma: no cover - guards to_mapping drift
        raise ConfigError("ScanConfig.to_mapping() does not round-trip; cannot ship it to executors")
    return json.dumps(mapping, sort_keys=True)


def _finding_type(with_message: bool) -> DataType:
    from pyspark.sql.types import ArrayType, DoubleType, IntegerType, StringType, StructField, StructType

    fields = [StructField("message", IntegerType())] if with_message else []
    fields += [
        StructField("kind", StringType()),
        StructField("start", IntegerType()),
        StructField("end", IntegerType()),
        StructField("text", StringType()),
        StructField("value", StringType()),
        StructField("rule", StringType()),
        StructField("score", DoubleType()),
        StructField("category", StringType()),
    ]
    return ArrayType(StructType(fields))


def _message_result_fields(with_stage: bool) -> list[Any]:
    from pyspark.sql.types import BooleanType, StringType, StructField

    fields = [
        StructField("offplatform", BooleanType()),
        StructField("scam", BooleanType()),
        StructField("findings", _finding_type(False)),
        StructField("error", StringType()),
    ]
    if with_stage:
        fields += [StructField("action", StringType()), StructField("masked_text", StringType())]
    return fields


def _conversation_result_fields() -> list[Any]:
    from pyspark.sql.types import ArrayType, BooleanType, IntegerType, StringType, StructField

    return [
        StructField("offplatform", BooleanType()),
        StructField("scam", BooleanType()),
        StructField("leak_in", ArrayType(IntegerType())),
        StructField("findings", _finding_type(True)),
        StructField("error", StringType()),
    ]


def _require_columns(df: DataFrame, *names: str | None) -> None:
    missing = [n for n in names if n is not None and n not in df.columns]
    if missing:
        raise ConfigError(f"no column(s) {', '.join(map(repr, missing))} (columns: {', '.join(df.columns)})")


def _refuse_clashes(df: DataFrame, added: list[str]) -> None:
    clashes = [c for c in added if c in df.columns]
    if clashes:
        raise ConfigError(
            f"the input already has column(s) {', '.join(clashes)}; rename or drop them first "
            "(e.g. df.withColumnRenamed('offplatform', 'label_offplatform'))"
        )


def _read_policy(policy_path: str | None, stage: str | None = None) -> str | None:
    """The policy file's text, validated here on the driver (None: the default policy).

    Fails before any task runs for a missing policy layer, an unreadable or invalid policy file,
    or an unknown fixed ``stage``.
    """
    try:
        from .policy import load_policy, parse_stage
    except ImportError as exc:  # pragma: no cover - the policy layer ships with the package
        raise ConfigError(f"a stage needs the policy layer (offplatform.policy): {exc}") from None
    load_policy(policy_path)
    if stage is not None:
        parse_stage(stage)
    if policy_path is None:
        return None
    with open(policy_path, encoding="utf-8") as fh:
        return fh.read()


def scan_messages(
    df: DataFrame,
    *,
    config: ScanConfig | Mapping[str, Any] | None = None,
    text_col: str = "text",
    stage_col: str | None = None,
    policy_path: str | None = None,
    decide: Decide | None = None,
) -> DataFrame:
    """``df`` with the scan of ``text_col`` appended: ``offplatform`` (bool), ``scam`` (bool),
    ``findings`` (array of structs, offsets into the original text) and ``error`` (string).

    Every input column and row is kept, in place. With ``stage_col`` each row's text is also
    decided for the stage in that column (``interview``, ``contract``...): ``action`` and
    ``masked_text`` (the text as delivered; null when held or blocked) are appended. The
    decision is the policy layer's (``policy_path``, else the default policy) on the findings of
    this scan, for a message without sender history, as :func:`offplatform.policy.decide_text`
    would make it; pass ``decide(text, stage, findings)`` (picklable, runs on the executors) to
    decide otherwise. A null or unknown stage on a row is reported in ``error``.
    """
    _pyspark()
    from pyspark.sql.types import StructType

    _require_columns(df, text_col, stage_col)
    with_stage = stage_col is not None
    added = _message_result_fields(with_stage)
    _refuse_clashes(df, [f.name for f in added])
    policy_text = _read_policy(policy_path) if stage_col is not None and decide is None else None
    job = _MessageJob(
        config_key=_config_key(config),
        text_col=text_col,
        stage_col=stage_col,
        policy_text=policy_text,
        decide=decide,
    )
    schema = StructType(list(df.schema.fields) + added)
    return df.mapInArrow(functools.partial(_scan_message_batches, job), schema)


def scan_conversations(
    df: DataFrame,
    *,
    config: ScanConfig | Mapping[str, Any] | None = None,
    conversation_col: str = "conversation",
    text_col: str = "text",
    timestamp_col: str | None = None,
    id_col: str | None = None,
) -> DataFrame:
    """One row per conversation: ``conversation_col``, ``message_ids``, ``offplatform``, ``scam``,
    ``leak_in``, ``findings`` (each with ``message``, its index in ``message_ids``) and ``error``.

    ``df`` holds one message per row. Messages are grouped by ``conversation_col`` and ordered by
    ``timestamp_col`` (ties and a missing ``timestamp_col`` keep input order; null timestamps go
    last and are reported in ``error``). ``message_ids`` holds ``id_col`` (as strings) in scan
    order, so ``findings.message`` and ``leak_in`` map back to message rows.
    A conversation is held in memory by one executor while it is scanned.
    """
    sql = _pyspark()
    F = sql.functions
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    _require_columns(df, conversation_col, text_col, timestamp_col, id_col)
    seq = F.monotonically_increasing_id()
    parts = []
    if timestamp_col is not None:
        parts += [F.col(timestamp_col).isNull().alias("late"), F.col(timestamp_col).alias("ts")]
    ident = F.col(id_col).cast("string") if id_col is not None else F.lit(None).cast("string")
    parts += [seq.alias("seq"), F.col(text_col).alias("text"), ident.alias("id")]
    grouped = (
        df.select(F.col(conversation_col), F.struct(*parts).alias("m"))
        .groupBy(conversation_col)
        .agg(F.sort_array(F.collect_list("m")).alias("messages"))
    )
    key_field = next(f for f in df.schema.fields if f.name == conversation_col)
    schema = StructType(
        [
            StructField(conversation_col, key_field.dataType),
            StructField("message_ids", ArrayType(StringType())),
        ]
        + _conversation_result_fields()
    )
    job = _ConversationJob(
        config_key=_config_key(config), id_col=conversation_col, messages_col="messages", grouped=True
    )
    return grouped.select(conversation_col, "messages").mapInArrow(
        functools.partial(_scan_conversation_batches, job), schema
    )


def scan_conversation_arrays(
    df: DataFrame,
    *,
    config: ScanConfig | Mapping[str, Any] | None = None,
    id_col: str = "id",
    messages_col: str = "messages",
    text_field: str = "text",
) -> DataFrame:
    """Conversations already one per row, ``messages_col`` an array of strings or of structs with a
    ``text_field`` (the ``dev_conversations.jsonl`` shape). Returns ``id_col`` and the
    conversation result columns."""
    _pyspark()
    from pyspark.sql.types import StructField, StructType

    _require_columns(df, id_col, messages_col)
    key_field = next(f for f in df.schema.fields if f.name == id_col)
    schema = StructType([StructField(id_col, key_field.dataType)] + _conversation_result_fields())
    job = _ConversationJob(
        config_key=_config_key(config), id_col=id_col, messages_col=messages_col, text_field=text_field
    )
    return df.select(id_col, messages_col).mapInArrow(
        functools.partial(_scan_conversation_batches, job), schema
    )


# -- files -----------------------------------------------------------------------------------------

_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def _input_format(path: str, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in {"jsonl", "csv", "parquet"}:
            raise ConfigError(f"unknown input format {fmt!r}; choose jsonl, csv or parquet")
        return fmt
    name = path.rstrip("/").lower()
    for suffix in (".gz", ".bz2", ".zst", ".snappy"):
        name = name.removesuffix(suffix)
    for suffix, found in _FORMATS.items():
        if name.endswith(suffix):
            return found
    if os.path.isdir(path):
        return "parquet"  # a directory of Parquet parts, as Spark writes them
    raise InputError(f"{path}: cannot tell the format from the name; pass input_format (jsonl, csv, parquet)")


def _session(master: str | None) -> tuple[SparkSession, bool]:
    """The active session, else a new one (``master`` or Spark's default, ``local[*]``).

    Returns the session and whether we created it (and so should stop it). For a local master
    the executors must run this very Python (with offplatform installed), so ``PYSPARK_PYTHON``
    defaults to it; under ``spark-submit`` the cluster's settings are left alone.
    """
    sql = _pyspark()
    active = sql.SparkSession.getActiveSession()
    if active is not None:
        return active, False
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # launched by spark-submit / pyspark shell
    if not submitted and (master is None or master.startswith("local")):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = sql.SparkSession.builder.appName("offplatform scan")
    if master is not None:
        builder = builder.master(master)
    return builder.getOrCreate(), True


def scan_to_parquet(
    input_path: str,
    output_path: str,
    *,
    config: ScanConfig | Mapping[str, Any] | None = None,
    master: str | None = None,
    conversations: bool = False,
    stage: str | None = None,
    stage_field: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    policy_path: str | None = None,
    input_format: str | None = None,
    overwrite: bool = False,
) -> dict[str, int]:
    """Read ``input_path`` (JSON Lines, CSV or Parquet; a file, a directory or a glob) with Spark,
    scan it and write Parquet to ``output_path`` (a directory of part files).

    Messages: one output row per input record, columns ``id``, ``text``, ``offplatform``, ``scam``,
    ``findings``, ``error`` (plus ``stage``, ``action``, ``masked_text`` when a stage is given).
    ``stage`` is one stage for every message; ``stage_field`` names a field holding each one.
    Conversations (``conversations=True``): one row per record holding ``messages``, a list of
    ``{"text": ...}`` objects or of strings: ``id``, ``offplatform``, ``scam``, ``leak_in``,
    ``findings`` (with ``message``), ``error``. Blank JSON lines are skipped; every other line
    gives a row, with ``error`` set when it could not be used.

    An active session is reused as it is (its master wins). Otherwise a session is started with
    ``master`` (a Spark master URL), else Spark's default (``local[*]``, or the ``--master`` of
    ``spark-submit``), and stopped at the end. Returns counts:
    ``rows``, ``offplatform``, ``scam``, ``errors`` (rows with ``error`` set).
    """
    if stage is not None and stage_field is not None:
        raise ConfigError("pass stage (one stage for all) or stage_field (a field per record), not both")
    with_stage = stage is not None or stage_field is not None
    if with_stage and conversations:
        raise ConfigError("stage decisions are per message; they are not available for conversations")
    policy_text = _read_policy(policy_path, stage) if with_stage else None
    fmt = _input_format(input_path, input_format)
    config_key = _config_key(config)
    spark, created = _session(master)
    F = _pyspark().functions
    from pyspark.errors import AnalysisException

    try:
        if fmt == "jsonl":
            out = _scan_json_lines_file(
                spark,
                input_path,
                config_key=config_key,
                conversations=conversations,
                stage=stage,
                stage_field=stage_field,
                text_field=text_field,
                id_field=id_field,
                policy_text=policy_text,
            )
        else:
            reader = spark.read
            if fmt == "csv":
                df = (
                    reader.option("header", True)
                    .option("multiLine", True)
                    .option("escape", '"')
                    .csv(input_path)
                )
            else:
                df = reader.parquet(input_path)
            out = _scan_table(
                df,
                config_key=config_key,
                conversations=conversations,
                stage=stage,
                stage_field=stage_field,
                text_field=text_field,
                id_field=id_field,
                policy_text=policy_text,
            )
        writer = out.write.mode("overwrite" if overwrite else "errorifexists")
        try:
            writer.parquet(output_path)
        except AnalysisException as exc:
            if "PATH_ALREADY_EXISTS" in str(exc) or "already exists" in str(exc):
                raise InputError(
                    f"{output_path} already exists; choose another output or overwrite it"
                ) from None
            raise
        written = spark.read.parquet(output_path)
        counts = written.agg(
            F.count(F.lit(1)).alias("rows"),
            F.count(F.when(F.col("offplatform"), 1)).alias("offplatform"),
            F.count(F.when(F.col("scam"), 1)).alias("scam"),
            F.count(F.col("error")).alias("errors"),
        ).first()
        return {k: int(counts[k]) for k in ("rows", "offplatform", "scam", "errors")}
    finally:
        if created:
            spark.stop()


def _scan_json_lines_file(
    spark: SparkSession,
    path: str,
    *,
    config_key: str,
    conversations: bool,
    stage: str | None,
    stage_field: str | None,
    text_field: str,
    id_field: str,
    policy_text: str | None,
) -> DataFrame:
    from pyspark.sql.types import StringType, StructField, StructType

    # Bytes, not strings: a line that is not valid UTF-8 is one bad row, not a failed task.
    lines = spark.read.text(path).selectExpr("cast(value as binary) as value")
    job = _JsonLinesJob(
        config_key=config_key,
        id_field=id_field,
        text_field=text_field,
        conversations=conversations,
        stage_value=stage,
        stage_field=stage_field,
        policy_text=policy_text,
    )
    head = [StructField("id", StringType())]
    if conversations:
        fields = head + _conversation_result_fields()
    else:
        head.append(StructField("text", StringType()))
        if stage is not None or stage_field is not None:
            head.append(StructField("stage", StringType()))
        fields = head + _message_result_fields(stage is not None or stage_field is not None)
    return lines.mapInArrow(functools.partial(_scan_json_lines_batches, job), StructType(fields))


def _scan_table(
    df: DataFrame,
    *,
    config_key: str,
    conversations: bool,
    stage: str | None,
    stage_field: str | None,
    text_field: str,
    id_field: str,
    policy_text: str | None,
) -> DataFrame:
    sql = _pyspark()
    F = sql.functions
    from pyspark.sql.types import StructType

    ident = (F.col(id_field).cast("string") if id_field in df.columns else F.lit(None).cast("string")).alias(
        "id"
    )
    if conversations:
        _require_columns(df, "messages")
        # A string column (CSV) holds the JSON array; it is decoded on the executors.
        table = df.select(ident, F.col("messages"))
        job = _ConversationJob(
            config_key=config_key, id_col="id", messages_col="messages", text_field=text_field
        )
        from pyspark.sql.types import StringType, StructField

        schema = StructType([StructField("id", StringType())] + _conversation_result_fields())
        return table.mapInArrow(functools.partial(_scan_conversation_batches, job), schema)
    _require_columns(df, text_field, stage_field)
    cols = [ident, F.col(text_field).alias("text")]
    if stage_field is not None:
        cols.append(F.col(stage_field).cast("string").alias("stage"))
    elif stage is not None:
        cols.append(F.lit(stage).alias("stage"))
    table = df.select(*cols)
    with_stage = stage is not None or stage_field is not None
    job = _MessageJob(
        config_key=config_key,
        text_col="text",
        stage_col="stage" if with_stage else None,
        policy_text=policy_text,
    )
    schema = StructType(list(table.schema.fields) + _message_result_fields(with_stage))
    return table.mapInArrow(functools.partial(_scan_message_batches, job), schema)
