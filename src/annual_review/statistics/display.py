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


# A rate that is not exactly 1 never shows as 100%, nor one that is not exactly 0 as 0%: a
# council that complied in 199 of 200 cases has not complied in every case, and the letter's
# note about compliance below 100% must not sit beside a "100%". Tables and charts use the short
# forms; sentences the words.
NEARLY_ALL = ">99%"
NEARLY_NONE = "<1%"
NEARLY_ALL_WORDS = "more than 99%"
NEARLY_NONE_WORDS = "less than 1%"
NEARLY_NONE_PER_100K = "<0.1"


def format_percentage(fraction: float | None, *, words: bool = False) -> str:
    """A rate from 0 to 1 as a whole percentage: 0.125 -> '13%', 0.285 -> '29%'.

    Halves round up, except at the ends: a rate below 1 that would round to 100% shows as
    '>99%' (with `words`, 'more than 99%'), a rate above 0 that would round to 0% as '<1%'
    ('less than 1%'). Exactly 1 and exactly 0 show as '100%' and '0%'.
    """
    if fraction is None:
        return UNDEFINED
    shown = display_round(fraction, places=0, scale=2)
    if shown >= 100 and fraction < 1:
        return NEARLY_ALL_WORDS if words else NEARLY_ALL
    if shown <= 0 and fraction > 0:
        return NEARLY_NONE_WORDS if words else NEARLY_NONE
    return f"{shown:f}%"


def format_per_100k(value: float | None) -> str:
    """A per-100,000 figure to one decimal place, without a trailing '.0': 0.994 -> '1'.

    A figure above 0 that would round to 0 shows as '<0.1' (the same honesty as percentages).
    """
    if value is None:
        return UNDEFINED
    shown = display_round(value, places=1)
    if shown <= 0 and value > 0:
        return NEARLY_NONE_PER_100K
    text = f"{shown:f}"
    return text[:-2] if text.endswith(".0") else text


def format_count(value: int) -> str:
    return f"{value:,}"
