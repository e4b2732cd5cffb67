"""FirstRows, the one check of repeated keys: a key's first row is kept over every batch, and
a later row with the same key is told that row, whether asked row by row or a column at a time."""

from annual_review.imports.repeats import FirstRows


def test_a_repeat_in_a_later_batch_names_the_first_row_both_ways():
    """Row by row and column-wise give the same first rows, across two batches."""
    keys = ["a", "b", "a", "c", "b", "a"]
    numbers = [2, 3, 4, 5, 6, 7]
    by_row = FirstRows()
    repeats = [by_row.repeat_of(key, number) for key, number in zip(keys, numbers, strict=True)]
    assert repeats == [None, None, 2, None, 3, 2]
    by_column = FirstRows()
    firsts = by_column.firsts(keys[:3], numbers[:3]) + by_column.firsts(keys[3:], numbers[3:])
    pairs = zip(firsts, numbers, strict=True)
    assert [None if first == number else first for first, number in pairs] == repeats
    assert by_row.rows == by_column.rows == {"a": 2, "b": 3, "c": 5}
