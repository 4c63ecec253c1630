"""Time ``segmentgen import`` on generated inputs of growing size.

Input: segment counts, a seed and a work directory. Output: a Markdown table on stdout, one
row per input kind and size: the seconds ``segmentgen import`` takes (the best of the
repeats) and the time per 1,000 segments beyond the fixed cost, which stays flat when import
is linear. Inputs are a CloudFormation template (``Fn::GetAtt`` base segments) and
``aws pinpoint get-segments`` output (base segments by id, imported segments), with every
criteria kind; the same arguments always give the same bytes. ``bench/run.py`` runs it too.

    python bench/import_bench.py [--segments 8000 50000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEGMENTGEN = str(Path(sys.executable).parent / "segmentgen")
WORDS = ("new", "returning", "loyal", "vip", "trial", "free", "pro", "team", "lapsed", "gold")
OPERATORS = ("GREATER_THAN", "LESS_THAN", "EQUAL", "GREATER_THAN_OR_EQUAL")
APPLICATION = "0123456789abcdef0123456789abcdef"


def dimensions(rng: random.Random) -> dict[str, Any]:
    """One SegmentDimensions object with a few criteria of every kind."""
    dims: dict[str, Any] = {
        "Attributes": {rng.choice(("plan", "tier", "cohort")): {
            "AttributeType": rng.choice(("INCLUSIVE", "EXCLUSIVE", "CONTAINS")),
            "Values": rng.sample(WORDS, rng.randint(1, 4))}},
        "Metrics": {"score": {"ComparisonOperator": rng.choice(OPERATORS),
                              "Value": rng.randint(0, 500)}},
        "Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["ios"]}},
        "Location": {"Country": {"DimensionType": "EXCLUSIVE", "Values": ["NO", "SE"]}},
    }
    if rng.random() < 0.5:
        dims["Behavior"] = {"Recency": {"Duration": "DAY_30", "RecencyType": "ACTIVE"}}
    return dims


def groups(rng: random.Random, bases: list[Any]) -> dict[str, Any]:
    return {"Include": "ALL", "Groups": [{
        "Type": "ALL", "SourceType": "ANY", "Dimensions": [dimensions(rng)],
        "SourceSegments": [{"Id": base} for base in bases]}]}


def api_response(count: int, seed: int) -> dict[str, Any]:
    """``get-segments`` output: dimensional segments, some on earlier ones, some imported."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    for index in range(count):
        item: dict[str, Any] = {"Id": f"{index:032x}", "ApplicationId": APPLICATION,
                                "Name": f"Audience {index:06d}", "SegmentType": "DIMENSIONAL",
                                "tags": {"team": rng.choice(WORDS)}}
        if index % 50 == 7:
            item["SegmentType"] = "IMPORT"
            item["ImportDefinition"] = {"S3Url": f"s3://bucket/import/{index}/",
                                        "Format": "CSV", "Size": 10,
                                        "RoleArn": "arn:aws:iam::123456789012:role/Import"}
        elif index > 10 and rng.random() < 0.4:
            item["SegmentGroups"] = groups(rng, [items[rng.randrange(index)]["Id"]])
        else:
            item["Dimensions"] = dimensions(rng)
        items.append(item)
    for item in items:  # an imported segment must stand alone as a base segment
        for group in item.get("SegmentGroups", {}).get("Groups", []):
            group["SourceSegments"] = [ref for ref in group["SourceSegments"]
                                       if int(ref["Id"], 16) % 50 != 7]
    return {"SegmentsResponse": {"Item": items}}


def template(count: int, seed: int) -> dict[str, Any]:
    """A CloudFormation template of segments, some using earlier ones by ``Fn::GetAtt``."""
    rng = random.Random(seed)
    resources: dict[str, Any] = {}
    for index in range(count):
        properties: dict[str, Any] = {"ApplicationId": {"Ref": "PinpointApplicationId"},
                                      "Name": f"Audience {index:06d}"}
        if index > 10 and rng.random() < 0.4:
            base = {"Fn::GetAtt": [f"Audience{rng.randrange(index):06d}Segment", "SegmentId"]}
            properties["SegmentGroups"] = groups(rng, [base])
        else:
            properties["Dimensions"] = dimensions(rng)
        resources[f"Audience{index:06d}Segment"] = {"Type": "AWS::Pinpoint::Segment",
                                                    "Properties": properties}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Parameters": {"PinpointApplicationId": {"Type": "String"}},
            "Resources": resources}


def time_import(work: Path, name: str, document: dict[str, Any], repeat: int) -> float:
    """Best wall time of ``segmentgen import`` of the document into an empty project."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"{name}.json"
    source.write_text(json.dumps(document), "utf-8")
    best = float("inf")
    for _ in range(repeat):
        shutil.rmtree(work / "specs", ignore_errors=True)
        (work / "specs").mkdir(parents=True)
        start = time.perf_counter()
        done = subprocess.run([SEGMENTGEN, "import", str(source), "--specs", str(work / "specs"),
                               "--out-file", str(work / "specs/imported.yaml")],
                              check=False, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"import of {source} failed ({done.returncode}):\n{done.stderr}")
    return best


def measure(counts: list[int], seed: int, repeat: int, work: Path) -> list[str]:
    """Table rows: each input kind and size; the time per 1,000 segments leaves out the
    fixed cost (the import of 10 segments: starting Python, importing the stages)."""
    rows = ["| input | segments | import | per 1,000 segments beyond the fixed cost |",
            "|---|---:|---:|---:|"]
    for name, make in (("get-segments", api_response), ("template", template)):
        fixed = time_import(work / f"{name}-10", name, make(10, seed), repeat)
        rows.append(f"| {name} | 10 | {fixed:.2f} s | (fixed cost) |")
        for count in counts:
            seconds = time_import(work / f"{name}-{count}", name, make(count, seed), repeat)
            rows.append(f"| {name} | {count} | {seconds:.2f} s | "
                        f"{(seconds - fixed) / (count - 10) * 1000:.2f} s |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, nargs="+", default=[8000, 50000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "project" / "import")
    options = parser.parse_args()
    print("\n".join(measure(options.segments, options.seed, options.repeat, options.work)))


if __name__ == "__main__":
    main()
