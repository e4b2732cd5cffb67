"""England's council boundaries as small SVG paths, drawn once from the bundled ONS TopoJSON."""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# The drawing is MAP_WIDTH units wide; coordinates are whole units and arcs are simplified to
# within SIMPLIFY_TOLERANCE units, which keeps the home page small (every path is sent as text).
MAP_WIDTH = 1000
SIMPLIFY_TOLERANCE = 0.5
# A flat projection good enough for England: longitude shrunk by the cosine of a central latitude.
CENTRAL_LATITUDE = 52.5
LAYERS = ("ltla", "cty")
# The London inset: left, top and width in drawing units (the height follows London's shape).
INSET = (742, 30, 255)
INSET_PADDING = 8


@dataclass(frozen=True)
class MapArea:
    """One council area: its GSS code, ONS name and SVG path."""

    gss_code: str
    name: str
    path: str


@dataclass(frozen=True)
class MapDrawing:
    """Both layers of the map and the size of the drawing."""

    width: int
    height: int
    layers: dict[str, list[MapArea]]
    london: list[MapArea]
    london_box: tuple[int, int, int, int]


Point = tuple[float, float]


def _decode_arcs(topology: dict) -> list[list[Point]]:
    """TopoJSON arcs are delta-encoded and quantised; return them in longitude and latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on one arc; the ends are kept, so shared borders stay shared."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    if points[0] == points[-1]:
        # A closed arc (an island) has no chord: split it at its point farthest from the start.
        x0, y0 = points[0]
        far = max(range(1, len(points) - 1), key=lambda i: math.dist(points[i], (x0, y0)))
        keep[far] = True
        stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, worst_distance = -1, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst_distance:
                worst, worst_distance = i, distance
        if worst >= 0:
            keep[worst] = True
            stack.extend([(first, worst), (worst, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_path(ring: list[int], arcs: Mapping[int, list[tuple[int, int]]]) -> str:
    """One ring as 'M x y l dx dy ... z' with whole-unit relative moves."""
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(deduplicated) < 4:
        return ""  # too small to see at this scale
    x, y = deduplicated[0]
    parts = [f"M{x} {y}l"]
    moves = []
    for nx, ny in deduplicated[1:-1]:
        moves.append(f"{nx - x} {ny - y}")
        x, y = nx, ny
    parts.append(" ".join(moves).replace(" -", "-"))
    parts.append("z")
    return "".join(parts)


def _polygons(geometry: dict) -> list:
    return geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]


def _arc_indices(geometries: list[dict]) -> set[int]:
    return {
        index if index >= 0 else ~index
        for geometry in geometries
        for polygon in _polygons(geometry)
        for ring in polygon
        for index in ring
    }


def _area_paths(
    geometries: list[dict], projected: dict[int, list[tuple[int, int]]]
) -> list[MapArea]:
    areas = []
    for geometry in geometries:
        polygons = _polygons(geometry)
        path = "".join(
            r for polygon in polygons for ring in polygon if (r := _ring_path(ring, projected))
        )
        properties = geometry["properties"]
        areas.append(MapArea(properties["areacd"], properties["areanm"], path or "M0 0z"))
    return areas


def _project(
    arcs: list[list[Point]],
    indices: set[int],
    *,
    shrink: float,
    left: float,
    top: float,
    scale: float,
    offset: tuple[float, float],
) -> dict[int, list[tuple[int, int]]]:
    """Project, simplify and round the arcs given, in whole drawing units."""
    projected = {}
    for index in indices:
        points = [
            ((lon * shrink - left) * scale + offset[0], (top - lat) * scale + offset[1])
            for lon, lat in arcs[index]
        ]
        simplified = _simplify(points, SIMPLIFY_TOLERANCE)
        projected[index] = [(round(x), round(y)) for x, y in simplified]
    return projected


def _valid_in(properties: dict, year: int | None) -> bool:
    """An area's `start` and `end` are the first and last years it existed (both included);
    with no year, the areas that exist now."""
    if year is None:
        return not properties.get("end")
    return int(properties.get("start") or 0) <= year <= int(properties.get("end") or 9999)


@lru_cache(maxsize=1)
def _topology() -> dict:
    source = resources.files("annual_review.register").joinpath("data/boundaries.topo.json")
    return json.loads(source.read_text(encoding="utf-8"))


@lru_cache(maxsize=16)
def map_drawing(year: int | None = None) -> MapDrawing:
    """Decode, project, simplify and quantise the bundled boundaries of the areas that existed
    in `year` (a reporting year's first year, e.g. 2019 for 2019-20; default: today's areas),
    once per process and year."""
    topology = _topology()
    arcs = _decode_arcs(topology)
    shrink = math.cos(math.radians(CENTRAL_LATITUDE))
    every = {layer: topology["objects"][layer]["geometries"] for layer in LAYERS}
    geometries = {
        layer: [g for g in found if _valid_in(g["properties"], year)]
        for layer, found in every.items()
    }
    # The shared arcs may cover more than England; frame the drawing on the arcs the layers use
    # in any year, so that every year's map has the same frame.
    used = set().union(*(_arc_indices(g) for g in every.values()))
    points = [p for i in used for p in arcs[i]]
    min_x = min(p[0] for p in points) * shrink
    max_x = max(p[0] for p in points) * shrink
    max_y = max(p[1] for p in points)
    min_y = min(p[1] for p in points)
    scale = (MAP_WIDTH - 2) / (max_x - min_x)
    height = math.ceil((max_y - min_y) * scale) + 2
    projected = _project(
        arcs, used, shrink=shrink, left=min_x, top=max_y, scale=scale, offset=(1, 1)
    )
    layers = {layer: _area_paths(geometries[layer], projected) for layer in LAYERS}

    # London's boroughs are drawn again, larger, in a box over the North Sea.
    london = [g for g in geometries["ltla"] if g["properties"]["areacd"].startswith("E09")]
    london_arcs = _arc_indices(london)
    london_points = [p for i in london_arcs for p in arcs[i]]
    l_min_x = min(p[0] for p in london_points) * shrink
    l_max_x = max(p[0] for p in london_points) * shrink
    l_min_y = min(p[1] for p in london_points)
    l_max_y = max(p[1] for p in london_points)
    inset_scale = (INSET[2] - 2 * INSET_PADDING) / (l_max_x - l_min_x)
    inset_height = math.ceil((l_max_y - l_min_y) * inset_scale) + 2 * INSET_PADDING
    inset_projected = _project(
        arcs,
        london_arcs,
        shrink=shrink,
        left=l_min_x,
        top=l_max_y,
        scale=inset_scale,
        offset=(INSET[0] + INSET_PADDING, INSET[1] + INSET_PADDING),
    )
    return MapDrawing(
        width=MAP_WIDTH,
        height=height,
        layers=layers,
        london=_area_paths(london, inset_projected),
        london_box=(INSET[0], INSET[1], INSET[2], inset_height),
    )
