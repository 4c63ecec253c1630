"""Measure segmentgen against its baselines on a generated project and print a table.

Input: options (segment counts, seed, repeats). Output: a Markdown table on stdout, one row
per measurement with segmentgen's time, the baseline's time, the ratio and the target. Every
measurement runs the installed command lines as subprocesses, side by side in one run:

1. cold ``segmentgen build`` (no cache) vs stock ``cfn-lint`` on the same templates, each the
   best of the repeats, taken alternately
2. no-op rebuild (warm cache) vs ``python -c "import click, yaml"`` (this row and the next
   two, short runs, take the best of at least five repeats, baselines as well)
3. one spec file edited vs the cold build, without and with the opt-in lint server (a
   fresh cfn-lint costs more than a second to start, whatever is linted; the server is
   started and waited for first)
4. ``segmentgen validate`` vs a bare PyYAML CSafeLoader load of the same files
5. peak memory (the process and its workers) of a cold build of the large project
6. ``segmentgen import`` of 8,000 and 50,000 generated segments (``bench/import_bench.py``)

    python bench/run.py [--segments 1000] [--large 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from import_bench import measure as measure_import

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SEGMENTGEN = str(BIN / "segmentgen")
CFN_LINT = str(BIN / "cfn-lint")


def run(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "CI": "1", **(env or {})})
    return time.perf_counter() - start


def best(command: list[str], repeat: int, before: object = None,
         env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        if callable(before):
            before()
        times.append(run(command, env))
    return min(times)


def peak_memory_mb(command: list[str]) -> float:
    """Peak of the summed resident memory of a command and its child processes."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "CI": "1"})
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak / 1024


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def build_command(project: Path, *extra: str) -> list[str]:
    return [SEGMENTGEN, "build", "--specs", str(project / "specs"), "--out",
            str(project / "out"), "--cache-dir", str(project / ".segmentgen-cache"), *extra]


def clean(project: Path) -> None:
    for name in ("out", ".segmentgen-cache"):
        shutil.rmtree(project / name, ignore_errors=True)


def cold_and_stock(project: Path, repeat: int) -> tuple[float, float]:
    """The best of ``repeat`` cold builds and of as many stock cfn-lint runs over the same
    templates, taken alternately, so that a passing load falls on both sides (one run of
    each swung by half with the machine's state)."""
    colds, stocks = [], []
    for _ in range(repeat):
        clean(project)
        colds.append(run(build_command(project, "--no-cache")))
        templates = sorted(str(p) for p in (project / "out").rglob("audiences-*.json")
                           if not p.name.endswith(".parameters.json"))
        stocks.append(run([CFN_LINT, "--regions", "us-east-1", "--", *templates]))
    return min(colds), min(stocks)


def measure(project: Path, repeat: int) -> list[tuple[str, float, float, str, str, str]]:
    rows = []
    specs = sorted((project / "specs").rglob("audiences-*.yaml"))
    cold, stock = cold_and_stock(project, repeat)
    rows.append(("cold build vs stock cfn-lint", cold, stock, "≤ 0.65", "s", "s"))
    run(build_command(project))
    short = max(repeat, 5)  # a short run swings with the machine: more repeats, both sides
    noop = best(build_command(project), short)
    imports = best([sys.executable, "-c", "import click, yaml"], short)
    rows.append(("no-op rebuild vs import click, yaml", noop, imports, "≤ 2", "s", "s"))
    edited = specs[len(specs) // 2]
    original = edited.read_text("utf-8")

    def edit() -> None:
        text = edited.read_text("utf-8")
        edited.write_text(text.replace("name: Audience", "name: Edited audience", 1)
                          if text == original else original, "utf-8")

    incremental = best(build_command(project), short, edit)
    rows.append(("one spec edited, no lint server", incremental, cold, "", "s", "s"))
    served = with_lint_server(project, lambda env: best(build_command(project), short, edit, env))
    edited.write_text(original, "utf-8")
    rows.append(("one spec edited, lint server (opt-in)", served, cold, "≤ 0.1", "s", "s"))
    validate = best([SEGMENTGEN, "validate", "--specs", str(project / "specs")], short)
    load = best([sys.executable, "-c", "import sys, yaml\nfor p in sys.argv[1:]:\n"
                 " yaml.load(open(p, 'rb'), Loader=yaml.CSafeLoader)",
                 *map(str, specs)], short)
    rows.append(("validate vs CSafeLoader load", validate, load, "≤ 4", "s", "s"))
    return rows


def with_lint_server(project: Path, timed: Callable[[dict[str, str]], float]) -> float:
    """Time builds with the opt-in lint server, started and waited for (a build starts it
    only when it has templates to lint, and every template of the timed edits is cached)."""
    from segmentgen.lint import client as lint_server

    env = {lint_server.ENV_VAR: "1"}
    cache_dir = project / ".segmentgen-cache"
    run(build_command(project), env)
    lint_server.start(cache_dir)
    deadline = time.monotonic() + 60
    while not lint_server.reachable(cache_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not lint_server.reachable(cache_dir):
        raise SystemExit(f"bench: the lint server of {cache_dir} did not start")
    try:
        return timed(env)
    finally:
        lint_server.stop(cache_dir)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (f"{cpu}, {cores} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}, load average {load:.1f} at start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--files", type=int, default=100, help="spec files per 1,000 segments")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "project")
    parser.add_argument("--import-segments", type=int, nargs="*", default=[8000, 50000],
                        help="segment counts for the import table (none: skip it)")
    options = parser.parse_args()
    print(f"machine: {machine()}", file=sys.stderr)
    project = options.work / f"n{options.segments}"
    generate(project, options.segments, max(1, options.files * options.segments // 1000),
             options.seed)
    rows = measure(project, options.repeat)
    large = options.work / f"n{options.large}"
    generate(large, options.large, max(1, options.files * options.large // 1000), options.seed)
    clean(large)
    memory = peak_memory_mb(build_command(large, "--no-cache"))
    print(f"| measurement ({options.segments} segments) | segmentgen | baseline | ratio | target |")
    print("|---|---:|---:|---:|---:|")
    for name, mine, base, target, _, _ in rows:
        print(f"| {name} | {mine:.2f} s | {base:.2f} s | {mine / base:.2f} | {target or '-'} |")
    print(f"| peak memory, cold build of {options.large} segments | {memory:.0f} MB | "
          f"400 MB | {memory / 400:.2f} | ≤ 1 |")
    if options.import_segments:
        print("\n" + "\n".join(measure_import(options.import_segments, options.seed, 1,
                                              options.work / "import")))
    print(f"\nmachine: {machine()}")


if __name__ == "__main__":
    main()
