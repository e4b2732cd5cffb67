"""Reading what the demo needs: the register's councils, and what the database already holds."""

from annual_review.casework.models import ComplianceOutcome, Decision, Recommendation
from annual_review.demo.calibration import DEMO_POPULATION_YEAR, EXACT_CASES
from annual_review.demo.generator import DemoCouncil
from annual_review.imports.models import DatasetLabel, ImportRecord
from annual_review.register.models import Contact, Organisation
from annual_review.register.selectors import population_for_year

DEMO_BUILT_NOTE = "Demonstration dataset, complete: {years}; {councils} councils."
DEMO_BUILDING_NOTE = "Demonstration dataset, being built."


def demo_councils_list() -> list[DemoCouncil]:
    """Every council of the register with its mid-2020 population, ordered by register code."""
    populations = population_for_year(year=DEMO_POPULATION_YEAR)
    councils = []
    for org_id, code, name, kind in (
        Organisation.objects.filter(in_register=True)
        .order_by("code")
        .values_list("id", "code", "name", "type")
    ):
        population, _ = populations.get(org_id, (0, None))
        councils.append(DemoCouncil(code=code, name=name, type=kind, population=population))
    return councils


def demo_slice_choose(*, councils: list[DemoCouncil], count: int) -> list[str]:
    """`count` council codes spread over the register: the letter-exact councils first, then
    every council type in turn, so a small slice still has each kind of council."""
    chosen = [case.code for case in EXACT_CASES if any(c.code == case.code for c in councils)]
    by_type: dict[str, list[str]] = {}
    for council in councils:
        if council.code not in chosen:
            by_type.setdefault(council.type, []).append(council.code)
    queues = [codes for _, codes in sorted(by_type.items())]
    while len(chosen) < count and any(queues):
        for codes in queues:
            if codes and len(chosen) < count:
                # Take from the middle outwards so a slice is not all "A" councils.
                chosen.append(codes.pop(len(codes) // 2))
    return chosen[:count]


def database_records_exist() -> bool:
    """Whether the database holds any imported records (the register alone does not count)."""
    return any(
        model.objects.exists()
        for model in (Decision, ComplianceOutcome, Recommendation, Contact, ImportRecord)
    )


def dataset_label_get() -> DatasetLabel | None:
    return DatasetLabel.objects.order_by("-id").first()


def database_is_demo() -> bool:
    label = dataset_label_get()
    return label is not None and label.kind == DatasetLabel.Kind.DEMO


def demo_is_complete() -> bool:
    label = dataset_label_get()
    return (
        label is not None
        and label.kind == DatasetLabel.Kind.DEMO
        and label.note.startswith("Demonstration dataset, complete")
    )
