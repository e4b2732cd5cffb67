"""Which characters the shipped font can draw, and replacing the others before Typst sees them.

A tagged PDF/UA document may not contain text its font cannot display: Typst refuses to make
the PDF at all. A name or paragraph with, say, Chinese characters or an emoji would then stop a
whole batch, so such characters are replaced (and logged) in the PDF only; the HTML keeps them.
"""

import logging
import struct
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

REPLACEMENT = "?"
REPLACED = "Letter PDF for %s: the font cannot draw %s; shown as %r."
logger = logging.getLogger(__name__)


def _cmap_coverage(data: bytes) -> set[int]:
    """Code points mapped to a glyph by a TrueType font's cmap (formats 4 and 12)."""
    (tables,) = struct.unpack(">H", data[4:6])
    cmap = next(
        offset
        for tag, _, offset, _ in (
            struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i]) for i in range(tables)
        )
        if tag == b"cmap"
    )
    (subtables,) = struct.unpack(">H", data[cmap + 2 : cmap + 4])
    covered: set[int] = set()
    for i in range(subtables):
        (offset,) = struct.unpack(">I", data[cmap + 8 + 8 * i : cmap + 12 + 8 * i])
        at = cmap + offset
        (table_format,) = struct.unpack(">H", data[at : at + 2])
        if table_format == 4:
            (seg_x2,) = struct.unpack(">H", data[at + 6 : at + 8])
            count = seg_x2 // 2
            ends_at = at + 14
            starts_at = ends_at + seg_x2 + 2
            deltas_at = starts_at + seg_x2
            range_at = deltas_at + seg_x2
            ends = struct.unpack(f">{count}H", data[ends_at : ends_at + seg_x2])
            starts = struct.unpack(f">{count}H", data[starts_at : starts_at + seg_x2])
            deltas = struct.unpack(f">{count}h", data[deltas_at : deltas_at + seg_x2])
            ranges = struct.unpack(f">{count}H", data[range_at : range_at + seg_x2])
            for k in range(count):
                for code in range(starts[k], ends[k] + 1):
                    if code == 0xFFFF:
                        continue
                    if ranges[k] == 0:
                        glyph = (code + deltas[k]) & 0xFFFF
                    else:
                        where = range_at + 2 * k + ranges[k] + 2 * (code - starts[k])
                        (glyph,) = struct.unpack(">H", data[where : where + 2])
                        glyph = (glyph + deltas[k]) & 0xFFFF if glyph else 0
                    if glyph:
                        covered.add(code)
        elif table_format == 12:
            (groups,) = struct.unpack(">I", data[at + 12 : at + 16])
            for g in range(groups):
                first, last, _ = struct.unpack(">III", data[at + 16 + 12 * g : at + 28 + 12 * g])
                covered.update(range(first, last + 1))
    return covered


@lru_cache(maxsize=4)
def font_coverage(paths: tuple[Path, ...]) -> frozenset[int]:
    """Characters every one of the fonts (regular, bold, italic...) can draw."""
    sets = [_cmap_coverage(path.read_bytes()) for path in paths]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def _printable(text: str, coverage: frozenset[int], missing: set[str]) -> str:
    if text.isascii():
        return text  # the font covers ASCII: the common case costs one check
    out = []
    for char in text:
        if ord(char) in coverage or char in "\n\t":
            out.append(char)
            continue
        # A compatibility form often has a drawable equivalent ("ﬁ" -> "fi").
        decomposed = unicodedata.normalize("NFKC", char)
        if decomposed != char and all(ord(c) in coverage for c in decomposed):
            out.append(decomposed)
        else:
            missing.add(char)
            out.append(REPLACEMENT)
    return "".join(out)


def data_printable(data: Any, *, coverage: frozenset[int], missing: set[str]) -> Any:
    """The same JSON-like data with every string reduced to what the font can draw."""
    if isinstance(data, str):
        return _printable(data, coverage, missing)
    if isinstance(data, dict):
        return {k: data_printable(v, coverage=coverage, missing=missing) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [data_printable(v, coverage=coverage, missing=missing) for v in data]
    return data


def missing_log(organisation: str, missing: Iterable[str]) -> None:
    chars = "".join(sorted(set(missing)))
    if chars:
        logger.warning(REPLACED, organisation, chars, REPLACEMENT)
