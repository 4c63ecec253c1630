"""Deploy smoke test against a CloudFormation API on loopback (moto's server): a change set
from each generated template and its parameters file lists the segments as Add, executes,
and after an edit of the spec a second change set lists the edited segment as Modify."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from segmentgen.api import BuildOptions, build

boto3 = pytest.importorskip("boto3")
MOTO = Path(sys.executable).parent / "moto_server"
SETTINGS = """environments:
  prod:
    parameters: {PinpointApplicationId: 0123456789abcdef0123456789abcdef}
    tags: {env: prod}
"""
BASE = """segments:
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]
  loyal:
    name: Loyal
    where:
      metrics:
        orders: {">": NUMBER}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    if not MOTO.exists():
        pytest.skip("moto_server is not installed")
    port = free_port()
    process = subprocess.Popen([str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("moto_server did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def write_project(root: Path, orders: int) -> Path:
    specs = root / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "segmentgen.yaml").write_text(SETTINGS)
    (specs / "base.yaml").write_text(BASE.replace("NUMBER", str(orders)))
    (specs / "derived.yaml").write_text(
        "segments:\n  new-in-us:\n    name: New in US\n    groups:\n      list:\n"
        "        - base: [new-customers]\n          where:\n            country: [US]\n")
    assert build(BuildOptions(specs, root / "out", lint=False)).ok
    return root / "out"


def change_set(client: object, out: Path, stack: dict[str, str], kind: str) -> list[Any]:
    config = json.loads((out / stack["parameters"]).read_text())
    name = f"{stack['name']}-{kind.lower()}"
    client.create_change_set(  # type: ignore[attr-defined]
        StackName=stack["name"], ChangeSetName=name, ChangeSetType=kind,
        TemplateBody=(out / stack["template"]).read_text(),
        Parameters=[{"ParameterKey": k, "ParameterValue": v}
                    for k, v in config["Parameters"].items()],
        Tags=[{"Key": k, "Value": v} for k, v in config["Tags"].items()])
    described = client.describe_change_set(  # type: ignore[attr-defined]
        StackName=stack["name"], ChangeSetName=name)
    client.execute_change_set(StackName=stack["name"], ChangeSetName=name)  # type: ignore[attr-defined]
    return [change["ResourceChange"] for change in described["Changes"]]


def test_change_sets_add_then_modify(endpoint: str, tmp_path: Path) -> None:
    client = boto3.client("cloudformation", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    out = write_project(tmp_path, 5)
    stacks = json.loads((out / "manifest.json").read_text())["stacks"]
    assert [s["name"] for s in stacks] == ["prod-base", "prod-derived"]
    added = {s["name"]: change_set(client, out, s, "CREATE") for s in stacks}
    assert {(c["LogicalResourceId"], c["Action"]) for c in added["prod-base"]} == {
        ("NewCustomersSegment", "Add"), ("LoyalSegment", "Add")}
    assert {(c["LogicalResourceId"], c["Action"]) for c in added["prod-derived"]} == {
        ("NewInUsSegment", "Add")}
    described = client.describe_stacks(StackName="prod-base")["Stacks"][0]
    assert {t["Key"]: t["Value"] for t in described["Tags"]} == {"env": "prod"}
    out = write_project(tmp_path, 10)
    modified = change_set(client, out, stacks[0], "UPDATE")
    assert ("LoyalSegment", "Modify") in {(c["LogicalResourceId"], c["Action"])
                                         for c in modified}
