"""The evaluation benchmark: ``segmentgen estimate`` against a bare DuckDB query, side by side.

Input: options (endpoint count, size of the large export, seed, repeats, work directory).
Output: a Markdown table on stdout, one row per measurement with segmentgen's figure, the
baseline's, the ratio and the target. Every measurement runs the installed command lines as
subprocesses on a generated project (``bench/generate.py``, 100 segments) and a generated
endpoint export (``bench/endpoints.py``, written streaming):

1. ``segmentgen estimate KEY`` over 500,000 endpoints vs a bare DuckDB query of the same
   criteria (a Python process that creates the README's DuckDB view over the export and runs
   ``segmentgen estimate KEY --sql``'s query), timed alternately, best of the repeats (seven:
   a run of under a second moves by some hundredths with the machine's other work)
2. ``segmentgen estimate --all`` (100 segments, one pass) vs ``segmentgen estimate KEY``
3. peak resident memory of ``segmentgen estimate KEY`` over a 5 GB export (generated into a
   temporary directory, removed afterwards)

    python bench/estimate_bench.py [--endpoints 500000] [--large-bytes 5000000000] [--quick]
        [--no-memory] [--repeat 7] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from endpoints import AS_OF, write_export
from generate import generate
from run import SEGMENTGEN, machine, peak_memory_mb

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
KEY = "audience-00006"
BARE = """import sys, duckdb
view, query = open(sys.argv[1]).read(), open(sys.argv[2]).read()
connection = duckdb.connect()
connection.execute("SET TimeZone = 'UTC'")
connection.execute(view)
print(connection.execute(query).fetchone())
"""


def readme_view(export: Path) -> str:
    """The README's DuckDB view over a local export, reading ``export``."""
    text = README.read_text("utf-8")
    start = text.index("```sql\nCREATE VIEW endpoints AS\nWITH raw AS")
    view = text[start + len("```sql\n"):text.index("```", start + 10)]
    return view.replace("'export/*.gz'", "'" + str(export).replace("'", "''") + "'")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "CI": "1"})
    return time.perf_counter() - start


def side_by_side(first: list[str], second: list[str], repeat: int) -> tuple[float, float]:
    """The best time of each command, run alternately so that load affects both alike."""
    ones, twos = [], []
    for _ in range(repeat):
        ones.append(timed(first))
        twos.append(timed(second))
    return min(ones), min(twos)


def estimate(specs: Path, export: Path, *target: str) -> list[str]:
    return [SEGMENTGEN, "estimate", *target, "--specs", str(specs), "--endpoints", str(export),
            "--as-of", AS_OF.strftime("%Y-%m-%dT%H:%M:%SZ")]


def bare_command(specs: Path, export: Path, work: Path) -> list[str]:
    """The bare DuckDB run of KEY's query over the README view, its files written once."""
    query = subprocess.run([SEGMENTGEN, "estimate", KEY, "--sql", "--specs", str(specs),
                            "--as-of", AS_OF.strftime("%Y-%m-%dT%H:%M:%SZ")], check=True,
                           capture_output=True, text=True).stdout
    (work / "view.sql").write_text(readme_view(export), "utf-8")
    (work / "query.sql").write_text(query, "utf-8")
    (work / "bare.py").write_text(BARE, "utf-8")
    return [sys.executable, str(work / "bare.py"), str(work / "view.sql"),
            str(work / "query.sql")]


def memory_use(specs: Path, options: argparse.Namespace) -> str:
    """The memory row: peak memory of ``estimate KEY`` over a large export, written to a
    temporary directory and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="segmentgen-bench-") as temp:
        large = Path(temp) / "endpoints.jsonl"
        write_export(large, size=options.large_bytes, seed=options.seed)
        gigabytes = large.stat().st_size / 1e9
        start = time.perf_counter()
        memory = peak_memory_mb(estimate(specs, large, KEY))
        seconds = time.perf_counter() - start
    return (f"| peak memory, estimate KEY over {gigabytes:.1f} GB ({seconds:.0f} s) | "
            f"{memory:.0f} MB | 500 MB | {memory / 500:.2f} | < 1 |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=int, default=500_000)
    parser.add_argument("--large-bytes", type=int, default=5_000_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--work", type=Path, default=HERE / "project" / "estimate")
    parser.add_argument("--quick", action="store_true",
                        help="50,000 endpoints and a 200 MB export for memory (a fast run)")
    parser.add_argument("--no-memory", action="store_true",
                        help="leave out the memory row (and writing its large export)")
    options = parser.parse_args()
    if options.quick:
        options.endpoints, options.large_bytes = 50_000, 200_000_000
    print(f"machine: {machine()}", file=sys.stderr)
    work = options.work
    work.mkdir(parents=True, exist_ok=True)
    specs = generate(work, 100, 10, options.seed)
    export = work / f"endpoints-{options.endpoints}.jsonl"
    if not export.exists():
        write_export(export, count=options.endpoints, seed=options.seed)
    size = export.stat().st_size / 1e6
    one, bare = side_by_side(estimate(specs, export, KEY), bare_command(specs, export, work),
                             options.repeat)
    every, single = side_by_side(estimate(specs, export, "--all"),
                                 estimate(specs, export, KEY), options.repeat)
    memory_row = None if options.no_memory else memory_use(specs, options)
    shutil.rmtree(work / "out", ignore_errors=True)
    print(f"| measurement ({options.endpoints:,} endpoints, {size:.0f} MB) | segmentgen | "
          "baseline | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    print(f"| estimate KEY vs bare DuckDB query | {one:.2f} s | {bare:.2f} s | "
          f"{one / bare:.2f} | ≤ 1.5 |")
    print(f"| estimate --all (100 segments) vs estimate KEY | {every:.2f} s | {single:.2f} s | "
          f"{every / single:.2f} | ≤ 3 |")
    if memory_row is not None:
        print(memory_row)
    print(f"\nmachine: {machine()}")


if __name__ == "__main__":
    main()
