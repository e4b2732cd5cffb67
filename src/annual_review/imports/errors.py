"""Errors found in an import file, each naming the file, row, column, value and reason."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where)
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f", value {shown!r}"
        return f"{text}: {self.reason}"


class FileRejected(Exception):
    """The file cannot be read at all; carries the errors that say why."""

    def __init__(self, *errors: RowError) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)
