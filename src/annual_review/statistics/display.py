"""The one way figures are rounded for people to read: in letters, pages and downloads alike."""

from decimal import ROUND_HALF_UP, Decimal

UNDEFINED = "n/a"


def display_round(value: float, *, places: int, scale: int = 0) -> Decimal:
    """Round value x 10**scale half up (12.5 -> 13), reading the float by its shortest repr.

    The scaling is done in decimal: 0.285 * 100 is 28.499999999999996 in binary floating point,
    which would show as 28%, where a person computing 28.5% expects 29%.
    """
    exact = Decimal(repr(value)).scaleb(scale)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_percentage(fraction: float | None) -> str:
    """A rate from 0 to 1 as a whole percentage: 0.125 -> '13%', 0.285 -> '29%'."""
    if fraction is None:
        return UNDEFINED
    return f"{display_round(fraction, places=0, scale=2):f}%"


def format_per_100k(value: float | None) -> str:
    """A per-100,000 figure to one decimal place, without a trailing '.0': 0.994 -> '1'."""
    if value is None:
        return UNDEFINED
    text = f"{display_round(value, places=1):f}"
    return text[:-2] if text.endswith(".0") else text


def format_count(value: int) -> str:
    return f"{value:,}"
