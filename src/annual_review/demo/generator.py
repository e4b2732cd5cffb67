"""The deterministic generator of the demonstration dataset (generated records, not real ones).

Everything comes from `random.Random` streams seeded with text ("<seed>:<year>", "<seed>:council:
<code>"), so the same seed gives the same records on every machine and Python build. Each year
is generated for all councils and then filtered, so a slice of councils or years is exactly the
matching part of the full dataset.
"""

import heapq
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from annual_review.casework.models import Category, ComplianceOutcome, Outcome
from annual_review.demo.calibration import (
    CATEGORY_MIX,
    COMPLIANCE_RECORDED,
    DAYS_TO_COMPLY,
    DAYS_TO_DECIDE,
    DEMO_SEED,
    DEMO_YEARS,
    EXACT_CASES,
    INVESTIGATION_WEIGHT,
    OTHER_OUTCOMES,
    SATISFIED_LATE_SHARE,
    UPHOLD_WEIGHT,
    VOLUME_BY_TYPE,
    YEAR_TARGETS,
    ExactCase,
    YearTarget,
)
from annual_review.demo.records import (
    DemoCompliance,
    DemoCouncil,
    DemoDataset,
    DemoDecision,
    DemoRecommendation,
)
from annual_review.demo.texts import contacts_invent, decision_summary, recommendations_choose
from annual_review.years.periods import ReportingPeriod, period_containing, period_parse

UNKNOWN_YEAR = "{label} is not a demonstration year (choose from {years})"


LAST_DAY = period_parse(DEMO_YEARS[-1]).end


EXACT_COUNCILS = frozenset(case.code for case in EXACT_CASES)


def _weighted_sample(
    rng: random.Random, items: Sequence[int], weights: Sequence[float], k: int
) -> set[int]:
    """k distinct items, each drawn with probability proportional to its weight (Efraimidis-Spirakis)."""
    if k <= 0:
        return set()
    if k >= len(items):
        return set(items)
    keyed = ((rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True))
    return {item for _, item in heapq.nlargest(k, keyed)}


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number in proportion to weights, keeping the exact total."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    short = total - sum(counts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[:short]:
        counts[i] += 1
    return counts


@dataclass(frozen=True)
class CouncilTraits:
    """A council's lasting character: busier or quieter, upholds more or less, remedies early."""

    volume: float
    uphold: float
    remedy: float


def _traits(seed: int, council: DemoCouncil) -> CouncilTraits:
    rng = random.Random(f"{seed}:council:{council.code}")
    remedy = rng.lognormvariate(0.0, 0.5)
    if council.type == "NMD":
        remedy *= 1.3
    return CouncilTraits(
        volume=rng.lognormvariate(0.0, 0.25),
        uphold=rng.lognormvariate(0.0, 0.3),
        remedy=remedy,
    )


def _working_days(period: ReportingPeriod) -> list[date]:
    days = []
    day = period.start
    while day <= period.end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _reference(year: ReportingPeriod, received: date, serial: int) -> str:
    """Like the Ombudsman's "23 012 345": two digits of the year received, then six digits.

    The six digits start from a block for the decision year, so that decisions of different
    years received in the same calendar year never share a reference.
    """
    number = (year.first_year % 6) * 150_000 + serial
    return f"{received.year % 100:02d} {number // 1000:03d} {number % 1000:03d}"


def _year_generate(
    *, seed: int, label: str, councils: Sequence[DemoCouncil], traits: dict[str, CouncilTraits]
) -> DemoDataset:
    """One reporting year for every council that existed in it, calibrated to that year's
    national figures."""
    target = YEAR_TARGETS[label]
    period = period_parse(label)
    councils = [c for c in councils if c.existed_in(period)]
    rng = random.Random(f"{seed}:{label}")
    days = _working_days(period)
    exact = {case.code: case for case in EXACT_CASES if case.year == label}

    weights = [
        c.population
        * VOLUME_BY_TYPE.get(c.type, 1.0)
        * traits[c.code].volume
        * rng.lognormvariate(0.0, 0.1)
        for c in councils
    ]
    counts = _largest_remainder(target.decisions, weights)
    decisions: list[DemoDecision] = []
    for council, count in zip(councils, counts, strict=True):
        case = exact.get(council.code)
        if case is not None:
            count = max(count, case.upheld + case.not_upheld)
        mix = CATEGORY_MIX.get(council.type, CATEGORY_MIX["UA"])
        categories = rng.choices(list(mix), weights=list(mix.values()), k=count)
        for index, category in enumerate(categories):
            day = rng.choice(days)
            if not (council.start is None or council.start <= day) or not (
                council.end is None or day < council.end
            ):
                # A council that began or ended during the year: its part of the year only.
                day = max(council.start or day, min(day, (council.end or day) - timedelta(1)))
            decision = DemoDecision(council=council, category=category.value, decision_date=day)
            if case is not None and index < case.upheld + case.not_upheld:
                decision.exact = True
                decision.outcome = Outcome.UPHELD if index < case.upheld else Outcome.NOT_UPHELD
                decision.satisfactory_remedy = index < case.satisfactory_remedies
            decisions.append(decision)

    exact_investigations = sum(c.upheld + c.not_upheld for c in exact.values())
    exact_upheld = sum(c.upheld for c in exact.values())
    exact_remedies = sum(c.satisfactory_remedies for c in exact.values())
    upheld_total = round(target.investigations * target.uphold_rate)

    # A letter-exact council-year has only its exact investigations; its other decisions take
    # the outcomes of complaints that were not investigated.
    pool = [i for i, d in enumerate(decisions) if d.council.code not in exact]
    investigated = _weighted_sample(
        rng,
        pool,
        [INVESTIGATION_WEIGHT[Category(decisions[i].category)] for i in pool],
        target.investigations - exact_investigations,
    )
    ordered = sorted(investigated)
    upheld = _weighted_sample(
        rng,
        ordered,
        [
            UPHOLD_WEIGHT[Category(decisions[i].category)]
            * traits[decisions[i].council.code].uphold
            for i in ordered
        ],
        upheld_total - exact_upheld,
    )
    upheld_ordered = sorted(upheld)
    remedied = _weighted_sample(
        rng,
        upheld_ordered,
        [traits[decisions[i].council.code].remedy for i in upheld_ordered],
        round(upheld_total * target.satisfactory_remedy_rate) - exact_remedies,
    )
    reportable = [i for i in upheld_ordered if i not in remedied]
    reported = _weighted_sample(
        rng,
        reportable,
        [UPHOLD_WEIGHT[Category(decisions[i].category)] for i in reportable],
        rng.randint(*target.public_reports),
    )
    others = list(OTHER_OUTCOMES)
    other_weights = list(OTHER_OUTCOMES.values())
    for i, decision in enumerate(decisions):
        if decision.exact:
            continue
        if i in upheld:
            decision.outcome = Outcome.UPHELD
            decision.satisfactory_remedy = i in remedied
            decision.public_report = i in reported
        elif i in investigated:
            decision.outcome = Outcome.NOT_UPHELD
        else:
            decision.outcome = rng.choices(others, weights=other_weights)[0]

    for decision in decisions:
        low, high = DAYS_TO_DECIDE[Outcome(decision.outcome)]
        decision.received_date = decision.decision_date - timedelta(days=rng.randint(low, high))
    # Serial numbers follow the order complaints were received, as a case system would issue them.
    decisions.sort(key=lambda d: (d.received_date, d.council.code, d.decision_date, d.category))
    serial = 0
    for decision in decisions:
        serial += rng.randint(1, 6)
        assert decision.received_date is not None
        decision.reference = _reference(period, decision.received_date, serial)

    dataset = DemoDataset(decisions=decisions)
    for decision in decisions:
        remedies: list[tuple[str, int | None]] = []
        if decision.outcome == Outcome.UPHELD and not decision.satisfactory_remedy:
            for kind, description, amount, due_in in recommendations_choose(
                rng=rng, decision=decision
            ):
                dataset.recommendations.append(
                    DemoRecommendation(
                        reference=decision.reference,
                        kind=kind,
                        description=description,
                        due_date=decision.decision_date + timedelta(days=due_in),
                        amount=amount,
                    )
                )
                remedies.append((kind, amount))
            _compliance_add(rng, dataset, decision, exact.get(decision.council.code), target)
        decision.summary = decision_summary(rng=rng, decision=decision, remedies=remedies)
    return dataset


def _compliance_add(
    rng: random.Random,
    dataset: DemoDataset,
    decision: DemoDecision,
    case: ExactCase | None,
    target: YearTarget,
) -> None:
    """Record whether the council did what was recommended, some weeks after the decision."""
    recorded = rng.random() < COMPLIANCE_RECORDED
    late = rng.random()
    failed = rng.random() > target.compliance_rate
    day = decision.decision_date + timedelta(days=rng.randint(*DAYS_TO_COMPLY))
    if decision.exact and case is not None:
        recorded, failed, late = True, False, 1.0
    if not recorded:
        return
    if decision.council.code in EXACT_COUNCILS:
        # A letter-exact council's compliance outcomes stay in the year of their decision, so
        # the exact year counts only its own.
        day = min(day, period_containing(decision.decision_date).end)
    day = min(day, LAST_DAY)
    if failed:
        result = ComplianceOutcome.Result.NOT_SATISFIED
    elif late < SATISFIED_LATE_SHARE:
        result = ComplianceOutcome.Result.SATISFIED_LATE
    else:
        result = ComplianceOutcome.Result.SATISFIED
    dataset.compliance.append(
        DemoCompliance(reference=decision.reference, outcome_date=day, outcome=result)
    )


def dataset_generate(
    *,
    councils: Sequence[DemoCouncil],
    years: Iterable[str] = DEMO_YEARS,
    only: Iterable[str] | None = None,
    seed: int = DEMO_SEED,
) -> DemoDataset:
    """The demonstration records for the years asked, for every council or only the codes given.

    `councils` is the whole register (the calibration spreads national totals over all of it);
    `only` keeps the records of some councils, exactly as they are in the full dataset.
    """
    ordered = sorted(councils, key=lambda c: c.code)
    traits = {c.code: _traits(seed, c) for c in ordered}
    kept = set(only) if only is not None else {c.code for c in ordered}
    dataset = DemoDataset()
    for label in years:
        if label not in YEAR_TARGETS:
            raise ValueError(UNKNOWN_YEAR.format(label=label, years=", ".join(DEMO_YEARS)))
        year = _year_generate(seed=seed, label=label, councils=ordered, traits=traits)
        references = set()
        for decision in year.decisions:
            if decision.council.code in kept:
                dataset.decisions.append(decision)
                references.add(decision.reference)
        dataset.recommendations += [r for r in year.recommendations if r.reference in references]
        dataset.compliance += [c for c in year.compliance if c.reference in references]
    for council in ordered:
        if council.code in kept:
            dataset.contacts += contacts_invent(seed=seed, council=council)
    return dataset
