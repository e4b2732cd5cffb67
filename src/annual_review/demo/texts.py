"""The words of the generated records, from `phrases` (the project's own): a decision's summary,
the recommendations made on an upheld one, and each council's four fictional contacts."""

import random

from annual_review.casework.models import Category, Recommendation
from annual_review.demo import phrases
from annual_review.demo.records import DemoCouncil, DemoDecision


def decision_summary(
    *, rng: random.Random, decision: DemoDecision, remedies: list[tuple[str, int | None]]
) -> str:
    """A decision's public summary: who complained of what, the finding, what was agreed."""
    who, pos = rng.choice(phrases.COMPLAINANTS)
    about = rng.choice(phrases.COMPLAINTS[Category(decision.category)]).format(pos=pos)
    sentences = [f"{who} complained that the Council {about}."]
    if decision.satisfactory_remedy:
        finding = rng.choice(phrases.REMEDY_FINDINGS)
    else:
        finding = rng.choice(phrases.OUTCOME_FINDINGS[decision.outcome])
    sentences.append(finding.format(who=who))
    if remedies:
        clauses = [
            phrases.REMEDY_CLAUSES[kind].format(who=who, amount=f"{amount or 0:,}")
            for kind, amount in remedies
        ]
        joined = (
            clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]
        )
        sentences.append(f"The Council has agreed to {joined}.")
    return " ".join(sentences)


def recommendations_choose(
    *, rng: random.Random, decision: DemoDecision
) -> list[tuple[str, str, int | None, int]]:
    """(kind, description, amount, days until due) for an upheld decision."""
    K = Recommendation.Kind
    chosen: list[tuple[str, str, int | None, int]] = []
    if rng.random() < 0.85:
        chosen.append((K.APOLOGY, rng.choice(phrases.APOLOGIES), None, 28))
    if rng.random() < 0.55:
        sums = phrases.FINANCIAL_REMEDIES + phrases.SERVICE_FINANCIAL_REMEDIES.get(
            Category(decision.category), ()
        )
        text, low, high = rng.choice(sums)
        amount = rng.randint(low // 10, high // 10) * 10
        chosen.append((K.FINANCIAL_REMEDY, text.format(amount=f"{amount:,}"), amount, 28))
    if rng.random() < 0.35:
        improvements = phrases.SERVICE_IMPROVEMENTS[Category(decision.category)]
        chosen.append((K.SERVICE_IMPROVEMENT, rng.choice(improvements), None, 90))
    if rng.random() < 0.2:
        chosen.append((K.PROCEDURE_CHANGE, rng.choice(phrases.PROCEDURE_CHANGES), None, 90))
    if rng.random() < 0.15:
        chosen.append((K.TRAINING, rng.choice(phrases.TRAININGS), None, 60))
    if not chosen:
        chosen.append((K.APOLOGY, rng.choice(phrases.APOLOGIES), None, 28))
    return chosen


def contacts_invent(*, seed: int, council: DemoCouncil) -> list[tuple[str, ...]]:
    """Four fictional people per council, with example.org addresses."""
    rng = random.Random(f"{seed}:contacts:{council.code}")
    rows: list[tuple[str, ...]] = []
    for role, titles in phrases.CONTACT_ROLES:
        first = rng.choice(phrases.FIRST_NAMES)
        last = rng.choice(phrases.SURNAME_STARTS) + rng.choice(phrases.SURNAME_ENDS)
        councillor = role in ("leader", "scrutiny_chair")
        honorific = "Cllr" if councillor else rng.choice(phrases.HONORIFICS)
        email = f"{first}.{last}.{council.code}@example.org".lower()
        rows.append((council.name, role, honorific, first, last, rng.choice(titles), email))
    return rows
