"""The one check of repeated rows: each key (a reference, an organisation, a recommendation)
has one row in a file, and a later row with the same key is refused, naming the first."""

from collections.abc import Hashable, Sequence


class FirstRows:
    """Each key's first row in a file. A file read a batch at a time keeps one over every
    batch (imports/batched.py): the keys, never the rows."""

    def __init__(self) -> None:
        self.rows: dict[Hashable, int] = {}

    def repeat_of(self, key: Hashable, number: int) -> int | None:
        """The row on which `key` first appeared if row `number` repeats it; else None, and
        `number` is now the key's first row."""
        first = self.rows.setdefault(key, number)
        return None if first == number else first

    def firsts(self, keys: Sequence[Hashable], numbers: list[int]) -> list[int]:
        """Each row's key's first row, a whole column at a time: equal to `numbers` where no
        key repeats one seen before."""
        return list(map(self.rows.setdefault, keys, numbers))
