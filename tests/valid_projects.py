"""Valid projects drawn for property tests: spec files and settings, every combination.

Input: nothing (hypothesis draws). Output: ``projects()``, a strategy of ``Drawn`` projects
(file name to YAML data, ``segmentgen.yaml`` included, and the build's ``target`` option)
that validate without errors: with and without environments, every way to name the
application, every list of deploy artifacts, JSON and YAML output, both targets (in the
settings, per environment or as the build option), imported segments used as a base and
unused, base segments in the same and in another spec file, high-level and native forms,
segment overrides (names, tags, applications, skipped segments), a prefix, shared
applications and attribute maps. What the Customer Profiles target cannot carry (imported
segments, recency, GPS, devices, base segments by id or in another stack; SG301 by design)
is left out of projects with a customer-profiles environment, and the rules that span
segments are kept: no base cycles (SG220), an imported base segment alone (SG216), a base
segment in its user's application (SG225), names unique per application (SG207).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from segmentgen.compile import logical_id

KEYS = ("winter-sale", "vip", "crm-export", "lapsed", "new-buyers", "loyal", "partners",
        "churn-risk", "x" * 64)
FILES = ("a.yaml", "team/b.yaml", "c.yml")
APP_ID = "0123456789abcdef0123456789abcdef"
OTHER_APP_ID = "fedcba9876543210fedcba9876543210"
SEGMENT_ID = "8d1f0c2e4b8d1f0c2e4b8d1f0c2e4b8d"
ARTIFACTS = ("parameters", "sceptre", "terraform", "terraform-awscc")
PROFILES = "customer-profiles"


@dataclass
class Drawn:
    """A generated project: its files and what the build is asked for."""

    files: dict[str, Any] = field(default_factory=dict)
    target: str | None = None  # the build option, when the draw chose it


def applications() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.just({"parameter": "PinpointApplicationId"}),
        st.just({"parameter": "MarketingProject"}),
        st.just({"id": APP_ID}),
        st.just(APP_ID),
        st.just({"import": "shared-pinpoint-app-id"}),
        st.just({"create": "segmentgen-app"}),
    )


VALUES = st.lists(st.sampled_from(["new", "loyal", "NO", "yes", "1", "a b"]), min_size=1,
                  max_size=3, unique=True)
ATTRIBUTE = st.one_of(
    VALUES,
    st.fixed_dictionaries({"not": VALUES}),
    st.fixed_dictionaries({"contains": VALUES}),
    st.fixed_dictionaries({"after": st.sampled_from(["2023-11-01", "2024-02-29T12:00:00Z"])}),
    st.just({"between": ["2024-01-01", "2024-03-31"]}),
)
METRIC = st.dictionaries(st.sampled_from([">", ">=", "<", "<=", "=="]),
                         st.integers(-10**6, 10**6), min_size=1, max_size=1)
SETS = st.lists(st.sampled_from(["NO", "SE", "US", "GB"]), min_size=1, max_size=2, unique=True)


def criteria(profiles: bool, single: bool) -> st.SearchStrategy[dict[str, Any]]:
    """A ``where:`` block; for Customer Profiles only what it carries, and with ``single``
    one criterion (a group that does not combine its blocks with all needs that there)."""
    most = 1 if single else 2
    kinds: dict[str, st.SearchStrategy[Any]] = {
        "attributes": st.dictionaries(st.sampled_from(["plan", "tier"]), ATTRIBUTE,
                                      min_size=1, max_size=most),
        "user_attributes": st.dictionaries(st.just("segment"), ATTRIBUTE, min_size=1),
        "metrics": st.dictionaries(st.sampled_from(["score", "visits"]), METRIC, min_size=1,
                                   max_size=most),
        "country": st.one_of(SETS, st.fixed_dictionaries({"not": SETS})),
    }
    if not profiles:
        kinds.update({
            "active": st.sampled_from(["24h", "7d", "14d", "30d"]),
            "platform": st.lists(st.sampled_from(["ios", "android"]), min_size=1, unique=True),
            "channel": st.just(["EMAIL", "SMS"]),
            "near": st.just({"latitude": 59.91, "longitude": 10.75, "within_km": 25}),
        })
    if single:
        return st.sampled_from(sorted(kinds)).flatmap(
            lambda kind: kinds[kind].map(lambda value: {kind: value}))
    return st.fixed_dictionaries({}, optional=kinds).filter(bool)


def native_dimensions(profiles: bool) -> st.SearchStrategy[dict[str, Any]]:
    parts: dict[str, st.SearchStrategy[Any]] = {
        "Attributes": st.just({"plan": {"AttributeType": "INCLUSIVE", "Values": ["pro"]}}),
        "Metrics": st.just({"score": {"ComparisonOperator": "GREATER_THAN", "Value": 75}}),
        "Location": st.just({"Country": {"DimensionType": "EXCLUSIVE", "Values": ["US"]}}),
    }
    if not profiles:
        parts["Behavior"] = st.just({"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}})
        parts["Demographic"] = st.just({"Platform": {"Values": ["ios"]}})
    return st.fixed_dictionaries({}, optional=parts).filter(bool)


@dataclass(frozen=True)
class Place:
    """Where a segment stands: its key, spec file, and the keys it may use as a base."""

    key: str
    file: str
    earlier: tuple[tuple[str, str], ...]  # (key, file) of segments drawn before it
    imported: frozenset[str]


def bases(draw: Any, place: Place, profiles: bool) -> list[Any]:
    """Base segments of one group: keys drawn before (same file only for Customer
    Profiles), and for Pinpoint deployed ones by id."""
    candidates = [key for key, file in place.earlier if not profiles or file == place.file]
    chosen = draw(st.lists(st.sampled_from(candidates), max_size=2, unique=True)
                  if candidates else st.just([]))
    if not profiles and draw(st.booleans()):
        chosen.append(draw(st.sampled_from([{"id": SEGMENT_ID}, {"id": SEGMENT_ID, "version": 3}])))
    imported = [key for key in chosen if isinstance(key, str) and key in place.imported]
    return imported[:1] or chosen  # an imported base segment stands alone (SG216)


def groups(draw: Any, place: Place, profiles: bool) -> dict[str, Any]:
    entries = []
    for _ in range(draw(st.integers(1, 2))):
        entry: dict[str, Any] = {}
        base = bases(draw, place, profiles)
        if base:
            entry["base"] = base
            entry["base_combine"] = draw(st.sampled_from(["all", "any", "none"]))
        combine = draw(st.sampled_from(["all", "any", "none"]))
        entry["combine"] = combine
        if not base or draw(st.booleans()):
            blocks = draw(st.lists(criteria(profiles, combine != "all"), min_size=1, max_size=2))
            entry["where"] = blocks[0] if len(blocks) == 1 else blocks
        entries.append(entry)
    if any(b in place.imported for e in entries for b in e.get("base", []) if isinstance(b, str)):
        entries = entries[:1]  # an imported base segment allows no second group (SG216)
    return {"combine": draw(st.sampled_from(["all", "any", "none"])), "list": entries}


def native_groups(draw: Any, place: Place, profiles: bool) -> dict[str, Any]:
    group: dict[str, Any] = {"Type": "ALL", "SourceType": draw(st.sampled_from(["ALL", "ANY"])),
                             "Dimensions": [draw(native_dimensions(profiles))]}
    base = [b for b in bases(draw, place, profiles) if isinstance(b, str)]
    if base:
        group["SourceSegments"] = [{"Id": base[0]}]
    return {"Include": "ALL", "Groups": [group]}


def segment(draw: Any, place: Place, profiles: bool, own_application: bool) -> dict[str, Any]:
    forms = ["where", "groups", "dimensions", "segment_groups"] + ([] if profiles else ["import"])
    form = draw(st.sampled_from(forms))
    data: dict[str, Any] = {"name": f"Segment {place.key[:20]}"}
    if form == "where":
        data["where"] = draw(criteria(profiles, False))
    elif form == "groups":
        data["groups"] = groups(draw, place, profiles)
    elif form == "dimensions":
        data["dimensions"] = draw(native_dimensions(profiles))
    elif form == "segment_groups":
        data["segment_groups"] = native_groups(draw, place, profiles)
    else:
        data["import"] = {"s3": f"s3://bucket/{place.key[:10]}/", "format": "csv",
                          "role": draw(st.sampled_from(
                              ["create", "arn:aws:iam::123456789012:role/PinpointImport"]))}
    if draw(st.booleans()):
        data["tags"] = {"owner": "growth"}
    if form != "import" and draw(st.booleans()):
        data["description"] = "Drawn for the lint property"
    if own_application and form != "import" and draw(st.integers(0, 4)) == 0:
        data["application"] = APP_ID
    data["retain"] = draw(st.booleans())
    return data


def spec_files(draw: Any, profiles: bool,
               own_application: bool) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Spec files by name, and the keys of segments in a base relation (as base or user);
    segments name their own application only where ``own_application`` allows it, and
    never in a base relation."""
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
    files = draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=3, unique=True))
    specs: dict[str, dict[str, Any]] = {}
    earlier: list[tuple[str, str]] = []
    imported: set[str] = set()
    for index, key in enumerate(keys):
        file = files[index % len(files)]
        place = Place(key, file, tuple(earlier), frozenset(imported))
        data = segment(draw, place, profiles, own_application)
        if "import" in data:
            imported.add(key)
        specs.setdefault(file, {"segments": {}})["segments"][key] = data
        earlier.append((key, file))
    used = {str(base) for spec in specs.values() for data in spec["segments"].values()
            for base in _bases_of(data)}
    for spec in specs.values():
        for key, data in spec["segments"].items():
            if key in used or any(isinstance(base, str) for base in _bases_of(data)):
                data.pop("application", None)  # a base segment shares its user's (SG225)
    return specs, used | linked(specs)


def linked(specs: dict[str, dict[str, Any]]) -> set[str]:
    """Keys of the segments that use a segment of the project as a base."""
    return {key for spec in specs.values() for key, data in spec["segments"].items()
            if any(isinstance(base, str) for base in _bases_of(data))}


def _bases_of(data: dict[str, Any]) -> list[Any]:
    found = [b for g in data.get("groups", {}).get("list", []) for b in g.get("base", [])]
    native = data.get("segment_groups", {}).get("Groups", [])
    return found + [s["Id"] for g in native for s in g.get("SourceSegments", [])]


def environment(draw: Any, name: str, target: str, keys: list[str], linked_keys: set[str],
                several: bool) -> dict[str, Any]:
    """One environment; with ``several``, a name suffix of its own keeps one segment's name
    from landing twice in one application (SG207)."""
    env: dict[str, Any] = {"target": target}
    if draw(st.booleans()):
        env["application"] = draw(applications())
    if several or draw(st.booleans()):
        env["name_suffix"] = f" ({name})"
    if draw(st.booleans()):
        env["tags"] = {"env": "x"}
    if target == PROFILES and draw(st.booleans()):
        env["domain"] = "growth-profiles"
    overrides: dict[str, Any] = {}
    for key in keys:
        choice = draw(st.sampled_from(["none", "none", "name", "tags", "skip", "application"]))
        if choice in ("skip", "application") and key in linked_keys:
            continue
        if choice == "skip":
            overrides[key] = {"skip": True}
        elif choice == "application":
            overrides[key] = {"application": OTHER_APP_ID}
        elif choice == "name":
            overrides[key] = {"name": f"Renamed {key[:20]}"}
        elif choice == "tags":
            overrides[key] = {"tags": {"trial": "yes"}}
    if overrides:
        env["segments"] = overrides
    return env


def parameter_values(draw: Any, keys: list[str]) -> dict[str, str]:
    names = ["PinpointApplicationId", "MarketingProject", "CustomerProfilesDomainName",
             *(logical_id(key, "SegmentId") for key in keys)]
    chosen = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    return {name: "value-" + str(index) for index, name in enumerate(chosen)}


@st.composite
def projects(draw: Any) -> Drawn:
    envs = draw(st.lists(st.sampled_from(["dev", "staging", "prod"]), max_size=3, unique=True))
    targets = draw(st.lists(st.sampled_from(["pinpoint", PROFILES]), min_size=max(1, len(envs)),
                            max_size=max(1, len(envs))))
    profiles = PROFILES in targets
    settings_data: dict[str, Any] = {}
    if len(envs) > 1 and draw(st.booleans()):
        settings_data["shared_application"] = True
    own_application = len(envs) <= 1 or "shared_application" in settings_data
    specs, related = spec_files(draw, profiles, own_application)
    keys = [key for spec in specs.values() for key in spec["segments"]]
    if draw(st.booleans()):
        settings_data["prefix"] = "growth"
    if draw(st.booleans()):
        settings_data["application"] = draw(applications())
    settings_data["artifacts"] = draw(st.lists(st.sampled_from(ARTIFACTS), unique=True))
    settings_data["output"] = draw(st.sampled_from(["json", "yaml"]))
    if draw(st.booleans()):
        settings_data["tags"] = {"team": "growth"}
    if profiles and draw(st.booleans()):
        settings_data["attribute_map"] = {"metrics.score": "CalculatedAttributes.score",
                                          "plan": "Attributes.plan2"}
        settings_data["calculated_attributes"] = {"score": {"external": True}}
    if profiles:  # how the domain writes countries (without it a country is SG305)
        settings_data["country_format"] = draw(st.sampled_from(["alpha2", "alpha3", "name"]))
    if draw(st.booleans()):
        settings_data["parameters"] = parameter_values(draw, keys)
    drawn = Drawn()
    if envs:
        settings_data["environments"] = {
            name: environment(draw, name, target, keys, related, len(envs) > 1)
            for name, target in zip(envs, targets, strict=True)}
    elif draw(st.booleans()):
        drawn.target = targets[0]
    else:
        settings_data["target"] = targets[0]
        if targets[0] == PROFILES and draw(st.booleans()):
            settings_data["domain"] = "growth-profiles"
    drawn.files = {**specs, "segmentgen.yaml": settings_data}
    return drawn
