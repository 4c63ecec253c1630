"""Generate a Pinpoint endpoint export for the evaluation benchmark, streaming.

Input: a target file, a count of endpoints or a size in bytes, and a seed. Output: JSON lines,
one endpoint object per line in the shape of Pinpoint's export (``EndpointResponse``: Id,
Address, ChannelType, EffectiveDate, Attributes, Metrics, User, Demographic, Location, OptOut,
EndpointStatus and the export's other fields), with values drawn from the vocabulary of
``bench/generate.py`` so that its segments match some endpoints and miss others. Lines are
written as they are made (memory stays flat whatever the size); the same arguments always give
the same bytes. About 490 bytes a line: 500,000 endpoints are about 245 MB.

    python bench/endpoints.py OUT [--count 500000 | --bytes 5000000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from generate import ATTRIBUTES, CHANNELS, COUNTRIES, DATES, METRICS, PLATFORMS, WORDS

AS_OF = datetime(2024, 12, 1, tzinfo=UTC)
MAKES = ("Apple", "Samsung", "Google", "Mozilla")
BATCH = 2000  # lines joined per write


def _instant(rng: random.Random, days: int) -> str:
    moment = AS_OF - timedelta(seconds=rng.randrange(days * 86400))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def endpoint(i: int, rng: random.Random) -> dict[str, Any]:
    """One endpoint: every criterion kind's field present most of the time."""
    attributes = {name: rng.sample(WORDS, rng.randint(1, 2))
                  for name in rng.sample(ATTRIBUTES, rng.randint(2, 4))}
    attributes[rng.choice(DATES)] = [_instant(rng, 400)]
    record: dict[str, Any] = {
        "Id": f"ep-{i:09d}", "ApplicationId": "0123456789abcdef0123456789abcdef",
        "Address": f"user{i}@example.com", "ChannelType": rng.choice(CHANNELS),
        "CohortId": str(rng.randrange(100)), "CreationDate": _instant(rng, 900),
        "EffectiveDate": _instant(rng, 45), "Attributes": attributes,
        "Metrics": {name: rng.randrange(600) for name in rng.sample(METRICS, 2)},
        "Location": {"Country": rng.choice(COUNTRIES), "City": "Oslo",
                     "Latitude": round(rng.uniform(-80, 80), 4),
                     "Longitude": round(rng.uniform(-170, 170), 4)},
        "RequestId": f"req-{i}",
    }
    if rng.random() < 0.9:
        record["User"] = {"UserId": f"user-{i // 2}", "UserAttributes": {
            rng.choice(ATTRIBUTES): [rng.choice(WORDS)]}}
    if rng.random() < 0.9:
        record["Demographic"] = {"Platform": rng.choice(PLATFORMS), "Make": rng.choice(MAKES),
                                 "Model": rng.choice(WORDS), "AppVersion": rng.choice(WORDS),
                                 "Timezone": "Europe/Oslo"}
    if rng.random() < 0.95:
        record["OptOut"] = "ALL" if rng.random() < 0.1 else "NONE"
    if rng.random() < 0.95:
        record["EndpointStatus"] = "INACTIVE" if rng.random() < 0.1 else "ACTIVE"
    return record


def lines(seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    i = 0
    while True:
        yield (json.dumps(endpoint(i, rng), separators=(",", ":")) + "\n").encode("utf-8")
        i += 1


def write_export(path: Path, *, count: int | None = None, size: int | None = None,
                 seed: int = 7) -> int:
    """Write endpoints until ``count`` lines or ``size`` bytes; return the lines written."""
    written = total = 0
    with open(path, "wb") as out:
        chunk: list[bytes] = []
        for line in lines(seed):
            if (count is not None and written >= count) or (size is not None and total >= size):
                break
            chunk.append(line)
            written += 1
            total += len(line)
            if len(chunk) == BATCH:
                out.write(b"".join(chunk))
                chunk = []
        out.write(b"".join(chunk))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--bytes", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    count = options.count if options.count or options.bytes else 500_000
    print(write_export(options.out, count=count, size=options.bytes, seed=options.seed))


if __name__ == "__main__":
    main()
