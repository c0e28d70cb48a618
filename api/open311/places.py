"""Is a point inside a GeoJSON Polygon or MultiPolygon? (Even-odd ray casting, holes
included.) Pure functions: wards are a few hundred shapes, and a POST asks once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Ring = Sequence[Sequence[float]]


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _in_polygon(rings: Sequence[Ring], x: float, y: float) -> bool:
    """Inside the outer ring and outside every hole."""
    points = [[(float(p[0]), float(p[1])) for p in ring] for ring in rings]
    return (
        bool(points)
        and _in_ring(points[0], x, y)
        and not any(_in_ring(hole, x, y) for hole in points[1:])
    )


def contains(geometry: dict[str, Any] | None, lng: float, lat: float) -> bool:
    """GeoJSON order is (longitude, latitude)."""
    if not geometry:
        return False
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return _in_polygon(coordinates, lng, lat)
    if kind == "MultiPolygon":
        return any(_in_polygon(polygon, lng, lat) for polygon in coordinates)
    return False
