"""Plane geometry on a neighbourhood's GeoJSON boundary (`Neighbourhood.boundary`): which ward a
point is in, its outline as data.police.uk serves it, and its centre.

GeoJSON positions are (longitude, latitude); data.police.uk and Open311 speak (latitude,
longitude), so the swap happens here and nowhere else. Wards are a few kilometres across, so
treating degrees as a plane is exact enough for point-in-ward and a centre (the demo's
outlines are simplified to about 1 m anyway). A boundary that is missing or malformed contains
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Ring = list[tuple[float, float]]  # (longitude, latitude) positions
Polygon = list[Ring]  # the outer ring, then any holes


def polygons(geometry: Any) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon or MultiPolygon (a Feature is unwrapped); [] for
    anything else, so a ward whose boundary is unset or not an area is simply never found."""
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict):
        return []
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        parts = [coordinates]
    elif geometry.get("type") == "MultiPolygon" and isinstance(coordinates, list):
        parts = coordinates
    else:
        return []
    return [polygon for part in parts if (polygon := _polygon(part))]


def _polygon(part: Any) -> Polygon:
    try:
        rings = [[(float(p[0]), float(p[1])) for p in ring] for ring in part]
    except (TypeError, ValueError, IndexError, KeyError):
        return []
    # A ring needs three corners; a polygon whose outer ring is degenerate is no area at all.
    if not rings or len(rings[0]) < 3:
        return []
    return [ring for ring in rings if len(ring) >= 3]


def _crosses(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: does a ray from (x, y) towards +x cross this ring an odd number of times?
    The ring closes itself, whether or not GeoJSON repeated the first position."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _bounds(ring: Ring) -> tuple[float, float, float, float]:
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def contains(geometry: Any, latitude: float, longitude: float) -> bool:
    """Is the point inside the area: inside some polygon's outer ring and in none of its holes."""
    for outer, *holes in polygons(geometry):
        west, south, east, north = _bounds(outer)
        if not (west <= longitude <= east and south <= latitude <= north):
            continue  # cheap rejection: most wards are nowhere near the point
        if _crosses(outer, longitude, latitude) and not any(
            _crosses(hole, longitude, latitude) for hole in holes
        ):
            return True
    return False


def outline(geometry: Any) -> list[tuple[float, float]]:
    """The outline as (latitude, longitude) points: the outer ring of each polygon, one after
    another (holes left out, as data.police.uk's boundaries have none). Each ring is closed, so
    an even-odd point-in-polygon test on the joined list still finds every part."""
    points: list[tuple[float, float]] = []
    for outer, *_holes in polygons(geometry):
        closed = outer if outer[0] == outer[-1] else [*outer, outer[0]]
        points.extend((lat, lng) for lng, lat in closed)
    return points


def _ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (the shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in _edges(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return area / 2, cx / 6, cy / 6


def _edges(ring: Ring) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    for i, start in enumerate(ring):
        yield start, ring[(i + 1) % len(ring)]


def centre(geometry: Any) -> tuple[float, float] | None:
    """The area's centroid as (latitude, longitude), holes subtracted; None without an area.
    A centroid, not a point guaranteed inside: for a crescent-shaped ward it can fall outside,
    as police.uk's own centres sometimes do."""
    total = mx = my = 0.0
    for outer, *holes in polygons(geometry):
        for index, ring in enumerate([outer, *holes]):
            area, cx, cy = _ring_moments(ring)
            sign = 1.0 if index == 0 else -1.0  # holes take their area away, whatever winding
            if area < 0:
                area, cx, cy = -area, -cx, -cy
            total += sign * area
            mx += sign * cx
            my += sign * cy
    if total <= 0:
        return None
    return my / total, mx / total
