"""GPS proximity: ``near: {latitude, longitude, within_km}`` is ``Location.GPSPoint``.

Input: a criteria block in either form, or its ``model.GPSPoint``. Output: the kind's
shapes, its native data (``Coordinates`` and ``RangeInKilometers``), the Pinpoint
``GPSPoint``, SG301 on Customer Profiles (profiles hold addresses, not coordinates), the words
``within 25 km of 59.91, 10.75``, an endpoint test (haversine great-circle distance, range
inclusive, a coordinate out of range never within) and the ``near:`` mapping back.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Dimensions, GPSPoint, Segment
from segmentgen.core.shape_types import NUMBER, Member, Obj, Ref, Shape
from segmentgen.criteria import endpoint, words
from segmentgen.criteria.kind import CriterionKind, NativePath, Predicate, ValueRule
from segmentgen.criteria.native_walk import dimension_blocks, mapping, number

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.compile.customer_profiles_map import Outcome
    from segmentgen.estimate.match import Compiler
    from segmentgen.estimate.sql import SqlCompiler
    from segmentgen.validate.desugar import Native

NATIVE: NativePath = ("Location", "GPSPoint")
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
LATITUDE_RANGE = (-90, 90)
LONGITUDE_RANGE = (-180, 180)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; infinite when a coordinate is not a finite number."""
    if not all(math.isfinite(value) for value in (lat1, lon1, lat2, lon2)):
        return math.inf
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(max(0.0, a))))


def _range(bounds: tuple[int, int]) -> dict[str, Any]:
    return {"maximum": bounds[1], "minimum": bounds[0], "type": "number"}


class Gps(CriterionKind):
    name: ClassVar[str] = "gps"
    keys: ClassVar[Mapping[str, Member]] = {"near": Member(Ref("Near"))}
    native: ClassVar[Mapping[NativePath, Member]] = {NATIVE: Member(Ref("GPSPoint"))}
    shapes: ClassVar[Mapping[str, Shape]] = {
        "Near": Obj(
            {
                "latitude": Member(NUMBER, True),
                "longitude": Member(NUMBER, True),
                "within_km": Member(NUMBER, True),
            },
            "a GPS criterion",
            example="{latitude: 59.91, longitude: 10.75, within_km: 25}",
        ),
        "GPSPoint": Obj(
            {
                "Coordinates": Member(
                    Obj(
                        {"Latitude": Member(NUMBER, True), "Longitude": Member(NUMBER, True)},
                        "Coordinates",
                        example="{Latitude: 59.91, Longitude: 10.75}",
                    ),
                    True,
                ),
                "RangeInKilometers": Member(NUMBER, True),
            },
            "GPSPoint",
            example="{Coordinates: {Latitude: 59.91, Longitude: 10.75}, RangeInKilometers: 25}",
        ),
    }

    def desugar(self, where: Mapping[str, Any], path: Path, source: Path,
                native: Native) -> Iterator[tuple[NativePath, object]]:
        if "near" not in where:
            return
        value, near, here = where["near"], (*source, "near"), (*path, *NATIVE)
        native.origin[here] = near
        native.origin[(*here, "Coordinates", "Latitude")] = (*near, "latitude")
        native.origin[(*here, "Coordinates", "Longitude")] = (*near, "longitude")
        native.origin[(*here, "RangeInKilometers")] = (*near, "within_km")
        yield NATIVE, {
            "Coordinates": {"Latitude": value["latitude"], "Longitude": value["longitude"]},
            "RangeInKilometers": value["within_km"],
        }

    def to_model(self, block: Mapping[str, Any]) -> dict[str, object]:
        gps = (block.get("Location") or {}).get("GPSPoint")
        if not gps:
            return {"gps": None}
        coordinates = gps["Coordinates"]
        return {"gps": GPSPoint(float(coordinates["Latitude"]), float(coordinates["Longitude"]),
                                float(gps["RangeInKilometers"]))}

    def pinpoint(self, dims: Dimensions) -> Iterator[tuple[NativePath, Any]]:
        from troposphere import pinpoint as pp

        if dims.gps is not None:
            yield NATIVE, pp.GPSPoint(
                Coordinates=pp.Coordinates(Latitude=dims.gps.latitude,
                                           Longitude=dims.gps.longitude),
                RangeInKilometers=dims.gps.range_km,
            )

    def profiles(self, out: Outcome, dims: Dimensions, prefix: Path,
                 attribute_map: Mapping[str, str]) -> list[Any]:
        from segmentgen.compile.customer_profiles_map import KEEP_ON_PINPOINT

        gps = dims.gps
        if gps is not None:
            out.block(
                (*prefix, *NATIVE),
                f"GPS proximity ({words.number(gps.range_km)} km of {words.number(gps.latitude)}, "
                f"{words.number(gps.longitude)}) "
                "has no equivalent: profile segments compare address fields, not coordinates",
                "select by country, or by city or postal code through attribute_map "
                f"(Address.City, Address.PostalCode), {KEEP_ON_PINPOINT}",
            )
        return []

    def count(self, dims: Dimensions) -> int:
        return int(dims.gps is not None)

    def describe(self, dims: Dimensions) -> list[str]:
        gps = dims.gps
        if gps is None:
            return []
        return [f"within {words.number(gps.range_km)} km of {words.number(gps.latitude)}, "
                f"{words.number(gps.longitude)}"]

    def predicates(self, compiler: Compiler, segment: Segment, dims: Dimensions,
                   path: Path) -> list[Predicate]:
        if dims.gps is None:
            return []
        latitude, longitude, range_km = dims.gps.latitude, dims.gps.longitude, dims.gps.range_km

        def test(ep: Mapping[str, object]) -> bool:
            location = endpoint.mapping(ep.get("Location"))
            lat = endpoint.coordinate(location.get("Latitude"), 90.0)
            lon = endpoint.coordinate(location.get("Longitude"), 180.0)
            if lat is None or lon is None:
                return False
            return haversine_km(latitude, longitude, lat, lon) <= range_km

        return [test]

    def sql(self, compiler: SqlCompiler, segment: Segment, dims: Dimensions,
            path: Path) -> list[exp.Expr]:
        from segmentgen.estimate import expressions as sql

        if dims.gps is None:
            return []
        phi1 = math.radians(dims.gps.latitude)
        half = ("POWER(SIN((RADIANS(:lat) - :phi1) / 2), 2) + :cos1 * COS(RADIANS(:lat)) * "
                "POWER(SIN(RADIANS(:lon - :lon1) / 2), 2)")
        distance = f"2 * :radius * ASIN(LEAST(1.0, SQRT(GREATEST(0.0, {half}))))"
        return [sql.template(f"COALESCE({distance} <= :range, FALSE)",
                             lat=sql.field("Location", "Latitude"),
                             lon=sql.field("Location", "Longitude"),
                             phi1=sql.number(phi1), cos1=sql.number(math.cos(phi1)),
                             lon1=sql.number(dims.gps.longitude),
                             radius=sql.number(EARTH_RADIUS_KM),
                             range=sql.number(dims.gps.range_km))]

    def to_high_level(self, block: Mapping[str, Any], path: Path) -> dict[str, Any]:
        gps = (block.get("Location") or {}).get("GPSPoint")
        if gps is None:
            return {}
        return {"near": {"latitude": gps["Coordinates"]["Latitude"],
                         "longitude": gps["Coordinates"]["Longitude"],
                         "within_km": gps["RangeInKilometers"]}}

    def value_rules(self) -> tuple[ValueRule, ...]:
        return ((gps_values, None),)

    def tighten(self, definitions: dict[str, Any]) -> None:
        coordinates = definitions["Coordinates"]["properties"]
        coordinates["Latitude"] = _range(LATITUDE_RANGE)
        coordinates["Longitude"] = _range(LONGITUDE_RANGE)
        definitions["GPSPoint"]["properties"]["RangeInKilometers"] = {
            "minimum": 0, "type": "number"}



def gps_values(criteria: Mapping[str, Any]) -> Iterator[Finding]:
    """SG211: coordinates off the globe, a range that is not a positive distance."""
    for path, block in dimension_blocks(criteria):
        point = mapping(mapping(block.get("Location")).get("GPSPoint"))
        here = (*path, "Location", "GPSPoint")
        coordinates = mapping(point.get("Coordinates"))
        for name, limit in (("Latitude", 90.0), ("Longitude", 180.0)):
            value = number(coordinates.get(name))
            if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
                yield Finding((*here, "Coordinates", name), codes.SG211, f"{name.lower()} "
                              f"{value} is outside {-limit:g}..{limit:g}",
                              "latitude is -90..90, longitude -180..180")
        distance = number(point.get("RangeInKilometers"))
        if distance is not None and not (math.isfinite(distance) and distance > 0):
            yield Finding((*here, "RangeInKilometers"), codes.SG211,
                          f"range {distance} km is not a positive distance", "write for example 25")

KIND = Gps()
