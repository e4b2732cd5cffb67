"""Which organisation a casework record dated on a day is filed under: the organisation
itself within its lifetime, its one successor after it ended, or an error naming the
councils to choose from."""

from datetime import date

from annual_review.imports.errors import RowError
from annual_review.imports.parsing import ImportReport, ParsedRows
from annual_review.register.selectors import Lifetime, OrganisationResolver

NOT_YET_EXISTING = "{name} did not exist before {start}"


NOT_YET_EXISTING_PREDECESSORS = (
    "{name} did not exist before {start}; name the council it replaced: {predecessors}"
)


ABOLISHED_SEVERAL_SUCCESSORS = (
    "{name} was abolished on {end}; a record dated from then on must name one of its "
    "successors: {successors}"
)


ABOLISHED_NO_SUCCESSOR = "{name} was abolished on {end}, before this record's date"


REATTRIBUTED = (
    "{count} row(s) dated after their organisation was abolished were filed under its successor: "
    "{moves}"
)


def _day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def organisation_on_date(
    lifetimes: dict[int, Lifetime], org_id: int, day: date
) -> tuple[int | None, str]:
    """The organisation a record about `org_id` dated `day` is filed under, or None and why.

    Within its lifetime: itself. After its end: its successor when it has exactly one (and that
    successor's successor, if it has ended too). Before its start, or after its end with
    several successors or none: an error naming the councils to choose from.
    """
    current = org_id
    while True:
        lifetime = lifetimes.get(current)
        if lifetime is None:
            return current, ""
        name, start, end, successors = lifetime
        if start is not None and day < start:
            predecessors = [n for n, _, _, s in lifetimes.values() if current in s]
            if current == org_id and predecessors:
                return None, NOT_YET_EXISTING_PREDECESSORS.format(
                    name=name, start=_day_text(start), predecessors=", ".join(sorted(predecessors))
                )
            return None, NOT_YET_EXISTING.format(name=name, start=_day_text(start))
        if end is None or day < end:
            return current, ""
        if len(successors) != 1:
            if not successors:
                return None, ABOLISHED_NO_SUCCESSOR.format(name=name, end=_day_text(end))
            choices = ", ".join(sorted(lifetimes[s][0] for s in successors if s in lifetimes))
            return None, ABOLISHED_SEVERAL_SUCCESSORS.format(
                name=name, end=_day_text(end), successors=choices
            )
        current = successors[0]


def lifetimes_checked(
    parsed: ParsedRows,
    report: ImportReport,
    resolver: OrganisationResolver,
    organisation_ids: list[int | None],
    decided: list[date],
    moves: dict[tuple[int, int], int] | None = None,
) -> None:
    """File each row under the organisation that existed on its date (in place), count rows
    moved to a successor in `moves` (a warning, here if `moves` is not given) and report rows
    naming no existing organisation as errors."""
    lifetimes = resolver.lifetimes
    if not lifetimes.keys() & set(organisation_ids):
        return
    names: list[str] = parsed.columns["organisation"]
    warn = moves is None
    if moves is None:
        moves = {}
    for position, org_id in enumerate(organisation_ids):
        if org_id is None or org_id not in lifetimes:
            continue
        filed, reason = organisation_on_date(lifetimes, org_id, decided[position])
        if filed is None:
            report.add_error(
                RowError(
                    parsed.table.file_name,
                    parsed.numbers[position],
                    "organisation",
                    names[position],
                    reason,
                )
            )
        elif filed != org_id:
            organisation_ids[position] = filed
            moves[(org_id, filed)] = moves.get((org_id, filed), 0) + 1
    if warn and moves:
        report.warnings.append(reattributed(lifetimes, moves))


def reattributed(lifetimes: dict[int, Lifetime], moves: dict[tuple[int, int], int]) -> str:
    text = ", ".join(
        f"{lifetimes[old][0]} -> {lifetimes[new][0]} ({n})"
        for (old, new), n in sorted(moves.items(), key=lambda m: lifetimes[m[0][0]][0])
    )
    return REATTRIBUTED.format(count=sum(moves.values()), moves=text)
