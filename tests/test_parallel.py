"""Lint findings are the same sequential, in any order, and in a process pool."""

from __future__ import annotations

import json

from segmentgen.lint import runner as lint


def _template(index: int, country: str) -> str:
    resource = {"Type": "AWS::Pinpoint::Segment", "Properties": {
        "ApplicationId": "1a2b3c4d5e", "Name": f"Segment {index}",
        "Dimensions": {"Location": {"Country": {"DimensionType": "INCLUSIVE",
                                                "Values": [country]}}}}}
    if index % 3 == 0:
        resource["Properties"]["Bogus"] = True  # an error finding
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09",
                       "Resources": {f"Segment{index}": resource}}, indent=2) + "\n"


TEMPLATES = [(f"out/t{i}.json", _template(i, c)) for i, c in enumerate(["NO", "SE", "DK", "FI"])]


def test_pool_sequential_and_shuffled_give_the_same_findings() -> None:
    sequential = lint.lint_batch(TEMPLATES, ["us-east-1"], [], workers=1)
    assert any(d.code.startswith("cfn-lint:E") for d in sequential)
    pool = lint.open_pool(2)
    assert pool is not None
    try:
        parallel = lint.lint_batch(TEMPLATES, ["us-east-1"], [], pool=pool)
    finally:
        lint.close_pool(pool)
    assert parallel == sequential
    shuffled = lint.lint_batch(TEMPLATES[::-1], ["us-east-1"], [], workers=1)
    assert sorted(shuffled) == sorted(sequential)
    by_file = [d.file for d in parallel]
    assert by_file == sorted(by_file), "findings come back in template order"


def test_progress_counts_every_template() -> None:
    seen: list[tuple[int, int]] = []
    lint.lint_batch(TEMPLATES[:2], ["us-east-1"], [], workers=1,
                    progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_lint_text_and_fold_sunset_still_work() -> None:
    found = lint.lint_text(TEMPLATES[1][1], "out/t1.json", ["us-east-1"], [])
    folded = lint.fold_sunset(found)
    assert [d.code for d in folded if d.code == "SG501"] == ["SG501"]
