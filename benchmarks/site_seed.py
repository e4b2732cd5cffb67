"""Fill a scratch database with generated casework so the public site can be looked at and timed.

Use `annual-review demo --no-serve` where it exists; this script is for a bare database:

    ANNUAL_REVIEW_DATA_DIR=/tmp/site annual-review setup
    ANNUAL_REVIEW_DATA_DIR=/tmp/site .venv/bin/python -P benchmarks/site_seed.py --years 2021 2022 2023

Every decision, summary and figure it writes is random: the database is labelled as demo data.
"""

import argparse
import os
import random
from datetime import UTC, date, datetime, timedelta

SUBJECTS = [
    "housing repairs",
    "a homelessness application",
    "council tax arrears",
    "a planning application",
    "bin collections",
    "a special educational needs assessment",
    "adult social care charges",
    "a parking penalty",
    "noise nuisance",
    "a school admission appeal",
    "disabled facilities grant",
    "highway maintenance",
    "a housing benefit overpayment",
    "anti-social behaviour",
]
FAULTS = [
    "The council delayed its response",
    "The council failed to keep proper records",
    "The council did not follow its own policy",
    "The council communicated poorly",
    "We found no fault in how the council acted",
    "The council took too long to decide",
]
REMEDIES = [
    "apologise and pay a sum to recognise the distress caused",
    "review its procedures and train its staff",
    "reconsider the application without delay",
    "refund the charges paid in error",
]


def seed(*, years: list[int], per_council: int, rng: random.Random) -> int:
    from annual_review.casework.models import (
        Category,
        ComplianceOutcome,
        DatasetLabel,
        Decision,
        Recommendation,
    )
    from annual_review.register.models import Organisation, Population
    from annual_review.years.models import ReportingYear

    organisations = list(Organisation.objects.filter(in_register=True).values_list("id", flat=True))
    Population.objects.bulk_create(
        [
            Population(organisation_id=o, year=2020, population=rng.randint(25_000, 1_100_000))
            for o in organisations
        ],
        ignore_conflicts=True,
    )
    outcomes = [
        ("upheld", 40),
        ("not_upheld", 15),
        ("closed_after_initial_enquiries", 25),
        ("referred_back_for_local_resolution", 12),
        ("advice_given", 4),
        ("incomplete_or_invalid", 4),
    ]
    decisions = []
    serial = Decision.objects.count()
    for year in years:
        start = date(year, 4, 1)
        for org in organisations:
            bias = rng.uniform(0.5, 1.5)
            for _ in range(max(0, int(rng.gauss(per_council * bias, per_council / 3)))):
                serial += 1
                outcome = rng.choices([o for o, _ in outcomes], [w for _, w in outcomes])[0]
                decided = start + timedelta(days=rng.randrange(365))
                subject = rng.choice(SUBJECTS)
                summary = f"Mrs X complained about {subject}. {rng.choice(FAULTS)}."
                if outcome == "upheld":
                    summary += f" The council agreed to {rng.choice(REMEDIES)}."
                decisions.append(
                    Decision(
                        reference=f"{year % 100:02d}{serial:06d}",
                        organisation_id=org,
                        decision_date=decided,
                        received_date=decided - timedelta(days=rng.randrange(30, 300)),
                        category=rng.choice(Category.values),
                        outcome=outcome,
                        satisfactory_remedy=outcome == "upheld" and rng.random() < 0.15,
                        public_report=outcome == "upheld" and rng.random() < 0.01,
                        summary=summary,
                    )
                )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    upheld = list(
        Decision.objects.filter(outcome="upheld", compliance__isnull=True).values_list(
            "id", "decision_date"
        )
    )
    compliance, recommendations = [], []
    for pk, decided in upheld:
        if rng.random() < 0.8:
            compliance.append(
                ComplianceOutcome(
                    decision_id=pk,
                    outcome_date=decided + timedelta(days=rng.randrange(20, 90)),
                    outcome=rng.choices(
                        ["satisfied", "satisfied_late", "not_satisfied"], [85, 12, 3]
                    )[0],
                )
            )
        if rng.random() < 0.3:
            recommendations.append(
                Recommendation(
                    decision_id=pk,
                    kind="service_improvement",
                    description=f"The council will {rng.choice(REMEDIES[1:])}.",
                    due_date=decided + timedelta(days=90),
                )
            )
    ComplianceOutcome.objects.bulk_create(compliance, batch_size=2000)
    Recommendation.objects.bulk_create(recommendations, batch_size=2000, ignore_conflicts=True)
    for year in years:
        ReportingYear.objects.update_or_create(
            first_year=year,
            defaults={
                "label": f"{year}-{(year + 1) % 100:02d}",
                "publish_at": datetime(year + 1, 7, 1, tzinfo=UTC),
            },
        )
    DatasetLabel.objects.update_or_create(
        id=1, defaults={"kind": "demo", "note": "Generated by benchmarks/site_seed.py."}
    )
    return len(decisions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[2021, 2022, 2023])
    parser.add_argument("--per-council", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annual_review.settings")
    import django

    django.setup()
    written = seed(years=args.years, per_council=args.per_council, rng=random.Random(args.seed))
    print(f"{written} decisions written")


if __name__ == "__main__":
    main()
