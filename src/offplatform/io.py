"""Reading messages in and writing results out, one record at a time.

Inputs come as JSON Lines, CSV, Parquet or plain text (one message per line). Every reader
yields, in input order, either a :class:`Record` (something to scan) or a :class:`BadRecord`
(a line that could not be used, with its line number and the reason). Nothing is dropped
silently and nothing raises for a bad line: the caller decides whether to skip it or stop.
Problems with the input as a whole (no such file, unknown format, missing column, a file
that is not Parquet) raise :class:`~offplatform.errors.InputError`.

Text files are opened in binary and decoded line by line, so one line of invalid UTF-8 is one
reported line, not a crash, and a U+2028 inside a JSON string does not split a record. Lines are
read with a length cap, so a runaway line costs bounded memory. Parquet is read in batches of
the needed columns only.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from .errors import InputError

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "text")

_SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "text",
    ".text": "text",
}

#: Default cap on one input line. A message at the scanner's default limit (1,000,000
#: characters) fits even with every character escaped as ``\\uXXXX``.
DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Record:
    """One usable input item.

    ``line`` is the 1-based line number (the row number for Parquet; the first line of the
    record for CSV). ``text`` is set for messages, ``messages`` (the texts, in order) for
    conversations.
    """

    line: int
    id: Any
    text: str | None = None
    messages: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class BadRecord:
    """An input item that was not used, and why."""

    line: int
    reason: str
    id: Any = None


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """The input format: ``fmt`` when given, else from the file name (``-`` means JSON Lines)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    if str(path) == "-":
        return "jsonl"
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1] in _SUFFIX_FORMATS:
        return _SUFFIX_FORMATS[suffixes[-1]]
    raise InputError(
        f"{path}: cannot tell the format from the file name; pass --format ({', '.join(FORMATS)})"
    )


class MessageSource:
    """An input file (or ``-`` for stdin) read as a stream of records.

    Use as a context manager, iterate :meth:`records`. ``total`` and ``position`` measure
    progress in ``unit`` (bytes of a plain file, rows of a Parquet file); ``total`` is ``None``
    when unknown (stdin, compressed files).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        fmt: str | None = None,
        id_field: str = "id",
        text_field: str = "text",
        conversations: bool = False,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        batch_size: int = 4096,
    ) -> None:
        self.path = str(path)
        self.format = detect_format(path, fmt)
        self.id_field = id_field
        self.text_field = text_field
        self.conversations = conversations
        self.max_line_bytes = max_line_bytes
        self.batch_size = batch_size
        self.total: int | None = None
        self.unit = "rows" if self.format == "parquet" else "bytes"
        self._raw: BinaryIO | None = None
        self._stream: BinaryIO | None = None
        self._parquet: Any = None
        self._rows_read = 0

    # -- opening -----------------------------------------------------------------------

    def __enter__(self) -> MessageSource:
        if self.format == "parquet":
            self._open_parquet()
        else:
            self._open_stream()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        stdin = getattr(sys.stdin, "buffer", None)
        for fh in (self._stream, self._raw):
            if fh is not None and fh is not stdin:
                fh.close()
        self._stream = self._raw = None
        self._parquet = None

    def _open_stream(self) -> None:
        if self.path == "-":
            self._raw = self._stream = _stdin_buffer()
            return
        try:
            self._raw = open(self.path, "rb")  # noqa: SIM115 (closed in close())
        except FileNotFoundError:
            raise InputError(f"{self.path}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{self.path}: is a directory") from None
        except PermissionError:
            raise InputError(f"{self.path}: permission denied") from None
        if self.path.lower().endswith(".gz"):
            self._stream = gzip.GzipFile(fileobj=self._raw, mode="rb")  # type: ignore[assignment]
        else:
            self._stream = self._raw
            try:
                self.total = Path(self.path).stat().st_size
            except OSError:
                self.total = None

    def _open_parquet(self) -> None:
        import pyarrow.parquet as pq

        if self.path == "-":
            raise InputError("Parquet cannot be read from stdin; pass a file path")
        if not Path(self.path).exists():
            raise InputError(f"{self.path}: no such file")
        try:
            self._parquet = pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError... for a bad file
            raise InputError(f"{self.path}: not a readable Parquet file ({exc})") from None
        self.total = self._parquet.metadata.num_rows

    @property
    def position(self) -> int:
        """How far reading has got, in ``unit``."""
        if self.format == "parquet":
            return self._rows_read
        if self._raw is None or self.total is None:
            return 0
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    # -- reading -----------------------------------------------------------------------

    def records(self) -> Iterator[Record | BadRecord]:
        if self._stream is None and self._parquet is None:
            raise RuntimeError("open the source first (use it as a context manager)")
        if self.format == "jsonl":
            return self._jsonl()
        if self.format == "text":
            return self._text()
        if self.format == "csv":
            return self._csv()
        return self._parquet_rows()

    def _jsonl(self) -> Iterator[Record | BadRecord]:
        assert self._stream is not None
        for lineno, obj in iter_json_lines(self._stream, max_line_bytes=self.max_line_bytes):
            if isinstance(obj, BadRecord):
                yield obj
            elif not isinstance(obj, dict):
                yield BadRecord(lineno, f"expected a JSON object, got {_json_type(obj)}")
            else:
                yield self._from_mapping(lineno, obj, fallback_id=lineno)

    def _text(self) -> Iterator[Record | BadRecord]:
        assert self._stream is not None
        if self.conversations:
            raise InputError(
                "plain text input holds single messages; --conversations needs JSON Lines, CSV or Parquet"
            )
        for lineno, line in iter_lines(self._stream, max_line_bytes=self.max_line_bytes):
            if isinstance(line, BadRecord):
                yield line
                continue
            text = line.rstrip("\r\n")
            if text.strip():
                yield Record(line=lineno, id=lineno, text=text)

    def _csv(self) -> Iterator[Record | BadRecord]:
        assert self._stream is not None
        # Undecodable bytes become lone surrogates, found per row below.
        wrapper = io.TextIOWrapper(self._stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        try:
            limit = max(csv.field_size_limit(), self.max_line_bytes)
            csv.field_size_limit(limit)
            reader = csv.reader(wrapper)
            try:
                header = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"{self.path}: line 1: unreadable CSV header ({exc})") from None
            if _has_surrogates(header):
                raise InputError(f"{self.path}: line 1: the CSV header is not valid UTF-8")
            wanted = "messages" if self.conversations else self.text_field
            if wanted not in header:
                raise InputError(
                    f"{self.path}: the CSV header has no {wanted!r} column "
                    f"(columns: {', '.join(header) or 'none'})"
                )
            start = reader.line_num + 1
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield BadRecord(start, f"unreadable CSV row ({exc})")
                    start = reader.line_num + 1
                    continue
                lineno, start = start, reader.line_num + 1
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if _has_surrogates(row):
                    yield BadRecord(lineno, "not valid UTF-8")
                    continue
                if len(row) != len(header):
                    yield BadRecord(lineno, f"expected {len(header)} fields, got {len(row)}")
                    continue
                obj: dict[str, Any] = dict(zip(header, row, strict=True))
                if self.conversations:
                    try:
                        obj["messages"] = json.loads(obj["messages"])
                    except json.JSONDecodeError as exc:
                        yield BadRecord(
                            lineno, f"'messages' is not valid JSON ({exc.msg})", obj.get(self.id_field)
                        )
                        continue
                yield self._from_mapping(lineno, obj, fallback_id=lineno)
        finally:
            with contextlib.suppress(ValueError):  # the file may be closed already
                wrapper.detach()

    def _parquet_rows(self) -> Iterator[Record | BadRecord]:
        import pyarrow as pa

        pf = self._parquet
        names = pf.schema_arrow.names
        wanted = "messages" if self.conversations else self.text_field
        if wanted not in names:
            raise InputError(f"{self.path}: no {wanted!r} column (columns: {', '.join(names) or 'none'})")
        columns = [wanted] + ([self.id_field] if self.id_field in names else [])
        row = 0
        for batch in pf.iter_batches(batch_size=self.batch_size, columns=columns):
            values = _column_values(batch.column(wanted), pa)
            ids = (
                batch.column(self.id_field).to_pylist()
                if self.id_field in columns
                else [None] * batch.num_rows
            )
            for value, ident in zip(values, ids, strict=True):
                row += 1
                self._rows_read = row
                if isinstance(value, _Undecodable):
                    yield BadRecord(row, "not valid UTF-8", ident)
                    continue
                obj = {wanted: value, self.id_field: ident}
                yield self._from_mapping(row, obj, fallback_id=row)

    # -- validation --------------------------------------------------------------------

    def _from_mapping(self, lineno: int, obj: dict[str, Any], *, fallback_id: int) -> Record | BadRecord:
        ident = obj.get(self.id_field)
        if ident is None:
            ident = fallback_id
        if self.conversations:
            messages = obj.get("messages")
            texts = conversation_texts(messages)
            if isinstance(texts, str):
                return BadRecord(lineno, texts, ident)
            return Record(line=lineno, id=ident, messages=texts)
        if self.text_field not in obj:
            return BadRecord(lineno, f"no {self.text_field!r} field", ident)
        text = obj[self.text_field]
        if not isinstance(text, str):
            return BadRecord(lineno, f"{self.text_field!r} is {_json_type(text)}, not a string", ident)
        return Record(line=lineno, id=ident, text=text)


def conversation_texts(messages: Any) -> tuple[str, ...] | str:
    """The texts of a conversation's ``messages: [{"from", "text"}]``, or why they are unusable."""
    if messages is None:
        return "no 'messages' field"
    if not isinstance(messages, list | tuple):
        return f"'messages' is {_json_type(messages)}, not a list"
    texts = []
    for i, message in enumerate(messages):
        if isinstance(message, dict):
            text = message.get("text")
        else:
            return f"messages[{i}] is {_json_type(message)}, not an object"
        if not isinstance(text, str):
            return f"messages[{i}] has no string 'text'"
        texts.append(text)
    return tuple(texts)


# -- line readers ------------------------------------------------------------------------


def iter_lines(
    stream: BinaryIO, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[tuple[int, str | BadRecord]]:
    """``(line_number, text)`` for each line of a binary stream, decoded as UTF-8.

    A line that is not valid UTF-8, or longer than ``max_line_bytes``, comes back as a
    :class:`BadRecord` (the rest of an over-long line is skipped without being kept).
    Line endings stay on the text. A byte-order mark on the first line is dropped.
    """
    lineno = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield lineno, BadRecord(lineno, f"line is longer than {max_line_bytes:,} bytes")
            continue
        if lineno == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, BadRecord(lineno, f"not valid UTF-8 (byte {exc.start + 1} of the line)")


def iter_json_lines(
    stream: BinaryIO, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[tuple[int, Any]]:
    """``(line_number, parsed JSON value)`` per non-blank line; bad lines as :class:`BadRecord`."""
    for lineno, line in iter_lines(stream, max_line_bytes=max_line_bytes):
        if isinstance(line, BadRecord):
            yield lineno, line
            continue
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, BadRecord(lineno, f"not valid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            yield lineno, BadRecord(lineno, "not valid JSON (nested too deeply)")


def read_labelled(path: str | Path, *, conversations: bool = False) -> Iterator[dict[str, Any]]:
    """Records of a labelled JSON Lines file (the dev-set format), checked strictly.

    Any unusable line raises :class:`InputError` naming the line: a labelled set with holes
    would give scores for a different set.
    """
    with MessageSource(path, fmt="jsonl", conversations=conversations) as source:
        assert source._stream is not None
        for lineno, obj in iter_json_lines(source._stream):
            if isinstance(obj, BadRecord):
                raise InputError(f"{path}: line {lineno}: {obj.reason}")
            problem = _labelled_problem(obj, conversations)
            if problem:
                raise InputError(f"{path}: line {lineno}: {problem}")
            yield obj


def _labelled_problem(obj: Any, conversations: bool) -> str | None:
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {_json_type(obj)}"
    if conversations:
        texts = conversation_texts(obj.get("messages"))
        if isinstance(texts, str):
            hint = " (is this a message file? drop --conversations)" if "text" in obj else ""
            return texts + hint
        leak = obj.get("leak_in", [])
        if not isinstance(leak, list) or not all(isinstance(i, int) for i in leak):
            return "'leak_in' must be a list of message indexes"
        return None
    if not isinstance(obj.get("text"), str):
        hint = " (is this a conversation file? add --conversations)" if "messages" in obj else ""
        return "no string 'text' field" + hint
    spans = obj.get("spans", [])
    if not isinstance(spans, list) or not all(
        isinstance(s, list)
        and len(s) == 3
        and isinstance(s[0], int)
        and isinstance(s[1], int)
        and isinstance(s[2], str)
        for s in spans
    ):
        return "'spans' must be a list of [start, end, kind]"
    return None


# -- writing -----------------------------------------------------------------------------


class JsonLinesWriter:
    """Writes one JSON object per line, UTF-8, to a binary stream (or a path, or stdout)."""

    def __init__(self, target: str | Path | None = None) -> None:
        self._own = target is not None and str(target) != "-"
        if self._own:
            try:
                self._fh: IO[bytes] = open(target, "wb")  # type: ignore[arg-type]  # noqa: SIM115
            except OSError as exc:
                raise InputError(f"{target}: cannot write ({exc.strerror})") from None
        else:
            self._fh = sys.stdout.buffer
        self.count = 0

    def write(self, obj: dict[str, Any]) -> None:
        line = json.dumps(obj, ensure_ascii=False, default=str)
        try:
            data = line.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a "\udXXX" escape in the input
            data = json.dumps(obj, ensure_ascii=True, default=str).encode("ascii")
        self._fh.write(data + b"\n")
        self.count += 1

    def close(self) -> None:
        if self._own:
            self._fh.close()
        else:
            self._fh.flush()

    def __enter__(self) -> JsonLinesWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- helpers -----------------------------------------------------------------------------


class _Undecodable:
    """Stands for a Parquet value whose bytes are not valid UTF-8."""


def _column_values(column: Any, pa: Any) -> list[Any]:
    """A Parquet column as Python values; binary or broken string cells decoded one by one."""
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        try:
            return column.to_pylist()
        except UnicodeDecodeError:
            binary = pa.large_binary() if pa.types.is_large_string(column.type) else pa.binary()
            column = column.view(binary)
    if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
        out: list[Any] = []
        for raw in column.to_pylist():
            if raw is None:
                out.append(None)
                continue
            try:
                out.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(_Undecodable())
        return out
    return column.to_pylist()


def _has_surrogates(values: list[str]) -> bool:
    return any(not v.isascii() and any("\udc80" <= ch <= "\udcff" for ch in v) for v in values)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _stdin_buffer() -> BinaryIO:
    if sys.stdin is None:  # started with stdin closed
        raise InputError("cannot read -: there is no standard input")
    return sys.stdin.buffer
