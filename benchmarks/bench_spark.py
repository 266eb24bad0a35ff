"""Throughput of the Spark engine (``offplatform.spark``) against the in-process scanner on one core.

Run from the repository root (needs the ``[spark]`` extra and Java 17+)::

    .venv/bin/python benchmarks/bench_spark.py                       # 1,000,000 messages, local[2]
    .venv/bin/python benchmarks/bench_spark.py --messages 200000 --master 'local[4]'

Corpus: the generated marketplace chat mix of ``chat_corpus.py`` (95 % ordinary messages, 5 % with
one planted contact detail, seeded), written once as Parquet (8 files) under ``--cache`` and reused.

- In-process: ``Scanner.scan`` in a plain loop on the first ``--sample`` messages (50,000 by
  default) after a 1,000-message warm-up, one core. The time for the whole corpus is that rate
  EXTRAPOLATED to ``--messages``, not measured.
- Spark: ``spark.read.parquet`` -> :func:`offplatform.spark.scan_messages` -> write Parquet, on
  ``--master`` (``local[2]`` by default), measured end to end over all ``--messages`` rows (session
  start-up reported separately, not included). The Spark run's finding counts are checked against
  the in-process scan of the sample (same first rows) so a fast but wrong run is caught.

Printed: rows/s of each and their ratio (Spark / in-process).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import chat_corpus

from offplatform import ScanConfig, Scanner

SEED = 20261124


def corpus_path(cache: Path, n: int) -> Path:
    return cache / f"chat_mix_{n}_{SEED}.parquet"


def write_corpus(path: Path, n: int, files: int = 8) -> float:
    """Generate ``n`` messages and write them as ``files`` Parquet files; returns seconds taken."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    texts = [s.text for s in chat_corpus.generate(n, seed=SEED)]
    tmp = path.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    per_file = -(-n // files)
    for i in range(files):
        chunk = texts[i * per_file : (i + 1) * per_file]
        ids = [f"m{j:07d}" for j in range(i * per_file, i * per_file + len(chunk))]
        table = pa.table({"id": pa.array(ids, pa.string()), "text": pa.array(chunk, pa.string())})
        pq.write_table(table, tmp / f"part-{i:03d}.parquet", row_group_size=50_000)
    tmp.rename(path)
    return time.perf_counter() - t0


def descendants_cpu_seconds() -> float | None:
    """CPU seconds (user + system) used so far by this process's live descendants (the Spark JVM,
    the PySpark daemon and its Python workers), counting children they already reaped. Linux
    only (``/proc``); ``None`` elsewhere. A measure of work done that other load cannot inflate."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        ticks[pid] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    total, todo = 0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / os.sysconf("SC_CLK_TCK")


def in_process(texts: list[str]) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to scan ``texts`` on one core, and the offplatform rows / findings."""
    scanner = Scanner(ScanConfig())
    for text in texts[:1000]:
        scanner.scan(text)
    offplatform = findings = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        result = scanner.scan(text)
        offplatform += result.offplatform
        findings += len(result.findings)
    return time.perf_counter() - t0, time.process_time() - c0, offplatform, findings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50_000, help="in-process sample (extrapolated)")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "offplatform-bench")
    args = parser.parse_args()

    import pyarrow.parquet as pq

    path = corpus_path(args.cache, args.messages)
    if path.exists():
        print(f"corpus: {path} (cached)")
    else:
        print(f"corpus: generating {args.messages:,} messages ...", flush=True)
        print(f"corpus: {path} written in {write_corpus(path, args.messages):.1f} s")
    sample = pq.read_table(path / "part-000.parquet", columns=["text"]).column("text").to_pylist()
    sample = sample[: args.sample]
    if len(sample) < args.sample:
        raise SystemExit("--sample must not exceed one corpus file (--messages / 8)")

    print(
        f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
        "(other work on the machine skews both timings)"
    )
    seconds, cpu_seconds, local_off, local_findings = in_process(sample)
    local_rate = len(sample) / seconds
    print(
        f"in-process, 1 core : {len(sample):,} messages in {seconds:.1f} s = {local_rate:,.0f} rows/s "
        f"(CPU {cpu_seconds:.1f} s = {len(sample) / cpu_seconds:,.0f} rows per CPU-second) "
        f"-> {args.messages:,} messages EXTRAPOLATED to {args.messages / local_rate:.0f} s"
    )

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from offplatform.spark import scan_messages

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("offplatform bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        # One task per corpus file (8), so a slow task does not leave a core idle at the end.
        .config(
            "spark.sql.files.maxPartitionBytes", str(max(f.stat().st_size for f in path.glob("*.parquet")))
        )
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - t0
    out = Path(tempfile.mkdtemp(prefix="offplatform-bench-out-"))
    try:
        cpu0 = descendants_cpu_seconds()
        t0 = time.perf_counter()
        scanned = scan_messages(spark.read.parquet(str(path)), config=ScanConfig())
        scanned.write.mode("overwrite").parquet(str(out / "scanned.parquet"))
        spark_seconds = time.perf_counter() - t0
        cpu1 = descendants_cpu_seconds()
        result = spark.read.parquet(str(out / "scanned.parquet"))
        rows = result.count()
        first = result.where(F.col("id") < f"m{args.sample:07d}")
        check = first.agg(
            F.sum(F.col("offplatform").cast("int")).alias("off"), F.sum(F.size("findings")).alias("findings")
        ).first()
        partitions = spark.read.parquet(str(path)).rdd.getNumPartitions()
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)
    if rows != args.messages:
        raise SystemExit(f"Spark wrote {rows:,} rows for {args.messages:,} messages")
    spark_rate = rows / spark_seconds
    print(
        f"spark {args.master:<12} : {rows:,} messages in {spark_seconds:.1f} s = {spark_rate:,.0f} rows/s "
        f"({partitions} input partitions; session start-up {startup:.1f} s not included; "
        f"read + scan + write Parquet)"
    )
    agree = (check["off"], check["findings"]) == (local_off, local_findings)
    print(
        f"sample check       : first {len(sample):,} messages: in-process {local_off:,} offplatform rows, "
        f"{local_findings:,} findings; spark {check['off']:,} / {check['findings']:,} "
        f"({'same' if agree else 'DIFFERENT'})"
    )
    if cpu0 is not None and cpu1 is not None:
        spark_cpu = cpu1 - cpu0
        print(
            f"spark CPU          : {spark_cpu:.0f} CPU-seconds (JVM + Python workers) = "
            f"{rows / spark_cpu:,.0f} rows per CPU-second, vs {len(sample) / cpu_seconds:,.0f} in-process"
        )
    print(f"load average after : {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"ratio              : spark / in-process = {spark_rate / local_rate:.2f}x "
        f"(machine has {os.cpu_count()} CPUs)"
    )
    if not agree:
        raise SystemExit(
            "Spark and the in-process scanner disagree on the sample (was the code edited mid-run?)"
        )


if __name__ == "__main__":
    main()
