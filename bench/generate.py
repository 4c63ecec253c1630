"""Generate a realistic synthetic segmentgen project for the benchmark.

Input: a segment count, a files count, a seed and a target directory. Output: ``specs/``
under the target, holding ``segmentgen.yaml`` and spec files with every criteria kind of the
``where:`` form, ``groups:`` with base references (in the same file and across files) and
1 to 20 values per segment, always within Pinpoint's quotas (at most 100 values and 2
groups per segment). The same arguments always give the same bytes.

    python bench/generate.py --segments 1000 --files 100 --seed 7 bench/project
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

WORDS = ("new", "returning", "loyal", "vip", "trial", "free", "pro", "team", "lapsed", "churned",
         "gold", "silver", "bronze", "north", "south", "east", "west", "weekly", "daily", "idle")
ATTRIBUTES = ("customerType", "plan", "tier", "region", "cohort", "interest", "source", "team")
DATES = ("lastPurchaseDate", "signupDate", "renewalDate")
METRICS = ("sessionCount", "engagementScore", "cartValue", "ordersPlaced")
OPERATORS = (">", ">=", "<", "<=", "==")
COUNTRIES = ("NO", "SE", "DK", "FI", "DE", "FR", "GB", "US", "CA", "JP", "BR", "ES", "IT", "NL")
CHANNELS = ("PUSH", "GCM", "APNS", "SMS", "EMAIL", "VOICE", "IN_APP", "CUSTOM")
PLATFORMS = ("ios", "android", "web", "windows", "macos")
RECENCY = ("24h", "7d", "14d", "30d")
SETTINGS = "lint:\n  regions: [us-east-1]\n"


def _values(rng: random.Random, pool: tuple[str, ...], budget: list[int]) -> list[str]:
    count = max(1, min(budget[0], rng.randint(1, 4), len(pool)))
    budget[0] -= count
    return rng.sample(pool, count)


def _date(rng: random.Random) -> str:
    return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _attribute(rng: random.Random, budget: list[int]) -> Any:
    form = rng.choice(("list", "in", "not", "contains"))
    values = _values(rng, WORDS, budget)
    return values if form == "list" else {form: values}


def _where(rng: random.Random, budget: list[int]) -> dict[str, Any]:
    """One criteria block; each kind spends from the segment's value budget."""
    kinds = ["attributes", "user_attributes", "metrics", "recency", "channel", "platform",
             "app_version", "device_type", "make", "model", "country", "near", "dates"]
    where: dict[str, Any] = {}
    for kind in rng.sample(kinds, rng.randint(1, 5)):
        if budget[0] <= 0:
            break
        if kind in ("attributes", "user_attributes"):
            where[kind] = {rng.choice(ATTRIBUTES): _attribute(rng, budget)}
        elif kind == "dates":
            budget[0] -= 1
            form = rng.choice(("before", "after", "on"))
            where.setdefault("attributes", {})[rng.choice(DATES)] = {form: _date(rng)}
        elif kind == "metrics":
            budget[0] -= 1
            where[kind] = {rng.choice(METRICS): {rng.choice(OPERATORS): rng.randint(0, 500)}}
        elif kind == "recency":
            budget[0] -= 1
            where[rng.choice(("active", "inactive"))] = rng.choice(RECENCY)
        elif kind == "near":
            budget[0] -= 1
            where[kind] = {"latitude": round(rng.uniform(-80, 80), 4),
                           "longitude": round(rng.uniform(-170, 170), 4),
                           "within_km": rng.randint(1, 500)}
        elif kind == "country":
            where[kind] = _values(rng, COUNTRIES, budget)
        elif kind == "channel":
            where[kind] = _values(rng, CHANNELS, budget)
        elif kind == "platform":
            where[kind] = {"not": _values(rng, PLATFORMS, budget)}
        else:
            where[kind] = _values(rng, WORDS, budget)
    return where or {"active": "7d"}


def _segment(rng: random.Random, index: int, earlier: list[str]) -> dict[str, Any]:
    budget = [rng.randint(1, 20)]
    segment: dict[str, Any] = {"name": f"Audience {index:05d}"}
    if rng.random() < 0.3:
        segment["description"] = f"Synthetic audience number {index}"
    if rng.random() < 0.3:
        segment["tags"] = {"team": rng.choice(WORDS), "cost-center": str(rng.randint(100, 999))}
    if rng.random() < 0.6 or not earlier:
        segment["where"] = _where(rng, budget)
        return segment
    groups = []
    for number in range(rng.randint(1, 2)):
        group: dict[str, Any] = {"combine": rng.choice(("all", "any", "none"))}
        if number == 0 and rng.random() < 0.7:
            group["base"] = rng.sample(earlier[-50:], min(len(earlier), rng.randint(1, 2)))
            group["base_combine"] = rng.choice(("any", "all"))
        group["where"] = _where(rng, budget)
        groups.append(group)
    segment["groups"] = {"combine": rng.choice(("all", "any")), "list": groups}
    return segment


def generate(target: Path, segments: int, files: int, seed: int) -> Path:
    """Write the project under target/specs (replacing it); return the specs directory."""
    rng = random.Random(seed)
    specs = target / "specs"
    if specs.exists():
        shutil.rmtree(specs)
    specs.mkdir(parents=True)
    (specs / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    files = max(1, min(files, segments))
    keys: list[str] = []
    for number in range(files):
        folder = specs / f"team-{number % 10:02d}"
        folder.mkdir(exist_ok=True)
        count = segments // files + (1 if number < segments % files else 0)
        body: dict[str, Any] = {}
        for _ in range(count):
            index = len(keys)
            body[f"audience-{index:05d}"] = _segment(rng, index, keys)
            keys.append(f"audience-{index:05d}")
        text = yaml.safe_dump({"segments": body}, sort_keys=False, width=100)
        (folder / f"audiences-{number:04d}.yaml").write_text(text, "utf-8")
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    print(generate(options.target, options.segments, options.files, options.seed))


if __name__ == "__main__":
    main()
